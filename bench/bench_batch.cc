// Throughput of shilu::batch (read + check + annotate + JSON + ordered write) with 1 and 2
// worker threads on a generated corpus of >= 100 MB made by repeating corpus/texts/*.txt,
// and the scaling factor between them (target: >= 1.8x on 2 cores).
//
//   bench_batch [--mb N] [--docs-kb K] [--threads "1 2"] [--resources DIR] [--texts DIR] [--keep DIR]
//
// The corpus is written as files of about K KB (default 64) into a temporary directory,
// read back by the batch engine (as `shilu batch DIR -o OUT` does), and the output goes to
// a JSON Lines file on the same disk, so I/O is included.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shilu/annotate.h"
#include "shilu/batch.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  double target_mb = 100;
  double doc_kb = 64;
  std::vector<unsigned> threads = {1, 2};
  fs::path res = fs::path(SHILU_SOURCE_DIR) / "corpus" / "resources";
  fs::path texts = fs::path(SHILU_SOURCE_DIR) / "corpus" / "texts";
  fs::path keep;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--mb")) target_mb = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--docs-kb")) doc_kb = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--resources")) res = argv[i + 1];
    else if (!std::strcmp(argv[i], "--texts")) texts = argv[i + 1];
    else if (!std::strcmp(argv[i], "--keep")) keep = argv[i + 1];
    else if (!std::strcmp(argv[i], "--threads")) {
      threads.clear();
      std::istringstream in(argv[i + 1]);
      unsigned t;
      while (in >> t) threads.push_back(t);
    }
  }
  auto pipe = shilu::annotate::Pipeline::load(res);
  if (!pipe) {
    std::fprintf(stderr, "bench_batch: %s\n", pipe.error().to_string().c_str());
    return 2;
  }
  std::vector<std::string> docs;
  for (const auto& e : fs::directory_iterator(texts))
    if (e.path().extension() == ".txt") {
      auto d = shilu::read_file(e.path());
      if (d) docs.push_back(*d);
    }
  std::sort(docs.begin(), docs.end());
  if (docs.empty()) {
    std::fprintf(stderr, "bench_batch: no .txt files in %s\n", texts.c_str());
    return 2;
  }
  fs::path dir = keep.empty() ? fs::temp_directory_path() / ("shilu_bench_batch_" + std::to_string(::getpid())) : keep;
  fs::create_directories(dir / "in");
  // Generate: files of ~doc_kb KB, each the concatenation of bundled texts (rotating).
  const std::size_t target = static_cast<std::size_t>(target_mb * 1e6);
  const std::size_t per_doc = static_cast<std::size_t>(doc_kb * 1000);
  std::size_t total = 0, k = 0, nfiles = 0;
  while (total < target) {
    std::string body;
    while (body.size() < per_doc) body += docs[k++ % docs.size()] + "\n\n";
    char name[64];
    std::snprintf(name, sizeof name, "d%03zu/%06zu.txt", nfiles / 1000, nfiles);
    fs::path p = dir / "in" / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << body;
    total += body.size();
    ++nfiles;
  }
  std::printf("corpus: %zu files, %.1f MB in %s\n", nfiles, total / 1e6, (dir / "in").c_str());
  double base = 0;
  for (unsigned t : threads) {
    fs::path out = dir / ("out_j" + std::to_string(t) + ".jsonl");
    auto sink = shilu::batch::open_jsonl_file(out, false);
    if (!sink) {
      std::fprintf(stderr, "bench_batch: %s\n", sink.error().to_string().c_str());
      return 2;
    }
    shilu::batch::Options opt;
    opt.threads = t;
    auto cpu = [] {
      rusage ru{};
      ::getrusage(RUSAGE_SELF, &ru);
      return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    };
    double c0 = cpu();
    auto t0 = std::chrono::steady_clock::now();
    auto s = shilu::batch::run(*pipe, {shilu::batch::Input::path_input((dir / "in").string())}, **sink, opt);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!s) {
      std::fprintf(stderr, "bench_batch: %s\n", s.error().to_string().c_str());
      return 2;
    }
    double cpu_s = cpu() - c0;
    double mbs = s->bytes / 1e6 / secs;
    if (base == 0) base = mbs;
    std::printf("-j %u: %llu documents, %.1f MB in %.2f s: %.2f MB/s, %.0f entities/s, %llu failed; %.2f cores busy; scaling %.2fx\n", t,
                static_cast<unsigned long long>(s->documents), s->bytes / 1e6, secs, mbs, s->entities / secs,
                static_cast<unsigned long long>(s->failed), cpu_s / secs, mbs / base);
    std::error_code ec;
    fs::remove(out, ec);
  }
  if (keep.empty()) {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::printf("(\"cores busy\" = CPU time / wall time of this process: below the thread count, other\n"
              " processes were competing for the cores and the scaling figure is a lower bound)\n");
  return 0;
}
