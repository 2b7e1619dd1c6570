// shilu names — normalize and cluster romanized Chinese personal names.
// No extraction logic here: everything linguistic lives in lib/romanize.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "cli.h"
#include "shilu/core.h"
#include "shilu/romanize.h"

namespace {

using json = nlohmann::ordered_json;
namespace po = shilu::cli::po;
using shilu::romanize::Engine;
using shilu::romanize::NameParse;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json to_json(const NameParse& p) {
  json j = json::object();
  j["input"] = p.input;
  if (!p.error.empty()) {
    j["error"] = p.error;
    return j;
  }
  if (p.person) {
    j["canonical"] = p.canonical;
    j["key"] = p.key;
    j["match_key"] = p.match_key;
    j["surname"] = p.surname;
    j["given"] = p.given;
  } else {
    j["canonical"] = nullptr;
    j["key"] = nullptr;
  }
  j["romanization"] = std::string(shilu::romanize::to_string(p.romanization));
  j["syllables"] = p.syllables;
  j["alternatives"] = p.alternatives;
  j["person"] = p.person;
  if (!p.person) j["reason"] = p.reason;
  j["score"] = std::round(p.score * 100) / 100;
  return j;
}

const char* kNormalizeUsage = "shilu names normalize [options] [FILE|-]";
const char* kNormalizeExamples =
    "Reads one name per line (FILE, or standard input when FILE is - or absent) and prints one\n"
    "JSON object per input line, in order: the output always has as many lines as the input.\n"
    "\n"
    "Examples:\n"
    "  $ echo \"Yeh-lü Hsieh-chen\" | shilu names normalize\n"
    "  {\"input\":\"Yeh-lü Hsieh-chen\",\"canonical\":\"Yelü Xiezhen\",\"key\":\"yelu xiezhen\",...,\n"
    "   \"romanization\":\"wade_giles\",\"syllables\":[\"ye\",\"lü\",\"xie\",\"zhen\"],\"person\":true,...}\n"
    "  $ printf 'Wan Yanlou\\nYelvxiu\\nChu Hsi\\n' | shilu names normalize\n"
    "      → Wanyan Lou (mis-split clan name), Yelü Xiu (run together),\n"
    "        Zhu Xi (Wade-Giles chu; alternatives Chu Xi, Ju Xi, Qu Xi)\n"
    "  $ echo \"Kaifeng Prefecture\" | shilu names normalize\n"
    "      → {\"input\":\"Kaifeng Prefecture\",\"canonical\":null,\"key\":null,...,\"person\":false,\n"
    "         \"reason\":\"place_generic\"}\n"
    "  $ shilu names normalize names.txt > names.jsonl\n"
    "\n"
    "Handled: pinyin with or without tone marks, ü written u/v/u:, Wade-Giles with any apostrophe\n"
    "look-alike (' ’ ‘ ʻ `), run-together names (Yelvxiu), wrong splits (Wan Yanlou, Ye Lu Dashi),\n"
    "\"Surname, Given\", ALL-CAPS surnames, leading titles (Brother, General …), possessive 's.\n"
    "Input that is not a personal name gets \"person\": false and a reason; garbage (digits, no\n"
    "letters, invalid UTF-8) gets {\"input\", \"error\"}.";

int run_normalize(int argc, char** argv) {
  po::options_description desc("Options");
  shilu::cli::add_common_options(desc);
  desc.add_options()("input", po::value<std::string>()->default_value("-")->value_name("FILE"),
                     "input file, one name per line (- = standard input)");
  po::positional_options_description pos;
  pos.add("input", 1);
  po::variables_map vm;
  int code = 0;
  if (!shilu::cli::parse(argc, argv, kNormalizeUsage, desc, pos, kNormalizeExamples, vm, code)) return code;
  auto eng = Engine::load(shilu::cli::resources_dir(vm));
  if (!eng) {
    shilu::cli::error("names", eng.error().to_string());
    return shilu::cli::kExitUsage;
  }
  const std::string in = vm["input"].as<std::string>();
  std::ifstream file;
  std::istream* is = &std::cin;
  if (in != "-") {
    file.open(in, std::ios::binary);
    if (!file) {
      shilu::cli::error("names", "cannot open " + in);
      return shilu::cli::kExitUsage;
    }
    is = &file;
  }
  std::ios::sync_with_stdio(false);
  std::string line, out;
  while (std::getline(*is, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    NameParse p = eng->normalize(line);
    out = dump(to_json(p));
    out += '\n';
    std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
  }
  std::cout.flush();
  return shilu::cli::kExitOk;
}

// ---------------------------------------------------------------- cluster

struct Mention {
  std::string text;
  std::string doc;
};

// Reads names from a file: plain list, shilu annotate JSON / JSONL, or gold JSON.
bool read_mentions(const std::string& path, std::vector<Mention>& out, std::string& err) {
  std::string data;
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    data = ss.str();
  } else {
    auto r = shilu::read_file(path);
    if (!r) {
      err = r.error().to_string();
      return false;
    }
    data = std::move(*r);
  }
  const std::string doc_default = path == "-" ? "stdin" : path;
  std::size_t first = data.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  auto from_object = [&](const json& o, const std::string& fallback_doc) {
    std::string doc = fallback_doc;
    if (o.contains("document") && o["document"].is_object()) {
      const json& d = o["document"];
      if (d.contains("id") && d["id"].is_string()) doc = d["id"].get<std::string>();
      else if (d.contains("path") && d["path"].is_string()) doc = d["path"].get<std::string>();
    } else if (o.contains("doc") && o["doc"].is_string()) {
      doc = o["doc"].get<std::string>();
    }
    if (o.contains("entities") && o["entities"].is_array()) {
      for (const json& e : o["entities"])
        if (e.is_object() && e.value("type", "") == "person" && e.contains("text") && e["text"].is_string())
          out.push_back({e["text"].get<std::string>(), doc});
    } else if (o.contains("persons") && o["persons"].is_array()) {  // gold files
      for (const json& pe : o["persons"])
        if (pe.is_object() && pe.contains("mentions") && pe["mentions"].is_array())
          for (const json& m : pe["mentions"])
            if (m.is_string()) out.push_back({m.get<std::string>(), doc});
    } else if (o.contains("text") && o["text"].is_string()) {
      out.push_back({o["text"].get<std::string>(), doc});
    } else if (o.contains("input") && o["input"].is_string()) {  // names normalize output
      out.push_back({o["input"].get<std::string>(), doc});
    }
  };
  if (first != std::string::npos && data[first] == '{') {
    json whole = json::parse(data, nullptr, false);
    if (!whole.is_discarded()) {
      from_object(whole, doc_default);
      return true;
    }
    std::istringstream ls(data);
    std::string line;
    int n = 0;
    while (std::getline(ls, line)) {
      ++n;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      json o = json::parse(line, nullptr, false);
      if (o.is_discarded() || !o.is_object()) {
        err = path + ":" + std::to_string(n) + ": not a JSON object";
        return false;
      }
      from_object(o, doc_default + "#" + std::to_string(n));
    }
    return true;
  }
  std::istringstream ls(data);
  std::string line;
  while (std::getline(ls, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    out.push_back({line, doc_default});
  }
  return true;
}

struct Cluster {
  std::string key;
  std::string canonical;
  std::string surname;
  std::vector<std::string> given_syls;
  std::map<std::string, int> variants;  // text -> count
  std::set<std::string> docs;
  int mentions = 0;
  json merged = json::array();
  bool loose = false;
  bool dead = false;
};

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) {
    if (c == '"') o += '"';
    o += c;
  }
  return o + "\"";
}

const char* kClusterUsage = "shilu names cluster [options] [FILE...]";
const char* kClusterExamples =
    "Groups spelling variants of the same person. Input files are plain name lists (one per\n"
    "line; each file counts as one document) or `shilu annotate` JSON / JSON Lines (the person\n"
    "entities; documents from document.id). Standard input is read when no FILE is given.\n"
    "Clusters are printed largest first.\n"
    "\n"
    "Examples:\n"
    "  $ printf 'Yelu Xiezhen\\nYelv Xiezhen\\nWan Yanlou\\nWanyan Lou\\nPusankui\\nPu Sankui\\n' \\\n"
    "      | shilu names cluster\n"
    "  {\"canonical\":\"Yelü Xiezhen\",\"key\":\"yelu xiezhen\",\"variants\":[{\"text\":\"Yelu Xiezhen\",\"count\":1},\n"
    "   {\"text\":\"Yelv Xiezhen\",\"count\":1}],\"documents\":1,\"mentions\":2}\n"
    "  ...\n"
    "  $ shilu annotate corpus/texts/*.txt | shilu names cluster --format csv > persons.csv\n"
    "\n"
    "Loose merging (on by default, --strict turns it off): a clan or compound surname + a given\n"
    "name that is a syllable prefix of exactly one longer given name with the same surname\n"
    "(Wanyan Lou → Wanyan Loushi, Yelü Xiu → Yelü Xiuge) is merged into it, and the merge is\n"
    "reported in \"merged\" with \"loose\": true — never silently.";

int run_cluster(int argc, char** argv) {
  po::options_description desc("Options");
  shilu::cli::add_common_options(desc);
  desc.add_options()("format", po::value<std::string>()->default_value("jsonl")->value_name("jsonl|csv"),
                     "output format")("strict", "no loose (prefix) merges")(
      "files", po::value<std::vector<std::string>>()->value_name("FILE..."), "input files (- = stdin)");
  po::positional_options_description pos;
  pos.add("files", -1);
  po::variables_map vm;
  int code = 0;
  if (!shilu::cli::parse(argc, argv, kClusterUsage, desc, pos, kClusterExamples, vm, code)) return code;
  const std::string format = vm["format"].as<std::string>();
  if (format != "jsonl" && format != "csv") {
    shilu::cli::error("names", "--format must be jsonl or csv");
    return shilu::cli::kExitUsage;
  }
  auto eng = Engine::load(shilu::cli::resources_dir(vm));
  if (!eng) {
    shilu::cli::error("names", eng.error().to_string());
    return shilu::cli::kExitUsage;
  }
  std::vector<std::string> files;
  if (vm.count("files")) files = vm["files"].as<std::vector<std::string>>();
  if (files.empty()) files.push_back("-");
  std::vector<Mention> mentions;
  for (const auto& f : files) {
    std::string err;
    if (!read_mentions(f, mentions, err)) {
      shilu::cli::error("names", err);
      return shilu::cli::kExitUsage;
    }
  }
  std::vector<Cluster> clusters;
  std::unordered_map<std::string, std::size_t> by_key;
  std::size_t skipped = 0;
  std::unordered_map<std::string, NameParse> cache;
  for (const auto& m : mentions) {
    auto it = cache.find(m.text);
    if (it == cache.end()) it = cache.emplace(m.text, eng->normalize(m.text)).first;
    const NameParse& p = it->second;
    if (!p.person || p.key.empty()) {
      ++skipped;
      continue;
    }
    auto [kit, inserted] = by_key.emplace(p.key, clusters.size());
    if (inserted) {
      Cluster c;
      c.key = p.key;
      c.canonical = p.canonical;
      c.surname = p.surname;
      if (p.surname_syllables >= 2)
        c.given_syls.assign(p.syllables.begin() + static_cast<std::ptrdiff_t>(p.surname_syllables),
                            p.syllables.end());
      clusters.push_back(std::move(c));
    }
    Cluster& c = clusters[kit->second];
    c.variants[m.text]++;
    c.docs.insert(m.doc);
    c.mentions++;
  }
  auto absorb = [](Cluster& into, Cluster& from, const char* reason) {
    for (auto& [t, n] : from.variants) into.variants[t] += n;
    into.docs.insert(from.docs.begin(), from.docs.end());
    into.mentions += from.mentions;
    into.merged.push_back({{"key", from.key}, {"canonical", from.canonical}, {"reason", reason}, {"loose", true}});
    for (auto& m : from.merged) into.merged.push_back(m);
    into.loose = true;
    from.dead = true;
  };
  if (!vm.count("strict")) {
    // Given-name prefix within a clan/compound surname, only when the longer name is unique.
    for (auto& a : clusters) {
      if (a.dead || a.given_syls.empty()) continue;
      Cluster* target = nullptr;
      int n = 0;
      for (auto& b : clusters) {
        if (&b == &a || b.dead || b.surname != a.surname || b.given_syls.size() <= a.given_syls.size()) continue;
        if (std::equal(a.given_syls.begin(), a.given_syls.end(), b.given_syls.begin())) {
          target = &b;
          ++n;
        }
      }
      if (n == 1) absorb(*target, a, "given-name prefix");
    }
  }
  std::vector<const Cluster*> live;
  for (const auto& c : clusters)
    if (!c.dead) live.push_back(&c);
  std::stable_sort(live.begin(), live.end(), [](const Cluster* a, const Cluster* b) {
    if (a->mentions != b->mentions) return a->mentions > b->mentions;
    return a->key < b->key;
  });
  if (format == "csv") std::cout << "canonical,key,mentions,documents,variants,merged\n";
  for (const Cluster* c : live) {
    std::vector<std::pair<std::string, int>> vs(c->variants.begin(), c->variants.end());
    std::stable_sort(vs.begin(), vs.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    if (format == "jsonl") {
      json j = json::object();
      j["canonical"] = c->canonical;
      j["key"] = c->key;
      j["variants"] = json::array();
      for (auto& [t, n] : vs) j["variants"].push_back({{"text", t}, {"count", n}});
      j["documents"] = c->docs.size();
      j["mentions"] = c->mentions;
      if (c->loose) {
        j["loose"] = true;
        j["merged"] = c->merged;
      }
      std::cout << dump(j) << "\n";
    } else {
      std::string v, mg;
      for (auto& [t, n] : vs) v += (v.empty() ? "" : "; ") + t + " (" + std::to_string(n) + ")";
      for (auto& m : c->merged) mg += (mg.empty() ? "" : "; ") + m["key"].get<std::string>();
      std::cout << csv_field(c->canonical) << ',' << csv_field(c->key) << ',' << c->mentions << ','
                << c->docs.size() << ',' << csv_field(v) << ',' << csv_field(mg) << "\n";
    }
  }
  if (skipped) shilu::cli::warn("names", std::to_string(skipped) + " mention(s) skipped: not a personal name");
  return shilu::cli::kExitOk;
}

const char* kNamesHelp =
    "Usage: shilu names <normalize|cluster> [options] [args]\n\n"
    "  normalize [FILE|-]   one name per line → one JSON line each: canonical pinyin, key,\n"
    "                       romanization, syllables, alternatives, person\n"
    "  cluster [FILE...]    group spelling variants of the same person (JSONL or --format csv)\n\n"
    "Examples:\n"
    "  echo 'Wan-yen Tsung-han' | shilu names normalize      # → Wanyan Zonghan, wanyan zonghan\n"
    "  shilu names cluster names.txt\n"
    "  shilu annotate text.txt | shilu names cluster --format csv\n\n"
    "`shilu names normalize --help` and `shilu names cluster --help` show each command's options.\n";

}  // namespace

int cmd_names(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kNamesHelp;
    return shilu::cli::kExitUsage;
  }
  std::string sub = argv[1];
  if (sub == "--help" || sub == "-h" || sub == "help") {
    std::cout << kNamesHelp;
    return shilu::cli::kExitOk;
  }
  // argv[1] becomes the subcommand's argv[0] ("normalize" / "cluster").
  if (sub == "normalize") return run_normalize(argc - 1, argv + 1);
  if (sub == "cluster") return run_cluster(argc - 1, argv + 1);
  shilu::cli::error("names", "unknown subcommand '" + sub + "' (normalize or cluster)");
  std::cerr << kNamesHelp;
  return shilu::cli::kExitUsage;
}
