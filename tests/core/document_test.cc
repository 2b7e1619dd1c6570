#include <doctest/doctest.h>

#include "shilu/core.h"

using shilu::Document;

namespace {
// Code-point slice of a valid UTF-8 string (what Python's s[start:end] returns).
std::string cp_slice(const std::string& s, std::size_t start, std::size_t end) {
  std::size_t cp = 0, b = 0, bs = std::string::npos, be = s.size();
  while (b <= s.size()) {
    if (cp == start && bs == std::string::npos) bs = b;
    if (cp == end) { be = b; break; }
    if (b == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[b]);
    b += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++cp;
  }
  return s.substr(bs, be - bs);
}
}  // namespace

TEST_CASE("char offsets slice back to the same text as byte offsets on mixed scripts") {
  std::string s = "Yēlǜ Xiézhēn ‘K’ai-feng’ 耶律休哥 😀 Lǚ Yihao; Yelü; “Wan-yen” end";
  Document d = Document::from_bytes("x", "x.txt", s);
  CHECK(d.warnings.empty());
  CHECK(d.original.empty());
  // Every byte position that starts a code point maps to a char offset whose cp-slice matches.
  std::size_t cp = 0;
  for (std::size_t b = 0; b <= s.size();) {
    CHECK(d.char_offset(static_cast<std::uint32_t>(b)) == cp);
    if (b == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[b]);
    b += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++cp;
  }
  auto pos = s.find("耶律休哥");
  auto a = d.char_offset(static_cast<std::uint32_t>(pos));
  auto z = d.char_offset(static_cast<std::uint32_t>(pos + std::string("耶律休哥").size()));
  CHECK(cp_slice(s, a, z) == "耶律休哥");
  CHECK(d.char_count() == cp);
}

TEST_CASE("char offsets stay exact across 64-byte blocks in long non-ASCII text") {
  std::string s;
  for (int i = 0; i < 200; ++i) s += (i % 3 == 0) ? "ǚ" : (i % 3 == 1) ? "a" : "😀";
  Document d = Document::from_bytes("x", "", s);
  std::size_t cp = 0;
  for (std::size_t b = 0; b < s.size();) {
    REQUIRE(d.char_offset(static_cast<std::uint32_t>(b)) == cp);
    unsigned char c = static_cast<unsigned char>(s[b]);
    b += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++cp;
  }
}

TEST_CASE("invalid UTF-8 is reported with its byte offset and replaced by spaces of the same length") {
  std::string s = "Jinzhou\xFF fell\xE4\xB8 in 1125";
  Document d = Document::from_bytes("x", "", s);
  REQUIRE(d.warnings.size() == 2);
  CHECK(d.warnings[0].code == "invalid_utf8");
  CHECK(d.warnings[0].byte_offset == 7);
  CHECK(d.warnings[1].byte_offset == 13);
  CHECK(d.text.size() == s.size());
  CHECK(d.text == "Jinzhou  fell   in 1125");
  CHECK(d.original == s);
  // A maximal invalid subpart counts as one character, like Python's errors="replace".
  CHECK(d.char_offset(static_cast<std::uint32_t>(s.find("in 1125"))) == 15);
}

TEST_CASE("NUL bytes are replaced and reported") {
  std::string s("Song\0Jin", 8);
  Document d = Document::from_bytes("x", "", s);
  REQUIRE(d.warnings.size() == 1);
  CHECK(d.warnings[0].code == "nul_byte");
  CHECK(d.warnings[0].byte_offset == 4);
  CHECK(d.text == "Song Jin");
}

TEST_CASE("a UTF-8 BOM is kept and counted as one character") {
  Document d = Document::from_bytes("x", "", "\xEF\xBB\xBFLiao");
  REQUIRE(d.warnings.size() == 1);
  CHECK(d.warnings[0].code == "bom");
  CHECK(d.char_offset(3) == 1);
  CHECK(d.char_count() == 5);
}

TEST_CASE("UTF-16 with a BOM is converted to UTF-8 with a warning") {
  std::string le("\xFF\xFE" "J\0i\0n\0 \0\xFC\0u\0", 14);  // "Jin üu", ü = U+00FC
  Document d = Document::from_bytes("x", "", le);
  CHECK(d.text == "Jin \xC3\xBCu");
  REQUIRE(!d.warnings.empty());
  CHECK(d.warnings[0].code == "utf16_converted");
  std::string be("\xFE\xFF\0Y\0e", 6);
  CHECK(Document::from_bytes("x", "", be).text == "Ye");
}

TEST_CASE("empty input gives an empty document without warnings") {
  Document d = Document::from_bytes("x", "", "");
  CHECK(d.text.empty());
  CHECK(d.warnings.empty());
  CHECK(d.char_count() == 0);
}

TEST_CASE("CRLF is kept byte for byte") {
  Document d = Document::from_bytes("x", "", "a\r\nb");
  CHECK(d.text == "a\r\nb");
  CHECK(d.char_offset(3) == 3);
}
