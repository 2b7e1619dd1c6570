// Loading of the romanize tables and the word-level API (segment, is_surname, key_of …).
#include <algorithm>
#include <cstdlib>

#include "lattice.h"
#include "names_internal.h"
#include "shilu/text.h"

namespace shilu::romanize {

using namespace detail;

std::string_view to_string(Romanization r) {
  switch (r) {
    case Romanization::kPinyin: return "pinyin";
    case Romanization::kTonePinyin: return "tone_pinyin";
    case Romanization::kWadeGiles: return "wade_giles";
    case Romanization::kWadeGilesAscii: return "wade_giles_ascii";
    case Romanization::kIrregular: return "irregular";
    case Romanization::kUnknown: return "unknown";
  }
  return "unknown";
}

Engine::Engine(std::unique_ptr<Impl> p) : impl_(std::move(p)) {}
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;
Engine::~Engine() = default;

namespace {

float form_cost(std::string_view form) {
  if (form == "giles" || form == "standard") return 0.f;
  if (form == "ascii_no_umlaut") return 0.05f;
  if (form == "giles_alt") return 0.2f;
  if (form == "no_apostrophe") return 0.3f;
  if (form == "no_apostrophe_no_umlaut") return 0.35f;
  if (form == "variant") return 0.3f;
  if (form == "variant_nonstandard") return 0.6f;
  if (form == "old_giles") return 1.5f;
  return 0.5f;
}

float rarity(const Syllable& s) {
  if (!s.core) return 2.0f;
  if (s.chars < 3) return 0.8f;
  if (s.chars < 10) return 0.2f;
  return 0.f;
}

std::string ascii_of(std::string_view py) {
  std::string out;
  for (std::size_t i = 0; i < py.size(); ++i) {
    if (static_cast<unsigned char>(py[i]) == 0xC3 && i + 1 < py.size() &&
        static_cast<unsigned char>(py[i + 1]) == 0xBC) {
      out += 'u';
      ++i;
    } else if (static_cast<unsigned char>(py[i]) == 0xC3 && i + 1 < py.size() &&
               static_cast<unsigned char>(py[i + 1]) == 0xAA) {
      out += 'e';  // ê
      ++i;
    } else {
      out += py[i];
    }
  }
  return out;
}

Error format_error(const TsvTable& t, const TsvRow& r, std::string msg) {
  return make_error(ErrorCode::kFormat, std::move(msg), t.path, r.line);
}

}  // namespace

Result<Engine> Engine::load(const std::filesystem::path& resources_root) {
  auto I = std::make_unique<Impl>();
  const auto dir = resources_root / "romanize";

  // ---- marks: apostrophe and hyphen look-alikes
  {
    auto t = read_tsv(dir / "marks.tsv", {"kind", "codepoint"});
    if (!t) return t.error();
    for (const auto& r : t->rows) {
      std::string_view cp = t->cell(r, "codepoint");
      if (cp.size() < 3 || cp.substr(0, 2) != "U+") return format_error(*t, r, "codepoint must look like U+2019");
      char32_t c = static_cast<char32_t>(std::strtoul(std::string(cp.substr(2)).c_str(), nullptr, 16));
      std::string_view kind = t->cell(r, "kind");
      if (kind == "apostrophe") I->apostrophes.push_back(c);
      else if (kind == "hyphen") I->hyphens.push_back(c);
      else return format_error(*t, r, "kind must be apostrophe or hyphen");
    }
  }
  // ---- syllable inventory
  {
    auto t = read_tsv(dir / "syllables.tsv", {"syllable", "status", "chars"});
    if (!t) return t.error();
    for (const auto& r : t->rows) {
      Syllable s;
      s.py = std::string(t->cell(r, "syllable"));
      if (s.py.empty()) return format_error(*t, r, "empty syllable");
      s.ascii = ascii_of(s.py);
      s.core = t->cell(r, "status") == "core";
      s.chars = std::atoi(std::string(t->cell(r, "chars")).c_str());
      s.vowel_initial = s.py[0] == 'a' || s.py[0] == 'o' || s.py[0] == 'e';
      if (I->syl_index.count(s.py)) return format_error(*t, r, "duplicate syllable " + s.py);
      I->syl_index.emplace(s.py, static_cast<std::uint16_t>(I->syls.size()));
      I->syls.push_back(std::move(s));
    }
  }
  auto syl_id = [&](std::string_view py) -> int {
    auto it = I->syl_index.find(py);
    return it == I->syl_index.end() ? -1 : it->second;
  };
  std::vector<std::vector<Edge>> pending;
  // ---- pinyin trie: core syllables + ü spelling variants
  for (std::size_t id = 0; id < I->syls.size(); ++id) {
    const Syllable& s = I->syls[id];
    if (!s.core) continue;
    WordSyms w;
    if (!to_syms(*I, s.py, w)) continue;
    Edge e;
    e.syl = static_cast<std::uint16_t>(id);
    e.cost = 1.0f + rarity(s);
    e.vowel_initial = s.vowel_initial;
    trie_insert(I->py, w.s, w.n, e, pending);
  }
  {
    auto t = read_tsv(dir / "umlaut.tsv", {"variant", "pinyin"});
    if (!t) return t.error();
    for (const auto& r : t->rows) {
      int id = syl_id(t->cell(r, "pinyin"));
      if (id < 0) return format_error(*t, r, "unknown pinyin syllable " + std::string(t->cell(r, "pinyin")));
      WordSyms w;
      if (!to_syms(*I, t->cell(r, "variant"), w) || w.nparts != 1)
        return format_error(*t, r, "bad variant spelling");
      Edge e;
      e.syl = static_cast<std::uint16_t>(id);
      e.cost = 1.1f + rarity(I->syls[id]);
      e.vowel_initial = I->syls[id].vowel_initial;
      trie_insert(I->py, w.s, w.n, e, pending);
    }
  }
  trie_finish(I->py, pending);
  pending.clear();
  // ---- Wade-Giles trie
  {
    auto t = read_tsv(dir / "wadegiles.tsv", {"wg", "pinyin", "form_type", "default"});
    if (!t) return t.error();
    struct Group {
      std::vector<std::uint16_t> cands;
      float cost = 0.f;
      int line = 0;
    };
    std::vector<std::pair<std::string, Group>> groups;
    SvMap<std::size_t> where;
    for (const auto& r : t->rows) {
      std::string wg(t->cell(r, "wg"));
      int id = syl_id(t->cell(r, "pinyin"));
      if (id < 0) return format_error(*t, r, "unknown pinyin syllable " + std::string(t->cell(r, "pinyin")));
      auto it = where.find(wg);
      if (it == where.end()) {
        it = where.emplace(wg, groups.size()).first;
        groups.push_back({wg, Group{}});
        groups.back().second.line = r.line;
        groups.back().second.cost = 9.f;
      }
      Group& g = groups[it->second].second;
      bool dflt = t->cell(r, "default") == "1";
      auto u = static_cast<std::uint16_t>(id);
      if (std::find(g.cands.begin(), g.cands.end(), u) != g.cands.end()) continue;
      if (dflt) {
        g.cands.insert(g.cands.begin(), u);
        g.cost = form_cost(t->cell(r, "form_type"));
      } else {
        g.cands.push_back(u);
        if (g.cost == 9.f) g.cost = form_cost(t->cell(r, "form_type"));
      }
    }
    for (auto& [wg, g] : groups) {
      WordSyms w;
      if (!to_syms(*I, wg, w) || w.nparts != 1)
        return make_error(ErrorCode::kFormat, "bad Wade-Giles spelling '" + wg + "'", t->path, g.line);
      // Rare readings go after the core ones.
      std::stable_partition(g.cands.begin() + 1, g.cands.end(),
                            [&](std::uint16_t c) { return I->syls[c].core; });
      Edge e;
      e.syl = g.cands[0];
      e.cand_begin = static_cast<std::uint32_t>(I->cands.size());
      e.ncand = static_cast<std::uint8_t>(std::min<std::size_t>(g.cands.size(), 8));
      I->cands.insert(I->cands.end(), g.cands.begin(), g.cands.begin() + e.ncand);
      e.cost = 1.0f + g.cost + rarity(I->syls[g.cands[0]]);
      e.aspirate = wg.find('\'') != std::string::npos;
      char c0 = wg[0];
      e.vowel_initial = c0 == 'a' || c0 == 'e' || c0 == 'i' || c0 == 'o' || c0 == 'u' ||
                        static_cast<unsigned char>(c0) >= 0x80;
      trie_insert(I->wg, w.s, w.n, e, pending);
    }
  }
  trie_finish(I->wg, pending);
  // ---- name words
  {
    auto t = read_tsv(dir / "name_words.tsv", {"word", "role", "reason"});
    if (!t) return t.error();
    for (const auto& r : t->rows) {
      NameWord nw;
      std::string_view role = t->cell(r, "role");
      if (role == "suffix") {
        int id = syl_id(t->cell(r, "word"));
        if (id < 0) return format_error(*t, r, "suffix must be a pinyin syllable");
        I->temple_suffix.push_back(static_cast<std::uint16_t>(id));
        continue;
      }
      if (role != "title" && role != "nonperson")
        return format_error(*t, r, "role must be title, nonperson or suffix");
      nw.title = role == "title";
      nw.reason = std::string(t->cell(r, "reason"));
      I->words.emplace(std::string(t->cell(r, "word")), std::move(nw));
    }
  }
  // ---- surnames
  {
    auto t = read_tsv(dir / "surnames.tsv", {"canonical", "syllables", "kind", "group", "common", "cross"});
    if (!t) return t.error();
    std::vector<std::pair<std::string, std::uint32_t>> variant_keys;
    for (const auto& r : t->rows) {
      Surname s;
      s.canonical = std::string(t->cell(r, "canonical"));
      std::string ascii;
      for (auto part : split(t->cell(r, "syllables"), ' ')) {
        if (part.empty()) continue;
        int id = syl_id(part);
        if (id < 0) return format_error(*t, r, "unknown syllable '" + std::string(part) + "'");
        s.syls.push_back(static_cast<std::uint16_t>(id));
        if (!ascii.empty() && I->syls[id].vowel_initial) ascii += '\'';
        ascii += I->syls[id].ascii;
      }
      if (s.syls.empty() || s.canonical.empty()) return format_error(*t, r, "empty surname");
      s.kind = std::string(t->cell(r, "kind"));
      s.group = std::string(t->cell(r, "group"));
      s.common = t->cell(r, "common") == "1";
      s.cross = t->cell(r, "cross") == "1";
      auto idx = static_cast<std::uint32_t>(I->surnames.size());
      I->surname_by_ascii[ascii].push_back(idx);
      for (auto v : split(t->cell(r, "variants"), '|')) {
        v = trim(v);
        if (!v.empty()) variant_keys.emplace_back(std::string(v), idx);
      }
      I->surnames.push_back(std::move(s));
    }
    // Variant spellings (Wan-yen, Yeh-lü, Tushan): keyed by their own reading.
    for (auto& [v, idx] : variant_keys) {
      std::string k;
      if (!compact_ascii(*I, v, k)) continue;
      auto& lst = I->surname_by_ascii[k];
      if (std::find(lst.begin(), lst.end(), idx) == lst.end()) lst.push_back(idx);
    }
    for (auto& [k, lst] : I->surname_by_ascii) {
      std::stable_sort(lst.begin(), lst.end(), [&](std::uint32_t a, std::uint32_t b) {
        return I->surnames[a].common > I->surnames[b].common;
      });
    }
  }
  return Engine(std::move(I));
}

// ---------------------------------------------------------------- word-level API

std::vector<std::vector<std::string>> Engine::segment(std::string_view word, std::size_t max_results) const {
  std::vector<std::vector<std::string>> out;
  if (max_results == 0) return out;
  WordSyms w;
  if (!to_syms(*impl_, trim(word), w)) return out;
  auto add = [&](std::vector<std::string> v) {
    if (v.empty() || out.size() >= max_results) return;
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
  };
  const System order[2] = {System::kPinyin, System::kWg};
  bool pinyin_first = !(w.wg_mark || (w.hyphen_lower && !w.tone));
  for (int oi = 0; oi < 2; ++oi) {
    System sys = order[pinyin_first ? oi : 1 - oi];
    if (w.nparts == 1) {
      PartPath paths[kMaxK];
      int k = segment_part(*impl_, sys, w.s, w.n, static_cast<int>(std::min<std::size_t>(max_results, kMaxK)), paths);
      for (int i = 0; i < k; ++i) {
        if (i > 0 && paths[i].cost > paths[0].cost + 2.0f) break;
        std::vector<std::string> v;
        for (int q = 0; q < paths[i].n; ++q) v.push_back(impl_->syls[paths[i].e[q]->syl].py);
        add(std::move(v));
      }
    } else {
      WordParse p;
      if (parse_word(*impl_, sys, w, p)) {
        std::vector<std::string> v;
        for (int q = 0; q < p.n; ++q) v.push_back(impl_->syls[p.e[q]->syl].py);
        add(std::move(v));
      }
    }
    if (!out.empty() && oi == 0 && w.tone) break;
  }
  return out;
}

bool Engine::is_romanized_chinese(std::string_view word) const {
  word = trim(word);
  if (word.empty()) return false;
  std::size_t i = 0;
  while (i < word.size()) {
    std::size_t j = word.find(' ', i);
    if (j == std::string_view::npos) j = word.size();
    std::string_view part = word.substr(i, j - i);
    if (!part.empty()) {
      WordSyms w;
      if (!to_syms(*impl_, part, w)) return false;
      WordParse p;
      if (!parse_word(*impl_, System::kPinyin, w, p) && !parse_word(*impl_, System::kWg, w, p)) return false;
    }
    i = j + 1;
  }
  return true;
}

bool Engine::is_surname(std::string_view word) const {
  return find_surname(*impl_, trim(word)) != nullptr;
}

std::string Engine::canonical_surname(std::string_view word) const {
  const Surname* s = find_surname(*impl_, trim(word));
  return s ? s->canonical : std::string();
}

std::string Engine::key_of(std::string_view s) const {
  std::string out;
  key_into(*impl_, s, out);
  return out;
}

}  // namespace shilu::romanize
