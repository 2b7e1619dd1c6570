#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include "shilu/core.h"

namespace shilu {

std::string_view to_string(ErrorCode c) {
  switch (c) {
    case ErrorCode::kIo: return "io";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kFormat: return "format";
    case ErrorCode::kEncoding: return "encoding";
    case ErrorCode::kUsage: return "usage";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

std::string Error::to_string() const {
  std::string s;
  if (!file.empty()) {
    s += file;
    if (line > 0) s += ":" + std::to_string(line);
    s += ": ";
  }
  s += message;
  return s;
}

// ---------------------------------------------------------------- Value
Value& Value::operator[](std::string_view key) {
  if (is_null()) v_ = Object{};
  auto& o = std::get<Object>(v_);
  for (auto& kv : o)
    if (kv.first == key) return kv.second;
  if (o.empty()) o.reserve(4);  // normalized values have a handful of members: grow rarely
  o.emplace_back(std::string(key), Value());
  return o.back().second;
}

const Value* Value::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& kv : std::get<Object>(v_))
    if (kv.first == key) return &kv.second;
  return nullptr;
}

Value* Value::find(std::string_view key) {
  if (!is_object()) return nullptr;
  for (auto& kv : std::get<Object>(v_))
    if (kv.first == key) return &kv.second;
  return nullptr;
}

void Value::erase(std::string_view key) {
  if (!is_object()) return;
  auto& o = std::get<Object>(v_);
  for (auto it = o.begin(); it != o.end(); ++it)
    if (it->first == key) {
      o.erase(it);
      return;
    }
}

void Value::push_back(Value v) {
  if (is_null()) v_ = Array{};
  std::get<Array>(v_).push_back(std::move(v));
}

std::size_t Value::size() const {
  if (is_array()) return as_array().size();
  if (is_object()) return as_object().size();
  return 0;
}

std::string Value::get_string(std::string_view key, std::string_view dflt) const {
  const Value* v = find(key);
  if (v && v->is_string()) return v->as_string();
  return std::string(dflt);
}

std::int64_t Value::get_int(std::string_view key, std::int64_t dflt) const {
  const Value* v = find(key);
  if (v && v->is_int()) return v->as_int();
  return dflt;
}

// ---------------------------------------------------------------- strings
std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t p = s.find(sep, start);
    if (p == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, p - start));
    start = p + 1;
  }
}

std::string_view trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return s.substr(b, e - b);
}

// ---------------------------------------------------------------- files
Result<std::string> read_file(const std::filesystem::path& p) {
  std::error_code ec;
  auto st = std::filesystem::status(p, ec);
  if (ec || !std::filesystem::exists(st))
    return make_error(ErrorCode::kNotFound, "no such file", p.string());
  if (std::filesystem::is_directory(st))
    return make_error(ErrorCode::kIo, "is a directory", p.string());
  std::ifstream in(p, std::ios::binary);
  if (!in) return make_error(ErrorCode::kIo, std::string("cannot open: ") + std::strerror(errno), p.string());
  std::string data;
  in.seekg(0, std::ios::end);
  auto size = in.tellg();
  if (size > 0) {
    data.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    in.read(data.data(), size);
    if (!in) return make_error(ErrorCode::kIo, "read error", p.string());
  } else {
    // Special files (pipes, /proc) report no size: read them as a stream.
    in.clear();
    in.seekg(0);
    std::ostringstream ss;
    ss << in.rdbuf();
    data = ss.str();
  }
  return data;
}

// ---------------------------------------------------------------- TSV
int TsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return static_cast<int>(i);
  return -1;
}

std::string_view TsvTable::cell(const TsvRow& row, std::string_view name) const {
  int c = column(name);
  if (c < 0 || static_cast<std::size_t>(c) >= row.cells.size()) return {};
  return row.cells[static_cast<std::size_t>(c)];
}

std::string TsvTable::where(const TsvRow& row) const { return path + ":" + std::to_string(row.line); }

Result<TsvTable> read_tsv(const std::filesystem::path& p, std::initializer_list<std::string_view> required) {
  auto data = read_file(p);
  if (!data) return data.error();
  TsvTable t;
  t.path = p.string();
  std::string_view s = *data;
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  int line = 0;
  bool have_header = false;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    std::size_t nl = s.find('\n', pos);
    std::string_view ln = s.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = (nl == std::string_view::npos) ? s.size() + 1 : nl + 1;
    ++line;
    if (!ln.empty() && ln.back() == '\r') ln.remove_suffix(1);
    if (ln.empty() || ln[0] == '#') continue;
    if (!have_header) {
      for (auto c : split(ln, '\t')) t.columns.emplace_back(trim(c));
      have_header = true;
      for (auto r : required)
        if (t.column(r) < 0)
          return make_error(ErrorCode::kFormat, "missing column '" + std::string(r) + "'", t.path, line);
      continue;
    }
    TsvRow row;
    row.line = line;
    for (auto c : split(ln, '\t')) row.cells.emplace_back(c);
    if (row.cells.size() > t.columns.size())
      return make_error(ErrorCode::kFormat,
                        "row has " + std::to_string(row.cells.size()) + " cells but the header has " +
                            std::to_string(t.columns.size()) + " columns",
                        t.path, line);
    t.rows.push_back(std::move(row));
  }
  if (!have_header) return make_error(ErrorCode::kFormat, "no header row", t.path);
  return t;
}

}  // namespace shilu
