// Tokenizer + sentence splitter throughput (MB/s on one core) on the bundled texts
// repeated to --mb megabytes (default 50).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "shilu/core.h"
#include "shilu/text.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  double mb = 50;
  for (int i = 1; i + 1 < argc; i += 2)
    if (!std::strcmp(argv[i], "--mb")) mb = std::atof(argv[i + 1]);
  std::string all;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(SHILU_SOURCE_DIR) / "corpus" / "texts"))
    if (e.path().extension() == ".txt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files)
    if (auto d = shilu::read_file(f)) all += *d + "\n\n";
  if (all.empty()) return 2;
  std::string big;
  while (big.size() < mb * 1e6) big += all;
  auto t0 = std::chrono::steady_clock::now();
  auto t = shilu::text::tokenize(big);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("tokenized %.1f MB into %zu tokens and %zu sentences in %.2f s: %.1f MB/s per core\n", big.size() / 1e6,
              t.tokens.size(), t.sentences.size(), s, big.size() / 1e6 / s);
  t0 = std::chrono::steady_clock::now();
  std::size_t n = 0;
  for (std::size_t i = 0; i < t.tokens.size(); i += 7) n += shilu::text::fold(t.view(i)).size();
  s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("folded %zu tokens in %.2f s (%.1f M tokens/s)\n", t.tokens.size() / 7, s, t.tokens.size() / 7 / s / 1e6);
  return n == 0;
}
