// Disambiguation of homonymous place names (pure functions over a fixed context).
#include <algorithm>
#include <cmath>

#include "internal.h"

namespace shilu::places {

namespace {

bool kind_compatible(std::string_view hint, std::string_view kind) {
  if (hint.empty()) return true;
  auto in = [&](std::initializer_list<std::string_view> ks) {
    return std::find(ks.begin(), ks.end(), kind) != ks.end();
  };
  if (hint == "river") return in({"river", "canal"});
  if (hint == "mountain" || hint == "mountain_range") return in({"mountain", "mountain_range"});
  if (hint == "lake") return in({"lake"});
  if (hint == "pass") return in({"pass", "fortress"});
  if (hint == "province") return in({"province", "region", "circuit", "route"});
  if (hint == "circuit") return in({"circuit", "route", "region", "province"});
  if (hint == "county") return in({"county", "city", "prefecture", "town"});
  if (hint == "military_prefecture") return in({"military_prefecture"});
  if (hint == "prefecture" || hint == "superior_prefecture" || hint == "city" || hint == "commandery")
    return in({"prefecture", "superior_prefecture", "military_prefecture", "capital", "city", "county", "town"});
  return true;
}


bool regime_matches(std::string_view regimes, std::string_view r) {
  // "Northern Song|Jin" contains "Song" and "Jin" as words.
  std::size_t pos = 0;
  while ((pos = regimes.find(r, pos)) != std::string_view::npos) {
    bool left = pos == 0 || regimes[pos - 1] == '|' || regimes[pos - 1] == ' ';
    std::size_t e = pos + r.size();
    bool right = e == regimes.size() || regimes[e] == '|' || regimes[e] == ' ';
    if (left && right) return true;
    pos = e;
  }
  return false;
}

// Scores the readings at(0) … at(n-1): PlaceReading or gazetteer Entry, which share the
// fields read here.
template <class At>
std::vector<Ranked> rank_impl(std::size_t n, At at, const ResolveContext& ctx) {
  std::vector<Ranked> out;
  out.reserve(n);
  const bool period_known = ctx.year_min != 0 || ctx.year_max != 0;
  const int lo = ctx.year_min != 0 ? ctx.year_min : ctx.year_max;
  const int hi = ctx.year_max != 0 ? ctx.year_max : ctx.year_min;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = at(i);
    double s = 0;
    if (!kind_compatible(ctx.kind_hint, r.kind)) s -= 3;
    if (ctx.in_gloss) {
      if (r.modern_layer || r.end_year == 9999) s += 2;
    } else if (period_known) {
      int a = r.start_year != 0 ? r.start_year : -3000;
      int b = r.end_year != 0 ? r.end_year : 9999;
      if (r.modern_layer) s -= 0.5;  // a modern name in a historical text: possible, not preferred
      else if (r.start_year == 0 && r.end_year == 0) s += 0.5;
      else if (a <= hi && b >= lo) s += 2 + 0.3 * std::min(1.0, 100.0 / (b - a + 1));  // narrower = more specific
      else s -= 1.5;
    } else if (!r.modern_layer) {
      s += 0.25;
    }
    for (std::size_t q = 0; q < ctx.regimes.size(); ++q)
      if (regime_matches(r.regime, ctx.regimes[q])) { s += q < ctx.strong_regimes ? 1.0 : 0.3; break; }
    if (ctx.has_centroid && r.has_coords) s -= std::min(1.5, distance_km(ctx.lat, ctx.lon, r.lat, r.lon) / 800.0);
    if (!ctx.province_hint.empty() && r.province.find(ctx.province_hint) != std::string::npos) s += 1.5;
    // More important places first among equals: historical capitals and prefectures.
    if (r.kind == "capital") s += 0.1;
    out.push_back(Ranked{i, s});
  }
  std::stable_sort(out.begin(), out.end(), [](const Ranked& a, const Ranked& b) { return a.score > b.score; });
  return out;
}

}  // namespace

std::vector<Ranked> rank_readings(const std::vector<PlaceReading>& readings, const ResolveContext& ctx) {
  return rank_impl(readings.size(), [&](std::size_t i) -> const PlaceReading& { return readings[i]; }, ctx);
}

std::vector<Ranked> rank_entries(const Gazetteer::Impl& g, const std::vector<std::uint32_t>& entries,
                                 const ResolveContext& ctx) {
  return rank_impl(entries.size(), [&](std::size_t i) -> const Entry& { return g.entries[entries[i]]; }, ctx);
}

double distance_km(double la1, double lo1, double la2, double lo2) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  double dlat = (la2 - la1) * kRad, dlon = (lo2 - lo1) * kRad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(la1 * kRad) * std::cos(la2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 6371.0 * 2 * std::asin(std::min(1.0, std::sqrt(a)));
}

}  // namespace shilu::places
