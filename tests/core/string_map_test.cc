#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "shilu/core.h"

TEST_CASE("StringMap finds what was inserted, by string_view, and nothing else") {
  shilu::StringMap<int> m;
  CHECK(m.empty());
  CHECK(m.find("zhou") == nullptr);  // empty map
  m["zhou"] = 1;
  m["zhouzhi"] = 2;
  m[""] = 3;  // the empty key is a key like any other
  CHECK(m.size() == 3);
  REQUIRE(m.find("zhou") != nullptr);
  CHECK(*m.find("zhou") == 1);
  CHECK(*m.find(std::string("zhouzhi")) == 2);
  CHECK(*m.find("") == 3);
  CHECK(m.find("zho") == nullptr);
  CHECK(m.find("zhou ") == nullptr);
  std::string_view longer = "zhouzhi and more";
  CHECK(*m.find(longer.substr(0, 4)) == 1);  // a view into a longer string
  CHECK_FALSE(m.contains("Zhou"));        // case matters
}

TEST_CASE("StringMap operator[] keeps existing values; insert does not overwrite") {
  shilu::StringMap<std::uint16_t> m;
  m["song"] |= 1;
  m["song"] |= 4;
  CHECK(*m.find("song") == 5);
  CHECK(m.insert("jin", 7));
  CHECK_FALSE(m.insert("jin", 9));
  CHECK(*m.find("jin") == 7);
  CHECK(m.size() == 2);
}

TEST_CASE("StringMap stays exact through growth, long keys and shared prefixes") {
  shilu::StringMap<std::vector<int>> m;
  std::vector<std::string> keys;
  for (int i = 0; i < 5000; ++i) {
    std::string k = "key" + std::to_string(i);
    if (i % 7 == 0) k += std::string(20, 'x');  // longer than 8 bytes: several hash rounds
    keys.push_back(k);
    m[k].push_back(i);
  }
  CHECK(m.size() == keys.size());
  for (int i = 0; i < 5000; ++i) {
    const auto* v = m.find(keys[static_cast<std::size_t>(i)]);
    REQUIRE(v != nullptr);
    REQUIRE(v->size() == 1);
    CHECK(v->front() == i);
  }
  CHECK(m.find("key5000") == nullptr);
  CHECK(m.find("key7") == nullptr);  // only "key7xxx…" was inserted
  CHECK(m.find(std::string("key0") + std::string(19, 'x')) == nullptr);
}
