// Gazetteer loading and lookup: historical.tsv + historical_manual.tsv + modern.tsv, the
// generic-word and context-word tables, and the syllable list.
#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "internal.h"

namespace shilu::places {

namespace {
bool dropped_in_compact(char c) { return c == '\'' || c == '-' || c == ' ' || c == '.' || c == '`'; }
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
}  // namespace

void compact_into(std::string_view s, std::string& out) {
  // Short plain ASCII (almost every token): one pass into a stack buffer.
  char buf[64];
  std::size_t n = 0;
  bool fast = s.size() <= sizeof buf;
  for (std::size_t i = 0; fast && i < s.size(); ++i) {
    char c = s[i];
    if (static_cast<unsigned char>(c) >= 0x80) fast = false;
    else if (!dropped_in_compact(c)) buf[n++] = ascii_lower(c);
  }
  if (fast) {
    out.assign(buf, n);
    return;
  }
  bool ascii = true;
  for (unsigned char c : s)
    if (c >= 0x80) { ascii = false; break; }
  std::string folded;
  if (!ascii) {
    folded = text::fold(s);
    s = folded;
  }
  out.clear();
  for (char c : s)
    if (!dropped_in_compact(c)) out += ascii_lower(c);
}

std::string compact(std::string_view s) {
  std::string out;
  compact_into(s, out);
  return out;
}

std::string key_of(std::string_view canonical) {
  std::string f = text::fold(canonical);
  std::string out;
  out.reserve(f.size());
  for (char c : f) out += (c == '-') ? ' ' : c;
  return out;
}

int Gazetteer::Impl::syllable_count(std::string_view w, bool strict) const {
  const std::size_t n = w.size();
  if (n == 0 || n > 40) return 0;
  // best[i] = fewest syllables covering w[0, i); 0 = impossible (except best[0]).
  int best[41];
  best[0] = 0;
  for (std::size_t i = 1; i <= n; ++i) best[i] = -1;
  for (std::size_t i = 0; i < n; ++i) {
    if (best[i] < 0) continue;
    std::uint64_t key = 0;
    for (std::size_t len = 1; len <= 6 && i + len <= n; ++len) {
      unsigned char ch = static_cast<unsigned char>(w[i + len - 1]);
      if (ch == 0) break;  // never in a syllable
      key |= static_cast<std::uint64_t>(ch) << (8 * (len - 1));
      const std::uint8_t* bits = syllable_keys.find_packed(key);
      if (!bits) break;  // no syllable begins with w[i, i + len)
      if (!(*bits & kSyllable) || (strict && len < 2)) continue;
      if (best[i + len] < 0 || best[i] + 1 < best[i + len]) best[i + len] = best[i] + 1;
    }
  }
  return best[n] < 0 ? 0 : best[n];
}

int Gazetteer::Impl::syllables_of(std::string_view folded) const {
  int total = 0;
  std::string part;
  auto flush = [&]() -> bool {
    if (part.empty()) return true;
    int c = syllable_count(part);
    part.clear();
    if (c == 0) return false;
    total += c;
    return true;
  };
  for (std::size_t i = 0; i < folded.size(); ++i) {
    char ch = folded[i];
    if (ch == '\'') {
      // Wade-Giles aspiration follows a consonant (ch'en, k'ai, t'ang, ts'ao): drop it;
      // a pinyin apostrophe follows a vowel, n or g and separates syllables (Xi'an, Yan'an).
      char prev = i > 0 ? folded[i - 1] : ' ';
      bool wg = prev == 'h' || prev == 'k' || prev == 'p' || prev == 't' || prev == 's' || prev == 'z';
      if (wg) continue;
      if (!flush()) return 0;
    } else if (ch == '-' || ch == ' ' || ch == '.') {
      if (!flush()) return 0;
    } else {
      part += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch + 32) : ch;
    }
  }
  if (!flush()) return 0;
  return total;
}

std::string Gazetteer::Impl::pinyin_of_glued(std::string_view compact_word) const {
  // "kienkang" → "jiankang", "pienliang" → "bianliang": Wade-Giles/postal syllables glued
  // together (apostrophes lost). Fewest syllables win; at least two.
  const std::size_t n = compact_word.size();
  if (n < 4 || n > 40) return {};
  std::vector<int> cnt(n + 1, -1);
  std::vector<std::string> out(n + 1);
  cnt[0] = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (cnt[i] < 0) continue;
    std::uint64_t key = 0;
    for (std::size_t len = 1; len <= 7 && i + len <= n; ++len) {
      unsigned char ch = static_cast<unsigned char>(compact_word[i + len - 1]);
      if (ch == 0) break;  // never in a syllable
      key |= static_cast<std::uint64_t>(ch) << (8 * (len - 1));
      const std::string* const* py = glued_keys.find_packed(key);
      if (!py) continue;
      if (cnt[i + len] < 0 || cnt[i] + 1 < cnt[i + len]) {
        cnt[i + len] = cnt[i] + 1;
        out[i + len] = out[i] + **py;
      }
    }
  }
  if (cnt[n] < 2) return {};
  return out[n];
}

std::string Gazetteer::Impl::pinyin_of(std::string_view surface) const {
  // "Ch'en-ch'iao" → "Chenqiao"; "Hao-shui-ch'uan" → "Haoshuichuan". Only hyphenated or
  // apostrophe forms are read as Wade-Giles; anything that does not convert is returned "".
  std::string f = text::fold(surface);
  if (f.find('-') == std::string::npos && f.find('\'') == std::string::npos) return {};
  std::string out;
  std::string part;
  auto flush = [&]() -> bool {
    if (part.empty()) return true;
    if (auto it = wg_to_pinyin.find(part); it != wg_to_pinyin.end()) {
      out += it->second;
    } else if (pinyin.count(part)) {
      out += part;
    } else {
      return false;
    }
    part.clear();
    return true;
  };
  for (char ch : f) {
    if (ch == '-' || ch == ' ') {
      if (!flush()) return {};
      if (ch == ' ') out += ' ';
    } else {
      part += ch;
    }
  }
  if (!flush()) return {};
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

std::uint32_t Gazetteer::Impl::add_name(const std::string& canonical, std::uint8_t flags) {
  std::string k = key_of(canonical);
  auto it = name_by_key.find(k);
  if (it != name_by_key.end()) {
    names[it->second].flags |= flags;
    return it->second;
  }
  auto id = static_cast<std::uint32_t>(names.size());
  names.push_back(Name{canonical, k, {}, flags, compact(canonical)});
  name_by_key.emplace(k, id);
  return id;
}

void Gazetteer::Impl::add_form(const std::string& form, std::uint32_t name, std::uint32_t entry) {
  std::string c = compact(form);
  if (c.size() < 2) return;
  auto& v = index[c];
  bool multiword = form.find(' ') != std::string::npos;
  for (auto& f : v)
    if (f.name == name) {
      if (std::find(f.entries.begin(), f.entries.end(), entry) == f.entries.end()) f.entries.push_back(entry);
      f.multiword = f.multiword || multiword;
      return;
    }
  bool short_form = syllables_of(text::fold(form)) == 1;
  v.push_back(Form{name, short_form, multiword, {entry}});
  std::size_t spaces = static_cast<std::size_t>(std::count(form.begin(), form.end(), ' ')) + 1;
  if (spaces > max_span) max_span = spaces;
}

std::vector<PlaceReading> Gazetteer::Impl::readings(std::uint32_t name, const std::vector<std::uint32_t>* only) const {
  std::vector<PlaceReading> out;
  const Name& n = names[name];
  for (auto e : only ? *only : n.entries) {
    const Entry& en = entries[e];
    PlaceReading r;
    r.canonical = n.canonical;
    r.key = n.key;
    r.id = en.id;
    r.place = en.place;
    r.kind = en.kind;
    r.regime = en.regime;
    r.start_year = en.start_year;
    r.end_year = en.end_year;
    r.modern = en.modern;
    r.province = en.province;
    r.lat = en.lat;
    r.lon = en.lon;
    r.has_coords = en.has_coords;
    r.zh = en.zh;
    r.modern_layer = en.modern_layer;
    out.push_back(std::move(r));
  }
  return out;
}

namespace {

int to_int(std::string_view s) {
  int v = 0;
  s = trim(s);
  if (s.empty()) return 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

bool to_double(std::string_view s, double& out) {
  s = trim(s);
  if (s.empty()) return false;
  std::string tmp(s);
  char* end = nullptr;
  out = std::strtod(tmp.c_str(), &end);
  return end && *end == '\0';
}

std::vector<std::string> split_bar(std::string_view s) {
  std::vector<std::string> out;
  for (auto p : split(s, '|')) {
    p = trim(p);
    if (!p.empty()) out.emplace_back(p);
  }
  return out;
}

std::uint8_t parse_flags(std::string_view s) {
  std::uint8_t f = 0;
  for (const auto& w : split_bar(s)) {
    if (w == "context") f |= kNeedsContext;
    if (w == "suffix") f |= kNeedsSuffix;
  }
  return f;
}

Status load_layer(Gazetteer::Impl& g, const std::filesystem::path& p, bool modern,
                  std::unordered_map<std::string, std::uint32_t>& by_id) {
  auto t = read_tsv(p, {"id", "canonical", "kind", "lat", "lon", "variants", "aliases"});
  if (!t) return t.error();
  for (const auto& row : t->rows) {
    std::string id(t->cell(row, "id"));
    if (id.empty()) return make_error(ErrorCode::kFormat, "empty id", t->path, row.line);
    std::string canonical(t->cell(row, "canonical"));
    auto variants = split_bar(t->cell(row, "variants"));
    auto aliases = split_bar(t->cell(row, "aliases"));
    std::uint8_t flags = parse_flags(t->cell(row, "flags"));
    std::uint32_t entry;
    std::uint32_t name;
    auto known = by_id.find(id);
    if (known != by_id.end() && canonical.empty()) {
      // A manual row that adds forms to an existing row.
      entry = known->second;
      name = g.add_name(g.entries[entry].place, flags);
    } else {
      if (canonical.empty()) return make_error(ErrorCode::kFormat, "empty canonical", t->path, row.line);
      if (known != by_id.end()) return make_error(ErrorCode::kFormat, "duplicate id " + id, t->path, row.line);
      Entry e;
      e.id = id;
      e.place = canonical;
      e.kind = std::string(t->cell(row, "kind"));
      e.regime = std::string(t->cell(row, "regime"));
      e.start_year = to_int(t->cell(row, "start_year"));
      e.end_year = to_int(t->cell(row, "end_year"));
      e.modern = std::string(t->cell(row, "modern"));
      e.province = std::string(t->cell(row, "province"));
      e.zh = std::string(t->cell(row, "zh"));
      double la = 0, lo = 0;
      bool has_lat = to_double(t->cell(row, "lat"), la);
      bool has_lon = to_double(t->cell(row, "lon"), lo);
      if (has_lat != has_lon || (has_lat && (la < -90 || la > 90 || lo < -180 || lo > 180)))
        return make_error(ErrorCode::kFormat, "bad coordinates", t->path, row.line);
      e.lat = la;
      e.lon = lo;
      e.has_coords = has_lat && has_lon;
      e.modern_layer = modern;
      entry = static_cast<std::uint32_t>(g.entries.size());
      g.entries.push_back(std::move(e));
      by_id.emplace(id, entry);
      // "Yaozhou (Liao)" names the place Yaozhou; the parenthesis only tells readings apart.
      std::string display = canonical;
      if (auto paren = display.find(" ("); paren != std::string::npos) display.resize(paren);
      name = g.add_name(display, flags);
      g.names[name].entries.push_back(entry);
      g.add_form(display, name, entry);
    }
    for (const auto& v : variants) g.add_form(v, name, entry);
    for (const auto& a : aliases) {
      // "Mukden=Shenyang": the form Mukden spells the name Shenyang.
      std::string form = a, name_of = a;
      if (auto eq = a.find('='); eq != std::string::npos) {
        form = a.substr(0, eq);
        name_of = a.substr(eq + 1);
      }
      std::uint32_t an = g.add_name(name_of, 0);
      auto& es = g.names[an].entries;
      if (std::find(es.begin(), es.end(), entry) == es.end()) es.push_back(entry);
      g.add_form(form, an, entry);
      if (form != name_of) g.add_form(name_of, an, entry);
    }
  }
  return ok_status();
}

WordClass parse_class(std::string_view s) {
  if (s == "verb") return WordClass::kVerb;
  if (s == "prep") return WordClass::kPrep;
  if (s == "gloss") return WordClass::kGloss;
  if (s == "direction") return WordClass::kDirection;
  if (s == "polity") return WordClass::kPolity;
  if (s == "after_not") return WordClass::kAfterNot;
  if (s == "title") return WordClass::kTitle;
  if (s == "english") return WordClass::kEnglish;
  if (s == "list_head") return WordClass::kListHead;
  if (s == "era_cue") return WordClass::kEraCue;
  if (s == "head") return WordClass::kHead;
  return WordClass::kNone;
}

}  // namespace

Gazetteer::Gazetteer(std::unique_ptr<Impl> p) : impl_(std::move(p)) {}
Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;
Gazetteer::~Gazetteer() = default;

std::size_t Gazetteer::entry_count() const { return impl_->entries.size(); }
std::size_t Gazetteer::name_count() const { return impl_->names.size(); }

Result<Gazetteer> Gazetteer::load(const std::filesystem::path& resources_root) {
  auto g = std::make_unique<Impl>();
  const auto dir = resources_root / "places";
  if (!std::filesystem::is_directory(dir))
    return make_error(ErrorCode::kNotFound, "no places resources in " + dir.string());
  // Syllables first: forms are classified (single syllable or not) as they are added.
  {
    auto t = read_tsv(dir / "syllables.tsv", {"form", "system"});
    if (!t) return t.error();
    for (const auto& row : t->rows) {
      std::string f = compact(t->cell(row, "form"));
      if (f.empty()) return make_error(ErrorCode::kFormat, "empty syllable", t->path, row.line);
      g->syllables.insert(f);
      if (t->cell(row, "system") == "pinyin") g->pinyin.insert(f);
      else if (auto py = t->cell(row, "pinyin"); !py.empty()) {
        g->wg_to_pinyin.emplace(text::fold(t->cell(row, "form")), std::string(py));
        // Glued forms lose the apostrophe: the unaspirated reading wins ("chen" → zhen).
        std::string folded = text::fold(t->cell(row, "form"));
        if (folded.find('\'') == std::string::npos) g->wg_glued[f] = std::string(py);
        else g->wg_glued.emplace(f, std::string(py));
      }
    }
    std::unordered_map<std::string, std::uint8_t> keys;
    for (const auto& f : g->syllables) {
      keys[f] |= Impl::kSyllable;
      for (std::size_t n = 1; n < f.size(); ++n) keys[f.substr(0, n)] |= Impl::kSyllablePrefix;
    }
    for (const auto& [k, bits] : keys) g->syllable_keys.insert(k, bits);
    for (const auto& [f, py] : g->wg_glued) g->glued_keys.insert(f, &py);
  }
  {
    auto t = read_tsv(dir / "generic.tsv", {"word", "kind", "position", "discover", "key_word"});
    if (!t) return t.error();
    for (const auto& row : t->rows) {
      Generic gen;
      gen.kind = std::string(t->cell(row, "kind"));
      auto pos = t->cell(row, "position");
      if (pos != "suffix" && pos != "prefix")
        return make_error(ErrorCode::kFormat, "position must be suffix or prefix", t->path, row.line);
      gen.prefix = pos == "prefix";
      gen.discover = t->cell(row, "discover") == "1";
      gen.key_word = std::string(t->cell(row, "key_word"));
      g->generic.emplace(compact(t->cell(row, "word")), std::move(gen));
    }
  }
  {
    auto t = read_tsv(dir / "context.tsv", {"word", "class"});
    if (!t) return t.error();
    for (const auto& row : t->rows) {
      WordClass c = parse_class(t->cell(row, "class"));
      if (c == WordClass::kNone)
        return make_error(ErrorCode::kFormat, "unknown class '" + std::string(t->cell(row, "class")) + "'",
                          t->path, row.line);
      if (c == WordClass::kHead) {
        g->heads.push_back(compact(t->cell(row, "word")));
        continue;
      }
      g->words[compact(t->cell(row, "word"))].push_back(c);
      if (auto r = t->cell(row, "regime"); !r.empty()) g->regime_of[compact(t->cell(row, "word"))] = std::string(r);
    }
  }
  {
    // Era names (shared with the names module): "the treaty of X" is a treaty named after an
    // era only when X is one; else after a place ("the treaty of Shan-yüan").
    auto t = read_tsv(dir.parent_path() / "names" / "era_names.tsv", {"era"});
    if (!t) return t.error();
    for (const auto& row : t->rows) g->era_names.insert(compact(t->cell(row, "era")));
  }
  for (const auto& [w, cs] : g->words)
    for (auto c : cs) g->word_info[w].cls |= static_cast<std::uint16_t>(1u << static_cast<unsigned>(c));
  for (const auto& [w, gen] : g->generic) g->word_info[w].gen = &gen;
  std::unordered_map<std::string, std::uint32_t> by_id;
  if (auto s = load_layer(*g, dir / "historical.tsv", false, by_id); !s) return s.error();
  if (auto s = load_layer(*g, dir / "historical_manual.tsv", false, by_id); !s) return s.error();
  if (auto s = load_layer(*g, dir / "modern.tsv", true, by_id); !s) return s.error();
  // Single-syllable canonical names (Shu) are context-only.
  for (auto& n : g->names)
    if (g->syllables_of(text::fold(n.canonical)) == 1) n.flags |= kNeedsContext;
  return Gazetteer(std::move(g));
}

std::vector<PlaceReading> Gazetteer::lookup(std::string_view name) const {
  std::vector<PlaceReading> out;
  std::string f = text::fold(name);
  std::vector<std::string> words;
  for (auto w : split(f, ' '))
    if (!w.empty()) words.emplace_back(w);
  std::vector<const Form*> found;
  auto try_form = [&](const std::string& c) {
    const std::vector<Form>* forms = impl_->index.find(c);
    if (!forms) return;
    for (const auto& fm : *forms) found.push_back(&fm);
  };
  while (!words.empty()) {
    std::string joined;
    for (const auto& w : words) joined += w;
    std::string c = compact(joined);
    try_form(c);
    if (!found.empty()) break;
    if (c.size() > 4 && (c.ends_with("fu") || c.ends_with("lu"))) try_form(c.substr(0, c.size() - 2));
    if (c.size() > 5 && c.ends_with("jun")) try_form(c.substr(0, c.size() - 3));
    if (!found.empty()) break;
    if (words.size() > 1 && impl_->generic.count(compact(words.back()))) {
      words.pop_back();
      continue;
    }
    if (words.size() > 1 && impl_->generic.count(compact(words.front())) &&
        impl_->generic.at(compact(words.front())).prefix) {
      words.erase(words.begin());
      continue;
    }
    break;
  }
  for (const Form* form : found) {
    auto rs = impl_->readings(form->name, &form->entries);
    out.insert(out.end(), rs.begin(), rs.end());
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const PlaceReading& a, const PlaceReading& b) { return !a.modern_layer && b.modern_layer; });
  return out;
}

}  // namespace shilu::places
