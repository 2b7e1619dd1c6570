// shilu batch: whole corpora → JSON Lines (or one .json per input), parallel and resumable.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "cli.h"
#include "shilu/batch.h"

namespace {

const char* kUsage = "shilu batch [options] INPUT... [-o OUT.jsonl | --out-dir DIR]";
const char* kExamples =
    "Annotates many documents in parallel and writes one shilu.annotation/1 object per line,\n"
    "in input order. INPUT is a text file, a directory (walked recursively, hidden entries\n"
    "skipped, sorted by name), or `-` / --jsonl-in FILE for JSON Lines records\n"
    "{\"id\": \"...\", \"text\": \"...\"}. Without INPUT, records are read from standard input and\n"
    "written to standard output, one line at a time: a streaming filter.\n\n"
    "A document that cannot be annotated (missing, unreadable, FIFO, binary, invalid UTF-8\n"
    "beyond repair, larger than --max-bytes, a bad JSON record) becomes an error record\n"
    "{\"document\": {...}, \"error\": {\"code\", \"message\"}} and a line in the summary; the run goes on.\n\n"
    "-o FILE writes FILE.part and renames it to FILE when the run is complete. Ctrl-C (SIGINT)\n"
    "or SIGTERM stops cleanly: FILE.part keeps every complete record, and the same command\n"
    "with --resume continues where it stopped (also after a crash or SIGKILL: a torn last\n"
    "line is cut off). --resume on a finished FILE adds the documents it does not have yet.\n\n"
    "Examples:\n"
    "  shilu batch corpus/texts -o annotations.jsonl\n"
    "  shilu batch -j 8 --glob '*.txt' --glob '*.md' ~/chronicles -o chronicles.jsonl\n"
    "  shilu batch ~/chronicles -o chronicles.jsonl --resume        # after Ctrl-C or a crash\n"
    "  shilu batch --jsonl-in pages.jsonl --types person,place -o pages.annotated.jsonl\n"
    "  shilu batch corpus/texts --out-dir annotated/                 # annotated/<name>.json\n"
    "  cat pages.jsonl | shilu batch -j 2 > out.jsonl                 # filter mode\n"
    "  parallel --pipe -N 1000 shilu batch -j 1 < pages.jsonl > out.jsonl\n\n"
    "Progress (documents, MB, MB/s, ETA) is shown on stderr when it is a terminal; a one-line\n"
    "summary is always printed at the end.\n"
    "Exit codes: 0 every document annotated; 1 some documents failed (error records written);\n"
    "2 usage error, missing input argument or output error; 130/143 interrupted by SIGINT/SIGTERM.";

bool parse_size(const std::string& s, std::uint64_t& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || v < 0) return false;
  std::string suf(end);
  double mul = 1;
  if (suf.empty() || suf == "B") mul = 1;
  else if (suf == "K" || suf == "k" || suf == "KiB") mul = 1024.0;
  else if (suf == "M" || suf == "MiB") mul = 1024.0 * 1024;
  else if (suf == "G" || suf == "GiB") mul = 1024.0 * 1024 * 1024;
  else return false;
  out = static_cast<std::uint64_t>(v * mul);
  return true;
}

std::string quote_arg(const std::string& a) {
  if (!a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=,:+@") ==
                        std::string::npos)
    return a;
  std::string q = "'";
  for (char c : a) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  return q + "'";
}

}  // namespace

int cmd_batch(int argc, char** argv) {
  namespace po = shilu::cli::po;
  namespace batch = shilu::batch;
  po::options_description desc("Options");
  desc.add_options()
      ("input", po::value<std::vector<std::string>>()->value_name("INPUT"), "files, directories, or - (JSON Lines on stdin)")
      ("output,o", po::value<std::string>()->value_name("FILE"), "write JSON Lines to FILE (atomically; default or -: stdout)")
      ("out-dir", po::value<std::string>()->value_name("DIR"), "write one indented .json per document under DIR, mirroring the input tree")
      ("jsonl-in", po::value<std::vector<std::string>>()->value_name("FILE"), "read JSON Lines records {\"id\",\"text\"} from FILE (- = stdin); repeatable")
      ("jobs,j", po::value<unsigned>()->value_name("N"), "worker threads (default: all cores)")
      ("glob", po::value<std::vector<std::string>>()->value_name("PATTERN"),
       "in directories, only files whose name matches PATTERN ('*.txt'; with a '/', the relative path); repeatable")
      ("max-bytes", po::value<std::string>()->value_name("SIZE"), "larger documents become error records (default 64M; K, M, G suffixes)")
      ("resume", "skip documents already in the output (-o FILE[.part] or --out-dir) and append the rest")
      ("types", po::value<std::string>()->value_name("LIST"), "only these entity types, comma-separated")
      ("tokens", "add the tokens array")
      ("sentences", "add the sentences array")
      ("quiet,q", "no summary, only errors");
  shilu::cli::add_common_options(desc);
  po::positional_options_description pos;
  pos.add("input", -1);
  po::variables_map vm;
  int code = 0;
  if (!shilu::cli::parse(argc, argv, kUsage, desc, pos, kExamples, vm, code)) return code;

  auto usage_error = [](const std::string& m) {
    shilu::cli::error("batch", m);
    return shilu::cli::kExitUsage;
  };

  std::vector<batch::Input> inputs;
  if (vm.count("input"))
    for (const auto& p : vm["input"].as<std::vector<std::string>>())
      inputs.push_back(p == "-" ? batch::Input::jsonl("-") : batch::Input::path_input(p));
  if (vm.count("jsonl-in"))
    for (const auto& p : vm["jsonl-in"].as<std::vector<std::string>>()) inputs.push_back(batch::Input::jsonl(p));
  if (inputs.empty()) {
    if (::isatty(0)) return usage_error("no input: give files or directories, or pipe JSON Lines into standard input (try `shilu batch --help`)");
    inputs.push_back(batch::Input::jsonl("-"));
  }
  int stdin_uses = 0;
  for (const auto& in : inputs)
    if (in.kind == batch::Input::Kind::kJsonl && in.path == "-") ++stdin_uses;
  if (stdin_uses > 1) return usage_error("standard input (-) given more than once");
  for (const auto& in : inputs) {
    if (in.kind == batch::Input::Kind::kJsonl && in.path == "-") continue;
    struct stat st{};
    if (::lstat(in.path.c_str(), &st) != 0) return usage_error(in.path + ": no such file or directory");
    if (in.kind == batch::Input::Kind::kJsonl && S_ISDIR(st.st_mode)) return usage_error(in.path + ": --jsonl-in needs a file, not a directory");
  }
  // "-o -" is standard output, as everywhere else.
  const bool to_file = vm.count("output") && vm["output"].as<std::string>() != "-";
  if (to_file && vm.count("out-dir")) return usage_error("give either -o FILE or --out-dir DIR, not both");

  batch::Options opt;
  if (vm.count("jobs")) {
    opt.threads = vm["jobs"].as<unsigned>();
    if (opt.threads == 0) return usage_error("-j must be at least 1");
  }
  if (vm.count("glob")) opt.globs = vm["glob"].as<std::vector<std::string>>();
  if (vm.count("max-bytes") && !parse_size(vm["max-bytes"].as<std::string>(), opt.max_bytes))
    return usage_error("--max-bytes: not a size: '" + vm["max-bytes"].as<std::string>() + "' (e.g. 500000, 64M, 1G)");
  if (vm.count("types")) {
    static const std::set<std::string> known = {"person", "place", "date", "troops", "polity", "army", "event", "quantity"};
    std::stringstream ss(vm["types"].as<std::string>());
    std::string t;
    while (std::getline(ss, t, ',')) {
      if (t.empty()) continue;
      if (!known.contains(t)) return usage_error("unknown entity type '" + t + "' in --types (known: person, place, date, troops, polity, army, event, quantity)");
      opt.annotate.types.insert(t);
    }
  }
  opt.write.tokens = vm.count("tokens") > 0;
  opt.write.sentences = vm.count("sentences") > 0;
  const bool resume = vm.count("resume") > 0;
  const bool quiet = vm.count("quiet") > 0;

  // Resources first: a failure here must leave any existing output untouched.
  auto pipe = shilu::annotate::Pipeline::load(shilu::cli::resources_dir(vm));
  if (!pipe) return usage_error(pipe.error().to_string());

  // The output.
  std::unique_ptr<batch::Sink> sink;
  std::string out_name = "standard output";
  if (to_file) {
    out_name = vm["output"].as<std::string>();
    auto s = batch::open_jsonl_file(out_name, resume);
    if (!s) return usage_error(s.error().to_string());
    sink = std::move(s).value();
  } else if (vm.count("out-dir")) {
    out_name = vm["out-dir"].as<std::string>();
    opt.write.pretty = true;
    auto s = batch::open_directory(out_name, resume);
    if (!s) return usage_error(s.error().to_string());
    sink = std::move(s).value();
  } else {
    if (resume) return usage_error("--resume needs -o FILE or --out-dir DIR (standard output cannot be resumed)");
    struct stat st{};
    bool regular = ::fstat(1, &st) == 0 && S_ISREG(st.st_mode);
    // Pipes (GNU parallel, Hadoop Streaming, Spark RDD.pipe) get every line at once.
    sink = batch::open_stream(1, regular ? 256 : 1);
  }

  if (shilu::cli::show_progress(vm)) {
    opt.count_totals = true;
    opt.progress = [](const batch::Progress& p) {
      double rate = p.seconds > 0 ? static_cast<double>(p.bytes) / p.seconds : 0;
      std::string line = "\r" + std::to_string(p.documents) + (p.total_documents ? "/" + std::to_string(p.total_documents) : "") +
                         " documents, " + shilu::cli::mb(p.bytes) + (p.total_bytes ? " of " + shilu::cli::mb(p.total_bytes) : "");
      char buf[64];
      std::snprintf(buf, sizeof buf, ", %.1f MB/s", rate / 1e6);
      line += buf;
      if (p.failed) line += ", " + std::to_string(p.failed) + " failed";
      if (p.total_bytes && rate > 0 && p.bytes <= p.total_bytes)
        line += ", ETA " + shilu::cli::hms(static_cast<double>(p.total_bytes - p.bytes) / rate);
      line += "\x1b[K";
      if (p.final) line += "\n";
      std::fputs(line.c_str(), stderr);
      std::fflush(stderr);
    };
  }
  opt.cancel = shilu::cli::install_stop_handler();

  auto res = batch::run(*pipe, inputs, *sink, opt);
  sink.reset();
  if (!res) return usage_error(res.error().to_string());
  const batch::Summary& s = *res;

  if (!quiet || s.failed) {
    std::size_t shown = 0;
    for (const auto& f : s.failures) {
      if (++shown > 50) break;
      std::cerr << "shilu batch: failed: " << f.path << (f.path.empty() || f.id == f.path ? "" : " (" + f.id + ")") << ": "
                << f.code << ": " << f.message << "\n";
    }
    if (s.failed > 50) std::cerr << "shilu batch: … and " << (s.failed - 50) << " more failures (see the error records in the output)\n";
  }
  if (!quiet) {
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.2f s (%.1f MB/s)", s.seconds, s.seconds > 0 ? s.bytes / 1e6 / s.seconds : 0.0);
    std::cerr << "shilu batch: " << s.documents << " documents (" << s.annotated << " annotated, " << s.failed << " failed"
              << (s.skipped ? ", " + std::to_string(s.skipped) + " already done" : "") << "), " << shilu::cli::mb(s.bytes) << " in "
              << rate << ", " << s.entities << " entities → " << out_name << (s.cancelled ? " (interrupted)" : "") << "\n";
  }
  if (s.cancelled) {
    int sig = shilu::cli::stop_signal();
    if (to_file || vm.count("out-dir")) {
      std::string cmd = "shilu";
      for (int i = 0; i < argc; ++i) cmd += " " + quote_arg(argv[i]);
      if (!resume) cmd += " --resume";
      std::cerr << "shilu batch: interrupted; "
                << (to_file ? "complete records are kept in " + out_name + ".part" : "finished files are kept in " + out_name)
                << "; to continue run:\n  " << cmd << "\n";
    } else {
      std::cerr << "shilu batch: interrupted; the output ends with the last complete record\n";
    }
    return 128 + sig;
  }
  return s.failed ? shilu::cli::kExitData : shilu::cli::kExitOk;
}
