// Throughput of the annotate pipeline (tokenize + all extractors + JSON) on a large
// corpus made by repeating the bundled texts. One thread = MB/s per core.
//
//   bench_annotate [--mb N] [--resources DIR] [--texts DIR]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "shilu/annotate.h"
#include "shilu/io.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  double target_mb = 50;
  fs::path res = fs::path(SHILU_SOURCE_DIR) / "corpus" / "resources";
  fs::path texts = fs::path(SHILU_SOURCE_DIR) / "corpus" / "texts";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--mb")) target_mb = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--resources")) res = argv[i + 1];
    else if (!std::strcmp(argv[i], "--texts")) texts = argv[i + 1];
  }
  auto t0 = std::chrono::steady_clock::now();
  auto pipe = shilu::annotate::Pipeline::load(res);
  if (!pipe) {
    std::fprintf(stderr, "bench_annotate: %s\n", pipe.error().to_string().c_str());
    return 2;
  }
  double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<std::string> docs;
  for (const auto& e : fs::directory_iterator(texts))
    if (e.path().extension() == ".txt") {
      auto d = shilu::read_file(e.path());
      if (d) docs.push_back(*d);
    }
  std::sort(docs.begin(), docs.end());
  if (docs.empty()) {
    std::fprintf(stderr, "bench_annotate: no .txt files in %s\n", texts.c_str());
    return 2;
  }
  std::size_t total = 0, out_bytes = 0, entities = 0, ndocs = 0;
  const std::size_t target = static_cast<std::size_t>(target_mb * 1e6);
  auto t1 = std::chrono::steady_clock::now();
  while (total < target) {
    for (const auto& text : docs) {
      auto doc = shilu::Document::from_bytes("b", "", text);
      auto a = pipe->annotate(doc, {});
      out_bytes += shilu::io::annotation_json(a, {}).size();
      entities += a.entities.size();
      total += text.size();
      ++ndocs;
    }
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  std::printf("resources loaded in %.3f s\n", load_s);
  std::printf("annotated %zu documents, %.1f MB in %.2f s on 1 thread: %.1f MB/s per core, %.0f entities/s, %.1f MB JSON\n",
              ndocs, total / 1e6, s, total / 1e6 / s, entities / s, out_bytes / 1e6);
  return 0;
}
