// resolve(): partial date + narrative context -> normalized value. Pure functions.
#include <algorithm>
#include <cstdlib>

#include "dates_internal.h"
#include "shilu/dates.h"

namespace shilu::dates {
namespace {

using Kind = PartialDate::Kind;

// A year close to the document's period, for choosing among same-named eras.
int anchor_of(const PartialDate& p, const Context& ctx) {
  if (p.written_year) return p.written_year;
  if (ctx.anchor_year) return ctx.anchor_year;
  if (ctx.doc_year_min && ctx.doc_year_max) return (ctx.doc_year_min + ctx.doc_year_max) / 2;
  return 0;
}

Value era_value(const Era& e, int era_year) {
  Value v;
  v["name"] = e.name;
  v["regime"] = e.regime;
  v["year"] = era_year;
  return v;
}

// Month, day, season and part fields shared by all kinds.
void add_parts(const PartialDate& p, bool chinese, Value& v) {
  if (p.lunar_month) {
    v["lunar_month"] = p.lunar_month;
    if (p.leap) v["leap"] = true;
  } else if (p.month) {
    // An English month word inside a Chinese-calendar date translates 二月 etc.
    v[chinese ? "lunar_month" : "month"] = p.month;
    if (chinese && p.leap) v["leap"] = true;
  } else if (p.leap) {
    v["leap"] = true;
  }
  if (p.day) v["day"] = p.day;
  if (!p.season.empty()) v["season"] = p.season;
  if (!p.part.empty()) v["part"] = p.part;
}

const char* precision_of(const PartialDate& p) {
  if (p.day || p.offset_days || p.day_unit) return "day";
  if (p.month || p.lunar_month) return "month";
  if (!p.season.empty()) return "season";
  return "year";
}

// Chooses among eras of the same name. Returns the chosen era (nullptr when ambiguous)
// and fills `cands` with the eras still in the running.
const Era* choose_era(const PartialDate& p, const Context& ctx, const EraTable& table,
                      std::vector<const Era*>& cands, Value& conflict) {
  cands = table.lookup(p.era_key);
  if (cands.empty()) return nullptr;
  if (!p.qualifier.empty()) {
    std::vector<const Era*> kept;
    for (const Era* e : cands)
      if (table.qualifies(*e, p.qualifier)) kept.push_back(e);
    if (kept.empty())
      conflict["qualifier"] = p.qualifier;
    else
      cands.swap(kept);
  }
  if (p.written_year) {
    std::vector<const Era*> exact, near;
    for (const Era* e : cands) {
      int d = std::abs(e->year_of(p.era_year) - p.written_year);
      if (d == 0) exact.push_back(e);
      if (d <= 1) near.push_back(e);
    }
    if (!exact.empty())
      cands.swap(exact);
    else if (!near.empty())
      cands.swap(near);
  }
  if (cands.size() == 1) return cands[0];
  // Cost: distance from the narrative's period plus a penalty for minor regimes.
  const int anchor = anchor_of(p, ctx);
  // A year number beyond the era's length counts against it, but less than obscurity.
  auto cost = [&](const Era* e) {
    int c = e->tier * 40;
    if (p.era_year > e->last_era_year) c += 30;
    if (std::find(p.emperor_hint.begin(), p.emperor_hint.end(), e->id) != p.emperor_hint.end()) c -= 60;
    if (anchor) c += std::min(std::abs(e->year_of(p.era_year) - anchor), 400);
    return c;
  };
  std::stable_sort(cands.begin(), cands.end(), [&](const Era* a, const Era* b) { return cost(a) < cost(b); });
  const int best = cost(cands[0]);
  if (cost(cands[1]) - best <= 5 && cands[1]->year_of(p.era_year) != cands[0]->year_of(p.era_year))
    return nullptr;
  return cands[0];
}

}  // namespace

Resolved resolve(const PartialDate& p, const Context& ctx, const EraTable& table) {
  Resolved r;
  Value& v = r.normalized;
  switch (p.kind) {
    case Kind::kEraYear: {
      std::vector<const Era*> cands;
      Value conflict;
      const Era* e = choose_era(p, ctx, table, cands, conflict);
      v["calendar"] = "chinese";
      if (e) {
        r.year = e->year_of(p.era_year);
        r.era = e;
        v["year"] = r.year;
      }
      add_parts(p, true, v);
      if (e) {
        v["era"] = era_value(*e, p.era_year);
        const int month = p.lunar_month ? p.lunar_month : p.month;
        if (p.day && month) {
          if (auto jdn = table.to_jdn(*e, p.era_year, month, p.leap, p.day)) {
            v["jdn"] = static_cast<long long>(*jdn);
            v["iso"] = civil_from_jdn(*jdn).iso();
          }
        }
      } else {
        Value ev;
        ev["name"] = p.era_text;
        ev["year"] = p.era_year;
        v["era"] = std::move(ev);
      }
      v["precision"] = precision_of(p);
      v["resolved_by"] = "era";
      if (!e || cands.size() > 1) {
        Value list{Value::Array{}};
        for (const Era* c : cands) {
          Value cv;
          cv["era"] = c->name;
          cv["regime"] = c->regime;
          cv["year"] = c->year_of(p.era_year);
          list.push_back(std::move(cv));
        }
        if (!e) {
          v["candidates"] = std::move(list);
          r.flags |= kAmbiguous;
          r.score = 0.5f;
        }
      }
      if (e && p.written_year && p.written_year != r.year) {
        conflict["written_year"] = p.written_year;
        conflict["era_year"] = r.year;
      }
      if (!conflict.is_null()) v["conflict"] = std::move(conflict);
      break;
    }
    case Kind::kGregorian: {
      v["calendar"] = "gregorian";
      v["year"] = p.year;
      r.year = p.year;
      add_parts(p, false, v);
      if (p.day && p.month) {
        long long jdn = jdn_from_civil(p.year, p.month, p.day, p.year < 1582);
        v["jdn"] = jdn;
        v["iso"] = civil_from_jdn(jdn).iso();
      }
      v["precision"] = precision_of(p);
      v["resolved_by"] = "explicit";
      if (p.range_other) {
        Value rg;
        rg["start"] = p.range_start ? p.year : p.range_other;
        rg["end"] = p.range_start ? p.range_other : p.year;
        v["range"] = std::move(rg);
      }
      break;
    }
    case Kind::kDecade:
    case Kind::kCentury: {
      v["calendar"] = "gregorian";
      v["year_start"] = p.year;
      v["year_end"] = p.kind == Kind::kDecade ? p.year + 9 : p.year + 99;
      if (!p.part.empty()) v["part"] = p.part;
      v["precision"] = p.kind == Kind::kDecade ? "decade" : "century";
      v["resolved_by"] = "explicit";
      break;
    }
    case Kind::kOrdinalYear:
    case Kind::kRegnalYear: {
      const Era* e = nullptr;
      if (p.kind == Kind::kOrdinalYear && ctx.era && p.era_year <= ctx.era->last_era_year) e = ctx.era;
      if (p.kind == Kind::kRegnalYear && ctx.era && p.era_year <= ctx.era->last_era_year &&
          (p.qualifier.empty() || table.qualifies(*ctx.era, p.qualifier)) && p.written_year &&
          ctx.era->year_of(p.era_year) == p.written_year)
        e = ctx.era;
      v["calendar"] = "chinese";
      if (e) {
        r.year = e->year_of(p.era_year);
        r.era = e;
        v["year"] = r.year;
      } else if (p.written_year) {
        r.year = p.written_year;
        v["year"] = r.year;
      }
      add_parts(p, true, v);
      if (e) v["era"] = era_value(*e, p.era_year);
      v["precision"] = precision_of(p);
      v["resolved_by"] = "context";
      if (!e) {
        v["regnal_year"] = p.era_year;
        r.flags |= kLatent;
      }
      break;
    }
    case Kind::kRelative:
    case Kind::kBare: {
      const bool chinese = ctx.anchor_chinese || p.lunar_month != 0;
      v["calendar"] = chinese ? "chinese" : "gregorian";
      if (ctx.anchor_year) {
        r.year = ctx.anchor_year + p.offset_years;
        v["year"] = r.year;
      }
      add_parts(p, chinese, v);
      if (p.kind == Kind::kRelative) {
        Value rel;
        if (p.day_unit)
          rel["days"] = p.offset_days;
        else
          rel["years"] = p.offset_years;
        v["relative"] = std::move(rel);
      }
      v["precision"] = precision_of(p);
      v["resolved_by"] = "context";
      if (!ctx.anchor_year) r.flags |= kLatent;
      break;
    }
  }
  return r;
}

Context advance(const Context& ctx, const PartialDate& p, const Resolved& r) {
  Context next = ctx;
  if (!r.year) return next;
  next.anchor_year = r.year;
  const Value* cal = r.normalized.find("calendar");
  next.anchor_chinese = cal && cal->is_string() && cal->as_string() == "chinese";
  if (r.era) {
    next.era = r.era;
  } else if (p.kind == PartialDate::Kind::kGregorian && ctx.era &&
             (r.year < ctx.era->start_year || r.year > ctx.era->end_year)) {
    next.era = nullptr;  // a written year outside the current era ends it
  } else if (p.kind == PartialDate::Kind::kRelative && ctx.era && r.year > ctx.era->end_year) {
    next.era = nullptr;
  }
  return next;
}

}  // namespace shilu::dates
