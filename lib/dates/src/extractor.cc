// Date extractor: finds date atoms on cheap trigger tokens (ordinals before "year",
// era names, numbers, month/season/relative words), merges "X of Y" chains into one
// partial date, links era dates to adjacent written years, then resolves everything in
// document order against the narrative context.
#include <algorithm>
#include <cstring>
#include <deque>

#include "dates_internal.h"
#include "shilu/dates.h"

namespace shilu::dates {

namespace detail {

Result<WordMap> load_words(const std::filesystem::path& file) {
  auto t = read_tsv(file, {"word", "kind", "value"});
  if (!t) return t.error();
  WordMap m;
  for (const auto& row : t->rows) {
    std::string w = text::fold(t->cell(row, "word"));
    std::string_view kind = t->cell(row, "kind");
    std::string_view val = t->cell(row, "value");
    if (w.empty()) return make_error(ErrorCode::kFormat, "empty word", t->path, row.line);
    WordInfo& info = m[w];
    auto bad = [&](std::string_view what) {
      return make_error(ErrorCode::kFormat, std::string(what) + " for '" + w + "'", t->path, row.line);
    };
    if (kind == "month") {
      if (!parse_int(val, info.month) || info.month < 1 || info.month > 12) return bad("month must be 1-12");
    } else if (kind == "season") {
      if (val != "spring" && val != "summer" && val != "autumn" && val != "winter") return bad("unknown season");
      info.season = std::string(val);
    } else if (kind == "season_part") {
      auto c = val.find(':');
      if (c == std::string_view::npos) return bad("season_part value must be part:season");
      info.season_part = std::string(val.substr(0, c));
      info.season = std::string(val.substr(c + 1));
    } else if (kind == "part") {
      info.part = std::string(val);
    } else if (kind == "era_word") {
      info.era_word = true;
    } else if (kind == "regime_word") {
      info.regime_word = true;
    } else if (kind == "relative") {
      if (!parse_int(val[0] == '+' ? val.substr(1) : val, info.relative)) return bad("relative must be an integer");
    } else if (kind == "relative_noun") {
      info.relative_noun = std::string(val);
    } else if (kind == "lunar") {
      info.lunar = true;
    } else if (kind == "leap") {
      info.leap = true;
    } else if (kind == "first_year") {
      info.first_year = true;
    } else if (kind == "bce") {
      info.bce = true;
    } else if (kind == "ce") {
      info.ce = true;
    } else if (kind == "not_year") {
      info.not_year = true;
    } else if (kind == "year_prep") {
      info.year_prep = true;
    } else if (kind == "year_follow") {
      info.year_follow = true;
    } else if (kind == "not_year_before") {
      info.not_year_before = true;
    } else if (kind == "count_before") {
      info.count_before = true;
    } else {
      return bad("unknown kind '" + std::string(kind) + "'");
    }
  }
  return m;
}

}  // namespace detail

using detail::WordInfo;
using Kind = PartialDate::Kind;

struct Extractor::Impl {
  EraTable table;
  detail::WordMap words;
  detail::KeySet era_keys;   // every EraTable match key
  detail::KeySet era_first;  // keys of the first word of every era spelling (cheap pre-check)
};

Extractor::Extractor(std::unique_ptr<Impl> p) : impl_(std::move(p)) {}
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;
Extractor::~Extractor() = default;

const EraTable& Extractor::eras() const { return impl_->table; }

Result<Extractor> Extractor::load(const std::filesystem::path& resources_root) {
  auto table = EraTable::load(resources_root);
  if (!table) return table.error();
  auto words = detail::load_words(resources_root / "eras" / "words.tsv");
  if (!words) return words.error();
  auto impl = std::make_unique<Impl>(Impl{std::move(table.value()), std::move(words.value()), {}, {}});
  for (const Era& e : impl->table.eras()) {
    std::vector<std::string> spellings = e.variants;
    spellings.push_back(e.name);
    spellings.push_back(e.hanzi);
    spellings.push_back(e.hanzi_simp);
    for (const auto& sp : spellings) {
      impl->era_keys[EraTable::key(sp)] = 1;
      impl->era_first[EraTable::key(sp.substr(0, sp.find(' ')))] = 1;
    }
  }
  return Extractor(std::move(impl));
}

namespace {

// Per-call scanning state: lower-cased folded words, looked up once.
class Scan {
 public:
  Scan(const text::Tokenized& t, const detail::WordMap& words) : t_(t), words_(words) {
    const std::size_t n = t.tokens.size();
    low_.resize(n);
    const bool shared = t.has_folded();
    for (std::size_t i = 0; i < n; ++i) {
      const auto& tok = t.tokens[i];
      if (!tok.is_word()) continue;
      std::string_view w = t.view(i);
      // The shared folded form, except for ASCII words with a backquote, which stay as
      // written here (lower-cased).
      if (shared && ((tok.flags & text::kNonAscii) || !(tok.flags & text::kHasApostrophe) ||
                     w.find('`') == std::string_view::npos)) {
        low_[i] = t.folded(i);
        continue;
      }
      std::string& own = own_.emplace_back();
      if (tok.flags & text::kNonAscii) {
        own = text::fold(w);
      } else {
        own.assign(w);
        for (char& ch : own)
          if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch | 0x20);
      }
      low_[i] = own;
    }
    info_.resize(n, nullptr);
    unit_.resize(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      if (low_[i].empty()) continue;
      std::string_view l = low_[i];
      info_[i] = words.find(l);
      unit_[i] = l == "year" || l == "years" || l == "day" || l == "days";
    }
  }
  // "year", "years", "day", "days"
  bool unit(std::size_t i) const { return i < unit_.size() && unit_[i]; }

  std::size_t size() const { return t_.tokens.size(); }
  const text::Token& tok(std::size_t i) const { return t_.tokens[i]; }
  std::string_view raw(std::size_t i) const { return t_.view(i); }
  std::string_view low(std::size_t i) const {
    return i < low_.size() ? low_[i] : std::string_view{};
  }
  bool is(std::size_t i, std::string_view w) const { return i < size() && low(i) == w; }
  const WordInfo* info(std::size_t i) const { return i < info_.size() ? info_[i] : nullptr; }
  bool punct(std::size_t i, std::string_view p) const {
    return i < size() && tok(i).is_punct() && raw(i) == p;
  }
  bool is_dash(std::size_t i) const {
    return punct(i, "-") || punct(i, "\xE2\x80\x93") || punct(i, "\xE2\x80\x94") || punct(i, "\xE2\x80\x90");
  }
  bool apostrophe(std::size_t i) const {
    std::size_t len = 0;
    return i < size() && tok(i).is_punct() && text::is_apostrophe(raw(i), len);
  }
  // No space between tokens a and a+1.
  bool glued(std::size_t a) const { return a + 1 < size() && tok(a).end == tok(a + 1).begin; }
  bool single_space(std::size_t a) const {
    return a + 1 < size() && tok(a + 1).begin == tok(a).end + 1 && t_.text[tok(a).end] == ' ';
  }
  // Plain digits without separators; value or -1.
  long long digits(std::size_t i) const {
    if (i >= size() || !tok(i).is_number()) return -1;
    std::string_view s = raw(i);
    if (s.empty() || s.size() > 5) return -1;
    long long v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }
  // Ordinal at i ("third", "12th", "twenty-first", "twenty first"); value and end token.
  bool ordinal(std::size_t i, int& value, std::size_t& end) const {
    auto o = text::parse_ordinal(t_, i);
    if (!o || o->value < 1 || o->value > 99) return false;
    value = static_cast<int>(o->value);
    end = o->last_token;
    return true;
  }

  const text::Tokenized& t_;
  const detail::WordMap& words_;

 private:
  std::vector<std::string_view> low_;  // lower-cased folded word, "" for other tokens
  std::deque<std::string> own_;         // words not taken from Tokenized::folded
  std::vector<const WordInfo*> info_;
  std::vector<std::uint8_t> unit_;
};

// An atom is a partial date over a token range [b, e).
struct Atom {
  PartialDate p;
  std::size_t b = 0, e = 0;
  std::size_t range_tok = 0;  // token of the second year of "1126-1127" (0 = none)
};

int finest(const PartialDate& p) {
  if (p.day || p.day_unit) return 0;
  if (p.month || p.lunar_month) return 1;
  if (!p.season.empty()) return 2;
  if (p.kind == Kind::kBare) return p.leap ? 1 : 2;
  return 3;
}
int coarsest(const PartialDate& p) {
  switch (p.kind) {
    case Kind::kBare:
      if (!p.season.empty()) return 2;
      if (p.month || p.lunar_month || p.leap) return 1;
      return p.day ? 0 : -1;  // -1: a bare part ("the beginning of")
    default:
      return 3;
  }
}

// Appends the match key of one folded word (no hyphens, apostrophes or dots).
void append_key(std::string& k, std::string_view low) {
  for (char c : low)
    if (c != '-' && c != '\'' && c != '.') k += c;
}

class Finder {
 public:
  Finder(const Scan& s, const EraTable& table, const detail::KeySet& keys, const detail::KeySet& first)
      : s_(s), table_(table), keys_(keys), first_(first) {}

  std::vector<Atom> run() {
    std::vector<Atom> atoms;
    atoms.reserve(s_.size() / 32 + 8);
    const std::size_t n = s_.size();
    std::size_t i = 0;
    while (i < n) {
      Atom a;
      if (try_at(i, a)) {
        i = a.e;
        atoms.push_back(std::move(a));
      } else {
        ++i;
      }
    }
    merge(atoms);
    // A part word that merged with nothing is not a date.
    atoms.erase(std::remove_if(atoms.begin(), atoms.end(),
                               [](const Atom& a) { return a.p.rule == "date.part"; }),
                atoms.end());
    link_written_years(atoms);
    link_ranges(atoms);
    emperor_hints(atoms);
    return atoms;
  }

 private:
  const Scan& s_;
  const EraTable& table_;
  const detail::KeySet& keys_;
  const detail::KeySet& first_;
  mutable std::string scratch_;  // per-call key buffer (a Finder lives for one extract())

  // Could token i start an era name? One hash lookup.
  bool may_start_era(std::size_t i) const {
    if (!cap(i)) return false;
    scratch_.clear();
    append_key(scratch_, s_.low(i));
    return first_.contains(scratch_);
  }

  // "two years later", "a hundred days later": a year/day word within three tokens.
  bool unit_follows(std::size_t i) const {
    for (std::size_t k = i + 1; k <= i + 3 && k < s_.size(); ++k)
      if (s_.unit(k)) return true;
    return false;
  }

  // Could token i start an ordinal ("third", "12th", "twenty-first", "twenty first")?
  bool may_be_ordinal(std::size_t i) const {
    if (i >= s_.size()) return false;
    std::string_view w = s_.raw(i);
    if (w.size() < 3 && !s_.tok(i).is_word()) return false;
    if (s_.tok(i).is_number()) {
      char c = static_cast<char>(w.back() | 0x20);
      return c >= 'a' && c <= 'z';
    }
    if (!s_.tok(i).is_word()) return false;
    std::string_view l = s_.low(i);
    if (l.size() < 5) return false;  // "first" is the shortest
    const char e1 = l[l.size() - 2], e2 = l.back();  // the last two letters
    if ((e1 == 't' && e2 == 'h') || (e1 == 's' && e2 == 't') || (e1 == 'n' && e2 == 'd') || (e1 == 'r' && e2 == 'd'))
      return true;
    const WordInfo* wi = s_.info(i);
    if (wi && (wi->leap || wi->first_year)) return true;
    if (!(e1 == 't' && e2 == 'y')) return false;  // "twenty first"
    long long v = text::cardinal_word_value(l);
    return v >= 20 && v <= 90;
  }

  // Could a number that is not vague start at token i? Digits, "a"/"an" ("a hundred"),
  // "half" ("half a hundred") or a number word; parse_number() finds nothing else
  // (vague counts, "several hundred", are not wanted where this is asked).
  bool may_start_exact_number(std::size_t i) const {
    if (s_.tok(i).is_number()) return true;
    std::string_view w = s_.low(i);
    return w == "a" || w == "an" || w == "half" || text::cardinal_word_value(w) >= 0;
  }

  bool cap(std::size_t i) const { return i < s_.size() && s_.tok(i).is_word() && s_.tok(i).capitalized(); }

  // Era name over 1-4 words starting at i; returns the end token.
  std::size_t era_name(std::size_t i, std::string& key) const {
    if (!may_start_era(i)) return 0;
    // Longest run of words that may continue a spelling: "Taiping Xingguo",
    // "T'ai-p'ing hsing-kuo", "Tai Ping Xing Guo".
    std::size_t run = 1;
    while (run < 4 && i + run < s_.size() && s_.tok(i + run).is_word() && s_.single_space(i + run - 1) &&
           (cap(i + run) || (run == 1 && (s_.tok(i + run).flags & text::kHasHyphen))))
      ++run;
    std::string k;
    for (std::size_t len = run; len >= 1; --len) {
      k.clear();
      for (std::size_t j = i; j < i + len; ++j) append_key(k, s_.low(j));
      if (keys_.contains(k)) {
        key = std::move(k);
        return i + len;
      }
    }
    return 0;
  }

  // Regime qualifier over 1-2 words at i ("Jin", "Southern Song"); end token or 0.
  std::size_t qualifier(std::size_t i, std::string& q) const {
    if (!cap(i)) return 0;
    if (i + 1 < s_.size() && cap(i + 1) && s_.single_space(i)) {
      std::string two = std::string(s_.low(i)) + " " + std::string(s_.low(i + 1));
      if (table_.is_qualifier(two)) {
        q = two;
        return i + 2;
      }
    }
    std::string one(s_.low(i));
    if (table_.is_qualifier(one)) {
      q = one;
      return i + 1;
    }
    return 0;
  }

  // After an era name at e: "'s reign", "era", "reign period", "period". Returns new end.
  std::size_t era_tail(std::size_t e) const {
    std::size_t j = e;
    if (s_.apostrophe(j) && s_.is(j + 1, "s")) j += 2;
    const WordInfo* w = s_.info(j);
    if (w && w->era_word) {
      ++j;
      const WordInfo* w2 = s_.info(j);
      if (w2 && w2->era_word) ++j;  // "reign period"
    } else if (j != e) {
      return e;  // "Tianhui's" without "reign": keep the name only
    }
    return j;
  }

  // "of [the] Song Dynasty" / "of Song" after an era name: a post-qualifier (span unchanged).
  void post_qualifier(std::size_t j, std::string& q) const {
    if (!s_.is(j, "of")) return;
    ++j;
    if (s_.is(j, "the")) ++j;
    std::string qq;
    if (qualifier(j, qq)) q = qq;
  }

  // Cheap gates first: most tokens are rejected after one or two hash lookups.
  bool try_at(std::size_t i, Atom& a) {
    const auto& tok = s_.tok(i);
    if (tok.is_number()) {
      if (gregorian(i, a)) return true;
      if (may_be_ordinal(i) && ordinal_phrase(i, i, a)) return true;
      return unit_follows(i) && relative(i, a);
    }
    if (tok.kind == text::TokenKind::kSymbol) return hanzi_date(i, a);
    if (!tok.is_word()) return false;
    std::string_view w = s_.low(i);
    const WordInfo* wi = s_.info(i);
    if (w == "the") {
      if ((may_be_ordinal(i + 1) || (s_.info(i + 1) && (s_.info(i + 1)->leap || s_.info(i + 1)->first_year))) &&
          ordinal_phrase(i, i + 1, a))
        return true;
    } else if (may_be_ordinal(i) && ordinal_phrase(i, i, a)) {
      return true;
    }
    if ((wi || unit_follows(i)) && relative(i, a)) return true;
    if ((wi || w == "the" || w.substr(0, std::min<std::size_t>(w.size(), 4)) == "mid-") && month_or_season(i, a))
      return true;
    if (cap(i) && era_number(i, a)) return true;
    return false;
  }

  // "[the] ORD year of [the] [QUAL] ERA ...", "the ORD year", "the ORD (lunar) month",
  // "the ORD day", "the ORD century". `b` is where the span begins, `o` the ordinal.
  bool ordinal_phrase(std::size_t b, std::size_t o, Atom& a) {
    int n = 0;
    std::size_t j = 0;
    bool leap_before = false;
    std::size_t o2 = o;
    if (const WordInfo* lw = s_.info(o2); lw && lw->leap) {  // "the leap eleventh month"
      leap_before = true;
      ++o2;
    }
    if (!s_.ordinal(o2, n, j)) {
      // "the initial year of", "yuan year"
      const WordInfo* fy = s_.info(o2);
      if (!(fy && fy->first_year && s_.is(o2 + 1, "year") && s_.low(o2) != "first")) return false;
      n = 1;
      j = o2 + 1;
    }
    std::string_view noun = s_.low(j);
    if (noun == "year") {
      if (leap_before) return false;
      return ordinal_year(b, n, j + 1, a, b != o);
    }
    if (noun == "month" || noun == "moon" || ((noun == "lunar" || noun == "leap" || noun == "intercalary") &&
                                              (s_.is(j + 1, "month") || s_.is(j + 1, "moon")))) {
      if (b == o && !leap_before) return false;
      if (n > 12) return false;
      a.p.kind = Kind::kBare;
      a.p.rule = "date.lunar_month";
      a.p.lunar_month = n;
      a.p.leap = leap_before;
      std::size_t k = j;
      if (noun == "lunar") ++k;
      if (noun == "leap" || noun == "intercalary") {
        a.p.leap = true;
        ++k;
      }
      ++k;  // month
      // "the eleventh month of leap month", "of the leap month", "(leap)"
      if (s_.is(k, "of")) {
        std::size_t m = k + 1;
        if (s_.is(m, "the")) ++m;
        const WordInfo* lw = s_.info(m);
        if (lw && lw->leap && (s_.is(m + 1, "month") || s_.is(m + 1, "moon"))) {
          a.p.leap = true;
          k = m + 2;
        }
      }
      a.b = b;
      a.e = k;
      return true;
    }
    if (noun == "day") {
      if (b == o || n > 30) return false;
      a.p.kind = Kind::kBare;
      a.p.rule = "date.day";
      a.p.day = n;
      a.b = b;
      a.e = j + 1;
      return true;
    }
    if (noun == "century") {
      a.p.kind = Kind::kCentury;
      a.p.rule = "date.century";
      std::size_t k = j + 1;
      bool bce = false;
      if (s_.info(k) && s_.info(k)->bce) {
        bce = true;
        ++k;
      } else if (std::size_t ab = abbrev(k, "B", "C")) {
        bce = true;
        k += ab;
      }
      a.p.year = bce ? -(n * 100) + 1 : (n - 1) * 100 + 1;
      a.b = b;
      a.e = k;
      return true;
    }
    // "the 8th of February": a day before a month word.
    if (noun == "of" && b != o && n <= 31) {
      const WordInfo* mw = s_.info(j + 1);
      if (mw && mw->month && cap(j + 1)) {
        a.p.kind = Kind::kBare;
        a.p.rule = "date.month";
        a.p.day = n;
        a.p.month = mw->month;
        a.b = b;
        a.e = j + 2;
        return true;
      }
    }
    return false;
  }

  // "B.C." / "A.D." / "B.C" at k: number of tokens (3 or 4), 0 when absent.
  std::size_t abbrev(std::size_t k, std::string_view x, std::string_view y) const {
    if (k + 2 >= s_.size() || s_.raw(k) != x || !s_.punct(k + 1, ".") || s_.raw(k + 2) != y || !s_.glued(k) ||
        !s_.glued(k + 1))
      return 0;
    return (s_.punct(k + 3, ".") && s_.glued(k + 2)) ? 4 : 3;
  }

  bool ordinal_year(std::size_t b, int n, std::size_t k, Atom& a, bool has_the) {
    a.b = b;
    a.p.era_year = n;
    if (s_.is(k, "of")) {
      std::size_t m = k + 1;
      if (s_.is(m, "the")) ++m;
      // "of Emperor Huizong's Xuanhe era": skip the emperor (the hint pass will see him).
      if (s_.is(m, "emperor") && cap(m + 1) && s_.apostrophe(m + 2) && s_.is(m + 3, "s")) m += 4;
      // "of the reign of Tianqing", "of the era of Shaoxing"
      if (s_.info(m) && s_.info(m)->era_word && s_.is(m + 1, "of") && (may_start_era(m + 2) || may_start_era(m + 3)))
        m += 2;
      std::string q;
      std::size_t qe = qualifier(m, q);
      std::string key;
      std::size_t ee = era_name(qe ? qe : m, key);
      if (!ee && qe) {
        // "of Jin Tianhui" where the qualifier itself starts a longer era name? no; try plain.
        ee = era_name(m, key);
        if (ee) q.clear();
      }
      if (ee) {
        a.p.kind = Kind::kEraYear;
        a.p.rule = "date.era_year";
        a.p.era_key = key;
        std::size_t es = qe && q.size() ? qe : m;
        a.p.era_text = std::string(s_.t_.text.substr(s_.tok(es).begin, s_.tok(ee - 1).end - s_.tok(es).begin));
        a.p.qualifier = q;
        a.e = era_tail(ee);
        if (q.empty()) post_qualifier(a.e, a.p.qualifier);
        return true;
      }
      if (qe) {
        const WordInfo* rw = s_.info(qe);
        if (rw && rw->regime_word) {  // "the ninth year of the Jin Dynasty"
          a.p.kind = Kind::kRegnalYear;
          a.p.rule = "date.regnal_year";
          a.p.qualifier = q;
          a.e = qe + 1;
          return true;
        }
      }
      // "the third year of his reign"
      std::size_t r = m;
      if (s_.is(r, "his") || s_.is(r, "her") || s_.is(r, "their")) ++r;
      if (r != m && s_.info(r) && s_.info(r)->era_word) {
        a.p.kind = Kind::kRegnalYear;
        a.p.rule = "date.regnal_year";
        a.e = r + 1;
        return true;
      }
      if (!has_the) return false;
      // "the fifth year of <something else>": only a reading in context when what follows
      // is not a noun phrase ("the first year of the war" is not an era year).
      return false;
    }
    if (!has_the) return false;
    a.p.kind = Kind::kOrdinalYear;
    a.p.rule = "date.ordinal_year";
    a.e = k;
    return true;
  }

  // "[QUAL] ERA N", "ERA ORD year", "ERA year N", "ERA N (YEAR)".
  bool era_number(std::size_t i, Atom& a) {
    if (!may_start_era(i) && !may_start_era(i + 1) && !may_start_era(i + 2)) return false;
    std::string q;
    std::size_t qe = qualifier(i, q);
    std::string key;
    std::size_t ee = 0;
    std::size_t es = i;
    if (qe) {
      ee = era_name(qe, key);
      es = qe;
      if (!ee) {
        q.clear();
        ee = era_name(i, key);
        es = i;
      }
    } else {
      ee = era_name(i, key);
    }
    if (!ee) return false;
    std::size_t k = ee;
    int n = 0;
    std::size_t end = 0;
    long long d = s_.digits(k);
    if (s_.is(k, "year") && (d = s_.digits(k + 1)) >= 1 && d <= 99) {
      n = static_cast<int>(d);
      end = k + 2;
    } else if (d >= 1 && d <= 99 && !(k > 0 && s_.glued(k - 1))) {
      // "Shaoxing 11", "Shaoxing 11 years" (MT of 紹興十一年), but not "Shaoxing 11 li" / "11:30"
      n = static_cast<int>(d);
      end = k + 1;
      if (s_.is(k + 1, "year") || s_.is(k + 1, "years")) {
        end = k + 2;
      } else {
        const WordInfo* after = s_.info(k + 1);
        if (after && after->not_year) return false;
        if (s_.punct(k + 1, ":") || s_.punct(k + 1, "%")) return false;
      }
    } else {
      int o = 0;
      std::size_t oe = 0;
      if (s_.ordinal(k, o, oe) && s_.is(oe, "year")) {
        n = o;
        end = oe + 1;
      } else if (auto c = text::parse_number(s_.t_, k);
                 c && !c->vague && c->words && c->value >= 1 && c->value <= 99 &&
                 c->value == static_cast<int>(c->value) &&
                 (s_.is(c->last_token, "year") || s_.is(c->last_token, "years"))) {
        n = static_cast<int>(c->value);  // "Tianhui three years" (MT of 天會三年)
        end = c->last_token + 1;
      } else {
        return false;
      }
    }
    a.p.kind = Kind::kEraYear;
    a.p.rule = "date.era_number";
    a.p.era_key = key;
    a.p.era_text = std::string(s_.t_.text.substr(s_.tok(es).begin, s_.tok(ee - 1).end - s_.tok(es).begin));
    a.p.qualifier = q;
    a.p.era_year = n;
    a.b = i;
    a.e = end;
    if (q.empty()) post_qualifier(end, a.p.qualifier);
    return true;
  }

  bool gregorian(std::size_t i, Atom& a) {
    long long v = s_.digits(i);
    if (v < 0) return false;
    const std::size_t n = s_.size();
    // Not part of a larger figure ("20 000", "1,125" is one token already).
    if (i > 0 && s_.tok(i - 1).is_number()) return false;
    if (i > 0 && (s_.punct(i - 1, "$") || s_.punct(i - 1, "#") || s_.punct(i - 1, "\xC2\xA3") ||
                  (s_.punct(i - 1, ".") && s_.glued(i - 1))))
      return false;
    // "r. 997–1022": a reign span.
    const bool reign = i >= 2 && s_.is(i - 2, "r") && s_.punct(i - 1, ".");
    // Decade: "the 1120s", "1120's".
    if (v >= 100 && v <= 2100 && v % 10 == 0 && s_.glued(i)) {
      std::size_t k = i + 1;
      if (s_.apostrophe(k) && s_.glued(k)) ++k;
      if (s_.is(k, "s") && (k + 1 >= n || !s_.tok(k + 1).is_word() || !s_.glued(k))) {
        a.p.kind = Kind::kDecade;
        a.p.rule = "date.decade";
        a.p.year = static_cast<int>(v);
        a.b = (i > 0 && s_.is(i - 1, "the")) ? i - 1 : i;
        a.e = k + 1;
        return true;
      }
    }
    bool ad_before = i > 0 && s_.info(i - 1) && s_.info(i - 1)->ce && cap(i - 1);
    std::size_t k = i + 1;
    bool bce = false, ce = false;
    if (k < n && s_.info(k) && (s_.info(k)->bce || s_.info(k)->ce) && s_.tok(k).flags & text::kAllCaps) {
      bce = s_.info(k)->bce;
      ce = !bce;
      ++k;
    } else if (std::size_t ab = abbrev(k, "B", "C")) {
      bce = true;
      k += ab;
    } else if (std::size_t ad = abbrev(k, "A", "D")) {
      ce = true;
      k += ad;
    }
    bool explicit_era = bce || ce || ad_before;
    if (!explicit_era) {
      if (v < 100 || v > 2100) return false;
      const WordInfo* after = s_.info(k);
      if (after && after->not_year) return false;
      if (s_.punct(k, "%") || (s_.punct(k, ":") && s_.glued(k) && k + 1 < n && s_.tok(k + 1).is_number()))
        return false;
      // A lower-case word right after a bare number is usually the counted noun
      // ("960 horsemen"), unless it is a function word ("in 936 in return", "1125 and").
      // A counted noun after a bare number: a listed one ("cavalry", "li") or a plural.
      std::string_view aw = k < n && s_.tok(k).is_word() ? s_.low(k) : std::string_view{};
      const bool noun_after = !aw.empty() && !s_.tok(k).capitalized() && !(after && after->year_follow) &&
                              aw.size() > 2 && aw.back() == 's' && aw[aw.size() - 2] != 's';
      const WordInfo* prev = i > 0 ? s_.info(i - 1) : nullptr;
      if (prev && prev->not_year_before) return false;  // "page 1126", "Room 1125"
      if (prev && prev->count_before) return false;      // "more than 1200", "with 1500"
      // "1200 Jurchen horsemen": a capitalized word, then the counted noun.
      if (k + 1 < n && s_.tok(k).is_word() && s_.tok(k).capitalized() && s_.tok(k + 1).is_word() &&
          !s_.tok(k + 1).capitalized()) {
        const WordInfo* w2 = s_.info(k + 1);
        std::string_view l2 = s_.low(k + 1);
        if ((w2 && w2->not_year) || (l2.size() > 3 && l2.back() == 's' && l2[l2.size() - 2] != 's' &&
                                     !(w2 && w2->year_follow)))
          return false;
      }
      const bool prep = reign || (prev && (prev->year_prep || prev->month));
      if (v < 1000) {
        // Three digits only right after a year preposition or inside "(960)".
        bool paren = i > 0 && s_.punct(i - 1, "(") && (s_.punct(k, ")") || s_.is_dash(k));
        if (!prep && !paren) return false;
        if (noun_after) return false;
      } else if (noun_after && !prep) {
        return false;
      }
    }
    int year = static_cast<int>(v);
    if (bce) year = 1 - year;
    a.p.kind = Kind::kGregorian;
    a.p.rule = bce || ce || ad_before ? "date.gregorian_era" : "date.gregorian";
    a.p.year = year;
    a.b = ad_before ? i - 1 : i;
    a.e = k;
    // Range: "1126-1127", "1126–27", "r. 1123-35".
    if (!explicit_era && s_.is_dash(k) && s_.glued(i) && s_.glued(k)) {
      long long v2 = s_.digits(k + 1);
      int y2 = -1;
      if (v2 >= 0) {
        std::size_t len = s_.raw(k + 1).size();
        if (len == 4) y2 = static_cast<int>(v2);
        else if (len == 2) y2 = static_cast<int>(v / 100 * 100 + v2);
        else if (len == 1) y2 = static_cast<int>(v / 10 * 10 + v2);
      }
      if (y2 > year && y2 - year <= 500) {
        a.p.range_other = y2;
        a.p.range_start = true;
        a.p.rule = "date.range";
        if (reign) a.p.rule = "date.reign_span";
        a.range_tok = k + 1;
        a.e = k + 2;
      }
    }
    return true;
  }

  // English months, seasons, parts: "February", "early April", "mid-June", "February 8",
  // "8 February", "late spring", "midsummer", "the end of the year".
  bool month_or_season(std::size_t i, Atom& a) {
    std::size_t b = i, j = i;
    std::string part;
    // "the end of", "the beginning of", "the middle of"
    if (s_.is(j, "the") && s_.info(j + 1) && !s_.info(j + 1)->part.empty() && s_.is(j + 2, "of")) {
      part = s_.info(j + 1)->part;
      j += 3;
      if (s_.is(j, "the")) ++j;
      // "the end of the year" (in context)
      if (s_.is(j, "year") && !(s_.is(j + 1, "of"))) {
        a.p.kind = Kind::kRelative;
        a.p.rule = "date.relative";
        a.p.part = part;
        a.b = b;
        a.e = j + 1;
        return true;
      }
      // "the beginning of the twelfth year", "the end of 1126": a part that only lives
      // when merge() joins it to the date that follows (dropped otherwise).
      if (!(s_.info(j) && (s_.info(j)->month || !s_.info(j)->season.empty() || !s_.info(j)->season_part.empty()))) {
        a.p.kind = Kind::kBare;
        a.p.rule = "date.part";
        a.p.part = part;
        a.b = b;
        a.e = b + 3;
        return true;
      }
    } else if (s_.info(j) && !s_.info(j)->part.empty() && !s_.info(j)->month && s_.tok(j).is_word() &&
               (s_.info(j + 1) && (s_.info(j + 1)->month || !s_.info(j + 1)->season.empty()))) {
      part = s_.info(j)->part;  // "early April", "late spring"
      ++j;
    }
    // "mid-June", "mid-autumn"
    std::string_view w = s_.low(j);
    int month = 0;
    std::string season;
    const WordInfo* wi = s_.info(j);
    if (wi && !wi->season_part.empty()) {
      part = wi->season_part;
      season = wi->season;
    } else if (wi && wi->month) {
      month = wi->month;
    } else if (wi && !wi->season.empty()) {
      season = wi->season;
    } else if (w.size() > 4 && w.substr(0, 4) == "mid-") {
      const WordInfo* mid = s_.words_.find(w.substr(4));
      if (!mid) return false;
      if (mid->month) month = mid->month;
      else if (!mid->season.empty()) season = mid->season;
      else return false;
      part = "mid";
    } else {
      return false;
    }
    const bool capital = s_.tok(j).capitalized();
    const WordInfo* prev = b > 0 ? s_.info(b - 1) : nullptr;
    std::string_view pw = b > 0 ? s_.low(b - 1) : std::string_view{};
    if (month) {
      if (!capital && part.empty()) return false;
      if (w.size() > 4 && w.substr(0, 4) == "mid-") {
      } else if (!capital) {
        return false;
      }
      bool abbr = w.size() <= 4 && w != "may" && w != "june" && w != "july";
      long long day_after = s_.digits(j + 1);
      bool cue = (prev && prev->year_prep) || pw == "of" || pw == "in" || pw == "by" || pw == "until" ||
                 pw == "since" || pw == "to" || pw == "and" || pw == "between" || pw == "from" ||
                 s_.is(j + 1, "of") || (day_after >= 1 && day_after <= 31) || !part.empty() ||
                 (day_after >= 100 && day_after <= 2100);
      if ((w == "may" || w == "march" || abbr) && !cue) return false;
      a.p.month = month;
      a.p.rule = "date.month";
      std::size_t k = j + 1;
      if (day_after >= 1 && day_after <= 31 && !(s_.info(j + 2) && s_.info(j + 2)->not_year)) {
        a.p.day = static_cast<int>(day_after);
        ++k;
      } else if (j > 0 && b == j) {
        // "8 February"
        long long day_before = s_.digits(j - 1);
        if (day_before >= 1 && day_before <= 31 && s_.single_space(j - 1) &&
            !(j >= 2 && s_.tok(j - 2).is_number())) {
          a.p.day = static_cast<int>(day_before);
          b = j - 1;
        }
      }
      a.p.kind = Kind::kBare;
      a.p.part = part;
      a.b = b;
      a.e = k;
      return true;
    }
    // Seasons need a cue: "in (the) spring", "that winter", "spring of", "late spring".
    if (w == "fall" && part.empty()) {
      // only "the fall of 1126" / "fall 1126"
      long long y = s_.digits(j + 1);
      long long y2 = s_.is(j + 1, "of") ? s_.digits(j + 2) : -1;
      if (!(y >= 1000 && y <= 2100) && !(y2 >= 1000 && y2 <= 2100)) return false;
    }
    std::size_t sb = b;
    bool cue = !part.empty() || s_.is(j + 1, "of");
    if (!cue && b > 0) {
      if (pw == "the" && b >= 2) {
        std::string_view ppw = s_.low(b - 2);
        cue = ppw == "in" || ppw == "by" || ppw == "during" || ppw == "until" || ppw == "through" || ppw == "of";
        if (cue) sb = b - 1;
      } else {
        cue = pw == "in" || pw == "by" || pw == "during" || pw == "until" || pw == "through" || pw == "when";
      }
    }
    if (!cue) return false;
    if (sb == b && b > 0 && s_.is(b - 1, "the")) sb = b - 1;
    a.p.kind = Kind::kBare;
    a.p.rule = "date.season";
    a.p.season = season;
    a.p.part = part;
    a.b = sb;
    a.e = j + 1;
    return true;
  }

  // "the following year", "the next day", "that winter", "two years later", "a year later".
  bool relative(std::size_t i, Atom& a) {
    std::size_t j = i;
    bool the = s_.is(j, "the");
    if (the) ++j;
    const WordInfo* r = s_.info(j);
    if (r && r->relative != INT_MIN && s_.tok(j).is_word()) {
      std::string_view rw = s_.low(j);
      bool demonstrative = rw == "that" || rw == "this";
      if (the == demonstrative) {
        // "the that year" no; "following year" without "the" only for next/following
        if (!the && !(rw == "next" || rw == "following")) return false;
        if (the && demonstrative) return false;
      }
      const WordInfo* nn = s_.info(j + 1);
      if (!nn) return false;
      a.p.kind = Kind::kRelative;
      a.p.rule = "date.relative";
      if (nn->relative_noun == "year") {
        a.p.offset_years = r->relative;
      } else if (nn->relative_noun == "day") {
        a.p.offset_days = r->relative;
        a.p.day_unit = true;
        if (!r->relative && !demonstrative && rw != "same") return false;
      } else if (nn->relative_noun == "month") {
        return false;  // "the following month": no month value to give
      } else if (!nn->season.empty() && nn->season_part.empty() && s_.low(j + 1) != "fall") {
        a.p.offset_years = r->relative;
        a.p.season = nn->season;
      } else {
        return false;
      }
      a.b = i;
      a.e = j + 2;
      return true;
    }
    if (the) return false;
    // "N years later", "a year later", "two days later"
    long long num = -1;
    std::size_t k = i;
    if (s_.is(i, "a") || s_.is(i, "one")) {
      num = 1;
      k = i + 1;
    } else if (auto nn = may_start_exact_number(i) ? text::parse_number(s_.t_, i) : std::nullopt;
               nn && !nn->vague && nn->value >= 1 && nn->value <= 100 && nn->value == static_cast<long long>(nn->value)) {
      num = static_cast<long long>(nn->value);
      k = nn->last_token;
    }
    if (num < 1) return false;
    std::string_view unit = s_.low(k);
    bool years = unit == "year" || unit == "years";
    bool days = unit == "day" || unit == "days";
    if (!years && !days) return false;
    std::string_view dir = s_.low(k + 1);
    int sign = 0;
    if (dir == "later" || dir == "afterwards" || dir == "afterward") sign = 1;
    else if (dir == "earlier") sign = -1;
    else if (dir == "after" && !(k + 2 < s_.size() && s_.tok(k + 2).is_word())) sign = 1;
    if (!sign) return false;
    a.p.kind = Kind::kRelative;
    a.p.rule = "date.relative";
    (years ? a.p.offset_years : a.p.offset_days) = static_cast<int>(sign * num);
    a.p.day_unit = !years;
    a.b = i;
    a.e = k + 2;
    return true;
  }

  // Gap between atoms a (ending at token ae) and b (beginning at bb) is "of" (+"the"),
  // "," or nothing.
  bool joinable_gap(std::size_t ae, std::size_t bb) const {
    if (ae == bb) return true;
    if (bb == ae + 1) return s_.is(ae, "of") || s_.punct(ae, ",");
    if (bb == ae + 2) return s_.is(ae, "of") && s_.is(ae + 1, "the");
    return false;
  }

  void merge(std::vector<Atom>& atoms) {
    // Materialize the second halves of ranges first.
    std::vector<Atom> out;
    out.reserve(atoms.size());
    for (std::size_t k = 0; k < atoms.size(); ++k) {
      Atom cur = std::move(atoms[k]);
      while (!out.empty()) {
        Atom& prev = out.back();
        if (prev.p.kind != Kind::kBare || !joinable_gap(prev.e, cur.b)) break;
        if (!(coarsest(prev.p) < finest(cur.p))) break;
        // "February 8, 1126" / "February of the third year": fold prev into cur.
        PartialDate& c = cur.p;
        const PartialDate& p = prev.p;
        if (p.month && !c.month && !c.lunar_month) c.month = p.month;
        if (p.lunar_month && !c.lunar_month && !c.month) c.lunar_month = p.lunar_month;
        if (p.leap) c.leap = true;
        if (p.day && !c.day) c.day = p.day;
        if (!p.season.empty() && c.season.empty()) c.season = p.season;
        if (!p.part.empty() && c.part.empty()) c.part = p.part;
        cur.b = prev.b;
        out.pop_back();
      }
      out.push_back(std::move(cur));
    }
    atoms.swap(out);
  }

  // "In the third year of Tianhui, Emperor Taizong …": when an era name is shared, an
  // emperor of one of the candidates named in the same sentence (temple name or the given
  // name of the personal name) favours that candidate.
  void emperor_hints(std::vector<Atom>& atoms) {
    for (Atom& a : atoms) {
      if (a.p.kind != Kind::kEraYear) continue;
      auto cands = table_.lookup(a.p.era_key);
      if (cands.size() < 2) continue;
      const auto& sent = s_.t_.sentences[s_.t_.sentence_of(a.b)];
      for (const Era* e : cands) {
        bool hit = false;
        for (std::size_t k = sent.first_token; k < sent.last_token && !hit; ++k) {
          if (k >= a.b && k < a.e) continue;
          if (!cap(k)) continue;
          std::string_view w = s_.low(k);
          for (const auto& t : e->emperor_temple)
            if (!t.empty() && text::fold(t) == w) hit = true;
          for (const auto& pn : e->emperor_personal) {
            auto sp = pn.rfind(' ');
            if (sp != std::string::npos && k > 0 && text::fold(pn.substr(sp + 1)) == w &&
                text::fold(pn.substr(0, sp)) == s_.low(k - 1))
              hit = true;
          }
        }
        if (hit) a.p.emperor_hint.push_back(e->id);
      }
    }
  }

  // Chinese numeral over glued symbol tokens from k: 元 (1 for years), 正 (1 for months),
  // 一…九, 十, 廿, 卅 and ASCII digits; value (1-99) and end token, or 0.
  int cjk_number(std::size_t k, std::size_t& end, bool year) const {
    static constexpr std::string_view kDigits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (k < s_.size() && s_.tok(k).is_number()) {
      long long v = s_.digits(k);
      if (v < 1 || v > 99) return 0;
      end = k + 1;
      return static_cast<int>(v);
    }
    int total = 0, cur = -1;
    std::size_t j = k;
    for (; j < s_.size() && s_.tok(j).kind == text::TokenKind::kSymbol && (j == k || s_.glued(j - 1)); ++j) {
      std::string_view c = s_.raw(j);
      int d = -1;
      for (int x = 0; x < 10; ++x)
        if (c == kDigits[x]) d = x;
      if (c == "兩") d = 2;
      if (d >= 0) {
        if (cur >= 0) return 0;
        cur = d;
      } else if (c == "十" || c == "廿" || c == "卅") {
        int m = c == "十" ? 10 : c == "廿" ? 20 : 30;
        total += (c == "十" ? (cur > 0 ? cur : 1) * 10 : m);
        cur = -1;
      } else if (j == k && ((year && c == "元") || (!year && c == "正"))) {
        end = j + 1;
        return 1;
      } else {
        break;
      }
    }
    if (cur > 0) total += cur;
    if (j == k || total < 1 || total > 99) return 0;
    end = j;
    return total;
  }

  // 紹興十一年[閏]十二月[二十九日]: an era date written in characters.
  bool hanzi_date(std::size_t i, Atom& a) {
    for (std::size_t len = 4; len >= 2; --len) {
      if (i + len > s_.size()) continue;
      std::string k;
      bool ok = true;
      for (std::size_t j = i; j < i + len && ok; ++j) {
        ok = s_.tok(j).kind == text::TokenKind::kSymbol && (j == i || s_.glued(j - 1));
        if (ok) k += s_.raw(j);
      }
      if (!ok || !keys_.contains(k)) continue;
      std::size_t e = 0;
      int n = cjk_number(i + len, e, true);
      if (!n || !s_.glued(e - 1) || e >= s_.size() || s_.raw(e) != "年") continue;
      a.p.kind = Kind::kEraYear;
      a.p.rule = "date.era_hanzi";
      a.p.era_key = EraTable::key(k);
      a.p.era_text = k;
      a.p.era_year = n;
      a.b = i;
      a.e = e + 1;
      std::size_t m = a.e;
      bool leap = false;
      if (m < s_.size() && (s_.raw(m) == "閏" || s_.raw(m) == "闰") && s_.glued(m - 1)) {
        leap = true;
        ++m;
      }
      std::size_t me = 0;
      int month = m < s_.size() && s_.glued(m - 1) ? cjk_number(m, me, false) : 0;
      if (month >= 1 && month <= 12 && me < s_.size() && s_.raw(me) == "月") {
        a.p.lunar_month = month;
        a.p.leap = leap;
        a.e = me + 1;
        std::size_t d = a.e;
        if (d < s_.size() && s_.raw(d) == "初" && s_.glued(d - 1)) ++d;
        std::size_t de = 0;
        int day = d < s_.size() && s_.glued(d - 1) ? cjk_number(d, de, false) : 0;
        if (day >= 1 && day <= 30 && (de >= s_.size() || s_.raw(de) == "日" || d != a.e)) {
          a.p.day = day;
          a.e = (de < s_.size() && s_.raw(de) == "日") ? de + 1 : de;
        }
      }
      return true;
    }
    return false;
  }

  // "between 1126 and 1127", "from 960 to 1127": two written years joined into a range.
  void link_ranges(std::vector<Atom>& atoms) {
    for (std::size_t k = 0; k + 1 < atoms.size(); ++k) {
      Atom& a = atoms[k];
      Atom& b = atoms[k + 1];
      if (a.p.kind != Kind::kGregorian || b.p.kind != Kind::kGregorian || a.range_tok || b.range_tok) continue;
      if (a.p.range_other || b.p.range_other || b.b != a.e + 1 || a.b == 0) continue;
      std::string_view before = s_.low(a.b - 1), mid = s_.low(a.e);
      bool ok = (before == "between" && mid == "and") || (before == "from" && (mid == "to" || mid == "until"));
      if (!ok || b.p.year <= a.p.year) continue;
      a.p.range_other = b.p.year;
      a.p.range_start = true;
      b.p.range_other = a.p.year;
    }
  }

  // "(the third year of Jin Tianhui, 1125)": the written year right after an era date.
  void link_written_years(std::vector<Atom>& atoms) {
    for (std::size_t k = 0; k + 1 < atoms.size(); ++k) {
      Atom& a = atoms[k];
      if (a.p.kind != Kind::kEraYear && a.p.kind != Kind::kOrdinalYear && a.p.kind != Kind::kRegnalYear) continue;
      Atom& y = atoms[k + 1];
      if (y.p.kind != Kind::kGregorian) continue;
      std::size_t gap = y.b - a.e;
      bool ok = gap >= 1 && gap <= 2;
      for (std::size_t g = a.e; ok && g < y.b; ++g)
        ok = s_.punct(g, "(") || s_.punct(g, ",") || s_.punct(g, "[") || s_.raw(g) == "\xEF\xBC\x88" ||
             s_.raw(g) == "\xEF\xBC\x8C";  // （ ，
      if (!ok) continue;
      a.p.written_year = y.p.year;
      a.p.written_begin = s_.tok(y.b).begin;
      a.p.written_end = s_.tok(y.e - 1).end;
    }
  }
};

}  // namespace

std::vector<PartialDate> Extractor::find(const text::Tokenized& t) const {
  Scan scan(t, impl_->words);
  Finder f(scan, impl_->table, impl_->era_keys, impl_->era_first);
  std::vector<PartialDate> out;
  std::vector<Atom> atoms = f.run();
  out.reserve(atoms.size() + 4);
  for (auto& a : atoms) {
    a.p.begin = scan.tok(a.b).begin;
    if (!a.range_tok) {
      a.p.end = scan.tok(a.e - 1).end;
      out.push_back(std::move(a.p));
      continue;
    }
    // A range is two mentions, each over its own digits ("1126" and "1127" or "27").
    a.p.end = scan.tok(a.range_tok - 2).end;
    PartialDate second = a.p;
    second.year = a.p.range_other;
    second.range_other = a.p.year;
    second.range_start = false;
    second.begin = scan.tok(a.range_tok).begin;
    second.end = scan.tok(a.range_tok).end;
    second.day = second.month = 0;
    out.push_back(std::move(a.p));
    out.push_back(std::move(second));
  }
  return out;
}

std::vector<Mention> Extractor::extract(const text::Tokenized& t, const ExtractContext& ectx) const {
  std::vector<PartialDate> parts = find(t);
  Context ctx;
  ctx.doc_year_min = ectx.year_min;
  ctx.doc_year_max = ectx.year_max;
  for (const auto& p : parts) {
    if (p.kind != Kind::kGregorian || p.year < 100) continue;
    if (!ctx.doc_year_min || p.year < ctx.doc_year_min) ctx.doc_year_min = p.year;
    if (!ctx.doc_year_max || p.year > ctx.doc_year_max) ctx.doc_year_max = p.year;
  }
  std::vector<Mention> out;
  out.reserve(parts.size());
  for (const auto& p : parts) {
    Resolved r = resolve(p, ctx, impl_->table);
    if (p.written_year && p.kind == Kind::kEraYear) {
      Value l;
      l["begin"] = static_cast<long long>(p.written_begin);
      l["end"] = static_cast<long long>(p.written_end);
      r.normalized["linked"] = std::move(l);
    }
    ctx = advance(ctx, p, r);
    Mention m;
    m.type = "date";
    m.begin = p.begin;
    m.end = p.end;
    m.rule = p.rule;
    m.normalized = std::move(r.normalized);
    m.flags = r.flags;
    m.score = r.score;
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace shilu::dates
