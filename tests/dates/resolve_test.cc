// resolve(): pure resolution of partial dates against a fixed narrative context.
#include <doctest/doctest.h>

#include "shilu/dates.h"
#include "test_paths.h"

namespace {

using shilu::dates::Context;
using shilu::dates::PartialDate;
using Kind = PartialDate::Kind;

const shilu::dates::Extractor& extractor() {
  static const auto x = [] {
    auto r = shilu::dates::Extractor::load(shilu::testing::resources_dir());
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().to_string()));
    return std::move(r.value());
  }();
  return x;
}

PartialDate era_year(std::string key, int n, std::string qualifier = {}) {
  PartialDate p;
  p.kind = Kind::kEraYear;
  p.era_key = std::move(key);
  p.era_text = p.era_key;
  p.era_year = n;
  p.qualifier = std::move(qualifier);
  return p;
}

std::int64_t year_of(const shilu::dates::Resolved& r) {
  const auto* y = r.normalized.find("year");
  return y && y->is_int() ? y->as_int() : 0;
}

std::vector<shilu::Mention> extract(const std::string& s) {
  auto t = shilu::text::tokenize(s);
  return extractor().extract(t, shilu::ExtractContext{});
}

}  // namespace

TEST_CASE("a regime qualifier picks among same-named eras") {
  const auto& tab = extractor().eras();
  CHECK(year_of(resolve(era_year("tianqing", 4, "liao"), Context{}, tab)) == 1114);
  CHECK(year_of(resolve(era_year("tianqing", 4, "western xia"), Context{}, tab)) == 1197);
}

TEST_CASE("the narrative period picks among same-named eras") {
  const auto& tab = extractor().eras();
  Context ctx;
  ctx.anchor_year = 1230;
  CHECK(year_of(resolve(era_year("tianxing", 1), ctx, tab)) == 1232);
  ctx.anchor_year = 400;
  CHECK(year_of(resolve(era_year("tianxing", 1), ctx, tab)) == 398);
}

TEST_CASE("without qualifier or period a shared name stays ambiguous with candidates") {
  const auto& tab = extractor().eras();
  auto r = resolve(era_year("taihe", 3), Context{}, tab);
  CHECK(year_of(r) == 0);
  CHECK((r.flags & shilu::kAmbiguous) != 0);
  const auto* c = r.normalized.find("candidates");
  REQUIRE(c);
  CHECK(c->size() >= 3);
}

TEST_CASE("a written year chooses the era and a mismatch becomes a conflict") {
  const auto& tab = extractor().eras();
  auto p = era_year("tianxing", 1);
  p.written_year = 1233;
  auto r = resolve(p, Context{}, tab);
  CHECK(year_of(r) == 1232);
  const auto* conflict = r.normalized.find("conflict");
  REQUIRE(conflict);
  CHECK(conflict->get_int("written_year") == 1233);
  CHECK(conflict->get_int("era_year") == 1232);
}

TEST_CASE("narrative-relative dates resolve against the context and say so") {
  const auto& tab = extractor().eras();
  PartialDate p;
  p.kind = Kind::kRelative;
  p.offset_years = 1;
  Context ctx;
  ctx.anchor_year = 1125;
  auto r = resolve(p, ctx, tab);
  CHECK(year_of(r) == 1126);
  CHECK(r.normalized.get_string("resolved_by") == "context");
  auto none = resolve(p, Context{}, tab);
  CHECK(year_of(none) == 0);
  CHECK((none.flags & shilu::kLatent) != 0);
}

TEST_CASE("an ordinal year takes the era of the context") {
  const auto& tab = extractor().eras();
  Context ctx;
  auto tianhui = tab.lookup_phrase("Jin Tianhui");
  REQUIRE(tianhui.size() == 1);
  ctx.era = tianhui[0];
  ctx.anchor_year = 1125;
  PartialDate p;
  p.kind = Kind::kOrdinalYear;
  p.era_year = 5;
  auto r = resolve(p, ctx, tab);
  CHECK(year_of(r) == 1127);
  CHECK(r.normalized.get_string("resolved_by") == "context");
  CHECK(r.normalized.find("era")->get_string("name") == "Tianhui");
}

TEST_CASE("advance() keeps the era and moves the anchor") {
  const auto& tab = extractor().eras();
  auto p = era_year("tianhui", 3, "jin");
  auto r = resolve(p, Context{}, tab);
  auto ctx = advance(Context{}, p, r);
  CHECK(ctx.anchor_year == 1125);
  REQUIRE(ctx.era);
  CHECK(ctx.era->name == "Tianhui");
  CHECK(ctx.anchor_chinese);
}

TEST_CASE("the seed phrasing of an era date with its written year gives two linked entities") {
  auto ms = extract("In the fourth year of Liao Tianqing's reign (1114), they rose. The following year they won.");
  REQUIRE(ms.size() == 3);
  CHECK(ms[0].normalized.get_int("year") == 1114);
  CHECK(ms[0].normalized.get_string("resolved_by") == "era");
  CHECK(ms[0].normalized.find("linked")->get_int("begin") == ms[1].begin);
  CHECK(ms[1].normalized.get_string("resolved_by") == "explicit");
  CHECK(ms[2].normalized.get_int("year") == 1115);
  CHECK(ms[2].normalized.get_string("resolved_by") == "context");
}

TEST_CASE("mentions are in document order with byte offsets into the text") {
  std::string s = "Yelü Dashi fled in 1124; in the fifth year of Tianhui (1127) Kaifeng fell.";
  auto ms = extract(s);
  REQUIRE(ms.size() == 3);
  CHECK(s.substr(ms[0].begin, ms[0].end - ms[0].begin) == "1124");
  CHECK(s.substr(ms[1].begin, ms[1].end - ms[1].begin) == "the fifth year of Tianhui");
  CHECK(s.substr(ms[2].begin, ms[2].end - ms[2].begin) == "1127");
  CHECK(ms[0].begin < ms[1].begin);
}

TEST_CASE("a document's explicit years pick the era for an earlier unqualified mention") {
  auto ms = extract("In the third year of Taihe the harvest failed. Zhangzong died in 1208.");
  REQUIRE(ms.size() == 2);
  CHECK(ms[0].normalized.get_int("year") == 1203);
}

TEST_CASE("extraction is deterministic and shares nothing between calls") {
  const std::string s = "In the seventh year of Xuanhe (1125) the Jin attacked; the next year Kaifeng fell.";
  auto a = extract(s);
  auto b = extract(s);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i].normalized == b[i].normalized);
}

TEST_CASE("empty, punctuation-only and truncated inputs give no dates and no crash") {
  CHECK(extract("").empty());
  CHECK(extract("(((,,,.)))").empty());
  CHECK(extract("the third year of").empty());
  CHECK(extract("1126-").size() == 1);
  auto ms = extract("Qin fell in 207 B.");
  for (const auto& m : ms) CHECK(m.end <= 19);
}
