// Loads the word tables of corpus/resources/quantities/ (see the headers of each file).
#include "lexicon.h"

#include <algorithm>

#include "shilu/text.h"

namespace shilu::quantities::detail {
namespace {

int word_count(std::string_view key) {
  int n = 1;
  for (char c : key)
    if (c == ' ') ++n;
  return n;
}

template <class T>
Status put(PhraseTable<T>& table, const TsvTable& t, const TsvRow& row, T value) {
  std::string key = text::fold(t.cell(row, "phrase"));
  if (key.empty()) return make_error(ErrorCode::kFormat, "empty phrase", t.path, row.line);
  if (table.map.contains(key)) return make_error(ErrorCode::kFormat, "duplicate phrase '" + key + "'", t.path, row.line);
  table.max_words = std::max(table.max_words, word_count(key));
  table.add_affixes(key);
  table.map.insert(key, std::move(value));
  return ok_status();
}

bool valid_role(std::string_view r) {
  return r == "strength" || r == "reinforcement" || r == "garrison" || r == "casualties" || r == "wounded" ||
         r == "captured" || r == "survivors" || r == "civilians";
}
bool valid_qualifier(std::string_view q) {
  return q == "exact" || q == "approx" || q == "more_than" || q == "less_than" || q == "at_least" || q == "at_most";
}

}  // namespace

Result<Lexicon> Lexicon::load(const std::filesystem::path& dir) {
  Lexicon lx;
  {
    auto t = read_tsv(dir / "nouns.tsv", {"phrase", "class", "unit", "role"});
    if (!t) return t.error();
    for (const auto& row : t->rows) {
      NounInfo n;
      std::string_view c = t->cell(row, "class");
      if (c == "military") n.cls = NounClass::kMilitary;
      else if (c == "people") n.cls = NounClass::kPeople;
      else if (c == "force") n.cls = NounClass::kForce;
      else if (c == "quantity") n.cls = NounClass::kQuantity;
      else if (c == "nontroop") n.cls = NounClass::kNonTroop;
      else if (c == "function") n.cls = NounClass::kFunction;
      else if (c == "officer") n.cls = NounClass::kOfficer;
      else return make_error(ErrorCode::kFormat, "unknown class '" + std::string(c) + "'", t->path, row.line);
      n.unit = std::string(t->cell(row, "unit"));
      n.role = std::string(t->cell(row, "role"));
      n.min_count = n.cls == NounClass::kPeople ? 10 : 2;
      if (std::string_view mn = t->cell(row, "min"); !mn.empty()) {
        n.min_count = 0;
        for (char ch : mn) {
          if (ch < '0' || ch > '9') return make_error(ErrorCode::kFormat, "bad min '" + std::string(mn) + "'", t->path, row.line);
          n.min_count = n.min_count * 10 + (ch - '0');
        }
      }
      if (!n.role.empty() && !valid_role(n.role))
        return make_error(ErrorCode::kFormat, "unknown role '" + n.role + "'", t->path, row.line);
      if (auto s = put(lx.nouns, *t, row, std::move(n)); !s) return s.error();
    }
  }
  {
    auto t = read_tsv(dir / "qualifiers.tsv", {"phrase", "qualifier", "position"});
    if (!t) return t.error();
    for (const auto& row : t->rows) {
      std::string_view p = t->cell(row, "position");
      int pos = p == "pre" ? 0 : p == "post" ? 1 : p == "link" ? 2 : p == "hearsay" ? 3 : -1;
      if (pos < 0) return make_error(ErrorCode::kFormat, "unknown position '" + std::string(p) + "'", t->path, row.line);
      QualInfo q{std::string(t->cell(row, "qualifier"))};
      if (!valid_qualifier(q.qualifier))
        return make_error(ErrorCode::kFormat, "unknown qualifier '" + q.qualifier + "'", t->path, row.line);
      if (auto s = put(lx.quals[pos], *t, row, std::move(q)); !s) return s.error();
    }
  }
  {
    auto t = read_tsv(dir / "roles.tsv", {"phrase", "role", "scope"});
    if (!t) return t.error();
    for (const auto& row : t->rows) {
      std::string_view sc = t->cell(row, "scope");
      int scope = sc == "pre" ? 0 : sc == "object" ? 1 : sc == "after" ? 2 : sc == "head" ? 3 : sc == "clause" ? 4 : -1;
      if (scope < 0) return make_error(ErrorCode::kFormat, "unknown scope '" + std::string(sc) + "'", t->path, row.line);
      RoleInfo r{std::string(t->cell(row, "role"))};
      if (!valid_role(r.role)) return make_error(ErrorCode::kFormat, "unknown role '" + r.role + "'", t->path, row.line);
      if (auto s = put(lx.roles[scope], *t, row, std::move(r)); !s) return s.error();
    }
  }
  for (const char* f : {"polities.tsv", "sides.tsv"}) {
    auto t = read_tsv(dir / f, {"phrase", "side"});
    if (!t) return t.error();
    for (const auto& row : t->rows) {
      std::string key = text::fold(t->cell(row, "phrase"));
      if (key.empty()) return make_error(ErrorCode::kFormat, "empty phrase", t->path, row.line);
      // sides.tsv may repeat a polity word; the generated table wins (checked by the generator).
      if (lx.sides.map.contains(key)) continue;
      lx.sides.max_words = std::max(lx.sides.max_words, word_count(key));
      lx.sides.add_affixes(key);
      lx.sides.map.insert(key, std::string(t->cell(row, "side")));
    }
  }
  {
    auto t = read_tsv(dir / "figurative.tsv", {"phrase", "position"});
    if (!t) return t.error();
    for (const auto& row : t->rows) {
      std::string_view pos = t->cell(row, "position");
      if (pos != "after" && pos != "before")
        return make_error(ErrorCode::kFormat, "unknown position '" + std::string(pos) + "'", t->path, row.line);
      if (auto s = put(pos == "after" ? lx.figurative : lx.figurative_before, *t, row, std::uint8_t{1}); !s) return s.error();
    }
  }
  {
    auto t = read_tsv(dir / "regime_sides.tsv", {"regime", "side"});
    if (!t) return t.error();
    for (const auto& row : t->rows)
      lx.regime_sides.emplace(std::string(t->cell(row, "regime")), std::string(t->cell(row, "side")));
  }
  {
    auto t = read_tsv(dir / "leader_words.tsv", {"word"});
    if (!t) return t.error();
    for (const auto& row : t->rows) lx.leader_words.insert(text::fold(t->cell(row, "word")));
  }
  {
    auto t = read_tsv(dir / "object_markers.tsv", {"phrase"});
    if (!t) return t.error();
    for (const auto& row : t->rows) lx.object_markers[text::fold(t->cell(row, "phrase"))] = 1;
  }
  return lx;
}

}  // namespace shilu::quantities::detail
