// bench_quantities — throughput of quantities::Extractor::extract in MB/s on one core.
//
//   bench_quantities [RESOURCES_DIR] [MB]
//
// The text is corpus/texts/*.txt concatenated and repeated until it reaches MB megabytes
// (default 20). Tokenizing is timed separately so the figure is the extractor's own.
// Target: tens of MB/s.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "shilu/core.h"
#include "shilu/quantities.h"

#ifndef SHILU_SOURCE_DIR
#define SHILU_SOURCE_DIR "."
#endif

int main(int argc, char** argv) {
  std::string res = argc > 1 ? argv[1] : SHILU_SOURCE_DIR "/corpus/resources";
  double mb = argc > 2 ? std::atof(argv[2]) : 20.0;
  auto ex = shilu::quantities::Extractor::load(res);
  if (!ex) {
    std::fprintf(stderr, "bench_quantities: %s\n", ex.error().to_string().c_str());
    return 1;
  }
  std::string corpus;
  for (const auto& e : std::filesystem::directory_iterator(SHILU_SOURCE_DIR "/corpus/texts")) {
    if (e.path().extension() != ".txt") continue;
    auto s = shilu::read_file(e.path());
    if (s) corpus += *s + "\n\n";
  }
  if (corpus.empty()) {
    std::fprintf(stderr, "bench_quantities: no corpus/texts/*.txt\n");
    return 1;
  }
  std::string text;
  while (text.size() < mb * 1e6) text += corpus;
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  auto tok = shilu::text::tokenize(text);
  auto t1 = clock::now();
  auto ms = ex->extract(tok, shilu::ExtractContext{});
  auto t2 = clock::now();
  double tsec = std::chrono::duration<double>(t1 - t0).count();
  double esec = std::chrono::duration<double>(t2 - t1).count();
  double size = static_cast<double>(text.size()) / 1e6;
  std::printf("text       %.1f MB, %zu tokens\n", size, tok.tokens.size());
  std::printf("tokenize   %.1f MB/s\n", size / tsec);
  std::printf("extract    %.1f MB/s  (%zu mentions)\n", size / esec, ms.size());
  return 0;
}
