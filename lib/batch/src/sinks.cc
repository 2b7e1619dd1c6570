// Output sinks: JSON Lines file (atomic, resumable), stream, mirrored directory, callback.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "shilu/batch.h"

namespace fs = std::filesystem;

namespace shilu::batch {

namespace {

Error io_error(const std::string& what, const std::string& file) {
  return make_error(ErrorCode::kIo, what + ": " + std::strerror(errno), file);
}

// write(2) until done; false on error (errno set).
bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void fsync_dir(const fs::path& file) {
  fs::path dir = file.parent_path();
  if (dir.empty()) dir = ".";
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

std::string key_of(const std::string& id, const std::string& path) {
  std::string k = id;
  k += '\0';
  k += path;
  return k;
}

// ------------------------------------------------------------------ JSON Lines file
class JsonlFileSink final : public Sink {
 public:
  JsonlFileSink(fs::path final_path, fs::path part, int fd, std::unordered_map<std::string, int> done)
      : final_(std::move(final_path)), part_(std::move(part)), fd_(fd), done_(std::move(done)) {}
  ~JsonlFileSink() override {
    if (fd_ >= 0) {
      flush();
      ::close(fd_);
    }
  }

  bool skip(const std::string& id, const std::string& path, const std::string&) override {
    if (done_.empty()) return false;
    auto it = done_.find(key_of(id, path));
    if (it == done_.end() || it->second == 0) return false;
    if (--it->second == 0) done_.erase(it);
    return true;
  }
  bool resuming() const override { return !done_.empty(); }

  Status write(const Record& r) override {
    buf_ += r.json;
    buf_ += '\n';
    // Whole lines only, about every 256 KiB or every 64 records: a crash loses at most
    // the buffer, and --resume redoes those documents.
    if (buf_.size() >= (256u << 10) || ++pending_ >= 64) {
      if (!flush()) return io_error("cannot write", part_.string());
    }
    return ok_status();
  }

  Status finish(bool complete) override {
    if (fd_ < 0) return ok_status();
    bool ok = flush();
    if (ok && ::fsync(fd_) != 0) ok = false;
    if (!ok) {
      Error e = io_error("cannot write", part_.string());
      ::close(fd_);
      fd_ = -1;
      return e;
    }
    if (complete) {
      if (::rename(part_.c_str(), final_.c_str()) != 0) {
        Error e = io_error("cannot rename to " + final_.string(), part_.string());
        ::close(fd_);
        fd_ = -1;
        return e;
      }
      fsync_dir(final_);
    }
    ::close(fd_);  // releases the lock
    fd_ = -1;
    return ok_status();
  }

 private:
  bool flush() {
    pending_ = 0;
    if (buf_.empty()) return true;
    bool ok = write_all(fd_, buf_);
    buf_.clear();
    return ok;
  }

  fs::path final_, part_;
  int fd_;
  std::unordered_map<std::string, int> done_;
  std::string buf_;
  int pending_ = 0;
};

// Reads the keys of the complete records of an existing output and cuts off a torn tail.
Status scan_existing(int fd, const fs::path& part, std::unordered_map<std::string, int>& done) {
  if (::lseek(fd, 0, SEEK_SET) < 0) return io_error("cannot seek", part.string());
  std::string carry;
  std::vector<char> chunk(1 << 20);
  off_t offset = 0;     // bytes consumed into complete lines
  off_t good_end = 0;   // end of the last valid record
  bool stop = false;
  for (;;) {
    ssize_t n = ::read(fd, chunk.data(), chunk.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot read", part.string());
    }
    if (n == 0) break;
    carry.append(chunk.data(), static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (;;) {
      std::size_t nl = carry.find('\n', start);
      if (nl == std::string::npos) break;
      std::string_view line(carry.data() + start, nl - start);
      offset += static_cast<off_t>(nl - start + 1);
      start = nl + 1;
      if (line.empty()) { good_end = offset; continue; }
      auto k = output_key(line);
      if (!k) { stop = true; break; }  // a damaged line: everything from here is redone
      ++done[key_of(k->first, k->second)];
      good_end = offset;
    }
    if (stop) break;
    carry.erase(0, start);
  }
  // A torn last line (killed while writing) has no newline: cut it off.
  if (::ftruncate(fd, good_end) != 0) return io_error("cannot truncate", part.string());
  if (::lseek(fd, 0, SEEK_END) < 0) return io_error("cannot seek", part.string());
  return ok_status();
}

// ------------------------------------------------------------------ stream
class StreamSink final : public Sink {
 public:
  StreamSink(int fd, std::size_t every) : fd_(fd), every_(every ? every : 1) {}
  ~StreamSink() override { flush(); }
  Status write(const Record& r) override {
    buf_ += r.json;
    buf_ += '\n';
    if (++pending_ >= every_ || buf_.size() >= (256u << 10)) {
      if (!flush()) return io_error("cannot write", "<stdout>");
    }
    return ok_status();
  }
  Status finish(bool) override {
    if (!flush()) return io_error("cannot write", "<stdout>");
    return ok_status();
  }

 private:
  bool flush() {
    pending_ = 0;
    if (buf_.empty()) return true;
    bool ok = write_all(fd_, buf_);
    buf_.clear();
    return ok;
  }
  int fd_;
  std::size_t every_;
  std::size_t pending_ = 0;
  std::string buf_;
};

// ------------------------------------------------------------------ directory
class DirectorySink final : public Sink {
 public:
  DirectorySink(fs::path dir, bool resume) : dir_(std::move(dir)), resume_(resume) {}
  bool skip(const std::string&, const std::string&, const std::string& rel) override {
    if (!resume_) return false;
    std::error_code ec;
    return fs::exists(dir_ / rel, ec);
  }
  bool resuming() const override { return resume_; }
  Status write(const Record& r) override {
    fs::path out = dir_ / r.rel;
    std::error_code ec;
    fs::create_directories(out.parent_path(), ec);
    if (ec) return make_error(ErrorCode::kIo, "cannot create directory: " + ec.message(), out.parent_path().string());
    fs::path tmp = out;
    tmp += ".part";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return io_error("cannot create", tmp.string());
    bool ok = write_all(fd, r.json) && write_all(fd, "\n");
    if (::close(fd) != 0) ok = false;
    if (!ok) return io_error("cannot write", tmp.string());
    if (::rename(tmp.c_str(), out.c_str()) != 0) return io_error("cannot rename", tmp.string());
    return ok_status();
  }
  Status finish(bool) override { return ok_status(); }

 private:
  fs::path dir_;
  bool resume_;
};

class CallbackSink final : public Sink {
 public:
  explicit CallbackSink(std::function<Status(const Record&)> fn) : fn_(std::move(fn)) {}
  Status write(const Record& r) override { return fn_(r); }
  Status finish(bool) override { return ok_status(); }

 private:
  std::function<Status(const Record&)> fn_;
};

}  // namespace

Result<std::unique_ptr<Sink>> open_jsonl_file(const fs::path& path, bool resume) {
  fs::path part = path;
  part += ".part";
  std::error_code ec;
  if (fs::is_directory(path, ec)) return make_error(ErrorCode::kUsage, "is a directory (use --out-dir)", path.string());
  if (!path.parent_path().empty() && !fs::is_directory(path.parent_path(), ec))
    return make_error(ErrorCode::kNotFound, "directory does not exist", path.parent_path().string());
  bool reuse = false;
  if (resume) {
    struct stat st{};
    if (::stat(part.c_str(), &st) == 0) {
      reuse = true;
    } else if (::stat(path.c_str(), &st) == 0) {
      // A finished output to which new inputs are added: continue it under the temporary
      // name; it is renamed back when this run completes.
      if (::rename(path.c_str(), part.c_str()) != 0) return io_error("cannot rename to " + part.string(), path.string());
      reuse = true;
    }
  }
  int fd = ::open(part.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("cannot create", part.string());
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return make_error(ErrorCode::kIo, "another shilu batch is writing this file", part.string());
  }
  std::unordered_map<std::string, int> done;
  if (reuse) {
    Status s = scan_existing(fd, part, done);
    if (!s) {
      ::close(fd);
      return s.error();
    }
  } else if (::ftruncate(fd, 0) != 0) {
    Error e = io_error("cannot truncate", part.string());
    ::close(fd);
    return e;
  }
  return std::unique_ptr<Sink>(new JsonlFileSink(path, part, fd, std::move(done)));
}

std::unique_ptr<Sink> open_stream(int fd, std::size_t flush_every) {
  return std::make_unique<StreamSink>(fd, flush_every);
}

Result<std::unique_ptr<Sink>> open_directory(const fs::path& dir, bool resume) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir, ec)) return make_error(ErrorCode::kIo, "cannot create directory", dir.string());
  return std::unique_ptr<Sink>(new DirectorySink(dir, resume));
}

std::unique_ptr<Sink> callback_sink(std::function<Status(const Record&)> fn) {
  return std::make_unique<CallbackSink>(std::move(fn));
}

}  // namespace shilu::batch
