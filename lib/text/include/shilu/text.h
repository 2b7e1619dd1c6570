// shilu/text.h — Unicode text layer: tokens, sentences, folding, numbers.
//
//   shilu::text::Tokenized t = shilu::text::tokenize(doc.text);
//   for (const auto& tok : t.tokens)
//     if (tok.kind == shilu::text::TokenKind::kWord) use(t.view(tok));   // "K'ai-feng"
//   for (const auto& s : t.sentences) ...                                 // byte spans
//
//   shilu::text::fold("Yēlǜ Xiézhēn")   == "yelu xiezhen"   // tone marks, ü, case
//   shilu::text::fold("K’ai-feng")      == "k'ai-feng"      // apostrophe/hyphen look-alikes unified
//   shilu::text::nfc("Yelu\u0308")      == "Yelü"
//   t.folded(i)                         == fold(t.view(i)) for word tokens, computed once
//
//   auto n = shilu::text::parse_number(t, i);   // "20,000", "thirty thousand", "1.5 million"
//   if (n) { n->value; n->first_token; n->last_token; }
//   auto o = shilu::text::parse_ordinal(t, i);  // "third", "12th", "twenty-first"
//
// Tokens are half-open byte spans into the text given to tokenize(), which must outlive
// the Tokenized value. The tokenizer is deterministic and has an ASCII fast path; non-
// ASCII characters are classified with ICU character properties.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shilu::text {

enum class TokenKind : std::uint8_t {
  kWord,    // letters, with inner apostrophes and hyphens: K'ai-feng, Ch’in, Wan-yen, Yeh-lü, Xi'an
  kNumber,  // digits with inner , . and ranges kept apart: 20,000  1.5  1126 (the '-' of 1126-1127 is punct)
  kPunct,   // one punctuation character: . , ; ( ) " ’ - – …
  kSymbol,  // anything else that is not space (CJK ideographs are one token each, emoji, …)
};

enum TokenFlag : std::uint8_t {
  kCapitalized = 1,   // first character is an upper-case letter
  kAllCaps = 2,       // every letter is upper case and there are at least two letters
  kHasApostrophe = 4, // contains an inner apostrophe look-alike (' ’ ‘ ʻ `)
  kHasHyphen = 8,     // contains an inner hyphen look-alike (- ‐ ‑)
  kNonAscii = 16,     // contains a non-ASCII byte
  kSpaceBefore = 32,  // preceded by white space (or at text start)
  kLineBefore = 64,   // a line break lies between the previous token and this one
};

struct Token {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  TokenKind kind = TokenKind::kWord;
  std::uint8_t flags = 0;

  bool is_word() const { return kind == TokenKind::kWord; }
  bool is_number() const { return kind == TokenKind::kNumber; }
  bool is_punct() const { return kind == TokenKind::kPunct; }
  bool capitalized() const { return flags & kCapitalized; }
};

struct Sentence {
  std::uint32_t begin = 0;        // byte span
  std::uint32_t end = 0;
  std::uint32_t first_token = 0;  // token index range [first_token, last_token)
  std::uint32_t last_token = 0;
};

struct Tokenized {
  std::string_view text;
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;

  std::string_view view(const Token& t) const { return text.substr(t.begin, t.end - t.begin); }
  std::string_view view(std::size_t i) const { return view(tokens[i]); }
  // Folded form of word token i — exactly fold(view(i)) — or "" for other tokens. tokenize()
  // computes these once per document (folded_text holds them back to back, folded_offsets
  // has tokens.size() + 1 entries), so that extractors look words up without folding them
  // again. A Tokenized assembled by hand has no table: has_folded() is false then and
  // folded() returns "" for every token.
  std::string folded_text;
  std::vector<std::uint32_t> folded_offsets;
  bool has_folded() const { return folded_offsets.size() == tokens.size() + 1; }
  std::string_view folded(std::size_t i) const {
    if (i + 1 >= folded_offsets.size()) return {};
    return std::string_view(folded_text).substr(folded_offsets[i], folded_offsets[i + 1] - folded_offsets[i]);
  }
  // Index of the sentence containing token i.
  std::size_t sentence_of(std::size_t token_index) const;
  // Index of the first token whose begin >= byte (tokens.size() if none).
  std::size_t token_at_or_after(std::uint32_t byte) const;
};

// Tokenizes and splits into sentences. `utf8` must be valid UTF-8 (Document::text is).
Tokenized tokenize(std::string_view utf8);
// Tokens only.
std::vector<Token> tokenize_words(std::string_view utf8);

// ---------------------------------------------------------------- normalization
// NFC (ICU). Invalid input is returned unchanged.
std::string nfc(std::string_view utf8);
// Folding key: NFD, combining marks dropped (tone marks, diaeresis: ü→u, ê→e, ŭ→u),
// lower case, apostrophe look-alikes (’ ‘ ʻ ` ′) → ', hyphen look-alikes (‐ ‑ – —) → -,
// white space runs → one space, trimmed. ASCII input takes a fast path.
std::string fold(std::string_view utf8);
// Appends fold(utf8) to `out` (no temporary string).
void fold_append(std::string& out, std::string_view utf8);
// Like fold() but also maps the ü spellings "v" and "u:" are NOT touched; it only
// removes apostrophes, hyphens, dots and spaces — the loose key scorers use.
std::string fold_compact(std::string_view utf8);
// True when the code point at the start of `s` is an apostrophe look-alike; sets len.
bool is_apostrophe(std::string_view s, std::size_t& len);
bool is_hyphen(std::string_view s, std::size_t& len);

// UTF-8 helpers.
// Decodes one code point at s[i]; returns it and advances i. Invalid → U+FFFD, i+1.
char32_t decode_utf8(std::string_view s, std::size_t& i);
void append_utf8(std::string& out, char32_t cp);
std::size_t count_code_points(std::string_view s);

// ---------------------------------------------------------------- numbers
struct Number {
  double value = 0;           // 20000, 1.5e6
  std::uint32_t first_token = 0;
  std::uint32_t last_token = 0;  // exclusive
  bool vague = false;         // "tens of thousands", "thousands of", "several thousand"
  bool words = false;         // spelled out
};

// Parses a cardinal starting at token i: digits with separators ("20,000", "20 000"),
// decimals, words ("a hundred and twenty thousand", "thirty-five"), mixed ("30 thousand",
// "1.5 million", "100k"), myriads in translation ("ten wan", "two myriads"), and vague
// magnitudes ("tens of thousands" = 10000, "hundreds of thousands" = 100000,
// "thousands of" = 1000, "several thousand" = 1000; vague = true). A bare "a"/"an"
// is never a number by itself.
std::optional<Number> parse_number(const Tokenized& t, std::size_t i);

// Parses an ordinal at token i: "third", "twenty-first", "twenty first", "12th", "1st",
// "first"; up to 99. Returns value and token range.
std::optional<Number> parse_ordinal(const Tokenized& t, std::size_t i);

// Value of a single cardinal word ("seven" → 7, "thousand" → 1000), or -1.
long long cardinal_word_value(std::string_view lower_word);
// Value of a single ordinal word ("seventh" → 7), or -1.
long long ordinal_word_value(std::string_view lower_word);

}  // namespace shilu::text
