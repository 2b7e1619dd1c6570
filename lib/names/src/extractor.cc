// Person, polity, army and event mentions; within-document coreference.
//
// One left-to-right pass over the word tokens proposes candidates, trying at each
// position (first match wins): event patterns, known armies, titles + name, temple
// titles ("Emperor Gaozong of the Song Dynasty", "Jin Aizong"), lexicon names (longest
// first, with a polity word glued before a known person split off: "Song Zongze"),
// army names ("<Capitalized> Army"), discovery of unknown names (surname- or
// title-licensed), polities. A second pass resolves persons to entities (lexicon,
// earlier full names, regime of the document) and finds later short forms.
#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>

#include "lexicon.h"
#include "shilu/names.h"
#include "shilu/romanize.h"

namespace shilu::names {

using detail::compact;
using detail::key_of_name;
using detail::Lexicon;
using detail::NameRef;

namespace {
struct Shared {
  Lexicon lx;
  romanize::Engine eng;
  bool eng_real = false;  // false while the romanize engine is a placeholder
  StringMap<std::uint8_t> generic_heads;
};
}  // namespace

struct Extractor::Impl {
  Shared s;
};

Extractor::Extractor(std::unique_ptr<Impl> p) : impl_(std::move(p)) {}
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;
Extractor::~Extractor() = default;

Result<Extractor> Extractor::load(const std::filesystem::path& resources_root) {
  auto lx = detail::load_lexicon(resources_root / "names");
  if (!lx) return lx.error();
  auto eng = romanize::Engine::load(resources_root);
  if (!eng) return eng.error();
  auto gh = read_tsv(resources_root / "names" / "generic_heads.tsv", {"word"});
  if (!gh) return gh.error();
  auto impl = std::unique_ptr<Impl>(new Impl{Shared{std::move(*lx), std::move(*eng), false, {}}});
  for (const auto& row : gh->rows) impl->s.generic_heads[text::fold(gh->cell(row, "word"))] = 1;
  impl->s.eng_real = impl->s.eng.is_surname("zhao") && impl->s.eng.is_romanized_chinese("Zonghan");
  return Extractor(std::move(impl));
}

namespace {

enum class PKind : std::uint8_t {
  kLexicon,     // a lexicon name (full name or alternative)
  kTemple,      // a temple title
  kDiscovered,  // an unknown name found by the surname/title rules
  kGiven,       // a later short form (given name only)
};

struct Cand {
  std::string type;  // person | polity | army | event
  std::uint32_t b = 0, e = 0;
  std::string rule;
  Value norm;
  std::uint8_t flags = 0;
  float score = 1.0f;
  // persons
  PKind pk = PKind::kLexicon;
  std::vector<NameRef> refs;  // lexicon candidates
  bool single_alt = false;    // one-word name ("Aguda", "Zhaogou"): needs support
  std::size_t min_alone = 6;  // compact length from which a one-word name stands alone
  std::string temple;         // folded temple stem
  std::string regime;         // explicit regime for temple titles
  std::string title;          // preceding title ("deputy marshal")
  std::string canonical, key, surname, given;  // discovered names
  int person = -1;            // resolved lexicon person
  std::vector<std::uint32_t> candidates;  // other readings when ambiguous
  bool drop = false;
};

struct Tok {
  std::uint32_t b = 0, e = 0;  // e excludes a possessive 's
  std::string_view f;          // folded word (possessive stripped)
  std::string_view c;          // compact form of f
  std::uint16_t bits = 0;      // detail::FirstBits of c
  bool word = false, cap = false, poss = false;
  bool sent_start = false;
};

std::string cat(std::string_view a, std::string_view b) {
  std::string out;
  out.reserve(a.size() + b.size());
  out.append(a);
  out.append(b);
  return out;
}

std::string capitalize(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

class Run {
 public:
  Run(const Shared& im, const text::Tokenized& t, const ExtractContext& ctx)
      : im_(im), lx_(im.lx), t_(t) {
    year_min_ = ctx.year_min;
    year_max_ = ctx.year_max ? ctx.year_max : ctx.year_min;
    if (ctx.prior)
      for (const auto& m : *ctx.prior)
        if (m.type == "place" || m.type == "date") {
          claimed_.emplace_back(m.begin, m.end);
          if (m.type == "place") place_spans_.emplace(m.begin, m.end);
        }
    std::sort(claimed_.begin(), claimed_.end());
    for (const auto& c : claimed_) claimed_max_ = std::max(claimed_max_, c.second - c.first);
    prepare();
  }

  std::vector<Mention> run();

 private:
  // ---------------------------------------------------------------- tokens
  void prepare() {
    toks_.resize(t_.tokens.size());
    cands_.reserve(t_.tokens.size() / 8 + 16);  // a Cand is large: let the vector grow rarely
    std::vector<bool> starts(t_.tokens.size(), false);
    for (const auto& s : t_.sentences)
      if (s.first_token < starts.size()) starts[s.first_token] = true;
    for (std::size_t k = 0; k < t_.tokens.size(); ++k) {
      const auto& tk = t_.tokens[k];
      Tok& o = toks_[k];
      o.b = tk.begin;
      o.e = tk.end;
      o.word = tk.is_word();
      o.cap = tk.capitalized();
      o.sent_start = starts[k];
      if (!o.word) continue;
      std::string_view v = t_.view(tk);
      // possessive 's (any apostrophe look-alike); an ASCII word holds an apostrophe only
      // when the tokenizer flagged one
      if (v.size() > 2 && (v.back() == 's' || v.back() == 'S') &&
          (tk.flags & (text::kHasApostrophe | text::kNonAscii))) {
        for (std::size_t a = v.size() - 1; a-- > 1;) {
          std::size_t len = 0;
          if (text::is_apostrophe(v.substr(a), len)) {
            if (a + len == v.size() - 1) {
              o.e = static_cast<std::uint32_t>(tk.begin + a);
              o.poss = true;
            }
            break;
          }
          if ((static_cast<unsigned char>(v[a]) & 0xC0) != 0x80 && a + 4 < v.size() - 1) break;
        }
      }
      std::string_view w = t_.text.substr(o.b, o.e - o.b);
      // The folded word: the shared form of the token, less a possessive "'s".
      std::string_view sf = t_.folded(k);
      if (t_.has_folded() && (!o.poss || (sf.size() >= 2 && sf.ends_with("'s")))) {
        o.f = o.poss ? sf.substr(0, sf.size() - 2) : sf;
      } else if (!(tk.flags & (text::kNonAscii | text::kHasApostrophe | text::kHasHyphen))) {
        std::string& f = own_.emplace_back(w);  // plain ASCII letters: folding is lower-casing
        for (char& ch : f)
          if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch + 32);
        o.f = f;
      } else {
        o.f = own_.emplace_back(text::fold(w));
      }
      if (tk.flags & (text::kHasHyphen | text::kHasApostrophe | text::kNonAscii)) o.c = own_.emplace_back(compact(o.f));
      else o.c = o.f;
      if (const std::uint16_t* bits = lx_.first.find(o.c)) {
        o.bits = *bits;
      } else if (im_.eng_real && (tk.flags & (text::kHasHyphen | text::kHasApostrophe))) {
        // Wade-Giles words are looked up by their pinyin ("Ch'in-tsung" → qinzong)
        auto [pit, fresh] = pinyin_key_cache_.try_emplace(t_.text.substr(o.b, o.e - o.b));
        if (fresh) pit->second = compact(im_.eng.key_of(t_.text.substr(o.b, o.e - o.b)));
        const std::string& py = pit->second;
        if (const std::uint16_t* bits = lx_.first.find(py)) {
          o.c = py;
          o.f = o.c;
          o.bits = *bits;
        }
      }
    }
  }
  bool word(std::size_t k) const { return k < toks_.size() && toks_[k].word; }
  // Token k+1 directly follows word k inside a name (same line, no punctuation).
  bool joined(std::size_t k) const {
    if (!word(k) || !word(k + 1) || toks_[k].poss) return false;
    return !(t_.tokens[k + 1].flags & text::kLineBefore);
  }
  // Folded words k..k+n-1 joined by spaces, or "" if they do not form a run.
  std::string words(std::size_t k, int n) const {
    if (!word(k)) return {};
    std::string s(toks_[k].f);
    for (int i = 1; i < n; ++i) {
      if (!joined(k + i - 1)) return {};
      s += ' ';
      s += toks_[k + i].f;
    }
    return s;
  }
  std::string compact_words(std::size_t k, int n) const {
    std::string s;
    for (int i = 0; i < n; ++i) {
      if (i > 0 && !joined(k + i - 1)) return {};
      if (!word(k + i)) return {};
      s += toks_[k + i].c;
    }
    return s;
  }
  std::string_view span(std::uint32_t b, std::uint32_t e) const { return t_.text.substr(b, e - b); }
  bool claimed(std::uint32_t b, std::uint32_t e) const {
    // claimed_ is sorted by begin; no span is longer than claimed_max_
    auto it = std::lower_bound(claimed_.begin(), claimed_.end(), std::make_pair(e, 0u));
    while (it != claimed_.begin()) {
      --it;
      if (it->second > b) return true;
      if (it->first + claimed_max_ <= b) break;
    }
    return false;
  }

  // ---------------------------------------------------------------- predicates
  bool is_stop(std::size_t k) const { return lx_.stopwords.contains(toks_[k].f); }
  // compact(f) of word k is an era name. For a token without non-ASCII bytes compact(f)
  // is c (folding and compacting ASCII twice changes nothing).
  bool is_era_word(std::size_t k) const {
    if (!(t_.tokens[k].flags & text::kNonAscii)) return lx_.eras.contains(toks_[k].c);
    return lx_.eras.contains(compact(toks_[k].f));
  }
  // `c` is a compact word (Tok::c): "wanyan", "yelv", "zhao".
  bool is_surname(std::string_view c) const {
    if (lx_.surnames.contains(c)) return true;
    if (!im_.eng_real) return false;
    if (const std::uint8_t* hit = surname_cache_.find(c)) return *hit;
    bool r = im_.eng.is_surname(c);
    surname_cache_.insert(c, r);
    return r;
  }
  // Syllables of a surname ("wanyan" → 2); clan names of two or more syllables may be
  // written run together with the given name ("Wanyanliang").
  std::size_t clan_syllables(std::string_view c) const {
    if (!im_.eng_real) return c.size() >= 5 ? 2 : 1;
    if (const std::size_t* hit = clan_cache_.find(c)) return *hit;
    // syllables of the canonical surname: WG "pien" is Bian (one syllable), not pi·en
    std::string canon = im_.eng.canonical_surname(c);
    auto seg = im_.eng.segment(canon.empty() ? c : compact(canon), 1);
    std::size_t n = seg.empty() ? 0 : seg[0].size();
    clan_cache_.insert(c, n);
    return n;
  }
  // The engine's answer for one surface word, asked once per document and spelling.
  bool romanized_chinese(std::string_view w) const {
    auto [it, fresh] = romanized_cache_.try_emplace(w, false);
    if (fresh) it->second = im_.eng.is_romanized_chinese(w);
    return it->second;
  }
  // A word that spells pinyin syllables even if it is also English ("He", "An").
  bool pinyin_word(std::size_t k) const {
    return im_.eng_real && romanized_chinese(span(toks_[k].b, toks_[k].e));
  }
  bool is_romanized(std::size_t k) const {
    std::string_view f = toks_[k].f;
    if (f.empty() || lx_.stopwords.contains(f)) return false;
    for (unsigned char c : f)
      if (!(c >= 'a' && c <= 'z') && c != '\'' && c != '-' && c < 0x80) return false;
    if (im_.eng_real) return romanized_chinese(span(toks_[k].b, toks_[k].e));
    return true;  // degraded mode: any plain word
  }
  const detail::Polity* polity_at(std::size_t k, int* n_out) const {
    if (!word(k) || !(toks_[k].bits & detail::kFirstPolity)) return nullptr;
    for (int n = lx_.polity_max_words; n >= 1; --n) {
      if (!word(k) || !toks_[k].cap) return nullptr;
      std::string w = words(k, n);
      if (w.empty()) continue;
      if (const detail::Polity* p = lx_.polities.find(w)) {
        *n_out = n;
        return p;
      }
    }
    return nullptr;
  }
  bool is_polity_word(std::size_t k) const {
    return lx_.polities.contains(toks_[k].f);
  }
  bool is_generic_head(std::size_t k) const { return word(k) && im_.generic_heads.contains(toks_[k].f); }
  const detail::Title* title_at(std::size_t k, int* n_out) const {
    if (!word(k) || !(toks_[k].bits & detail::kFirstTitle)) return nullptr;
    for (int n = lx_.title_max_words; n >= 1; --n) {
      std::string w = words(k, n);
      if (w.empty()) continue;
      if (const detail::Title* t = lx_.titles.find(w)) {
        *n_out = n;
        return t;
      }
    }
    return nullptr;
  }

  // ---------------------------------------------------------------- matchers
  // Each returns the number of tokens consumed (0 = no match) and appends candidates.
  int match_event(std::size_t k);
  int match_known_army(std::size_t k);
  int match_army(std::size_t k);
  int match_title(std::size_t k);
  int match_temple(std::size_t k, const std::string& title, std::int64_t title_b);
  int match_lexicon(std::size_t k, const std::string& title, bool titled);
  int match_glue(std::size_t k);
  int match_discovery(std::size_t k, const std::string& title, bool titled);
  int match_polity(std::size_t k);
  int match_placeholder_name(std::size_t k);
  int match_emperor_pair(std::size_t k);
  void push_polity(std::size_t k, int n, const detail::Polity& p, int extra);

  void count_active_polities();
  void resolve();
  void find_short_forms();
  std::vector<Mention> emit();

  const Shared& im_;
  const Lexicon& lx_;
  const text::Tokenized& t_;
  std::vector<Tok> toks_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> claimed_;
  std::set<std::pair<std::uint32_t, std::uint32_t>> place_spans_;  // exact spans of gazetteer places
  std::uint32_t claimed_max_ = 0;
  int year_min_ = 0, year_max_ = 0;  // document period from explicit years (0 = unknown)
  std::vector<Cand> cands_;
  std::unordered_set<std::string> active_polity_words_;  // folded polity words used politically
  std::map<std::string, int> regime_count_;
  mutable StringMap<std::uint8_t> surname_cache_;        // per document
  mutable StringMap<std::size_t> clan_cache_;    // per document
  // Keyed by spans of the document text (which outlives the Run).
  mutable std::unordered_map<std::string_view, bool> romanized_cache_;
  std::unordered_map<std::string_view, romanize::NameParse> normalize_cache_;
  std::unordered_map<std::string_view, std::string> pinyin_key_cache_;  // compact pinyin of WG words
  std::deque<std::string> own_;  // folded and compact words not in Tokenized::folded (stable)
};

// ---------------------------------------------------------------- events
int Run::match_event(std::size_t k) {
  // known events (longest first)
  for (int n = lx_.event_max_words; n >= 1 && (toks_[k].bits & detail::kFirstEventKnown); --n) {
    std::string w = words(k, n);
    if (w.empty()) continue;
    auto it = lx_.known_events.find(w);
    if (it == lx_.known_events.end()) continue;
    Cand c;
    c.type = "event";
    c.b = toks_[k].b;
    c.e = toks_[k + n - 1].e;
    c.rule = "event.known";
    c.norm["canonical"] = it->second.pattern;
    c.norm["key"] = key_of_name(it->second.pattern);
    c.norm["kind"] = it->second.kind;
    cands_.push_back(std::move(c));
    return n;
  }
  // "Battle of X", "Siege of X"
  for (const auto& p : lx_.event_prefix) {
    if (!(toks_[k].bits & detail::kFirstEventPrefix)) break;
    if (!toks_[k].cap || words(k, p.words) != p.pattern) continue;
    std::size_t j = k + p.words;
    if (!joined(j - 1)) continue;
    if (word(j) && toks_[j].f == "the" && joined(j)) ++j;
    std::size_t last = j;
    int got = 0;
    while (word(last) && toks_[last].cap && !is_stop(last) && got < 5) {
      ++got;
      if (!joined(last)) { ++last; break; }
      ++last;
    }
    if (got == 0) continue;
    std::size_t end_tok = last - 1;
    Cand c;
    c.type = "event";
    c.b = toks_[k].b;
    c.e = toks_[end_tok].e;
    c.rule = "event." + p.kind + "_of";
    std::string canon;
    for (std::size_t i = k; i <= end_tok; ++i) {
      if (!canon.empty()) canon += ' ';
      std::string_view v = span(toks_[i].b, toks_[i].e);
      canon += (i == k) ? capitalize(v) : std::string(v);
    }
    c.norm["canonical"] = canon;
    c.norm["key"] = key_of_name(canon);
    c.norm["kind"] = p.kind;
    cands_.push_back(std::move(c));
    return static_cast<int>(end_tok - k + 1);
  }
  // "Jingkang incident", "Shaoxing Treaty": 1-3 capitalized words + suffix word
  if (!toks_[k].cap || is_stop(k)) return 0;
  {
    // cheap look-ahead for a suffix word before asking whether the name is pinyin
    bool suffix = false;
    for (std::size_t j = k + 1; j <= k + 3 && joined(j - 1); ++j)
      if (toks_[j].bits & detail::kEventSuffixWord) { suffix = true; break; }
    if (!suffix || !(is_polity_word(k) || pinyin_word(k))) return 0;
  }
  std::size_t j = k;
  int got = 0;
  while (got < 3 && word(j) && toks_[j].cap && !is_stop(j)) {
    ++got;
    if (!joined(j)) break;
    ++j;
    if (!word(j) || !(toks_[j].bits & detail::kEventSuffixWord)) continue;
    for (const auto& p : lx_.event_suffix) {
      if (toks_[j].cap != p.cap || words(j, p.words) != p.pattern) continue;
      // a polity alone + "War"/"Campaign" is still an event ("Song-Jin War")
      std::size_t end_tok = j + p.words - 1;
      Cand c;
      c.type = "event";
      c.b = toks_[k].b;
      c.e = toks_[end_tok].e;
      c.rule = "event." + p.kind + "_suffix";
      std::string canon(span(c.b, c.e));
      c.norm["canonical"] = canon;
      c.norm["key"] = key_of_name(canon);
      c.norm["kind"] = p.kind;
      cands_.push_back(std::move(c));
      return static_cast<int>(end_tok - k + 1);
    }
  }
  return 0;
}

// ---------------------------------------------------------------- armies
int Run::match_known_army(std::size_t k) {
  if (!(toks_[k].bits & detail::kFirstArmy)) return 0;
  for (int n = lx_.army_max_words; n >= 1; --n) {
    std::string w = words(k, n);
    if (w.empty()) continue;
    auto it = lx_.known_armies.find(w);
    if (it == lx_.known_armies.end()) continue;
    Cand c;
    c.type = "army";
    c.b = toks_[k].b;
    c.e = toks_[k + n - 1].e;
    c.rule = "army.known";
    c.norm["canonical"] = it->second;
    c.norm["key"] = key_of_name(it->second);
    cands_.push_back(std::move(c));
    return n;
  }
  return 0;
}

int Run::match_army(std::size_t k) {
  if (!toks_[k].cap || is_stop(k)) return 0;
  // "<Surname> family army"
  if (joined(k) && joined(k + 1) && toks_[k + 1].f == "family" && toks_[k + 2].f == "army" &&
      is_surname(toks_[k].c)) {
    Cand c;
    c.type = "army";
    c.b = toks_[k].b;
    c.e = toks_[k + 2].e;
    c.rule = "army.family";
    std::string canon = capitalize(toks_[k].f) + " Family Army";
    c.norm["canonical"] = canon;
    c.norm["key"] = key_of_name(canon);
    cands_.push_back(std::move(c));
    return 3;
  }
  // 1-3 capitalized words + a capitalized head noun ("Pinglu Army", "Western Route Army")
  std::size_t j = k;
  for (int got = 1; got <= 3; ++got, ++j) {
    if (!word(j) || !toks_[j].cap || (got > 1 && is_stop(j))) return 0;
    if (lx_.army_heads.count(std::string(toks_[j].f))) return 0;
    if (!joined(j)) return 0;
    std::size_t h = j + 1;
    if (!word(h) || !toks_[h].cap || !(toks_[h].bits & detail::kArmyHead)) continue;
    // polity + noun ("Liao Army", "Han Army"): a polity, not a named unit
    int pn = 0;
    const detail::Polity* p = polity_at(k, &pn);
    if (p && static_cast<std::size_t>(pn) == h - k) {
      push_polity(k, pn, *p, 0);
      return static_cast<int>(h - k + 1);
    }
    // "Jinning Army": the gazetteer knows this span as an administrative district (軍),
    // so it is a place, not a unit.
    if (place_spans_.count({toks_[k].b, toks_[h].e})) return static_cast<int>(h - k + 1);
    Cand c;
    c.type = "army";
    c.b = toks_[k].b;
    c.e = toks_[h].e;
    c.rule = "army.named";
    std::string canon(span(c.b, c.e));
    c.norm["canonical"] = canon;
    c.norm["key"] = key_of_name(canon);
    cands_.push_back(std::move(c));
    return static_cast<int>(h - k + 1);
  }
  return 0;
}

// ---------------------------------------------------------------- polities
void Run::push_polity(std::size_t k, int n, const detail::Polity& p, int extra) {
  Cand c;
  c.type = "polity";
  c.b = toks_[k].b;
  c.e = toks_[k + n - 1 + extra].e;
  c.rule = extra ? "polity.dynasty" : "polity.name";
  c.norm["canonical"] = p.canonical;
  c.norm["key"] = p.key;
  if (!p.regime.empty()) c.norm["regime"] = p.regime;
  c.norm["kind"] = p.kind;
  if (!p.regime.empty()) ++regime_count_[p.regime];
  cands_.push_back(std::move(c));
}

int Run::match_polity(std::size_t k) {
  int n = 0;
  const detail::Polity* p = polity_at(k, &n);
  if (!p) return 0;
  int extra = 0;
  std::size_t j = k + n;
  if (joined(j - 1) && toks_[j].cap &&
      (toks_[j].f == "dynasty" || toks_[j].f == "kingdom" || toks_[j].f == "empire" || toks_[j].f == "khanate"))
    extra = 1;
  push_polity(k, n, *p, extra);
  return n + extra;
}

// Polity words used politically in this document ("the Jin", "Jin army", "Jin Dynasty"):
// a name beginning with such a word is then not discovered as a person ("Jin Shuaihe").
void Run::count_active_polities() {
  for (std::size_t k = 0; k < toks_.size(); ++k) {
    if (!word(k) || !toks_[k].cap) continue;
    const detail::Polity* pol = lx_.polities.find(toks_[k].f);
    if (!pol || !pol->surname_clash) continue;
    bool used = false;
    if (k > 0 && word(k - 1) && (toks_[k - 1].f == "the" || toks_[k - 1].f == "of")) used = true;
    if (word(k + 1) && !toks_[k].poss) {
      std::string_view nx = toks_[k + 1].f;
      if (nx == "dynasty" || nx == "army" || nx == "armies" || nx == "troops" || nx == "court" ||
          nx == "kingdom" || nx == "empire" || nx == "emperor" || nx == "forces" || nx == "side" ||
          nx == "soldiers" || nx == "state" || nx == "people" || nx == "camp" || nx == "and")
        used = true;
    }
    if (toks_[k].poss) used = true;
    if (used) active_polity_words_.insert(std::string(toks_[k].f));
  }
}

// ---------------------------------------------------------------- persons
int Run::match_temple(std::size_t k, const std::string& title, std::int64_t title_b) {
  std::size_t j = k;
  std::string regime;
  int pn = 0;
  // "Song Gaozong", "Jin Aizong"
  if (const detail::Polity* p = polity_at(j, &pn)) {
    std::size_t tpos = j + pn;
    if (joined(tpos - 1) && toks_[tpos].cap && (toks_[tpos].bits & detail::kFirstTemple) && !p->regime.empty()) {
      Cand c;
      c.type = "person";
      c.pk = PKind::kTemple;
      c.b = title_b >= 0 ? static_cast<std::uint32_t>(title_b) : toks_[k].b;
      c.e = toks_[tpos].e;
      c.rule = "person.polity_temple";
      c.temple = toks_[tpos].c;
      c.regime = p->regime;
      c.title = title;
      ++regime_count_[p->regime];
      cands_.push_back(std::move(c));
      return static_cast<int>(tpos - k + 1);
    }
    return 0;
  }
  std::string temple;
  std::size_t last = j;
  if (word(j) && toks_[j].cap && (toks_[j].bits & detail::kFirstTemple)) {
    temple = toks_[j].c;
  } else if (im_.eng_real && word(j) && toks_[j].cap && joined(j) && toks_[j + 1].cap &&
             (toks_[j + 1].c == "tsung" || toks_[j + 1].c == "zong" || toks_[j + 1].c == "tsu" ||
              toks_[j + 1].c == "zu")) {
    // a temple name written as two words ("Hui Tsung", "Kao Tsung")
    std::string both(span(toks_[j].b, toks_[j].e));
    both += span(toks_[j + 1].b, toks_[j + 1].e);
    std::string py = compact(im_.eng.key_of(both));
    if (!lx_.temples.count(py)) return 0;
    temple = py;
    last = j + 1;
  } else {
    return 0;
  }
  // "of [the] Song [Dynasty]"
  std::size_t q = last + 1;
  if (joined(last) && toks_[q].f == "of") {
    std::size_t r = q + 1;
    if (joined(q) && toks_[r].f == "the") ++r;
    if (joined(r - 1)) {
      if (const detail::Polity* p = polity_at(r, &pn)) {
        if (!p->regime.empty()) {
          regime = p->regime;
          last = r + pn - 1;
          if (joined(last) && (toks_[last + 1].f == "dynasty" || toks_[last + 1].f == "kingdom")) ++last;
        }
      }
    }
  }
  Cand c;
  c.type = "person";
  c.pk = PKind::kTemple;
  c.b = title_b >= 0 ? static_cast<std::uint32_t>(title_b) : toks_[j].b;
  c.e = toks_[last].e;
  c.rule = regime.empty() ? "person.temple" : "person.temple_of";
  c.temple = temple;
  c.regime = regime;
  c.title = title;
  if (!regime.empty()) ++regime_count_[regime];
  cands_.push_back(std::move(c));
  return static_cast<int>(last - k + 1);
}

int Run::match_lexicon(std::size_t k, const std::string& title, bool titled) {
  if (!toks_[k].cap || !(toks_[k].bits & detail::kFirstLexicon)) return 0;
  for (int n = 4; n >= 1; --n) {
    std::string key = compact_words(k, n);
    if (key.empty()) continue;
    // every word of a multiword name is capitalized
    // the first and last words are capitalized (inner particles may not be: "Ala al-Din")
    if (!toks_[k].cap || !(toks_[k + n - 1].cap || toks_[k + n - 1].f.find('-') != std::string::npos)) continue;
    const std::vector<NameRef>* refs = lx_.names.find(key);
    if (!refs) continue;
    bool any_full = false;
    for (const auto& r : *refs) any_full = any_full || r.full;
    if (n == 1 && is_stop(k)) continue;
    Cand c;
    c.type = "person";
    c.pk = PKind::kLexicon;
    c.b = toks_[k].b;
    c.e = toks_[k + n - 1].e;
    c.rule = n == 1 && !any_full ? "person.lexicon_alt" : "person.lexicon";
    c.refs = *refs;
    if (any_full) std::erase_if(c.refs, [](const NameRef& r) { return !r.full; });
    // One word needs support (the person named in full elsewhere in the document) unless
    // it is long enough to be unmistakable: "Nianhan", "Wanyanliang"; not "Liang" (Li Ang).
    if (n == 1 && !titled) {
      c.single_alt = true;
      c.min_alone = any_full ? 7 : 6;
      // persons known by one name only (Aju, Bayan, Sanjar): that name is their name
      bool single_named = true;
      for (const auto& r : c.refs) single_named = single_named && lx_.persons[r.person].surname.empty();
      if (single_named) c.min_alone = 3;
      // A hyphenated Wade-Giles name of two or more syllables ("Wu-chu", "A-ku-ta") is written
      // as a name on purpose: it stands alone from five letters.
      if (!any_full && toks_[k].f.find('-') != std::string_view::npos) c.min_alone = std::min(c.min_alone, std::size_t{5});
    }
    c.title = title;
    // Over a claimed place/date span, only names of two or more words and the one name of
    // a single-named person ("Bayan") stay, as latent readings for the overlap policy.
    if (claimed(c.b, c.e)) {
      if (n == 1 && c.min_alone != 3) continue;
      c.flags |= kLatent;
    }
    cands_.push_back(std::move(c));
    return n;
  }
  return 0;
}

// "Song Zongze": a polity word glued before a known person is a polity + that person.
int Run::match_glue(std::size_t k) {
  int pn = 0;
  const detail::Polity* p = polity_at(k, &pn);
  if (!p || pn != 1 || !joined(k)) return 0;
  std::size_t j = k + 1;
  if (!toks_[j].cap) return 0;
  for (int n = 3; n >= 1; --n) {
    std::string key = compact_words(j, n);
    if (key.empty()) continue;
    const std::vector<NameRef>* found = lx_.names.find(key);
    if (!found) continue;
    std::vector<NameRef> refs;
    // any lexicon name, even a one-word alternative ("Jin Wuzhu"): the polity word itself
    // marks the name
    for (const auto& r : *found)
      if (r.full || n > 1 || key.size() >= 5) refs.push_back(r);
    if (refs.empty()) continue;
    push_polity(k, 1, *p, 0);
    Cand c;
    c.type = "person";
    c.pk = PKind::kLexicon;
    c.b = toks_[j].b;
    c.e = toks_[j + n - 1].e;
    c.rule = "person.after_polity";
    c.refs = std::move(refs);
    cands_.push_back(std::move(c));
    return n + 1;
  }
  return 0;
}

int Run::match_discovery(std::size_t k, const std::string& title, bool titled) {
  if (!toks_[k].cap) return 0;
  if (int q = match_placeholder_name(k)) return q;
  // The first word must itself be a romanized word that is not a generic head (the word
  // loop below stops there otherwise): test that before the costlier surname licence.
  // A name over a claimed place or date span is never discovered (tested below for the
  // whole name, which contains this word).
  if (claimed(toks_[k].b, toks_[k].e)) return 0;
  if (is_generic_head(k) || !is_romanized(k)) return 0;
  if (!titled) {
    // cheap licence first: a surname, a clan surname split in two, or a word that is
    // long enough to begin with a clan surname of two or more syllables
    bool lic = is_surname(toks_[k].c) ||
               (joined(k) && toks_[k + 1].cap && is_surname(cat(toks_[k].c, toks_[k + 1].c)));
    if (!lic && toks_[k].c.size() >= 6) {
      std::string_view c = toks_[k].c;
      for (std::size_t L = std::min<std::size_t>(c.size() - 2, 8); L >= 4 && !lic; --L)
        lic = is_surname(c.substr(0, L));
    }
    if (!lic) return 0;
  }
  // up to three capitalized romanized words
  std::size_t n = 0;
  while (n < 3 && word(k + n) && toks_[k + n].cap) {
    std::size_t i = k + n;
    if (n == 0 && is_stop(i) && (toks_[i].sent_start || !is_surname(toks_[i].c))) break;
    if (n > 0 && ((is_stop(i) && !pinyin_word(i)) || is_era_word(i) || is_polity_word(i) ||
                  lx_.titles.contains(toks_[i].f)))
      break;
    if (is_generic_head(i) || !(is_romanized(i) || (n > 0 && pinyin_word(i)))) break;
    ++n;
    if (!joined(i)) break;
  }
  if (n == 0) return 0;
  // a following generic head noun makes it a place/army/polity name
  std::size_t after = k + n;
  if (joined(after - 1) && toks_[after].cap && is_generic_head(after)) return 0;
  if (joined(after - 1) && word(after) && toks_[after].f == "family") return 0;
  // the first word of an untitled name: not a polity word this document uses politically
  if (!titled && active_polity_words_.count(std::string(toks_[k].f))) return 0;
  if (!titled && is_era_word(k) && n == 1) return 0;

  std::size_t use = 0;
  // 3 words: a clan surname split in two ("Wan Yan Zonghan")
  if (n >= 3 && is_surname(cat(toks_[k].c, toks_[k + 1].c)) && (cat(toks_[k].c, toks_[k + 1].c)).size() >= 4)
    use = 3;
  // "Wan Yan" alone is a clan surname split in two, without a given name
  if (n == 2 && is_surname(cat(toks_[k].c, toks_[k + 1].c)) && clan_syllables(cat(toks_[k].c, toks_[k + 1].c)) >= 2)
    return 0;
  if (!use && n >= 2 && is_surname(toks_[k].c)) {
    // not when the second word is itself a known full name ("Wang Wanyanliang": 王 is a title)
    std::string second = compact(toks_[k + 1].f);
    const std::vector<NameRef>* refs = lx_.names.find(second);
    bool second_is_name = false;
    if (refs && second.size() >= 7)
      for (const auto& r : *refs) second_is_name = second_is_name || r.full;
    if (second_is_name) return 0;
    use = 2;
  }
  if (!use) {
    // one word beginning with a clan surname of two or more syllables ("Wanyanliang", "Yelvxiu")
    std::string c = compact(toks_[k].f);
    for (std::size_t L = std::min<std::size_t>(c.size() - 2, 8); L >= 4 && L < c.size(); --L) {
      if (is_surname(c.substr(0, L)) && clan_syllables(c.substr(0, L)) >= 2 &&
          (!im_.eng_real || !im_.eng.segment(c.substr(L)).empty())) {
        use = 1;
        break;
      }
    }
  }
  if (!use && titled) {
    use = std::min<std::size_t>(n, 2);
    // a title alone licenses only names of two or more syllables ("Marshal Nuoheda", not "King Wen")
    if (use == 1 && toks_[k].c.size() < 4) return 0;
  }
  if (!use) return 0;
  std::uint32_t b = toks_[k].b, e = toks_[k + use - 1].e;
  if (claimed(b, e)) return 0;
  {
    std::string all;
    for (std::size_t i = k; i < k + use; ++i) all += toks_[i].c;
    if (lx_.non_persons.count(all)) return 0;
  }

  Cand c;
  c.type = "person";
  c.pk = PKind::kDiscovered;
  c.b = b;
  c.e = e;
  c.rule = titled ? "person.after_title" : "person.surname";
  c.title = title;
  std::string_view surface = span(b, e);
  if (im_.eng_real) {
    auto [pit, fresh] = normalize_cache_.try_emplace(surface);
    if (fresh) pit->second = im_.eng.normalize(surface);
    const romanize::NameParse& p = pit->second;
    if (!p.key.empty() && (p.person || titled)) {
      c.canonical = p.canonical;
      c.key = p.key;
      c.surname = p.surname;
      c.given = p.given;
    } else if (!titled) {
      return 0;
    }
  }
  if (c.key.empty()) {
    // degraded normalization: surname = first word (or a known clan prefix), rest joined
    std::string all = compact(surface);
    std::string sur;
    if (use >= 2) sur = compact(toks_[k].f) + (use == 3 ? compact(toks_[k + 1].f) : "");
    for (std::size_t L = std::min<std::size_t>(all.size(), 8); sur.empty() && L >= 2; --L)
      if (lx_.surnames.contains(std::string_view(all).substr(0, L)) && L < all.size()) sur = all.substr(0, L);
    std::string giv = all.substr(sur.size());
    c.surname = capitalize(sur);
    c.given = capitalize(giv);
    c.canonical = c.surname.empty() ? c.given : (c.given.empty() ? c.surname : c.surname + " " + c.given);
    c.key = key_of_name(c.canonical);
  }
  // The normalized name may be a lexicon person ("Wan Yanliang" → Wanyan Liang).
  if (const std::vector<NameRef>* refs = lx_.names.find(compact(c.canonical))) {
    for (const auto& r : *refs)
      if (r.full) c.refs.push_back(r);
  }
  cands_.push_back(std::move(c));
  return static_cast<int>(use);
}

// "Pusan ??Anzhen": question marks stand for characters the translator could not render;
// between a clan surname and a capitalized given name written against them, they are
// part of the name.
int Run::match_placeholder_name(std::size_t k) {
  if (!im_.eng_real || !toks_[k].cap) return 0;
  // cheap test first: a question mark right after the word
  if (k + 1 >= toks_.size() || !t_.tokens[k + 1].is_punct() || span(toks_[k + 1].b, toks_[k + 1].e) != "?") return 0;
  if (!is_surname(toks_[k].c) || clan_syllables(toks_[k].c) < 2) return 0;
  std::size_t j = k + 1;
  int q = 0;
  while (j < toks_.size() && t_.tokens[j].is_punct() && span(toks_[j].b, toks_[j].e) == "?" && q < 4) {
    if (q > 0 && (t_.tokens[j].flags & text::kSpaceBefore)) return 0;
    ++j;
    ++q;
  }
  if (q == 0 || !word(j) || !toks_[j].cap || (t_.tokens[j].flags & text::kSpaceBefore) || !pinyin_word(j)) return 0;
  std::string name(span(toks_[k].b, toks_[k].e));
  name += ' ';
  name += span(toks_[j].b, toks_[j].e);
  romanize::NameParse p = im_.eng.normalize(name);
  if (!p.person || p.key.empty() || claimed(toks_[k].b, toks_[j].e)) return 0;
  Cand c;
  c.type = "person";
  c.pk = PKind::kDiscovered;
  c.b = toks_[k].b;
  c.e = toks_[j].e;
  c.rule = "person.placeholder";
  c.canonical = p.canonical;
  c.key = p.key;
  c.surname = p.surname;
  c.given = p.given;
  c.flags |= kLatent;
  if (const std::vector<NameRef>* refs = lx_.names.find(compact(c.canonical)))
    for (const auto& r : *refs)
      if (r.full) c.refs.push_back(r);
  cands_.push_back(std::move(c));
  return static_cast<int>(j - k + 1);
}

// "the emperors Hui and Qin": two temple names shortened to their first syllable after
// a plural "emperors" (徽欽二帝).
int Run::match_emperor_pair(std::size_t k) {
  if (toks_[k].f != "emperors" || !joined(k)) return 0;
  std::size_t a = k + 1, b = k + 3;
  if (!joined(a) || toks_[a + 1].f != "and" || !joined(a + 1) || !word(b)) return 0;
  if (!toks_[a].cap || !toks_[b].cap) return 0;
  std::string ta = cat(toks_[a].c, "zong"), tb = cat(toks_[b].c, "zong");
  auto ia = lx_.temples.find(ta), ib = lx_.temples.find(tb);
  if (ia == lx_.temples.end() || ib == lx_.temples.end()) return 0;
  // both of one regime
  std::string regime;
  for (auto pa : ia->second)
    for (auto pb : ib->second)
      if (lx_.persons[pa].regime == lx_.persons[pb].regime && regime.empty()) regime = lx_.persons[pa].regime;
  if (regime.empty()) return 0;
  for (std::size_t i : {a, b}) {
    Cand c;
    c.type = "person";
    c.pk = PKind::kTemple;
    c.b = toks_[i].b;
    c.e = toks_[i].e;
    c.rule = "person.temple_pair";
    c.temple = cat(toks_[i].c, "zong");
    c.regime = regime;
    c.title = "emperor";
    cands_.push_back(std::move(c));
  }
  return static_cast<int>(b - k + 1);
}

int Run::match_title(std::size_t k) {
  int tn = 0;
  const detail::Title* t = title_at(k, &tn);
  if (!t || !t->attaches) return 0;
  std::size_t j = k + tn;
  if (!joined(j - 1) || !toks_[j].cap) return 0;
  std::size_t before = cands_.size();
  int used = match_lexicon(j, t->title, true);
  if (used < 2) {
    cands_.resize(before);
    used = match_temple(j, t->title, t->kind == "royal" ? std::int64_t{toks_[k].b} : -1);
    if (!used) used = match_lexicon(j, t->title, true);
    if (!used) used = match_discovery(j, t->title, true);
  }
  if (!used) return 0;
  for (std::size_t i = before; i < cands_.size(); ++i)
    if (cands_[i].type == "person" && cands_[i].title.empty()) cands_[i].title = t->title;
  return tn + used;
}

// ---------------------------------------------------------------- resolution
void Run::resolve() {
  // persons chosen by unambiguous full-name mentions anchor the document
  std::set<int> in_doc;
  for (auto& c : cands_) {
    if (c.type != "person" || c.single_alt) continue;
    if (c.refs.size() == 1 && (c.pk == PKind::kLexicon || c.pk == PKind::kDiscovered)) {
      c.person = static_cast<int>(c.refs[0].person);
      in_doc.insert(c.person);
    }
  }
  // Sentence context: surnames of persons and regimes of polities named in each sentence.
  std::unordered_map<std::size_t, std::vector<std::string>> sent_cues;
  auto sentence_at = [&](std::uint32_t b) { return t_.sentence_of(t_.token_at_or_after(b)); };
  for (const auto& c : cands_) {
    std::string cue;
    if (c.type == "polity") cue = "r:" + c.norm.get_string("regime");
    else if (c.type == "person" && c.person >= 0) cue = "s:" + compact(lx_.persons[c.person].surname);
    else if (c.type == "person" && !c.surname.empty()) cue = "s:" + compact(c.surname);
    if (cue.size() > 2) sent_cues[sentence_at(c.b)].push_back(std::move(cue));
  }
  std::size_t cur_sentence = 0;
  auto local_score = [&](std::uint32_t p) {
    const auto& P = lx_.persons[p];
    int sc = 0;
    auto it = sent_cues.find(cur_sentence);
    if (it == sent_cues.end()) return 0;
    for (const auto& cue : it->second) {
      if (!P.surname.empty() && cue == "s:" + compact(P.surname)) sc = std::max(sc, 2);
      if (!P.regime.empty() && cue == "r:" + P.regime) sc = std::max(sc, 1);
    }
    return sc;
  };
  // 1 when the person's lifetime overlaps the document's explicit years
  auto in_period = [&](std::uint32_t p) {
    if (!year_min_) return 0;
    const auto& P = lx_.persons[p];
    int from = P.born ? P.born : (P.died ? P.died - 60 : P.floruit - 30);
    int to = P.died ? P.died : (P.born ? P.born + 70 : P.floruit + 30);
    if (!P.born && !P.died && !P.floruit) return 0;
    return (from <= year_max_ && to >= year_min_) ? 1 : 0;
  };
  auto pick = [&](const std::vector<std::uint32_t>& cands, const std::string& regime, bool* ambiguous) -> int {
    std::vector<std::uint32_t> v;
    for (auto p : cands)
      if (regime.empty() || lx_.persons[p].regime == regime) v.push_back(p);
    if (v.empty()) return -1;
    *ambiguous = v.size() > 1;
    // among namesakes, the better-known one (more recorded names) first
    std::stable_sort(v.begin(), v.end(), [&](std::uint32_t a, std::uint32_t b) {
      return lx_.persons[a].n_names > lx_.persons[b].n_names;
    });
    for (auto p : v)
      if (in_doc.count(static_cast<int>(p))) { *ambiguous = false; return static_cast<int>(p); }
    if (v.size() > 1 && regime.empty()) {
      // the candidate the sentence points at (a namesake of the clan, a polity of the
      // regime), else the one whose regime the document names most often
      int best = 0;
      std::vector<std::uint32_t> w;
      for (auto p : v) {
        auto it = regime_count_.find(lx_.persons[p].regime);
        int n = local_score(p) * 10000 + in_period(p) * 1000 + (it == regime_count_.end() ? 0 : it->second);
        if (n > best) { best = n; w.clear(); }
        if (n == best && n > 0) w.push_back(p);
      }
      if (w.size() == 1) { *ambiguous = false; return static_cast<int>(w[0]); }
      if (!w.empty()) return static_cast<int>(w[0]);
      return -1;
    }
    return static_cast<int>(v[0]);
  };
  for (auto& c : cands_) {
    if (c.type != "person" || c.person >= 0) continue;
    bool amb = false;
    if (c.pk == PKind::kTemple) {
      cur_sentence = sentence_at(c.b);
      auto it = lx_.temples.find(c.temple);
      if (it == lx_.temples.end()) { c.drop = true; continue; }
      c.person = pick(it->second, c.regime, &amb);
      if (amb)
        for (auto p : it->second)
          if (c.regime.empty() || lx_.persons[p].regime == c.regime) c.candidates.push_back(p);
      if (c.person < 0) {
        c.drop = true;  // a temple title without a resolvable regime is not a person
        continue;
      }
    } else if (!c.refs.empty()) {
      std::vector<std::uint32_t> v;
      for (const auto& r : c.refs) v.push_back(r.person);
      c.person = pick(v, "", &amb);
      if (c.person < 0) {
        // no context: the better-known namesake, flagged ambiguous
        c.person = static_cast<int>(*std::max_element(v.begin(), v.end(), [&](std::uint32_t a, std::uint32_t b) {
          return lx_.persons[a].n_names < lx_.persons[b].n_names;
        }));
      }
      if (amb) c.candidates = v;
      if (c.single_alt && !in_doc.count(c.person) && compact(span(c.b, c.e)).size() < c.min_alone) {
        c.drop = true;  // a short one-word alternative name needs the full name in the document
        continue;
      }
    }
    if (amb) c.flags |= kAmbiguous;
    if (c.person >= 0) in_doc.insert(c.person);
  }
  // Discovered names: a shorter form of a known name in the document ("Yelu Xiu" for
  // Yelü Xiuge, "Wanyan Lou" for Wanyan Loushi) joins it when the match is unique.
  for (auto& c : cands_) {
    if (c.type != "person" || c.pk != PKind::kDiscovered || c.person >= 0 || c.drop) continue;
    std::string cs = compact(c.surname), cg = compact(c.given);
    if (cs.empty() || cg.empty()) continue;
    int found = -1, count = 0;
    for (int p : in_doc) {
      const auto& P = lx_.persons[p];
      std::string ps = compact(P.surname), pg = compact(P.given);
      if (ps != cs || pg.size() <= cg.size() || pg.compare(0, cg.size(), cg) != 0) continue;
      if (im_.eng_real && im_.eng.segment(pg.substr(cg.size())).empty()) continue;
      if (found != p) { found = p; ++count; }
    }
    if (count == 1) {
      c.person = found;
      c.rule = "person.short_form";
    }
  }
}

// Later one-word short forms: the given name of a person of the document ("Zonghan",
// "Xiezhen"), not otherwise matched.
void Run::find_short_forms() {
  std::unordered_map<std::string, int> given_to_person;  // compact given → person (-2 = clash)
  std::unordered_map<std::string, std::size_t> given_to_disc;
  std::unordered_map<std::string, bool> several_syllables;
  for (std::size_t i = 0; i < cands_.size(); ++i) {
    const auto& c = cands_[i];
    if (c.type != "person" || c.drop) continue;
    std::string g;
    if (c.person >= 0) g = compact(lx_.persons[c.person].given);
    else g = compact(c.given);
    // one-syllable given names ("Liang" of Wanyan Liang) are too ambiguous alone
    if (g.size() < 4) continue;
    if (im_.eng_real) {
      // several syllables? (asked once per given name: a person is named many times)
      auto [known, fresh] = several_syllables.try_emplace(g, false);
      if (fresh) {
        auto seg = im_.eng.segment(g, 1);
        known->second = !seg.empty() && seg[0].size() >= 2;
      }
      if (!known->second) continue;
    } else if (g.size() < 5) {
      continue;
    }
    auto it = given_to_person.find(g);
    int id = c.person >= 0 ? c.person : -1 - static_cast<int>(i) - 10;
    if (it == given_to_person.end()) given_to_person[g] = id;
    else if (it->second != id) it->second = -2;
    if (c.person < 0) given_to_disc[g] = i;
  }
  if (given_to_person.empty()) return;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> covered;
  std::uint32_t covered_max = 0;
  for (const auto& c : cands_)
    if (!c.drop) {
      covered.emplace_back(c.b, c.e);
      covered_max = std::max(covered_max, c.e - c.b);
    }
  std::sort(covered.begin(), covered.end());
  auto is_covered = [&](std::uint32_t b, std::uint32_t e) {
    auto it = std::lower_bound(covered.begin(), covered.end(), std::make_pair(e, 0u));
    while (it != covered.begin()) {
      --it;
      if (it->second > b) return true;
      if (it->first + covered_max <= b) break;
    }
    return false;
  };
  std::vector<Cand> extra;
  for (std::size_t k = 0; k < toks_.size(); ++k) {
    if (!word(k) || !toks_[k].cap || is_stop(k)) continue;
    auto it = given_to_person.find(std::string(toks_[k].c));
    if (it == given_to_person.end() || it->second == -2) continue;
    if (is_covered(toks_[k].b, toks_[k].e) || claimed(toks_[k].b, toks_[k].e)) continue;
    if (joined(k) && toks_[k + 1].cap && is_generic_head(k + 1)) continue;
    Cand c;
    c.type = "person";
    c.pk = PKind::kGiven;
    c.b = toks_[k].b;
    c.e = toks_[k].e;
    c.rule = "person.given_name";
    if (it->second >= 0) {
      c.person = it->second;
    } else {
      const Cand& d = cands_[given_to_disc[it->first]];
      c.canonical = d.canonical;
      c.key = d.key;
      c.surname = d.surname;
      c.given = d.given;
    }
    extra.push_back(std::move(c));
  }
  for (auto& c : extra) cands_.push_back(std::move(c));
}

std::vector<Mention> Run::emit() {
  // Last step of the run: candidates are moved out.
  std::vector<Mention> out;
  out.reserve(cands_.size());
  for (auto& c : cands_) {
    if (c.drop) continue;
    Mention m;
    m.begin = c.b;
    m.end = c.e;
    m.flags = c.flags;
    m.score = c.flags & kLatent ? 0.5f : (c.pk == PKind::kDiscovered ? 0.8f : 1.0f);
    if (c.type == "person") {
      Value::Object o;  // members in output order (each once)
      o.reserve(7);
      if (c.person >= 0) {
        const auto& P = lx_.persons[c.person];
        o.emplace_back("canonical", P.canonical);
        o.emplace_back("key", P.key);
        o.emplace_back("entity_id", P.id);
        if (!c.title.empty()) o.emplace_back("title", c.title);
        if (!P.regime.empty()) o.emplace_back("regime", P.regime);
        o.emplace_back("lexicon_id", P.id);
        if ((c.flags & kAmbiguous) && c.candidates.size() > 1) {
          Value::Array ids;
          for (auto p : c.candidates) ids.emplace_back(lx_.persons[p].id);
          o.emplace_back("candidates", std::move(ids));
        }
      } else {
        if (c.key.empty()) continue;
        o.emplace_back("canonical", c.canonical);
        o.emplace_back("key", c.key);
        std::string id = "n.";
        for (char ch : c.key) id += (ch == ' ' ? '_' : ch);
        o.emplace_back("entity_id", std::move(id));
        if (!c.title.empty()) o.emplace_back("title", c.title);
      }
      m.normalized = Value(std::move(o));
    } else {
      m.normalized = std::move(c.norm);
    }
    m.type = std::move(c.type);
    m.rule = std::move(c.rule);
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  return out;
}

std::vector<Mention> Run::run() {
  count_active_polities();
  for (std::size_t k = 0; k < toks_.size();) {
    if (!word(k)) { ++k; continue; }
    if (!toks_[k].cap && !(toks_[k].bits & (detail::kFirstTitle | detail::kFirstArmy | detail::kFirstEventKnown)) &&
        toks_[k].f != "emperors") {
      ++k;
      continue;
    }
    int used = match_event(k);
    if (!used) used = match_known_army(k);
    if (!used) used = match_emperor_pair(k);
    std::size_t before = cands_.size();
    int lex = used ? 0 : match_lexicon(k, {}, false);
    if (!used && lex < 2) {
      cands_.resize(before);
      used = match_title(k);
      before = cands_.size();
      lex = used ? 0 : match_lexicon(k, {}, false);
    }
    if (lex >= 2) {
      used = lex;  // a lexicon name of two or more words beats temple, polity + name, discovery
    } else if (!used) {
      cands_.resize(before);
      used = match_temple(k, {}, -1);
      if (!used && lex == 1 && !is_polity_word(k)) {
        // one lexicon word ("Liang" = Li Ang) unless a longer unknown name starts here ("Liang Xing")
        used = match_discovery(k, {}, false);
        if (used < 2) {
          cands_.resize(before);
          used = match_lexicon(k, {}, false);
        }
      }
    }
    if (!used) used = match_glue(k);
    if (!used) used = match_army(k);
    if (!used) used = match_discovery(k, {}, false);
    if (!used) used = match_polity(k);
    k += used ? static_cast<std::size_t>(used) : 1;
  }
  resolve();
  find_short_forms();
  return emit();
}

}  // namespace

std::vector<Mention> Extractor::extract(const text::Tokenized& t, const ExtractContext& ctx) const {
  Run r(impl_->s, t, ctx);
  return r.run();
}

}  // namespace shilu::names
