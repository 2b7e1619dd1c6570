#include <doctest/doctest.h>

#include "shilu/annotate.h"

using shilu::Mention;
using shilu::annotate::apply_overlap_policy;

namespace {
Mention m(std::string type, std::uint32_t b, std::uint32_t e) {
  Mention x;
  x.type = std::move(type);
  x.begin = b;
  x.end = e;
  return x;
}
std::vector<std::string> kinds(const std::vector<Mention>& ms) {
  std::vector<std::string> out;
  for (const auto& x : ms) out.push_back(x.type + "@" + std::to_string(x.begin) + "-" + std::to_string(x.end));
  return out;
}
}  // namespace

TEST_CASE("an event keeps the place it contains (Battle of Yaozhou)") {
  std::vector<Mention> ms = {m("place", 10, 17), m("event", 0, 17)};
  apply_overlap_policy(ms);
  CHECK(kinds(ms) == std::vector<std::string>{"event@0-17", "place@10-17"});
}

TEST_CASE("an era date beats a polity and an era read as a place (Jin Tianhui)") {
  // "Jin Tianhui": polity "Jin" 0-3, a spurious place "Tianhui" 4-11, date 0-11.
  std::vector<Mention> ms = {m("polity", 0, 3), m("place", 4, 11), m("date", 0, 11)};
  apply_overlap_policy(ms);
  CHECK(kinds(ms) == std::vector<std::string>{"date@0-11"});
}

TEST_CASE("a titled person beats the polity inside it (Emperor Qinzong of the Song Dynasty)") {
  std::vector<Mention> ms = {m("polity", 23, 35), m("person", 0, 35)};
  apply_overlap_policy(ms);
  CHECK(kinds(ms) == std::vector<std::string>{"person@0-35"});
}

TEST_CASE("adjacent polity and person both stay (Song Zongze)") {
  std::vector<Mention> ms = {m("person", 5, 11), m("polity", 0, 4)};
  apply_overlap_policy(ms);
  CHECK(kinds(ms) == std::vector<std::string>{"polity@0-4", "person@5-11"});
}

TEST_CASE("on equal spans the higher type priority wins") {
  std::vector<Mention> ms = {m("place", 0, 5), m("person", 0, 5)};
  apply_overlap_policy(ms);
  CHECK(kinds(ms) == std::vector<std::string>{"person@0-5"});
}

TEST_CASE("a longer crossing mention beats a shorter one of any type") {
  std::vector<Mention> ms = {m("troops", 0, 20), m("date", 15, 25)};
  apply_overlap_policy(ms);
  CHECK(kinds(ms) == std::vector<std::string>{"troops@0-20"});
}

TEST_CASE("an army keeps the person inside it (Yue family army)") {
  std::vector<Mention> ms = {m("army", 0, 15), m("person", 0, 3)};
  apply_overlap_policy(ms);
  CHECK(kinds(ms) == std::vector<std::string>{"army@0-15", "person@0-3"});
}

TEST_CASE("output is sorted by start, longer first") {
  std::vector<Mention> ms = {m("date", 30, 34), m("place", 10, 17), m("event", 0, 17), m("polity", 20, 23)};
  apply_overlap_policy(ms);
  CHECK(kinds(ms) == std::vector<std::string>{"event@0-17", "place@10-17", "polity@20-23", "date@30-34"});
}

TEST_CASE("a troop count keeps the polity inside it (30,000 Jin troops)") {
  std::vector<Mention> ms = {m("polity", 7, 10), m("troops", 0, 17)};
  apply_overlap_policy(ms);
  CHECK(kinds(ms) == std::vector<std::string>{"troops@0-17", "polity@7-10"});
}
