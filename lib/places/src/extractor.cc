// Place extraction: gazetteer matching over folded token keys, generic suffixes, glosses
// "(now X, Province)", single-syllable prefecture lists, movement verbs, document-level
// propagation of discovered names, and disambiguation of homonyms.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "internal.h"

namespace shilu::places {

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

struct Tok {
  std::string c;        // compact lower-case form ("kaifeng", "todays")
  bool word = false;
  bool cap = false;     // capitalized or all caps
  int syl = 0;          // syllables when romanized Chinese, else 0
  bool claimed = false; // inside a prior (non-place) mention
  std::uint16_t cls = 0; // WordClass bits
  const Generic* gen = nullptr;
};

constexpr std::uint16_t bit(WordClass c) { return static_cast<std::uint16_t>(1u << static_cast<unsigned>(c)); }

struct Gloss {
  std::uint32_t open = 0, close = 0;  // token indices of "(" and ")"
};

struct Cand {
  std::uint32_t tb = 0, te = 0;  // token range [tb, te)
  std::uint32_t name = kNone;    // gazetteer name, or kNone for a discovered place
  const std::vector<std::uint32_t>* entries = nullptr;  // readings of the matched spelling
  std::string canonical, key;    // discovered places
  std::string kind_hint;
  std::string rule;
  bool in_gloss = false;
  bool latent = false;
  float score = 0.9f;
  std::vector<std::string> regimes;
  std::size_t strong_regimes = 0;  // regimes[0, strong) qualify the name directly
  int gloss = -1;                // gloss that identifies this place (index into glosses)
};

// Appends the decimal digits of an integer (as std::to_string writes them).
template <class Int>
void append_num(std::string& out, Int v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// The memo keys of Run::build(): a matched name and what its readings depend on.
void append_name_key(std::string& out, std::uint32_t name, const std::vector<std::uint32_t>* entries) {
  append_num(out, name);
  out += '/';
  append_num(out, reinterpret_cast<std::uintptr_t>(entries));
}
void append_centroid_key(std::string& out, bool has_c, double lat, double lon) {
  if (!has_c) {
    out += '-';
    return;
  }
  append_num(out, std::lround(lat * 4));
  out += ',';
  append_num(out, std::lround(lon * 4));
}
void append_regimes_key(std::string& out, std::size_t strong, const std::vector<std::string>& regimes) {
  append_num(out, strong);
  out += ':';
  for (const auto& r : regimes) {
    out += r;
    out += ',';
  }
}

std::string title_case(std::string_view s) {
  std::string out(s);
  bool start = true;
  for (auto& ch : out) {
    if (start && ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 32);
    start = (ch == ' ' || ch == '-');
  }
  return out;
}

class Run {
 public:
  Run(const Gazetteer::Impl& g, const text::Tokenized& t, const ExtractContext& ctx)
      : g_(g), t_(t), ctx_(ctx) {}

  std::vector<Mention> run();

 private:
  const Gazetteer::Impl& g_;
  const text::Tokenized& t_;
  const ExtractContext& ctx_;
  std::vector<Tok> tok_;
  std::vector<char> used_;
  std::vector<Gloss> glosses_;
  std::vector<int> gloss_of_;  // token → gloss index whose inside contains it, or -1
  std::vector<int> gloss_open_at_;  // token index of "(" → gloss index
  std::vector<Cand> cands_;
  int year_min_ = 0, year_max_ = 0;
  std::unordered_map<std::string, std::pair<Value, std::uint8_t>> memo_;
  StringMap<int> syl_memo_;  // per document: syllables of capitalized words
  mutable std::unordered_map<std::string, std::string> glued_memo_;  // per document; Run is local to extract()

  std::size_t n() const { return tok_.size(); }
  bool is(std::size_t i, WordClass c) const { return i < n() && (tok_[i].cls & bit(c)); }
  bool punct(std::size_t i, char ch) const {
    return i < n() && t_.tokens[i].is_punct() && t_.view(i).size() == 1 && t_.view(i)[0] == ch;
  }
  // Only white space (no line break) between tokens a and a+1.
  bool adjacent(std::size_t a) const {
    if (a + 1 >= n()) return false;
    const auto& x = t_.tokens[a];
    const auto& y = t_.tokens[a + 1];
    if (y.flags & text::kLineBefore) return false;
    for (auto k = x.end; k < y.begin; ++k)
      if (t_.text[k] != ' ' && t_.text[k] != '\t') return false;
    return true;
  }
  const Generic* generic(std::size_t i) const { return i < n() ? tok_[i].gen : nullptr; }
  bool free(std::size_t i) const { return i < n() && !used_[i] && !tok_[i].claimed; }
  bool romanized(std::size_t i) const {
    return i < n() && tok_[i].word && tok_[i].cap && tok_[i].syl > 0 && !is(i, WordClass::kEnglish) &&
           !is(i, WordClass::kGloss) && !is(i, WordClass::kDirection) && !is(i, WordClass::kTitle) &&
           !is(i, WordClass::kPrep);
  }
  std::string regime(std::size_t i) const {
    auto it = g_.regime_of.find(tok_[i].c);
    return it != g_.regime_of.end() ? it->second : std::string(t_.view(i));
  }
  bool starts_known(std::size_t i) const {
    if (i >= n() || !tok_[i].word) return false;
    const std::vector<Form>* forms = g_.index.find(tok_[i].c);
    if (!forms) return false;
    for (const auto& f : *forms)
      if (!f.short_form) return true;
    return false;
  }

  void prepare();
  void find_glosses();
  void list_rule();
  void main_scan();
  void propagate();
  bool gazetteer_match(std::size_t i, Cand& c) const;
  bool discover(std::size_t i, Cand& c) const;
  bool person_like_neighbour(const Cand& c) const;
  bool era_context(std::size_t tb, std::size_t te) const;
  bool army_after(std::size_t te) const;
  void take(Cand c) {
    for (auto k = c.tb; k < c.te; ++k) used_[k] = 1;
    cands_.push_back(std::move(c));
  }
  std::vector<Mention> build();
  std::vector<Mention> merge_compounds(std::vector<Mention> ms) const;
  // Gazetteer entries of a matched name: those of the spelling, else all of the name.
  const std::vector<std::uint32_t>& readings_of(const Cand& c) const {
    return c.entries ? *c.entries : g_.names[c.name].entries;
  }
};

void Run::prepare() {
  tok_.resize(t_.tokens.size());
  cands_.reserve(t_.tokens.size() / 16 + 16);
  used_.assign(t_.tokens.size(), 0);
  gloss_of_.assign(t_.tokens.size(), -1);
  gloss_open_at_.assign(t_.tokens.size(), -1);
  for (std::size_t i = 0; i < t_.tokens.size(); ++i) {
    const auto& tk = t_.tokens[i];
    auto& o = tok_[i];
    if (!tk.is_word()) continue;
    o.word = true;
    compact_into(t_.view(i), o.c);
    o.cap = tk.capitalized() || (tk.flags & text::kAllCaps);
    if (const auto* w = g_.word_info.find(o.c)) {
      o.cls = w->cls;
      o.gen = w->gen;
    }
    if (o.cap) {
      if (tk.flags & (text::kHasApostrophe | text::kHasHyphen)) {
        o.syl = g_.syllables_of(text::fold(t_.view(i)));
      } else {
        // Capitalized words repeat: memoize per document.
        if (const int* known = syl_memo_.find(o.c)) {
          o.syl = *known;
        } else {
          o.syl = g_.syllable_count(o.c);
          syl_memo_.insert(o.c, o.syl);
        }
      }
    }
  }
  year_min_ = ctx_.year_min;
  year_max_ = ctx_.year_max;
  if (ctx_.prior) {
    for (const auto& m : *ctx_.prior) {
      if (m.type == "place") continue;
      std::size_t k = t_.token_at_or_after(m.begin);
      for (; k < n() && t_.tokens[k].begin < m.end; ++k) tok_[k].claimed = true;
      if (m.type == "date" && year_min_ == 0 && year_max_ == 0) {
        // The pipeline normally fills year_min/max; fall back on the prior dates.
        if (const Value* y = m.normalized.find("year"); y && y->is_int()) {
          int yv = static_cast<int>(y->as_int());
          if (yv > 0 && yv < 2100) {
            if (ctx_.year_min == 0 && (year_min_ == 0 || yv < year_min_)) year_min_ = yv;
            if (ctx_.year_max == 0 && yv > year_max_) year_max_ = yv;
          }
        }
      }
    }
    if (ctx_.year_min == 0 && ctx_.year_max == 0 && year_min_ != 0) {
      // recompute min over all dates (the loop above only seeds the first)
      for (const auto& m : *ctx_.prior)
        if (m.type == "date")
          if (const Value* y = m.normalized.find("year"); y && y->is_int() && y->as_int() > 0 && y->as_int() < 2100)
            year_min_ = std::min(year_min_, static_cast<int>(y->as_int())),
            year_max_ = std::max(year_max_, static_cast<int>(y->as_int()));
    }
  }
}

void Run::find_glosses() {
  for (std::size_t i = 0; i < n(); ++i) {
    if (!punct(i, '(')) continue;
    std::size_t j = i + 1;
    for (; j < n() && j < i + 32; ++j)
      if (punct(j, ')') || punct(j, '(')) break;
    if (j >= n() || !punct(j, ')') || j == i + 1) continue;
    bool marker = false, digits = false, all_cap = true, province = false;
    std::size_t words = 0;
    for (std::size_t k = i + 1; k < j; ++k) {
      if (t_.tokens[k].is_number()) digits = true;
      if (!tok_[k].word) continue;
      ++words;
      if (k < i + 6 && is(k, WordClass::kGloss)) marker = true;
      // "(south of Shangqiu …)", "(southwest of today's …)"
      if (k == i + 1 && is(k, WordClass::kDirection) && k + 1 < j && tok_[k + 1].c == "of") marker = true;
      if (!tok_[k].cap && !generic(k)) all_cap = false;
      if (tok_[k].cap) {
        if (const std::vector<Form>* forms = g_.index.find(tok_[k].c))
          for (const auto& f : *forms)
            for (auto e : g_.names[f.name].entries)
              if (g_.entries[e].kind == "province") province = true;
      }
    }
    if (words == 0 || words > 14) continue;
    if (!(marker || (all_cap && province && !digits))) continue;
    int gi = static_cast<int>(glosses_.size());
    glosses_.push_back(Gloss{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)});
    gloss_open_at_[i] = gi;
    for (std::size_t k = i + 1; k < j; ++k) gloss_of_[k] = gi;
    i = j;
  }
}

bool Run::era_context(std::size_t tb, std::size_t te) const {
  // "the third year of Jiading", "Jiading era", "Shaoxing Peace Agreement", "Tianhui's reign"
  if (tb >= 2 && tok_[tb - 1].c == "of" && is(tb - 2, WordClass::kEraCue)) {
    // "the treaty of Shan-yüan" names a place; "the peace of Shaoxing" an era.
    const std::string& cue = tok_[tb - 2].c;
    if (cue != "treaty" && cue != "peace" && cue != "agreement" && cue != "alliance") return true;
    std::string name;
    for (std::size_t k = tb; k < te; ++k) name += compact(tok_[k].c);
    return g_.era_names.count(name) != 0;
  }
  // "reign title, Yanqing", "changing the era to Dading", "the era name was Jiading"
  if (tb >= 2 && (punct(tb - 1, ',') || tok_[tb - 1].c == "to" || tok_[tb - 1].c == "was" || tok_[tb - 1].c == "as") &&
      is(tb - 2, WordClass::kEraCue) && tok_[tb - 2].c != "year")
    return true;
  if (tb >= 3 && tok_[tb - 1].c == "was" && tok_[tb - 2].c == "name" && is(tb - 3, WordClass::kEraCue)) return true;
  if (te < n() && is(te, WordClass::kEraCue)) return true;
  if (te + 1 < n() && t_.tokens[te].is_punct() && is(te + 1, WordClass::kEraCue)) return true;
  if (te + 2 < n() && t_.tokens[te].is_punct() && tok_[te + 1].c == "s" && is(te + 2, WordClass::kEraCue)) return true;
  return false;
}

bool Run::army_after(std::size_t te) const {
  // "Pinglu Army", "Jin army", "Jindong Route Army", "Lianghe Rebel Army", "Liao Kingdom"
  for (std::size_t k = te; k < n() && k < te + 3; ++k) {
    if (!tok_[k].word) return false;
    if (is(k, WordClass::kAfterNot)) return true;
    if (!tok_[k].cap) return false;  // lower-case word in between: stop looking
    if (romanized(k) && starts_known(k)) return false;
  }
  return false;
}

bool Run::person_like_neighbour(const Cand& c) const {
  // Before: walk back over the capitalized run (at most 3 words).
  std::size_t k = c.tb;
  for (int steps = 0; steps < 3 && k > 0; ++steps) {
    std::size_t p = k - 1;
    if (!adjacent(p) || !tok_[p].word || !tok_[p].cap) break;
    if (used_[p]) break;  // another place ("Zhejiang Linhai")
    if (is(p, WordClass::kTitle)) return true;
    if (is(p, WordClass::kPolity)) {
      if (steps > 0) return true;
      // "Jin Nanjing" qualifies the name; "Han Shizhong" is a person.
      if (c.name == kNone) return true;
      bool match = false;
      for (auto e : g_.names[c.name].entries) {
        const auto& reg = g_.entries[e].regime;
        std::string pw = regime(p);
        if (reg.find(pw) != std::string::npos) match = true;
      }
      if (!match) return true;
      break;
    }
    if (steps == 0 && romanized(p) && !starts_known(p)) return true;
    if (!romanized(p)) {
      k = p;
      continue;  // an English word ("Empress Dowager Longyou" is caught by the title)
    }
    break;
  }
  // After: the next capitalized word.
  if (c.te < n() && c.te > 0 && adjacent(c.te - 1) && tok_[c.te].word && tok_[c.te].cap) {
    std::size_t a = c.te;
    if (is(a, WordClass::kTitle)) return true;
    if (romanized(a) && !starts_known(a) && !is(a, WordClass::kPolity)) return true;
  }
  return false;
}

bool Run::gazetteer_match(std::size_t i, Cand& c) const {
  if (!tok_[i].word || !tok_[i].cap) return false;
  // Longest span of adjacent word tokens whose compact form is a full (not single-syllable) form.
  std::string acc;
  std::size_t best_end = 0;
  const std::vector<Form>* best = nullptr;
  std::string tail;  // "fu"/"jun" glued to a name ("Zhendingfu")
  std::string acc_at_best;
  for (std::size_t k = i; k < n() && k < i + g_.max_span; ++k) {
    if (!tok_[k].word || (k > i && !adjacent(k - 1)) || !free(k)) break;
    if (k > i && !tok_[k].cap && !generic(k)) break;
    acc += tok_[k].c;
    if (const std::vector<Form>* forms = g_.index.find(acc)) {
      best = forms;
      best_end = k + 1;
      acc_at_best = acc;
      tail.clear();
    } else if (k == i) {
      for (std::string_view suf : {std::string_view("fu"), std::string_view("jun")}) {
        if (acc.size() > suf.size() + 3 && acc.ends_with(suf)) {
          if (const std::vector<Form>* forms = g_.index.find(std::string_view(acc).substr(0, acc.size() - suf.size()))) {
            best = forms;
            best_end = k + 1;
            acc_at_best = acc.substr(0, acc.size() - suf.size());
            tail = std::string(suf);
          }
        }
      }
    }
  }
  if (!best && tok_[i].syl == 0 && !(t_.tokens[i].flags & (text::kHasApostrophe | text::kHasHyphen))) {
    // A glued postal spelling: "Kienkang" → Jiankang, "Pienliang" → Bianliang.
    std::string py;
    if (tok_[i].c.size() >= 5 && !tok_[i].cls) {
      auto [it, fresh] = glued_memo_.try_emplace(tok_[i].c);
      if (fresh) it->second = g_.pinyin_of_glued(tok_[i].c);
      py = it->second;
    }
    if (!py.empty()) {
      if (const std::vector<Form>* forms = g_.index.find(py)) {
        best = forms;
        best_end = i + 1;
        acc_at_best = py;
      }
    }
  }
  if (!best && (t_.tokens[i].flags & (text::kHasApostrophe | text::kHasHyphen))) {
    // A Wade-Giles spelling that the gazetteer lists only in pinyin: "Ch'u-chou" → Chuzhou.
    std::string py = g_.pinyin_of(t_.view(i));
    if (!py.empty()) {
      if (const std::vector<Form>* forms = g_.index.find(compact(py))) {
        best = forms;
        best_end = i + 1;
        acc_at_best = compact(py);
      }
    }
  }
  if (!best) return false;
  // Choose the name: a full form; single-syllable forms need list context (list_rule).
  std::uint32_t name = kNone;
  const Form* chosen = nullptr;
  // A name written in one word matches split words only when long enough not to be a
  // surname + given name ("Huang Tiandang" = Huangtiandang, but "Liu He" is not Liuhe).
  const bool spans = best_end - i > 1 && g_.syllable_count(acc_at_best) < 3;
  // Prefer the name that this form spells exactly (Heilongjiang the province over the
  // river's variant "Heilongjiang").
  for (const auto& f : *best)
    if (!f.short_form && (!spans || f.multiword) && g_.names[f.name].compact == acc_at_best) {
      name = f.name;
      chosen = &f;
      break;
    }
  if (name == kNone) {
    // A form shared by several names ("Central Capital": Liao Zhongjing, Jin Zhongdu): the
    // name already named in the document ("Zhongjing (the Central Capital …)"), then one with
    // a reading in the document's period, else the first.
    int best_fit = -1;
    for (const auto& f : *best) {
      if (f.short_form || (spans && !f.multiword)) continue;
      int fit = 0;
      bool in_period = false;
      for (const auto& earlier : cands_)
        if (earlier.name == f.name) {
          fit = 2;
          break;
        }
      if (year_min_ != 0 || year_max_ != 0) {
        for (auto e : f.entries.empty() ? g_.names[f.name].entries : f.entries) {
          const Entry& en = g_.entries[e];
          if (en.modern_layer || (en.start_year == 0 && en.end_year == 0)) continue;
          int lo = en.start_year == 0 ? -10000 : en.start_year, hi = en.end_year == 0 ? 10000 : en.end_year;
          if (lo <= year_max_ && hi >= year_min_) in_period = true;
        }
      }
      fit += in_period ? 1 : 0;
      if (fit > best_fit) {
        best_fit = fit;
        name = f.name;
        chosen = &f;
      }
    }
  }
  if (name == kNone) {
    // A single-syllable name that is a place only in context ("to Shu").
    for (const auto& f : *best)
      if (f.short_form && (g_.names[f.name].flags & kNeedsContext) && !spans) { name = f.name; chosen = &f; break; }
  }
  if (name == kNone) return false;
  c = Cand{};
  c.tb = static_cast<std::uint32_t>(i);
  c.te = static_cast<std::uint32_t>(best_end);
  c.name = name;
  c.entries = chosen ? &chosen->entries : nullptr;
  c.rule = "place.gazetteer";
  if (tail == "fu") c.kind_hint = "superior_prefecture";
  if (tail == "jun") c.kind_hint = "military_prefecture";
  // Generic suffix: "Kaifeng Prefecture", "Huai River", "Jinzhou City".
  if (c.te < n() && adjacent(c.te - 1) && free(c.te)) {
    if (const Generic* gen = generic(c.te); gen && !gen->prefix) {
      c.kind_hint = gen->kind;
      c.te += 1;
      // A natural feature named after a place is another place: "Yuanyang Lake" is not the
      // county Yuanyang. Keep the feature word in the key.
      static constexpr std::string_view kNatural[] = {"river", "lake", "mountain", "mountain_range", "island",
                                                      "pass", "ferry", "canal", "site"};
      if (std::find(std::begin(kNatural), std::end(kNatural), gen->kind) != std::end(kNatural)) {
        bool compatible = false;
        for (auto e : chosen ? chosen->entries : g_.names[name].entries) {
          const std::string& k = g_.entries[e].kind;
          if (k == gen->kind || (gen->kind == "river" && k == "canal") ||
              ((gen->kind == "mountain" || gen->kind == "mountain_range") && (k == "mountain" || k == "mountain_range")) ||
              (gen->kind == "pass" && k == "fortress") || (gen->kind == "ferry" && k == "site"))
            compatible = true;
        }
        if (!compatible) {
          std::string word = gen->key_word.empty() ? tok_[c.te - 1].c : gen->key_word;
          c.canonical = g_.names[name].canonical + " " + title_case(word);
          c.key = g_.names[name].key + " " + word;
          c.name = kNone;
          c.entries = nullptr;
          c.rule = "place.suffix";
          c.score = 0.75f;
        }
      }
    }
  }
  // Generic prefix before: "Mount Tai" is indexed whole; nothing to do.
  return true;
}

bool Run::discover(std::size_t i, Cand& c) const {
  // Unknown romanized name + generic suffix ("Yu County", "Hannan Province"), an unknown
  // name right before a gloss ("Majiadu (now …)"), an unknown name inside a gloss, or after
  // a movement verb ("marched to Xiangcheng"), latent.
  std::size_t k = i;
  std::string dir;
  if (tok_[k].cap && is(k, WordClass::kDirection) && k + 1 < n() && adjacent(k)) {
    dir = std::string(t_.view(k));
    ++k;
  }
  if (!romanized(k) || !free(k)) return false;
  if (generic(k) && !(k + 1 < n() && tok_[k + 1].cap && generic(k + 1) && generic(k + 1)->discover)) return false;
  if (is(k, WordClass::kPolity) && dir.empty()) return false;
  std::size_t e = k + 1;
  // A second romanized word glued by a space: "Huang Tiandang" (only inside/before glosses).
  if (e < n() && adjacent(e - 1) && romanized(e) && !generic(e) && free(e) && !starts_known(e) && !is(e, WordClass::kPolity) &&
      gloss_of_[k] == -1)
    ++e;
  const Generic* gen = (e < n() && adjacent(e - 1) && free(e)) ? generic(e) : nullptr;
  const bool in_gloss = gloss_of_[k] != -1;
  const bool before_gloss = e < n() && gloss_open_at_[e] != -1;
  const bool army_before_gloss = e + 1 < n() && tok_[e].c == "army" && gloss_open_at_[e + 1] != -1;
  int syl = 0;
  for (std::size_t q = k; q < e; ++q) syl += tok_[q].syl;
  std::string base;
  for (std::size_t q = k; q < e; ++q) {
    if (!base.empty()) base += ' ';
    base += std::string(t_.view(q));
  }
  c = Cand{};
  c.tb = static_cast<std::uint32_t>(dir.empty() ? k : i);
  if (gen && gen->discover && !gen->prefix && tok_[e].cap) {
    std::string py = g_.pinyin_of(base);
    std::string canon = (dir.empty() ? "" : dir + " ") + (py.empty() ? base : py);
    c.te = static_cast<std::uint32_t>(e + 1);
    c.kind_hint = gen->kind;
    c.canonical = title_case(canon) + (gen->key_word.empty() ? "" : " " + title_case(gen->key_word));
    c.key = key_of(canon) + (gen->key_word.empty() ? "" : " " + gen->key_word);
    c.rule = "place.suffix";
    c.score = 0.75f;
    c.in_gloss = in_gloss;
    return true;
  }
  if (!dir.empty()) return false;
  if (syl < 2) return false;
  // English words that happen to segment ("Sea" = se + a) are not names: no bare vowel syllables.
  for (std::size_t q = k; q < e; ++q)
    if (!(t_.tokens[q].flags & (text::kHasApostrophe | text::kHasHyphen)) && g_.syllable_count(tok_[q].c, true) == 0)
      return false;
  c.te = static_cast<std::uint32_t>(e);
  c.canonical = title_case(text::fold(base));
  if (!(t_.tokens[k].flags & text::kNonAscii)) c.canonical = base;
  if (std::string py = g_.pinyin_of(base); !py.empty()) c.canonical = py;  // Ch'en-ch'iao → Chenqiao
  c.key = key_of(c.canonical);
  if (in_gloss) {
    c.rule = "place.gloss_modern";
    c.in_gloss = true;
    c.score = 0.8f;
    return true;
  }
  if (army_before_gloss) {
    c.te = static_cast<std::uint32_t>(e + 1);
    c.canonical = base + " Army";
    c.key = key_of(base) + " army";
    c.kind_hint = "military_prefecture";
    c.rule = "place.gloss_anchor";
    c.score = 0.8f;
    return true;
  }
  if (before_gloss) {
    c.rule = "place.gloss_anchor";
    c.score = 0.8f;
    return true;
  }
  const bool next_cap = e < n() && tok_[e].cap && adjacent(e - 1);
  // "Changchunzhou", "Dingchuanzhai", "Dashuncheng": one romanized word of three or more
  // syllables ending in a toponymic head syllable (context.tsv class `head`).
  if (e - k == 1 && !next_cap && syl >= 3 && !is(k, WordClass::kPolity)) {
    const std::string& w = tok_[k].c;
    for (const auto& h : g_.heads)
      if (w.size() > h.size() + 2 && w.ends_with(h) &&
          g_.syllable_count(std::string_view(w).substr(0, w.size() - h.size()), true) >= 2) {
        c.rule = "place.head_syllable";
        c.score = 0.6f;
        return true;
      }
  }
  // After a movement verb: "fled to X", "besieged X", "crossed the X".
  std::size_t p = k;
  if (p > 0 && tok_[p - 1].c == "the") --p;
  if (p > 0 && (is(p - 1, WordClass::kPrep) && (tok_[p - 1].c == "to" || tok_[p - 1].c == "into" ||
                                                 tok_[p - 1].c == "toward" || tok_[p - 1].c == "towards")))
    --p;
  if (p > 0 && is(p - 1, WordClass::kVerb) && e - k == 1 && !next_cap) {
    c.rule = "place.movement";
    c.latent = true;
    c.score = 0.5f;
    return true;
  }
  // "at Hubudagang in 1115", "at Ch'u-ho-tien,": a place preposition before an unknown name.
  if (k > 0 && tok_[k - 1].c == "at" && e - k == 1 && !next_cap) {
    c.rule = "place.preposition";
    c.score = 0.55f;
    return true;
  }
  // "took Lingbi and Hongxian": coordinated with a place.
  if (k >= 2 && (tok_[k - 1].c == "and" || punct(k - 1, ',')) && used_[k - 2] && e - k == 1 && !next_cap) {
    c.rule = "place.coordination";
    c.score = 0.6f;
    return true;
  }
  return false;
}

void Run::list_rule() {
  // "Hai, Si, Tang, Deng, Shang states", "Su (now Anhui), Tang, Cai (now Runan, Henan) and
  // other states", "Qin and Tao (now Lintan, Gansu)", "the Huai, Han, and Yangtze River".
  for (std::size_t i = 0; i < n(); ++i) {
    if (!tok_[i].word || !tok_[i].cap || tok_[i].syl != 1 || !free(i) || gloss_of_[i] != -1) continue;
    if (i > 0 && adjacent(i - 1) && tok_[i - 1].word && tok_[i - 1].cap) continue;  // "Liu Qi", "Kang Wang"
    struct Member { std::size_t tok; int gloss; };
    std::vector<Member> members;
    std::size_t k = i;
    bool river_tail = false;
    while (true) {
      if (!(k < n() && tok_[k].word && tok_[k].cap && tok_[k].syl == 1 && free(k))) break;
      if (k + 1 < n() && adjacent(k) && tok_[k + 1].word && tok_[k + 1].cap && !is(k + 1, WordClass::kListHead) &&
          tok_[k + 1].c != "river" && tok_[k + 1].c != "rivers")
        break;  // "Han Shizhong"
      Member m{k, -1};
      std::size_t nx = k + 1;
      if (nx < n() && gloss_open_at_[nx] != -1) {
        m.gloss = gloss_open_at_[nx];
        nx = glosses_[m.gloss].close + 1;
      }
      members.push_back(m);
      // separator
      bool sep = false;
      if (punct(nx, ',') || punct(nx, ';')) { ++nx; sep = true; }
      if (nx < n() && (tok_[nx].c == "and" || tok_[nx].c == "or")) { ++nx; sep = true; }
      if (!sep) { k = nx; break; }
      // River list tail: "…, and Yangtze River"
      if (nx < n() && tok_[nx].word && tok_[nx].cap && tok_[nx].syl != 1) {
        std::size_t q = nx;
        while (q < n() && tok_[q].word && tok_[q].cap && !generic(q) && q < nx + 3) ++q;
        if (q < n() && (tok_[q].c == "river" || tok_[q].c == "rivers")) {
          river_tail = true;
        }
        k = nx;
        break;
      }
      k = nx;
    }
    if (members.empty()) continue;
    std::size_t after = members.back().gloss != -1 ? glosses_[members.back().gloss].close + 1 : members.back().tok + 1;
    bool river = river_tail || (after < n() && (tok_[after].c == "river" || tok_[after].c == "rivers"));
    if (river && members.size() < 2) continue;  // "Huai River" is a plain gazetteer match
    bool any_gloss = false, all_polity = true;
    for (const auto& m : members) {
      if (m.gloss != -1) any_gloss = true;
      if (!is(m.tok, WordClass::kPolity)) all_polity = false;
    }
    bool head_after = false;
    for (std::size_t q = after; q < n() && q < after + 4; ++q)
      if (is(q, WordClass::kListHead)) head_after = true;
    bool head_before = false;
    for (std::size_t q = i >= 8 ? i - 8 : 0; q < i; ++q)
      if (is(q, WordClass::kListHead) && !generic(q)) head_before = true;
    bool ok = river ? members.size() >= 1
                    : (any_gloss || ((head_after || head_before) && members.size() >= 2 && !all_polity));
    if (members.size() == 1 && !river && !any_gloss) ok = false;
    if (!ok) continue;
    for (const auto& m : members) {
      Cand c;
      c.tb = static_cast<std::uint32_t>(m.tok);
      c.te = c.tb + 1;
      c.gloss = m.gloss;
      std::string full = tok_[m.tok].c + (river ? "river" : "zhou");
      const std::vector<Form>* forms = g_.index.find(full);
      if (forms && !forms->empty()) {
        c.name = forms->front().name;
        c.entries = &forms->front().entries;
      } else {
        std::string base = title_case(tok_[m.tok].c);
        c.canonical = river ? base + " River" : base + "zhou";
        c.key = key_of(c.canonical);
      }
      c.kind_hint = river ? "river" : "prefecture";
      c.rule = river ? "place.river_list" : "place.prefecture_abbrev";
      c.score = 0.8f;
      take(std::move(c));
    }
    i = members.back().tok;
  }
}

void Run::main_scan() {
  for (std::size_t i = 0; i < n(); ++i) {
    if (!free(i) || !tok_[i].word || !tok_[i].cap) continue;
    Cand c;
    bool ok = gazetteer_match(i, c);
    if (ok) {
      // A feature named after a place ("Yuanyang Lake") comes back as a discovered place.
      static const Name kNoName{};
      const Name& nm = c.name != kNone ? g_.names[c.name] : kNoName;
      const bool in_gloss = gloss_of_[i] != -1;
      c.in_gloss = in_gloss;
      if (in_gloss && c.rule == "place.gazetteer") c.rule = "place.gloss_modern";
      if ((nm.flags & kNeedsSuffix) && c.kind_hint.empty() && !(c.te < n() && gloss_open_at_[c.te] != -1)) ok = false;
      if (ok && (nm.flags & kNeedsContext) && c.kind_hint.empty() && !in_gloss) {
        std::size_t p = i;
        if (p > 0 && tok_[p - 1].c == "the") --p;
        if (p >= 3 && tok_[p - 1].c == "s" && t_.tokens[p - 2].is_punct()) p -= 2;  // "today ' s"
        ok = p > 0 && (is(p - 1, WordClass::kPrep) || is(p - 1, WordClass::kVerb) || is(p - 1, WordClass::kGloss)) &&
             tok_[p - 1].c != "of";
      }
      if (ok && c.te - c.tb == 1 && is(i, WordClass::kPolity) && !(nm.flags & kNeedsContext)) ok = false;
      if (ok && c.te - c.tb == 1 && is(i, WordClass::kTitle)) ok = false;  // temple names: Shizong
      // An English homograph ("Mile", "Guide", "Long") is a place only with a suffix or in a gloss.
      if (ok && c.te - c.tb == 1 && is(i, WordClass::kEnglish) && !in_gloss && !(c.te < n() && gloss_open_at_[c.te] != -1))
        ok = false;
      if (ok && army_after(c.te)) {
        bool military = c.kind_hint == "military_prefecture";
        for (auto e : nm.entries)
          if (g_.entries[e].kind == "military_prefecture") military = true;
        if (!military) ok = false;
      }
      if (ok && era_context(c.tb, c.te)) ok = false;
      if (ok && person_like_neighbour(c)) ok = false;
      if (ok) {
        if (i > 0 && adjacent(i - 1) && is(i - 1, WordClass::kPolity)) {
          c.regimes.push_back(regime(i - 1));
          c.strong_regimes = 1;
        }
        // Regimes named in the same sentence ("the Liao court held Xijing").
        const auto& sent = t_.sentences.empty() ? text::Sentence{} : t_.sentences[t_.sentence_of(i)];
        for (std::size_t q = sent.first_token; q < sent.last_token && q < n(); ++q)
          if (q != i && tok_[q].cap && is(q, WordClass::kPolity)) {
            std::string r = regime(q);
            if (std::find(c.regimes.begin(), c.regimes.end(), r) == c.regimes.end()) c.regimes.push_back(r);
          }
        if (c.te < n() && gloss_open_at_[c.te] != -1) c.gloss = gloss_open_at_[c.te];
        // "Jinning Army (now …)"
        if (c.te + 1 < n() && tok_[c.te].c == "army" && gloss_open_at_[c.te + 1] != -1) {
          c.te += 1;
          c.gloss = gloss_open_at_[c.te];
        }
        std::size_t last = c.te - 1;
        take(std::move(c));
        i = last;
        continue;
      }
    }
    Cand d;
    if (discover(i, d)) {
      if (army_after(d.te) || era_context(d.tb, d.te) || person_like_neighbour(d)) continue;
      if (d.te < n() && gloss_open_at_[d.te] != -1) d.gloss = gloss_open_at_[d.te];
      std::size_t last = d.te - 1;
      take(std::move(d));
      i = last;
    }
  }
}

void Run::propagate() {
  // Names discovered once (gloss anchors, glosses, suffix patterns) are places everywhere
  // in the document: "Battle of Huang Tiandang" after "Huangtiandang (today's …)".
  std::unordered_map<std::string, std::size_t> known;
  for (std::size_t ci = 0; ci < cands_.size(); ++ci) {
    const auto& c = cands_[ci];
    if (c.name != kNone || c.latent) continue;
    std::string base;
    for (auto k = c.tb; k < c.te; ++k)
      if (!generic(k) || k == c.tb) base += tok_[k].c;
    if (g_.syllable_count(base) >= 2 || base.find('\'') != std::string::npos) known.emplace(base, ci);
  }
  if (known.empty()) return;
  for (std::size_t i = 0; i < n(); ++i) {
    if (!free(i) || !tok_[i].word || !tok_[i].cap) continue;
    std::string acc;
    for (std::size_t k = i; k < n() && k < i + 3; ++k) {
      if (!tok_[k].word || !free(k) || (k > i && !adjacent(k - 1))) break;
      acc += tok_[k].c;
      auto it = known.find(acc);
      if (it == known.end()) continue;
      Cand c = cands_[it->second];
      c.tb = static_cast<std::uint32_t>(i);
      c.te = static_cast<std::uint32_t>(k + 1);
      if (person_like_neighbour(c) || army_after(c.te)) break;
      c.rule = "place.document";
      c.score = 0.7f;
      c.gloss = c.te < n() ? gloss_open_at_[c.te] : -1;
      c.in_gloss = gloss_of_[i] != -1;
      take(std::move(c));
      i = k;
      break;
    }
  }
}

std::vector<Mention> Run::build() {
  std::sort(cands_.begin(), cands_.end(), [](const Cand& a, const Cand& b) { return a.tb < b.tb; });
  // Unambiguous places (all readings within ~50 km of each other) anchor the others: the
  // centre of those in the same sentence, else of the whole document.
  struct Pt { double lat = 0, lon = 0; bool ok = false; };
  std::vector<Pt> anchor(cands_.size());
  std::unordered_map<std::string, Pt> first_pass;
  std::string mk;  // memo key, rebuilt for each candidate
  double slat = 0, slon = 0;
  int cnt = 0;
  for (std::size_t ci = 0; ci < cands_.size(); ++ci) {
    const auto& c = cands_[ci];
    if (c.name == kNone) continue;
    // First pass without geography: the readings that stay close to the best one.
    mk.clear();
    append_name_key(mk, c.name, c.entries);
    mk += '|';
    mk += c.kind_hint;
    if (c.in_gloss) mk += 'g';
    mk += '|';
    append_regimes_key(mk, c.strong_regimes, c.regimes);
    if (auto it = first_pass.find(mk); it != first_pass.end()) {
      anchor[ci] = it->second;
      if (anchor[ci].ok) slat += anchor[ci].lat, slon += anchor[ci].lon, ++cnt;
      continue;
    }
    first_pass[mk] = Pt{};
    const auto& rs = readings_of(c);
    if (rs.empty()) continue;
    ResolveContext rc0;
    rc0.year_min = year_min_;
    rc0.year_max = year_max_;
    rc0.regimes = c.regimes;
    rc0.strong_regimes = c.strong_regimes;
    rc0.kind_hint = c.kind_hint;
    rc0.in_gloss = c.in_gloss;
    auto ranked = rank_entries(g_, rs, rc0);
    const auto& e0 = g_.entries[rs[ranked[0].index]];
    if (!e0.has_coords) continue;
    bool tight = true;
    for (const auto& rk : ranked) {
      if (ranked[0].score - rk.score >= 0.5) break;
      const auto& en = g_.entries[rs[rk.index]];
      if (!en.has_coords || std::fabs(en.lat - e0.lat) > 0.5 || std::fabs(en.lon - e0.lon) > 0.5) tight = false;
    }
    if (!tight) continue;
    anchor[ci] = Pt{e0.lat, e0.lon, true};
    first_pass[mk] = anchor[ci];
    slat += e0.lat;
    slon += e0.lon;
    ++cnt;
  }
  std::vector<std::size_t> sent_of(cands_.size());
  struct Sum { double lat = 0, lon = 0; int k = 0; };
  std::unordered_map<std::size_t, Sum> by_sentence;
  for (std::size_t ci = 0; ci < cands_.size(); ++ci) {
    sent_of[ci] = t_.sentences.empty() ? 0 : t_.sentence_of(cands_[ci].tb);
    if (anchor[ci].ok) {
      auto& sm = by_sentence[sent_of[ci]];
      sm.lat += anchor[ci].lat;
      sm.lon += anchor[ci].lon;
      ++sm.k;
    }
  }
  // Gloss contents: modern name and province of each gloss.
  // The last province-like place of a gloss is its province; the first other place its name.
  struct GlossLink { std::string name, province; };
  std::vector<GlossLink> links(glosses_.size());
  {
    std::vector<std::vector<std::pair<std::string, bool>>> inside(glosses_.size());
    for (const auto& c : cands_) {
      if (!c.in_gloss) continue;
      int gi = gloss_of_[c.tb];
      if (gi < 0) continue;
      std::string canon = c.name != kNone ? g_.names[c.name].canonical : c.canonical;
      bool prov = c.kind_hint == "province";
      if (c.name != kNone)
        for (auto e : g_.names[c.name].entries)
          if (g_.entries[e].kind == "province") prov = true;
      inside[gi].emplace_back(canon, prov);
    }
    for (std::size_t gi = 0; gi < inside.size(); ++gi) {
      auto& v = inside[gi];
      if (v.empty()) continue;
      std::size_t prov_at = v.size();
      if (v.back().second) prov_at = v.size() - 1;
      if (prov_at < v.size()) links[gi].province = v[prov_at].first;
      for (std::size_t q = 0; q < v.size(); ++q)
        if (q != prov_at) { links[gi].name = v[q].first; break; }
    }
  }
  // Geographic context of a mention: unambiguous places of the same sentence, else of the
  // document; and the province named in its gloss.
  auto geo = [&](std::size_t ci) {
    const Cand& c = cands_[ci];
    bool has_c = false;
    double c_lat = 0, c_lon = 0;
    double la = 0, lo = 0;
    int k = 0;
    if (auto it = by_sentence.find(sent_of[ci]); it != by_sentence.end()) {
      la = it->second.lat, lo = it->second.lon, k = it->second.k;
      if (anchor[ci].ok) la -= anchor[ci].lat, lo -= anchor[ci].lon, --k;
    }
    if (k > 0) {
      has_c = true, c_lat = la / k, c_lon = lo / k;
    } else if (cnt > 0) {
      has_c = true, c_lat = slat / cnt, c_lon = slon / cnt;
    }
    std::string province_hint;
    if (c.in_gloss && gloss_of_[c.tb] >= 0) province_hint = links[gloss_of_[c.tb]].province;
    else if (c.gloss >= 0) province_hint = links[c.gloss].province;
    return std::tuple<bool, double, double, std::string>(has_c, c_lat, c_lon, province_hint);
  };
  auto context = [&](std::size_t ci) {
    const Cand& c = cands_[ci];
    auto [has_c, c_lat, c_lon, province_hint] = geo(ci);
    ResolveContext rc;
    rc.year_min = year_min_;
    rc.year_max = year_max_;
    rc.regimes = c.regimes;
    rc.strong_regimes = c.strong_regimes;
    rc.kind_hint = c.kind_hint;
    rc.in_gloss = c.in_gloss;
    rc.has_centroid = has_c;
    rc.lat = c_lat;
    rc.lon = c_lon;
    rc.province_hint = province_hint;
    return rc;
  };
  // One sense per discourse: each mention votes for its best reading; the votes of a name
  // then nudge all its mentions ("Tokyo" stays Kaifeng through a text about the Song).
  std::unordered_map<std::uint32_t, std::unordered_map<std::string, int>> votes;
  {
    std::unordered_map<std::string, std::string> top_memo;
    for (std::size_t ci = 0; ci < cands_.size(); ++ci) {
      const Cand& c = cands_[ci];
      if (c.name == kNone) continue;
      const auto& es = c.entries ? *c.entries : g_.names[c.name].entries;
      if (es.size() < 2) continue;
      ResolveContext rc = context(ci);
      mk.clear();
      append_name_key(mk, c.name, c.entries);
      mk += '/';
      append_centroid_key(mk, rc.has_centroid, rc.lat, rc.lon);
      mk += '|';
      mk += rc.kind_hint;
      if (rc.in_gloss) mk += 'g';
      mk += '|';
      mk += rc.province_hint;
      mk += '|';
      append_regimes_key(mk, rc.strong_regimes, rc.regimes);
      auto [it, fresh] = top_memo.try_emplace(mk);
      if (fresh) {
        auto ranked = rank_entries(g_, es, rc);
        it->second = g_.entries[es[ranked.front().index]].id;
      }
      ++votes[c.name][it->second];
    }
  }
  std::vector<Mention> out;
  out.reserve(cands_.size());
  for (std::size_t ci = 0; ci < cands_.size(); ++ci) {
    const Cand& c = cands_[ci];
    Mention m;
    m.type = "place";
    m.begin = t_.tokens[c.tb].begin;
    m.end = t_.tokens[c.te - 1].end;
    m.rule = c.rule;
    m.score = c.score;
    if (c.latent) m.flags |= kLatent;
    Value& v = m.normalized;
    auto [has_c, c_lat, c_lon, province_hint] = geo(ci);
    // Readings of a repeated name resolve the same way: memoize per document.
    std::string memo;
    if (c.name != kNone && c.gloss < 0) {
      append_name_key(memo, c.name, c.entries);
      memo += '/';
      append_centroid_key(memo, has_c, c_lat, c_lon);
      memo += '|';
      memo += c.kind_hint;
      memo += '|';
      if (c.in_gloss) memo += 'g';
      memo += '|';
      memo += province_hint;
      memo += '|';
      append_regimes_key(memo, c.strong_regimes, c.regimes);
      if (auto it = memo_.find(memo); it != memo_.end()) {
        m.normalized = it->second.first;
        m.flags |= it->second.second;
        out.push_back(std::move(m));
        continue;
      }
    }
    if (c.name != kNone) {
      const Name& nm = g_.names[c.name];
      Value::Object o;  // members in output order (each once)
      o.reserve(10);
      o.emplace_back("canonical", nm.canonical);
      o.emplace_back("key", nm.key);
      const auto& rs = readings_of(c);
      ResolveContext rc = context(ci);
      auto ranked = rank_entries(g_, rs, rc);
      if (auto vt = votes.find(c.name); vt != votes.end()) {
        int total = 0;
        for (const auto& [id, n_votes] : vt->second) total += n_votes;
        if (total > 1) {
          for (auto& rk : ranked)
            if (auto f = vt->second.find(g_.entries[rs[rk.index]].id); f != vt->second.end())
              rk.score += 0.8 * f->second / total;
          std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) { return a.score > b.score; });
        }
      }
      bool only_modern = true;
      for (auto e : rs) only_modern = only_modern && g_.entries[e].modern_layer;
      if (only_modern && !c.in_gloss && c.kind_hint.empty()) m.score = 0.6f;  // a person may share it
      const Entry& best = g_.entries[rs[ranked.front().index]];
      o.emplace_back("kind", c.kind_hint == "river" || best.kind.empty()
                                 ? (c.kind_hint.empty() ? best.kind : c.kind_hint)
                                 : best.kind);
      if (!best.regime.empty()) o.emplace_back("regime", best.regime);
      if (best.start_year != 0 || (best.end_year != 0 && best.end_year != 9999)) {
        Value p;
        if (best.start_year != 0) p["start"] = best.start_year;
        if (best.end_year != 0) p["end"] = best.end_year;
        o.emplace_back("period", std::move(p));
      }
      if (c.gloss >= 0 && (!links[c.gloss].name.empty() || !links[c.gloss].province.empty())) {
        Value mo;
        if (!links[c.gloss].name.empty()) mo["name"] = links[c.gloss].name;
        if (!links[c.gloss].province.empty()) mo["province"] = links[c.gloss].province;
        o.emplace_back("modern", std::move(mo));
      } else if (!best.modern.empty() || !best.province.empty()) {
        Value mo;
        if (!best.modern.empty()) mo["name"] = best.modern;
        if (!best.province.empty()) mo["province"] = best.province;
        o.emplace_back("modern", std::move(mo));
      }
      if (best.has_coords) {
        o.emplace_back("lat", best.lat);
        o.emplace_back("lon", best.lon);
      }
      o.emplace_back("gazetteer_id", best.id);
      if (ranked.size() > 1 && ranked[0].score - ranked[1].score < 0.5) {
        m.flags |= kAmbiguous;
        Value cands;
        for (std::size_t q = 0; q < ranked.size() && q < 6; ++q) {
          const Entry& r = g_.entries[rs[ranked[q].index]];
          Value cv;
          cv["gazetteer_id"] = r.id;
          cv["place"] = r.place;
          if (!r.modern.empty()) cv["modern"] = r.modern;
          cands.push_back(std::move(cv));
        }
        o.emplace_back("candidates", std::move(cands));
      }
      v = Value(std::move(o));
      if (!memo.empty()) memo_.emplace(memo, std::make_pair(v, static_cast<std::uint8_t>(m.flags & kAmbiguous)));
    } else {
      v["canonical"] = c.canonical;
      v["key"] = c.key;
      v["kind"] = c.kind_hint.empty() ? std::string(c.in_gloss ? "city" : "site") : c.kind_hint;
      if (c.gloss >= 0 && (!links[c.gloss].name.empty() || !links[c.gloss].province.empty())) {
        Value mo;
        if (!links[c.gloss].name.empty()) mo["name"] = links[c.gloss].name;
        if (!links[c.gloss].province.empty()) mo["province"] = links[c.gloss].province;
        v["modern"] = std::move(mo);
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<Mention> Run::run() {
  if (t_.tokens.empty()) return {};
  prepare();
  find_glosses();
  list_rule();
  main_scan();
  propagate();
  return merge_compounds(build());
}

// "Shangjing Huining Mansion", "Dongjing Liaoyang Mansion": a capital's name followed by the
// name of its prefecture is one place. Two adjacent place names (only a space between) that
// resolve to the same gazetteer entry, or to points within 30 km, become one mention with the
// first name's reading.
std::vector<Mention> Run::merge_compounds(std::vector<Mention> ms) const {
  auto point = [](const Mention& m, double& lat, double& lon) {
    const Value* a = m.normalized.find("lat");
    const Value* b = m.normalized.find("lon");
    if (!a || !b) return false;
    lat = a->as_double();
    lon = b->as_double();
    return true;
  };
  std::vector<Mention> out;
  out.reserve(ms.size());
  for (auto& m : ms) {
    if (!out.empty()) {
      Mention& p = out.back();
      bool adjacent_names = p.end < m.begin && m.begin - p.end == 1 && t_.text[p.end] == ' ' &&
                            !(p.flags & kLatent) && !(m.flags & kLatent);
      if (adjacent_names) {
        bool same = p.normalized.get_string("gazetteer_id") == m.normalized.get_string("gazetteer_id") &&
                    !m.normalized.get_string("gazetteer_id").empty();
        double la1, lo1, la2, lo2;
        if (!same && point(p, la1, lo1) && point(m, la2, lo2)) {
          same = distance_km(la1, lo1, la2, lo2) < 30.0;
        }
        // The second name settles an ambiguous first one ("Shangjing" of the Liao or the Jin).
        bool settles = false;
        if (!same && !m.normalized.get_string("gazetteer_id").empty())
          if (const Value* cs = p.normalized.find("candidates"); cs && cs->is_array())
            for (const auto& cv : cs->as_array())
              if (cv.get_string("gazetteer_id") == m.normalized.get_string("gazetteer_id")) settles = true;
        if (same || settles) {
          if (settles) {
            Value v = m.normalized;
            v["canonical"] = p.normalized.get_string("canonical");
            v["key"] = p.normalized.get_string("key");
            v.erase("candidates");
            p.normalized = std::move(v);
            p.flags &= static_cast<std::uint8_t>(~kAmbiguous);
          }
          p.end = m.end;
          p.rule = "place.compound";
          continue;
        }
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace

struct Extractor::Impl {
  Gazetteer gazetteer;
};

Extractor::Extractor(std::unique_ptr<Impl> p) : impl_(std::move(p)) {}
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;
Extractor::~Extractor() = default;

Result<Extractor> Extractor::load(const std::filesystem::path& resources_root) {
  auto g = Gazetteer::load(resources_root);
  if (!g) return g.error();
  return Extractor(std::make_unique<Impl>(Impl{std::move(g.value())}));
}

const Gazetteer& Extractor::gazetteer() const { return impl_->gazetteer; }

std::vector<Mention> Extractor::extract(const text::Tokenized& t, const ExtractContext& ctx) const {
  Run r(impl_->gazetteer.impl(), t, ctx);
  return r.run();
}

}  // namespace shilu::places
