// shilu/io.h — JSON in and out: shilu.annotation/1 documents, error records, gold files.
//
//   auto pipe = shilu::annotate::Pipeline::load(dir);
//   shilu::annotate::Annotation a = pipe->annotate(doc, {});
//   std::string line = shilu::io::annotation_json(a, {});      // one line, no newline
//   std::string pretty = shilu::io::annotation_json(a, {.pretty = true});
//
//   auto v = shilu::io::parse_json(R"({"id":"a","text":"..."})");  // Result<Value>
//   auto g = shilu::io::read_gold("corpus/gold/01_x.json");         // Result<GoldDocument>
//
// nlohmann_json is used inside this module only; no exception leaves it.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shilu/annotate.h"
#include "shilu/core.h"

namespace shilu::io {

struct WriteOptions {
  bool pretty = false;     // indented, for humans
  bool tokens = false;     // add "tokens": [{"start","end","byte_start","byte_end","kind"}]
  bool sentences = false;  // add "sentences": [{"start","end","byte_start","byte_end"}]
};

// One shilu.annotation/1 object. Entity ids are "T1", "T2", … in entity order; offsets are
// code points (start/end) and bytes (byte_start/byte_end) into the original text.
std::string annotation_json(const annotate::Annotation& a, const WriteOptions& opt);

// {"schema":"shilu.annotation/1","document":{"id","path","bytes"},"error":{"code","message"}}
std::string error_record_json(std::string_view id, std::string_view path, std::uint64_t bytes,
                              std::string_view code, std::string_view message);

// Value ↔ JSON text.
std::string to_json(const Value& v, bool pretty = false);
Result<Value> parse_json(std::string_view text);
// Appends s as a JSON string literal (with quotes) to out.
void append_json_string(std::string& out, std::string_view s);

// ---------------------------------------------------------------- gold files
// The gold schema of corpus/gold/*.json (see docs/annotation.md).
struct GoldPerson {
  std::string canonical, key;
  std::vector<std::string> mentions, alt_keys;
};
struct GoldPlace {
  std::string name, key, kind;
  std::vector<std::string> mentions, alt_keys;
};
struct GoldDate {
  std::string mention, era;
  std::optional<int> era_year, year;
};
struct GoldTroops {
  std::string mention, qualifier;
  std::optional<long long> value, value_max;
  // Role and side are optional in gold files ("role", "side": null = no side); the scorer
  // compares them only for documents whose every troop count has them.
  std::optional<std::string> role, side;
};
struct GoldDocument {
  std::string doc;
  std::vector<GoldPerson> persons;
  std::vector<GoldPlace> places;
  std::vector<GoldDate> dates;
  std::vector<GoldTroops> troops;
};
Result<GoldDocument> read_gold(const std::filesystem::path& p);
Result<GoldDocument> parse_gold(std::string_view json, const std::string& name_for_errors);
// Converts an annotation (as written by annotation_json, parsed back as Value) to the gold
// schema, as the scorer does: persons/places grouped by key, dates with an integer year
// not resolved by context, every troops entity.
GoldDocument annotation_to_gold(const Value& annotation, std::string doc_name);

}  // namespace shilu::io

// ---------------------------------------------------------------- scoring
// The scoring rules of `shilu eval` (and of the seed scorer): persons one-to-one by key
// or alt_keys, then by mention; places strictly by key or alt_keys after dropping
// trailing generic words (prefecture, county, city, river, …); dates as a multiset of
// Gregorian years; troops as a multiset of values, and of (value, qualifier) pairs; where the
// gold gives them, (value, role) and (value, side) pairs.
namespace shilu::io {

struct Counts {
  long tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp ? double(tp) / double(tp + fp) : (fn == 0 ? 1.0 : 0.0); }
  double recall() const { return tp + fn ? double(tp) / double(tp + fn) : (fp == 0 ? 1.0 : 0.0); }
  double f1() const {
    double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
  Counts& operator+=(const Counts& o) {
    tp += o.tp; fp += o.fp; fn += o.fn;
    return *this;
  }
};

// Metric names in report order.
// persons, places, places(lenient), dates, era dates, troops, troops(+qualifier), troops(+role),
// troops(+side). The last two are scored only where the gold gives roles and sides.
const std::vector<std::string>& metric_names();

struct DocScore {
  std::string doc;
  std::map<std::string, Counts> counts;        // by metric name
  std::vector<std::string> misses;             // "persons: Yelü Xiezhen" (gold not found)
  std::vector<std::string> false_alarms;       // "places: Tianhui" (predicted, not in gold)
};

DocScore score_document(const GoldDocument& gold, const GoldDocument& pred);
std::string person_match_key(std::string_view s);
std::string place_match_key(std::string_view s);

}  // namespace shilu::io
