// Number parsing: cardinals in digits, words and mixtures, vague magnitudes, myriads,
// and ordinals up to 99. English number words are grammar, not data: they live in the
// small constexpr tables below (the only words this file knows).
#include <array>
#include <cmath>
#include <cstdlib>

#include "shilu/text.h"

namespace shilu::text {
namespace {

struct WordValue {
  std::string_view word;
  long long value;
};

// Cardinal words. Magnitudes (>= 100) are combined multiplicatively by the parser.
constexpr WordValue kCardinals[] = {
    {"zero", 0},         {"one", 1},          {"two", 2},        {"three", 3},       {"four", 4},
    {"five", 5},         {"six", 6},          {"seven", 7},      {"eight", 8},       {"nine", 9},
    {"ten", 10},         {"eleven", 11},      {"twelve", 12},    {"thirteen", 13},   {"fourteen", 14},
    {"fifteen", 15},     {"sixteen", 16},     {"seventeen", 17}, {"eighteen", 18},   {"nineteen", 19},
    {"twenty", 20},      {"thirty", 30},      {"forty", 40},     {"fourty", 40},     {"fifty", 50},
    {"sixty", 60},       {"seventy", 70},     {"eighty", 80},    {"ninety", 90},     {"hundred", 100},
    {"thousand", 1000},  {"wan", 10000},      {"myriad", 10000}, {"myriads", 10000}, {"million", 1000000},
    {"billion", 1000000000LL},
};

constexpr WordValue kOrdinals[] = {
    {"first", 1},        {"second", 2},       {"third", 3},         {"fourth", 4},       {"fifth", 5},
    {"sixth", 6},        {"seventh", 7},      {"eighth", 8},        {"ninth", 9},        {"tenth", 10},
    {"eleventh", 11},    {"twelfth", 12},     {"thirteenth", 13},   {"fourteenth", 14},  {"fifteenth", 15},
    {"sixteenth", 16},   {"seventeenth", 17}, {"eighteenth", 18},   {"nineteenth", 19},  {"twentieth", 20},
    {"thirtieth", 30},   {"fortieth", 40},    {"fiftieth", 50},     {"sixtieth", 60},    {"seventieth", 70},
    {"eightieth", 80},   {"ninetieth", 90},
};

// Plural magnitudes that make a vague count: "thousands (of)", "tens of thousands".
constexpr WordValue kVaguePlurals[] = {
    {"dozens", 12},   {"scores", 20},       {"hundreds", 100},    {"thousands", 1000},
    {"myriads", 10000}, {"millions", 1000000},
};

// Quick rejection for a word table: the lengths that occur for each pair of first and
// last letters. Exact for the table's words; most other words fail it at once.
struct WordFilter {
  std::array<std::uint32_t, 26 * 26> lengths{};  // bit n: a word of n bytes (< 32)
  static constexpr int slot(std::string_view w) {
    if (w.empty() || w.size() >= 32) return -1;
    char a = w.front(), z = w.back();
    if (a < 'a' || a > 'z' || z < 'a' || z > 'z') return -1;
    return (a - 'a') * 26 + (z - 'a');
  }
  bool may_contain(std::string_view w) const {
    int k = slot(w);
    return k >= 0 && (lengths[static_cast<std::size_t>(k)] >> w.size() & 1u);
  }
};
template <std::size_t N>
constexpr WordFilter filter_of(const WordValue (&table)[N]) {
  WordFilter f;
  for (const auto& e : table) f.lengths[static_cast<std::size_t>(WordFilter::slot(e.word))] |= 1u << e.word.size();
  return f;
}

long long lookup(const WordValue* begin, const WordValue* end, std::string_view w) {
  for (const WordValue* p = begin; p != end; ++p)
    if (p->word == w) return p->value;
  return -1;
}

constexpr WordFilter kCardinalFilter = filter_of(kCardinals);
constexpr WordFilter kOrdinalFilter = filter_of(kOrdinals);
// Table lookups that reject most words without scanning the table.
long long cardinal_lookup(std::string_view w) {
  return kCardinalFilter.may_contain(w) ? lookup(std::begin(kCardinals), std::end(kCardinals), w) : -1;
}
long long ordinal_lookup(std::string_view w) {
  return kOrdinalFilter.may_contain(w) ? lookup(std::begin(kOrdinals), std::end(kOrdinals), w) : -1;
}

// Lower-cases an ASCII word into buf; false when it is too long or not ASCII letters/hyphens.
constexpr std::size_t kMaxWord = 32;
bool lower_ascii(std::string_view w, char* buf, std::string_view& out) {
  if (w.empty() || w.size() > kMaxWord) return false;
  for (std::size_t k = 0; k < w.size(); ++k) {
    unsigned char c = static_cast<unsigned char>(w[k]);
    if (c >= 0x80) return false;
    buf[k] = static_cast<char>((c >= 'A' && c <= 'Z') ? c | 0x20 : c);
  }
  out = std::string_view(buf, w.size());
  return true;
}

// The lower-cased view of word token i (ASCII only), or empty.
std::string_view low_word(const Tokenized& t, std::size_t i, char* buf) {
  if (i >= t.tokens.size() || !t.tokens[i].is_word()) return {};
  std::string_view out;
  if (!lower_ascii(t.view(i), buf, out)) return {};
  return out;
}

// Splits a hyphenated word ("thirty-five", "twenty-first") into at most 4 parts.
int split_hyphen(std::string_view w, std::array<std::string_view, 4>& parts) {
  int n = 0;
  std::size_t start = 0;
  for (std::size_t k = 0; k <= w.size(); ++k) {
    if (k == w.size() || w[k] == '-') {
      if (n == 4 || k == start) return 0;
      parts[static_cast<std::size_t>(n++)] = w.substr(start, k - start);
      start = k + 1;
    }
  }
  return n;
}

bool is_magnitude(long long v) { return v >= 100; }

// Accumulates cardinal words with the usual total/current scheme and checks that the
// sequence is well-formed ("thirty five" yes, "five thirty" no).
struct WordAcc {
  long long total = 0;
  long long current = 0;
  bool any = false;        // at least one word consumed
  bool current_set = false;
  int last = 0;            // 0 none, 1 unit (1-9), 2 teen/ten, 3 tens (20-90), 4 hundred, 5 big magnitude
  long long last_big = 0;  // smallest big magnitude used so far (1000, 10000, ...)

  // Returns false (and changes nothing) when `v` cannot continue the number.
  bool add(long long v) {
    if (v < 0) return false;
    if (v == 100) {
      if (last == 4) return false;
      if (!current_set) current = 1;
      if (current >= 100 && current % 100 != 0) return false;  // "thirty-five hundred" is fine below
      current *= 100;
      current_set = true;
      last = 4;
    } else if (v >= 1000) {
      if (last == 5 && !current_set) {
        // "ten thousand myriads" / "thousand million": compose only upwards.
        if (v <= last_big) return false;
        total *= v;
        last_big = v;
        any = true;
        return true;
      }
      if (!current_set) current = 1;
      if (last_big != 0 && v == last_big) return false;
      if (last_big != 0 && v > last_big) {
        total = (total + current) * v;  // "two thousand million" style
      } else {
        total += current * v;
      }
      last_big = v;
      current = 0;
      current_set = false;
      last = 5;
    } else if (v == 0) {
      if (any) return false;
      current = 0;
      current_set = true;
      last = 1;
    } else {
      long long below = current % 100;
      if (v < 10) {
        if (current_set && !(below == 0 || (last == 3 && below % 10 == 0))) return false;
        if (last == 1 || last == 2) return false;
        current += v;
        last = 1;
      } else if (v < 20) {
        if (current_set && below != 0) return false;
        if (last == 1 || last == 2 || last == 3) return false;
        current += v;
        last = 2;
      } else {
        if (current_set && below != 0) return false;
        if (last == 1 || last == 2 || last == 3) return false;
        current += v;
        last = 3;
      }
      current_set = true;
    }
    any = true;
    return true;
  }
  long long value() const { return total + current; }
};

bool is_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Parses a number token ("20,000", "1.5", "100k", "1.5m"). Returns false for ordinals
// ("12th") and malformed grouping ("1,2,3").
bool parse_digits(std::string_view s, double& value) {
  double mult = 1;
  if (!s.empty()) {
    char last = static_cast<char>(s.back() | 0x20);
    if (last == 'k' || last == 'm') {
      mult = last == 'k' ? 1e3 : 1e6;
      s.remove_suffix(1);
    } else if (last >= 'a' && last <= 'z') {
      return false;  // 12th, 1st
    }
  }
  if (s.empty()) return false;
  std::size_t commas = 0, dots = 0;
  for (char c : s) {
    if (c == ',') ++commas;
    else if (c == '.') ++dots;
    else if (c < '0' || c > '9') return false;
  }
  std::string digits;
  digits.reserve(s.size());
  if (commas > 0) {
    // Thousands separators: first group 1-3 digits, then groups of exactly 3; an optional
    // decimal part after a single dot at the end.
    std::string_view intpart = s, frac;
    if (dots > 1) return false;
    if (dots == 1) {
      std::size_t d = s.find('.');
      if (d < s.rfind(',')) return false;
      intpart = s.substr(0, d);
      frac = s.substr(d + 1);
    }
    std::size_t start = 0;
    bool first = true;
    for (std::size_t k = 0; k <= intpart.size(); ++k) {
      if (k == intpart.size() || intpart[k] == ',') {
        std::size_t len = k - start;
        if (first ? (len < 1 || len > 3) : len != 3) return false;
        digits.append(intpart.substr(start, len));
        start = k + 1;
        first = false;
      }
    }
    if (!frac.empty()) {
      digits += '.';
      digits.append(frac);
    }
  } else if (dots > 1) {
    // "1.000.000" (continental grouping): groups of exactly three after the first.
    std::size_t start = 0;
    bool first = true;
    for (std::size_t k = 0; k <= s.size(); ++k) {
      if (k == s.size() || s[k] == '.') {
        std::size_t len = k - start;
        if (first ? (len < 1 || len > 3) : len != 3) return false;
        digits.append(s.substr(start, len));
        start = k + 1;
        first = false;
      }
    }
  } else {
    digits.assign(s);
  }
  char* end = nullptr;
  value = std::strtod(digits.c_str(), &end) * mult;
  return end != nullptr && *end == '\0';
}

// True when the only thing between tokens a and b is one space-like separator
// (" ", NBSP, thin space, narrow NBSP) — the "20 000" grouping.
bool thin_gap(const Tokenized& t, std::size_t a, std::size_t b) {
  std::string_view gap = t.text.substr(t.tokens[a].end, t.tokens[b].begin - t.tokens[a].end);
  return gap == " " || gap == "\xC2\xA0" || gap == "\xE2\x80\x89" || gap == "\xE2\x80\xAF";
}

// Big magnitude word at token i ("thousand", "million", "wan", "myriads"), else -1.
long long magnitude_at(const Tokenized& t, std::size_t i) {
  char buf[kMaxWord];
  std::string_view w = low_word(t, i, buf);
  if (w.empty()) return -1;
  long long v = cardinal_lookup(w);
  return is_magnitude(v) ? v : -1;
}

bool word_is(const Tokenized& t, std::size_t i, std::string_view lower) {
  char buf[kMaxWord];
  return low_word(t, i, buf) == lower;
}

// Vague magnitudes at token i: "tens of thousands", "hundreds of thousands", "thousands",
// "several thousand", "a few hundred", "many thousands", "several tens of thousands".
std::optional<Number> parse_vague(const Tokenized& t, std::size_t i) {
  char buf[kMaxWord];
  std::string_view w = low_word(t, i, buf);
  if (w.empty()) return std::nullopt;
  std::size_t j = i;
  bool quantifier = false;  // "several", "a few", "many", "some"
  if (w == "several" || w == "many" || w == "some") {
    quantifier = true;
    ++j;
  } else if (w == "a" && word_is(t, i + 1, "few")) {
    quantifier = true;
    j += 2;
  }
  char buf2[kMaxWord];
  std::string_view x = low_word(t, j, buf2);
  if (x.empty()) return std::nullopt;
  Number n;
  n.vague = true;
  n.words = true;
  n.first_token = static_cast<std::uint32_t>(i);
  // "tens of thousands", "hundreds of thousands", "tens of millions".
  if ((x == "tens" || x == "hundreds") && word_is(t, j + 1, "of")) {
    char buf3[kMaxWord];
    std::string_view y = low_word(t, j + 2, buf3);
    long long m = lookup(std::begin(kVaguePlurals), std::end(kVaguePlurals), y);
    if (m >= 1000) {
      n.value = static_cast<double>((x == "tens" ? 10 : 100) * m);
      n.last_token = static_cast<std::uint32_t>(j + 3);
      return n;
    }
  }
  long long plural = lookup(std::begin(kVaguePlurals), std::end(kVaguePlurals), x);
  if (plural > 0) {
    // "thousands", "many thousands"; "some hundreds". A bare "scores"/"dozens" needs "of".
    if ((plural == 12 || plural == 20) && !word_is(t, j + 1, "of")) return std::nullopt;
    n.value = static_cast<double>(plural);
    n.last_token = static_cast<std::uint32_t>(j + 1);
    return n;
  }
  if (!quantifier || w == "many" || w == "some") return std::nullopt;
  // "several thousand", "a few hundred", "several hundred thousand".
  long long v = cardinal_lookup(x);
  if (!is_magnitude(v)) return std::nullopt;
  std::size_t k = j + 1;
  long long m2 = magnitude_at(t, k);
  if (m2 > v) {
    v *= m2;
    ++k;
  }
  n.value = static_cast<double>(v);
  n.last_token = static_cast<std::uint32_t>(k);
  return n;
}

}  // namespace

long long cardinal_word_value(std::string_view w) {
  long long v = cardinal_lookup(w);
  if (v >= 0 || w.find('-') == std::string_view::npos) return v;
  std::array<std::string_view, 4> parts;
  int n = split_hyphen(w, parts);
  if (n < 2) return -1;
  WordAcc acc;
  for (int k = 0; k < n; ++k)
    if (!acc.add(cardinal_lookup(parts[static_cast<std::size_t>(k)])))
      return -1;
  return acc.value();
}

long long ordinal_word_value(std::string_view w) {
  long long v = ordinal_lookup(w);
  if (v >= 0 || w.find('-') == std::string_view::npos) return v;
  std::array<std::string_view, 4> parts;
  if (split_hyphen(w, parts) != 2) return -1;
  long long tens = cardinal_lookup(parts[0]);
  long long unit = ordinal_lookup(parts[1]);
  if (tens < 20 || tens > 90 || tens % 10 != 0 || unit < 1 || unit > 9) return -1;
  return tens + unit;
}

std::optional<Number> parse_number(const Tokenized& t, std::size_t i) {
  const std::size_t n = t.tokens.size();
  if (i >= n) return std::nullopt;
  const Token& tok = t.tokens[i];

  if (tok.is_number()) {
    Number out;
    out.first_token = static_cast<std::uint32_t>(i);
    if (!parse_digits(t.view(i), out.value)) return std::nullopt;
    std::size_t j = i + 1;
    // "20 000": plain groups of three digits after a short plain lead, one thin gap apart.
    std::string_view v0 = t.view(i);
    if (is_digits(v0) && v0.size() <= 3) {
      double acc = out.value;
      std::size_t k = j;
      while (k < n && t.tokens[k].is_number() && t.view(k).size() == 3 && is_digits(t.view(k)) &&
             thin_gap(t, k - 1, k)) {
        acc = acc * 1000 + std::strtod(std::string(t.view(k)).c_str(), nullptr);
        ++k;
      }
      if (k > j) {
        out.value = acc;
        j = k;
      }
    }
    // "30 thousand", "1.5 million", "ten wan" (digits form), "2 myriads", "3 hundred thousand".
    if (long long m = magnitude_at(t, j); m > 0) {
      out.value *= static_cast<double>(m);
      out.words = true;
      ++j;
      if (long long m2 = magnitude_at(t, j); m2 > m) {
        out.value *= static_cast<double>(m2);
        ++j;
      }
    }
    out.last_token = static_cast<std::uint32_t>(j);
    return out;
  }

  if (!tok.is_word()) return std::nullopt;
  // "half a million" = 500,000, "half a myriad" = 5,000.
  {
    char hb[kMaxWord], ab[kMaxWord];
    if (i + 2 < n && low_word(t, i, hb) == "half") {
      std::string_view a = low_word(t, i + 1, ab);
      long long m = (a == "a" || a == "an") ? magnitude_at(t, i + 2) : -1;
      if (m >= 100) {
        Number out;
        out.value = static_cast<double>(m) / 2;
        out.first_token = static_cast<std::uint32_t>(i);
        out.last_token = static_cast<std::uint32_t>(i + 3);
        out.words = true;
        return out;
      }
    }
  }
  if (auto v = parse_vague(t, i)) return v;

  WordAcc acc;
  std::size_t j = i;
  std::size_t last_good = i;  // exclusive end of the last complete number
  long long good_value = 0;
  char buf[kMaxWord];
  // A leading "a"/"an" counts as one only before a magnitude: "a hundred", "a thousand".
  {
    std::string_view w = low_word(t, i, buf);
    if (w == "a" || w == "an") {
      if (word_is(t, i + 1, "dozen")) {  // "a dozen" = 12
        Number out;
        out.value = 12;
        out.first_token = static_cast<std::uint32_t>(i);
        out.last_token = static_cast<std::uint32_t>(i + 2);
        out.words = true;
        return out;
      }
      long long m = magnitude_at(t, i + 1);
      if (m < 0) return std::nullopt;
      acc.current = 1;
      acc.current_set = true;
      acc.any = true;
      acc.last = 1;
      j = i + 1;
    }
  }
  std::size_t and_good = 0;  // last_good before an inner "and" (0 = none)
  long long and_value = 0;
  while (j < n && t.tokens[j].is_word()) {
    std::string_view w = low_word(t, j, buf);
    if (w.empty()) break;
    if (w == "and" && acc.any && (acc.last == 4 || acc.last == 5)) {
      // "a hundred and twenty": "and" only inside a number.
      long long nx = -1;
      char buf2[kMaxWord];
      std::string_view w2 = low_word(t, j + 1, buf2);
      if (!w2.empty()) nx = cardinal_word_value(w2);
      if (nx <= 0 || nx >= 100) break;
      and_good = last_good;
      and_value = good_value;
      ++j;
      continue;
    }
    long long v = cardinal_lookup(w);
    bool ok = false;
    if (v >= 0) {
      // Plural "myriads" is a count noun only after a multiplier ("two myriads").
      if (w == "myriads" && !acc.any) break;
      ok = acc.add(v);
    } else if (w.find('-') != std::string_view::npos) {
      std::array<std::string_view, 4> parts;
      int np = split_hyphen(w, parts);
      WordAcc trial = acc;
      ok = np >= 2;
      for (int k = 0; ok && k < np; ++k)
        ok = trial.add(cardinal_lookup(parts[static_cast<std::size_t>(k)]));
      if (ok) acc = trial;
    }
    if (!ok) {
      // "five thousand and six thousand": the "and" joined two numbers, not one.
      if (and_good != 0 && is_magnitude(v)) {
        last_good = and_good;
        good_value = and_value;
      }
      break;
    }
    ++j;
    last_good = j;
    good_value = acc.value();
  }
  if (last_good == i) return std::nullopt;
  // "two dozen" = 24 (only after a small count).
  if (good_value > 0 && good_value < 100 && word_is(t, last_good, "dozen")) {
    good_value *= 12;
    ++last_good;
  }
  Number out;
  out.value = static_cast<double>(good_value);
  out.first_token = static_cast<std::uint32_t>(i);
  out.last_token = static_cast<std::uint32_t>(last_good);
  out.words = true;
  return out;
}

std::optional<Number> parse_ordinal(const Tokenized& t, std::size_t i) {
  const std::size_t n = t.tokens.size();
  if (i >= n) return std::nullopt;
  const Token& tok = t.tokens[i];
  Number out;
  out.first_token = static_cast<std::uint32_t>(i);
  out.last_token = static_cast<std::uint32_t>(i + 1);
  if (tok.is_number()) {
    std::string_view v = t.view(i);
    if (v.size() < 3 || v.size() > 4) return std::nullopt;
    std::string_view digits = v.substr(0, v.size() - 2);
    char s0 = static_cast<char>(v[v.size() - 2] | 0x20), s1 = static_cast<char>(v[v.size() - 1] | 0x20);
    if (!is_digits(digits)) return std::nullopt;
    int d = std::atoi(std::string(digits).c_str());
    if (d < 1 || d > 99) return std::nullopt;
    bool ok = (s0 == 's' && s1 == 't') || (s0 == 'n' && s1 == 'd') || (s0 == 'r' && s1 == 'd') ||
              (s0 == 't' && s1 == 'h');
    if (!ok) return std::nullopt;
    out.value = d;
    return out;
  }
  if (!tok.is_word()) return std::nullopt;
  char buf[kMaxWord];
  std::string_view w = low_word(t, i, buf);
  if (w.empty()) return std::nullopt;
  out.words = true;
  long long v = ordinal_word_value(w);
  if (v > 0) {
    out.value = static_cast<double>(v);
    return out;
  }
  // "twenty first": a tens word, then a unit ordinal separated by a space.
  long long tens = cardinal_lookup(w);
  if (tens >= 20 && tens <= 90 && tens % 10 == 0 && i + 1 < n && thin_gap(t, i, i + 1)) {
    char buf2[kMaxWord];
    long long unit = ordinal_lookup(low_word(t, i + 1, buf2));
    if (unit >= 1 && unit <= 9) {
      out.value = static_cast<double>(tens + unit);
      out.last_token = static_cast<std::uint32_t>(i + 2);
      return out;
    }
  }
  return std::nullopt;
}

}  // namespace shilu::text
