// shilu/dataset.h — SQLite datasets built from annotations (persons with every spelling,
// places with coordinates, dates, troop counts by year and side), and CSV exports.
//
//   auto db = shilu::dataset::Database::open("history.sqlite");      // Result<Database>
//   if (!db) die(db.error().to_string());
//   // Annotation JSON Lines (from `shilu batch`) and/or texts annotated on the fly:
//   auto pipe = shilu::annotate::Pipeline::load("corpus/resources");
//   shilu::dataset::LoadOptions opt;
//   auto s = shilu::dataset::load(*db, &*pipe, {"annotations.jsonl", "more_texts/"}, opt);
//   // s->added new documents, s->existing already there (same content hash), s->failed
//   db->write_csv("csv/");                                           // RFC 4180, one file per table
//   auto rows = db->query("SELECT canonical, variants FROM person_spellings");
//
// Schema (see docs/batch-and-dataset.md for the columns):
//   documents        one row per distinct text, keyed by the SHA-256 of the text
//                    (content_hash UNIQUE): re-running on the same or more documents never
//                    duplicates one
//   mentions         every entity: type, text, offsets (code points and bytes), rule,
//                    canonical, key, normalized JSON, sentence index and text, paragraph index
//   persons          clustered across documents by key (normalized.entity_id, else
//                    normalized.key, else the folded text); person_variants holds every
//                    spelling with its count
//   places           clustered by gazetteer id, else key; kind, lat, lon, modern name and
//                    province from the normalized value; place_variants as for persons
//   dates            one row per date mention: year, month, day, era, precision, resolved_by
//   troop_counts     value, value_max, qualifier, unit, role, side, and the year and place
//                    of the same sentence (else paragraph) when known, with their scope
// Views: troops_by_year_side, person_spellings, places_per_document, timeline.
//
// Foreign keys are declared and enforced; every table is indexed on the columns the views
// join on. Documents are loaded one transaction per batch of documents, so a run that is
// interrupted leaves only whole documents.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "shilu/annotate.h"
#include "shilu/batch.h"
#include "shilu/core.h"

namespace shilu::dataset {

// Outcome of adding one document.
enum class Added { kAdded, kExisting, kFailed };

class Database {
 public:
  // Opens (creating if needed) a database and its schema. ":memory:" works.
  static Result<Database> open(const std::filesystem::path& db);

  // Adds one shilu.annotation/1 object (parsed). `text` is Document::text when known (it
  // gives sentence and paragraph text, and the content hash); when empty, the sentences
  // come from the annotation's "sentences" array if present and the hash from the
  // annotation itself. Error records (with "error") are counted as failed and not stored.
  Result<Added> add(const Value& annotation, std::string_view text);

  Status begin();
  Status commit();
  // Recomputes the per-person and per-place counts; call after loading.
  Status finalize();

  // One RFC 4180 CSV file per table (documents.csv, mentions.csv, …), header row first,
  // CRLF line ends; each written to a temporary name and renamed.
  Status write_csv(const std::filesystem::path& dir) const;

  // Runs a query and returns the rows as text (NULL = ""); for tests and small tools.
  Result<std::vector<std::vector<std::string>>> query(std::string_view sql) const;

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

 private:
  struct Impl;
  explicit Database(std::unique_ptr<Impl>);
  Result<Added> add_document(const Value& annotation, std::string_view text);
  std::unique_ptr<Impl> impl_;
};

// Table and view names, in creation order.
const std::vector<std::string>& table_names();
const std::vector<std::string>& view_names();

// SHA-256 as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

// True when the file looks like annotation JSON Lines (its first non-blank character
// starts a JSON object with "schema": "shilu.annotation/1").
bool is_annotation_jsonl(const std::filesystem::path& p);

// Progress of a load, reported every `progress_every` and once more at the end (final).
struct LoadProgress {
  std::uint64_t documents = 0;  // documents seen (added + existing + failed)
  std::uint64_t added = 0, failed = 0, mentions = 0;
  std::uint64_t bytes = 0;      // bytes of annotation JSON read or of text annotated
  double seconds = 0;
  bool final = false;
};

struct LoadOptions {
  batch::Options batch;                        // for texts annotated on the fly
  const std::atomic<bool>* cancel = nullptr;   // stop cleanly between documents
  std::size_t commit_every = 500;              // documents per transaction
  std::function<void(const LoadProgress&)> progress;  // called from the calling thread
  std::chrono::milliseconds progress_every{250};
};

struct Failure {
  std::string source, id, code, message;
};

struct LoadSummary {
  std::uint64_t added = 0;      // new documents
  std::uint64_t existing = 0;   // already in the database (same content hash)
  std::uint64_t failed = 0;     // error records, unparsable lines, unannotatable texts
  std::uint64_t mentions = 0;   // added mentions
  bool cancelled = false;
  std::vector<Failure> failures;  // the first 1000
};

// Loads inputs in order: annotation JSON Lines files ("-" = standard input) are read
// directly; any other file or directory is annotated on the fly with `pipeline` (through
// shilu::batch, in parallel). `pipeline` may be null when every input is annotation JSONL.
Result<LoadSummary> load(Database& db, const annotate::Pipeline* pipeline, const std::vector<std::string>& inputs,
                         const LoadOptions& opt);

}  // namespace shilu::dataset
