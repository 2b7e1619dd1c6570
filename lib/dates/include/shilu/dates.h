// shilu/dates.h — Date mentions: Chinese era dates, lunar months, Gregorian years,
// seasons, ranges and narrative-relative dates.
//
//   auto ex = shilu::dates::Extractor::load("corpus/resources");   // Result<Extractor>
//   if (!ex) die(ex.error().to_string());                          // "file:line: message"
//   shilu::text::Tokenized t = shilu::text::tokenize(doc.text);
//   std::vector<shilu::Mention> ms = ex->extract(t, shilu::ExtractContext{});
//   // "In February of the third year of Jin Tianhui (1125), ..." gives two mentions:
//   //   {"calendar":"chinese","year":1125,"lunar_month":2,"era":{"name":"Tianhui",
//   //    "regime":"Jin (Jurchen)","year":3},"precision":"month","resolved_by":"era"}
//   //   {"calendar":"gregorian","year":1125,"precision":"year","resolved_by":"explicit"}
//
//   // The era table on its own (shilu eras lookup / convert):
//   auto tab = shilu::dates::EraTable::load("corpus/resources");
//   for (const Era* e : tab->lookup("T'ien-hui")) e->year_of(3);         // 1125
//   auto c = shilu::dates::convert(*tab, "Shaoxing 12 1 15");              // 1142-02-12 (Julian)
//
// Extract first, resolve later: the extractor finds partial dates (PartialDate) and then
// resolves them in document order with resolve(), a pure function of the partial date,
// a Context (latest explicit year, current era, document period) and the era table.
//
// Normalized value of a date mention (keys appear in this order when present):
//   calendar      "chinese" (era / lunar dates) or "gregorian"
//   year          Gregorian (Julian before 1582) year, astronomical (0 = 1 BCE, -220 = 221 BCE)
//   year_end      last year of a span ("the 1120s" has year_start/year_end and no year)
//   month         Gregorian month 1-12;  lunar_month 1-12 with leap true for 閏 months
//   day, season ("spring"…), part ("early", "mid", "late", "beginning", "end")
//   era           {"name","regime","year"}; jdn and iso when a lunar day was converted
//   precision     century|decade|year|season|month|day
//   resolved_by   explicit (a written Gregorian year) | era (era name + year) |
//                 context (relative to the narrative; the scorer ignores these)
//   candidates    [{"era","regime","year"}…] when several eras fit (flag kAmbiguous, no year)
//   conflict      {"written_year", "era_year"} when an adjacent written year disagrees;
//                 {"qualifier"} when no era of the named regime has that name
//   range         {"start","end"} on both halves of "1126-1127", "between 1126 and 1127"
//                 (two mentions, one per written year)
//   linked        {"begin","end"} byte span of the written year next to an era date
//   relative      {"years"} or {"days"} offset of a narrative-relative date
//   regnal_year   N of "the Nth year of the Jin Dynasty / of his reign" (no era name)
//
// Rule ids: date.era_year ("the third year of Jin Tianhui"), date.era_number ("Shaoxing 11"),
// date.era_hanzi ("紹興十一年十二月二十九日"),
// date.gregorian, date.gregorian_era (AD/BC), date.range, date.reign_span ("r. 1123-35"),
// date.decade, date.century, date.ordinal_year, date.regnal_year, date.relative,
// date.month, date.lunar_month, date.season, date.day.
//
// The extractor is immutable after load() and safe to share between threads.
//
// CONTRACT: load() and extract() are called by annotate/ (the pipeline); keep their
// signatures. Everything else in this header is the module's own.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shilu/core.h"
#include "shilu/text.h"

namespace shilu::dates {

// ---------------------------------------------------------------- era table
struct Era {
  std::string id;          // "jin.tianhui"
  std::string name;        // display pinyin: "Tianhui", "Taiping Xingguo"
  std::string hanzi;       // 天會
  std::string hanzi_simp;  // 天会
  std::string regime;      // "Jin (Jurchen)"
  std::string regime_zh;   // 金
  std::vector<std::string> emperor_temple;    // {"Taizong", "Xizong"}
  std::vector<std::string> emperor_personal;  // {"Wanyan Sheng", "Wanyan Dan"} (may be empty strings)
  int year1 = 0;           // Western year of era year 1
  int start_year = 0;      // first and last Western year in use
  int end_year = 0;
  int last_era_year = 0;   // number of era years
  int first_month = 0;     // lunar month the era began (0 = unknown)
  bool first_month_leap = false;
  std::string calendar;    // months.tsv calendar ("" = no month table)
  int tier = 0;            // 0 dominant regime, 1 other DDBC regime, 2 minor (zh-Wikipedia)
  std::string source;      // "ddbc" | "zhwiki"
  std::vector<std::string> variants;  // other spellings, incl. Wade-Giles

  int year_of(int era_year) const { return year1 + era_year - 1; }
};

// A day in the Julian (before 1582-10-15) or Gregorian calendar.
struct CivilDate {
  int year = 0, month = 0, day = 0;
  bool julian = false;
  std::string iso() const;  // "1142-01-27", "-0219-02-15"
};
CivilDate civil_from_jdn(long long jdn);
// JDN of a date in the Julian (julian=true) or Gregorian calendar.
long long jdn_from_civil(int year, int month, int day, bool julian);

class EraTable {
 public:
  // Reads <root>/eras/{eras,regimes,months}.tsv.
  static Result<EraTable> load(const std::filesystem::path& resources_root);

  const std::vector<Era>& eras() const;
  // Eras spelled `name` (any spelling: pinyin with or without spaces/apostrophes/tones,
  // Wade-Giles, characters); pinyin matches hide Wade-Giles-only matches.
  std::vector<const Era*> lookup(std::string_view name) const;
  // Like lookup(), but a leading regime qualifier narrows the result: "Jin Tianhui",
  // "Southern Song Jiading", "Liao Tianqing". Empty when nothing fits.
  std::vector<const Era*> lookup_phrase(std::string_view phrase) const;
  // Eras whose regime is `regime` (case-insensitive), else those named by the qualifier
  // word ("jin", "khitan", "Southern Song").
  std::vector<const Era*> by_regime(std::string_view regime_or_qualifier) const;
  // True when the folded qualifier ("jin", "western xia") names the era's regime.
  bool qualifies(const Era& e, std::string_view folded_qualifier) const;
  bool is_qualifier(std::string_view folded) const;
  // Match key of a spelling: folded, without spaces, hyphens and apostrophes.
  static std::string key(std::string_view spelling);
  // Day number of (era, era year, lunar month, leap, day) through the month table.
  std::optional<long long> to_jdn(const Era& e, int era_year, int month, bool leap, int day) const;

  EraTable(EraTable&&) noexcept;
  EraTable& operator=(EraTable&&) noexcept;
  ~EraTable();

 private:
  struct Impl;
  explicit EraTable(std::unique_ptr<Impl>);
  std::unique_ptr<Impl> impl_;
  friend class Extractor;
};

// "Shaoxing 12 1 15", "Jin Tianhui 3 L11 2", "紹興 12 1 15", "Tianhui 3" (year only):
// era [qualifier first], era year, lunar month (L/leap prefix for 閏), day. One result per
// fitting era; errors (kUsage) for an unknown era or a day outside the month.
struct Conversion {
  const Era* era = nullptr;
  int era_year = 0;
  int year = 0;  // Western year of the era year
  int month = 0;
  bool leap = false;
  int day = 0;
  std::optional<long long> jdn;   // set when month and day were given and converted
  std::optional<CivilDate> date;
  std::string note;               // why jdn is missing, if it is
};
Result<std::vector<Conversion>> convert(const EraTable& table, std::string_view spec);

// ---------------------------------------------------------------- resolution
// What a rule found, before the narrative context is applied.
struct PartialDate {
  enum class Kind : std::uint8_t {
    kEraYear,      // "the third year of Jin Tianhui", "Shaoxing 11"
    kGregorian,    // "1125", "AD 1004", "221 BC", a half of "1126-1127"
    kOrdinalYear,  // "the fifth year" (era from context)
    kRegnalYear,   // "the ninth year of the Jin Dynasty" (no era name)
    kRelative,     // "the following year", "two years later", "the next day", "that winter"
    kBare,         // "In February", "autumn", "the eleventh month of leap month"
    kDecade,       // "the 1120s"
    kCentury,      // "the twelfth century"
  };
  Kind kind = Kind::kBare;
  std::uint32_t begin = 0, end = 0;   // byte span
  std::string rule;
  std::string era_key;                // EraTable::key of the written era name
  std::string era_text;               // as written
  std::string qualifier;              // folded regime qualifier ("jin"), before or after
  std::vector<std::string> emperor_hint;  // ids of same-named eras whose emperor the sentence names
  int era_year = 0;                   // kEraYear, kOrdinalYear, kRegnalYear
  int year = 0;                       // kGregorian (astronomical), kDecade, kCentury (first year)
  int range_other = 0;                // the other year of "1126-1127" (0 = none)
  bool range_start = false;
  int offset_years = 0, offset_days = 0;  // kRelative
  bool day_unit = false;              // kRelative counted in days ("the same day", "the next day")
  int month = 0;                      // English month word
  int lunar_month = 0;                // "the first (lunar) month"
  bool leap = false;
  int day = 0;
  std::string season, part;
  int written_year = 0;               // a Gregorian year written right after ("(1125)")
  std::uint32_t written_begin = 0, written_end = 0;
};

struct Context {
  int anchor_year = 0;                // latest year in the narrative (0 = none)
  bool anchor_chinese = false;        // that year came from an era/lunar date
  const Era* era = nullptr;           // current era for "the fifth year"
  int doc_year_min = 0, doc_year_max = 0;  // explicit Gregorian years in the document
};

struct Resolved {
  Value normalized;
  std::uint8_t flags = 0;             // MentionFlag bits
  float score = 1.0f;
  const Era* era = nullptr;           // the era chosen, if any
  int year = 0;                       // 0 = unresolved
};

// Pure: the normalized value of `p` in context `ctx`.
Resolved resolve(const PartialDate& p, const Context& ctx, const EraTable& table);
// The context after `r` (what the next date in the narrative is relative to).
Context advance(const Context& ctx, const PartialDate& p, const Resolved& r);

// ---------------------------------------------------------------- extractor
class Extractor {
 public:
  // Reads corpus/resources/eras/ (eras, regimes, months, words).
  static Result<Extractor> load(const std::filesystem::path& resources_root);

  // Mentions in document order. Never fails; doubt goes into Mention flags.
  std::vector<Mention> extract(const text::Tokenized& t, const ExtractContext& ctx) const;

  // The partial dates before resolution (for tests and tools).
  std::vector<PartialDate> find(const text::Tokenized& t) const;

  const EraTable& eras() const;

  Extractor(Extractor&&) noexcept;
  Extractor& operator=(Extractor&&) noexcept;
  ~Extractor();

 private:
  struct Impl;
  explicit Extractor(std::unique_ptr<Impl>);
  std::unique_ptr<Impl> impl_;
};

}  // namespace shilu::dates
