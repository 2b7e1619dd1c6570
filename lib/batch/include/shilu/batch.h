// shilu/batch.h — corpus-scale annotation: parallel, ordered, streaming, resumable.
//
//   auto pipe = shilu::annotate::Pipeline::load("corpus/resources");
//   std::vector<shilu::batch::Input> in = {shilu::batch::Input::path_input("corpus/texts"),
//                                          shilu::batch::Input::jsonl("pages.jsonl")};
//   auto sink = shilu::batch::open_jsonl_file("out.jsonl", /*resume=*/true);   // Result<unique_ptr<Sink>>
//   if (!sink) die(sink.error().to_string());
//   shilu::batch::Options opt;
//   opt.threads = 4;                          // 0 = every core
//   opt.cancel = &stop_flag;                  // set by a SIGINT/SIGTERM handler
//   opt.progress = [](const shilu::batch::Progress& p) { ... };
//   shilu::Result<shilu::batch::Summary> s = shilu::batch::run(*pipe, in, **sink, opt);
//   // s->failed > 0: some documents became error records; the run went on.
//
// How it works. One reader thread enumerates the inputs lazily (directories depth-first,
// each directory's entries sorted by name; JSON Lines read line by line) and hands jobs to
// N worker threads; each worker reads its file, checks it (regular file, size, binary,
// encoding), annotates it and renders the output line. The calling thread writes results
// in input order. At most `window` documents are in flight (read, queued, annotated or
// waiting for their turn), and at most `window_bytes` bytes of input, so memory does not
// grow with the corpus.
//
// Fault tolerance. A document that cannot be annotated becomes an error record
// (io::error_record_json) with one of the codes below, and the run goes on:
//   not_found   the path does not exist (e.g. a dangling symbolic link)
//   unreadable  open/read failed (permissions, I/O error)
//   not_regular a FIFO, socket or device (never read: it could block forever)
//   too_large   more than Options::max_bytes
//   binary      a known binary signature (PNG, ZIP, PDF, ELF …) or many control/NUL bytes
//   encoding    invalid UTF-8 beyond repair (more than Options::max_invalid_ratio of bytes)
//   bad_record  a JSON Lines record that is not {"id": …, "text": "…"}
//   internal    an exception escaped the pipeline (a bug; reported, not fatal)
// Repairable damage (a few invalid bytes, NUL bytes, BOM, UTF-16) only adds warnings.
//
// Resume. Every document has a key: its id and path. A sink opened with resume = true
// reports the keys already present in its output (skip()); the reader skips those before
// reading them. Re-running the same command with --resume therefore produces the same
// output as an uninterrupted run.
//
// Cancellation. When *Options::cancel becomes true, the reader stops, queued documents are
// dropped, documents being annotated are finished, and results are written in order up to
// the first missing one: the output is always a prefix of the input order, made of whole
// records. Summary::cancelled is then true and the sink keeps its partial output resumable.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "shilu/annotate.h"
#include "shilu/core.h"
#include "shilu/io.h"

namespace shilu::batch {

// ---------------------------------------------------------------- inputs
struct Input {
  enum class Kind {
    kPath,   // a file (one document) or a directory (walked recursively)
    kJsonl,  // JSON Lines records {"id": "...", "text": "..."}; path "-" = standard input
  };
  Kind kind = Kind::kPath;
  std::string path;

  static Input path_input(std::string p) { return Input{Kind::kPath, std::move(p)}; }
  static Input jsonl(std::string p) { return Input{Kind::kJsonl, std::move(p)}; }
};

// ---------------------------------------------------------------- results
// One finished document, handed to the Sink in input order.
struct Record {
  std::uint64_t seq = 0;      // 0-based position in the output (documents skipped on resume not counted)
  std::string id;             // document id: file name without extension for a file
                              // argument, relative path without extension under a
                              // directory ("chronicles/song/01"), the record's "id" in JSONL
  std::string path;           // the file path; for JSONL records the JSONL source ("-" = stdin)
  std::string rel;            // output name for mirrored directories ("chronicles/song/01.json")
  std::uint64_t bytes = 0;    // input size
  bool failed = false;
  std::string error_code;     // when failed: not_found, unreadable, binary, … (see above)
  std::string error_message;
  std::size_t entities = 0;
  std::size_t warnings = 0;
  std::string json;           // the output line (no newline): annotation or error record
  std::string text;           // Document::text, only when Options::keep_text
};

// Where records go. write() and finish() are called from the thread that called run(), in
// input order; skip() is called from the reader thread, in input order, before a document
// is read. Implementations need no locking.
class Sink {
 public:
  virtual ~Sink() = default;
  // True when the document (id, path) is already in the output (resume).
  virtual bool skip(const std::string& id, const std::string& path, const std::string& rel) { return false; }
  // True when skip() may return true (JSON Lines records are then parsed by the reader to
  // learn their id before they are queued).
  virtual bool resuming() const { return false; }
  virtual Status write(const Record& r) = 0;
  // complete = false after a cancellation or a write error: keep what was written, so that
  // a later run can resume.
  virtual Status finish(bool complete) = 0;
};

// JSON Lines into a file, atomically: records go to "PATH.part" and the file is renamed to
// PATH when the run completes. With resume = true, an existing "PATH.part" (an interrupted
// run) or else PATH (a finished one, to which new inputs are added) is reopened: a torn
// last line is cut off, the keys of its records are skipped, and new records are appended.
// Without resume, an existing PATH.part is overwritten. A second run writing the same file
// at the same time is refused (advisory lock).
Result<std::unique_ptr<Sink>> open_jsonl_file(const std::filesystem::path& path, bool resume);
// JSON Lines to a file descriptor (standard output), flushed after every `flush_every`
// records (1 = line-buffered, for pipes). No resume.
std::unique_ptr<Sink> open_stream(int fd, std::size_t flush_every = 1);
// One pretty-printed .json file per document under DIR, mirroring the input tree
// (Record::rel), each written to a temporary name and renamed. With resume = true,
// documents whose output file exists are skipped.
Result<std::unique_ptr<Sink>> open_directory(const std::filesystem::path& dir, bool resume);
// Calls `fn` for every record (tests, dataset building). fn returns an error to stop the run.
std::unique_ptr<Sink> callback_sink(std::function<Status(const Record&)> fn);

// ---------------------------------------------------------------- options
struct Progress {
  std::uint64_t documents = 0;     // written (annotated + failed)
  std::uint64_t failed = 0;
  std::uint64_t skipped = 0;       // resume
  std::uint64_t bytes = 0;         // input bytes of written documents
  std::uint64_t total_bytes = 0;   // of all inputs, once known (0 = not known yet)
  std::uint64_t total_documents = 0;
  double seconds = 0;              // since the start
  bool final = false;              // the last call
};

struct Options {
  unsigned threads = 0;                        // worker threads; 0 = hardware concurrency
  std::uint64_t max_bytes = 64ull << 20;       // larger documents → too_large; 0 = 4 GiB - 1
  double max_invalid_ratio = 0.10;             // invalid UTF-8 bytes above this → encoding
  std::vector<std::string> globs;              // directory walk: fnmatch patterns on the file
                                               // name (or on the relative path when the pattern
                                               // has a '/'); empty = every file. Hidden files
                                               // and directories (".git") are never walked.
  annotate::Options annotate;
  io::WriteOptions write;                      // tokens / sentences; `pretty` is ignored
  std::size_t window = 0;                      // documents in flight; 0 = 4 × threads + 4
  std::uint64_t window_bytes = 256ull << 20;   // input bytes in flight (one larger document
                                               // may still pass alone)
  bool keep_text = false;                      // fill Record::text (dataset building)
  const std::atomic<bool>* cancel = nullptr;   // polled; true = stop cleanly
  std::function<void(const Progress&)> progress;  // called from the calling thread
  std::chrono::milliseconds progress_every{250};
  bool count_totals = false;                   // walk the inputs once more, concurrently, to
                                               // fill Progress::total_* (for an ETA)
};

struct Failure {
  std::string id, path, code, message;
};

struct Summary {
  std::uint64_t documents = 0;   // records written
  std::uint64_t annotated = 0;
  std::uint64_t failed = 0;
  std::uint64_t skipped = 0;     // already in the output (resume)
  std::uint64_t bytes = 0;
  std::uint64_t entities = 0;
  double seconds = 0;
  bool cancelled = false;
  std::vector<Failure> failures;     // the first `kMaxFailures`
  static constexpr std::size_t kMaxFailures = 1000;
};

// Runs the batch. Fails (without writing anything) only when an input argument is missing
// or when the sink reports a write error; bad documents are records, not errors.
Result<Summary> run(const annotate::Pipeline& pipeline, const std::vector<Input>& inputs, Sink& sink,
                    const Options& opt);

// ---------------------------------------------------------------- building blocks
// Why `bytes` cannot be annotated as text: {code, message}, or empty codes when it can.
struct TextCheck {
  std::string code;
  std::string message;
  bool ok() const { return code.empty(); }
};
TextCheck check_text(std::string_view bytes, double max_invalid_ratio = 0.10);

// Number of bytes that belong to invalid UTF-8 sequences.
std::size_t invalid_utf8_bytes(std::string_view bytes);

// Parses one JSON Lines input record {"id": "...", "text": "..."}; `fallback_id` is used
// when "id" is absent. Numbers are accepted as ids.
struct JsonlRecord {
  std::string id;
  std::string text;
};
Result<JsonlRecord> parse_record(std::string_view line, std::string_view fallback_id);

// The (id, path) of one output line written by shilu batch; fast path for our own output.
Result<std::pair<std::string, std::string>> output_key(std::string_view line);

// Makes a file-name-safe relative output name from a record id ("a/b c?" → "a/b_c_").
std::string safe_name(std::string_view id);

}  // namespace shilu::batch
