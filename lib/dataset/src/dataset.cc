// The SQLite dataset: schema, loader (one document at a time), CSV export.
#include "shilu/dataset.h"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>

#include "shilu/io.h"
#include "shilu/text.h"

namespace fs = std::filesystem;

namespace shilu::dataset {

namespace {

constexpr const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL);
INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', 'shilu.dataset/1');

CREATE TABLE IF NOT EXISTS documents(
  doc_id       INTEGER PRIMARY KEY,
  content_hash TEXT NOT NULL UNIQUE,          -- SHA-256 of the text (or of the annotation)
  hash_of      TEXT NOT NULL CHECK (hash_of IN ('text', 'annotation')),
  name         TEXT NOT NULL,                 -- document id
  path         TEXT,
  bytes        INTEGER,
  chars        INTEGER,
  entities     INTEGER NOT NULL DEFAULT 0,
  warnings     INTEGER NOT NULL DEFAULT 0,
  sentences    INTEGER,
  added_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));

CREATE TABLE IF NOT EXISTS persons(
  person_id INTEGER PRIMARY KEY,
  key       TEXT NOT NULL UNIQUE,             -- entity_id, else normalized key, else folded text
  canonical TEXT NOT NULL,                    -- the most frequent canonical form
  entity_id TEXT,
  mentions  INTEGER NOT NULL DEFAULT 0,
  documents INTEGER NOT NULL DEFAULT 0);

CREATE TABLE IF NOT EXISTS person_variants(
  person_id INTEGER NOT NULL REFERENCES persons(person_id) ON DELETE CASCADE,
  variant   TEXT NOT NULL,                    -- a spelling as written
  count     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (person_id, variant));

CREATE TABLE IF NOT EXISTS places(
  place_id        INTEGER PRIMARY KEY,
  key             TEXT NOT NULL UNIQUE,       -- gazetteer id, else normalized key, else folded text
  canonical       TEXT NOT NULL,
  kind            TEXT,
  regime          TEXT,
  lat             REAL,
  lon             REAL,
  modern_name     TEXT,
  modern_province TEXT,
  gazetteer_id    TEXT,
  mentions        INTEGER NOT NULL DEFAULT 0,
  documents       INTEGER NOT NULL DEFAULT 0);

CREATE TABLE IF NOT EXISTS place_variants(
  place_id INTEGER NOT NULL REFERENCES places(place_id) ON DELETE CASCADE,
  variant  TEXT NOT NULL,
  count    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (place_id, variant));

CREATE TABLE IF NOT EXISTS mentions(
  mention_id      INTEGER PRIMARY KEY,
  doc_id          INTEGER NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
  entity          TEXT NOT NULL,              -- "T12" in the annotation
  type            TEXT NOT NULL,
  text            TEXT NOT NULL,
  start           INTEGER NOT NULL,           -- code points
  "end"           INTEGER NOT NULL,
  byte_start      INTEGER NOT NULL,
  byte_end        INTEGER NOT NULL,
  rule            TEXT,
  canonical       TEXT,
  key             TEXT,
  latent          INTEGER NOT NULL DEFAULT 0,
  ambiguous       INTEGER NOT NULL DEFAULT 0,
  sentence_index  INTEGER,                    -- 0-based, in the document
  sentence        TEXT,
  paragraph_index INTEGER,
  person_id       INTEGER REFERENCES persons(person_id),
  place_id        INTEGER REFERENCES places(place_id),
  normalized      TEXT NOT NULL DEFAULT '{}', -- JSON (json_extract works on it)
  UNIQUE (doc_id, entity));

CREATE TABLE IF NOT EXISTS dates(
  mention_id     INTEGER PRIMARY KEY REFERENCES mentions(mention_id) ON DELETE CASCADE,
  doc_id         INTEGER NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
  text           TEXT NOT NULL,
  calendar       TEXT,
  year           INTEGER,
  year_end       INTEGER,
  month          INTEGER,
  day            INTEGER,
  season         TEXT,
  precision      TEXT,
  era            TEXT,
  era_regime     TEXT,
  era_year       INTEGER,
  resolved_by    TEXT,
  iso            TEXT,
  sentence_index INTEGER);

CREATE TABLE IF NOT EXISTS troop_counts(
  mention_id      INTEGER PRIMARY KEY REFERENCES mentions(mention_id) ON DELETE CASCADE,
  doc_id          INTEGER NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
  text            TEXT NOT NULL,
  value           INTEGER,
  value_max       INTEGER,
  qualifier       TEXT,
  unit            TEXT,
  role            TEXT,
  side            TEXT,
  year            INTEGER,                    -- of the same sentence, else paragraph
  year_scope      TEXT CHECK (year_scope IN ('sentence', 'paragraph')),
  year_mention_id INTEGER REFERENCES mentions(mention_id),
  place_id        INTEGER REFERENCES places(place_id),
  place           TEXT,
  place_scope     TEXT CHECK (place_scope IN ('sentence', 'paragraph')),
  sentence_index  INTEGER,
  sentence        TEXT);

CREATE INDEX IF NOT EXISTS mentions_doc_sentence ON mentions(doc_id, sentence_index);
CREATE INDEX IF NOT EXISTS mentions_type ON mentions(type);
CREATE INDEX IF NOT EXISTS mentions_person ON mentions(person_id);
CREATE INDEX IF NOT EXISTS mentions_place ON mentions(place_id);
CREATE INDEX IF NOT EXISTS person_variants_variant ON person_variants(variant);
CREATE INDEX IF NOT EXISTS place_variants_variant ON place_variants(variant);
CREATE INDEX IF NOT EXISTS dates_year ON dates(year);
CREATE INDEX IF NOT EXISTS dates_doc ON dates(doc_id);
CREATE INDEX IF NOT EXISTS troop_counts_year_side ON troop_counts(year, side);
CREATE INDEX IF NOT EXISTS troop_counts_doc ON troop_counts(doc_id);
CREATE INDEX IF NOT EXISTS troop_counts_place ON troop_counts(place_id);

-- Troop strengths and casualties by year and side.
CREATE VIEW IF NOT EXISTS troops_by_year_side AS
SELECT t.year, t.side,
       COUNT(*) AS reports,
       SUM(CASE WHEN t.role IN ('strength', 'reinforcement', 'garrison') THEN t.value END) AS strength,
       SUM(CASE WHEN t.role = 'casualties' THEN t.value END) AS casualties,
       SUM(CASE WHEN t.role = 'wounded' THEN t.value END) AS wounded,
       SUM(CASE WHEN t.role = 'captured' THEN t.value END) AS captured,
       MAX(t.value) AS largest,
       GROUP_CONCAT(DISTINCT d.name) AS documents
FROM troop_counts t JOIN documents d ON d.doc_id = t.doc_id
GROUP BY t.year, t.side
ORDER BY t.year IS NULL, t.year, t.side;

-- Every spelling of each person, most frequent first.
CREATE VIEW IF NOT EXISTS person_spellings AS
SELECT p.person_id, p.canonical, p.key, p.mentions, p.documents,
       (SELECT COUNT(*) FROM person_variants v WHERE v.person_id = p.person_id) AS spellings,
       (SELECT GROUP_CONCAT(variant || ' (' || count || ')', '; ')
          FROM (SELECT v.variant, v.count FROM person_variants v
                WHERE v.person_id = p.person_id ORDER BY v.count DESC, v.variant)) AS variants
FROM persons p
ORDER BY p.mentions DESC, p.canonical;

-- The places of each document, in order of first mention.
CREATE VIEW IF NOT EXISTS places_per_document AS
SELECT d.doc_id, d.name AS document, pl.place_id, pl.canonical AS place, pl.kind,
       pl.lat, pl.lon, pl.modern_name, pl.modern_province,
       COUNT(*) AS mentions, MIN(m.start) AS first_start
FROM mentions m
JOIN documents d ON d.doc_id = m.doc_id
JOIN places pl ON pl.place_id = m.place_id
GROUP BY d.doc_id, pl.place_id
ORDER BY d.name, first_start;

-- Dated events in time order, with the persons, places and events of the same sentence.
CREATE VIEW IF NOT EXISTS timeline AS
SELECT dt.year, dt.year_end, dt.month, dt.day, dt.season, dt.precision, dt.era, dt.era_year,
       dt.resolved_by, dt.text AS date_text, d.name AS document, m.sentence_index, m.sentence,
       (SELECT GROUP_CONCAT(DISTINCT COALESCE(o.canonical, o.text)) FROM mentions o
         WHERE o.doc_id = m.doc_id AND o.sentence_index = m.sentence_index AND o.type = 'event') AS events,
       (SELECT GROUP_CONCAT(DISTINCT COALESCE(o.canonical, o.text)) FROM mentions o
         WHERE o.doc_id = m.doc_id AND o.sentence_index = m.sentence_index AND o.type = 'person') AS persons,
       (SELECT GROUP_CONCAT(DISTINCT COALESCE(o.canonical, o.text)) FROM mentions o
         WHERE o.doc_id = m.doc_id AND o.sentence_index = m.sentence_index AND o.type = 'place') AS places
FROM dates dt
JOIN mentions m ON m.mention_id = dt.mention_id
JOIN documents d ON d.doc_id = dt.doc_id
WHERE dt.year IS NOT NULL
ORDER BY dt.year, dt.month IS NULL, dt.month, dt.day, d.name, m.start;
)SQL";

Error sql_error(sqlite3* db, const std::string& what) {
  return make_error(ErrorCode::kIo, what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

// A prepared statement with typed binding helpers.
class Stmt {
 public:
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() { sqlite3_finalize(s_); }
  bool prepare(sqlite3* db, const char* sql) { return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s_, nullptr) == SQLITE_OK; }
  Stmt& reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
    i_ = 0;
    return *this;
  }
  Stmt& text(std::string_view v) {
    sqlite3_bind_text(s_, ++i_, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& text_or_null(std::string_view v) { return v.empty() ? null() : text(v); }
  Stmt& integer(std::int64_t v) {
    sqlite3_bind_int64(s_, ++i_, v);
    return *this;
  }
  Stmt& real(double v) {
    sqlite3_bind_double(s_, ++i_, v);
    return *this;
  }
  Stmt& null() {
    sqlite3_bind_null(s_, ++i_);
    return *this;
  }
  Stmt& opt_int(const std::optional<std::int64_t>& v) { return v ? integer(*v) : null(); }
  Stmt& opt_real(const std::optional<double>& v) { return v ? real(*v) : null(); }
  int step() { return sqlite3_step(s_); }
  sqlite3_stmt* get() { return s_; }

 private:
  sqlite3_stmt* s_ = nullptr;
  int i_ = 0;
};

std::optional<std::int64_t> int_of(const Value* v) {
  if (!v) return std::nullopt;
  if (v->is_int()) return v->as_int();
  if (v->is_double()) return static_cast<std::int64_t>(v->as_double());
  return std::nullopt;
}
std::optional<double> real_of(const Value* v) {
  if (!v) return std::nullopt;
  if (v->is_int() || v->is_double()) return v->as_double();
  if (v->is_string()) {
    char* end = nullptr;
    double d = std::strtod(v->as_string().c_str(), &end);
    if (end && *end == 0 && end != v->as_string().c_str()) return d;
  }
  return std::nullopt;
}
std::string str_of(const Value* v) {
  if (!v || v->is_null()) return {};
  if (v->is_string()) return v->as_string();
  if (v->is_int()) return std::to_string(v->as_int());
  if (v->is_object()) {
    for (const char* k : {"canonical", "name", "key"})
      if (const Value* s = v->find(k); s && s->is_string()) return s->as_string();
  }
  return {};
}

// One entity of the document being added.
struct Ent {
  std::string id, type, text, rule;
  bool latent = false, ambiguous = false;
  std::int64_t start = 0, end = 0, bs = 0, be = 0;
  const Value* norm = nullptr;
  int sentence = -1, paragraph = -1;
  std::int64_t mention_id = 0, place_id = 0;
  std::optional<std::int64_t> year;
};

struct Span {
  std::int64_t begin = 0, end = 0;
};

// Sentence text with line breaks and runs of white space collapsed.
std::string clean_sentence(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Paragraphs: separated by blank lines when the text has any, else by line breaks.
std::vector<std::int64_t> paragraph_starts(std::string_view t) {
  std::vector<std::int64_t> blank, lines;
  blank.push_back(0);
  lines.push_back(0);
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] != '\n') continue;
    lines.push_back(static_cast<std::int64_t>(i + 1));
    std::size_t j = i + 1;
    while (j < t.size() && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r')) ++j;
    if (j < t.size() && t[j] == '\n') blank.push_back(static_cast<std::int64_t>(j + 1));
  }
  return blank.size() > 1 ? blank : lines;
}

int index_of(const std::vector<std::int64_t>& starts, std::int64_t pos) {
  if (starts.empty()) return -1;
  auto it = std::upper_bound(starts.begin(), starts.end(), pos);
  return static_cast<int>(it - starts.begin()) - 1;
}

}  // namespace

const std::vector<std::string>& table_names() {
  static const std::vector<std::string> k = {"documents", "persons", "person_variants", "places", "place_variants",
                                             "mentions", "dates", "troop_counts"};
  return k;
}
const std::vector<std::string>& view_names() {
  static const std::vector<std::string> k = {"troops_by_year_side", "person_spellings", "places_per_document", "timeline"};
  return k;
}

struct Database::Impl {
  sqlite3* db = nullptr;
  Stmt find_doc, ins_doc, upd_doc, ins_person, ins_pvar, ins_place, ins_plvar, ins_mention, ins_date, ins_troop;

  // sqlite3_close_v2 waits for the statements (members, finalized after this body).
  ~Impl() {
    if (db) sqlite3_close_v2(db);
  }

  Status exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "unknown error";
      sqlite3_free(err);
      return make_error(ErrorCode::kIo, "SQLite: " + m);
    }
    return ok_status();
  }
};

Database::Database(std::unique_ptr<Impl> p) : impl_(std::move(p)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

Result<Database> Database::open(const fs::path& path) {
  auto impl = std::make_unique<Impl>();
  int rc = sqlite3_open_v2(path.c_str(), &impl->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    Error e = sql_error(impl->db, "cannot open database");
    e.file = path.string();
    return e;
  }
  sqlite3_busy_timeout(impl->db, 5000);
  for (const char* pragma : {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL"}) {
    Status s = impl->exec(pragma);
    if (!s) return s.error();
  }
  if (Status s = impl->exec(kSchema); !s) {
    Error e = s.error();
    e.file = path.string();
    return e;
  }
  struct P {
    Stmt* st;
    const char* sql;
  };
  Impl& I = *impl;
  const P prep[] = {
      {&I.find_doc, "SELECT doc_id FROM documents WHERE content_hash = ?"},
      {&I.ins_doc, "INSERT INTO documents(content_hash, hash_of, name, path, bytes, chars, entities, warnings, sentences) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING doc_id"},
      {&I.upd_doc, "UPDATE documents SET entities = ? WHERE doc_id = ?"},
      {&I.ins_person, "INSERT INTO persons(key, canonical, entity_id) VALUES (?, ?, ?) "
                      "ON CONFLICT(key) DO UPDATE SET entity_id = COALESCE(persons.entity_id, excluded.entity_id) "
                      "RETURNING person_id"},
      {&I.ins_pvar, "INSERT INTO person_variants(person_id, variant, count) VALUES (?, ?, 1) "
                    "ON CONFLICT(person_id, variant) DO UPDATE SET count = count + 1"},
      {&I.ins_place, "INSERT INTO places(key, canonical, kind, regime, lat, lon, modern_name, modern_province, gazetteer_id) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
                     "kind = COALESCE(places.kind, excluded.kind), regime = COALESCE(places.regime, excluded.regime), "
                     "lat = COALESCE(places.lat, excluded.lat), lon = COALESCE(places.lon, excluded.lon), "
                     "modern_name = COALESCE(places.modern_name, excluded.modern_name), "
                     "modern_province = COALESCE(places.modern_province, excluded.modern_province), "
                     "gazetteer_id = COALESCE(places.gazetteer_id, excluded.gazetteer_id) RETURNING place_id"},
      {&I.ins_plvar, "INSERT INTO place_variants(place_id, variant, count) VALUES (?, ?, 1) "
                     "ON CONFLICT(place_id, variant) DO UPDATE SET count = count + 1"},
      {&I.ins_mention, "INSERT INTO mentions(doc_id, entity, type, text, start, \"end\", byte_start, byte_end, rule, "
                       "canonical, key, latent, ambiguous, sentence_index, sentence, paragraph_index, person_id, place_id, "
                       "normalized) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
      {&I.ins_date, "INSERT INTO dates(mention_id, doc_id, text, calendar, year, year_end, month, day, season, precision, "
                    "era, era_regime, era_year, resolved_by, iso, sentence_index) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
      {&I.ins_troop, "INSERT INTO troop_counts(mention_id, doc_id, text, value, value_max, qualifier, unit, role, side, "
                     "year, year_scope, year_mention_id, place_id, place, place_scope, sentence_index, sentence) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
  };
  for (const auto& p : prep)
    if (!p.st->prepare(impl->db, p.sql)) return sql_error(impl->db, "cannot prepare statement");
  return Database(std::move(impl));
}

Status Database::begin() { return impl_->exec("BEGIN IMMEDIATE"); }
Status Database::commit() { return impl_->exec("COMMIT"); }

Status Database::finalize() {
  return impl_->exec(R"SQL(
UPDATE persons SET
  mentions  = (SELECT COUNT(*) FROM mentions m WHERE m.person_id = persons.person_id),
  documents = (SELECT COUNT(DISTINCT m.doc_id) FROM mentions m WHERE m.person_id = persons.person_id),
  canonical = COALESCE((SELECT m.canonical FROM mentions m WHERE m.person_id = persons.person_id AND m.canonical IS NOT NULL
                        GROUP BY m.canonical ORDER BY COUNT(*) DESC, m.canonical LIMIT 1), canonical);
UPDATE places SET
  mentions  = (SELECT COUNT(*) FROM mentions m WHERE m.place_id = places.place_id),
  documents = (SELECT COUNT(DISTINCT m.doc_id) FROM mentions m WHERE m.place_id = places.place_id),
  canonical = COALESCE((SELECT m.canonical FROM mentions m WHERE m.place_id = places.place_id AND m.canonical IS NOT NULL
                        GROUP BY m.canonical ORDER BY COUNT(*) DESC, m.canonical LIMIT 1), canonical);
ANALYZE;
)SQL");
}

Result<Added> Database::add(const Value& a, std::string_view text_in) {
  // One savepoint per document: a document is stored whole or not at all.
  if (Status s = impl_->exec("SAVEPOINT shilu_doc"); !s) return s.error();
  Result<Added> r = add_document(a, text_in);
  if (r && *r == Added::kAdded) {
    if (Status s = impl_->exec("RELEASE shilu_doc"); !s) return s.error();
  } else {
    (void)impl_->exec("ROLLBACK TO shilu_doc");
    (void)impl_->exec("RELEASE shilu_doc");
  }
  return r;
}

Result<Added> Database::add_document(const Value& a, std::string_view text_in) {
  Impl& I = *impl_;
  if (!a.is_object()) return make_error(ErrorCode::kFormat, "not a JSON object");
  if (a.contains("error")) return Added::kFailed;
  const Value* doc = a.find("document");
  const Value* ents = a.find("entities");
  if (!doc || !doc->is_object() || !ents || !ents->is_array())
    return make_error(ErrorCode::kFormat, "not a shilu.annotation/1 object (no document or entities)");

  // Use the text only when it is the annotated text.
  std::string_view text = text_in;
  std::int64_t bytes = doc->get_int("bytes", -1);
  if (!text.empty()) {
    // bytes counts the input; the decoded text has the same size except after UTF-16.
    bool utf16 = false;
    if (const Value* w = a.find("warnings"); w && w->is_array())
      for (const auto& x : w->as_array()) utf16 |= x.get_string("code") == "utf16_converted";
    if (!utf16 && bytes >= 0 && static_cast<std::int64_t>(text.size()) != bytes) text = {};
  }

  std::string hash, hash_of;
  if (!text.empty() || (bytes == 0 && text_in.empty() && ents->size() == 0)) {
    hash = sha256_hex(text);
    hash_of = "text";
  } else {
    std::string basis = "shilu.annotation\n" + doc->get_string("id") + "\n" + std::to_string(bytes) + "\n" + io::to_json(*ents);
    hash = sha256_hex(basis);
    hash_of = "annotation";
  }
  I.find_doc.reset().text(hash);
  int rc = I.find_doc.step();
  if (rc == SQLITE_ROW) return Added::kExisting;
  if (rc != SQLITE_DONE) return sql_error(I.db, "cannot look up document");

  // Sentences (byte spans) and paragraphs.
  std::vector<Span> sentences;
  std::vector<std::int64_t> sentence_starts, paragraphs;
  if (!text.empty()) {
    text::Tokenized t = text::tokenize(text);
    for (const auto& s : t.sentences) sentences.push_back({s.begin, s.end});
    paragraphs = paragraph_starts(text);
  } else if (const Value* ss = a.find("sentences"); ss && ss->is_array()) {
    for (const auto& s : ss->as_array()) sentences.push_back({s.get_int("byte_start"), s.get_int("byte_end")});
  }
  for (const auto& s : sentences) sentence_starts.push_back(s.begin);
  auto sentence_text = [&](int i) -> std::string {
    if (i < 0 || text.empty()) return {};
    const Span& s = sentences[static_cast<std::size_t>(i)];
    if (s.end > static_cast<std::int64_t>(text.size()) || s.begin > s.end) return {};
    return clean_sentence(text.substr(static_cast<std::size_t>(s.begin), static_cast<std::size_t>(s.end - s.begin)));
  };

  std::size_t nwarn = 0;
  if (const Value* w = a.find("warnings"); w && w->is_array()) nwarn = w->size();
  I.ins_doc.reset()
      .text(hash)
      .text(hash_of)
      .text(doc->get_string("id"))
      .text_or_null(doc->get_string("path"))
      .opt_int(int_of(doc->find("bytes")))
      .opt_int(int_of(doc->find("chars")))
      .integer(static_cast<std::int64_t>(ents->size()))
      .integer(static_cast<std::int64_t>(nwarn));
  if (sentences.empty() && text.empty()) I.ins_doc.null();
  else I.ins_doc.integer(static_cast<std::int64_t>(sentences.size()));
  if (I.ins_doc.step() != SQLITE_ROW) return sql_error(I.db, "cannot insert document");
  std::int64_t doc_id = sqlite3_column_int64(I.ins_doc.get(), 0);
  I.ins_doc.reset();

  std::vector<Ent> es;
  es.reserve(ents->size());
  for (const auto& e : ents->as_array()) {
    Ent x;
    x.id = e.get_string("id");
    x.type = e.get_string("type");
    x.text = e.get_string("text");
    x.start = e.get_int("start");
    x.end = e.get_int("end");
    x.bs = e.get_int("byte_start");
    x.be = e.get_int("byte_end");
    x.norm = e.find("normalized");
    x.rule = e.get_string("rule");
    const Value* l = e.find("latent");
    x.latent = l && l->is_bool() && l->as_bool();
    const Value* am = e.find("ambiguous");
    x.ambiguous = am && am->is_bool() && am->as_bool();
    if (!sentence_starts.empty()) x.sentence = index_of(sentence_starts, x.bs);
    if (!paragraphs.empty()) x.paragraph = index_of(paragraphs, x.bs);
    es.push_back(std::move(x));
  }

  static const Value kEmpty = Value(Value::Object{});
  for (auto& x : es) {
    const Value& n = x.norm && x.norm->is_object() ? *x.norm : kEmpty;
    std::string canonical = n.get_string("canonical"), key = n.get_string("key");
    std::optional<std::int64_t> person_id, place_id;
    if (x.type == "person") {
      std::string eid = str_of(n.find("entity_id"));
      std::string cluster = !eid.empty() ? eid : !key.empty() ? key : text::fold(x.text);
      I.ins_person.reset().text(cluster).text(canonical.empty() ? x.text : canonical).text_or_null(eid);
      if (I.ins_person.step() != SQLITE_ROW) return sql_error(I.db, "cannot insert person");
      person_id = sqlite3_column_int64(I.ins_person.get(), 0);
      I.ins_person.reset();
      I.ins_pvar.reset().integer(*person_id).text(x.text);
      if (I.ins_pvar.step() != SQLITE_DONE) return sql_error(I.db, "cannot insert person variant");
    } else if (x.type == "place") {
      std::string gid = str_of(n.find("gazetteer_id"));
      std::string cluster = !gid.empty() ? gid : !key.empty() ? key : text::fold(x.text);
      const Value* modern = n.find("modern");
      std::string mname, mprov;
      if (modern && modern->is_object()) {
        mname = modern->get_string("name");
        mprov = modern->get_string("province");
      } else if (modern && modern->is_string()) {
        mname = modern->as_string();
      }
      std::optional<double> lat = real_of(n.find("lat")), lon = real_of(n.find("lon"));
      if (!lat && modern && modern->is_object()) {
        lat = real_of(modern->find("lat"));
        lon = real_of(modern->find("lon"));
      }
      I.ins_place.reset()
          .text(cluster)
          .text(canonical.empty() ? x.text : canonical)
          .text_or_null(n.get_string("kind"))
          .text_or_null(str_of(n.find("regime")))
          .opt_real(lat)
          .opt_real(lon)
          .text_or_null(mname)
          .text_or_null(mprov)
          .text_or_null(gid);
      if (I.ins_place.step() != SQLITE_ROW) return sql_error(I.db, "cannot insert place");
      place_id = sqlite3_column_int64(I.ins_place.get(), 0);
      x.place_id = *place_id;
      I.ins_place.reset();
      I.ins_plvar.reset().integer(*place_id).text(x.text);
      if (I.ins_plvar.step() != SQLITE_DONE) return sql_error(I.db, "cannot insert place variant");
    }
    std::string stext = sentence_text(x.sentence);
    std::string normalized = n.is_null() ? "{}" : io::to_json(n);
    I.ins_mention.reset()
        .integer(doc_id)
        .text(x.id)
        .text(x.type)
        .text(x.text)
        .integer(x.start)
        .integer(x.end)
        .integer(x.bs)
        .integer(x.be)
        .text_or_null(x.rule)
        .text_or_null(canonical)
        .text_or_null(key);
    I.ins_mention.integer(x.latent).integer(x.ambiguous);
    if (x.sentence >= 0) I.ins_mention.integer(x.sentence); else I.ins_mention.null();
    I.ins_mention.text_or_null(stext);
    if (x.paragraph >= 0) I.ins_mention.integer(x.paragraph); else I.ins_mention.null();
    I.ins_mention.opt_int(person_id).opt_int(place_id).text(normalized);
    if (I.ins_mention.step() != SQLITE_DONE) return sql_error(I.db, "cannot insert mention");
    x.mention_id = sqlite3_last_insert_rowid(I.db);

    if (x.type == "date") {
      x.year = int_of(n.find("year"));
      const Value* era = n.find("era");
      std::string era_name, era_regime;
      std::optional<std::int64_t> era_year;
      if (era && era->is_object()) {
        era_name = era->get_string("name");
        era_regime = str_of(era->find("regime"));
        era_year = int_of(era->find("year"));
      } else if (era && era->is_string()) {
        era_name = era->as_string();
      }
      I.ins_date.reset()
          .integer(x.mention_id)
          .integer(doc_id)
          .text(x.text)
          .text_or_null(n.get_string("calendar"))
          .opt_int(x.year)
          .opt_int(int_of(n.find("year_end")))
          .opt_int(int_of(n.find("month")))
          .opt_int(int_of(n.find("day")))
          .text_or_null(str_of(n.find("season")))
          .text_or_null(n.get_string("precision"))
          .text_or_null(era_name)
          .text_or_null(era_regime)
          .opt_int(era_year)
          .text_or_null(n.get_string("resolved_by"))
          .text_or_null(n.get_string("iso"));
      if (x.sentence >= 0) I.ins_date.integer(x.sentence); else I.ins_date.null();
      if (I.ins_date.step() != SQLITE_DONE) return sql_error(I.db, "cannot insert date");
    }
  }

  // Troop counts with the year and place of their sentence, else paragraph: the nearest
  // date with a year / the nearest place by distance in the text.
  for (const auto& x : es) {
    if (x.type != "troops") continue;
    const Value& n = x.norm && x.norm->is_object() ? *x.norm : kEmpty;
    auto nearest = [&](auto pred, bool by_sentence) -> const Ent* {
      const Ent* best = nullptr;
      std::int64_t best_d = 0;
      int scope = by_sentence ? x.sentence : x.paragraph;
      if (scope < 0) return nullptr;
      for (const auto& y : es) {
        if (!pred(y) || (by_sentence ? y.sentence : y.paragraph) != scope) continue;
        std::int64_t d = y.bs >= x.be ? y.bs - x.be : x.bs >= y.be ? x.bs - y.be : 0;
        if (y.bs >= x.be) d += 1;  // on a tie, prefer what comes before ("In 1126, 60,000 men")
        if (!best || d < best_d) { best = &y; best_d = d; }
      }
      return best;
    };
    auto is_year = [](const Ent& y) { return y.type == "date" && y.year.has_value(); };
    auto is_place = [](const Ent& y) { return y.type == "place" && y.place_id > 0; };
    const Ent* yd = nearest(is_year, true);
    const char* yscope = "sentence";
    if (!yd) { yd = nearest(is_year, false); yscope = "paragraph"; }
    const Ent* pl = nearest(is_place, true);
    const char* pscope = "sentence";
    if (!pl) { pl = nearest(is_place, false); pscope = "paragraph"; }
    I.ins_troop.reset()
        .integer(x.mention_id)
        .integer(doc_id)
        .text(x.text)
        .opt_int(int_of(n.find("value")))
        .opt_int(int_of(n.find("value_max")))
        .text_or_null(n.get_string("qualifier"))
        .text_or_null(str_of(n.find("unit")))
        .text_or_null(str_of(n.find("role")))
        .text_or_null(str_of(n.find("side")));
    if (yd) I.ins_troop.integer(*yd->year).text(yscope).integer(yd->mention_id);
    else I.ins_troop.null().null().null();
    if (pl) {
      const Value* pn = pl->norm;
      std::string pname = pn && pn->is_object() ? pn->get_string("canonical") : std::string();
      I.ins_troop.integer(pl->place_id).text(pname.empty() ? pl->text : pname).text(pscope);
    } else {
      I.ins_troop.null().null().null();
    }
    if (x.sentence >= 0) I.ins_troop.integer(x.sentence); else I.ins_troop.null();
    I.ins_troop.text_or_null(sentence_text(x.sentence));
    if (I.ins_troop.step() != SQLITE_DONE) return sql_error(I.db, "cannot insert troop count");
  }
  return Added::kAdded;
}

Result<std::vector<std::vector<std::string>>> Database::query(std::string_view sql) const {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(impl_->db, sql.data(), static_cast<int>(sql.size()), &st, nullptr) != SQLITE_OK)
    return sql_error(impl_->db, "invalid query");
  std::vector<std::vector<std::string>> rows;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    std::vector<std::string> row;
    int n = sqlite3_column_count(st);
    for (int i = 0; i < n; ++i) {
      const unsigned char* t = sqlite3_column_text(st, i);
      row.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
    }
    rows.push_back(std::move(row));
  }
  Error e = sql_error(impl_->db, "query failed");
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return e;
  return rows;
}

namespace {

void csv_field(std::string& out, const char* s, int len) {
  std::string_view v(s ? s : "", s ? static_cast<std::size_t>(len) : 0);
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += v;
    return;
  }
  out += '"';
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

Status Database::write_csv(const fs::path& dir) const {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return make_error(ErrorCode::kIo, "cannot create directory: " + ec.message(), dir.string());
  for (const auto& table : table_names()) {
    fs::path out = dir / (table + ".csv");
    fs::path tmp = out;
    tmp += ".part";
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return make_error(ErrorCode::kIo, "cannot create file", tmp.string());
    std::string sql = "SELECT * FROM " + table + " ORDER BY rowid";
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(impl_->db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      return sql_error(impl_->db, "cannot read table " + table);
    int n = sqlite3_column_count(st);
    std::string buf;
    for (int i = 0; i < n; ++i) {
      if (i) buf += ',';
      const char* name = sqlite3_column_name(st, i);
      csv_field(buf, name, static_cast<int>(std::strlen(name)));
    }
    buf += "\r\n";
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      for (int i = 0; i < n; ++i) {
        if (i) buf += ',';
        if (sqlite3_column_type(st, i) == SQLITE_NULL) continue;
        const char* t = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
        csv_field(buf, t, sqlite3_column_bytes(st, i));
      }
      buf += "\r\n";
      if (buf.size() > (1u << 20)) {
        f << buf;
        buf.clear();
      }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return sql_error(impl_->db, "cannot read table " + table);
    f << buf;
    f.close();
    if (!f) return make_error(ErrorCode::kIo, "cannot write file", tmp.string());
    fs::rename(tmp, out, ec);
    if (ec) return make_error(ErrorCode::kIo, "cannot rename: " + ec.message(), tmp.string());
  }
  return ok_status();
}

bool is_annotation_jsonl(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return false;
  char buf[256];
  f.read(buf, sizeof buf);
  std::string_view s(buf, static_cast<std::size_t>(f.gcount()));
  std::size_t i = s.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || s[i] != '{') return false;
  return s.find("\"schema\"") != std::string_view::npos && s.find("shilu.annotation/1") != std::string_view::npos;
}

// ---------------------------------------------------------------- load
namespace {

// The text an annotation was made from, when its file is still there with the same size.
std::string text_for(const Value& a) {
  const Value* d = a.find("document");
  if (!d) return {};
  std::string path = d->get_string("path");
  if (path.empty() || path == "-") return {};
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return {};
  auto bytes = read_file(path);
  if (!bytes || static_cast<std::int64_t>(bytes->size()) != d->get_int("bytes", -1)) return {};
  Document doc = Document::from_bytes(d->get_string("id"), path, std::move(bytes).value());
  return std::move(doc.text);
}

class Loader {
 public:
  Loader(Database& db, const LoadOptions& opt, LoadSummary& s) : db_(db), opt_(opt), s_(s) {}

  Status start() { return db_.begin(); }
  Status done() {
    report(true);
    return db_.commit();
  }

  // Progress at most every opt_.progress_every (and always when final).
  void report(bool final) {
    if (!opt_.progress) return;
    auto now = Clock::now();
    if (!final && now - last_report_ < opt_.progress_every) return;
    last_report_ = now;
    LoadProgress p;
    p.documents = s_.added + s_.existing + s_.failed;
    p.added = s_.added;
    p.failed = s_.failed;
    p.mentions = s_.mentions;
    p.bytes = bytes_;
    p.seconds = std::chrono::duration<double>(now - started_).count();
    p.final = final;
    opt_.progress(p);
  }

  bool cancelled() const { return opt_.cancel && opt_.cancel->load(); }

  void fail(std::string source, std::string id, std::string code, std::string message) {
    ++s_.failed;
    if (s_.failures.size() < 1000) s_.failures.push_back({std::move(source), std::move(id), std::move(code), std::move(message)});
  }

  Status add(const Value& a, std::string_view text, const std::string& source) {
    auto r = db_.add(a, text);
    if (!r) {
      fail(source, "", "bad_annotation", r.error().message);
      return ok_status();
    }
    if (*r == Added::kAdded) {
      ++s_.added;
      if (const Value* e = a.find("entities")) s_.mentions += e->size();
    } else if (*r == Added::kExisting) {
      ++s_.existing;
    } else {
      const Value* d = a.find("document");
      const Value* e = a.find("error");
      fail(d ? d->get_string("path") : source, d ? d->get_string("id") : "", e ? e->get_string("code") : "error",
           e ? e->get_string("message") : "");
    }
    report(false);
    if (++since_commit_ >= opt_.commit_every) {
      since_commit_ = 0;
      if (Status c = db_.commit(); !c) return c;
      if (Status b = db_.begin(); !b) return b;
    }
    return ok_status();
  }

  Status annotation_jsonl(const std::string& src) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (src != "-") {
      file.open(src, std::ios::binary);
      if (!file) return make_error(ErrorCode::kIo, "cannot open", src);
      in = &file;
    }
    std::string line;
    std::size_t lineno = 0;
    while (!cancelled() && std::getline(*in, line)) {
      ++lineno;
      bytes_ += line.size() + 1;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      auto v = io::parse_json(line);
      std::string where = src + ":" + std::to_string(lineno);
      if (!v || !v->is_object()) {
        fail(where, "", "bad_annotation", v ? "not a JSON object" : v.error().message);
        continue;
      }
      std::string text = v->contains("error") ? std::string() : text_for(*v);
      if (Status s = add(*v, text, where); !s) return s;
    }
    if (cancelled()) s_.cancelled = true;
    return ok_status();
  }

  Status texts(const annotate::Pipeline& pipe, const std::vector<std::string>& paths) {
    std::vector<batch::Input> in;
    for (const auto& p : paths) in.push_back(batch::Input::path_input(p));
    batch::Options bo = opt_.batch;
    bo.keep_text = true;
    bo.cancel = opt_.cancel;
    Status inner = ok_status();
    auto sink = batch::callback_sink([&](const batch::Record& r) -> Status {
      bytes_ += r.bytes;
      if (r.failed) {
        fail(r.path, r.id, r.error_code, r.error_message);
        report(false);
        return ok_status();
      }
      auto v = io::parse_json(r.json);
      if (!v) {
        fail(r.path, r.id, "internal", v.error().message);
        return ok_status();
      }
      return add(*v, r.text, r.path);
    });
    auto res = batch::run(pipe, in, *sink, bo);
    if (!res) return res.error();
    if (res->cancelled) s_.cancelled = true;
    return ok_status();
  }

 private:
  Database& db_;
  const LoadOptions& opt_;
  LoadSummary& s_;
  std::size_t since_commit_ = 0;
  using Clock = std::chrono::steady_clock;
  Clock::time_point started_ = Clock::now(), last_report_ = Clock::now();
  std::uint64_t bytes_ = 0;
};

}  // namespace

Result<LoadSummary> load(Database& db, const annotate::Pipeline* pipeline, const std::vector<std::string>& inputs,
                         const LoadOptions& opt) {
  LoadSummary s;
  for (const auto& p : inputs) {
    std::error_code ec;
    if (p != "-" && !fs::exists(fs::symlink_status(p, ec))) return make_error(ErrorCode::kNotFound, "no such file or directory", p);
  }
  Loader L(db, opt, s);
  if (Status b = L.start(); !b) return b.error();
  Status st = ok_status();
  std::vector<std::string> pending;  // consecutive text inputs go through one batch run
  auto flush_texts = [&]() -> Status {
    if (pending.empty()) return ok_status();
    if (!pipeline) return make_error(ErrorCode::kUsage, "texts need the annotation pipeline (resources)", pending.front());
    Status r = L.texts(*pipeline, pending);
    pending.clear();
    return r;
  };
  try {
    for (const auto& p : inputs) {
      if (L.cancelled()) {
        s.cancelled = true;
        break;
      }
      std::error_code ec;
      bool jsonl = p == "-" || (fs::is_regular_file(p, ec) && is_annotation_jsonl(p));
      if (!jsonl) {
        pending.push_back(p);
        continue;
      }
      if (st = flush_texts(); !st) break;
      if (st = L.annotation_jsonl(p); !st) break;
    }
    if (st) st = flush_texts();
  } catch (const std::exception& e) {
    st = make_error(ErrorCode::kInternal, std::string("dataset load failed: ") + e.what());
  }
  // Whatever was added is kept (whole documents only).
  Status c = L.done();
  if (!st) return st.error();
  if (!c) return c.error();
  if (Status f = db.finalize(); !f) return f.error();
  return s;
}

}  // namespace shilu::dataset
