#include <doctest/doctest.h>
#include <algorithm>
#include <cstdint>

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

TEST_CASE("the policy agrees with a plain quadratic reading of the rules, also across long spans") {
  using shilu::annotate::may_contain;
  using shilu::annotate::type_priority;
  const char* types[] = {"date", "troops", "person", "event", "army", "place", "polity"};
  std::uint64_t seed = 12345;
  auto rnd = [&seed](std::uint32_t n) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>((seed >> 33) % n);
  };
  for (int round = 0; round < 200; ++round) {
    std::vector<Mention> ms;
    const int n = 1 + static_cast<int>(rnd(60));
    for (int i = 0; i < n; ++i) {
      std::uint32_t b = rnd(6000);
      std::uint32_t len = rnd(10) == 0 ? 1 + rnd(3000) : 1 + rnd(40);  // some span many KB
      Mention x = m(types[rnd(7)], b, b + len);
      x.score = static_cast<float>(rnd(4)) / 4.0f;
      ms.push_back(x);
    }
    // Reference: strongest first (stable), keep when every kept overlap is an allowed nesting.
    std::vector<std::size_t> idx(ms.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    auto beats = [&](std::size_t x, std::size_t y) {
      const Mention &a = ms[x], &b = ms[y];
      std::uint32_t la = a.end - a.begin, lb = b.end - b.begin;
      if (la != lb) return la > lb;
      int pa = type_priority(a.type), pb = type_priority(b.type);
      if (pa != pb) return pa > pb;
      if (a.score != b.score) return a.score > b.score;
      return a.begin < b.begin;
    };
    std::stable_sort(idx.begin(), idx.end(), beats);
    auto contains = [](const Mention& a, const Mention& b) {
      return a.begin <= b.begin && b.end <= a.end && (a.end - a.begin) > (b.end - b.begin);
    };
    std::vector<std::size_t> kept;
    for (std::size_t i : idx) {
      const Mention& c = ms[i];
      bool ok = true;
      for (std::size_t j : kept) {
        const Mention& k = ms[j];
        if (!(k.begin < c.end && c.begin < k.end)) continue;
        if (!((contains(k, c) && may_contain(k.type, c.type)) || (contains(c, k) && may_contain(c.type, k.type)))) {
          ok = false;
          break;
        }
      }
      if (ok) kept.push_back(i);
    }
    std::vector<Mention> want;
    for (std::size_t i : kept) want.push_back(ms[i]);
    std::sort(want.begin(), want.end(), [](const Mention& a, const Mention& b) {
      if (a.begin != b.begin) return a.begin < b.begin;
      if (a.end != b.end) return a.end > b.end;
      return a.type < b.type;
    });
    std::vector<Mention> got = ms;
    apply_overlap_policy(got);
    REQUIRE(kinds(got) == kinds(want));
  }
}
