// NFC and folding keys (ICU for everything outside ASCII).
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "shilu/text.h"

namespace shilu::text {

std::string nfc(std::string_view utf8) {
  bool ascii = true;
  for (unsigned char c : utf8)
    if (c >= 0x80) { ascii = false; break; }
  if (ascii) return std::string(utf8);
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err)) return std::string(utf8);
  icu::UnicodeString src = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString dst = n->normalize(src, err);
  if (U_FAILURE(err)) return std::string(utf8);
  std::string out;
  dst.toUTF8String(out);
  return out;
}

namespace {

// A space is pushed only after folded text of the current call (out[start...]).
inline void push_space(std::string& out, std::size_t start) {
  if (out.size() > start && out.back() != ' ') out += ' ';
}

// Appends the folded form of one non-ASCII code point.
void fold_cp(std::string& out, std::size_t start, char32_t cp, const icu::Normalizer2* nfd) {
  switch (cp) {
    case U'\u2019': case U'\u2018': case U'\u02BB': case U'\u02BC': case U'`': case U'\u2032': case U'\u00B4':
      out += '\'';
      return;
    case U'\u2010': case U'\u2011': case U'\u2012': case U'\u2013': case U'\u2014': case U'\u2212':
      out += '-';
      return;
    case U'\u00DF': out += "ss"; return;
    case U'\u00E6': case U'\u00C6': out += "ae"; return;
    case U'\u0153': case U'\u0152': out += "oe"; return;
    case U'\u00F8': case U'\u00D8': out += 'o'; return;
    case U'\u0131': out += 'i'; return;
    case U'\u0142': case U'\u0141': out += 'l'; return;
    case U'\u00F0': case U'\u00D0': case U'\u0111': case U'\u0110': out += 'd'; return;
    default: break;
  }
  if (u_isUWhiteSpace(static_cast<UChar32>(cp))) { push_space(out, start); return; }
  if (u_charType(static_cast<UChar32>(cp)) == U_NON_SPACING_MARK) return;
  icu::UnicodeString dec;
  if (nfd && nfd->getDecomposition(static_cast<UChar32>(cp), dec)) {
    for (int32_t k = 0; k < dec.length();) {
      UChar32 c = dec.char32At(k);
      k += U16_LENGTH(c);
      if (u_charType(c) == U_NON_SPACING_MARK) continue;
      UChar32 l = u_tolower(c);
      if (l < 0x80) out += static_cast<char>(l);
      else append_utf8(out, static_cast<char32_t>(l));
    }
    return;
  }
  append_utf8(out, static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp))));
}

}  // namespace

void fold_append(std::string& out, std::string_view s) {
  const std::size_t start = out.size();
  const icu::Normalizer2* nfd = nullptr;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') { push_space(out, start); continue; }
      if (c == '`') { out += '\''; continue; }
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
      continue;
    }
    char32_t cp = decode_utf8(s, i);
    if (!nfd) {
      UErrorCode err = U_ZERO_ERROR;
      nfd = icu::Normalizer2::getNFDInstance(err);
      if (U_FAILURE(err)) nfd = nullptr;
    }
    fold_cp(out, start, cp, nfd);
  }
  // trim
  std::size_t b = start;
  while (b < out.size() && out[b] == ' ') ++b;
  while (out.size() > b && out.back() == ' ') out.pop_back();
  if (b > start) out.erase(start, b - start);
}

std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  fold_append(out, s);
  return out;
}

std::string fold_compact(std::string_view s) {
  std::string f = fold(s);
  std::string out;
  out.reserve(f.size());
  for (char c : f)
    if (c != ' ' && c != '\'' && c != '-' && c != '.') out += c;
  return out;
}

}  // namespace shilu::text
