#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "shilu/io.h"
#include "shilu/text.h"

namespace shilu::io {
namespace {

using nlohmann::json;

template <class J>
Value from_nlohmann(const J& j) {
  using vt = typename J::value_t;
  switch (j.type()) {
    case vt::null: return Value();
    case vt::boolean: return Value(j.template get<bool>());
    case vt::number_integer: return Value(static_cast<long long>(j.template get<std::int64_t>()));
    case vt::number_unsigned: return Value(static_cast<long long>(j.template get<std::uint64_t>()));
    case vt::number_float: return Value(j.template get<double>());
    case vt::string: return Value(j.template get<std::string>());
    case vt::array: {
      Value::Array a;
      a.reserve(j.size());
      for (const auto& e : j) a.push_back(from_nlohmann(e));
      return Value(std::move(a));
    }
    case vt::object: {
      Value::Object o;
      for (auto it = j.begin(); it != j.end(); ++it) o.emplace_back(it.key(), from_nlohmann(it.value()));
      return Value(std::move(o));
    }
    default: return Value();
  }
}

std::vector<std::string> strings(const Value* v) {
  std::vector<std::string> out;
  if (!v || !v->is_array()) return out;
  for (const auto& e : v->as_array())
    if (e.is_string()) out.push_back(e.as_string());
  return out;
}

std::optional<long long> opt_int(const Value* v) {
  if (v && v->is_int()) return v->as_int();
  if (v && v->is_double()) return static_cast<long long>(v->as_double());
  return std::nullopt;
}

}  // namespace

Result<Value> parse_json(std::string_view text) {
  try {
    // ordered_json keeps member order as written.
    auto j = nlohmann::ordered_json::parse(text.begin(), text.end());
    return from_nlohmann(j);
  } catch (const json::parse_error& e) {
    return make_error(ErrorCode::kFormat, std::string("invalid JSON: ") + e.what());
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kFormat, std::string("invalid JSON: ") + e.what());
  }
}

Result<GoldDocument> parse_gold(std::string_view text, const std::string& name) {
  auto v = parse_json(text);
  if (!v) return make_error(ErrorCode::kFormat, v.error().message, name);
  if (!v->is_object()) return make_error(ErrorCode::kFormat, "gold file is not a JSON object", name);
  GoldDocument g;
  g.doc = v->get_string("doc");
  if (const Value* ps = v->find("persons"); ps && ps->is_array())
    for (const auto& p : ps->as_array())
      g.persons.push_back({p.get_string("canonical"), p.get_string("key"), strings(p.find("mentions")),
                           strings(p.find("alt_keys"))});
  if (const Value* ps = v->find("places"); ps && ps->is_array())
    for (const auto& p : ps->as_array())
      g.places.push_back({p.get_string("name"), p.get_string("key"), p.get_string("kind"),
                          strings(p.find("mentions")), strings(p.find("alt_keys"))});
  if (const Value* ds = v->find("dates"); ds && ds->is_array())
    for (const auto& d : ds->as_array()) {
      GoldDate gd;
      gd.mention = d.get_string("mention");
      gd.era = d.get_string("era");
      if (auto y = opt_int(d.find("era_year"))) gd.era_year = static_cast<int>(*y);
      if (auto y = opt_int(d.find("year"))) gd.year = static_cast<int>(*y);
      g.dates.push_back(std::move(gd));
    }
  if (const Value* ts = v->find("troops"); ts && ts->is_array())
    for (const auto& t : ts->as_array())
    {
      GoldTroops gt{t.get_string("mention"), t.get_string("qualifier"), opt_int(t.find("value")),
                    opt_int(t.find("value_max")), std::nullopt, std::nullopt};
      if (const Value* r = t.find("role"); r && r->is_string()) gt.role = r->as_string();
      if (const Value* sd = t.find("side")) gt.side = sd->is_string() ? sd->as_string() : std::string();
      g.troops.push_back(std::move(gt));
    }
  return g;
}

Result<GoldDocument> read_gold(const std::filesystem::path& p) {
  auto data = read_file(p);
  if (!data) return data.error();
  return parse_gold(*data, p.string());
}

GoldDocument annotation_to_gold(const Value& ann, std::string doc_name) {
  GoldDocument g;
  g.doc = std::move(doc_name);
  const Value* ents = ann.find("entities");
  if (!ents || !ents->is_array()) return g;
  // Persons and places grouped by key (or canonical), mentions = distinct texts in order.
  std::map<std::string, std::size_t> person_ix, place_ix;
  for (const auto& e : ents->as_array()) {
    std::string type = e.get_string("type");
    const Value* n = e.find("normalized");
    std::string txt = e.get_string("text");
    if (type == "person" || type == "place") {
      std::string key = n ? n->get_string("key") : "";
      std::string canon = n ? n->get_string("canonical") : "";
      std::string group = !key.empty() ? key : canon;
      if (group.empty()) group = txt;
      auto& ix = type == "person" ? person_ix : place_ix;
      auto it = ix.find(group);
      if (type == "person") {
        if (it == ix.end()) {
          ix[group] = g.persons.size();
          g.persons.push_back({canon.empty() ? txt : canon, group, {txt}, {}});
        } else {
          auto& ms = g.persons[it->second].mentions;
          if (std::find(ms.begin(), ms.end(), txt) == ms.end()) ms.push_back(txt);
        }
      } else {
        if (it == ix.end()) {
          ix[group] = g.places.size();
          g.places.push_back({canon.empty() ? txt : canon, group, n ? n->get_string("kind") : "", {txt}, {}});
        } else {
          auto& ms = g.places[it->second].mentions;
          if (std::find(ms.begin(), ms.end(), txt) == ms.end()) ms.push_back(txt);
        }
      }
    } else if (type == "date") {
      if (!n) continue;
      const Value* y = n->find("year");
      if (!y || !y->is_int()) continue;
      if (n->get_string("resolved_by") == "context") continue;
      GoldDate d;
      d.mention = txt;
      d.year = static_cast<int>(y->as_int());
      if (const Value* era = n->find("era"); era && era->is_object()) {
        d.era = era->get_string("name");
        if (const Value* ey = era->find("year"); ey && ey->is_int()) d.era_year = static_cast<int>(ey->as_int());
      }
      g.dates.push_back(std::move(d));
    } else if (type == "troops") {
      if (!n) continue;
      GoldTroops t;
      t.mention = txt;
      t.value = opt_int(n->find("value"));
      t.value_max = opt_int(n->find("value_max"));
      t.qualifier = n->get_string("qualifier", "exact");
      t.role = n->get_string("role", "unknown");
      const Value* sd = n->find("side");
      t.side = sd && sd->is_string() ? sd->as_string() : std::string();
      g.troops.push_back(std::move(t));
    }
  }
  return g;
}

}  // namespace shilu::io
