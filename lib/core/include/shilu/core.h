// shilu/core.h — the shapes every module shares.
//
//   shilu::Result<shilu::TsvTable> t = shilu::read_tsv("corpus/resources/eras/eras.tsv",
//                                                       {"era", "regime", "first_year"});
//   if (!t) { std::cerr << t.error().to_string() << "\n"; return 1; }   // "file:line: message"
//   for (const auto& row : t->rows) std::string_view era = t->cell(row, "era");
//
//   shilu::Mention m;                 // what every extractor returns
//   m.type = "date"; m.begin = 10; m.end = 38; m.rule = "date.era_year";
//   m.normalized["year"] = 1125;      // a small JSON-like Value tree
//
// Offsets in a Mention are half-open UTF-8 byte offsets into Document::text, which has
// exactly the same bytes as the original input (see Document). Code-point offsets and
// the surface text are derived from them when a document is written out.
//
// Nothing in lib/ throws across its boundary: loading returns Result<T>; extraction
// never fails and records doubt in Mention flags or Document warnings.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace shilu {

inline constexpr std::string_view kVersion = "0.1.0";
inline constexpr std::string_view kAnnotationSchema = "shilu.annotation/1";

// ---------------------------------------------------------------- errors
enum class ErrorCode {
  kIo,        // cannot open / read / write a file
  kNotFound,  // a file or directory does not exist
  kFormat,    // a resource or input file is malformed (file:line given)
  kEncoding,  // text that cannot be decoded
  kUsage,     // a caller passed something meaningless
  kInternal,
};
std::string_view to_string(ErrorCode);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string file;  // may be empty
  int line = 0;      // 1-based; 0 = no line
  // "file:line: message", "file: message" or "message".
  std::string to_string() const;
};

inline Error make_error(ErrorCode c, std::string msg, std::string file = {}, int line = 0) {
  return Error{c, std::move(msg), std::move(file), line};
}

// A value or an Error (C++20 has no std::expected).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T v) : v_(std::move(v)) {}            // NOLINT(implicit)
  Result(Error e) : v_(std::move(e)) {}        // NOLINT(implicit)
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const { return std::get<1>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> v_;
};

// Result<void> equivalent.
using Status = Result<std::monostate>;
inline Status ok_status() { return Status(std::monostate{}); }

// ---------------------------------------------------------------- Value
// A small ordered JSON-like tree for normalized values and attributes. Objects keep
// insertion order so that output is deterministic.
class Value {
 public:
  using Array = std::vector<Value>;
  using Object = std::vector<std::pair<std::string, Value>>;

  Value() = default;
  Value(std::nullptr_t) {}                                       // NOLINT
  Value(bool b) : v_(b) {}                                       // NOLINT
  Value(int i) : v_(static_cast<std::int64_t>(i)) {}             // NOLINT
  Value(long i) : v_(static_cast<std::int64_t>(i)) {}            // NOLINT
  Value(long long i) : v_(static_cast<std::int64_t>(i)) {}       // NOLINT
  Value(unsigned i) : v_(static_cast<std::int64_t>(i)) {}        // NOLINT
  Value(unsigned long i) : v_(static_cast<std::int64_t>(i)) {}   // NOLINT
  Value(double d) : v_(d) {}                                     // NOLINT
  Value(const char* s) : v_(std::string(s)) {}                   // NOLINT
  Value(std::string s) : v_(std::move(s)) {}                     // NOLINT
  Value(std::string_view s) : v_(std::string(s)) {}              // NOLINT
  Value(Array a) : v_(std::move(a)) {}                           // NOLINT
  Value(Object o) : v_(std::move(o)) {}                          // NOLINT

  bool is_null() const { return v_.index() == 0; }
  bool is_bool() const { return v_.index() == 1; }
  bool is_int() const { return v_.index() == 2; }
  bool is_double() const { return v_.index() == 3; }
  bool is_string() const { return v_.index() == 4; }
  bool is_array() const { return v_.index() == 5; }
  bool is_object() const { return v_.index() == 6; }

  bool as_bool() const { return std::get<bool>(v_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(v_); }
  double as_double() const { return is_int() ? static_cast<double>(as_int()) : std::get<double>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const Array& as_array() const { return std::get<Array>(v_); }
  Array& as_array() { return std::get<Array>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }
  Object& as_object() { return std::get<Object>(v_); }

  // Object access: inserts a null member if absent (a null Value becomes an object).
  Value& operator[](std::string_view key);
  // nullptr when absent or not an object.
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  bool contains(std::string_view key) const { return find(key) != nullptr; }
  void erase(std::string_view key);
  // Array append (a null Value becomes an array).
  void push_back(Value v);
  std::size_t size() const;

  // Convenience lookups with defaults.
  std::string get_string(std::string_view key, std::string_view dflt = {}) const;
  std::int64_t get_int(std::string_view key, std::int64_t dflt = 0) const;

  friend bool operator==(const Value& a, const Value& b) { return a.v_ == b.v_; }

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string, Array, Object> v_;
};

// ---------------------------------------------------------------- mentions
enum MentionFlag : std::uint8_t {
  kLatent = 1,     // a doubtful reading that is kept (Duckling's "latent")
  kAmbiguous = 2,  // several readings remain; see normalized["candidates"]
};

// What every extractor returns. Offsets are half-open UTF-8 byte offsets into
// Document::text. `type` is one of person, place, date, troops, polity, army, event, …
struct Mention {
  std::string type;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::string rule;        // id of the rule that produced it, e.g. "date.era_year"
  Value normalized;        // typed value; fields per type are documented in docs/annotation.md
  std::uint8_t flags = 0;  // MentionFlag bits
  float score = 1.0f;      // extractor confidence in [0,1]; used by the overlap policy

  bool latent() const { return flags & kLatent; }
  bool ambiguous() const { return flags & kAmbiguous; }
};

struct Warning {
  std::string code;              // machine-readable, e.g. "invalid_utf8"
  std::string message;           // one human-readable line
  std::int64_t byte_offset = -1; // -1 = the whole document
};

// What an extractor may know besides the tokens: mentions found by earlier stages of
// the pipeline (dates before places, places before persons …) and the document period
// taken from resolved dates. Extractors use `prior` to stay off claimed spans and to
// read context; the final overlap policy lives only in annotate/.
struct ExtractContext {
  const std::vector<Mention>* prior = nullptr;
  int year_min = 0;  // earliest explicit Gregorian year in the document; 0 = unknown
  int year_max = 0;  // latest; 0 = unknown
};

// ---------------------------------------------------------------- documents
// A document owns its text. `text` has exactly the bytes of the input (after UTF-16
// conversion, if the input was UTF-16 with a BOM), except that every byte of an invalid
// UTF-8 sequence and every NUL byte is replaced by an ASCII space, so `text` is always
// valid UTF-8 with the same byte offsets as the input. `original` keeps the input bytes
// when they differ from `text` (empty otherwise).
class Document {
 public:
  // Decodes `bytes` (UTF-8, UTF-8 with BOM, or UTF-16 LE/BE with BOM), records warnings
  // for every repair. Never fails.
  static Document from_bytes(std::string id, std::string path, std::string bytes);

  std::string id;
  std::string path;
  std::string text;
  std::string original;              // empty when identical to text
  std::vector<Warning> warnings;

  std::string_view bytes() const { return original.empty() ? std::string_view(text) : std::string_view(original); }
  // Number of code points in the original before `byte_offset`, counting each maximal
  // invalid UTF-8 subsequence as one code point (as Python's decode(errors="replace")).
  std::uint32_t char_offset(std::uint32_t byte_offset) const;
  std::uint32_t char_count() const { return char_offset(static_cast<std::uint32_t>(text.size())); }

 private:
  void build_char_index();
  // cp count at the start of every 64-byte block; empty when the text is pure ASCII.
  std::vector<std::uint32_t> block_cp_;
};

// Length of the well-formed UTF-8 sequence starting at s[i] (1–4), or 0 when the bytes
// there are not well-formed (Unicode Table 3-7: no overlongs, surrogates or > U+10FFFF).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

// Reads a whole file. Errors: kNotFound, kIo ("is a directory", permission …).
Result<std::string> read_file(const std::filesystem::path& p);

// ---------------------------------------------------------------- TSV resources
// Resource tables are UTF-8 TSV: leading lines starting with '#' are a header
// (source, licence, format, date), then a row of column names, then data rows.
// Blank lines and lines starting with '#' after the header are skipped.
struct TsvRow {
  int line = 0;  // 1-based line number in the file
  std::vector<std::string> cells;
};

struct TsvTable {
  std::string path;
  std::vector<std::string> columns;
  std::vector<TsvRow> rows;

  // Index of a column, or -1.
  int column(std::string_view name) const;
  // The cell of `row` in column `name`; empty when the column or cell is absent.
  std::string_view cell(const TsvRow& row, std::string_view name) const;
  // "path:line" for messages.
  std::string where(const TsvRow& row) const;
};

// Reads a TSV table; fails with file:line when a required column is missing or a row
// has more cells than columns.
Result<TsvTable> read_tsv(const std::filesystem::path& p,
                          std::initializer_list<std::string_view> required_columns = {});

// Splits on a single character (no trimming).
std::vector<std::string_view> split(std::string_view s, char sep);
std::string_view trim(std::string_view s);

// ---------------------------------------------------------------- word tables
// A hash map from strings to V for the word tables that extractors consult for every
// token: looked up with a std::string_view (no temporary string), open addressing in one
// flat array and keys in one arena, so a lookup touches a couple of cache lines. Built
// once (at load time, or per document for caches); find() pointers stay valid until the
// next insertion.
//
//   shilu::StringMap<int> m;
//   m["zhou"] = 1;
//   if (const int* v = m.find(word)) use(*v);
template <class V>
class StringMap {
  static_assert(!std::is_same_v<V, bool>, "std::vector<bool> has no V&: use std::uint8_t");

 public:
  // The value of `key`, inserted (value-initialized) when absent.
  V& operator[](std::string_view key) {
    if (V* v = find(key)) return *v;
    return insert_new(key, V{});
  }
  // Inserts when absent; returns false (and keeps the old value) when present.
  bool insert(std::string_view key, V value) {
    if (find(key)) return false;
    insert_new(key, std::move(value));
    return true;
  }
  const V* find(std::string_view key) const {
    if (slots_.empty()) return nullptr;
    const std::uint64_t h = hash(key);
    if (!maybe(h)) return nullptr;
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.value == kEmpty) return nullptr;
      if (s.tag != tag) continue;
      const Key& k = keys_[s.value];
      if (k.len == key.size() && std::memcmp(arena_.data() + k.off, key.data(), key.size()) == 0)
        return &values_[s.value];
    }
  }
  V* find(std::string_view key) { return const_cast<V*>(static_cast<const StringMap&>(*this).find(key)); }
  bool contains(std::string_view key) const { return find(key) != nullptr; }
  std::size_t size() const { return values_.size(); }
  bool empty() const { return values_.empty(); }

  static std::uint64_t hash(std::string_view s) {
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
    }
    std::uint64_t w = 0;
    if (n) std::memcpy(&w, p, n);
    h = (h ^ w) * 0x94D049BB133111EBull;
    return h ^ (h >> 29);
  }

 private:
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
  // Most words looked up are absent: a small two-bit filter (2 bits per slot, a few KB for
  // the largest tables) answers most of those without touching the slots.
  bool maybe(std::uint64_t h) const {
    const std::size_t mask = filter_.size() * 64 - 1;
    const std::size_t a = (h >> 20) & mask, b = (h >> 40) & mask;
    return (filter_[a >> 6] >> (a & 63) & 1) && (filter_[b >> 6] >> (b & 63) & 1);
  }
  void mark(std::uint64_t h) {
    const std::size_t mask = filter_.size() * 64 - 1;
    const std::size_t a = (h >> 20) & mask, b = (h >> 40) & mask;
    filter_[a >> 6] |= std::uint64_t{1} << (a & 63);
    filter_[b >> 6] |= std::uint64_t{1} << (b & 63);
  }
  // 8 bytes a slot, so that probing stays within a cache line; keys are compared only
  // when the high hash bits match.
  struct Slot {
    std::uint32_t tag = 0;         // high 32 bits of the hash
    std::uint32_t value = kEmpty;  // index into keys_ and values_
  };
  struct Key {
    std::uint32_t off = 0, len = 0;  // in arena_
    std::uint64_t hash = 0;
  };
  V& insert_new(std::string_view key, V value) {
    if ((values_.size() + 1) * 2 > slots_.size()) grow();
    Key k{static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(key.size()), hash(key)};
    arena_.append(key);
    keys_.push_back(k);
    values_.push_back(std::move(value));
    place(static_cast<std::uint32_t>(values_.size() - 1));
    return values_.back();
  }
  void place(std::uint32_t index) {
    const std::uint64_t h = keys_[index].hash;
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = h & mask;
    while (slots_[i].value != kEmpty) i = (i + 1) & mask;
    slots_[i] = Slot{static_cast<std::uint32_t>(h >> 32), index};
    mark(h);
  }
  void grow() {
    slots_.assign(slots_.empty() ? 16 : slots_.size() * 2, Slot{});
    filter_.assign(std::max<std::size_t>(1, slots_.size() / 32), 0);  // 2 bits a slot (a power of two)
    for (std::uint32_t i = 0; i < keys_.size(); ++i) place(i);
  }
  std::vector<Slot> slots_;
  std::vector<std::uint64_t> filter_;
  std::vector<Key> keys_;
  std::string arena_;
  std::vector<V> values_;
};

}  // namespace shilu
