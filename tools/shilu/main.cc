// shilu — command-line entry point: dispatches to one subcommand per file.
#include <cstring>
#include <iostream>
#include <string_view>

#include "cli.h"
#include "shilu/core.h"

namespace {

struct Sub {
  const char* name;
  shilu::cli::Command fn;
  const char* summary;
};

constexpr Sub kSubs[] = {
    {"annotate", cmd_annotate, "annotate text files and print shilu.annotation/1 JSON"},
    {"batch", cmd_batch, "annotate whole corpora in parallel (files, directories, JSON Lines)"},
    {"dataset", cmd_dataset, "build a SQLite database (and CSV) of persons, places, dates, troops"},
    {"names", cmd_names, "normalize and cluster romanized Chinese personal names"},
    {"eras", cmd_eras, "look up, list and convert Chinese era names (nianhao)"},
    {"places", cmd_places, "look up places in the historical and modern gazetteer"},
    {"eval", cmd_eval, "score annotations against gold files (precision, recall, F1)"},
};

void usage(std::ostream& os) {
  os << "shilu " << shilu::kVersion
     << " — entity extraction for English narratives of Chinese history\n\n"
        "Usage: shilu <command> [options] [args]\n\n"
        "Commands:\n";
  for (const auto& s : kSubs) {
    os << "  " << s.name;
    for (std::size_t k = std::strlen(s.name); k < 10; ++k) os << ' ';
    os << s.summary << "\n";
  }
  os << "\nGlobal options:\n"
        "  -h, --help     this help; `shilu <command> --help` for a command's options\n"
        "  --version      print the version\n\n"
        "Examples:\n"
        "  shilu annotate --pretty corpus/texts/01_jinzhou_novel.txt\n"
        "  shilu annotate --types person,date *.txt > out.jsonl\n"
        "  echo 'Yeh-lü Hsieh-chen' | shilu names normalize\n"
        "  shilu eras lookup Tianhui 3\n"
        "  shilu batch -j 2 corpus/texts -o annotations.jsonl\n"
        "  shilu dataset --db history.sqlite annotations.jsonl\n\n"
        "Resources are read from --resources DIR, else $SHILU_RESOURCES, else the built-in path.\n"
        "Exit codes: 0 ok, 1 bad data (a document failed), 2 usage or I/O error.\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(std::cerr);
    return shilu::cli::kExitUsage;
  }
  std::string_view cmd = argv[1];
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    usage(std::cout);
    return 0;
  }
  if (cmd == "--version" || cmd == "-V" || cmd == "version") {
    std::cout << "shilu " << shilu::kVersion << "\n";
    return 0;
  }
  for (const auto& s : kSubs)
    if (cmd == s.name) {
      try {
        return s.fn(argc - 1, argv + 1);
      } catch (const std::exception& e) {
        shilu::cli::error(s.name, std::string("internal error: ") + e.what());
        return shilu::cli::kExitUsage;
      }
    }
  std::cerr << "shilu: error: unknown command '" << cmd << "' (try `shilu --help`)\n";
  return shilu::cli::kExitUsage;
}
