// Private declarations shared by the dates sources.
#pragma once

#include <climits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "shilu/dates.h"

namespace shilu::dates::detail {

bool parse_int(std::string_view s, int& out);
bool parse_ll(std::string_view s, long long& out);

// What words.tsv says about one folded word (a word may have several kinds).
struct WordInfo {
  int month = 0;              // month 1-12
  std::string season;         // season word
  std::string season_part;    // "mid" for midsummer (season in `season`)
  std::string part;           // early|mid|late|beginning|end
  bool era_word = false;      // era, reign, period
  bool regime_word = false;   // dynasty, kingdom, court
  int relative = INT_MIN;     // following +1, previous -1, same/that 0
  std::string relative_noun;  // year|day|month
  bool lunar = false, leap = false, first_year = false, bce = false, ce = false;
  bool not_year = false, year_prep = false, year_follow = false, not_year_before = false;
  bool count_before = false;
};

using WordMap = StringMap<WordInfo>;
using KeySet = StringMap<std::uint8_t>;  // a set: every value is 1

Result<WordMap> load_words(const std::filesystem::path& file);

}  // namespace shilu::dates::detail
