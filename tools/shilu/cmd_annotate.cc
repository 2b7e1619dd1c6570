// shilu annotate: files (or stdin) → shilu.annotation/1 JSON.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "cli.h"
#include "shilu/annotate.h"
#include "shilu/batch.h"
#include "shilu/io.h"

namespace {

const char* kUsage = "shilu annotate [options] [FILE...|-]";
const char* kExamples =
    "Prints one shilu.annotation/1 JSON object per document: entities (person, place, date,\n"
    "troops, polity, army, event) with code-point offsets start/end and UTF-8 byte offsets\n"
    "byte_start/byte_end into the original text, a normalized value and the rule that found\n"
    "them, plus warnings about the input (invalid UTF-8, NUL bytes, UTF-16, BOM).\n"
    "Several files (or --jsonl) give JSON Lines, one document per line, in argument order.\n\n"
    "Examples:\n"
    "  shilu annotate corpus/texts/02_song_jin_encyclopedia.txt\n"
    "  shilu annotate --pretty --types person,date chronicle.txt\n"
    "  cat page.txt | shilu annotate - --id page-17\n"
    "  shilu annotate --sentences --tokens a.txt b.txt > ab.jsonl\n\n"
    "Exit codes: 0 ok; 2 usage error or a file that is missing, a directory or unreadable\n"
    "(checked before anything is printed).";

bool readable_file(const std::string& p, std::string& why) {
  std::error_code ec;
  auto st = std::filesystem::status(p, ec);
  if (ec || !std::filesystem::exists(st)) { why = "no such file"; return false; }
  if (std::filesystem::is_directory(st)) { why = "is a directory (use `shilu batch` for directories)"; return false; }
  int fd = ::open(p.c_str(), O_RDONLY);
  if (fd < 0) { why = std::string("cannot open: ") + std::strerror(errno); return false; }
  ::close(fd);
  return true;
}

}  // namespace

int cmd_annotate(int argc, char** argv) {
  namespace po = shilu::cli::po;
  po::options_description desc("Options");
  desc.add_options()
      ("input", po::value<std::vector<std::string>>()->value_name("FILE"), "input files; - or none = stdin")
      ("jsonl", "JSON Lines even for a single document")
      ("pretty", "indented JSON for reading (one object per document, not JSON Lines)")
      ("types", po::value<std::string>()->value_name("LIST"),
       "only these entity types, comma-separated: person,place,date,troops,polity,army,event")
      ("tokens", "add the tokens array")
      ("sentences", "add the sentences array")
      ("id", po::value<std::string>()->value_name("ID"), "document id for stdin input (default: stdin)");
  shilu::cli::add_common_options(desc);
  po::positional_options_description pos;
  pos.add("input", -1);
  po::variables_map vm;
  int code = 0;
  if (!shilu::cli::parse(argc, argv, kUsage, desc, pos, kExamples, vm, code)) return code;

  std::vector<std::string> inputs;
  if (vm.count("input")) inputs = vm["input"].as<std::vector<std::string>>();
  if (inputs.empty()) inputs.push_back("-");
  // Check every input before printing anything.
  for (const auto& p : inputs) {
    std::string why;
    if (p != "-" && !readable_file(p, why)) {
      shilu::cli::error("annotate", p + ": " + why);
      return shilu::cli::kExitUsage;
    }
  }
  shilu::annotate::Options opt;
  if (vm.count("types")) {
    static const std::set<std::string> known = {"person", "place", "date", "troops", "polity", "army", "event", "quantity"};
    std::stringstream ss(vm["types"].as<std::string>());
    std::string t;
    while (std::getline(ss, t, ',')) {
      if (t.empty()) continue;
      if (!known.contains(t)) {
        shilu::cli::error("annotate", "unknown entity type '" + t + "' in --types (known: person, place, date, troops, polity, army, event, quantity)");
        return shilu::cli::kExitUsage;
      }
      opt.types.insert(t);
    }
  }
  auto pipe = shilu::annotate::Pipeline::load(shilu::cli::resources_dir(vm));
  if (!pipe) {
    shilu::cli::error("annotate", pipe.error().to_string());
    return shilu::cli::kExitUsage;
  }
  shilu::io::WriteOptions wo;
  wo.pretty = vm.count("pretty") > 0;
  wo.tokens = vm.count("tokens") > 0;
  wo.sentences = vm.count("sentences") > 0;

  for (const auto& p : inputs) {
    std::string bytes, id, path;
    if (p == "-") {
      std::ostringstream ss;
      ss << std::cin.rdbuf();
      bytes = ss.str();
      id = vm.count("id") ? vm["id"].as<std::string>() : "stdin";
      path = "-";
    } else {
      auto data = shilu::read_file(p);
      if (!data) {
        shilu::cli::error("annotate", data.error().to_string());
        return shilu::cli::kExitUsage;
      }
      bytes = std::move(data).value();
      path = p;
      id = std::filesystem::path(p).stem().string();
    }
    // Binary data or text in another encoding is annotated anyway (the user asked for this
    // file) but says so, in the output and on stderr. `shilu batch` rejects such files.
    shilu::batch::TextCheck check = shilu::batch::check_text(bytes);
    shilu::Document doc = shilu::Document::from_bytes(id, path, std::move(bytes));
    if (!check.ok()) {
      doc.warnings.insert(doc.warnings.begin(), {check.code, check.message + " (annotated anyway)", -1});
      shilu::cli::warn("annotate", path + ": " + check.message);
    }
    shilu::annotate::Annotation a = pipe->annotate(doc, opt);
    std::cout << shilu::io::annotation_json(a, wo) << '\n';
  }
  std::cout.flush();
  return std::cout ? shilu::cli::kExitOk : shilu::cli::kExitUsage;
}
