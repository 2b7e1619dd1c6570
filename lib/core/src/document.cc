// Document decoding: BOMs, UTF-16, invalid UTF-8 and NUL repair with exact offsets.
#include <cstdio>

#include "shilu/core.h"

namespace shilu {
namespace {

// Length of the maximal invalid subpart starting at i (at least 1): a lead byte followed
// by the continuation bytes that could still have been part of a valid sequence.
std::size_t invalid_len(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  std::size_t need = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) need = 1;
  else if (c >= 0xE0 && c <= 0xEF) { need = 2; if (c == 0xE0) lo = 0xA0; if (c == 0xED) hi = 0x9F; }
  else if (c >= 0xF0 && c <= 0xF4) { need = 3; if (c == 0xF0) lo = 0x90; if (c == 0xF4) hi = 0x8F; }
  else return 1;
  std::size_t k = 1;
  while (k <= need && i + k < s.size()) {
    unsigned char ck = b(i + k);
    if (k == 1 ? (ck < lo || ck > hi) : ((ck & 0xC0) != 0x80)) break;
    ++k;
  }
  return k;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) out += static_cast<char>(cp);
  else if (cp < 0x800) { out += static_cast<char>(0xC0 | (cp >> 6)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
  else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12)); out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18)); out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)); out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// UTF-16 → UTF-8; unpaired surrogates become U+FFFD (counted in `bad`).
std::string utf16_to_utf8(std::string_view s, bool big_endian, std::size_t& bad) {
  std::string out;
  out.reserve(s.size());
  std::size_t n = s.size() / 2;
  auto unit = [&](std::size_t k) -> char32_t {
    unsigned char a = static_cast<unsigned char>(s[2 * k]), b = static_cast<unsigned char>(s[2 * k + 1]);
    return big_endian ? static_cast<char32_t>((a << 8) | b) : static_cast<char32_t>((b << 8) | a);
  };
  for (std::size_t k = 0; k < n; ++k) {
    char32_t u = unit(k);
    if (u >= 0xD800 && u <= 0xDBFF && k + 1 < n) {
      char32_t v = unit(k + 1);
      if (v >= 0xDC00 && v <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
        ++k;
        continue;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF) { ++bad; u = 0xFFFD; }
    append_utf8(out, u);
  }
  if (s.size() % 2) ++bad;
  return out;
}

std::string hex_bytes(std::string_view s, std::size_t i, std::size_t len) {
  std::string h;
  char buf[8];
  for (std::size_t k = 0; k < len && k < 4; ++k) {
    std::snprintf(buf, sizeof buf, "%s%02X", k ? " " : "", static_cast<unsigned char>(s[i + k]));
    h += buf;
  }
  return h;
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  std::size_t n = s.size();
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return (i + 1 < n && (b(i + 1) & 0xC0) == 0x80) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (i + 2 >= n) return 0;
    unsigned char c1 = b(i + 1);
    unsigned char lo = (c == 0xE0) ? 0xA0 : 0x80, hi = (c == 0xED) ? 0x9F : 0xBF;
    if (c1 < lo || c1 > hi) return 0;
    return ((b(i + 2) & 0xC0) == 0x80) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (i + 3 >= n) return 0;
    unsigned char c1 = b(i + 1);
    unsigned char lo = (c == 0xF0) ? 0x90 : 0x80, hi = (c == 0xF4) ? 0x8F : 0xBF;
    if (c1 < lo || c1 > hi) return 0;
    return ((b(i + 2) & 0xC0) == 0x80 && (b(i + 3) & 0xC0) == 0x80) ? 4 : 0;
  }
  return 0;
}

Document Document::from_bytes(std::string id, std::string path, std::string bytes) {
  Document d;
  d.id = std::move(id);
  d.path = std::move(path);

  // UTF-16 with a BOM: convert, warn.
  if (bytes.size() >= 2) {
    unsigned char b0 = static_cast<unsigned char>(bytes[0]), b1 = static_cast<unsigned char>(bytes[1]);
    bool le = (b0 == 0xFF && b1 == 0xFE), be = (b0 == 0xFE && b1 == 0xFF);
    if (le || be) {
      std::size_t bad = 0;
      std::string conv = utf16_to_utf8(std::string_view(bytes).substr(2), be, bad);
      d.warnings.push_back({"utf16_converted",
                            std::string("input was UTF-16 ") + (le ? "LE" : "BE") +
                                " with a byte-order mark; converted to UTF-8 (offsets refer to the UTF-8 text)",
                            -1});
      if (bad)
        d.warnings.push_back({"invalid_utf16", std::to_string(bad) + " unpaired surrogate(s) replaced by U+FFFD", -1});
      bytes = std::move(conv);
    }
  }
  if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0)
    d.warnings.push_back({"bom", "UTF-8 byte-order mark at the start (kept; it counts as one character)", 0});

  // Repair pass: same length, invalid sequences and NULs → spaces.
  std::string_view s = bytes;
  std::string text;
  bool repaired = false;
  std::size_t nul_count = 0, bad_count = 0;
  const std::size_t kMaxListed = 100;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x01 && c < 0x80) { ++i; continue; }
    std::size_t len = c == 0 ? 0 : utf8_sequence_length(s, i);
    if (len) { i += len; continue; }
    if (!repaired) { text.assign(bytes); repaired = true; }
    if (c == 0) {
      if (nul_count++ < kMaxListed)
        d.warnings.push_back({"nul_byte", "NUL byte replaced by a space", static_cast<std::int64_t>(i)});
      text[i] = ' ';
      ++i;
      continue;
    }
    std::size_t bl = invalid_len(s, i);
    if (bad_count++ < kMaxListed)
      d.warnings.push_back({"invalid_utf8", "invalid UTF-8 byte sequence " + hex_bytes(s, i, bl) + " replaced by spaces",
                            static_cast<std::int64_t>(i)});
    for (std::size_t k = 0; k < bl; ++k) text[i + k] = ' ';
    i += bl;
  }
  if (nul_count > kMaxListed)
    d.warnings.push_back({"nul_byte", std::to_string(nul_count) + " NUL bytes in all; only the first 100 are listed", -1});
  if (bad_count > kMaxListed)
    d.warnings.push_back(
        {"invalid_utf8", std::to_string(bad_count) + " invalid UTF-8 sequences in all; only the first 100 are listed", -1});
  if (repaired) {
    d.original = std::move(bytes);
    d.text = std::move(text);
  } else {
    d.text = std::move(bytes);
  }
  d.build_char_index();
  return d;
}

void Document::build_char_index() {
  std::string_view s = bytes();
  bool ascii = true;
  for (unsigned char c : s)
    if (c >= 0x80) { ascii = false; break; }
  block_cp_.clear();
  if (ascii) return;
  // Per 64-byte block: (first sequence boundary at or after the block start, code points before it).
  std::size_t nblocks = s.size() / 64 + 1;
  block_cp_.reserve(2 * nblocks);
  std::uint32_t cps = 0;
  std::size_t next_block = 0;
  for (std::size_t i = 0; i <= s.size();) {
    while (next_block < nblocks && next_block * 64 <= i) {
      block_cp_.push_back(static_cast<std::uint32_t>(i));
      block_cp_.push_back(cps);
      ++next_block;
    }
    if (i == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : utf8_sequence_length(s, i);
    if (!len) len = invalid_len(s, i);
    i += len;
    ++cps;
  }
}

std::uint32_t Document::char_offset(std::uint32_t byte_offset) const {
  std::string_view s = bytes();
  if (byte_offset > s.size()) byte_offset = static_cast<std::uint32_t>(s.size());
  if (block_cp_.empty()) return byte_offset;
  std::size_t blk = byte_offset / 64;
  while (blk > 0 && block_cp_[2 * blk] > byte_offset) --blk;
  std::size_t i = block_cp_[2 * blk];
  std::uint32_t cps = block_cp_[2 * blk + 1];
  while (i < byte_offset) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : utf8_sequence_length(s, i);
    if (!len) len = invalid_len(s, i);
    i += len;
    ++cps;
  }
  return cps;
}

}  // namespace shilu
