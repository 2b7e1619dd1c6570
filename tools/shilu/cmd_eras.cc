// shilu eras — look up, list and convert Chinese era names (nianhao).
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli.h"
#include "shilu/dates.h"

namespace {

using shilu::dates::Era;

constexpr const char* kUsage =
    "shilu eras lookup [options] NAME [ERA_YEAR]\n"
    "       shilu eras list [options] [--regime R]\n"
    "       shilu eras convert [options] \"ERA YEAR [MONTH [DAY]]\"\n\n"
    "lookup   every era spelled NAME (pinyin with or without spaces, tones or apostrophes,\n"
    "         Wade-Giles, characters; a leading regime word narrows it: \"Jin Tianhui\"), with\n"
    "         its regime, emperors and Western years; with ERA_YEAR also the Western year of\n"
    "         that era year (year1 + ERA_YEAR - 1).\n"
    "list     every era, or those of one regime (\"Jin (Jurchen)\", or a word naming it: jin,\n"
    "         liao, \"southern song\", xia, yuan, mongol).\n"
    "convert  an era date to a Julian (before 1582-10-15) or Gregorian date through the DDBC\n"
    "         lunar-month table; prefix the month with L for a leap (intercalary) month.\n\n"
    "Years are astronomical (0 = 1 BCE, -220 = 221 BCE).";

constexpr const char* kExamples =
    "Examples:\n"
    "  shilu eras lookup Tianhui 3              # Jin (Jurchen) 天會 3 = 1125, Northern Han 天會 3 = 959\n"
    "  shilu eras lookup \"T'ien-hui\"            # Wade-Giles spelling\n"
    "  shilu eras lookup Jin Tianxing 1         # 1232\n"
    "  shilu eras list --regime liao\n"
    "  shilu eras convert \"Shaoxing 12 1 15\"    # 1142-02-12 (Julian)\n"
    "  shilu eras convert \"Jingkang 1 L11 25\"   # leap eleventh month: 1127-01-09\n"
    "  shilu eras lookup --json 紹興\n\n"
    "Exit codes: 0 ok, 1 nothing found, 2 usage or resource error.\n";

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const auto& x : v) {
    if (x.empty()) continue;
    if (!s.empty()) s += sep;
    s += x;
  }
  return s;
}

std::string emperors(const Era& e) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < e.emperor_temple.size(); ++i) {
    std::string s = e.emperor_temple[i];
    if (i < e.emperor_personal.size() && !e.emperor_personal[i].empty())
      s += s.empty() ? e.emperor_personal[i] : " (" + e.emperor_personal[i] + ")";
    out.push_back(s);
  }
  if (out.empty() && !e.emperor_personal.empty()) out = e.emperor_personal;
  return join(out, ", ");
}

nlohmann::ordered_json to_json(const Era& e) {
  nlohmann::ordered_json j;
  j["id"] = e.id;
  j["era"] = e.name;
  j["hanzi"] = e.hanzi;
  j["regime"] = e.regime;
  j["emperors"] = emperors(e);
  j["year1"] = e.year1;
  j["start_year"] = e.start_year;
  j["end_year"] = e.end_year;
  j["years"] = e.last_era_year;
  if (e.first_month) j["first_month"] = (e.first_month_leap ? "L" : "") + std::to_string(e.first_month);
  j["source"] = e.source;
  if (!e.variants.empty()) j["variants"] = e.variants;
  return j;
}

void print_era(const Era& e, int era_year) {
  std::cout << e.name << " " << e.hanzi << "\t" << e.regime << "\t" << e.start_year << "-" << e.end_year << " ("
            << e.last_era_year << " years)";
  if (era_year > 0) {
    std::cout << "\tyear " << era_year << " = " << e.year_of(era_year);
    if (era_year > e.last_era_year) std::cout << " (beyond the era's length)";
  }
  std::string emp = emperors(e);
  if (!emp.empty()) std::cout << "\t" << emp;
  std::cout << "\t[" << e.id << "]\n";
}

bool is_number(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

int cmd_eras(int argc, char** argv) {
  namespace po = shilu::cli::po;
  po::options_description desc("Options");
  shilu::cli::add_common_options(desc);
  desc.add_options()("regime", po::value<std::string>()->value_name("R"), "list: only eras of this regime")(
      "json", "print JSON (one object per line) instead of text")(
      "args", po::value<std::vector<std::string>>()->multitoken(), "ACTION ARG...");
  po::positional_options_description pos;
  pos.add("args", -1);
  po::variables_map vm;
  int code = 0;
  if (!shilu::cli::parse(argc, argv, kUsage, desc, pos, kExamples, vm, code)) return code;

  std::vector<std::string> args;
  if (vm.count("args")) args = vm["args"].as<std::vector<std::string>>();
  if (args.empty()) {
    shilu::cli::error("eras", "missing action: lookup, list or convert (try `shilu eras --help`)");
    return shilu::cli::kExitUsage;
  }
  const std::string action = args[0];
  if (action != "lookup" && action != "list" && action != "convert") {
    shilu::cli::error("eras", "unknown action '" + action + "' (expected lookup, list or convert)");
    return shilu::cli::kExitUsage;
  }
  if (action != "list" && args.size() < 2) {
    shilu::cli::error("eras", action + " needs an argument (try `shilu eras --help`)");
    return shilu::cli::kExitUsage;
  }
  auto table = shilu::dates::EraTable::load(shilu::cli::resources_dir(vm));
  if (!table) {
    shilu::cli::error("eras", table.error().to_string());
    return shilu::cli::kExitUsage;
  }
  const bool json = vm.count("json") > 0;

  if (action == "list") {
    std::vector<const Era*> eras;
    if (vm.count("regime")) {
      eras = table->by_regime(vm["regime"].as<std::string>());
    } else {
      for (const Era& e : table->eras()) eras.push_back(&e);
    }
    for (const Era* e : eras) {
      if (json)
        std::cout << to_json(*e).dump() << "\n";
      else
        print_era(*e, 0);
    }
    return eras.empty() ? shilu::cli::kExitData : shilu::cli::kExitOk;
  }

  if (action == "lookup") {
    int era_year = 0;
    std::vector<std::string> words(args.begin() + 1, args.end());
    if (words.size() > 1 && is_number(words.back())) {
      era_year = std::atoi(words.back().c_str());
      words.pop_back();
    }
    std::string name = join(words, " ");
    auto eras = table->lookup_phrase(name);
    for (const Era* e : eras) {
      if (json) {
        auto j = to_json(*e);
        if (era_year > 0) {
          j["era_year"] = era_year;
          j["year"] = e->year_of(era_year);
        }
        std::cout << j.dump() << "\n";
      } else {
        print_era(*e, era_year);
      }
    }
    if (eras.empty()) {
      shilu::cli::error("eras", "no era named '" + name + "'");
      return shilu::cli::kExitData;
    }
    return shilu::cli::kExitOk;
  }

  // convert
  std::string spec = join(std::vector<std::string>(args.begin() + 1, args.end()), " ");
  auto conv = shilu::dates::convert(*table, spec);
  if (!conv) {
    shilu::cli::error("eras", conv.error().to_string());
    return shilu::cli::kExitUsage;
  }
  bool any_date = false;
  for (const auto& c : *conv) {
    if (json) {
      nlohmann::ordered_json j;
      j["era"] = c.era->name;
      j["hanzi"] = c.era->hanzi;
      j["regime"] = c.era->regime;
      j["era_year"] = c.era_year;
      j["year"] = c.year;
      if (c.month) j["lunar_month"] = c.month;
      if (c.leap) j["leap"] = true;
      if (c.day) j["day"] = c.day;
      if (c.jdn) {
        j["jdn"] = *c.jdn;
        j["date"] = c.date->iso();
        j["calendar"] = c.date->julian ? "julian" : "gregorian";
      }
      if (!c.note.empty()) j["note"] = c.note;
      std::cout << j.dump() << "\n";
    } else {
      std::cout << c.era->name << " " << c.era->hanzi << " (" << c.era->regime << ") " << c.era_year;
      if (c.month) std::cout << " " << (c.leap ? "leap " : "") << "month " << c.month;
      if (c.day) std::cout << " day " << c.day;
      std::cout << "\tyear " << c.year;
      if (c.date)
        std::cout << "\t" << c.date->iso() << " (" << (c.date->julian ? "Julian" : "Gregorian") << ", JDN " << *c.jdn
                  << ")";
      if (!c.note.empty()) std::cout << "\t(" << c.note << ")";
      std::cout << "\n";
    }
    if (c.jdn) any_date = true;
  }
  const bool wanted_day = !conv->empty() && conv->front().day != 0;
  return (wanted_day && !any_date) ? shilu::cli::kExitData : shilu::cli::kExitOk;
}
