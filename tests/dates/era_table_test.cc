// Era table, spelling keys, lunar conversion and civil-date arithmetic.
#include <doctest/doctest.h>

#include <fstream>

#include "shilu/dates.h"
#include "test_paths.h"

namespace {

const shilu::dates::EraTable& table() {
  static const auto t = [] {
    auto r = shilu::dates::EraTable::load(shilu::testing::resources_dir());
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().to_string()));
    return std::move(r.value());
  }();
  return t;
}

const shilu::dates::Era* only(const std::vector<const shilu::dates::Era*>& v, std::string_view regime) {
  const shilu::dates::Era* found = nullptr;
  for (const auto* e : v)
    if (e->regime == regime) found = e;
  return found;
}

}  // namespace

TEST_CASE("an era name keeps every regime that used it") {
  auto v = table().lookup("Tianhui");
  REQUIRE(v.size() >= 2);
  const auto* jin = only(v, "Jin (Jurchen)");
  REQUIRE(jin);
  CHECK(jin->year_of(3) == 1125);
  CHECK(jin->hanzi == "天會");
  CHECK(only(v, "Northern Han") != nullptr);
  CHECK(table().lookup("Tianxing").size() >= 3);
  CHECK(table().lookup("Zhiyuan").size() >= 2);
}

TEST_CASE("era spellings: pinyin with spaces, apostrophes, tones, Wade-Giles and characters") {
  for (const char* s : {"Taiping Xingguo", "Taipingxingguo", "T'ai-p'ing hsing-kuo", "太平興國", "太平兴国",
                        "Tàipíng Xīngguó"}) {
    CAPTURE(s);
    auto v = table().lookup(s);
    const auto* song = only(v, "Northern Song");
    REQUIRE(song);
    CHECK(song->year1 == 976);
  }
  CHECK(only(table().lookup("Hsüan-ho"), "Northern Song")->year1 == 1119);
  CHECK(only(table().lookup("Cheng'an"), "Jin (Jurchen)")->year1 == 1196);
  CHECK(only(table().lookup("Chengan"), "Jin (Jurchen)")->year1 == 1196);
  CHECK(table().lookup("Kaifeng").empty());
}

TEST_CASE("a leading regime word narrows a lookup") {
  auto v = table().lookup_phrase("Liao Tianqing");
  REQUIRE(v.size() == 1);
  CHECK(v[0]->year1 == 1111);
  auto x = table().lookup_phrase("Western Xia Tianqing");
  REQUIRE(x.size() == 1);
  CHECK(x[0]->year1 == 1194);
  CHECK(table().lookup_phrase("Song Tianqing").empty());
}

TEST_CASE("emperors carry temple and personal names") {
  const auto* e = only(table().lookup("Tianhui"), "Jin (Jurchen)");
  REQUIRE(e);
  REQUIRE(e->emperor_temple.size() == 2);
  CHECK(e->emperor_temple[0] == "Taizong");
  CHECK(e->emperor_personal[0] == "Wanyan Sheng");
}

TEST_CASE("minor regimes from zh-Wikipedia are present with a lower tier") {
  const auto v = table().lookup("Fuchang");
  REQUIRE(!v.empty());
  CHECK(v[0]->year1 == 1130);
  CHECK(v[0]->tier == 2);
}

TEST_CASE("Julian day numbers round-trip and switch calendars in 1582") {
  using shilu::dates::civil_from_jdn;
  using shilu::dates::jdn_from_civil;
  CHECK(jdn_from_civil(1582, 10, 15, false) == 2299161);
  CHECK(jdn_from_civil(1582, 10, 4, true) == 2299160);
  CHECK(civil_from_jdn(2299160).iso() == "1582-10-04");
  CHECK(civil_from_jdn(2299161).iso() == "1582-10-15");
  CHECK(civil_from_jdn(2299160).julian);
  CHECK_FALSE(civil_from_jdn(2299161).julian);
  for (long long j : {1641025LL, 2000000LL, 2138200LL, 2451545LL}) CHECK(jdn_from_civil(civil_from_jdn(j).year, civil_from_jdn(j).month, civil_from_jdn(j).day, civil_from_jdn(j).julian) == j);
  CHECK(civil_from_jdn(2451545).iso() == "2000-01-01");
  CHECK(civil_from_jdn(1641025).iso() == "-0220-11-18");
}

TEST_CASE("lunar dates convert through the DDBC month table") {
  SUBCASE("Yue Fei's death, Shaoxing 11/12/29 = 1142-01-27") {
    auto c = shilu::dates::convert(table(), "Song Shaoxing 11 12 29");
    REQUIRE(c.ok());
    REQUIRE(c->size() == 1);
    REQUIRE((*c)[0].date);
    CHECK((*c)[0].date->iso() == "1142-01-27");
    CHECK((*c)[0].date->julian);
  }
  SUBCASE("fall of Kaifeng, Jingkang 1 leap 11/25 = 1127-01-09") {
    auto c = shilu::dates::convert(table(), "Jingkang 1 L11 25");
    REQUIRE(c.ok());
    REQUIRE((*c)[0].date);
    CHECK((*c)[0].date->iso() == "1127-01-09");
    auto d = shilu::dates::convert(table(), "Jingkang 1 leap 11 25");
    REQUIRE(d.ok());
    CHECK((*d)[0].jdn == (*c)[0].jdn);
  }
  SUBCASE("a leap month that did not exist gives no date") {
    auto c = shilu::dates::convert(table(), "Jingkang 1 L3 1");
    REQUIRE(c.ok());
    CHECK_FALSE((*c)[0].jdn);
    CHECK_FALSE((*c)[0].note.empty());
  }
  SUBCASE("year only") {
    auto c = shilu::dates::convert(table(), "Jin Tianhui 3");
    REQUIRE(c.ok());
    REQUIRE(c->size() == 1);
    CHECK((*c)[0].year == 1125);
    CHECK_FALSE((*c)[0].jdn);
  }
  SUBCASE("errors are values") {
    CHECK_FALSE(shilu::dates::convert(table(), "Nowhere 3").ok());
    CHECK_FALSE(shilu::dates::convert(table(), "Shaoxing").ok());
    CHECK_FALSE(shilu::dates::convert(table(), "Shaoxing 12 13 1").ok());
    CHECK_FALSE(shilu::dates::convert(table(), "12 1 15").ok());
  }
}

TEST_CASE("by_regime accepts the regime name or a qualifier word") {
  auto a = table().by_regime("Liao");
  auto b = table().by_regime("khitan");
  CHECK(a.size() >= 20);
  CHECK(a.size() == b.size());  // "Liao" is the regime itself, not every regime called Liao
  CHECK(table().by_regime("liao").size() == a.size());
  CHECK(table().by_regime("jurchen").size() == table().by_regime("Jin (Jurchen)").size());
  CHECK(table().by_regime("southern song").size() >= 20);
}

TEST_CASE("a broken era table is reported with file and line") {
  const auto dir = std::filesystem::temp_directory_path() / "shilu_dates_bad_resources";
  std::filesystem::create_directories(dir / "eras");
  {
    std::ofstream f(dir / "eras" / "eras.tsv");
    f << "# test\nid\tera\thanzi\tregime\tyear1\tstart_year\tend_year\tlast_era_year\tfirst_month\ttier\tvariants\n"
      << "a.x\tX\t甲\tA\t1000\t1000\t1001\t2\t1\t0\t\n"
      << "a.y\tY\t乙\tA\tabc\t1000\t1001\t2\t1\t0\t\n";
  }
  auto r = shilu::dates::EraTable::load(dir);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().line == 4);
  CHECK(r.error().file.find("eras.tsv") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a bad line in words.tsv is reported with file and line") {
  const auto dir = std::filesystem::temp_directory_path() / "shilu_dates_bad_words";
  std::filesystem::create_directories(dir / "eras");
  for (const char* f : {"eras.tsv", "regimes.tsv", "months.tsv"})
    std::filesystem::copy_file(shilu::testing::resources_dir() / "eras" / f, dir / "eras" / f,
                               std::filesystem::copy_options::overwrite_existing);
  {
    std::ofstream w(dir / "eras" / "words.tsv");
    w << "# test\nword\tkind\tvalue\nmay\tmonth\t5\nfoo\tmonth\t13\n";
  }
  auto r = shilu::dates::Extractor::load(dir);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().line == 4);
  CHECK(r.error().to_string().find("words.tsv:4") != std::string::npos);
  std::filesystem::remove_all(dir);
}
