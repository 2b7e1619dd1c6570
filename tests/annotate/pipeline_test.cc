// The overlap policy's named cases, end to end through the real extractors.
#include <doctest/doctest.h>

#include <algorithm>

#include "shilu/annotate.h"
#include "test_paths.h"

namespace {

const shilu::annotate::Pipeline& pipeline() {
  static const auto p = shilu::annotate::Pipeline::load(shilu::testing::resources_dir());
  REQUIRE(p.ok());
  return *p;
}

// "type:text" of every entity, in output order.
std::vector<std::string> entities(const std::string& text) {
  auto doc = shilu::Document::from_bytes("t", "", text);
  auto a = pipeline().annotate(doc, {});
  std::vector<std::string> out;
  for (const auto& m : a.entities) out.push_back(m.type + ":" + doc.text.substr(m.begin, m.end - m.begin));
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST_CASE("Battle of Yaozhou is an event containing a place") {
  auto e = entities("After the Battle of Yaozhou, the Liao army withdrew.");
  CHECK(has(e, "event:Battle of Yaozhou"));
  CHECK(has(e, "place:Yaozhou"));
}

TEST_CASE("Jin Tianhui is a date, not a polity and an era") {
  auto e = entities("In the third year of Jin Tianhui the army moved south.");
  CHECK(has(e, "date:the third year of Jin Tianhui"));
  CHECK(!has(e, "polity:Jin"));
  CHECK(!has(e, "place:Tianhui"));
}

TEST_CASE("Emperor Qinzong of the Song Dynasty is one person") {
  auto doc = shilu::Document::from_bytes("t", "", "Zhao Huan, Emperor Qinzong of the Song Dynasty, sent envoys.");
  auto a = pipeline().annotate(doc, {});
  bool found = false;
  for (const auto& m : a.entities)
    if (m.type == "person" && doc.text.substr(m.begin, m.end - m.begin) == "Emperor Qinzong of the Song Dynasty") {
      found = true;
      CHECK(m.normalized.get_string("canonical") == "Zhao Huan");
    }
  CHECK(found);
  for (const auto& m : a.entities) CHECK(m.type != "polity");
}

TEST_CASE("Song Zongze is a polity followed by the person Zong Ze") {
  auto doc = shilu::Document::from_bytes("t", "", "The defence of the capital fell to Song Zongze, who held it for a year.");
  auto a = pipeline().annotate(doc, {});
  bool polity = false, person = false;
  for (const auto& m : a.entities) {
    std::string s = doc.text.substr(m.begin, m.end - m.begin);
    if (m.type == "polity" && s == "Song") polity = true;
    if (m.type == "person" && s == "Zongze") {
      person = true;
      CHECK(m.normalized.get_string("key") == "zong ze");
    }
  }
  CHECK(polity);
  CHECK(person);
}

TEST_CASE("a troop count keeps its side and does not take one from a person's name") {
  auto doc = shilu::Document::from_bytes("t", "", "Han Qi ordered Ren Fu to lead more than 18,000 soldiers to resist the enemy.");
  auto a = pipeline().annotate(doc, {});
  bool found = false;
  for (const auto& m : a.entities)
    if (m.type == "troops") {
      found = true;
      CHECK(m.normalized.get_int("value") == 18000);
      // Not "Qi" from the name Han Qi; Song from the leader Han Qi (a Song minister).
      CHECK(m.normalized.get_string("side") == "Song");
    }
  CHECK(found);
}

namespace {
// Side of the first troop count of `text` ("null" when none; "none" when no count).
std::string troop_side(const std::string& text) {
  auto doc = shilu::Document::from_bytes("t", "", text);
  auto a = pipeline().annotate(doc, {});
  for (const auto& m : a.entities)
    if (m.type == "troops") {
      const shilu::Value* s = m.normalized.find("side");
      return s && s->is_string() ? s->as_string() : "null";
    }
  return "none";
}
}  // namespace

TEST_CASE("a troop count takes its side from the person who leads it") {
  CHECK(troop_side("Fan Zhongyan led 6,000 men from Qingzhou to relieve the city.") == "Song");
  CHECK(troop_side("In July, Wanyan Zongbi attacked Yue Fei at Yancheng with 15,000 cavalry.") == "Jin");
  CHECK(troop_side("The defender Liu Qi had less than 20,000 soldiers.") == "Song");
  CHECK(troop_side("At Zhenjiang his way was cut by Han Shizhong, who had only 8,000 men.") == "Song");
  CHECK(troop_side("When Zongbi arrived, Han Shizhong had only 8,000 men.") == "Song");
  // The person is an object, not the leader: no side.
  CHECK(troop_side("At the river he met Yue Fei with 30,000 men.") == "null");
  // Killed by the leader's men: the count is the other side's, so no side from the person.
  CHECK(troop_side("Yue Fei killed more than 3,000 men.") == "null");
}
