// corpus/examples/dates.tsv: every row is a check; failures cite file:line.
#include <doctest/doctest.h>

#include <cstdlib>
#include <sstream>

#include "shilu/dates.h"
#include "test_paths.h"

namespace {

using shilu::Value;

// Follows a dotted path ("era.name", "candidates.0.era") into a value.
const Value* at_path(const Value& v, std::string_view path) {
  const Value* cur = &v;
  while (!path.empty()) {
    auto dot = path.find('.');
    std::string_view part = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
    if (cur->is_array()) {
      std::size_t idx = static_cast<std::size_t>(std::atoi(std::string(part).c_str()));
      if (idx >= cur->as_array().size()) return nullptr;
      cur = &cur->as_array()[idx];
    } else {
      cur = cur->find(part);
      if (!cur) return nullptr;
    }
  }
  return cur;
}

std::string show(const Value& v) {
  if (v.is_null()) return "null";
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_int()) return std::to_string(v.as_int());
  if (v.is_string()) return v.as_string();
  if (v.is_array()) {
    std::string s = "[";
    for (const auto& x : v.as_array()) s += show(x) + ",";
    return s + "]";
  }
  std::string s = "{";
  for (const auto& [k, x] : v.as_object()) s += k + ":" + show(x) + ",";
  return s + "}";
}

bool equals(const Value& v, const std::string& want) {
  if (v.is_int()) return want == std::to_string(v.as_int());
  if (v.is_bool()) return want == (v.as_bool() ? "true" : "false");
  if (v.is_string()) return v.as_string() == want;
  return false;
}

// Splits "a=1 b=\"x y\" !c" into tokens, keeping quoted values together (quotes removed).
std::vector<std::string> checks_of(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : s) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ' ' && !quoted) {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

}  // namespace

TEST_CASE("every row of corpus/examples/dates.tsv holds" * doctest::test_suite("corpus")) {
  auto ex = shilu::dates::Extractor::load(shilu::testing::resources_dir());
  REQUIRE_MESSAGE(ex.ok(), (ex.ok() ? "" : ex.error().to_string()));
  const auto path = shilu::testing::corpus_dir() / "examples" / "dates.tsv";
  auto table = shilu::read_tsv(path, {"input", "mention", "expect"});
  REQUIRE_MESSAGE(table.ok(), (table.ok() ? "" : table.error().to_string()));
  CHECK(table->rows.size() >= 250);
  int failures = 0;
  const std::string path_str = path.string();
  for (const auto& row : table->rows) {
    const std::string input(table->cell(row, "input"));
    const std::string mention(table->cell(row, "mention"));
    const std::string where = table->where(row);
    auto t = shilu::text::tokenize(input);
    auto ms = ex->extract(t, shilu::ExtractContext{});
    std::ostringstream got;
    for (const auto& m : ms)
      got << "\n    [" << input.substr(m.begin, m.end - m.begin) << "] " << m.rule << " " << show(m.normalized);
    auto fail = [&](const std::string& why) {
      ++failures;
      const std::string msg = where + ": " + why + "\n  input: " + input + "\n  got:" + got.str();
      ADD_FAIL_CHECK_AT(path_str.c_str(), row.line, msg);
    };
    if (mention == "-") {
      if (!ms.empty()) fail("expected no date mention");
      continue;
    }
    const shilu::Mention* m = nullptr;
    for (const auto& x : ms)
      if (input.compare(x.begin, x.end - x.begin, mention) == 0) m = &x;
    if (!mention.empty() && !m) {
      fail("no mention [" + mention + "]");
      continue;
    }
    for (const std::string& c : checks_of(table->cell(row, "expect"))) {
      if (c.rfind("count=", 0) == 0) {
        if (std::to_string(ms.size()) != c.substr(6)) fail("expected " + c);
        continue;
      }
      if (!m) {
        fail("check '" + c + "' needs a mention");
        continue;
      }
      if (c[0] == '!') {
        if (at_path(m->normalized, c.substr(1))) fail("expected no '" + c.substr(1) + "'");
        continue;
      }
      auto eq = c.find('=');
      if (eq == std::string::npos) {
        fail("malformed check '" + c + "'");
        continue;
      }
      const std::string key = c.substr(0, eq), want = c.substr(eq + 1);
      if (key == "rule") {
        if (m->rule != want) fail("rule is " + m->rule + ", expected " + want);
      } else if (key == "flags") {
        bool ok = (want == "ambiguous" && m->ambiguous()) || (want == "latent" && m->latent());
        if (!ok) fail("expected flag " + want);
      } else {
        const Value* v = at_path(m->normalized, key);
        if (!v || !equals(*v, want)) fail(key + " is " + (v ? show(*v) : "absent") + ", expected " + want);
      }
    }
  }
  CHECK(failures == 0);
}
