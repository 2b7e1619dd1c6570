#include <doctest/doctest.h>

#include "shilu/text.h"

using namespace shilu::text;

namespace {
std::vector<std::string> words(std::string_view s) {
  auto t = tokenize(s);
  std::vector<std::string> out;
  for (const auto& tok : t.tokens) out.emplace_back(t.view(tok));
  return out;
}
std::vector<std::string> sentences(std::string_view s) {
  auto t = tokenize(s);
  std::vector<std::string> out;
  for (const auto& se : t.sentences) out.emplace_back(s.substr(se.begin, se.end - se.begin));
  return out;
}
}  // namespace

TEST_CASE("Wade-Giles apostrophes and hyphens stay inside name tokens") {
  SUBCASE("straight apostrophe") { CHECK(words("K'ai-feng fell") == std::vector<std::string>{"K'ai-feng", "fell"}); }
  SUBCASE("right single quote") { CHECK(words("Ch’in Kuei") == std::vector<std::string>{"Ch’in", "Kuei"}); }
  SUBCASE("left single quote") { CHECK(words("Ch‘ao") == std::vector<std::string>{"Ch‘ao"}); }
  SUBCASE("modifier letter turned comma") { CHECK(words("Tʻai-tsung") == std::vector<std::string>{"Tʻai-tsung"}); }
  SUBCASE("hyphen and diaeresis") { CHECK(words("Yeh-lü Ta-shih") == std::vector<std::string>{"Yeh-lü", "Ta-shih"}); }
  SUBCASE("Wan-yen") { CHECK(words("Wan-yen A-ku-ta,") == std::vector<std::string>{"Wan-yen", "A-ku-ta", ","}); }
  SUBCASE("possessive is split off") {
    CHECK(words("Liao's reign") == std::vector<std::string>{"Liao", "'", "s", "reign"});
    CHECK(words("Tianqing’s reign") == std::vector<std::string>{"Tianqing", "’", "s", "reign"});
  }
  SUBCASE("pinyin apostrophe") { CHECK(words("Xi'an") == std::vector<std::string>{"Xi'an"}); }
}

TEST_CASE("numbers keep separators and decimals; ranges are split at the dash") {
  CHECK(words("20,000 men") == std::vector<std::string>{"20,000", "men"});
  CHECK(words("1126-1127") == std::vector<std::string>{"1126", "-", "1127"});
  CHECK(words("1126–27") == std::vector<std::string>{"1126", "–", "27"});
  CHECK(words("1.5 million") == std::vector<std::string>{"1.5", "million"});
  CHECK(words("the 12th year") == std::vector<std::string>{"the", "12th", "year"});
  CHECK(words("(1125).") == std::vector<std::string>{"(", "1125", ")", "."});
  auto t = tokenize("20,000");
  CHECK(t.tokens[0].kind == TokenKind::kNumber);
}

TEST_CASE("token flags mark capitals, all caps and non-ASCII") {
  auto t = tokenize("YELU Xiezhen yelü");
  REQUIRE(t.tokens.size() == 3);
  CHECK((t.tokens[0].flags & kAllCaps));
  CHECK(t.tokens[1].capitalized());
  CHECK(!(t.tokens[1].flags & kAllCaps));
  CHECK((t.tokens[2].flags & kNonAscii));
  CHECK(!t.tokens[2].capitalized());
}

TEST_CASE("CJK characters and emoji are single symbol tokens") {
  auto t = tokenize("耶律😀x");
  REQUIRE(t.tokens.size() == 4);
  CHECK(t.tokens[0].kind == TokenKind::kSymbol);
  CHECK(t.view(2) == "😀");
}

TEST_CASE("sentences do not break after abbreviations, initials or decimals") {
  CHECK(sentences("Aguda (r. 1115-23) founded Jin. He died in 1123.") ==
        std::vector<std::string>{"Aguda (r. 1115-23) founded Jin.", "He died in 1123."});
  CHECK(sentences("See A. Waley on this. Then Jin fell.") ==
        std::vector<std::string>{"See A. Waley on this.", "Then Jin fell."});
  CHECK(sentences("The St. Petersburg copy, ca. 1200, has 1.5 pages. It survives.") ==
        std::vector<std::string>{"The St. Petersburg copy, ca. 1200, has 1.5 pages.", "It survives."});
  CHECK(sentences("He said \"Go!\" Then he left.") ==
        std::vector<std::string>{"He said \"Go!\"", "Then he left."});
}

TEST_CASE("line breaks end headings but not hard-wrapped sentences") {
  CHECK(sentences("Background\nThe war began.") == std::vector<std::string>{"Background", "The war began."});
  CHECK(sentences("the army of\nthe Jin crossed.") == std::vector<std::string>{"the army of\nthe Jin crossed."});
  CHECK(sentences("one\n\ntwo") == std::vector<std::string>{"one", "two"});
}

TEST_CASE("sentence_of and token_at_or_after find positions") {
  auto t = tokenize("Jin rose. Liao fell.");
  CHECK(t.sentence_of(0) == 0);
  CHECK(t.sentence_of(3) == 1);
  CHECK(t.token_at_or_after(4) == 1);
}

TEST_CASE("fold strips tone marks and diacritics and unifies look-alikes") {
  CHECK(fold("Yēlǜ Xiézhēn") == "yelu xiezhen");
  CHECK(fold("Yelü") == "yelu");
  CHECK(fold("K’ai-feng") == "k'ai-feng");
  CHECK(fold("Tʻai‐tsung") == "t'ai-tsung");
  CHECK(fold("  WAN   Yen ") == "wan yen");
  CHECK(fold("Hsü") == "hsu");
  CHECK(fold("ê") == "e");
  CHECK(fold_compact("Yeh-lü Ta-shih") == "yehlutashih");
}

TEST_CASE("nfc composes combining diaeresis") {
  CHECK(nfc("Yelu\xCC\x88") == "Yel\xC3\xBC");
  CHECK(nfc("plain") == "plain");
}

TEST_CASE("folded word table: fold() of every word token, computed once") {
  const std::string s =
      "Yēlǜ Xiézhēn's ARMY met K’ai-feng, Ch`in Kuei and Wan-yen A-ku-ta in 1126; STRAẞE Æthelred Ø.";
  auto t = tokenize(s);
  REQUIRE(t.has_folded());
  for (std::size_t i = 0; i < t.tokens.size(); ++i) {
    if (t.tokens[i].is_word()) CHECK(t.folded(i) == fold(t.view(i)));
    else CHECK(t.folded(i).empty());
  }
  CHECK(t.folded(0) == "yelu");
  CHECK(t.folded(t.tokens.size()) == "");  // out of range
  Tokenized by_hand;
  by_hand.text = "Song";
  by_hand.tokens.push_back(Token{0, 4, TokenKind::kWord, kCapitalized});
  CHECK_FALSE(by_hand.has_folded());
  CHECK(by_hand.folded(0).empty());
}

TEST_CASE("fold_append appends fold() and trims only what it appended") {
  std::string out = "x ";
  fold_append(out, "  Ch’ÊN  Yü  ");
  CHECK(out == "x ch'en yu");
  std::string empty;
  fold_append(empty, " \t ");
  CHECK(empty.empty());
  CHECK(fold("  Ch’ÊN  Yü  ") == "ch'en yu");
}
