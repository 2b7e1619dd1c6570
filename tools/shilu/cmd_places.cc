// shilu places — look names up in the historical and modern gazetteer.
#include <nlohmann/json.hpp>

#include <iostream>
#include <string>
#include <vector>

#include "cli.h"
#include "shilu/places.h"

namespace {

constexpr const char* kUsage =
    "shilu places lookup [options] NAME...\n"
    "       shilu places lookup [options] -   (one name per line on stdin)\n\n"
    "Prints every gazetteer reading of NAME as JSON: canonical name and key of the name,\n"
    "gazetteer id, the place it denotes, kind, regime, period, modern identification and\n"
    "coordinates. Any romanization and case is accepted (K'ai-feng, KAIFENG, Peking,\n"
    "Kaifeng Prefecture). Several words after `lookup` form one name.";

constexpr const char* kExamples =
    "Examples:\n"
    "  shilu places lookup Jinzhou              # five readings (Liaoning, Dalian, Ankang, Linfen, Hebei)\n"
    "  shilu places lookup \"K'ai-feng\"          # Kaifeng, superior prefecture, Henan\n"
    "  shilu places lookup Tokyo                # MT rendering of 東京 → Dongjing (Kaifeng / Liaoyang)\n"
    "  shilu places lookup --pretty Huai River\n"
    "  printf 'Peking\\nNanking\\n' | shilu places lookup -\n\n"
    "Exit codes: 0 every name found, 1 some name not found, 2 usage or resource error.\n";

nlohmann::ordered_json to_json(const shilu::places::PlaceReading& r) {
  nlohmann::ordered_json j;
  j["canonical"] = r.canonical;
  j["key"] = r.key;
  j["gazetteer_id"] = r.id;
  j["place"] = r.place;
  j["kind"] = r.kind;
  j["layer"] = r.modern_layer ? "modern" : "historical";
  if (!r.regime.empty()) j["regime"] = r.regime;
  if (r.start_year != 0 || r.end_year != 0) {
    nlohmann::ordered_json p;
    if (r.start_year != 0) p["start"] = r.start_year;
    if (r.end_year != 0) p["end"] = r.end_year;
    j["period"] = p;
  }
  if (!r.modern.empty() || !r.province.empty()) {
    nlohmann::ordered_json m;
    if (!r.modern.empty()) m["name"] = r.modern;
    if (!r.province.empty()) m["province"] = r.province;
    j["modern"] = m;
  }
  if (r.has_coords) {
    j["lat"] = r.lat;
    j["lon"] = r.lon;
  }
  if (!r.zh.empty()) j["zh"] = r.zh;
  return j;
}

}  // namespace

int cmd_places(int argc, char** argv) {
  namespace po = shilu::cli::po;
  po::options_description desc("Options");
  shilu::cli::add_common_options(desc);
  desc.add_options()("pretty", "indent the JSON output")(
      "args", po::value<std::vector<std::string>>()->multitoken(), "ACTION NAME...");
  po::positional_options_description pos;
  pos.add("args", -1);
  po::variables_map vm;
  int code = 0;
  if (!shilu::cli::parse(argc, argv, kUsage, desc, pos, kExamples, vm, code)) return code;

  std::vector<std::string> args;
  if (vm.count("args")) args = vm["args"].as<std::vector<std::string>>();
  if (args.empty() || args[0] != "lookup") {
    shilu::cli::error("places", args.empty() ? "missing action (try `shilu places lookup NAME`)"
                                             : "unknown action '" + args[0] + "' (expected lookup)");
    return shilu::cli::kExitUsage;
  }
  std::vector<std::string> names;
  if (args.size() == 2 && args[1] == "-") {
    std::string line;
    while (std::getline(std::cin, line))
      if (!line.empty()) names.push_back(line);
  } else if (args.size() >= 2) {
    std::string joined;
    for (std::size_t i = 1; i < args.size(); ++i) joined += (i > 1 ? " " : "") + args[i];
    names.push_back(joined);
  } else {
    shilu::cli::error("places", "lookup needs a NAME");
    return shilu::cli::kExitUsage;
  }

  auto g = shilu::places::Gazetteer::load(shilu::cli::resources_dir(vm));
  if (!g) {
    shilu::cli::error("places", g.error().to_string());
    return shilu::cli::kExitUsage;
  }
  const int indent = vm.count("pretty") ? 2 : -1;
  bool all_found = true;
  for (const auto& name : names) {
    nlohmann::ordered_json out;
    out["query"] = name;
    out["results"] = nlohmann::ordered_json::array();
    for (const auto& r : g->lookup(name)) out["results"].push_back(to_json(r));
    if (out["results"].empty()) all_found = false;
    std::cout << out.dump(indent) << "\n";
  }
  return all_found ? shilu::cli::kExitOk : shilu::cli::kExitData;
}
