#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

#include "shilu/io.h"

namespace shilu::io {

namespace {

// Bytes that a JSON string cannot hold as they are: controls, '"', '\\' and DEL.
constexpr std::array<bool, 256> kEscape = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = t['\\'] = t[0x7F] = true;
  return t;
}();

// True when one of the 8 bytes at p may need escaping (exact for "no": bytes below 0x20,
// '"', '\\' and 0x7F are always reported; a report may be a false alarm after a true one).
inline bool needs_escape8(const char* p) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  auto zero_byte = [&](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  std::uint64_t below_space = (w - 0x20 * kOnes) & ~w & kHigh;
  return (below_space | zero_byte(w ^ ('"' * kOnes)) | zero_byte(w ^ ('\\' * kOnes)) | zero_byte(w ^ (0x7F * kOnes))) != 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::size_t n = s.size();
  std::size_t run = 0;  // start of the bytes not yet copied
  std::size_t i = 0;
  bool opened = false;  // the opening quote is written
  for (;;) {
    // Skip 8 bytes at a time while none of them needs escaping (most strings need none),
    // then look at the next few bytes one by one.
    while (i + 8 <= n && !needs_escape8(s.data() + i)) i += 8;
    const std::size_t stop = std::min(n, i + 8);
    while (i < stop && !kEscape[static_cast<unsigned char>(s[i])]) ++i;
    if (i == n) break;
    if (i == stop) continue;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!opened) {
      out += '"';
      opened = true;
    }
    out.append(s.data() + run, i - run);
    run = ++i;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  if (!opened) {
    // Nothing to escape (the common case): quotes and bytes in one go.
    const std::size_t at = out.size();
    out.resize(at + n + 2);
    char* p = out.data() + at;
    p[0] = '"';
    if (n) std::memcpy(p + 1, s.data(), n);
    p[n + 1] = '"';
    return;
  }
  out.append(s.data() + run, n - run);
  out += '"';
}

namespace {

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_double(std::string& out, double d) {
  if (!std::isfinite(d)) { out += "null"; return; }
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  out.append(buf, r.ptr);
}

void write_value(std::string& out, const Value& v) {
  if (v.is_null()) out += "null";
  else if (v.is_bool()) out += v.as_bool() ? "true" : "false";
  else if (v.is_int()) append_int(out, v.as_int());
  else if (v.is_double()) append_double(out, v.as_double());
  else if (v.is_string()) append_json_string(out, v.as_string());
  else if (v.is_array()) {
    out += '[';
    bool first = true;
    for (const auto& e : v.as_array()) {
      if (!first) out += ',';
      first = false;
      write_value(out, e);
    }
    out += ']';
  } else {
    out += '{';
    bool first = true;
    for (const auto& [k, e] : v.as_object()) {
      if (!first) out += ',';
      first = false;
      append_json_string(out, k);
      out += ':';
      write_value(out, e);
    }
    out += '}';
  }
}

std::string prettify(const std::string& compact) {
  try {
    return nlohmann::ordered_json::parse(compact).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  } catch (const std::exception&) {
    return compact;
  }
}

std::string_view kind_name(text::TokenKind k) {
  switch (k) {
    case text::TokenKind::kWord: return "word";
    case text::TokenKind::kNumber: return "number";
    case text::TokenKind::kPunct: return "punct";
    case text::TokenKind::kSymbol: return "symbol";
  }
  return "symbol";
}

}  // namespace

std::string to_json(const Value& v, bool pretty) {
  std::string out;
  write_value(out, v);
  if (pretty) return prettify(out);
  return out;
}

std::string annotation_json(const annotate::Annotation& a, const WriteOptions& opt) {
  const Document& d = *a.doc;
  std::string out;
  out.reserve(512 + a.entities.size() * 320);
  out += "{\"schema\":";
  append_json_string(out, kAnnotationSchema);
  out += ",\"document\":{\"id\":";
  append_json_string(out, d.id);
  out += ",\"path\":";
  append_json_string(out, d.path);
  out += ",\"bytes\":";
  append_int(out, static_cast<std::int64_t>(d.bytes().size()));
  out += ",\"chars\":";
  append_int(out, d.char_count());
  out += "},\"entities\":[";
  std::size_t n = 0;
  for (const auto& m : a.entities) {
    if (n) out += ',';
    ++n;
    out += "{\"id\":\"T";
    append_int(out, static_cast<std::int64_t>(n));
    out += "\",\"type\":";
    append_json_string(out, m.type);
    out += ",\"text\":";
    append_json_string(out, std::string_view(d.text).substr(m.begin, m.end - m.begin));
    out += ",\"start\":";
    append_int(out, d.char_offset(m.begin));
    out += ",\"end\":";
    append_int(out, d.char_offset(m.end));
    out += ",\"byte_start\":";
    append_int(out, m.begin);
    out += ",\"byte_end\":";
    append_int(out, m.end);
    out += ",\"rule\":";
    append_json_string(out, m.rule);
    out += ",\"normalized\":";
    if (m.normalized.is_null()) out += "{}";
    else write_value(out, m.normalized);
    if (m.latent()) out += ",\"latent\":true";
    if (m.ambiguous()) out += ",\"ambiguous\":true";
    out += '}';
  }
  out += "],\"warnings\":[";
  n = 0;
  for (const auto& w : a.warnings) {
    if (n++) out += ',';
    out += "{\"code\":";
    append_json_string(out, w.code);
    out += ",\"message\":";
    append_json_string(out, w.message);
    out += ",\"byte_offset\":";
    if (w.byte_offset < 0) out += "null";
    else append_int(out, w.byte_offset);
    out += '}';
  }
  out += ']';
  if (opt.tokens) {
    out += ",\"tokens\":[";
    n = 0;
    for (const auto& t : a.tokenized.tokens) {
      if (n++) out += ',';
      out += "{\"start\":";
      append_int(out, d.char_offset(t.begin));
      out += ",\"end\":";
      append_int(out, d.char_offset(t.end));
      out += ",\"byte_start\":";
      append_int(out, t.begin);
      out += ",\"byte_end\":";
      append_int(out, t.end);
      out += ",\"kind\":";
      append_json_string(out, kind_name(t.kind));
      out += '}';
    }
    out += ']';
  }
  if (opt.sentences) {
    out += ",\"sentences\":[";
    n = 0;
    for (const auto& s : a.tokenized.sentences) {
      if (n++) out += ',';
      out += "{\"start\":";
      append_int(out, d.char_offset(s.begin));
      out += ",\"end\":";
      append_int(out, d.char_offset(s.end));
      out += ",\"byte_start\":";
      append_int(out, s.begin);
      out += ",\"byte_end\":";
      append_int(out, s.end);
      out += '}';
    }
    out += ']';
  }
  out += '}';
  if (opt.pretty) return prettify(out);
  return out;  // moved, not copied
}

std::string error_record_json(std::string_view id, std::string_view path, std::uint64_t bytes, std::string_view code,
                              std::string_view message) {
  std::string out = "{\"schema\":";
  append_json_string(out, kAnnotationSchema);
  out += ",\"document\":{\"id\":";
  append_json_string(out, id);
  out += ",\"path\":";
  append_json_string(out, path);
  out += ",\"bytes\":";
  append_int(out, static_cast<std::int64_t>(bytes));
  out += "},\"error\":{\"code\":";
  append_json_string(out, code);
  out += ",\"message\":";
  append_json_string(out, message);
  out += "}}";
  return out;
}

}  // namespace shilu::io
