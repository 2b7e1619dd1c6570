#include <doctest/doctest.h>

#include <fstream>

#include "shilu/core.h"

TEST_CASE("read_tsv skips the # header and reports file:line on a bad row") {
  auto dir = std::filesystem::temp_directory_path() / "shilu_tsv_test";
  std::filesystem::create_directories(dir);
  {
    std::ofstream f(dir / "ok.tsv");
    f << "# source: test\n# licence: CC0\nera\tregime\tfirst_year\nTianhui\tJin\t1123\n\n# comment\nXuanhe\tSong\t1119\n";
  }
  auto t = shilu::read_tsv(dir / "ok.tsv", {"era", "first_year"});
  REQUIRE(t.ok());
  REQUIRE(t->rows.size() == 2);
  CHECK(t->cell(t->rows[1], "era") == "Xuanhe");
  CHECK(t->rows[1].line == 7);
  CHECK(t->where(t->rows[0]).ends_with("ok.tsv:4"));
  {
    std::ofstream f(dir / "bad.tsv");
    f << "a\tb\n1\t2\t3\n";
  }
  auto b = shilu::read_tsv(dir / "bad.tsv");
  REQUIRE(!b.ok());
  CHECK(b.error().line == 2);
  CHECK(b.error().to_string().find("bad.tsv:2: ") != std::string::npos);
  auto m = shilu::read_tsv(dir / "ok.tsv", {"missing_col"});
  REQUIRE(!m.ok());
  CHECK(m.error().message.find("missing_col") != std::string::npos);
  auto n = shilu::read_tsv(dir / "nope.tsv");
  REQUIRE(!n.ok());
  CHECK(n.error().code == shilu::ErrorCode::kNotFound);
}

TEST_CASE("Value objects keep insertion order and overwrite in place") {
  shilu::Value v;
  v["year"] = 1125;
  v["calendar"] = "chinese";
  v["year"] = 1126;
  REQUIRE(v.is_object());
  CHECK(v.as_object()[0].first == "year");
  CHECK(v.get_int("year") == 1126);
  CHECK(v.get_string("calendar") == "chinese");
  CHECK(v.find("missing") == nullptr);
  v["era"]["name"] = "Tianhui";
  CHECK(v.find("era")->get_string("name") == "Tianhui");
  v.erase("era");
  CHECK(!v.contains("era"));
}

TEST_CASE("read_file distinguishes a missing file from a directory") {
  auto r = shilu::read_file("/definitely/not/here.txt");
  REQUIRE(!r.ok());
  CHECK(r.error().code == shilu::ErrorCode::kNotFound);
  auto d = shilu::read_file(std::filesystem::temp_directory_path());
  REQUIRE(!d.ok());
  CHECK(d.error().message == "is a directory");
}
