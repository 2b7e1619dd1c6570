// `shilu batch` end to end: fault tolerance, kill + resume, streaming filter mode.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "shilu/io.h"
#include "test_paths.h"

namespace fs = std::filesystem;

namespace {

struct Run {
  int code = -1;
  std::string out, err;
};

fs::path scratch(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("shilu_cli_batch_" + std::to_string(::getpid())) / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void put(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

Run run(const std::string& args, const std::string& stdin_data = "") {
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() / ("shilu_cli_batch_" + std::to_string(::getpid())) / "runs";
  fs::create_directories(dir);
  std::string n = std::to_string(counter++);
  fs::path in = dir / ("in" + n), out = dir / ("out" + n), err = dir / ("err" + n);
  put(in, stdin_data);
  std::string cmd = std::string(SHILU_BINARY) + " " + args + " <" + in.string() + " >" + out.string() + " 2>" + err.string();
  int st = std::system(cmd.c_str());
  Run r;
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  std::string l;
  while (std::getline(in, l)) v.push_back(l);
  return v;
}

// A child `shilu batch ...` with a pipe on its standard input.
struct Child {
  pid_t pid = -1;
  int in = -1;   // write end of its stdin
  int out = -1;  // read end of its stdout (when piped)
};

Child spawn(const std::vector<std::string>& args, const fs::path& stdout_file, const fs::path& stderr_file, bool pipe_out) {
  int pin[2], pout[2] = {-1, -1};
  REQUIRE(::pipe(pin) == 0);
  if (pipe_out) REQUIRE(::pipe(pout) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(pin[0], 0);
    ::close(pin[0]);
    ::close(pin[1]);
    if (pipe_out) {
      ::dup2(pout[1], 1);
      ::close(pout[0]);
      ::close(pout[1]);
    } else {
      int fo = ::open(stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fo, 1);
    }
    int fe = ::open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fe, 2);
    std::vector<char*> argv;
    std::string bin = SHILU_BINARY;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(pin[0]);
  if (pipe_out) ::close(pout[1]);
  return Child{pid, pin[1], pout[0]};
}

void write_all(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    REQUIRE(n > 0);
    off += static_cast<std::size_t>(n);
  }
}

int wait_child(pid_t pid, int& signal_out) {
  int st = 0;
  ::waitpid(pid, &st, 0);
  signal_out = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

std::string sentence(int i) {
  static const char* places[] = {"Kaifeng", "Taiyuan", "Xiangyang", "Yanjing", "Zhending"};
  return "In " + std::to_string(1100 + i % 60) + " the Jin army of " + std::to_string(20000 + 100 * i) + " men besieged " +
         places[i % 5] + ", and Yue Fei marched north. ";
}

// N JSON Lines records of a few sentences each.
std::string records(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    std::string text;
    for (int k = 0; k < 4; ++k) text += sentence(i + k);
    s += "{\"id\":\"rec-" + std::to_string(i) + "\",\"text\":";
    shilu::io::append_json_string(s, text);
    s += "}\n";
  }
  return s;
}

std::size_t count_lines_in(const fs::path& p) {
  std::string s = slurp(p);
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

// Waits until `p` holds at least `n` complete lines (or fails the test after 120 s).
void wait_for_lines(const fs::path& p, std::size_t n) {
  auto t0 = std::chrono::steady_clock::now();
  while (count_lines_in(p) < n) {
    REQUIRE_MESSAGE(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(120), "no output in " << p);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

TEST_CASE("batch --help teaches with examples; usage errors exit 2") {
  auto h = run("batch --help");
  CHECK(h.code == 0);
  CHECK(h.out.find("--resume") != std::string::npos);
  CHECK(h.out.find("Examples:") != std::string::npos);
  auto missing = run("batch /no/such/dir -o /tmp/x.jsonl");
  CHECK(missing.code == 2);
  CHECK(missing.err.find("/no/such/dir") != std::string::npos);
  CHECK(std::count(missing.err.begin(), missing.err.end(), '\n') == 1);
  CHECK(run("batch --bogus").code == 2);
  CHECK(run("batch a -o x --out-dir y").code == 2);
  CHECK(run("batch --resume -", "{}").code == 2);  // stdout cannot be resumed
  CHECK(run("batch -j 0 -", "").code == 2);
  CHECK(run("batch --max-bytes lots -", "").code == 2);
}

TEST_CASE("batch over a directory with empty, binary, invalid, unreadable and huge-line files") {
  fs::path d = scratch("faults");
  fs::path in = d / "in";
  std::vector<fs::path> texts;
  for (const auto& e : fs::directory_iterator(shilu::testing::corpus_dir() / "texts"))
    if (e.path().extension() == ".txt") texts.push_back(e.path());
  std::sort(texts.begin(), texts.end());
  REQUIRE(texts.size() >= 2);
  fs::create_directories(in / "sub");
  fs::copy_file(texts[0], in / "a_corpus0.txt");
  fs::copy_file(texts[1], in / "sub" / "a_corpus1.txt");
  put(in / "b_empty.txt", "");
  std::string png = "\x89PNG\r\n\x1a\n";
  for (int i = 0; i < 2000; ++i) png += static_cast<char>((i * 37) % 256);
  put(in / "c_binary.txt", png);
  put(in / "d_repairable.txt", "The Jin army\xFF\xFE of 60,000 took Kaifeng in 1127.\n");
  std::string gbk;
  for (int i = 0; i < 300; ++i) gbk += "\xD6\xD0\xCE\xC4 ";  // GBK text: invalid UTF-8 beyond repair
  put(in / "e_gbk.txt", gbk);
  // Unreadable: root ignores permission bits, so a dangling symbolic link is used (open
  // fails with ENOENT); a FIFO is added too (it must be reported, never opened: it would
  // block); and, when not root, a file with mode 000.
  fs::create_symlink(in / "no-such-target.txt", in / "f_unreadable.txt");
  REQUIRE(::mkfifo((in / "g_fifo.txt").c_str(), 0644) == 0);
  bool root = ::geteuid() == 0;
  if (!root) {
    put(in / "h_mode000.txt", "Kaifeng");
    ::chmod((in / "h_mode000.txt").c_str(), 0);
  }
  // One 2 MB line: mostly plain prose, with a sentence full of entities every ~8 KB.
  std::string huge, filler;
  for (int k = 0; k < 100; ++k) filler += "the river flowed past quiet fields and old walls while rain fell, ";
  for (int i = 0; huge.size() < 1'200'000; ++i) huge += filler + sentence(i);
  put(in / "i_huge_line.txt", huge + "\n");

  fs::path out = d / "out.jsonl";
  auto r = run("batch -j 2 " + in.string() + " -o " + out.string());
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  REQUIRE(fs::exists(out));
  CHECK(!fs::exists(fs::path(out.string() + ".part")));
  auto ls = lines(slurp(out));
  std::map<std::string, shilu::Value> by_id;
  std::vector<std::string> order;
  for (const auto& l : ls) {
    auto v = shilu::io::parse_json(l);
    REQUIRE(v.ok());
    std::string id = v->find("document")->get_string("id");
    order.push_back(id);
    by_id[id] = *v;
  }
  std::size_t expected = root ? 9 : 10;
  CHECK(ls.size() == expected);
  CHECK(std::is_sorted(order.begin(), order.end()));  // input order: sorted walk (sub/ after i_)
  auto error_code = [&](const std::string& id) {
    REQUIRE_MESSAGE(by_id.count(id), "missing " << id);
    const shilu::Value* e = by_id[id].find("error");
    return e ? e->get_string("code") : std::string("ok");
  };
  CHECK(error_code("a_corpus0") == "ok");
  CHECK(error_code("sub/a_corpus1") == "ok");
  CHECK(error_code("b_empty") == "ok");
  CHECK(error_code("c_binary") == "binary");
  CHECK(error_code("d_repairable") == "ok");
  CHECK(error_code("e_gbk") == "encoding");
  CHECK(error_code("f_unreadable") == "not_found");
  CHECK(error_code("g_fifo") == "not_regular");
  if (!root) CHECK(error_code("h_mode000") == "unreadable");
  CHECK(error_code("i_huge_line") == "ok");
  CHECK(by_id["a_corpus0"].find("entities")->size() > 10);
  CHECK(by_id["i_huge_line"].find("entities")->size() > 500);
  CHECK(by_id["i_huge_line"].find("document")->get_int("bytes") == static_cast<std::int64_t>(huge.size() + 1));
  CHECK(slurp(out).find("invalid_utf8") != std::string::npos);
  // Every bad document is a line of the summary, naming its file.
  for (const char* f : {"c_binary.txt", "e_gbk.txt", "f_unreadable.txt", "g_fifo.txt"})
    CHECK_MESSAGE(r.err.find(std::string(f) + " (") != std::string::npos, f << " not in: " << r.err);
  CHECK(r.err.find(std::string("5 annotated, ") + (root ? "4" : "5") + " failed") != std::string::npos);

  // Over --max-bytes, the huge document becomes an error record instead.
  auto small = run("batch -j 2 --max-bytes 1M --glob 'i_*' " + in.string());
  CHECK(small.code == 1);
  auto v = shilu::io::parse_json(small.out);
  REQUIRE(v.ok());
  CHECK(v->find("error")->get_string("code") == "too_large");
}

TEST_CASE("a run killed with SIGKILL and resumed gives the same output as an uninterrupted run") {
  fs::path d = scratch("kill");
  std::string data = records(400);
  auto ref = run("batch -j 2 - -o " + (d / "ref.jsonl").string(), data);
  REQUIRE(ref.code == 0);
  REQUIRE(count_lines_in(d / "ref.jsonl") == 400);

  fs::path out = d / "out.jsonl";
  fs::path part = d / "out.jsonl.part";
  Child c = spawn({"batch", "-j", "2", "-", "-o", out.string()}, d / "k.out", d / "k.err", false);
  // Feed the first 200 records, wait until some are on disk, then kill mid-run.
  std::string first;
  {
    std::size_t pos = 0;
    for (int i = 0; i < 200; ++i) pos = data.find('\n', pos) + 1;
    first = data.substr(0, pos);
  }
  write_all(c.in, first);
  wait_for_lines(part, 64);
  ::kill(c.pid, SIGKILL);
  int sig = 0;
  wait_child(c.pid, sig);
  ::close(c.in);
  CHECK(sig == SIGKILL);
  CHECK(!fs::exists(out));
  std::size_t partial = count_lines_in(part);
  CHECK(partial >= 64);
  CHECK(partial < 400);

  auto res = run("batch -j 2 - -o " + out.string() + " --resume", data);
  CHECK(res.code == 0);
  CHECK(res.err.find("already done") != std::string::npos);
  CHECK(!fs::exists(part));
  CHECK(slurp(out) == slurp(d / "ref.jsonl"));
}

TEST_CASE("SIGTERM stops cleanly, keeps whole records, says how to resume") {
  fs::path d = scratch("term");
  std::string data = records(300);
  auto ref = run("batch -j 1 - -o " + (d / "ref.jsonl").string(), data);
  REQUIRE(ref.code == 0);
  fs::path out = d / "out.jsonl";
  fs::path part = d / "out.jsonl.part";
  Child c = spawn({"batch", "-j", "1", "-", "-o", out.string()}, d / "t.out", d / "t.err", false);
  write_all(c.in, data.substr(0, data.size() / 2));
  wait_for_lines(part, 64);
  ::kill(c.pid, SIGTERM);
  int sig = 0;
  int code = wait_child(c.pid, sig);
  ::close(c.in);
  CHECK(code == 128 + SIGTERM);
  std::string err = slurp(d / "t.err");
  CHECK(err.find("--resume") != std::string::npos);
  CHECK(err.find("interrupted") != std::string::npos);
  std::string kept = slurp(part);
  REQUIRE(!kept.empty());
  CHECK(kept.back() == '\n');
  for (const auto& l : lines(kept)) CHECK(shilu::io::parse_json(l).ok());
  CHECK(slurp(d / "ref.jsonl").substr(0, kept.size()) == kept);  // a prefix of the full output
  auto res = run("batch -j 2 - -o " + out.string() + " --resume", data);
  CHECK(res.code == 0);
  CHECK(slurp(out) == slurp(d / "ref.jsonl"));
}

TEST_CASE("filter mode: stdin JSON Lines to stdout, one line out per line in, without waiting for EOF") {
  fs::path d = scratch("filter");
  Child c = spawn({"batch", "-j", "2"}, "", d / "f.err", true);
  write_all(c.in, "{\"id\":\"p1\",\"text\":\"Kaifeng fell to the Jin in 1127.\"}\n");
  // The answer arrives while standard input is still open.
  pollfd p{c.out, POLLIN, 0};
  REQUIRE(::poll(&p, 1, 60000) == 1);
  char buf[65536];
  ssize_t n = ::read(c.out, buf, sizeof buf);
  REQUIRE(n > 0);
  std::string got(buf, static_cast<std::size_t>(n));
  CHECK(got.back() == '\n');
  CHECK(got.find("\"id\":\"p1\"") != std::string::npos);
  write_all(c.in, "not json\n{\"id\":\"p3\",\"text\":\"Yue Fei.\"}\n");
  ::close(c.in);
  std::string rest;
  while ((n = ::read(c.out, buf, sizeof buf)) > 0) rest.append(buf, static_cast<std::size_t>(n));
  ::close(c.out);
  int sig = 0;
  CHECK(wait_child(c.pid, sig) == 1);  // one bad record
  auto ls = lines(rest);
  REQUIRE(ls.size() == 2);
  CHECK(shilu::io::parse_json(ls[0])->find("error")->get_string("code") == "bad_record");
  CHECK(shilu::io::parse_json(ls[1])->find("document")->get_string("id") == "p3");
}

TEST_CASE("--out-dir mirrors the input tree with one JSON file per document") {
  fs::path d = scratch("outdir");
  put(d / "in/song/a.txt", sentence(1));
  put(d / "in/jin/b.txt", sentence(2));
  auto r = run("batch " + (d / "in").string() + " --out-dir " + (d / "out").string());
  CHECK(r.code == 0);
  CHECK(shilu::io::parse_json(slurp(d / "out/song/a.json")).ok());
  CHECK(shilu::io::parse_json(slurp(d / "out/jin/b.json")).ok());
  auto again = run("batch " + (d / "in").string() + " --out-dir " + (d / "out").string() + " --resume");
  CHECK(again.code == 0);
  CHECK(again.err.find("2 already done") != std::string::npos);
}

TEST_CASE("-o - writes to standard output, never to a file named '-'") {
  auto r = run("batch -q -o - -", "{\"id\":\"a\",\"text\":\"In 1127 the Jin army of 60,000 men took Kaifeng.\"}\n");
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(r.out.find("\"schema\":\"shilu.annotation/1\"") != std::string::npos);
  CHECK(!fs::exists("-"));
}
