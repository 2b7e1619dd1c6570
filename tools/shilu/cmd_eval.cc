// shilu eval: precision / recall / F1 of annotations against gold files.
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "cli.h"
#include "shilu/annotate.h"
#include "shilu/io.h"

namespace fs = std::filesystem;

namespace {

const char* kUsage = "shilu eval --gold DIR (--texts DIR | PRED...) [options]";
const char* kExamples =
    "Scores annotations against gold files (corpus/gold/NAME.json; format in docs/annotation.md):\n"
    "persons by key (variants of one person must share a key; one-to-one, then by mention),\n"
    "places strictly by key (trailing generic words such as 'Prefecture' or 'River' dropped),\n"
    "dates as a multiset of Gregorian years, troops as a multiset of values (and of\n"
    "value+qualifier). Counts are micro-averaged over documents.\n\n"
    "PRED files are `shilu annotate`/`shilu batch` output (JSON or JSON Lines; a document is\n"
    "matched to NAME.json by its id) or gold-schema JSON files named like the gold ones.\n"
    "With --texts DIR, shilu annotates DIR/NAME.txt for every gold file itself.\n\n"
    "Examples:\n"
    "  shilu eval --gold corpus/gold --texts corpus/texts\n"
    "  shilu eval --gold corpus/gold --texts corpus/texts -v          # misses and false alarms\n"
    "  shilu batch corpus/texts -o ann.jsonl && shilu eval --gold corpus/gold ann.jsonl --json\n"
    "  shilu eval --gold corpus/gold --texts corpus/texts --baseline corpus/gold/baseline.json\n\n"
    "Exit codes: 0 ok; 1 a figure fell below --baseline; 2 usage or unreadable files.";

struct Loaded {
  std::map<std::string, shilu::io::GoldDocument> preds;  // by doc name
};

bool load_pred_file(const fs::path& p, Loaded& out, std::string& err) {
  auto data = shilu::read_file(p);
  if (!data) { err = data.error().to_string(); return false; }
  std::istringstream in(*data);
  std::string line;
  int ln = 0;
  auto take = [&](const shilu::Value& v, int line_no) -> bool {
    if (!v.is_object()) { err = p.string() + ":" + std::to_string(line_no) + ": not a JSON object"; return false; }
    if (v.contains("persons") || v.contains("places") || v.contains("troops")) {
      auto g = shilu::io::parse_gold(shilu::io::to_json(v), p.string());
      if (!g) { err = g.error().to_string(); return false; }
      std::string name = g->doc.empty() ? p.stem().string() : g->doc;
      out.preds[name] = std::move(g).value();
      return true;
    }
    if (v.contains("error")) return true;  // a failed document: nothing predicted
    const shilu::Value* d = v.find("document");
    std::string name = d ? d->get_string("id") : p.stem().string();
    out.preds[name] = shilu::io::annotation_to_gold(v, name);
    return true;
  };
  // A single (possibly pretty) JSON document, or JSON Lines.
  auto whole = shilu::io::parse_json(*data);
  if (whole) return take(*whole, 1);
  while (std::getline(in, line)) {
    ++ln;
    if (shilu::trim(line).empty()) continue;
    auto v = shilu::io::parse_json(line);
    if (!v) { err = p.string() + ":" + std::to_string(ln) + ": " + v.error().message; return false; }
    if (!take(*v, ln)) return false;
  }
  return true;
}

std::string fmt3(double x) {
  char b[16];
  std::snprintf(b, sizeof b, "%.3f", x);
  return b;
}

void print_table(std::ostream& os, const std::map<std::string, shilu::io::Counts>& c) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%-20s %6s %6s %6s %9s %7s %7s\n", "metric", "tp", "fp", "fn", "precision", "recall", "F1");
  os << buf;
  for (const auto& m : shilu::io::metric_names()) {
    auto it = c.find(m);
    if (it == c.end()) continue;
    const auto& k = it->second;
    std::snprintf(buf, sizeof buf, "%-20s %6ld %6ld %6ld %9.3f %7.3f %7.3f\n", m.c_str(), k.tp, k.fp, k.fn, k.precision(),
                  k.recall(), k.f1());
    os << buf;
  }
}

shilu::Value counts_json(const std::map<std::string, shilu::io::Counts>& c) {
  shilu::Value v;
  for (const auto& m : shilu::io::metric_names()) {
    auto it = c.find(m);
    if (it == c.end()) continue;
    shilu::Value& x = v[m];
    x["tp"] = it->second.tp;
    x["fp"] = it->second.fp;
    x["fn"] = it->second.fn;
    x["precision"] = std::stod(fmt3(it->second.precision()));
    x["recall"] = std::stod(fmt3(it->second.recall()));
    x["f1"] = std::stod(fmt3(it->second.f1()));
  }
  return v;
}

}  // namespace

int cmd_eval(int argc, char** argv) {
  namespace po = shilu::cli::po;
  po::options_description desc("Options");
  desc.add_options()
      ("gold", po::value<std::string>()->value_name("DIR"), "directory of gold NAME.json files (required)")
      ("texts", po::value<std::string>()->value_name("DIR"), "annotate DIR/NAME.txt for each gold file")
      ("pred", po::value<std::vector<std::string>>()->value_name("FILE"), "prediction files (positional)")
      ("json", "machine-readable output")
      ("verbose,v", "per document: misses (gold not found) and false alarms")
      ("baseline", po::value<std::string>()->value_name("FILE"),
       "JSON {metric: minimum F1}; exit 1 when a micro-averaged F1 falls below it")
      ("write-baseline", po::value<std::string>()->value_name("FILE"), "write the current micro F1 figures as a baseline");
  shilu::cli::add_common_options(desc);
  po::positional_options_description pos;
  pos.add("pred", -1);
  po::variables_map vm;
  int code = 0;
  if (!shilu::cli::parse(argc, argv, kUsage, desc, pos, kExamples, vm, code)) return code;
  if (!vm.count("gold")) {
    shilu::cli::error("eval", "--gold DIR is required (try `shilu eval --help`)");
    return shilu::cli::kExitUsage;
  }
  fs::path gold_dir = vm["gold"].as<std::string>();
  std::error_code ec;
  if (!fs::is_directory(gold_dir, ec)) {
    shilu::cli::error("eval", gold_dir.string() + ": not a directory");
    return shilu::cli::kExitUsage;
  }
  std::vector<fs::path> gold_files;
  for (const auto& e : fs::directory_iterator(gold_dir))
    if (e.path().extension() == ".json" && e.path().filename() != "baseline.json") gold_files.push_back(e.path());
  std::sort(gold_files.begin(), gold_files.end());
  if (gold_files.empty()) {
    shilu::cli::error("eval", gold_dir.string() + ": no gold .json files");
    return shilu::cli::kExitUsage;
  }
  bool have_preds = vm.count("pred") > 0;
  if (vm.count("texts") == have_preds) {
    shilu::cli::error("eval", "give either --texts DIR or prediction files (try `shilu eval --help`)");
    return shilu::cli::kExitUsage;
  }

  Loaded loaded;
  if (have_preds) {
    for (const auto& p : vm["pred"].as<std::vector<std::string>>()) {
      std::string err;
      if (!load_pred_file(p, loaded, err)) {
        shilu::cli::error("eval", err);
        return shilu::cli::kExitUsage;
      }
    }
  } else {
    fs::path texts = vm["texts"].as<std::string>();
    auto pipe = shilu::annotate::Pipeline::load(shilu::cli::resources_dir(vm));
    if (!pipe) {
      shilu::cli::error("eval", pipe.error().to_string());
      return shilu::cli::kExitUsage;
    }
    for (const auto& g : gold_files) {
      fs::path t = texts / (g.stem().string() + ".txt");
      auto data = shilu::read_file(t);
      if (!data) {
        shilu::cli::error("eval", data.error().to_string());
        return shilu::cli::kExitUsage;
      }
      auto doc = shilu::Document::from_bytes(g.stem().string(), t.string(), std::move(data).value());
      auto a = pipe->annotate(doc, {});
      auto v = shilu::io::parse_json(shilu::io::annotation_json(a, {}));
      loaded.preds[g.stem().string()] = shilu::io::annotation_to_gold(*v, g.stem().string());
    }
  }

  std::map<std::string, shilu::io::Counts> micro;
  std::vector<shilu::io::DocScore> docs;
  for (const auto& gf : gold_files) {
    auto g = shilu::io::read_gold(gf);
    if (!g) {
      shilu::cli::error("eval", g.error().to_string());
      return shilu::cli::kExitUsage;
    }
    std::string name = gf.stem().string();
    g->doc = name;
    shilu::io::GoldDocument empty;
    auto it = loaded.preds.find(name);
    if (it == loaded.preds.end() && have_preds)
      shilu::cli::warn("eval", "no prediction for " + name + " (counted as empty)");
    auto ds = shilu::io::score_document(*g, it == loaded.preds.end() ? empty : it->second);
    for (const auto& [m, c] : ds.counts) micro[m] += c;
    docs.push_back(std::move(ds));
  }

  bool verbose = vm.count("verbose") > 0;
  if (vm.count("json")) {
    shilu::Value out;
    shilu::Value arr = shilu::Value::Array{};
    for (const auto& d : docs) {
      shilu::Value x;
      x["doc"] = d.doc;
      x["scores"] = counts_json(d.counts);
      if (verbose) {
        shilu::Value mi = shilu::Value::Array{}, fa = shilu::Value::Array{};
        for (const auto& s : d.misses) mi.push_back(s);
        for (const auto& s : d.false_alarms) fa.push_back(s);
        x["misses"] = std::move(mi);
        x["false_alarms"] = std::move(fa);
      }
      arr.push_back(std::move(x));
    }
    out["documents"] = std::move(arr);
    out["micro"] = counts_json(micro);
    std::cout << shilu::io::to_json(out, true) << "\n";
  } else {
    for (const auto& d : docs) {
      if (!verbose) continue;
      std::cout << "== " << d.doc << "\n";
      print_table(std::cout, d.counts);
      for (const auto& s : d.misses) std::cout << "  miss        " << s << "\n";
      for (const auto& s : d.false_alarms) std::cout << "  false alarm " << s << "\n";
      std::cout << "\n";
    }
    std::cout << "== micro-averaged over " << docs.size() << " documents\n";
    print_table(std::cout, micro);
  }

  if (vm.count("write-baseline")) {
    shilu::Value b;
    for (const auto& m : shilu::io::metric_names())
      if (auto it = micro.find(m); it != micro.end()) b[m] = std::stod(fmt3(it->second.f1()));
    std::ofstream f(vm["write-baseline"].as<std::string>());
    f << shilu::io::to_json(b, true) << "\n";
    if (!f) {
      shilu::cli::error("eval", "cannot write " + vm["write-baseline"].as<std::string>());
      return shilu::cli::kExitUsage;
    }
  }
  if (vm.count("baseline")) {
    auto data = shilu::read_file(vm["baseline"].as<std::string>());
    if (!data) {
      shilu::cli::error("eval", data.error().to_string());
      return shilu::cli::kExitUsage;
    }
    auto b = shilu::io::parse_json(*data);
    if (!b || !b->is_object()) {
      shilu::cli::error("eval", vm["baseline"].as<std::string>() + ": not a JSON object of metric → F1");
      return shilu::cli::kExitUsage;
    }
    bool below = false;
    for (const auto& [m, v] : b->as_object()) {
      if (!v.is_int() && !v.is_double()) continue;
      double f = micro[m].f1();
      if (f + 1e-9 < v.as_double()) {
        std::cerr << "shilu eval: " << m << " F1 " << fmt3(f) << " is below the baseline " << fmt3(v.as_double()) << "\n";
        below = true;
      }
    }
    if (below) return shilu::cli::kExitData;
    std::cerr << "shilu eval: every figure is at or above the baseline\n";
  }
  return shilu::cli::kExitOk;
}
