#include <algorithm>
#include <set>

#include "shilu/io.h"
#include "shilu/text.h"

namespace shilu::io {

const std::vector<std::string>& metric_names() {
  static const std::vector<std::string> kNames = {"persons", "places", "places(lenient)", "dates",
                                                  "era dates", "troops", "troops(+qualifier)",
                                                  "troops(+role)", "troops(+side)"};
  return kNames;
}

namespace {

bool dropped(char c) { return c == '\'' || c == '-' || c == '.' || c == '_'; }

std::string drop_chars(const std::string& f) {
  std::string out;
  for (char c : f)
    if (!dropped(c)) out += c;
  return out;
}

std::string mention_norm(std::string_view s) { return text::fold(s); }

struct Ent {
  std::set<std::string> keys;
  std::set<std::string> mentions;
  std::string label;
};

template <class T, class KeyFn, class LabelFn>
std::vector<Ent> entities(const std::vector<T>& items, KeyFn keyfn, LabelFn labelfn, bool gold,
                          const std::vector<std::string> T::*alt, const std::string T::*primary,
                          const std::string T::*secondary) {
  std::vector<Ent> out;
  std::map<std::string, std::size_t> index;
  for (const auto& e : items) {
    const std::string& raw = !(e.*primary).empty() ? e.*primary : e.*secondary;
    std::string k = raw.empty() ? "" : keyfn(raw);
    Ent x;
    if (!k.empty()) x.keys.insert(k);
    if (gold)
      for (const auto& a : e.*alt)
        if (auto ak = keyfn(a); !ak.empty()) x.keys.insert(ak);
    for (const auto& m : e.mentions)
      if (!trim(m).empty()) x.mentions.insert(mention_norm(m));
    x.label = labelfn(e);
    if (!gold && !k.empty()) {
      auto it = index.find(k);
      if (it != index.end()) {
        out[it->second].mentions.insert(x.mentions.begin(), x.mentions.end());
        continue;
      }
      index[k] = out.size();
    }
    out.push_back(std::move(x));
  }
  return out;
}

bool intersects(const std::set<std::string>& a, const std::set<std::string>& b) {
  for (const auto& x : a)
    if (b.count(x)) return true;
  return false;
}

Counts match(const std::vector<Ent>& gold, const std::vector<Ent>& pred, bool use_mentions, const std::string& metric,
             DocScore* ds) {
  std::vector<bool> gm(gold.size()), pm(pred.size());
  Counts c;
  for (std::size_t j = 0; j < pred.size(); ++j) {
    if (pred[j].keys.empty()) continue;
    for (std::size_t i = 0; i < gold.size(); ++i)
      if (!gm[i] && intersects(pred[j].keys, gold[i].keys)) {
        gm[i] = pm[j] = true;
        ++c.tp;
        break;
      }
  }
  if (use_mentions)
    for (std::size_t j = 0; j < pred.size(); ++j) {
      if (pm[j] || pred[j].mentions.empty()) continue;
      for (std::size_t i = 0; i < gold.size(); ++i)
        if (!gm[i] && intersects(pred[j].mentions, gold[i].mentions)) {
          gm[i] = pm[j] = true;
          ++c.tp;
          break;
        }
    }
  c.fp = static_cast<long>(pred.size()) - c.tp;
  c.fn = static_cast<long>(gold.size()) - c.tp;
  if (ds) {
    for (std::size_t i = 0; i < gold.size(); ++i)
      if (!gm[i]) ds->misses.push_back(metric + ": " + gold[i].label);
    for (std::size_t j = 0; j < pred.size(); ++j)
      if (!pm[j]) ds->false_alarms.push_back(metric + ": " + pred[j].label);
  }
  return c;
}

template <class V>
Counts multiset(const std::vector<V>& g, const std::vector<V>& p, const std::string& metric, DocScore* ds,
                std::string (*show)(const V&)) {
  std::map<V, long> gc, pc;
  for (const auto& v : g) ++gc[v];
  for (const auto& v : p) ++pc[v];
  Counts c;
  for (const auto& [v, n] : gc) {
    long m = pc.count(v) ? pc[v] : 0;
    c.tp += std::min(n, m);
    if (n > m && ds)
      for (long k = 0; k < n - m; ++k) ds->misses.push_back(metric + ": " + show(v));
  }
  for (const auto& [v, n] : pc) {
    long m = gc.count(v) ? gc[v] : 0;
    if (n > m && ds)
      for (long k = 0; k < n - m; ++k) ds->false_alarms.push_back(metric + ": " + show(v));
  }
  c.fp = static_cast<long>(p.size()) - c.tp;
  c.fn = static_cast<long>(g.size()) - c.tp;
  return c;
}

std::string show_int(const long long& v) { return std::to_string(v); }
std::string show_pair(const std::pair<long long, std::string>& v) { return std::to_string(v.first) + " " + v.second; }

}  // namespace

std::string person_match_key(std::string_view s) {
  std::string f = drop_chars(text::fold(s));
  std::erase(f, ' ');
  return f;
}

std::string place_match_key(std::string_view s) {
  static const std::set<std::string, std::less<>> kGeneric = {
      "prefecture", "county", "city", "province", "district", "circuit", "road", "town", "fortress",
      "fort", "camp", "river", "mountain", "mountains", "pass", "village", "region", "mansion"};
  std::string f = drop_chars(text::fold(s));
  std::vector<std::string> words;
  for (auto w : split(f, ' '))
    if (!w.empty()) words.emplace_back(w);
  while (words.size() > 1 && kGeneric.count(words.back())) words.pop_back();
  std::string out;
  for (const auto& w : words) out += w;
  return out;
}

DocScore score_document(const GoldDocument& g, const GoldDocument& p) {
  DocScore ds;
  ds.doc = g.doc;
  auto plabel = [](const GoldPerson& e) { return e.canonical.empty() ? e.key : e.canonical; };
  auto llabel = [](const GoldPlace& e) { return e.name.empty() ? e.key : e.name; };
  auto gp = entities(g.persons, person_match_key, plabel, true, &GoldPerson::alt_keys, &GoldPerson::key, &GoldPerson::canonical);
  auto pp = entities(p.persons, person_match_key, plabel, false, &GoldPerson::alt_keys, &GoldPerson::key, &GoldPerson::canonical);
  ds.counts["persons"] = match(gp, pp, true, "persons", &ds);
  auto gl = entities(g.places, place_match_key, llabel, true, &GoldPlace::alt_keys, &GoldPlace::key, &GoldPlace::name);
  auto pl = entities(p.places, place_match_key, llabel, false, &GoldPlace::alt_keys, &GoldPlace::key, &GoldPlace::name);
  ds.counts["places"] = match(gl, pl, false, "places", &ds);
  ds.counts["places(lenient)"] = match(gl, pl, true, "places(lenient)", nullptr);
  std::vector<long long> gy, py, gey, pey;
  for (const auto& d : g.dates)
    if (d.year) {
      gy.push_back(*d.year);
      if (!d.era.empty()) gey.push_back(*d.year);
    }
  for (const auto& d : p.dates)
    if (d.year) {
      py.push_back(*d.year);
      if (!d.era.empty()) pey.push_back(*d.year);
    }
  ds.counts["dates"] = multiset(gy, py, "dates", &ds, show_int);
  ds.counts["era dates"] = multiset(gey, pey, "era dates", nullptr, show_int);
  std::vector<long long> gt, pt;
  std::vector<std::pair<long long, std::string>> gq, pq;
  for (const auto& t : g.troops)
    if (t.value) {
      gt.push_back(*t.value);
      gq.emplace_back(*t.value, t.qualifier.empty() ? "exact" : t.qualifier);
    }
  for (const auto& t : p.troops)
    if (t.value) {
      pt.push_back(*t.value);
      pq.emplace_back(*t.value, t.qualifier.empty() ? "exact" : t.qualifier);
    }
  ds.counts["troops"] = multiset(gt, pt, "troops", &ds, show_int);
  ds.counts["troops(+qualifier)"] = multiset(gq, pq, "troops(+qualifier)", &ds, show_pair);
  // Roles and sides: only when the gold gives them for every count of the document.
  for (auto [metric, field] : {std::pair{"troops(+role)", &GoldTroops::role}, std::pair{"troops(+side)", &GoldTroops::side}}) {
    bool all = !g.troops.empty();
    for (const auto& t : g.troops) all = all && (t.*field).has_value();
    if (!all) continue;
    std::vector<std::pair<long long, std::string>> ga, pa;
    auto label = [&](const GoldTroops& t) {
      const auto& v = t.*field;
      return v && !v->empty() ? *v : std::string("null");
    };
    for (const auto& t : g.troops)
      if (t.value) ga.emplace_back(*t.value, label(t));
    for (const auto& t : p.troops)
      if (t.value) pa.emplace_back(*t.value, label(t));
    ds.counts[metric] = multiset(ga, pa, metric, &ds, show_pair);
  }
  return ds;
}

}  // namespace shilu::io
