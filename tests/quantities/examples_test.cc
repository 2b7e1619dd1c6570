// corpus/examples/troops.tsv: every row is a sentence and the troop count it must yield
// (or, with an empty value, a sentence that must yield no troop count). Failures cite file:line.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "shilu/quantities.h"
#include "test_paths.h"

namespace {

std::string show(const shilu::Value& v) {
  if (v.is_null()) return "null";
  if (v.is_int()) return std::to_string(v.as_int());
  if (v.is_string()) return v.as_string();
  return "?";
}

}  // namespace

TEST_CASE("every row of corpus/examples/troops.tsv yields its troop count") {
  auto ex = shilu::quantities::Extractor::load(shilu::testing::resources_dir());
  REQUIRE_MESSAGE(ex.ok(), (ex.ok() ? "" : ex.error().to_string()));
  auto table = shilu::read_tsv(shilu::testing::corpus_dir() / "examples" / "troops.tsv",
                               {"input", "text", "value", "value_max", "qualifier", "role", "side"});
  REQUIRE_MESSAGE(table.ok(), (table.ok() ? "" : table.error().to_string()));
  REQUIRE(table->rows.size() >= 250);

  int failures = 0, positives = 0, negatives = 0;
  std::ostringstream report;
  for (const auto& row : table->rows) {
    std::string input(table->cell(row, "input"));
    auto t = shilu::text::tokenize(input);
    auto ms = ex->extract(t, shilu::ExtractContext{});
    const shilu::Mention* troop = nullptr;
    for (const auto& m : ms)
      if (m.type == "troops") {
        troop = &m;
        break;
      }
    std::string want_value(table->cell(row, "value"));
    std::ostringstream why;
    if (want_value.empty()) {
      ++negatives;
      if (troop) why << "expected no troops, got '" << input.substr(troop->begin, troop->end - troop->begin) << "'";
    } else {
      ++positives;
      if (!troop) {
        why << "expected troops " << want_value << ", got none";
      } else {
        const auto& n = troop->normalized;
        auto check = [&](std::string_view field, std::string_view want) {
          const shilu::Value* v = n.find(field);
          std::string got = v ? show(*v) : "absent";
          std::string w = want.empty() ? (field == "value_max" ? "absent" : "null") : std::string(want);
          if (got != w) why << field << ": want " << w << ", got " << got << "; ";
        };
        check("value", want_value);
        check("value_max", table->cell(row, "value_max"));
        check("qualifier", table->cell(row, "qualifier"));
        check("role", table->cell(row, "role"));
        check("side", table->cell(row, "side"));
        std::string_view want_text = table->cell(row, "text");
        std::string got_text = input.substr(troop->begin, troop->end - troop->begin);
        if (!want_text.empty() && got_text != want_text)
          why << "text: want '" << want_text << "', got '" << got_text << "'";
      }
    }
    if (!why.str().empty()) {
      ++failures;
      report << table->where(row) << ": " << input << "\n    " << why.str() << "\n";
    }
  }
  MESSAGE(positives << " positive rows, " << negatives << " negative rows, " << failures << " failures");
  CHECK_MESSAGE(failures == 0, report.str());
}
