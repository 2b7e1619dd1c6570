// Loading of corpus/resources/names/*.tsv.
#include "lexicon.h"

#include <algorithm>
#include <charconv>

#include "shilu/text.h"

namespace shilu::names::detail {

std::string compact(std::string_view s) { return text::fold_compact(s); }

std::string key_of_name(std::string_view canonical) {
  std::string f = text::fold(canonical);
  std::string out;
  out.reserve(f.size());
  for (char c : f)
    if (c != '\'' && c != '-' && c != '.') out += c;
  return std::string(trim(out));
}

namespace {

std::string first_word(std::string_view s) {
  auto sp = s.find(' ');
  return compact(sp == std::string_view::npos ? s : s.substr(0, sp));
}

int word_count(std::string_view folded) {
  if (folded.empty()) return 0;
  return static_cast<int>(std::count(folded.begin(), folded.end(), ' ')) + 1;
}

int to_int(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

Result<TsvTable> table(const std::filesystem::path& dir, const char* name,
                       std::initializer_list<std::string_view> cols) {
  return read_tsv(dir / name, cols);
}

}  // namespace

Result<Lexicon> load_lexicon(const std::filesystem::path& dir) {
  Lexicon lx;
  // ---------------------------------------------------------------- persons
  auto pt = table(dir, "persons.tsv", {"id", "canonical", "surname", "regime", "temple", "names"});
  if (!pt) return pt.error();
  for (const auto& row : pt->rows) {
    Person p;
    p.id = std::string(pt->cell(row, "id"));
    p.canonical = std::string(pt->cell(row, "canonical"));
    if (p.id.empty() || p.canonical.empty())
      return make_error(ErrorCode::kFormat, "person without id or canonical name", pt->path, row.line);
    p.key = key_of_name(p.canonical);
    p.surname = std::string(pt->cell(row, "surname"));
    if (!p.surname.empty()) {
      if (p.canonical.rfind(p.surname + " ", 0) != 0)
        return make_error(ErrorCode::kFormat, "surname '" + p.surname + "' does not begin canonical '" +
                                                  p.canonical + "'",
                          pt->path, row.line);
      p.given = p.canonical.substr(p.surname.size() + 1);
    }
    p.regime = std::string(pt->cell(row, "regime"));
    p.role = std::string(pt->cell(row, "role"));
    p.temple = std::string(pt->cell(row, "temple"));
    p.born = to_int(pt->cell(row, "born"));
    p.died = to_int(pt->cell(row, "died"));
    p.floruit = to_int(pt->cell(row, "floruit"));
    auto idx = static_cast<std::uint32_t>(lx.persons.size());
    auto add_name = [&](std::string_view n, bool full) {
      std::string c = compact(n);
      if (c.empty()) return;
      lx.first[first_word(text::fold(n))] |= kFirstLexicon;
      lx.first[c] |= kFirstLexicon;  // written run together ("Zhaogou")
      auto& v = lx.names[c];
      for (auto& r : v)
        if (r.person == idx) { r.full = r.full || full; return; }
      v.push_back({idx, full});
    };
    add_name(p.canonical, !p.surname.empty() || compact(p.canonical).size() >= 6);
    for (auto n : split(pt->cell(row, "names"), '|')) {
      n = trim(n);
      if (n.empty()) continue;
      // Multiword alternatives (and hyphenated Wade-Giles forms) are full names.
      bool full = n.find(' ') != std::string_view::npos;
      if (!full && n.find('-') != std::string_view::npos && compact(n) == compact(p.canonical)) full = true;
      add_name(n, full);
      ++p.n_names;
    }
    if (!p.temple.empty()) {
      lx.temples[text::fold(p.temple)].push_back(idx);
      lx.first[compact(p.temple)] |= kFirstTemple;
    }
    if (!p.surname.empty()) lx.surnames[compact(p.surname)] = 1;
    lx.persons.push_back(std::move(p));
  }
  // ---------------------------------------------------------------- polities
  auto po = table(dir, "polities.tsv", {"variant", "canonical", "regime", "kind", "surname_clash"});
  if (!po) return po.error();
  for (const auto& row : po->rows) {
    Polity p{std::string(po->cell(row, "canonical")), std::string(po->cell(row, "regime")),
             std::string(po->cell(row, "kind")), po->cell(row, "surname_clash") == "1", {}};
    p.key = key_of_name(p.canonical);
    std::string v = text::fold(po->cell(row, "variant"));
    if (v.empty() || p.canonical.empty())
      return make_error(ErrorCode::kFormat, "polity without variant or canonical", po->path, row.line);
    lx.polity_max_words = std::max(lx.polity_max_words, word_count(v));
    lx.first[first_word(v)] |= kFirstPolity;
    if (!p.regime.empty() && !lx.regime_name.count(p.regime) && p.kind != "people")
      lx.regime_name[p.regime] = p.canonical;
    lx.polities.insert(v, std::move(p));
  }
  // ---------------------------------------------------------------- titles
  auto tt = table(dir, "titles.tsv", {"title", "kind", "attaches"});
  if (!tt) return tt.error();
  for (const auto& row : tt->rows) {
    Title t;
    t.title = text::fold(tt->cell(row, "title"));
    t.kind = std::string(tt->cell(row, "kind"));
    t.attaches = tt->cell(row, "attaches") == "1";
    t.words = word_count(t.title);
    if (t.title.empty()) return make_error(ErrorCode::kFormat, "empty title", tt->path, row.line);
    lx.title_max_words = std::max(lx.title_max_words, t.words);
    lx.first[first_word(t.title)] |= kFirstTitle;
    lx.titles.insert(t.title, t);
  }
  // ---------------------------------------------------------------- armies
  auto at = table(dir, "armies.tsv", {"name", "canonical", "kind"});
  if (!at) return at.error();
  for (const auto& row : at->rows) {
    std::string n = text::fold(at->cell(row, "name"));
    auto kind = at->cell(row, "kind");
    if (kind == "head") {
      lx.army_heads.insert(n);
      lx.first[compact(n)] |= kArmyHead;
    } else if (kind == "known") {
      lx.army_max_words = std::max(lx.army_max_words, word_count(n));
      lx.first[first_word(n)] |= kFirstArmy;
      lx.known_armies.emplace(n, std::string(at->cell(row, "canonical")));
    } else {
      return make_error(ErrorCode::kFormat, "army kind must be head or known", at->path, row.line);
    }
  }
  // ---------------------------------------------------------------- events
  auto et = table(dir, "events.tsv", {"pattern", "kind", "form"});
  if (!et) return et.error();
  for (const auto& row : et->rows) {
    EventPattern e;
    auto raw = et->cell(row, "pattern");
    e.cap = !raw.empty() && raw[0] >= 'A' && raw[0] <= 'Z';
    e.pattern = text::fold(raw);
    e.kind = std::string(et->cell(row, "kind"));
    e.words = word_count(e.pattern);
    auto form = et->cell(row, "form");
    if (form == "prefix") {
      e.form = EventForm::kPrefix;
      lx.first[first_word(e.pattern)] |= kFirstEventPrefix;
      lx.event_prefix.push_back(e);
    } else if (form == "suffix") {
      e.form = EventForm::kSuffix;
      lx.first[first_word(e.pattern)] |= kEventSuffixWord;
      lx.event_suffix.push_back(e);
    } else if (form == "known") {
      e.form = EventForm::kKnown;
      lx.event_max_words = std::max(lx.event_max_words, e.words);
      // keep the written form for the canonical name
      e.pattern = std::string(et->cell(row, "pattern"));
      lx.first[first_word(text::fold(e.pattern))] |= kFirstEventKnown;
      lx.known_events.emplace(text::fold(e.pattern), e);
    } else {
      return make_error(ErrorCode::kFormat, "event form must be prefix, suffix or known", et->path, row.line);
    }
  }
  // ---------------------------------------------------------------- eras, stopwords
  auto er = table(dir, "era_names.tsv", {"era"});
  if (!er) return er.error();
  for (const auto& row : er->rows) lx.eras[compact(er->cell(row, "era"))] = 1;
  auto sw = table(dir, "stopwords.tsv", {"word"});
  if (!sw) return sw.error();
  for (const auto& row : sw->rows) lx.stopwords[text::fold(sw->cell(row, "word"))] = 1;
  auto np = table(dir, "non_persons.tsv", {"phrase"});
  if (!np) return np.error();
  for (const auto& row : np->rows) lx.non_persons.insert(compact(np->cell(row, "phrase")));
  return lx;
}

}  // namespace shilu::names::detail
