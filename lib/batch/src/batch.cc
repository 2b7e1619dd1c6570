// The batch engine: lazy input walk → bounded queue → N workers → ordered writer.
#include "shilu/batch.h"

#include <fcntl.h>
#include <fnmatch.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

namespace fs = std::filesystem;

namespace shilu::batch {

namespace {

using Clock = std::chrono::steady_clock;

// ------------------------------------------------------------------ directory walk
// Depth-first, entries of each directory sorted by name (a stable, platform-independent
// input order); memory is one listing per open directory level, never the whole tree.
class Walker {
 public:
  struct Entry {
    std::string path;        // as it will appear in the output
    std::string id, rel;
    std::uint64_t size = 0;  // from stat (0 when unknown)
    std::string error;       // a directory that cannot be listed
  };

  Walker(const std::string& root, const std::vector<std::string>& globs) : globs_(globs) {
    std::error_code ec;
    if (fs::is_directory(root, ec)) {
      push(fs::path(root), "");
    } else {
      single_ = true;
      single_path_ = root;
    }
  }

  bool next(Entry& e) {
    if (single_) {
      if (single_done_) return false;
      single_done_ = true;
      fs::path p(single_path_);
      e = Entry{};
      e.path = single_path_;
      e.id = p.stem().string();
      if (e.id.empty()) e.id = p.filename().string();
      e.rel = safe_name(e.id) + ".json";
      struct stat st{};
      if (::stat(single_path_.c_str(), &st) == 0 && S_ISREG(st.st_mode)) e.size = static_cast<std::uint64_t>(st.st_size);
      return true;
    }
    while (!stack_.empty()) {
      Frame& f = stack_.back();
      if (!f.error.empty()) {
        e = Entry{};
        e.path = f.dir.string();
        e.id = f.rel.empty() ? f.dir.filename().string() : f.rel;
        e.rel = safe_name(e.id) + ".json";
        e.error = f.error;
        stack_.pop_back();
        return true;
      }
      if (f.i >= f.names.size()) {
        stack_.pop_back();
        continue;
      }
      auto [name, is_dir] = f.names[f.i++];
      fs::path p = f.dir / name;
      std::string rel = f.rel.empty() ? name : f.rel + "/" + name;
      if (is_dir) {
        push(p, rel);  // invalidates f
        continue;
      }
      if (!matches(name, rel)) continue;
      e = Entry{};
      e.path = p.string();
      fs::path relp(rel);
      std::string stem = (relp.parent_path() / relp.stem()).generic_string();
      e.id = stem;
      e.rel = safe_name(stem) + ".json";
      struct stat st{};
      if (::stat(e.path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) e.size = static_cast<std::uint64_t>(st.st_size);
      return true;
    }
    return false;
  }

 private:
  struct Frame {
    fs::path dir;
    std::string rel;
    std::vector<std::pair<std::string, bool>> names;  // name, is a (real) directory
    std::size_t i = 0;
    std::string error;
  };

  void push(const fs::path& dir, const std::string& rel) {
    Frame f;
    f.dir = dir;
    f.rel = rel;
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      f.error = "cannot list directory: " + ec.message();
    } else {
      for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) {
          f.error = "cannot list directory: " + ec.message();
          break;
        }
        std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;  // hidden: .git, .DS_Store, editors' files
        std::error_code e2;
        // Symbolic links to directories are not followed (no cycles); links to files are.
        bool is_dir = !it->is_symlink(e2) && it->is_directory(e2);
        f.names.emplace_back(std::move(name), is_dir);
      }
      std::sort(f.names.begin(), f.names.end());
    }
    stack_.push_back(std::move(f));
  }

  bool matches(const std::string& name, const std::string& rel) const {
    if (globs_.empty()) return true;
    for (const auto& g : globs_) {
      if (g.find('/') != std::string::npos) {
        if (::fnmatch(g.c_str(), rel.c_str(), FNM_PATHNAME) == 0) return true;
      } else if (::fnmatch(g.c_str(), name.c_str(), 0) == 0) {
        return true;
      }
    }
    return false;
  }

  const std::vector<std::string>& globs_;
  std::vector<Frame> stack_;
  bool single_ = false, single_done_ = false;
  std::string single_path_;
};

// ------------------------------------------------------------------ JSON Lines reader
// Reads lines of any length without holding more than `limit` bytes of one line; a
// longer line is skipped to its end and reported. Polls so that a cancellation is seen
// even while standard input is idle.
class LineReader {
 public:
  LineReader(int fd, std::uint64_t limit) : fd_(fd), limit_(limit) {}

  enum class Status { kLine, kTooLong, kEof, kStopped, kError };

  Status next(std::string& line, const std::function<bool()>& stopped) {
    bool discarding = false;
    std::size_t scan_from = pos_;
    for (;;) {
      std::size_t nl = buf_.find('\n', scan_from);
      if (nl != std::string::npos) {
        ++lineno_;
        if (discarding) {
          pos_ = nl + 1;
          return Status::kTooLong;
        }
        std::size_t end = nl;
        if (end > pos_ && buf_[end - 1] == '\r') --end;
        line.assign(buf_, pos_, end - pos_);
        pos_ = nl + 1;
        return Status::kLine;
      }
      if (eof_) {
        if (pos_ < buf_.size() || discarding) {
          ++lineno_;
          if (discarding) {
            buf_.clear();
            pos_ = 0;
            return Status::kTooLong;
          }
          line.assign(buf_, pos_, std::string::npos);
          if (!line.empty() && line.back() == '\r') line.pop_back();
          buf_.clear();
          pos_ = 0;
          return Status::kLine;
        }
        return Status::kEof;
      }
      // Compact, then decide whether this line is too long to keep.
      if (pos_ > 0) {
        buf_.erase(0, pos_);
        pos_ = 0;
      }
      if (buf_.size() > limit_) {
        discarding = true;
        buf_.clear();
      }
      scan_from = buf_.size();
      // Wait for data (regular files are always ready).
      for (;;) {
        if (stopped()) return Status::kStopped;
        pollfd p{fd_, POLLIN, 0};
        int r = ::poll(&p, 1, 100);
        if (r > 0) break;
        if (r < 0 && errno != EINTR) break;  // let read() report it
      }
      char chunk[1 << 16];
      ssize_t n = ::read(fd_, chunk, sizeof chunk);
      if (n < 0) {
        if (errno == EINTR) continue;
        return Status::kError;
      }
      if (n == 0) {
        eof_ = true;
        continue;
      }
      buf_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  std::uint64_t line_number() const { return lineno_; }

 private:
  int fd_;
  std::uint64_t limit_;
  std::string buf_;
  std::size_t pos_ = 0;
  bool eof_ = false;
  std::uint64_t lineno_ = 0;
};

// ------------------------------------------------------------------ jobs
struct Job {
  enum class Kind { kFile, kRecord, kParsed, kError };
  Kind kind = Kind::kFile;
  std::uint64_t seq = 0;
  std::string id, path, rel;
  std::string payload;           // kRecord: the JSON line; kParsed: the text
  std::string code, message;     // kError
  std::uint64_t input_bytes = 0; // for the in-flight budget and progress
};

struct Slot {
  bool ready = false;
  Record rec;
  std::uint64_t input_bytes = 0;
};

std::string source_stem(const std::string& path) {
  if (path == "-") return "stdin";
  std::string s = fs::path(path).stem().string();
  return s.empty() ? path : s;
}

std::string strerror_str(int e) { return std::strerror(e); }

class Engine {
 public:
  Engine(const annotate::Pipeline& p, const std::vector<Input>& in, Sink& sink, const Options& opt)
      : pipe_(p), inputs_(in), sink_(sink), opt_(opt) {
    threads_ = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
    window_ = opt.window ? opt.window : 4 * threads_ + 4;
    max_bytes_ = opt.max_bytes ? std::min<std::uint64_t>(opt.max_bytes, 0xFFFFFFFEull) : 0xFFFFFFFEull;
    slots_.resize(window_);
    write_opt_ = opt.write;
  }

  Result<Summary> run() {
    start_ = Clock::now();
    std::vector<std::thread> workers;
    std::thread reader, counter;
    try {
      reader = std::thread([this] { read_inputs(); });
      for (unsigned i = 0; i < threads_; ++i) workers.emplace_back([this] { work(); });
      if (opt_.count_totals) counter = std::thread([this] { count_totals(); });
    } catch (const std::exception& e) {
      request_stop();
      join(reader, workers, counter);
      return make_error(ErrorCode::kInternal, std::string("cannot start threads: ") + e.what());
    }
    bool complete = write_loop();
    request_stop();
    join(reader, workers, counter);
    summary_.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    summary_.cancelled = !complete && !write_error_;
    Status fin = sink_.finish(complete);
    report_progress(true);
    if (write_error_) return *write_error_;
    if (!fin) return fin.error();
    return summary_;
  }

 private:
  bool cancel_requested() const {
    return stop_.load(std::memory_order_relaxed) || (opt_.cancel && opt_.cancel->load(std::memory_order_relaxed));
  }
  void request_stop() {
    stop_ = true;
    cv_work_.notify_all();
    cv_space_.notify_all();
    cv_done_.notify_all();
  }
  static void join(std::thread& r, std::vector<std::thread>& ws, std::thread& c) {
    if (r.joinable()) r.join();
    for (auto& w : ws)
      if (w.joinable()) w.join();
    if (c.joinable()) c.join();
  }

  // ---------------------------------------------------------------- reader thread
  // Queues a job; false when the run stops.
  bool push(Job&& job) {
    std::unique_lock lk(m_);
    std::uint64_t b = std::min(job.input_bytes, max_bytes_);
    for (;;) {
      if (cancel_requested()) return false;
      std::uint64_t inflight = submitted_ - written_;
      if (inflight < window_ && (inflight == 0 || inflight_bytes_ + b <= opt_.window_bytes)) break;
      cv_space_.wait_for(lk, std::chrono::milliseconds(100));
    }
    job.seq = submitted_++;
    inflight_bytes_ += b;
    job.input_bytes = b;
    jobs_.push_back(std::move(job));
    cv_work_.notify_one();
    return true;
  }

  void skipped(std::uint64_t bytes) {
    std::lock_guard lk(m_);
    ++summary_.skipped;
    skipped_bytes_ += bytes;
  }

  void read_inputs() {
    bool all = true;
    for (const auto& in : inputs_) {
      bool go = !cancel_requested() && (in.kind == Input::Kind::kPath ? read_path(in.path) : read_jsonl(in.path));
      if (!go) {
        all = false;
        break;
      }
    }
    std::lock_guard lk(m_);
    input_done_ = true;
    input_complete_ = all;
    cv_work_.notify_all();
    cv_done_.notify_all();
  }

  bool read_path(const std::string& root) {
    Walker w(root, opt_.globs);
    Walker::Entry e;
    while (w.next(e)) {
      if (cancel_requested()) return false;
      Job j;
      j.id = std::move(e.id);
      j.path = std::move(e.path);
      j.rel = std::move(e.rel);
      j.input_bytes = e.size;
      if (!e.error.empty()) {
        j.kind = Job::Kind::kError;
        j.code = "unreadable";
        j.message = std::move(e.error);
      } else if (sink_.skip(j.id, j.path, j.rel)) {
        skipped(e.size);
        continue;
      }
      if (!push(std::move(j))) return false;
    }
    return true;
  }

  bool read_jsonl(const std::string& src) {
    int fd = 0;
    bool own = false;
    if (src != "-") {
      fd = ::open(src.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        Job j;
        j.kind = Job::Kind::kError;
        j.id = source_stem(src);
        j.path = src;
        j.rel = safe_name(j.id) + ".json";
        j.code = errno == ENOENT ? "not_found" : "unreadable";
        j.message = "cannot open: " + strerror_str(errno);
        return push(std::move(j));
      }
      own = true;
    }
    const std::string stem = source_stem(src);
    const bool parse_here = sink_.resuming();
    LineReader lr(fd, 2 * max_bytes_ + 4096);
    std::string line;
    bool go = true;
    for (;;) {
      auto st = lr.next(line, [this] { return cancel_requested(); });
      if (st == LineReader::Status::kEof) break;
      if (st == LineReader::Status::kStopped) { go = false; break; }
      std::string fallback = stem + ":" + std::to_string(lr.line_number());
      Job j;
      j.path = src;
      if (st == LineReader::Status::kError) {
        j.kind = Job::Kind::kError;
        j.id = fallback;
        j.rel = safe_name(j.id) + ".json";
        j.code = "unreadable";
        j.message = "read error: " + strerror_str(errno);
        go = push(std::move(j));
        break;
      }
      if (st == LineReader::Status::kTooLong) {
        j.kind = Job::Kind::kError;
        j.id = fallback;
        j.rel = safe_name(j.id) + ".json";
        j.code = "too_large";
        j.message = "record line longer than " + std::to_string(2 * max_bytes_ + 4096) + " bytes (--max-bytes)";
        if (!push(std::move(j))) { go = false; break; }
        continue;
      }
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank line
      j.input_bytes = line.size();
      if (parse_here) {
        auto r = parse_record(line, fallback);
        if (!r) {
          j.kind = Job::Kind::kError;
          j.id = fallback;
          j.code = "bad_record";
          j.message = r.error().message;
          j.rel = safe_name(j.id) + ".json";
        } else {
          j.kind = Job::Kind::kParsed;
          j.id = std::move(r->id);
          j.payload = std::move(r->text);
          j.rel = safe_name(j.id) + ".json";
          if (sink_.skip(j.id, j.path, j.rel)) {
            skipped(line.size());
            continue;
          }
        }
      } else {
        j.kind = Job::Kind::kRecord;
        j.id = std::move(fallback);
        j.payload = std::move(line);
        line = std::string();
      }
      if (!push(std::move(j))) { go = false; break; }
    }
    if (own) ::close(fd);
    return go;
  }

  void count_totals() {
    std::uint64_t bytes = 0, docs = 0;
    for (const auto& in : inputs_) {
      if (stop_) return;
      if (in.kind == Input::Kind::kJsonl) {
        struct stat st{};
        if (in.path == "-" || ::stat(in.path.c_str(), &st) != 0) return;  // unknown total
        bytes += static_cast<std::uint64_t>(st.st_size);
        continue;
      }
      Walker w(in.path, opt_.globs);
      Walker::Entry e;
      while (w.next(e)) {
        if (stop_) return;
        bytes += e.size;
        ++docs;
      }
    }
    std::lock_guard lk(m_);
    total_bytes_ = bytes;
    total_docs_ = docs;
  }

  // ---------------------------------------------------------------- workers
  void work() {
    for (;;) {
      Job job;
      {
        std::unique_lock lk(m_);
        for (;;) {
          if (cancel_requested()) return;
          if (!jobs_.empty()) break;
          if (input_done_) return;
          cv_work_.wait_for(lk, std::chrono::milliseconds(100));
        }
        job = std::move(jobs_.front());
        jobs_.pop_front();
        ++busy_;
      }
      Record rec = process(job);
      {
        std::lock_guard lk(m_);
        Slot& s = slots_[job.seq % window_];
        s.rec = std::move(rec);
        s.input_bytes = job.input_bytes;
        s.ready = true;
        --busy_;
        cv_done_.notify_all();
      }
    }
  }

  void fail(Record& r, std::string code, std::string message) const {
    r.failed = true;
    r.error_code = std::move(code);
    r.error_message = std::move(message);
    r.json = io::error_record_json(r.id, r.path, r.bytes, r.error_code, r.error_message);
  }

  Record process(Job& job) const {
    Record r;
    r.seq = job.seq;
    r.id = std::move(job.id);
    r.path = std::move(job.path);
    r.rel = std::move(job.rel);
    try {
      std::string bytes;
      switch (job.kind) {
        case Job::Kind::kError:
          r.bytes = job.input_bytes;
          fail(r, std::move(job.code), std::move(job.message));
          return r;
        case Job::Kind::kFile: {
          struct stat st{};
          if (::stat(r.path.c_str(), &st) != 0) {
            int e = errno;
            struct stat lst{};
            if (e == ENOENT && ::lstat(r.path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode))
              fail(r, "not_found", "dangling symbolic link");
            else
              fail(r, e == ENOENT ? "not_found" : "unreadable", "cannot open: " + strerror_str(e));
            return r;
          }
          if (!S_ISREG(st.st_mode)) {
            const char* what = S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISSOCK(st.st_mode) ? "a socket"
                               : S_ISDIR(st.st_mode) ? "a directory" : "a device";
            fail(r, "not_regular", std::string("not a regular file: ") + what);
            return r;
          }
          r.bytes = static_cast<std::uint64_t>(st.st_size);
          if (r.bytes > max_bytes_) {
            fail(r, "too_large", std::to_string(r.bytes) + " bytes, more than --max-bytes " + std::to_string(max_bytes_));
            return r;
          }
          auto data = read_file(r.path);
          if (!data) {
            fail(r, data.error().code == ErrorCode::kNotFound ? "not_found" : "unreadable", data.error().message);
            return r;
          }
          bytes = std::move(data).value();
          r.bytes = bytes.size();
          if (r.bytes > max_bytes_) {  // grew while we looked
            fail(r, "too_large", std::to_string(r.bytes) + " bytes, more than --max-bytes " + std::to_string(max_bytes_));
            return r;
          }
          break;
        }
        case Job::Kind::kRecord: {
          auto rec = parse_record(job.payload, r.id);
          job.payload = std::string();
          if (!rec) {
            fail(r, "bad_record", rec.error().message);
            return r;
          }
          r.id = std::move(rec->id);
          r.rel = safe_name(r.id) + ".json";
          bytes = std::move(rec->text);
          break;
        }
        case Job::Kind::kParsed:
          bytes = std::move(job.payload);
          break;
      }
      if (job.kind != Job::Kind::kFile) {
        r.bytes = bytes.size();
        if (r.bytes > max_bytes_) {
          fail(r, "too_large", std::to_string(r.bytes) + " bytes, more than --max-bytes " + std::to_string(max_bytes_));
          return r;
        }
      }
      TextCheck chk = check_text(bytes, opt_.max_invalid_ratio);
      if (!chk.ok()) {
        fail(r, std::move(chk.code), std::move(chk.message));
        return r;
      }
      Document doc = Document::from_bytes(r.id, r.path, std::move(bytes));
      annotate::Annotation a = pipe_.annotate(doc, opt_.annotate);
      if (doc.text.empty()) a.warnings.push_back(Warning{"empty_document", "the document is empty", -1});
      r.json = io::annotation_json(a, write_opt_);
      r.entities = a.entities.size();
      r.warnings = a.warnings.size();
      if (opt_.keep_text) r.text = std::move(doc.text);
    } catch (const std::exception& e) {
      r.entities = r.warnings = 0;
      r.text.clear();
      fail(r, "internal", std::string("annotation failed: ") + e.what());
    }
    return r;
  }

  // ---------------------------------------------------------------- writer (caller)
  // True when every input was written.
  bool write_loop() {
    auto last_progress = Clock::now();
    for (;;) {
      Slot got;
      bool have = false, done = false;
      {
        std::unique_lock lk(m_);
        for (;;) {
          if (!stop_ && opt_.cancel && opt_.cancel->load(std::memory_order_relaxed)) {
            stop_ = true;
            cv_work_.notify_all();
            cv_space_.notify_all();
          }
          Slot& s = slots_[written_ % window_];
          if (s.ready) {
            got = std::move(s);
            s = Slot{};
            have = true;
            break;
          }
          if (input_done_ && written_ == submitted_) { done = true; break; }
          if (stop_ && busy_ == 0) break;  // the next one will never come
          if (opt_.progress && Clock::now() - last_progress >= opt_.progress_every) break;
          cv_done_.wait_for(lk, std::chrono::milliseconds(50));
        }
      }
      if (have) {
        const Record& r = got.rec;
        Status st = sink_.write(r);
        if (!st) {
          write_error_ = st.error();
          request_stop();
          return false;
        }
        ++summary_.documents;
        summary_.bytes += r.bytes;
        if (r.failed) {
          ++summary_.failed;
          if (summary_.failures.size() < Summary::kMaxFailures)
            summary_.failures.push_back(Failure{r.id, r.path, r.error_code, r.error_message});
        } else {
          ++summary_.annotated;
          summary_.entities += r.entities;
        }
        std::lock_guard lk(m_);
        ++written_;
        input_done_bytes_ += got.input_bytes;
        inflight_bytes_ -= got.input_bytes;
        cv_space_.notify_one();
      }
      if (opt_.progress && Clock::now() - last_progress >= opt_.progress_every) {
        last_progress = Clock::now();
        report_progress(false);
      }
      if (done) {
        std::lock_guard lk(m_);
        return input_complete_;
      }
      if (!have) {
        std::lock_guard lk(m_);
        if (stop_ && busy_ == 0 && !slots_[written_ % window_].ready) return false;
      }
    }
  }

  void report_progress(bool final) {
    if (!opt_.progress) return;
    Progress p;
    {
      std::lock_guard lk(m_);
      p.skipped = summary_.skipped;
      p.total_bytes = total_bytes_ > skipped_bytes_ ? total_bytes_ - skipped_bytes_ : 0;
      p.total_documents = total_docs_ > summary_.skipped ? total_docs_ - summary_.skipped : 0;
      p.bytes = input_done_bytes_;
    }
    p.documents = summary_.documents;
    p.failed = summary_.failed;
    p.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    p.final = final;
    opt_.progress(p);
  }

  const annotate::Pipeline& pipe_;
  const std::vector<Input>& inputs_;
  Sink& sink_;
  const Options& opt_;
  io::WriteOptions write_opt_;
  unsigned threads_ = 1;
  std::size_t window_ = 8;
  std::uint64_t max_bytes_ = 0;
  Clock::time_point start_;

  std::mutex m_;
  std::condition_variable cv_work_, cv_space_, cv_done_;
  std::deque<Job> jobs_;
  std::vector<Slot> slots_;
  std::uint64_t submitted_ = 0, written_ = 0;
  std::uint64_t inflight_bytes_ = 0, input_done_bytes_ = 0, skipped_bytes_ = 0;
  std::uint64_t total_bytes_ = 0, total_docs_ = 0;
  unsigned busy_ = 0;
  bool input_done_ = false;
  bool input_complete_ = false;  // every input was read to its end
  std::atomic<bool> stop_{false};

  Summary summary_;
  std::optional<Error> write_error_;
};

}  // namespace

Result<Summary> run(const annotate::Pipeline& pipeline, const std::vector<Input>& inputs, Sink& sink,
                    const Options& opt) {
  // Missing arguments are usage errors, found before anything is written.
  for (const auto& in : inputs) {
    if (in.path == "-" && in.kind == Input::Kind::kJsonl) continue;
    struct stat st{};
    if (::lstat(in.path.c_str(), &st) != 0)
      return make_error(ErrorCode::kNotFound, "no such file or directory", in.path);
  }
  try {
    Engine e(pipeline, inputs, sink, opt);
    return e.run();
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kInternal, std::string("batch failed: ") + e.what());
  }
}

}  // namespace shilu::batch
