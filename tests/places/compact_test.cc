// compact(): the lookup form of the gazetteer (lib/places/src/internal.h), on its fast
// ASCII path and its folding path.
#include <doctest/doctest.h>

#include <string>

#include "internal.h"

using shilu::places::compact;
using shilu::places::compact_into;

TEST_CASE("compact drops apostrophes, hyphens, spaces, dots and backquotes and lower-cases") {
  CHECK(compact("K'ai-feng") == "kaifeng");
  CHECK(compact("Huang He") == "huanghe");
  CHECK(compact("St. `Paul`") == "stpaul");
  CHECK(compact("") == "");
  CHECK(compact("'-. `") == "");
  CHECK(compact("Y\xC4\x93l\xC7\x9C Xi\xC3\xA9zh\xC4\x93n") == "yeluxiezhen");  // Yēlǜ Xiézhēn: folded
  CHECK(compact("K\xE2\x80\x99" "ai-feng") == "kaifeng");                       // ’ is an apostrophe
}

TEST_CASE("compact treats long ASCII like short ASCII (no folding: tabs stay)") {
  std::string long_word(70, 'A');
  CHECK(compact(long_word) == std::string(70, 'a'));
  CHECK(compact(long_word + "\tB-c") == std::string(70, 'a') + "\tbc");
  CHECK(compact("a\tB") == "a\tb");
  std::string out = "previous contents";
  compact_into("Kai Feng", out);
  CHECK(out == "kaifeng");
  compact_into("Y\xC4\x93l\xC7\x9C", out);
  CHECK(out == "yelu");
}
