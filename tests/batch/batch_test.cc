// lib/batch: input checks, records, ordering, fault tolerance, cancellation, resume.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <fstream>
#include <sstream>
#include <thread>

#include "shilu/batch.h"
#include "test_paths.h"

namespace fs = std::filesystem;
namespace batch = shilu::batch;

namespace {

const shilu::annotate::Pipeline& pipeline() {
  static auto p = shilu::annotate::Pipeline::load(shilu::testing::resources_dir());
  REQUIRE_MESSAGE(p.ok(), (p.ok() ? "" : p.error().to_string()));
  return *p;
}

fs::path fresh_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("shilu_batch_" + std::to_string(::getpid())) / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

void write(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<batch::Record> run_collect(const std::vector<batch::Input>& in, batch::Options opt) {
  std::vector<batch::Record> out;
  auto sink = batch::callback_sink([&](const batch::Record& r) {
    out.push_back(r);
    return shilu::ok_status();
  });
  auto s = batch::run(pipeline(), in, *sink, opt);
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().to_string()));
  return out;
}

std::string sentence(int i) {
  return "In the year " + std::to_string(1100 + i % 90) + " the Jin army of " + std::to_string(10000 + i) +
         " men marched on Kaifeng, and Yue Fei held Xiangyang.\n";
}

}  // namespace

TEST_CASE("binary signatures and control bytes are not text; a few bad bytes are repaired") {
  CHECK(batch::check_text("\x89PNG\r\n\x1a\nxxxx").code == "binary");
  CHECK(batch::check_text(std::string("PK\x03\x04", 4) + "zip").code == "binary");
  std::string ctrl;
  for (int i = 0; i < 1000; ++i) ctrl += static_cast<char>(i % 32 == 9 ? 'a' : i % 32);
  CHECK(batch::check_text(ctrl).code == "binary");
  std::string nul_heavy("J\0i\0n\0 \0a\0r\0m\0y\0", 16);  // UTF-16 without BOM
  CHECK(batch::check_text(nul_heavy).code == "binary");
  CHECK(batch::check_text(std::string("\xFF\xFE" "J\0i\0n\0", 8)).ok());  // UTF-16 with BOM is converted
  std::string latin1 = "The Jin army took Kaifeng in 1127 and the caf\xE9 was closed; "
                       "the river was crossed at Huangtiandang by many soldiers.";
  CHECK(batch::check_text(latin1).ok());
  std::string gbk;
  for (int i = 0; i < 50; ++i) gbk += "\xD6\xD0\xCE\xC4";  // GBK for 中文: invalid UTF-8 throughout
  auto c = batch::check_text(gbk);
  CHECK(c.code == "encoding");
  CHECK(c.message.find("iconv") != std::string::npos);
  CHECK(batch::check_text("").ok());
  CHECK(batch::check_text("Tab\tand\r\nlines\fok").ok());
}

TEST_CASE("invalid UTF-8 bytes are counted, valid multi-byte text is not") {
  CHECK(batch::invalid_utf8_bytes("Yēlǜ Dàshí 耶律大石 😀") == 0);
  CHECK(batch::invalid_utf8_bytes("a\xFF" "b\xC0\xAF") == 3);
  CHECK(batch::invalid_utf8_bytes("\xE4\xB8") == 2);  // truncated sequence
}

TEST_CASE("JSON Lines records give id and text, with a fallback id and clear errors") {
  auto r = batch::parse_record(R"({"id":"p-1","text":"Kaifeng fell.","url":"x"})", "f:1");
  REQUIRE(r.ok());
  CHECK(r->id == "p-1");
  CHECK(r->text == "Kaifeng fell.");
  CHECK(batch::parse_record(R"({"id":17,"text":"x"})", "f:2")->id == "17");
  CHECK(batch::parse_record(R"({"text":"x"})", "f:3")->id == "f:3");
  CHECK(!batch::parse_record(R"({"id":"a"})", "f:4").ok());
  CHECK(!batch::parse_record(R"({"id":"a","text":5})", "f:5").ok());
  CHECK(!batch::parse_record(R"([1,2])", "f:6").ok());
  CHECK(!batch::parse_record(R"({"id":"a","text":"unterminated)", "f:7").ok());
}

TEST_CASE("output keys are read from our own lines and from any equivalent JSON") {
  auto k = batch::output_key(R"({"schema":"shilu.annotation/1","document":{"id":"a\"b\u00fc","path":"d/x.txt","bytes":3},"entities":[]})");
  REQUIRE(k.ok());
  CHECK(k->first == "a\"bü");
  CHECK(k->second == "d/x.txt");
  auto k2 = batch::output_key(R"({"document":{"path":"p","id":"i"},"schema":"shilu.annotation/1"})");
  REQUIRE(k2.ok());
  CHECK(k2->first == "i");
  CHECK(!batch::output_key(R"({"schema":"shilu.annotation/1","document":{"id":"torn)").ok());
}

TEST_CASE("record ids become safe relative output names") {
  CHECK(batch::safe_name("chronicles/song/01") == "chronicles/song/01");
  CHECK(batch::safe_name("../../etc/passwd") == "__/__/etc/passwd");
  CHECK(batch::safe_name("/abs/x y?") == "abs/x_y_");
  CHECK(batch::safe_name("") == "_");
  CHECK(batch::safe_name("耶律") == "耶律");
}

TEST_CASE("output keeps input order with several threads and a small window") {
  fs::path d = fresh_dir("order");
  for (int i = 0; i < 40; ++i) {
    std::string text;
    for (int k = 0; k < (i % 7) * 40 + 1; ++k) text += sentence(i + k);  // uneven sizes
    char name[32];
    std::snprintf(name, sizeof name, "doc%02d.txt", i);
    write(d / (i % 2 ? "b" : "a") / name, text);
  }
  batch::Options opt;
  opt.threads = 3;
  opt.window = 4;
  auto recs = run_collect({batch::Input::path_input(d.string())}, opt);
  REQUIRE(recs.size() == 40);
  std::vector<std::string> ids;
  for (const auto& r : recs) ids.push_back(r.id);
  CHECK(std::is_sorted(ids.begin(), ids.end()));  // a/doc00 … a/doc38, b/doc01 … b/doc39
  CHECK(ids.front() == "a/doc00");
  CHECK(ids.back() == "b/doc39");
  for (std::size_t i = 0; i < recs.size(); ++i) {
    CHECK(recs[i].seq == i);
    CHECK(!recs[i].failed);
    CHECK(recs[i].entities > 0);
    CHECK(recs[i].rel == recs[i].id + ".json");
  }
}

TEST_CASE("bad documents become error records and the run goes on") {
  fs::path d = fresh_dir("faults");
  write(d / "1_good.txt", sentence(1));
  write(d / "2_empty.txt", "");
  write(d / "3_png.txt", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
  std::string gbk;
  for (int i = 0; i < 50; ++i) gbk += "\xD6\xD0\xCE\xC4";
  write(d / "4_gbk.txt", gbk);
  write(d / "5_big.txt", std::string(5000, 'a'));
  fs::create_symlink(d / "no-such-target", d / "6_dangling.txt");
  write(d / "7_repairable.txt", "The Jin army\xFF took Kaifeng in 1127.");
  write(d / ".hidden.txt", sentence(2));
  batch::Options opt;
  opt.threads = 2;
  opt.max_bytes = 4000;
  auto recs = run_collect({batch::Input::path_input(d.string())}, opt);
  REQUIRE(recs.size() == 7);
  std::map<std::string, std::string> code;
  for (const auto& r : recs) code[r.id] = r.failed ? r.error_code : "ok";
  CHECK(code["1_good"] == "ok");
  CHECK(code["2_empty"] == "ok");
  CHECK(code["3_png"] == "binary");
  CHECK(code["4_gbk"] == "encoding");
  CHECK(code["5_big"] == "too_large");
  CHECK(code["6_dangling"] == "not_found");
  CHECK(code["7_repairable"] == "ok");
  CHECK(recs[1].json.find("empty_document") != std::string::npos);
  CHECK(recs[6].json.find("invalid_utf8") != std::string::npos);
  auto v = shilu::io::parse_json(recs[2].json);
  REQUIRE(v.ok());
  CHECK(v->find("error")->get_string("code") == "binary");
  CHECK(v->find("document")->get_string("path") == (d / "3_png.txt").string());
}

TEST_CASE("glob patterns select files by name or by relative path") {
  fs::path d = fresh_dir("glob");
  write(d / "a.txt", sentence(1));
  write(d / "b.md", sentence(2));
  write(d / "sub/c.txt", sentence(3));
  batch::Options opt;
  opt.globs = {"*.txt"};
  CHECK(run_collect({batch::Input::path_input(d.string())}, opt).size() == 2);
  opt.globs = {"sub/*.txt"};
  auto r = run_collect({batch::Input::path_input(d.string())}, opt);
  REQUIRE(r.size() == 1);
  CHECK(r[0].id == "sub/c");
  opt.globs = {"*.txt", "*.md"};
  CHECK(run_collect({batch::Input::path_input(d.string())}, opt).size() == 3);
}

TEST_CASE("JSON Lines input: records, bad records and an over-long line are each reported once") {
  fs::path d = fresh_dir("jsonl");
  std::string huge = "{\"id\":\"huge\",\"text\":\"" + std::string(20000, 'x') + "\"}";
  write(d / "in.jsonl", "{\"id\":\"r1\",\"text\":\"Kaifeng fell in 1127.\"}\n"
                        "\n"
                        "not json\n" +
                            huge + "\n" + "{\"id\":\"r4\",\"text\":\"Yue Fei took Xiangyang.\"}\r\n" +
                            "{\"text\":\"no id, no newline\"}");
  batch::Options opt;
  opt.max_bytes = 5000;
  opt.threads = 2;
  auto recs = run_collect({batch::Input::jsonl((d / "in.jsonl").string())}, opt);
  REQUIRE(recs.size() == 5);
  CHECK(recs[0].id == "r1");
  CHECK(!recs[0].failed);
  CHECK(recs[1].failed);
  CHECK(recs[1].error_code == "bad_record");
  CHECK(recs[1].id == "in:3");
  CHECK(recs[2].error_code == "too_large");
  CHECK(recs[3].id == "r4");
  CHECK(!recs[3].failed);
  CHECK(recs[4].id == "in:6");
  CHECK(!recs[4].failed);
  CHECK(recs[0].path == (d / "in.jsonl").string());
}

TEST_CASE("a missing input argument fails before anything is written") {
  bool wrote = false;
  auto sink = batch::callback_sink([&](const batch::Record&) {
    wrote = true;
    return shilu::ok_status();
  });
  auto s = batch::run(pipeline(), {batch::Input::path_input("/no/such/dir")}, *sink, {});
  CHECK(!s.ok());
  CHECK(!wrote);
}

TEST_CASE("cancellation leaves a prefix of the input order made of whole records") {
  fs::path d = fresh_dir("cancel");
  for (int i = 0; i < 60; ++i) write(d / ("d" + std::to_string(100 + i) + ".txt"), sentence(i) + sentence(i + 1));
  std::atomic<bool> stop{false};
  std::vector<std::string> ids;
  auto sink = batch::callback_sink([&](const batch::Record& r) {
    ids.push_back(r.id);
    if (ids.size() == 10) stop = true;
    return shilu::ok_status();
  });
  batch::Options opt;
  opt.threads = 2;
  opt.cancel = &stop;
  auto s = batch::run(pipeline(), {batch::Input::path_input(d.string())}, *sink, opt);
  REQUIRE(s.ok());
  CHECK(s->cancelled);
  CHECK(ids.size() >= 10);
  CHECK(ids.size() < 60);
  for (std::size_t i = 0; i < ids.size(); ++i) CHECK(ids[i] == "d" + std::to_string(100 + i));
}

TEST_CASE("a JSON Lines file is written atomically and resumed after a torn write") {
  fs::path d = fresh_dir("resume");
  fs::path in = d / "in";
  for (int i = 0; i < 30; ++i) write(in / ("d" + std::to_string(100 + i) + ".txt"), sentence(i));
  fs::path out = d / "out.jsonl";
  batch::Options opt;
  opt.threads = 2;
  {
    auto sink = batch::open_jsonl_file(out, false);
    REQUIRE(sink.ok());
    auto s = batch::run(pipeline(), {batch::Input::path_input(in.string())}, **sink, opt);
    REQUIRE(s.ok());
  }
  CHECK(!fs::exists(fs::path(out.string() + ".part")));
  std::string full = slurp(out);
  REQUIRE(std::count(full.begin(), full.end(), '\n') == 30);

  // Simulate a crash: the first 12 records and half of the 13th in OUT.part, no OUT.
  std::size_t pos = 0;
  for (int i = 0; i < 12; ++i) pos = full.find('\n', pos) + 1;
  std::size_t next = full.find('\n', pos);
  write(d / "out.jsonl.part", full.substr(0, pos + (next - pos) / 2));
  fs::remove(out);
  {
    auto sink = batch::open_jsonl_file(out, true);
    REQUIRE(sink.ok());
    auto s = batch::run(pipeline(), {batch::Input::path_input(in.string())}, **sink, opt);
    REQUIRE(s.ok());
    CHECK(s->skipped == 12);
    CHECK(s->documents == 18);
  }
  CHECK(slurp(out) == full);

  // Resuming a finished output with one more input adds only the new document.
  write(in / "d999.txt", sentence(99));
  {
    auto sink = batch::open_jsonl_file(out, true);
    REQUIRE(sink.ok());
    auto s = batch::run(pipeline(), {batch::Input::path_input(in.string())}, **sink, opt);
    REQUIRE(s.ok());
    CHECK(s->skipped == 30);
    CHECK(s->documents == 1);
  }
  std::string more = slurp(out);
  CHECK(more.substr(0, full.size()) == full);
  CHECK(std::count(more.begin(), more.end(), '\n') == 31);
}

TEST_CASE("a second writer of the same output is refused") {
  fs::path d = fresh_dir("lock");
  auto a = batch::open_jsonl_file(d / "o.jsonl", false);
  REQUIRE(a.ok());
  auto b = batch::open_jsonl_file(d / "o.jsonl", false);
  CHECK(!b.ok());
}

TEST_CASE("a mirrored output directory gets one file per document and resumes by file") {
  fs::path d = fresh_dir("outdir");
  write(d / "in/x/a.txt", sentence(1));
  write(d / "in/b.txt", sentence(2));
  batch::Options opt;
  opt.write.pretty = true;
  {
    auto sink = batch::open_directory(d / "out", false);
    REQUIRE(sink.ok());
    auto s = batch::run(pipeline(), {batch::Input::path_input((d / "in").string())}, **sink, opt);
    REQUIRE(s.ok());
    CHECK(s->documents == 2);
  }
  CHECK(fs::exists(d / "out/x/a.json"));
  CHECK(fs::exists(d / "out/b.json"));
  CHECK(shilu::io::parse_json(slurp(d / "out/x/a.json")).ok());
  auto sink = batch::open_directory(d / "out", true);
  REQUIRE(sink.ok());
  auto s = batch::run(pipeline(), {batch::Input::path_input((d / "in").string())}, **sink, opt);
  REQUIRE(s.ok());
  CHECK(s->skipped == 2);
  CHECK(s->documents == 0);
}

TEST_CASE("keep_text hands the decoded text to the sink") {
  fs::path d = fresh_dir("keep");
  write(d / "a.txt", "Jin\xFFmen");
  batch::Options opt;
  opt.keep_text = true;
  auto r = run_collect({batch::Input::path_input((d / "a.txt").string())}, opt);
  REQUIRE(r.size() == 1);
  CHECK(r[0].text == "Jin men");
  CHECK(r[0].id == "a");
}

TEST_CASE("memory is bounded by the in-flight window, not by the input: a slow writer stalls the reader") {
  fs::path d = fresh_dir("bounded");
  fs::path fifo = d / "in.jsonl";
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  // 1000 records of ~1 KB (1 MB) written into a FIFO by a producer thread.
  std::string rec_text;
  while (rec_text.size() < 1000) rec_text += "the river flowed past quiet fields. ";
  std::atomic<std::size_t> written{0};
  std::thread producer([&] {
    int fd = ::open(fifo.c_str(), O_WRONLY);
    REQUIRE(fd >= 0);
    for (int i = 0; i < 1000; ++i) {
      std::string line = "{\"id\":\"r" + std::to_string(i) + "\",\"text\":\"" + rec_text + "\"}\n";
      std::size_t off = 0;
      while (off < line.size()) {
        ssize_t n = ::write(fd, line.data() + off, line.size() - off);
        if (n <= 0) break;
        off += static_cast<std::size_t>(n);
        written += static_cast<std::size_t>(n);
      }
    }
    ::close(fd);
  });
  std::size_t while_stalled = 0;
  std::size_t records = 0;
  auto sink = batch::callback_sink([&](const batch::Record& r) {
    if (records++ == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      while_stalled = written.load();
    }
    CHECK(!r.failed);
    return shilu::ok_status();
  });
  batch::Options opt;
  opt.threads = 2;
  opt.window = 4;
  auto s = batch::run(pipeline(), {batch::Input::jsonl(fifo.string())}, *sink, opt);
  producer.join();
  REQUIRE(s.ok());
  CHECK(records == 1000);
  // While the writer was stalled, the reader took at most the window (4 records), one
  // read buffer (64 KiB) and what the pipe holds (64 KiB on Linux): far from 1 MB.
  MESSAGE("bytes accepted while the writer was stalled: " << while_stalled);
  CHECK(while_stalled < 300 * 1024);
}
