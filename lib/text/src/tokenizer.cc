// Tokenizer and sentence splitter. ASCII takes a table-driven fast path; other code
// points are classified with ICU character properties, so both paths agree.
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "shilu/text.h"

namespace shilu::text {
namespace {

enum Cls : std::uint8_t { kSpace, kLetter, kDigit, kPunctCls, kOther, kNewline };

constexpr std::array<std::uint8_t, 128> make_ascii_table() {
  std::array<std::uint8_t, 128> t{};
  for (int c = 0; c < 128; ++c) {
    std::uint8_t v = kPunctCls;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0) v = kSpace;
    else if (c == '\n') v = kNewline;
    else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) v = kLetter;
    else if (c >= '0' && c <= '9') v = kDigit;
    else if (c < 32 || c == 127) v = kSpace;
    else if (c == '$' || c == '+' || c == '<' || c == '=' || c == '>' || c == '^' || c == '|' || c == '~') v = kOther;
    t[static_cast<std::size_t>(c)] = v;
  }
  return t;
}
constexpr auto kAscii = make_ascii_table();

struct CP {
  char32_t cp;
  std::uint8_t len;
  Cls cls;
};

inline bool apostrophe_cp(char32_t c) {
  return c == U'\'' || c == U'\u2019' || c == U'\u2018' || c == U'\u02BB' || c == U'\u02BC' || c == U'`' ||
         c == U'\u2032';
}
inline bool hyphen_cp(char32_t c) { return c == U'-' || c == U'\u2010' || c == U'\u2011'; }

Cls classify_nonascii(char32_t c) {
  UChar32 u = static_cast<UChar32>(c);
  if (c == U'\u2028' || c == U'\u2029' || c == U'\u0085') return kNewline;
  if (u_isUWhiteSpace(u)) return kSpace;
  if (c == 0xFEFF || c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060) return kSpace;  // BOM, zero-width
  int8_t t = u_charType(u);
  if (t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK) return kLetter;  // attaches
  if (u_isalpha(u)) {
    // Han, kana, hangul: one token per character.
    UScriptCode sc = static_cast<UScriptCode>(u_getIntPropertyValue(u, UCHAR_SCRIPT));
    if (sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA || sc == USCRIPT_HANGUL) return kOther;
    return kLetter;
  }
  if (u_isdigit(u)) return kDigit;
  if (u_ispunct(u)) return kPunctCls;
  return kOther;
}

inline CP at(std::string_view s, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {c, 1, static_cast<Cls>(kAscii[c])};
  std::size_t j = i;
  char32_t cp = decode_utf8(s, j);
  return {cp, static_cast<std::uint8_t>(j - i), classify_nonascii(cp)};
}

inline bool is_upper(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c));
}
inline bool is_lower(char32_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z';
  return u_islower(static_cast<UChar32>(c));
}

}  // namespace

std::vector<Token> tokenize_words(std::string_view s) {
  std::vector<Token> toks;
  toks.reserve(s.size() / 5 + 4);
  std::size_t i = 0, n = s.size();
  bool space_before = true, line_before = true;
  while (i < n) {
    CP c = at(s, i);
    if (c.cls == kSpace) { space_before = true; i += c.len; continue; }
    if (c.cls == kNewline) { space_before = true; line_before = true; i += c.len; continue; }
    Token t;
    t.begin = static_cast<std::uint32_t>(i);
    std::uint8_t flags = (space_before ? kSpaceBefore : 0) | (line_before ? kLineBefore : 0);
    space_before = line_before = false;
    if (c.cls == kLetter) {
      t.kind = TokenKind::kWord;
      int letters = 0, uppers = 0;
      bool first = true;
      std::size_t j = i;
      while (j < n) {
        CP d = at(s, j);
        if (d.cls == kLetter || d.cls == kDigit) {
          if (d.cp >= 0x80) flags |= kNonAscii;
          if (d.cls == kLetter) {
            bool up = is_upper(d.cp);
            if (first && up) flags |= kCapitalized;
            if (up) ++uppers;
            if (up || is_lower(d.cp)) ++letters;
          }
          first = false;
          j += d.len;
          continue;
        }
        // Inner apostrophe or hyphen followed by a letter stays inside the word,
        // except the possessive 's (Liao's, Jin's) which is split off.
        if ((apostrophe_cp(d.cp) || hyphen_cp(d.cp)) && j + d.len < n) {
          CP e = at(s, j + d.len);
          if (e.cls == kLetter) {
            if (apostrophe_cp(d.cp) && (e.cp == 's' || e.cp == 'S')) {
              std::size_t k = j + d.len + 1;
              if (k >= n || at(s, k).cls != kLetter) break;  // possessive
            }
            flags |= apostrophe_cp(d.cp) ? kHasApostrophe : kHasHyphen;
            if (d.cp >= 0x80) flags |= kNonAscii;
            j += d.len;
            continue;
          }
        }
        break;
      }
      if (letters >= 2 && uppers == letters) flags |= kAllCaps;
      t.end = static_cast<std::uint32_t>(j);
      i = j;
    } else if (c.cls == kDigit) {
      t.kind = TokenKind::kNumber;
      std::size_t j = i;
      while (j < n) {
        CP d = at(s, j);
        if (d.cls == kDigit) { j += d.len; continue; }
        if ((d.cp == ',' || d.cp == '.') && j + 1 < n && at(s, j + 1).cls == kDigit) { j += 1; continue; }
        break;
      }
      // Ordinal and magnitude suffixes glued to digits: 12th, 1st, 3rd, 100k, 2nd.
      std::size_t k = j;
      while (k < n && k - j < 3) {
        CP d = at(s, k);
        if (d.cls != kLetter || d.cp >= 0x80) break;
        k += d.len;
      }
      if (k > j && (k >= n || at(s, k).cls != kLetter)) {
        std::string_view suf = s.substr(j, k - j);
        std::string low(suf);
        for (auto& ch : low) ch = static_cast<char>(ch | 0x20);
        if (low == "st" || low == "nd" || low == "rd" || low == "th" || low == "k" || low == "m") j = k;
      }
      t.end = static_cast<std::uint32_t>(j);
      i = j;
    } else {
      t.kind = c.cls == kPunctCls ? TokenKind::kPunct : TokenKind::kSymbol;
      if (c.cp >= 0x80) flags |= kNonAscii;
      i += c.len;
      t.end = static_cast<std::uint32_t>(i);
    }
    t.flags = flags;
    toks.push_back(t);
  }
  return toks;
}

namespace {

// Words after which a period does not end a sentence (lower-cased, without the dot).
constexpr std::string_view kAbbrev[] = {
    "r", "st", "ca", "c", "mr", "mrs", "ms", "dr", "gen", "col", "capt", "lt", "sgt", "no", "nos", "vol", "vols",
    "pp", "p", "ed", "eds", "trans", "cf", "fl", "d", "b", "approx", "etc", "vs", "ch", "chap", "fig", "jr", "sr",
    "prof", "rev", "mt", "ft", "e.g", "i.e", "al", "esp", "repr", "ibid", "op", "cit", "viz", "ad", "bc", "bce", "ce"};

bool is_abbrev(std::string_view w) {
  if (w.size() > 6) return false;
  char buf[8];
  for (std::size_t k = 0; k < w.size(); ++k) buf[k] = static_cast<char>(w[k] | 0x20);
  std::string_view low(buf, w.size());
  for (auto a : kAbbrev)
    if (a == low) return true;
  return false;
}

bool is_terminal(std::string_view p) {
  return p == "." || p == "!" || p == "?" || p == "\xE3\x80\x82" /*。*/ || p == "\xEF\xBC\x81" || p == "\xEF\xBC\x9F" ||
         p == "\xE2\x80\xA6" /*…*/;
}
bool is_closer(std::string_view p) {
  return p == "\"" || p == "'" || p == ")" || p == "]" || p == "\xE2\x80\x9D" /*”*/ || p == "\xE2\x80\x99" /*’*/ ||
         p == "\xE3\x80\x8D" || p == "\xEF\xBC\x89";
}

}  // namespace

namespace {

// Fills the folded-word table of t (Tokenized::folded).
void fold_words(Tokenized& t) {
  const std::size_t n = t.tokens.size();
  t.folded_offsets.resize(n + 1);
  std::string& out = t.folded_text;
  // ASCII folds byte for byte, so the text size is enough unless non-ASCII words expand.
  out.resize(t.text.size() + 16);
  std::size_t pos = 0;
  std::string scratch;
  for (std::size_t i = 0; i < n; ++i) {
    const Token& tk = t.tokens[i];
    t.folded_offsets[i] = static_cast<std::uint32_t>(pos);
    if (tk.kind != TokenKind::kWord) continue;
    const char* src = t.text.data() + tk.begin;
    const std::size_t len = tk.end - tk.begin;
    if (tk.flags & kNonAscii) {
      scratch.clear();
      fold_append(scratch, std::string_view(src, len));
      if (pos + scratch.size() > out.size()) out.resize(std::max(out.size() * 2, pos + scratch.size()));
      std::memcpy(out.data() + pos, scratch.data(), scratch.size());
      pos += scratch.size();
      continue;
    }
    // ASCII (a word token holds no white space): lower case, ` as an apostrophe
    if (pos + len > out.size()) out.resize(std::max(out.size() * 2, pos + len));
    char* dst = out.data() + pos;
    for (std::size_t k = 0; k < len; ++k) {
      const auto c = static_cast<unsigned char>(src[k]);
      dst[k] = static_cast<char>(c | (static_cast<unsigned>(c - 'A') < 26u ? 0x20 : 0));
    }
    if (tk.flags & kHasApostrophe)
      for (std::size_t k = 0; k < len; ++k)
        if (dst[k] == '`') dst[k] = '\'';
    pos += len;
  }
  t.folded_offsets[n] = static_cast<std::uint32_t>(pos);
  out.resize(pos);
}

}  // namespace

Tokenized tokenize(std::string_view s) {
  Tokenized t;
  t.text = s;
  t.tokens = tokenize_words(s);
  const auto& tk = t.tokens;
  std::size_t n = tk.size();
  std::size_t start = 0;
  auto close = [&](std::size_t end_tok) {  // sentence = tokens [start, end_tok)
    if (end_tok <= start) return;
    Sentence se;
    se.first_token = static_cast<std::uint32_t>(start);
    se.last_token = static_cast<std::uint32_t>(end_tok);
    se.begin = tk[start].begin;
    se.end = tk[end_tok - 1].end;
    t.sentences.push_back(se);
    start = end_tok;
  };
  for (std::size_t i = 0; i < n; ++i) {
    // Line breaks: a blank line always ends a sentence; a single break ends it unless the
    // text is hard-wrapped mid-sentence (previous token a word/number/comma and the next
    // one a lower-case word).
    if (i > start && (tk[i].flags & kLineBefore)) {
      std::string_view gap = s.substr(tk[i - 1].end, tk[i].begin - tk[i - 1].end);
      std::size_t nl = std::count(gap.begin(), gap.end(), '\n');
      bool blank = nl >= 2;
      bool prev_cont = tk[i - 1].kind == TokenKind::kWord || tk[i - 1].kind == TokenKind::kNumber ||
                       t.view(i - 1) == ",";
      bool next_lower = tk[i].kind == TokenKind::kWord && !tk[i].capitalized();
      if (blank || !(prev_cont && next_lower)) close(i);
    }
    std::string_view v = t.view(i);
    if (tk[i].kind != TokenKind::kPunct || !is_terminal(v)) continue;
    // Swallow repeated terminal punctuation and closing quotes/brackets.
    std::size_t j = i + 1;
    while (j < n && tk[j].kind == TokenKind::kPunct && tk[j].begin == tk[j - 1].end &&
           (is_terminal(t.view(j)) || is_closer(t.view(j))))
      ++j;
    if (j >= n) { i = j - 1; break; }
    if (v == ".") {
      // Abbreviations and initials: "r. 1123", "St. Petersburg", "A. Waley".
      if (i > 0 && tk[i - 1].kind == TokenKind::kWord && tk[i - 1].end == tk[i].begin) {
        std::string_view prev = t.view(i - 1);
        if (is_abbrev(prev)) continue;
        if (prev.size() == 1 && tk[i - 1].capitalized()) continue;
      }
    }
    // The next token must look like a sentence start: capitalized word, number, quote,
    // bracket, or a non-Latin symbol.
    const Token& nx = tk[j];
    bool starts = (nx.kind == TokenKind::kWord && nx.capitalized()) || nx.kind == TokenKind::kNumber ||
                  nx.kind == TokenKind::kSymbol || nx.kind == TokenKind::kPunct || (nx.flags & kLineBefore);
    if (!starts) continue;
    close(j);
    i = j - 1;
  }
  close(n);
  fold_words(t);
  return t;
}

std::size_t Tokenized::sentence_of(std::size_t token_index) const {
  auto it = std::upper_bound(sentences.begin(), sentences.end(), token_index,
                             [](std::size_t v, const Sentence& s) { return v < s.first_token; });
  if (it == sentences.begin()) return 0;
  return static_cast<std::size_t>(it - sentences.begin()) - 1;
}

std::size_t Tokenized::token_at_or_after(std::uint32_t byte) const {
  auto it = std::lower_bound(tokens.begin(), tokens.end(), byte,
                             [](const Token& t, std::uint32_t b) { return t.begin < b; });
  return static_cast<std::size_t>(it - tokens.begin());
}

}  // namespace shilu::text
