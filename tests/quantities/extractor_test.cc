// Behaviour of the troops extractor beyond the examples table: offsets, several counts in
// one text, prior date mentions, other quantities, load errors and thread safety.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "shilu/quantities.h"
#include "test_paths.h"

using shilu::Mention;
using shilu::quantities::Extractor;

namespace {

const Extractor& extractor() {
  static const Extractor ex = [] {
    auto r = Extractor::load(shilu::testing::resources_dir());
    if (!r) FAIL(r.error().to_string());
    return std::move(r.value());
  }();
  return ex;
}

std::vector<Mention> troops_in(const std::string& s, const shilu::ExtractContext& ctx = {}) {
  auto t = shilu::text::tokenize(s);
  std::vector<Mention> out;
  for (auto& m : extractor().extract(t, ctx))
    if (m.type == "troops") out.push_back(std::move(m));
  return out;
}

std::string span(const std::string& s, const Mention& m) { return s.substr(m.begin, m.end - m.begin); }

// A scratch copy of the resource directory whose files a test may break.
struct ScratchResources {
  std::filesystem::path root;
  ScratchResources() {
    root = std::filesystem::temp_directory_path() /
           ("shilu_quantities_test_" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root / "quantities");
    for (const auto& e : std::filesystem::directory_iterator(shilu::testing::resources_dir() / "quantities"))
      std::filesystem::copy_file(e.path(), root / "quantities" / e.path().filename());
  }
  ~ScratchResources() {
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
  }
  void append(const std::string& file, const std::string& line) {
    std::ofstream f(root / "quantities" / file, std::ios::app);
    f << line << "\n";
  }
};

}  // namespace

TEST_CASE("offsets are UTF-8 byte offsets into the text") {
  std::string s = "Yelü Xiezhen’s vanguard — about 20,000 soldiers — reached Jinzhou.";
  auto ms = troops_in(s);
  REQUIRE(ms.size() == 1);
  CHECK(span(s, ms[0]) == "about 20,000 soldiers");
  CHECK(ms[0].begin == s.find("about"));
}

TEST_CASE("several counts in one passage come out in document order with their own values") {
  std::string s =
      "The Jin commander brought 60,000 horsemen. The defenders had less than 8,000 soldiers, "
      "and more than 3,000 of the enemy were killed at the gate; nearly 500 prisoners were taken.";
  auto ms = troops_in(s);
  REQUIRE(ms.size() == 4);
  CHECK(ms[0].normalized.get_int("value") == 60000);
  CHECK(ms[0].normalized.get_string("side") == "Jin");
  CHECK(ms[1].normalized.get_int("value") == 8000);
  CHECK(ms[1].normalized.get_string("qualifier") == "less_than");
  CHECK(ms[2].normalized.get_int("value") == 3000);
  CHECK(ms[2].normalized.get_string("role") == "casualties");
  CHECK(ms[3].normalized.get_int("value") == 500);
  CHECK(ms[3].normalized.get_string("role") == "captured");
  for (std::size_t i = 1; i < ms.size(); ++i) CHECK(ms[i - 1].end <= ms[i].begin);
}

TEST_CASE("normalized values carry value, qualifier, unit, role and side in that order") {
  auto ms = troops_in("About 20,000 Song soldiers were killed.");
  REQUIRE(ms.size() == 1);
  const auto& obj = ms[0].normalized.as_object();
  std::vector<std::string> keys;
  for (const auto& [k, v] : obj) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"value", "qualifier", "unit", "role", "side"});
  CHECK(ms[0].normalized.get_string("unit") == "soldiers");
  CHECK(ms[0].type == "troops");
  CHECK(ms[0].rule == "troops.count_noun");
}

TEST_CASE("side is null when the sentence names no owner") {
  auto ms = troops_in("After the battle, the general added another 20,000 troops.");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].normalized.find("side")->is_null());
}

TEST_CASE("a range carries value_max and the range qualifier") {
  auto ms = troops_in("Between 10,000 and 20,000 soldiers were lost.");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].normalized.get_int("value") == 10000);
  CHECK(ms[0].normalized.get_int("value_max") == 20000);
  CHECK(ms[0].normalized.get_string("qualifier") == "range");
}

TEST_CASE("numbers inside earlier date mentions are left alone") {
  std::string s = "In 1126 soldiers of the Jin crossed the river.";
  auto t = shilu::text::tokenize(s);
  std::vector<Mention> prior(1);
  prior[0].type = "date";
  prior[0].begin = static_cast<std::uint32_t>(s.find("1126"));
  prior[0].end = prior[0].begin + 4;
  shilu::ExtractContext ctx;
  ctx.prior = &prior;
  CHECK(troops_in(s, ctx).empty());
}

TEST_CASE("horses and ships become quantity mentions with a unit, never troops") {
  std::string s = "They seized 3,000 horses and burned more than 100 ships.";
  auto t = shilu::text::tokenize(s);
  auto ms = extractor().extract(t, {});
  REQUIRE(ms.size() == 2);
  for (const auto& m : ms) CHECK(m.type == "quantity");
  CHECK(ms[0].normalized.get_string("unit") == "horses");
  CHECK(ms[0].normalized.get_int("value") == 3000);
  CHECK(ms[1].normalized.get_string("unit") == "ships");
  CHECK(ms[1].normalized.get_string("qualifier") == "more_than");
}

TEST_CASE("a count of people needs at least ten, a count of soldiers at least two") {
  CHECK(troops_in("Two men rode to the gate.").empty());
  CHECK(troops_in("Five people waited.").empty());
  CHECK(troops_in("Twelve men rode to the gate.").size() == 1);
  CHECK(troops_in("Three soldiers held the bridge.").size() == 1);
}

TEST_CASE("text without numbers yields nothing") {
  CHECK(troops_in("").empty());
  CHECK(troops_in("The army marched south and the soldiers sang.").empty());
}

TEST_CASE("a malformed resource row is reported with file and line") {
  ScratchResources r;
  r.append("qualifiers.tsv", "about\tapprox\tsomewhere");
  auto ex = Extractor::load(r.root);
  REQUIRE_FALSE(ex.ok());
  CHECK(ex.error().code == shilu::ErrorCode::kFormat);
  CHECK(ex.error().file.find("qualifiers.tsv") != std::string::npos);
  CHECK(ex.error().line > 1);
}

TEST_CASE("a duplicate noun is a load error") {
  ScratchResources r;
  r.append("nouns.tsv", "soldiers\tmilitary\tsoldiers\t\t");
  auto ex = Extractor::load(r.root);
  REQUIRE_FALSE(ex.ok());
  CHECK(ex.error().to_string().find("duplicate") != std::string::npos);
}

TEST_CASE("an unknown role is a load error") {
  ScratchResources r;
  r.append("roles.tsv", "routed\tvictory\tclause");
  auto ex = Extractor::load(r.root);
  REQUIRE_FALSE(ex.ok());
  CHECK(ex.error().to_string().find("victory") != std::string::npos);
}

TEST_CASE("a missing resource directory is a load error, not a crash") {
  auto ex = Extractor::load("/nonexistent/shilu/resources");
  CHECK_FALSE(ex.ok());
}

TEST_CASE("one extractor is shared by threads and gives the same answers") {
  std::string s = "The Song army of 30,000 met nearly 50,000 Jin horsemen; more than 9,000 corpses were left.";
  auto expected = troops_in(s);
  REQUIRE(expected.size() == 3);
  std::vector<int> ok(4, 0);
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k)
    threads.emplace_back([&, k] {
      for (int i = 0; i < 200; ++i) {
        auto t = shilu::text::tokenize(s);
        auto ms = extractor().extract(t, {});
        if (ms.size() == expected.size() && ms[1].normalized == expected[1].normalized) ++ok[static_cast<std::size_t>(k)];
      }
    });
  for (auto& th : threads) th.join();
  for (int v : ok) CHECK(v == 200);
}

TEST_CASE("a count linked back to an already counted noun does not overlap that count") {
  std::string s = "He came south with 50,000 horsemen, giving out that they were 300,000.";
  auto ms = troops_in(s);
  REQUIRE(ms.size() == 2);
  CHECK(span(s, ms[0]) == "50,000 horsemen");
  CHECK(ms[1].normalized.get_int("value") == 300000);
  CHECK(ms[1].normalized.get_string("qualifier") == "approx");
  CHECK(ms[0].end <= ms[1].begin);
}

TEST_CASE("a linked count whose clause holds a name starts at the link, not before the name") {
  std::string s = "The losses of the Jin army at Kaifeng exceeded 20,000.";
  auto ms = troops_in(s);
  REQUIRE(ms.size() == 1);
  CHECK(span(s, ms[0]) == "exceeded 20,000");
  CHECK(ms[0].normalized.get_string("side") == "Jin");
  CHECK(ms[0].normalized.get_string("role") == "casualties");
}
