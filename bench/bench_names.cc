// bench_names — throughput of romanize::Engine::normalize in names per second on one core.
//
//   bench_names [RESOURCES_DIR] [NAMES_TSV] [SECONDS] [normalize|key_of|is_surname|is_romanized_chinese]
//
// Names come from the first column of corpus/examples/names.tsv (every variant kind:
// pinyin, tone marks, Wade-Giles, run-together, mis-split, inverted, non-persons, garbage).
// Also times key_of() and is_surname() on the same strings. Target: ≥ 500,000 names/s.
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "shilu/core.h"
#include "shilu/romanize.h"

#ifndef SHILU_SOURCE_DIR
#define SHILU_SOURCE_DIR "."
#endif

int main(int argc, char** argv) {
  std::string res = argc > 1 ? argv[1] : SHILU_SOURCE_DIR "/corpus/resources";
  std::string tsv = argc > 2 ? argv[2] : SHILU_SOURCE_DIR "/corpus/examples/names.tsv";
  double seconds = argc > 3 ? std::atof(argv[3]) : 2.0;
  auto eng = shilu::romanize::Engine::load(res);
  if (!eng) {
    std::fprintf(stderr, "bench_names: %s\n", eng.error().to_string().c_str());
    return 1;
  }
  auto t = shilu::read_tsv(tsv, {"input"});
  if (!t) {
    std::fprintf(stderr, "bench_names: %s\n", t.error().to_string().c_str());
    return 1;
  }
  std::vector<std::string> names;
  for (const auto& r : t->rows) names.emplace_back(t->cell(r, "input"));
  if (names.empty()) return 1;
  using clock = std::chrono::steady_clock;
  // Thread CPU time as well as wall time: on a shared machine the CPU figure is the one
  // that measures one core.
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  };
  auto run = [&](const char* what, auto&& fn) {
    std::size_t n = 0, sink = 0;
    auto start = clock::now();
    double cpu0 = cpu_now();
    double el = 0;
    while (el < seconds) {
      for (const auto& s : names) sink += fn(s);
      n += names.size();
      el = std::chrono::duration<double>(clock::now() - start).count();
    }
    double cpu = cpu_now() - cpu0;
    std::printf("%-22s %10.0f names/s per CPU second  %10.0f names/s wall  (%zu names, checksum %zu)\n", what,
                static_cast<double>(n) / cpu, static_cast<double>(n) / el, n, sink);
  };
  const std::string only = argc > 4 ? argv[4] : "";
  auto run_if = [&](const char* what, auto&& fn) {
    if (only.empty() || only == what) run(what, fn);
  };
  run_if("normalize", [&](const std::string& s) { return eng->normalize(s).key.size(); });
  run_if("key_of", [&](const std::string& s) { return eng->key_of(s).size(); });
  run_if("is_surname", [&](const std::string& s) { return static_cast<std::size_t>(eng->is_surname(s)); });
  run_if("is_romanized_chinese", [&](const std::string& s) { return static_cast<std::size_t>(eng->is_romanized_chinese(s)); });
  return 0;
}
