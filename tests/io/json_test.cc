#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "shilu/io.h"

TEST_CASE("annotation_json writes code-point and byte offsets and escapes text") {
  std::string raw = "“Yelü” said \"go\"\n";
  shilu::Document d = shilu::Document::from_bytes("d1", "p.txt", raw);
  shilu::annotate::Annotation a;
  a.doc = &d;
  shilu::Mention m;
  m.type = "person";
  m.begin = 3;  // after the 3-byte left quote
  m.end = 8;    // "Yelü" is 5 bytes
  m.rule = "test";
  m.normalized["canonical"] = "Yelü";
  m.normalized["key"] = "yelu";
  a.entities.push_back(m);
  a.warnings.push_back({"x", "a \"quoted\" message", -1});
  std::string j = shilu::io::annotation_json(a, {});
  auto v = shilu::io::parse_json(j);
  REQUIRE(v.ok());
  const auto& e = v->find("entities")->as_array().at(0);
  CHECK(e.get_string("id") == "T1");
  CHECK(e.get_string("text") == "Yelü");
  CHECK(e.get_int("start") == 1);
  CHECK(e.get_int("end") == 5);
  CHECK(e.get_int("byte_start") == 3);
  CHECK(e.get_int("byte_end") == 8);
  CHECK(e.find("normalized")->get_string("canonical") == "Yelü");
  CHECK(v->find("document")->get_int("chars") == static_cast<std::int64_t>(17));
  CHECK(v->find("warnings")->as_array().at(0).get_string("message") == "a \"quoted\" message");
  CHECK(v->find("warnings")->as_array().at(0).find("byte_offset")->is_null());
  std::string pretty = shilu::io::annotation_json(a, {.pretty = true});
  CHECK(pretty.find("\n  \"document\"") != std::string::npos);
}

TEST_CASE("control characters are escaped as \\u00XX") {
  std::string out;
  shilu::io::append_json_string(out, std::string("a\x01" "b\tc", 5));
  CHECK(out == "\"a\\u0001b\\tc\"");
}

TEST_CASE("parse_json reports invalid JSON as an error value") {
  auto r = shilu::io::parse_json("{\"a\": [1, 2,}");
  REQUIRE(!r.ok());
  CHECK(r.error().message.find("invalid JSON") == 0);
  auto ok = shilu::io::parse_json(R"({"b":1,"a":[true,null,1.5,"x"]})");
  REQUIRE(ok.ok());
  CHECK(ok->as_object()[0].first == "b");  // member order kept
  CHECK(ok->find("a")->as_array()[2].as_double() == doctest::Approx(1.5));
}

TEST_CASE("gold files parse and annotations convert to the gold schema") {
  auto g = shilu::io::parse_gold(R"({"doc":"x","persons":[{"canonical":"Yelü Xiezhen","key":"yelu xiezhen",
    "mentions":["Yelu Xiezhen"],"alt_keys":[]}],"places":[],"dates":[{"mention":"1125","era":null,"era_year":null,"year":1125}],
    "troops":[{"mention":"about 20,000 soldiers","value":20000,"qualifier":"approx","value_max":null}]})", "x.json");
  REQUIRE(g.ok());
  CHECK(g->persons.at(0).key == "yelu xiezhen");
  CHECK(g->dates.at(0).year == 1125);
  CHECK(!g->dates.at(0).era_year.has_value());
  CHECK(g->troops.at(0).value == 20000);

  auto ann = shilu::io::parse_json(R"({"entities":[
    {"type":"person","text":"Yelv Xiezhen","normalized":{"canonical":"Yelü Xiezhen","key":"yelu xiezhen"}},
    {"type":"person","text":"Yelu Xiezhen","normalized":{"canonical":"Yelü Xiezhen","key":"yelu xiezhen"}},
    {"type":"date","text":"that year","normalized":{"year":1125,"resolved_by":"context"}},
    {"type":"date","text":"1125","normalized":{"year":1125,"resolved_by":"explicit"}},
    {"type":"troops","text":"5,000 troops","normalized":{"value":5000,"qualifier":"exact"}}]})");
  REQUIRE(ann.ok());
  auto pg = shilu::io::annotation_to_gold(*ann, "x");
  REQUIRE(pg.persons.size() == 1);
  CHECK(pg.persons[0].mentions.size() == 2);
  CHECK(pg.dates.size() == 1);
  CHECK(pg.troops.at(0).value == 5000);
}

TEST_CASE("troop roles and sides are scored only where the gold gives them") {
  auto pred = shilu::io::parse_json(R"({"entities":[
    {"type":"troops","text":"20,000 soldiers","normalized":{"value":20000,"qualifier":"exact","role":"strength","side":"Jin"}},
    {"type":"troops","text":"3,000 men","normalized":{"value":3000,"qualifier":"exact","role":"strength","side":null}}]})");
  REQUIRE(pred.ok());
  auto p = shilu::io::annotation_to_gold(*pred, "x");
  REQUIRE(p.troops.size() == 2);
  CHECK(p.troops[0].role == "strength");
  CHECK(p.troops[1].side == "");

  auto with_roles = shilu::io::parse_gold(R"({"doc":"x","persons":[],"places":[],"dates":[],"troops":[
    {"mention":"20,000 soldiers","value":20000,"qualifier":"exact","value_max":null,"role":"strength","side":"Jin"},
    {"mention":"3,000 men","value":3000,"qualifier":"exact","value_max":null,"role":"casualties","side":null}]})", "x.json");
  REQUIRE(with_roles.ok());
  auto s = shilu::io::score_document(*with_roles, p);
  CHECK(s.counts.at("troops").tp == 2);
  CHECK(s.counts.at("troops(+role)").tp == 1);  // 3,000 casualties reported as strength
  CHECK(s.counts.at("troops(+role)").fn == 1);
  CHECK(s.counts.at("troops(+side)").tp == 2);  // null side matches null
  CHECK(std::find(s.misses.begin(), s.misses.end(), std::string("troops(+role): 3000 casualties")) != s.misses.end());

  auto without = shilu::io::parse_gold(R"({"doc":"x","persons":[],"places":[],"dates":[],"troops":[
    {"mention":"20,000 soldiers","value":20000,"qualifier":"exact","value_max":null,"role":"strength"},
    {"mention":"3,000 men","value":3000,"qualifier":"exact","value_max":null}]})", "x.json");
  REQUIRE(without.ok());
  auto s2 = shilu::io::score_document(*without, p);
  CHECK(s2.counts.count("troops(+role)") == 0);  // one count has no role: roles are not scored
  CHECK(s2.counts.count("troops(+side)") == 0);
}

namespace {
// The plain byte-by-byte escaping that append_json_string must reproduce.
std::string escaped_slowly(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}
}  // namespace

TEST_CASE("append_json_string escapes every special byte wherever it stands") {
  // Special bytes at every offset of strings up to 40 bytes, among ASCII and UTF-8 text.
  const std::string specials = std::string("\"\\\n\r\t\b\f\x01\x1f\x7f", 10) + std::string(1, '\0');
  const std::string fill = "abcdefgh\xC3\xBC\xE2\x80\x9C xyz 0123456789 Yel\xC3\xBC";
  for (std::size_t len = 0; len <= 40; ++len) {
    std::string base = fill.substr(0, std::min(len, fill.size()));
    while (base.size() < len) base += 'q';
    {
      std::string out = "[";
      shilu::io::append_json_string(out, base);
      CHECK(out == "[" + escaped_slowly(base));
    }
    for (std::size_t at = 0; at < len; ++at)
      for (char sp : specials) {
        std::string s = base;
        s[at] = sp;
        if (at + 3 < len) s[at + 3] = '"';  // a second one close by
        std::string out;
        shilu::io::append_json_string(out, s);
        REQUIRE(out == escaped_slowly(s));
      }
  }
}
