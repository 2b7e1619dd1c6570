// The packed short-key table behind syllable lookups (lib/places/src/short_keys.h).
#include <doctest/doctest.h>

#include <string>

#include "short_keys.h"

using shilu::places::pack_short;
using shilu::places::ShortKeyMap;

TEST_CASE("pack_short tells apart every string of up to 8 bytes") {
  CHECK(pack_short("a") != pack_short("aa"));
  CHECK(pack_short("zhuang") != pack_short("zhuan"));
  CHECK(pack_short("l\xC3\xBC") != pack_short("lu"));  // "lü"
  CHECK(pack_short("abcdefgh") == pack_short(std::string("abcdefgh")));
}

TEST_CASE("ShortKeyMap stores keys of 1-8 bytes and finds them by string or packed key") {
  ShortKeyMap<int> m;
  CHECK(m.find("zhou") == nullptr);  // empty
  CHECK(m.insert("zhou", 1));
  CHECK(m.insert("zhuang", 2));
  CHECK(m.insert("l\xC3\xBC", 3));
  CHECK_FALSE(m.insert("", 4));           // empty: not storable
  CHECK_FALSE(m.insert("abcdefghi", 5));  // 9 bytes: not storable
  CHECK_FALSE(m.insert(std::string("a\0b", 3), 6));
  CHECK(m.size() == 3);
  REQUIRE(m.find("zhou") != nullptr);
  CHECK(*m.find("zhou") == 1);
  CHECK(*m.find_packed(pack_short("zhuang")) == 2);
  CHECK(*m.find("l\xC3\xBC") == 3);
  CHECK(m.find("zhu") == nullptr);
  CHECK(m.find("abcdefghi") == nullptr);
  m.insert("zhou", 9);  // a second insert overwrites
  CHECK(*m.find("zhou") == 9);
  CHECK(m.size() == 3);
}

TEST_CASE("ShortKeyMap keeps every key through growth") {
  ShortKeyMap<int> m;
  for (int i = 0; i < 3000; ++i) m.insert("k" + std::to_string(i), i);
  CHECK(m.size() == 3000);
  for (int i = 0; i < 3000; ++i) {
    const int* v = m.find("k" + std::to_string(i));
    REQUIRE(v != nullptr);
    CHECK(*v == i);
  }
  CHECK(m.find("k3000") == nullptr);
}
