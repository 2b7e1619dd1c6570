// The real binary: `shilu batch` → `shilu dataset`, checked with SQL through the sqlite3 C API.
#ifdef SHILU_BINARY
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_paths.h"

namespace fs = std::filesystem;

namespace {

struct Run {
  int code = -1;
  std::string err;
};

Run shilu_run(const std::string& args, const fs::path& dir) {
  static int n = 0;
  fs::path err = dir / ("err" + std::to_string(n++));
  std::string cmd = std::string(SHILU_BINARY) + " " + args + " </dev/null >/dev/null 2>" + err.string();
  int st = std::system(cmd.c_str());
  std::ifstream f(err);
  std::stringstream ss;
  ss << f.rdbuf();
  return Run{WIFEXITED(st) ? WEXITSTATUS(st) : -1, ss.str()};
}

class Db {
 public:
  explicit Db(const fs::path& p) { REQUIRE(sqlite3_open_v2(p.c_str(), &h_, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK); }
  ~Db() { sqlite3_close(h_); }
  std::vector<std::vector<std::string>> rows(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    REQUIRE_MESSAGE(sqlite3_prepare_v2(h_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK, sqlite3_errmsg(h_));
    std::vector<std::vector<std::string>> out;
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::vector<std::string> r;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const unsigned char* t = sqlite3_column_text(st, i);
        r.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
      }
      out.push_back(std::move(r));
    }
    sqlite3_finalize(st);
    return out;
  }
  long long num(const std::string& sql) {
    auto r = rows(sql);
    REQUIRE(!r.empty());
    return std::stoll(r[0][0].empty() ? "0" : r[0][0]);
  }

 private:
  sqlite3* h_ = nullptr;
};

}  // namespace

TEST_CASE("batch then dataset on the bundled texts: SQL answers who, where, when and how many") {
  fs::path dir = fs::temp_directory_path() / ("shilu_dataset_e2e_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::path texts = shilu::testing::corpus_dir() / "texts";
  std::size_t ntexts = 0;
  for (const auto& e : fs::directory_iterator(texts)) ntexts += e.path().extension() == ".txt";
  REQUIRE(ntexts >= 2);
  fs::path jsonl = dir / "a.jsonl", db = dir / "h.sqlite";
  REQUIRE(shilu_run("batch -j 2 --glob '*.txt' " + texts.string() + " -o " + jsonl.string(), dir).code == 0);
  auto r = shilu_run("dataset --db " + db.string() + " " + jsonl.string(), dir);
  REQUIRE_MESSAGE(r.code == 0, r.err);
  {
    Db h(db);
    CHECK(h.num("SELECT COUNT(*) FROM documents") == static_cast<long long>(ntexts));
    CHECK(h.num("SELECT COUNT(*) FROM documents WHERE hash_of = 'text' AND sentences > 0") == static_cast<long long>(ntexts));
    // Every mention is stored, each with its sentence, and slices back out of its file.
    CHECK(h.num("SELECT COUNT(*) FROM mentions") == h.num("SELECT SUM(entities) FROM documents"));
    CHECK(h.num("SELECT COUNT(*) FROM mentions WHERE sentence IS NULL OR sentence_index IS NULL") == 0);
    CHECK(h.num("SELECT COUNT(*) FROM mentions WHERE instr(sentence, text) = 0 AND instr(text, char(10)) = 0") == 0);
    for (const auto& row : h.rows("SELECT d.path, m.byte_start, m.byte_end, m.text FROM mentions m "
                                  "JOIN documents d USING(doc_id) ORDER BY random() LIMIT 50")) {
      std::ifstream f(row[0], std::ios::binary);
      std::stringstream ss;
      ss << f.rdbuf();
      long long b = std::stoll(row[1]), e = std::stoll(row[2]);
      CHECK(ss.str().substr(static_cast<std::size_t>(b), static_cast<std::size_t>(e - b)) == row[3]);
    }
    // Persons are clustered across documents: some person has several spellings, and the
    // variant counts add up to the person mentions.
    CHECK(h.num("SELECT MAX(spellings) FROM person_spellings") >= 2);
    CHECK(h.num("SELECT COUNT(*) FROM persons p WHERE p.mentions != "
                "(SELECT SUM(count) FROM person_variants v WHERE v.person_id = p.person_id)") == 0);
    CHECK(h.num("SELECT COUNT(*) FROM mentions WHERE type = 'person' AND person_id IS NULL") == 0);
    // Places: the gazetteer's coordinates arrive in the table.
    CHECK(h.num("SELECT COUNT(*) FROM places WHERE lat BETWEEN 18 AND 54 AND lon BETWEEN 73 AND 135") >= 5);
    CHECK(h.num("SELECT COUNT(*) FROM places_per_document") >= 5);
    // Dates and troops: a timeline and troop strengths by year and side.
    CHECK(h.num("SELECT COUNT(*) FROM timeline") >= 5);
    CHECK(h.num("SELECT COUNT(*) FROM (SELECT year, LAG(year) OVER () AS prev FROM timeline) WHERE prev > year") == 0);
    CHECK(h.num("SELECT COUNT(*) FROM troop_counts") == h.num("SELECT COUNT(*) FROM mentions WHERE type = 'troops'"));
    CHECK(h.num("SELECT COUNT(*) FROM troop_counts WHERE year IS NOT NULL") >= 3);
    CHECK(h.num("SELECT SUM(reports) FROM troops_by_year_side") == h.num("SELECT COUNT(*) FROM troop_counts"));
    CHECK(h.num("SELECT COUNT(*) FROM pragma_foreign_key_check") == 0);
  }
  // Re-running, and adding the same texts annotated on the fly, never duplicates.
  auto again = shilu_run("dataset --db " + db.string() + " " + jsonl.string() + " " + texts.string() + " --glob '*.txt'", dir);
  CHECK(again.code == 0);
  CHECK(again.err.find("0 documents added") != std::string::npos);
  Db h(db);
  CHECK(h.num("SELECT COUNT(*) FROM documents") == static_cast<long long>(ntexts));
}

TEST_CASE("dataset from texts with a bad file: good ones loaded, exit 1, the file named") {
  fs::path dir = fs::temp_directory_path() / ("shilu_dataset_e2e2_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "in");
  std::ofstream(dir / "in" / "a.txt") << "In 1127 the Jin army of 60,000 men took Kaifeng.\n";
  std::ofstream(dir / "in" / "b.txt", std::ios::binary) << std::string("\x7F" "ELF\x02\x01\x01\0\0\0", 10);
  auto r = shilu_run("dataset --db " + (dir / "d.sqlite").string() + " " + (dir / "in").string(), dir);
  CHECK(r.code == 1);
  CHECK(r.err.find("b.txt") != std::string::npos);
  Db h(dir / "d.sqlite");
  CHECK(h.num("SELECT COUNT(*) FROM documents") == 1);
  CHECK(h.num("SELECT COUNT(*) FROM dates WHERE year = 1127") == 1);
}
#endif
