// shilu dataset: annotations (or texts) → SQLite database and CSV tables.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>

#include "cli.h"
#include "shilu/dataset.h"

namespace {

const char* kUsage = "shilu dataset --db FILE.sqlite [--csv DIR] INPUT...";
const char* kExamples =
    "Builds a SQLite database from annotation JSON Lines (the output of `shilu batch`) or\n"
    "from texts and directories, which are annotated on the fly (in parallel, like batch).\n"
    "Running it again with more inputs adds to the database; a document whose text is\n"
    "already there (same SHA-256) is not added twice.\n\n"
    "Tables: documents, mentions (every entity, offsets, sentence), persons + person_variants\n"
    "(clustered across documents, every spelling with its count), places + place_variants\n"
    "(coordinates, modern identification), dates, troop_counts (value, qualifier, role, side,\n"
    "and the year and place of the same sentence or paragraph).\n"
    "Views: troops_by_year_side, person_spellings, places_per_document, timeline.\n\n"
    "Examples:\n"
    "  shilu batch corpus/texts -o annotations.jsonl\n"
    "  shilu dataset --db history.sqlite annotations.jsonl\n"
    "  shilu dataset --db history.sqlite more_chronicles/          # texts: annotated on the fly\n"
    "  shilu dataset --db history.sqlite --csv tables/ annotations.jsonl\n"
    "  sqlite3 history.sqlite 'SELECT canonical, variants FROM person_spellings LIMIT 5'\n"
    "  sqlite3 -header history.sqlite 'SELECT * FROM troops_by_year_side'\n\n"
    "An annotation file is recognised by its first line ({\"schema\":\"shilu.annotation/1\",…});\n"
    "`-` reads annotation JSON Lines from standard input. Without --db, --csv uses a\n"
    "temporary in-memory database.\n"
    "Exit codes: 0 ok; 1 some documents failed (error records, unreadable or binary texts);\n"
    "2 usage error, missing input or database error; 130/143 interrupted (whole documents kept).";


}  // namespace

int cmd_dataset(int argc, char** argv) {
  namespace po = shilu::cli::po;
  po::options_description desc("Options");
  desc.add_options()
      ("input", po::value<std::vector<std::string>>()->value_name("INPUT"), "annotation JSONL files, texts, directories, or - (JSONL on stdin)")
      ("db", po::value<std::string>()->value_name("FILE"), "SQLite database to create or add to")
      ("csv", po::value<std::string>()->value_name("DIR"), "also write every table as RFC 4180 CSV into DIR")
      ("jobs,j", po::value<unsigned>()->value_name("N"), "annotation threads for texts (default: all cores)")
      ("glob", po::value<std::vector<std::string>>()->value_name("PATTERN"), "in directories, only matching files ('*.txt'); repeatable")
      ("quiet,q", "no summary");
  shilu::cli::add_progress_options(desc);
  shilu::cli::add_common_options(desc);
  po::positional_options_description pos;
  pos.add("input", -1);
  po::variables_map vm;
  int code = 0;
  if (!shilu::cli::parse(argc, argv, kUsage, desc, pos, kExamples, vm, code)) return code;
  auto usage_error = [](const std::string& m) {
    shilu::cli::error("dataset", m);
    return shilu::cli::kExitUsage;
  };
  if (!vm.count("db") && !vm.count("csv")) return usage_error("give --db FILE (and/or --csv DIR) (try `shilu dataset --help`)");
  std::vector<std::string> inputs;
  if (vm.count("input")) inputs = vm["input"].as<std::vector<std::string>>();
  if (inputs.empty()) return usage_error("no input: give annotation JSONL files, texts or directories (or - for stdin)");
  bool need_pipeline = false;
  for (const auto& p : inputs) {
    if (p == "-") continue;
    struct stat st{};
    if (::lstat(p.c_str(), &st) != 0) return usage_error(p + ": no such file or directory");
    if (!shilu::dataset::is_annotation_jsonl(p)) need_pipeline = true;
  }

  std::optional<shilu::annotate::Pipeline> pipe;
  if (need_pipeline) {
    auto p = shilu::annotate::Pipeline::load(shilu::cli::resources_dir(vm));
    if (!p) return usage_error(p.error().to_string());
    pipe.emplace(std::move(p).value());
  }
  std::string db_path = vm.count("db") ? vm["db"].as<std::string>() : ":memory:";
  auto db = shilu::dataset::Database::open(db_path);
  if (!db) return usage_error(db.error().to_string());

  shilu::dataset::LoadOptions opt;
  if (vm.count("jobs")) opt.batch.threads = vm["jobs"].as<unsigned>();
  if (vm.count("glob")) opt.batch.globs = vm["glob"].as<std::vector<std::string>>();
  opt.cancel = shilu::cli::install_stop_handler();
  if (shilu::cli::show_progress(vm)) {
    opt.progress = [](const shilu::dataset::LoadProgress& p) {
      double rate = p.seconds > 0 ? static_cast<double>(p.bytes) / p.seconds : 0;
      char buf[64];
      std::snprintf(buf, sizeof buf, ", %.1f MB/s", rate / 1e6);
      std::string line = "\r" + std::to_string(p.documents) + " documents (" + std::to_string(p.added) + " added" +
                         (p.failed ? ", " + std::to_string(p.failed) + " failed" : std::string()) + "), " +
                         std::to_string(p.mentions) + " mentions, " + shilu::cli::mb(p.bytes) + buf + "\x1b[K";
      if (p.final) line += "\n";
      std::fputs(line.c_str(), stderr);
      std::fflush(stderr);
    };
  }

  auto res = shilu::dataset::load(*db, pipe ? &*pipe : nullptr, inputs, opt);
  if (!res) return usage_error(res.error().to_string());
  if (vm.count("csv")) {
    if (auto s = db->write_csv(vm["csv"].as<std::string>()); !s) return usage_error(s.error().to_string());
  }
  const auto& s = *res;
  std::size_t shown = 0;
  for (const auto& f : s.failures) {
    if (++shown > 50) break;
    std::cerr << "shilu dataset: failed: " << f.source << (f.id.empty() ? "" : " (" + f.id + ")") << ": " << f.code
              << (f.message.empty() ? "" : ": " + f.message) << "\n";
  }
  if (s.failed > 50) std::cerr << "shilu dataset: … and " << (s.failed - 50) << " more failures\n";
  if (!vm.count("quiet")) {
    auto count = [&](const char* table) {
      auto r = db->query(std::string("SELECT COUNT(*) FROM ") + table);
      return r && !r->empty() ? (*r)[0][0] : std::string("?");
    };
    std::cerr << "shilu dataset: " << s.added << " documents added, " << s.existing << " already present, " << s.failed
              << " failed; " << s.mentions << " mentions added → " << (vm.count("db") ? db_path : "(memory)") << " (now "
              << count("documents") << " documents, " << count("persons") << " persons, " << count("places") << " places, "
              << count("dates") << " dates, " << count("troop_counts") << " troop counts)"
              << (vm.count("csv") ? "; CSV in " + vm["csv"].as<std::string>() : "") << (s.cancelled ? " (interrupted)" : "")
              << "\n";
  }
  if (s.cancelled) return 128 + shilu::cli::stop_signal();
  return s.failed ? shilu::cli::kExitData : shilu::cli::kExitOk;
}
