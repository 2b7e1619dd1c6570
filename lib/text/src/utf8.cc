#include "shilu/text.h"

namespace shilu::text {

char32_t decode_utf8(std::string_view s, std::size_t& i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) { ++i; return c; }
  std::size_t n = s.size();
  if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (b(i + 1) & 0xC0) == 0x80) {
    char32_t cp = ((c & 0x1F) << 6) | (b(i + 1) & 0x3F);
    i += 2;
    return cp;
  }
  if (c >= 0xE0 && c <= 0xEF && i + 2 < n && (b(i + 1) & 0xC0) == 0x80 && (b(i + 2) & 0xC0) == 0x80) {
    char32_t cp = ((c & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F);
    if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) { i += 3; return cp; }
  }
  if (c >= 0xF0 && c <= 0xF4 && i + 3 < n && (b(i + 1) & 0xC0) == 0x80 && (b(i + 2) & 0xC0) == 0x80 &&
      (b(i + 3) & 0xC0) == 0x80) {
    char32_t cp = ((c & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) | (b(i + 3) & 0x3F);
    if (cp >= 0x10000 && cp <= 0x10FFFF) { i += 4; return cp; }
  }
  ++i;
  return 0xFFFD;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::size_t count_code_points(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    decode_utf8(s, i);
    ++n;
  }
  return n;
}

namespace {
bool apostrophe_cp(char32_t c) {
  return c == U'\'' || c == U'\u2019' || c == U'\u2018' || c == U'\u02BB' || c == U'\u02BC' || c == U'`' ||
         c == U'\u2032' || c == U'\u00B4';
}
bool hyphen_cp(char32_t c) { return c == U'-' || c == U'\u2010' || c == U'\u2011'; }
}  // namespace

bool is_apostrophe(std::string_view s, std::size_t& len) {
  if (s.empty()) return false;
  std::size_t i = 0;
  char32_t c = decode_utf8(s, i);
  len = i;
  return apostrophe_cp(c);
}

bool is_hyphen(std::string_view s, std::size_t& len) {
  if (s.empty()) return false;
  std::size_t i = 0;
  char32_t c = decode_utf8(s, i);
  len = i;
  return hyphen_cp(c);
}

}  // namespace shilu::text
