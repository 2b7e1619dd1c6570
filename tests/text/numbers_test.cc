// Number parsing: cardinals (digits, words, mixed, myriads, vague magnitudes) and ordinals.
#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "shilu/text.h"

using shilu::text::Number;
using shilu::text::parse_number;
using shilu::text::parse_ordinal;
using shilu::text::tokenize;

namespace {

struct Parsed {
  std::optional<Number> n;
  std::string surface;  // text covered by [first_token, last_token)
};

// Parses at the first token of `s` and reports the covered surface.
Parsed number_at_start(const std::string& s, bool ordinal = false) {
  auto t = tokenize(s);
  Parsed p;
  p.n = ordinal ? parse_ordinal(t, 0) : parse_number(t, 0);
  if (p.n && p.n->last_token > p.n->first_token) {
    auto b = t.tokens[p.n->first_token].begin;
    auto e = t.tokens[p.n->last_token - 1].end;
    p.surface = s.substr(b, e - b);
  }
  return p;
}

void check_number(const std::string& s, double value, const std::string& surface, bool vague = false) {
  CAPTURE(s);
  Parsed p = number_at_start(s);
  REQUIRE(p.n.has_value());
  CHECK(p.n->value == doctest::Approx(value));
  CHECK(p.surface == surface);
  CHECK(p.n->vague == vague);
}

}  // namespace

TEST_CASE("digit numbers with thousands separators parse to their value") {
  check_number("20,000 men", 20000, "20,000");
  check_number("1,000,000 soldiers", 1000000, "1,000,000");
  check_number("300 archers", 300, "300");
  check_number("1.5 li", 1.5, "1.5");
  check_number("1126 was the year", 1126, "1126");
}

TEST_CASE("space-grouped digits join into one number") {
  check_number("20 000 troops", 20000, "20 000");
  check_number("1 200 000 people", 1200000, "1 200 000");
  SUBCASE("a four-digit lead does not join") { check_number("1126 300 men", 1126, "1126"); }
  SUBCASE("a two-digit group does not join") { check_number("20 00", 20, "20"); }
}

TEST_CASE("malformed digit grouping is not a number") {
  CHECK_FALSE(number_at_start("1,2,3 and so on").n.has_value());
  CHECK_FALSE(number_at_start("20,0000 men").n.has_value());
}

TEST_CASE("digits followed by a magnitude word multiply") {
  check_number("30 thousand men", 30000, "30 thousand");
  check_number("1.5 million people", 1500000, "1.5 million");
  check_number("3 hundred thousand troops", 300000, "3 hundred thousand");
  check_number("10 wan soldiers", 100000, "10 wan");
  check_number("100k troops", 100000, "100k");
}

TEST_CASE("spelled-out cardinals combine hundreds and thousands") {
  check_number("thirty thousand horsemen", 30000, "thirty thousand");
  check_number("three hundred thousand troops", 300000, "three hundred thousand");
  check_number("a hundred and twenty thousand men", 120000, "a hundred and twenty thousand");
  check_number("one million two hundred thousand people", 1200000, "one million two hundred thousand");
  check_number("two hundred archers", 200, "two hundred");
  check_number("thirty-five men", 35, "thirty-five");
  check_number("twenty five men", 25, "twenty five");
  check_number("Forty thousand cavalry", 40000, "Forty thousand");
  check_number("a thousand horsemen", 1000, "a thousand");
  check_number("two thousand five hundred and sixty men", 2560, "two thousand five hundred and sixty");
  check_number("hundred thousand troops", 100000, "hundred thousand");
}

TEST_CASE("a dozen counts twelve") {
  check_number("a dozen horsemen", 12, "a dozen");
  check_number("two dozen archers", 24, "two dozen");
  check_number("dozens of soldiers", 12, "dozens", true);
  CHECK_FALSE(number_at_start("dozen men").n.has_value());
}

TEST_CASE("ill-formed word sequences stop at the last good number") {
  check_number("five thirty men", 5, "five");
  check_number("twenty thirty men", 20, "twenty");
  check_number("five thousand and six thousand men", 5000, "five thousand");
  check_number("three hundred and the rest", 300, "three hundred");
}

TEST_CASE("myriads in translation count ten thousand each") {
  check_number("ten wan soldiers", 100000, "ten wan");
  check_number("two myriads of troops", 20000, "two myriads");
  check_number("a myriad men", 10000, "a myriad");
}

TEST_CASE("vague magnitudes are flagged and take their magnitude") {
  check_number("tens of thousands of soldiers", 10000, "tens of thousands", true);
  check_number("hundreds of thousands of people", 100000, "hundreds of thousands", true);
  check_number("thousands of refugees", 1000, "thousands", true);
  check_number("several thousand troops", 1000, "several thousand", true);
  check_number("a few hundred horsemen", 100, "a few hundred", true);
  check_number("several hundred thousand men", 100000, "several hundred thousand", true);
  check_number("Tens of thousands died", 10000, "Tens of thousands", true);
  check_number("many thousands of men", 1000, "many thousands", true);
  check_number("myriads of soldiers", 10000, "myriads", true);
}

TEST_CASE("a lone article or quantifier is never a number") {
  CHECK_FALSE(number_at_start("a man").n.has_value());
  CHECK_FALSE(number_at_start("an army").n.has_value());
  CHECK_FALSE(number_at_start("several men").n.has_value());
  CHECK_FALSE(number_at_start("some 20,000 men").n.has_value());
  CHECK_FALSE(number_at_start("tens of men").n.has_value());
  CHECK_FALSE(number_at_start("scores were killed").n.has_value());
  CHECK_FALSE(number_at_start("army").n.has_value());
  CHECK_FALSE(number_at_start(", 300").n.has_value());
}

TEST_CASE("an ordinal suffix makes a digit token an ordinal, not a cardinal") {
  CHECK_FALSE(number_at_start("12th month").n.has_value());
  CHECK_FALSE(number_at_start("twelfth month").n.has_value());
}

TEST_CASE("parse_number works in the middle of a sentence") {
  std::string s = "He led thirty thousand men and 5,000 horsemen.";
  auto t = tokenize(s);
  auto a = parse_number(t, 2);
  REQUIRE(a);
  CHECK(a->value == 30000);
  CHECK(a->first_token == 2);
  CHECK(a->last_token == 4);
  CHECK(a->words);
  auto b = parse_number(t, 6);
  REQUIRE(b);
  CHECK(b->value == 5000);
  CHECK_FALSE(b->words);
  CHECK_FALSE(parse_number(t, 0).has_value());
  CHECK_FALSE(parse_number(t, 100).has_value());
}

TEST_CASE("ordinals in words, hyphenated, spaced and digits") {
  auto check = [](const std::string& s, double v, const std::string& surface) {
    CAPTURE(s);
    Parsed p = number_at_start(s, true);
    REQUIRE(p.n.has_value());
    CHECK(p.n->value == v);
    CHECK(p.surface == surface);
  };
  check("first month", 1, "first");
  check("third year", 3, "third");
  check("Twelfth year", 12, "Twelfth");
  check("twenty-first day", 21, "twenty-first");
  check("twenty first day", 21, "twenty first");
  check("ninetieth", 90, "ninetieth");
  check("12th month", 12, "12th");
  check("1st day", 1, "1st");
  check("2nd year", 2, "2nd");
  check("3rd year", 3, "3rd");
  check("99th", 99, "99th");
  SUBCASE("non-ordinals") {
    CHECK_FALSE(number_at_start("twenty men", true).n.has_value());
    CHECK_FALSE(number_at_start("12 men", true).n.has_value());
    CHECK_FALSE(number_at_start("100th", true).n.has_value());
    CHECK_FALSE(number_at_start("0th", true).n.has_value());
    CHECK_FALSE(number_at_start("firstly", true).n.has_value());
  }
}

TEST_CASE("single number words map to their values") {
  using shilu::text::cardinal_word_value;
  using shilu::text::ordinal_word_value;
  CHECK(cardinal_word_value("seven") == 7);
  CHECK(cardinal_word_value("thousand") == 1000);
  CHECK(cardinal_word_value("wan") == 10000);
  CHECK(cardinal_word_value("thirty-five") == 35);
  CHECK(cardinal_word_value("seventh") == -1);
  CHECK(cardinal_word_value("five-thirty") == -1);
  CHECK(cardinal_word_value("army") == -1);
  CHECK(ordinal_word_value("seventh") == 7);
  CHECK(ordinal_word_value("twenty-first") == 21);
  CHECK(ordinal_word_value("first-twenty") == -1);
  CHECK(ordinal_word_value("seven") == -1);
}

TEST_CASE("every number word is found; near misses and other words are not") {
  using shilu::text::cardinal_word_value;
  using shilu::text::ordinal_word_value;
  const char* cardinals[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                             "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                             "eighteen", "nineteen", "twenty", "thirty", "forty", "fourty", "fifty", "sixty",
                             "seventy", "eighty", "ninety", "hundred", "thousand", "wan", "myriad", "myriads",
                             "million", "billion"};
  for (const char* w : cardinals) CHECK_MESSAGE(cardinal_word_value(w) >= 0, w);
  const char* ordinals[] = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                            "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
                            "seventeenth", "eighteenth", "nineteenth", "twentieth", "thirtieth", "fortieth",
                            "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"};
  for (const char* w : ordinals) CHECK_MESSAGE(ordinal_word_value(w) >= 1, w);
  for (const char* w : {"the", "then", "tone", "Seven", "seven.", "sevens", "", "-", "one-", "x", "tenths",
                        "wane", "thousands"})
    CHECK_MESSAGE(cardinal_word_value(w) == -1, w);
  CHECK(ordinal_word_value("Third") == -1);
  CHECK(ordinal_word_value("thirds") == -1);
  CHECK(cardinal_word_value("twenty-two") == 22);
  CHECK(ordinal_word_value("ninety-ninth") == 99);
}

TEST_CASE("half a million is five hundred thousand") {
  auto t = shilu::text::tokenize("perhaps half a million fighting men");
  auto v = shilu::text::parse_number(t, 1);
  REQUIRE(v.has_value());
  CHECK(v->value == 500000);
  CHECK(v->last_token == 4);
  CHECK(!shilu::text::parse_number(t, 0).has_value());
}
