// `shilu dataset` from the command line: help, usage errors, CSV tables, stdin input.
// (The database itself is checked with SQL through the sqlite3 C API in tests/dataset/,
// which links SQLite; test_cli does not.)
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shilu/io.h"
#include "test_paths.h"

namespace fs = std::filesystem;

namespace {

struct DsRun {
  int code = -1;
  std::string out, err;
};

fs::path ds_dir() {
  fs::path d = fs::temp_directory_path() / ("shilu_cli_dataset_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

std::string ds_slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

DsRun ds_run(const std::string& args, const std::string& stdin_data = "") {
  static int n = 0;
  fs::path d = ds_dir();
  std::string k = std::to_string(n++);
  fs::path in = d / ("in" + k), out = d / ("out" + k), err = d / ("err" + k);
  std::ofstream(in, std::ios::binary) << stdin_data;
  std::string cmd = std::string(SHILU_BINARY) + " " + args + " <" + in.string() + " >" + out.string() + " 2>" + err.string();
  int st = std::system(cmd.c_str());
  return DsRun{WIFEXITED(st) ? WEXITSTATUS(st) : -1, ds_slurp(out), ds_slurp(err)};
}

// RFC 4180 reader: records of fields; CRLF line ends, "" inside quotes.
std::vector<std::vector<std::string>> parse_csv(const std::string& s, bool& crlf_only) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, in_quotes = false;
  crlf_only = true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') { field += '"'; ++i; }
      else if (c == '"') in_quotes = false;
      else field += c;
      continue;
    }
    if (c == '"' && field.empty()) { in_quotes = quoted = true; continue; }
    if (c == ',') { row.push_back(field); field.clear(); quoted = false; continue; }
    if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      row.push_back(field);
      field.clear();
      rows.push_back(row);
      row.clear();
      ++i;
      continue;
    }
    if (c == '\n') crlf_only = false;
    field += c;
  }
  (void)quoted;
  if (!field.empty() || !row.empty()) { row.push_back(field); rows.push_back(row); }
  return rows;
}

}  // namespace

TEST_CASE("dataset --help teaches with examples; usage errors exit 2") {
  auto h = ds_run("dataset --help");
  CHECK(h.code == 0);
  CHECK(h.out.find("person_spellings") != std::string::npos);
  CHECK(h.out.find("Examples:") != std::string::npos);
  CHECK(ds_run("dataset x.jsonl").code == 2);  // no --db / --csv
  CHECK(ds_run("dataset --db " + (ds_dir() / "u.sqlite").string()).code == 2);  // no input
  auto missing = ds_run("dataset --db " + (ds_dir() / "u.sqlite").string() + " /no/such.jsonl");
  CHECK(missing.code == 2);
  CHECK(missing.err.find("/no/such.jsonl") != std::string::npos);
}

TEST_CASE("dataset --csv writes the tables as RFC 4180 CSV with a header row") {
  fs::path d = ds_dir() / "csv";
  fs::remove_all(d);
  std::string text = "In 1127, the Jin army of 60,000 men took Kaifeng; \"Yue Fei\" fled.\n";
  fs::create_directories(d);
  std::ofstream(d / "a.txt") << text;
  auto r = ds_run("dataset --csv " + (d / "tables").string() + " " + (d / "a.txt").string());
  REQUIRE_MESSAGE(r.code == 0, r.err);
  for (const char* t : {"documents", "mentions", "persons", "person_variants", "places", "place_variants", "dates", "troop_counts"}) {
    bool crlf = false;
    auto rows = parse_csv(ds_slurp(d / "tables" / (std::string(t) + ".csv")), crlf);
    REQUIRE_MESSAGE(!rows.empty(), t);
    CHECK(crlf);
    for (const auto& row : rows) CHECK_MESSAGE(row.size() == rows[0].size(), t);
  }
  bool crlf = false;
  auto docs = parse_csv(ds_slurp(d / "tables" / "documents.csv"), crlf);
  REQUIRE(docs.size() == 2);
  CHECK(docs[0][1] == "content_hash");
  CHECK(docs[1][2] == "text");
  CHECK(docs[1][3] == "a");
  auto mentions = parse_csv(ds_slurp(d / "tables" / "mentions.csv"), crlf);
  REQUIRE(mentions.size() >= 2);
  int sentence_col = -1;
  for (std::size_t i = 0; i < mentions[0].size(); ++i)
    if (mentions[0][i] == "sentence") sentence_col = static_cast<int>(i);
  REQUIRE(sentence_col >= 0);
  // The sentence has commas and quotes: it survives the CSV round trip.
  CHECK(mentions[1][static_cast<std::size_t>(sentence_col)].find("\"Yue Fei\" fled.") != std::string::npos);
}

TEST_CASE("dataset reads annotation JSON Lines from stdin and counts error records as failures") {
  fs::path d = ds_dir() / "stdin";
  fs::remove_all(d);
  fs::create_directories(d);
  std::string lines = shilu::io::error_record_json("broken", "broken.pdf", 9, "binary", "not text: looks like a PDF file") + "\n";
  auto r = ds_run("dataset --db " + (d / "x.sqlite").string() + " -", lines);
  CHECK(r.code == 1);
  CHECK(r.err.find("broken.pdf") != std::string::npos);
  CHECK(r.err.find("0 documents added") != std::string::npos);
}

TEST_CASE("dataset --progress reports documents and mentions on stderr; without it a pipe gets none") {
  fs::path d = ds_dir() / "progress";
  fs::remove_all(d);
  fs::create_directories(d / "texts");
  std::ofstream(d / "texts" / "a.txt") << "In 1127 the Jin army of 60,000 men took Kaifeng.\n";
  std::ofstream(d / "texts" / "b.txt") << "Yue Fei led 8,000 men to Yancheng in 1140.\n";
  auto r = ds_run("dataset --progress --db " + (d / "p.sqlite").string() + " " + (d / "texts").string());
  REQUIRE_MESSAGE(r.code == 0, r.err);
  // The final progress line ends with a newline after the last carriage return.
  CHECK(r.err.find("\r2 documents (2 added)") != std::string::npos);
  CHECK(r.err.find(" mentions, ") != std::string::npos);
  auto q = ds_run("dataset --db " + (d / "q.sqlite").string() + " " + (d / "texts").string());
  REQUIRE_MESSAGE(q.code == 0, q.err);
  CHECK(q.err.find('\r') == std::string::npos);  // stderr is a file: no progress unless asked
}
