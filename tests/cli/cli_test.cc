// Runs the real `shilu` binary on corpus files and bad inputs.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <set>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "shilu/io.h"
#include "test_paths.h"

namespace fs = std::filesystem;

namespace {

struct Run {
  int code = -1;
  std::string out, err;
};

Run run(const std::string& args, const std::string& stdin_data = "") {
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() / ("shilu_cli_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path in = dir / ("in" + std::to_string(counter));
  fs::path out = dir / ("out" + std::to_string(counter));
  fs::path err = dir / ("err" + std::to_string(counter++));
  { std::ofstream(in, std::ios::binary) << stdin_data; }
  std::string cmd = std::string(SHILU_BINARY) + " " + args + " <" + in.string() + " >" + out.string() + " 2>" + err.string();
  int st = std::system(cmd.c_str());
  Run r;
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  std::ifstream o(out, std::ios::binary), e(err, std::ios::binary);
  std::stringstream so, se;
  so << o.rdbuf();
  se << e.rdbuf();
  r.out = so.str();
  r.err = se.str();
  return r;
}

fs::path write_tmp(const std::string& name, const std::string& bytes) {
  fs::path dir = fs::temp_directory_path() / ("shilu_cli_files_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path p = dir / name;
  std::ofstream(p, std::ios::binary) << bytes;
  return p;
}

// Checks the annotation contract on one JSON object and that every span slices back.
void check_annotation(const shilu::Value& a, const std::string& raw) {
  REQUIRE(a.is_object());
  CHECK(a.get_string("schema") == "shilu.annotation/1");
  const shilu::Value* doc = a.find("document");
  REQUIRE(doc);
  CHECK(doc->contains("id"));
  CHECK(doc->get_int("bytes") == static_cast<std::int64_t>(raw.size()));
  const shilu::Value* ents = a.find("entities");
  REQUIRE(ents);
  REQUIRE(ents->is_array());
  REQUIRE(a.find("warnings"));
  // Code-point → byte index of the raw text (valid UTF-8 in these tests).
  std::vector<std::size_t> cp_byte;
  for (std::size_t b = 0; b < raw.size();) {
    cp_byte.push_back(b);
    unsigned char c = static_cast<unsigned char>(raw[b]);
    b += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  }
  cp_byte.push_back(raw.size());
  std::set<std::string> ids;
  for (const auto& e : ents->as_array()) {
    for (auto f : {"id", "type", "text", "start", "end", "byte_start", "byte_end", "rule", "normalized"})
      REQUIRE_MESSAGE(e.contains(f), "missing field " << f);
    CHECK(ids.insert(e.get_string("id")).second);
    auto bs = e.get_int("byte_start"), be = e.get_int("byte_end");
    auto s = e.get_int("start"), en = e.get_int("end");
    REQUIRE(be <= static_cast<std::int64_t>(raw.size()));
    CHECK(raw.substr(bs, be - bs) == e.get_string("text"));
    REQUIRE(en < static_cast<std::int64_t>(cp_byte.size()));
    CHECK(raw.substr(cp_byte[s], cp_byte[en] - cp_byte[s]) == e.get_string("text"));
  }
}

std::vector<fs::path> corpus_texts() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(shilu::testing::corpus_dir() / "texts"))
    if (e.path().extension() == ".txt") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("shilu --help, --version and an unknown command") {
  auto h = run("--help");
  CHECK(h.code == 0);
  CHECK(h.out.find("annotate") != std::string::npos);
  auto v = run("--version");
  CHECK(v.code == 0);
  CHECK(v.out.rfind("shilu ", 0) == 0);
  auto u = run("frobnicate");
  CHECK(u.code == 2);
  CHECK(u.out.empty());
  CHECK(u.err.find("unknown command") != std::string::npos);
  auto ah = run("annotate --help");
  CHECK(ah.code == 0);
  CHECK(ah.out.find("--types") != std::string::npos);
  auto bad = run("annotate --no-such-flag x");
  CHECK(bad.code == 2);
}

TEST_CASE("annotate prints valid JSON with exact offsets for every bundled text") {
  auto texts = corpus_texts();
  REQUIRE(!texts.empty());
  for (const auto& p : texts) {
    CAPTURE(p.string());
    auto r = run("annotate " + p.string());
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());
    auto v = shilu::io::parse_json(r.out);
    REQUIRE(v.ok());
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    check_annotation(*v, ss.str());
    CHECK(!v->find("entities")->as_array().empty());
  }
}

TEST_CASE("several files give JSON Lines in argument order") {
  auto texts = corpus_texts();
  REQUIRE(texts.size() >= 2);
  auto r = run("annotate " + texts[1].string() + " " + texts[0].string());
  REQUIRE(r.code == 0);
  std::istringstream in(r.out);
  std::string l1, l2, l3;
  std::getline(in, l1);
  std::getline(in, l2);
  CHECK(!std::getline(in, l3));
  CHECK(shilu::io::parse_json(l1)->find("document")->get_string("id") == texts[1].stem().string());
  CHECK(shilu::io::parse_json(l2)->find("document")->get_string("id") == texts[0].stem().string());
}

TEST_CASE("missing files, directories and unreadable files: one line on stderr, exit 2, nothing on stdout") {
  SUBCASE("missing") {
    auto r = run("annotate /no/such/file.txt");
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("/no/such/file.txt") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  SUBCASE("directory") {
    auto r = run("annotate " + fs::temp_directory_path().string());
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("directory") != std::string::npos);
  }
  SUBCASE("unreadable") {
    if (::geteuid() == 0) {
      MESSAGE("running as root: permission bits do not stop reads; checked through a dangling path instead");
      auto r = run("annotate " + (fs::temp_directory_path() / "shilu_dangling" / "x.txt").string());
      CHECK(r.code == 2);
    } else {
      auto p = write_tmp("unreadable.txt", "Jin");
      ::chmod(p.c_str(), 0);
      auto r = run("annotate " + p.string());
      CHECK(r.code == 2);
      CHECK(r.out.empty());
      CHECK(r.err.find("unreadable.txt") != std::string::npos);
    }
  }
  SUBCASE("a good file before a missing one prints nothing") {
    auto good = write_tmp("good.txt", "Jin army");
    auto r = run("annotate " + good.string() + " /no/such/file.txt");
    CHECK(r.code == 2);
    CHECK(r.out.empty());
  }
}

TEST_CASE("bad bytes are reported as warnings and analysis continues") {
  std::string raw = "In 1125 the Jin army\xFF took Taiyuan.\0 Then\xE4\xB8 more.";
  raw = std::string("In 1125 the Jin army\xFF took Taiyuan.\0 Then\xE4\xB8 more.", 45);
  auto p = write_tmp("bad.txt", raw);
  auto r = run("annotate " + p.string());
  REQUIRE(r.code == 0);
  auto v = shilu::io::parse_json(r.out);
  REQUIRE(v.ok());
  std::vector<std::string> codes;
  for (const auto& w : v->find("warnings")->as_array()) codes.push_back(w.get_string("code"));
  CHECK(std::count(codes.begin(), codes.end(), "invalid_utf8") == 2);
  CHECK(std::count(codes.begin(), codes.end(), "nul_byte") == 1);
  for (const auto& e : v->find("entities")->as_array()) {
    auto bs = e.get_int("byte_start"), be = e.get_int("byte_end");
    CHECK(raw.substr(bs, be - bs) == e.get_string("text"));
  }
}

TEST_CASE("empty input, stdin, UTF-16 and BOM") {
  auto e = run("annotate " + write_tmp("empty.txt", "").string());
  REQUIRE(e.code == 0);
  auto v = shilu::io::parse_json(e.out);
  REQUIRE(v.ok());
  CHECK(v->find("entities")->as_array().empty());
  CHECK(v->find("document")->get_int("bytes") == 0);

  auto s = run("annotate - --id page-1", "Kaifeng fell in 1127.");
  REQUIRE(s.code == 0);
  CHECK(shilu::io::parse_json(s.out)->find("document")->get_string("id") == "page-1");

  std::string u16("\xFF\xFE" "J\0i\0n\0", 8);
  auto u = run("annotate " + write_tmp("u16.txt", u16).string());
  REQUIRE(u.code == 0);
  CHECK(u.out.find("utf16_converted") != std::string::npos);

  auto b = run("annotate " + write_tmp("bom.txt", "\xEF\xBB\xBFJin").string());
  REQUIRE(b.code == 0);
  CHECK(b.out.find("\"bom\"") != std::string::npos);
}

TEST_CASE("--tokens and --sentences add arrays whose offsets slice back") {
  std::string raw = "Yēlǜ Xiézhēn’s “army” 😀 took Jinzhou (r. 1123-35). It fell.";
  auto p = write_tmp("tok.txt", raw);
  auto r = run("annotate --tokens --sentences " + p.string());
  REQUIRE(r.code == 0);
  auto v = shilu::io::parse_json(r.out);
  REQUIRE(v.ok());
  REQUIRE(v->find("tokens"));
  REQUIRE(v->find("sentences"));
  CHECK(v->find("sentences")->size() == 2);
  for (const auto& t : v->find("tokens")->as_array()) {
    auto bs = t.get_int("byte_start"), be = t.get_int("byte_end");
    CHECK(!raw.substr(bs, be - bs).empty());
  }
}

TEST_CASE("--types filters entity types and rejects unknown ones") {
  auto bad = run("annotate --types person,bogus -", "x");
  CHECK(bad.code == 2);
  CHECK(bad.err.find("bogus") != std::string::npos);
  auto texts = corpus_texts();
  REQUIRE(!texts.empty());
  auto r = run("annotate --types date " + texts[0].string());
  REQUIRE(r.code == 0);
  auto v = shilu::io::parse_json(r.out);
  REQUIRE(v.ok());
  const auto& ents = v->find("entities")->as_array();
  CHECK(!ents.empty());
  for (const auto& e : ents) CHECK(e.get_string("type") == "date");
}

TEST_CASE("names normalize prints exactly one JSON line per input line, garbage included") {
  std::string input = "Yeh-lü Hsieh-chen\n\n\xFF\xFE\n12345\nKaifeng Prefecture\nWan Yanlou\n" + std::string(5000, 'x') +
                      "\nYelvxiu\r\nBattle of Yaozhou";
  auto r = run("names normalize", input);
  REQUIRE(r.code == 0);
  std::istringstream in(r.out);
  std::string line;
  std::vector<shilu::Value> rows;
  while (std::getline(in, line)) {
    auto v = shilu::io::parse_json(line);
    REQUIRE_MESSAGE(v.ok(), line);
    rows.push_back(*v);
  }
  REQUIRE(rows.size() == 9);
  CHECK(rows[0].get_string("canonical") == "Yelü Xiezhen");
  CHECK(rows[0].get_string("key") == "yelu xiezhen");
  CHECK(rows[2].contains("error"));
  CHECK(rows[3].contains("error"));
  CHECK(rows[4].find("person")->as_bool() == false);
  CHECK(rows[5].get_string("canonical") == "Wanyan Lou");
  CHECK(rows[7].get_string("canonical") == "Yelü Xiu");
  CHECK(rows[8].find("person")->as_bool() == false);
}

TEST_CASE("eras lookup, convert and places lookup answer from the resources") {
  auto l = run("eras lookup Tianhui 3");
  REQUIRE(l.code == 0);
  CHECK(l.out.find("1125") != std::string::npos);
  auto c = run("eras convert \"Shaoxing 12 1 15\"");
  REQUIRE(c.code == 0);
  CHECK(c.out.find("1142") != std::string::npos);
  auto bad = run("eras lookup Notanera");
  CHECK(bad.code != 0);
  auto p = run("places lookup \"K'ai-feng\"");
  REQUIRE(p.code == 0);
  CHECK(p.out.find("Kaifeng") != std::string::npos);
  CHECK(p.out.find("Henan") != std::string::npos);
}

TEST_CASE("a binary file is annotated with a warning saying it is not text") {
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  png += std::string(2000, '\x01');
  auto p = write_tmp("image.txt", png);
  auto r = run("annotate " + p.string());
  REQUIRE(r.code == 0);
  auto v = shilu::io::parse_json(r.out);
  REQUIRE(v.ok());
  REQUIRE(!v->find("warnings")->as_array().empty());
  CHECK(v->find("warnings")->as_array()[0].get_string("code") == "binary");
  CHECK(r.err.find("image.txt") != std::string::npos);
}
