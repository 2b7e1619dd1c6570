// Input checks (binary, encoding), JSON Lines records, output keys for resume.
#include <cctype>
#include <cstdio>
#include <cstring>

#include "shilu/batch.h"
#include "shilu/text.h"

namespace shilu::batch {

namespace {

struct Magic {
  std::string_view bytes;
  std::string_view what;
};

// Signatures of common binary formats that a crawl or a directory of texts may contain.
constexpr Magic kMagic[] = {
    {"\x89PNG\r\n\x1a\n", "a PNG image"},
    {"\xFF\xD8\xFF", "a JPEG image"},
    {"GIF87a", "a GIF image"},
    {"GIF89a", "a GIF image"},
    {"%PDF-", "a PDF file"},
    {"PK\x03\x04", "a ZIP archive (or DOCX/EPUB/XLSX)"},
    {std::string_view("\x1F\x8B", 2), "a gzip file"},
    {"BZh", "a bzip2 file"},
    {"\xFD" "7zXZ", "an xz file"},
    {"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"},
    {"\x7F" "ELF", "an ELF executable"},
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an OLE file (DOC/XLS)"},
    {"SQLite format 3", "an SQLite database"},
    {std::string_view("\x28\xB5\x2F\xFD", 4), "a zstd file"},
};

std::string percent(double r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%", r * 100);
  return buf;
}

}  // namespace

std::size_t invalid_utf8_bytes(std::string_view s) {
  std::size_t bad = 0;
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    // ASCII fast path, 8 bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    std::size_t l = utf8_sequence_length(s, i);
    if (l == 0) {
      ++bad;
      ++i;
    } else {
      i += l;
    }
  }
  return bad;
}

TextCheck check_text(std::string_view bytes, double max_invalid_ratio) {
  for (const auto& m : kMagic)
    if (bytes.substr(0, m.bytes.size()) == m.bytes)
      return {"binary", "not text: looks like " + std::string(m.what)};
  // UTF-16 with a byte-order mark is converted by Document::from_bytes.
  if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF')))
    return {};
  // Control characters in a sample: text has almost none (tab, line breaks, form feed and
  // escape are allowed), binary data has many.
  std::string_view sample = bytes.substr(0, 64 * 1024);
  std::size_t nul = 0, ctrl = 0;
  for (char ch : sample) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 0x20) continue;
    if (c == 0) ++nul;
    else if (c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1B) ++ctrl;
  }
  if (!sample.empty()) {
    double nr = static_cast<double>(nul) / static_cast<double>(sample.size());
    double cr = static_cast<double>(nul + ctrl) / static_cast<double>(sample.size());
    if (nr > 0.10)
      return {"binary", "not text: " + percent(nr) + " of the first bytes are NUL (binary data, or UTF-16 without a byte-order mark)"};
    if (cr > 0.05) return {"binary", "not text: " + percent(cr) + " of the first bytes are control characters"};
  }
  if (bytes.size() >= 16) {
    std::size_t bad = invalid_utf8_bytes(bytes);
    double r = static_cast<double>(bad) / static_cast<double>(bytes.size());
    if (r > max_invalid_ratio)
      return {"encoding", "invalid UTF-8 beyond repair: " + percent(r) +
                              " of the bytes (another encoding such as Latin-1 or GBK? convert it with iconv)"};
  }
  return {};
}

Result<JsonlRecord> parse_record(std::string_view line, std::string_view fallback_id) {
  auto v = io::parse_json(line);
  if (!v) return make_error(ErrorCode::kFormat, v.error().message);
  if (!v->is_object()) return make_error(ErrorCode::kFormat, "a record must be a JSON object {\"id\": …, \"text\": …}");
  JsonlRecord r;
  const Value* id = v->find("id");
  if (!id || id->is_null()) r.id = std::string(fallback_id);
  else if (id->is_string()) r.id = id->as_string();
  else if (id->is_int()) r.id = std::to_string(id->as_int());
  else return make_error(ErrorCode::kFormat, "\"id\" must be a string or an integer");
  if (r.id.empty()) r.id = std::string(fallback_id);
  Value* t = v->find("text");
  if (!t) return make_error(ErrorCode::kFormat, "the record has no \"text\" member");
  if (!t->is_string()) return make_error(ErrorCode::kFormat, "\"text\" must be a string");
  r.text = std::move(t->as_string());
  return r;
}

namespace {

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads a JSON string literal at s[i] (which must be '"'); advances i past it.
bool read_string(std::string_view s, std::size_t& i, std::string& out) {
  if (i >= s.size() || s[i] != '"') return false;
  ++i;
  while (i < s.size()) {
    char c = s[i++];
    if (c == '"') return true;
    if (c != '\\') { out += c; continue; }
    if (i >= s.size()) return false;
    char e = s[i++];
    switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        auto hex4 = [&](char32_t& v) {
          if (i + 4 > s.size()) return false;
          v = 0;
          for (int k = 0; k < 4; ++k) {
            int h = hexval(s[i + k]);
            if (h < 0) return false;
            v = v * 16 + static_cast<char32_t>(h);
          }
          i += 4;
          return true;
        };
        char32_t u;
        if (!hex4(u)) return false;
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < s.size() && s[i] == '\\' && s[i + 1] == 'u') {
          i += 2;
          char32_t w;
          if (!hex4(w)) return false;
          if (w >= 0xDC00 && w <= 0xDFFF) u = 0x10000 + ((u - 0xD800) << 10) + (w - 0xDC00);
          else { text::append_utf8(out, 0xFFFD); u = w; }
        }
        text::append_utf8(out, u);
        break;
      }
      default: return false;
    }
  }
  return false;
}

}  // namespace

Result<std::pair<std::string, std::string>> output_key(std::string_view line) {
  // Fast path: the exact prefix io::annotation_json and io::error_record_json write.
  static constexpr std::string_view kPrefix = "{\"schema\":\"shilu.annotation/1\",\"document\":{\"id\":";
  if (line.substr(0, kPrefix.size()) == kPrefix) {
    std::size_t i = kPrefix.size();
    std::string id, path;
    static constexpr std::string_view kPath = ",\"path\":";
    if (read_string(line, i, id) && line.substr(i, kPath.size()) == kPath) {
      i += kPath.size();
      if (read_string(line, i, path) && i < line.size() && line.back() == '}')
        return std::make_pair(std::move(id), std::move(path));
    }
  }
  auto v = io::parse_json(line);
  if (!v) return v.error();
  const Value* d = v->find("document");
  if (!v->is_object() || !d || !d->is_object() || !d->contains("id"))
    return make_error(ErrorCode::kFormat, "not a shilu.annotation/1 record");
  return std::make_pair(d->get_string("id"), d->get_string("path"));
}

std::string safe_name(std::string_view id) {
  std::string out;
  out.reserve(id.size());
  std::size_t seg_start = 0;
  for (char c : id) {
    unsigned char u = static_cast<unsigned char>(c);
    bool ok = u >= 0x80 || std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '/';
    if (c == '/' && (out.size() == seg_start)) continue;  // no empty segments, no leading '/'
    out += ok ? c : '_';
    if (c == '/') {
      // "." and ".." segments would escape the output directory.
      std::string_view seg(out.data() + seg_start, out.size() - 1 - seg_start);
      if (seg == "." || seg == "..") out.replace(seg_start, seg.size(), std::string(seg.size(), '_'));
      seg_start = out.size();
    }
  }
  std::string_view last(out.data() + seg_start, out.size() - seg_start);
  if (last == "." || last == "..") out.replace(seg_start, last.size(), std::string(last.size(), '_'));
  while (!out.empty() && out.back() == '/') out.pop_back();
  if (out.empty()) out.push_back('_');
  return out;
}

}  // namespace shilu::batch
