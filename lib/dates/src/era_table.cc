// Era table: eras.tsv, regimes.tsv and months.tsv; spelling keys; lunar-date conversion.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "dates_internal.h"
#include "shilu/dates.h"

namespace shilu::dates {

// ---------------------------------------------------------------- civil dates
long long jdn_from_civil(int year, int month, int day, bool julian) {
  long long a = (14 - month) / 12;
  long long y = static_cast<long long>(year) + 4800 - a;
  long long m = month + 12 * a - 3;
  long long base = day + (153 * m + 2) / 5 + 365 * y + y / 4;
  return julian ? base - 32083 : base - y / 100 + y / 400 - 32045;
}

CivilDate civil_from_jdn(long long jdn) {
  CivilDate out;
  long long b = 0, c = 0;
  if (jdn >= 2299161) {  // 1582-10-15 Gregorian
    long long a = jdn + 32044;
    b = (4 * a + 3) / 146097;
    c = a - 146097 * b / 4;
  } else {
    out.julian = true;
    c = jdn + 32082;
  }
  long long d = (4 * c + 3) / 1461;
  long long e = c - 1461 * d / 4;
  long long m = (5 * e + 2) / 153;
  out.day = static_cast<int>(e - (153 * m + 2) / 5 + 1);
  out.month = static_cast<int>(m + 3 - 12 * (m / 10));
  out.year = static_cast<int>(100 * b + d - 4800 + m / 10);
  return out;
}

std::string CivilDate::iso() const {
  char buf[32];
  if (year < 0)
    std::snprintf(buf, sizeof buf, "-%04d-%02d-%02d", -year, month, day);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// ---------------------------------------------------------------- helpers
namespace detail {

bool parse_int(std::string_view s, int& out) {
  s = trim(s);
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool parse_ll(std::string_view s, long long& out) {
  s = trim(s);
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace detail

std::string EraTable::key(std::string_view spelling) {
  std::string f = text::fold(spelling);
  std::string out;
  out.reserve(f.size());
  for (char c : f)
    if (c != ' ' && c != '-' && c != '\'' && c != '.') out += c;
  return out;
}

namespace {

struct MonthRec {
  int month = 0;
  int leap = 0;  // 0, 1 閏, 2 後
  long long day1 = 0;
  int days = 0;
};

std::string month_key(std::string_view calendar, int year) {
  std::string k(calendar);
  k += '\t';
  k += std::to_string(year);
  return k;
}

std::vector<std::string> split_bar(std::string_view s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  for (std::string_view p : split(s, '|')) out.emplace_back(p);
  return out;
}

}  // namespace

struct EraTable::Impl {
  std::vector<Era> eras;
  std::unordered_map<std::string, std::vector<std::size_t>> primary;    // pinyin, hanzi
  std::unordered_map<std::string, std::vector<std::size_t>> secondary;  // Wade-Giles and other
  std::unordered_map<std::string, std::vector<std::string>> qualifier_regimes;  // "jin" -> regimes
  std::unordered_map<std::string, std::vector<MonthRec>> months;

  static void add(std::unordered_map<std::string, std::vector<std::size_t>>& m, const std::string& k,
                  std::size_t i) {
    if (k.empty()) return;
    auto& v = m[k];
    if (std::find(v.begin(), v.end(), i) == v.end()) v.push_back(i);
  }
};

EraTable::EraTable(std::unique_ptr<Impl> p) : impl_(std::move(p)) {}
EraTable::EraTable(EraTable&&) noexcept = default;
EraTable& EraTable::operator=(EraTable&&) noexcept = default;
EraTable::~EraTable() = default;

const std::vector<Era>& EraTable::eras() const { return impl_->eras; }

Result<EraTable> EraTable::load(const std::filesystem::path& root) {
  auto impl = std::make_unique<Impl>();
  const auto dir = root / "eras";
  using detail::parse_int;
  using detail::parse_ll;

  // eras.tsv
  auto et = read_tsv(dir / "eras.tsv", {"id", "era", "hanzi", "regime", "year1", "start_year", "end_year",
                                        "last_era_year", "first_month", "tier", "variants"});
  if (!et) return et.error();
  std::unordered_set<std::string> ids;
  for (const auto& row : et->rows) {
    Era e;
    e.id = std::string(et->cell(row, "id"));
    e.name = std::string(et->cell(row, "era"));
    e.hanzi = std::string(et->cell(row, "hanzi"));
    e.hanzi_simp = std::string(et->cell(row, "hanzi_simp"));
    e.regime = std::string(et->cell(row, "regime"));
    e.regime_zh = std::string(et->cell(row, "regime_zh"));
    e.emperor_temple = split_bar(et->cell(row, "emperor_temple"));
    e.emperor_personal = split_bar(et->cell(row, "emperor_personal"));
    e.calendar = std::string(et->cell(row, "calendar"));
    e.source = std::string(et->cell(row, "source"));
    e.variants = split_bar(et->cell(row, "variants"));
    if (e.id.empty() || e.name.empty() || e.regime.empty())
      return make_error(ErrorCode::kFormat, "empty id, era or regime", et->path, row.line);
    if (!ids.insert(e.id).second)
      return make_error(ErrorCode::kFormat, "duplicate era id '" + e.id + "'", et->path, row.line);
    if (!parse_int(et->cell(row, "year1"), e.year1) || !parse_int(et->cell(row, "start_year"), e.start_year) ||
        !parse_int(et->cell(row, "end_year"), e.end_year) ||
        !parse_int(et->cell(row, "last_era_year"), e.last_era_year) || !parse_int(et->cell(row, "tier"), e.tier))
      return make_error(ErrorCode::kFormat, "bad year, span or tier for era '" + e.id + "'", et->path, row.line);
    std::string_view fm = et->cell(row, "first_month");
    if (!fm.empty()) {
      if (fm.front() == 'L') {
        e.first_month_leap = true;
        fm.remove_prefix(1);
      }
      if (!parse_int(fm, e.first_month) || e.first_month < -2 || e.first_month > 12)
        return make_error(ErrorCode::kFormat, "bad first_month for era '" + e.id + "'", et->path, row.line);
    }
    if (e.last_era_year < 1 || e.end_year < e.start_year)
      return make_error(ErrorCode::kFormat, "inconsistent span for era '" + e.id + "'", et->path, row.line);
    impl->eras.push_back(std::move(e));
  }
  for (std::size_t i = 0; i < impl->eras.size(); ++i) {
    const Era& e = impl->eras[i];
    const std::string main = key(e.name);
    Impl::add(impl->primary, main, i);
    Impl::add(impl->primary, key(e.hanzi), i);
    Impl::add(impl->primary, key(e.hanzi_simp), i);
    for (const auto& v : e.variants) {
      std::string k = key(v);
      Impl::add(k == main ? impl->primary : impl->secondary, k, i);
    }
  }

  // regimes.tsv
  auto rt = read_tsv(dir / "regimes.tsv", {"regime", "qualifiers"});
  if (!rt) return rt.error();
  for (const auto& row : rt->rows) {
    std::string regime(rt->cell(row, "regime"));
    if (regime.empty()) return make_error(ErrorCode::kFormat, "empty regime", rt->path, row.line);
    for (const auto& q : split_bar(rt->cell(row, "qualifiers"))) {
      auto& v = impl->qualifier_regimes[text::fold(q)];
      if (std::find(v.begin(), v.end(), regime) == v.end()) v.push_back(regime);
    }
  }

  // months.tsv
  auto mt = read_tsv(dir / "months.tsv", {"calendar", "year", "first_jdn", "months"});
  if (!mt) return mt.error();
  for (const auto& row : mt->rows) {
    int year = 0;
    long long jdn = 0;
    if (!parse_int(mt->cell(row, "year"), year) || !parse_ll(mt->cell(row, "first_jdn"), jdn))
      return make_error(ErrorCode::kFormat, "bad year or first_jdn", mt->path, row.line);
    std::vector<MonthRec> ms;
    for (std::string_view tok : split(mt->cell(row, "months"), ' ')) {
      if (tok.empty()) continue;
      MonthRec m;
      if (tok.front() == 'L' || tok.front() == 'H') {
        m.leap = tok.front() == 'L' ? 1 : 2;
        tok.remove_prefix(1);
      }
      auto colon = tok.find(':');
      auto at = tok.find('@');
      if (colon == std::string_view::npos)
        return make_error(ErrorCode::kFormat, "month token without ':'", mt->path, row.line);
      std::string_view days = tok.substr(colon + 1, at == std::string_view::npos ? std::string_view::npos
                                                                                 : at - colon - 1);
      if (at != std::string_view::npos && !parse_ll(tok.substr(at + 1), jdn))
        return make_error(ErrorCode::kFormat, "bad @JDN in month token", mt->path, row.line);
      if (!parse_int(tok.substr(0, colon), m.month) || !parse_int(days, m.days) || m.days < 1 || m.days > 31)
        return make_error(ErrorCode::kFormat, "bad month token '" + std::string(tok) + "'", mt->path, row.line);
      m.day1 = jdn;
      jdn += m.days;
      ms.push_back(m);
    }
    impl->months[month_key(mt->cell(row, "calendar"), year)] = std::move(ms);
  }
  return EraTable(std::move(impl));
}

std::vector<const Era*> EraTable::lookup(std::string_view name) const {
  std::vector<const Era*> out;
  const std::string k = key(name);
  const std::vector<std::size_t>* hits = nullptr;
  if (auto it = impl_->primary.find(k); it != impl_->primary.end())
    hits = &it->second;
  else if (auto it2 = impl_->secondary.find(k); it2 != impl_->secondary.end())
    hits = &it2->second;
  if (!hits) return out;
  for (std::size_t i : *hits) out.push_back(&impl_->eras[i]);
  return out;
}

std::vector<const Era*> EraTable::lookup_phrase(std::string_view phrase) const {
  std::vector<std::string_view> words;
  for (std::string_view w : split(trim(phrase), ' '))
    if (!w.empty()) words.push_back(w);
  for (std::size_t q = 0; q < words.size(); ++q) {
    std::string name, qual;
    for (std::size_t k = 0; k < words.size(); ++k) {
      std::string& dst = k < q ? qual : name;
      if (!dst.empty()) dst += ' ';
      dst += words[k];
    }
    auto cands = lookup(name);
    if (cands.empty()) continue;
    if (q == 0) return cands;
    const std::string fq = text::fold(qual);
    if (!is_qualifier(fq)) continue;
    std::vector<const Era*> kept;
    for (const Era* e : cands)
      if (qualifies(*e, fq)) kept.push_back(e);
    return kept;
  }
  return {};
}

bool EraTable::is_qualifier(std::string_view folded) const {
  return impl_->qualifier_regimes.count(std::string(folded)) > 0;
}

bool EraTable::qualifies(const Era& e, std::string_view folded_qualifier) const {
  auto it = impl_->qualifier_regimes.find(std::string(folded_qualifier));
  if (it == impl_->qualifier_regimes.end()) return text::fold(e.regime) == folded_qualifier;
  return std::find(it->second.begin(), it->second.end(), e.regime) != it->second.end();
}

std::vector<const Era*> EraTable::by_regime(std::string_view regime_or_qualifier) const {
  std::vector<const Era*> out;
  const std::string f = text::fold(regime_or_qualifier);
  for (const Era& e : impl_->eras)
    if (text::fold(e.regime) == f) out.push_back(&e);
  if (!out.empty()) return out;  // an exact regime name wins over a qualifier word
  for (const Era& e : impl_->eras)
    if (qualifies(e, f)) out.push_back(&e);
  return out;
}

std::optional<long long> EraTable::to_jdn(const Era& e, int era_year, int month, bool leap, int day) const {
  if (e.calendar.empty() || era_year < 1 || day < 1 || day > 30) return std::nullopt;
  auto it = impl_->months.find(month_key(e.calendar, e.year_of(era_year)));
  if (it == impl_->months.end()) return std::nullopt;
  for (const MonthRec& m : it->second)
    if (m.month == month && (m.leap != 0) == leap) {
      if (day > m.days) return std::nullopt;
      return m.day1 + day - 1;
    }
  return std::nullopt;
}

// ---------------------------------------------------------------- convert
Result<std::vector<Conversion>> convert(const EraTable& table, std::string_view spec) {
  std::vector<std::string_view> words;
  for (std::string_view w : split(trim(spec), ' '))
    if (!w.empty()) words.push_back(w);
  // Leading words up to the first number are the (qualifier +) era name.
  // ("L11" is a leap month only after the year; era names never start with a digit.)
  std::size_t n = 0;
  while (n < words.size() && !(words[n][0] >= '0' && words[n][0] <= '9')) ++n;
  if (n == 0) return make_error(ErrorCode::kUsage, "expected an era name first: \"Shaoxing 12 1 15\"");
  std::string phrase;
  for (std::size_t k = 0; k < n; ++k) phrase += (k ? " " : "") + std::string(words[k]);
  std::vector<const Era*> cands = table.lookup_phrase(phrase);
  if (cands.empty()) return make_error(ErrorCode::kUsage, "unknown era name '" + phrase + "'");
  int nums[3] = {0, 0, 0};
  bool leap = false;
  std::size_t got = 0;
  for (std::size_t k = n; k < words.size(); ++k) {
    std::string_view w = words[k];
    if (got == 1 && (w == "leap" || w == "L" || w == "閏" || w == "闰")) {
      leap = true;
      continue;
    }
    if (got == 1 && (w.front() == 'L' || w.front() == 'l')) {
      leap = true;
      w.remove_prefix(1);
    }
    if (got >= 3 || !detail::parse_int(w, nums[got]))
      return make_error(ErrorCode::kUsage, "expected ERA YEAR [MONTH [DAY]], got \"" + std::string(spec) + "\"");
    ++got;
  }
  if (got == 0) return make_error(ErrorCode::kUsage, "missing the era year");
  if (nums[0] < 1 || (got > 1 && (nums[1] < 1 || nums[1] > 12)) || (got > 2 && (nums[2] < 1 || nums[2] > 30)))
    return make_error(ErrorCode::kUsage, "era year, month or day out of range");
  std::vector<Conversion> out;
  for (const Era* e : cands) {
    Conversion c;
    c.era = e;
    c.era_year = nums[0];
    c.year = e->year_of(nums[0]);
    c.month = nums[1];
    c.leap = leap;
    c.day = nums[2];
    if (nums[0] > e->last_era_year)
      c.note = "era year beyond the era's " + std::to_string(e->last_era_year) + " years";
    if (got == 3) {
      c.jdn = table.to_jdn(*e, nums[0], nums[1], leap, nums[2]);
      if (c.jdn)
        c.date = civil_from_jdn(*c.jdn);
      else if (c.note.empty())
        c.note = e->calendar.empty() ? "no month table for this regime" : "no such day in the month table";
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace shilu::dates
