// lib/dataset on hand-made annotations: clustering, sentences, troop context, views, CSV.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <sstream>

#include "shilu/dataset.h"
#include "shilu/io.h"
#include "test_paths.h"

namespace fs = std::filesystem;
namespace ds = shilu::dataset;
using shilu::Value;

namespace {

fs::path scratch(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("shilu_dataset_" + std::to_string(::getpid())) / name;
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

// Builds a shilu.annotation/1 object over `text`; entities are found by their surface
// (the n-th occurrence when `nth` > 0). All texts here are ASCII: code points = bytes.
struct Doc {
  std::string id, text;
  Value ents = Value(Value::Array{});
  void add(const std::string& type, const std::string& surface, Value norm, int nth = 0) {
    std::size_t pos = text.find(surface);
    for (int i = 0; i < nth; ++i) pos = text.find(surface, pos + 1);
    REQUIRE_MESSAGE(pos != std::string::npos, surface);
    Value e;
    e["id"] = "T" + std::to_string(ents.size() + 1);
    e["type"] = type;
    e["text"] = surface;
    e["start"] = static_cast<long long>(pos);
    e["end"] = static_cast<long long>(pos + surface.size());
    e["byte_start"] = static_cast<long long>(pos);
    e["byte_end"] = static_cast<long long>(pos + surface.size());
    e["rule"] = type + ".test";
    e["normalized"] = std::move(norm);
    ents.push_back(std::move(e));
  }
  Value annotation() const {
    Value a;
    a["schema"] = "shilu.annotation/1";
    a["document"]["id"] = id;
    a["document"]["path"] = id + ".txt";
    a["document"]["bytes"] = static_cast<long long>(text.size());
    a["document"]["chars"] = static_cast<long long>(text.size());
    a["entities"] = ents;
    a["warnings"] = Value(Value::Array{});
    return a;
  }
};

Value person(const std::string& canonical, const std::string& key) {
  Value v;
  v["canonical"] = canonical;
  v["key"] = key;
  return v;
}
Value place(const std::string& canonical, double lat, double lon, const std::string& modern) {
  Value v;
  v["canonical"] = canonical;
  std::string key = canonical;
  for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  v["key"] = key;
  v["kind"] = "city";
  v["lat"] = lat;
  v["lon"] = lon;
  v["modern"]["name"] = modern;
  v["modern"]["province"] = "Henan";
  return v;
}
Value year(int y) {
  Value v;
  v["calendar"] = "gregorian";
  v["year"] = y;
  v["precision"] = "year";
  v["resolved_by"] = "explicit";
  return v;
}
Value troops(long long value, const std::string& qualifier, const std::string& role, const std::string& side) {
  Value v;
  v["value"] = value;
  v["qualifier"] = qualifier;
  v["unit"] = "men";
  v["role"] = role;
  v["side"] = side;
  return v;
}

Doc chronicle() {
  Doc d;
  d.id = "chronicle";
  d.text =
      "In 1126 the Jin army of 60,000 men besieged Kaifeng. Yue Fei fled south.\n"
      "\n"
      "In 1134, Yueh Fei led 30,000 Song troops to Xiangyang. About 5,000 Jin soldiers were killed there.\n"
      "\n"
      "Later, \"some\" said 2,000, men deserted.\n";
  d.add("date", "1126", year(1126));
  d.add("troops", "60,000 men", troops(60000, "exact", "strength", "Jin"));
  d.add("place", "Kaifeng", place("Kaifeng", 34.797, 114.308, "Kaifeng"));
  d.add("person", "Yue Fei", person("Yue Fei", "yue fei"));
  d.add("date", "1134", year(1134));
  d.add("person", "Yueh Fei", person("Yue Fei", "yue fei"));
  d.add("troops", "30,000 Song troops", troops(30000, "exact", "strength", "Song"));
  d.add("place", "Xiangyang", place("Xiangyang", 32.01, 112.12, "Xiangyang"));
  d.add("troops", "About 5,000 Jin soldiers", troops(5000, "approx", "casualties", "Jin"));
  d.add("troops", "2,000, men", troops(2000, "exact", "unknown", ""));
  return d;
}

}  // namespace

TEST_CASE("SHA-256 matches the FIPS test vectors") {
  CHECK(ds::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(ds::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(ds::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(ds::sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("persons cluster by key with every spelling counted; places keep coordinates") {
  auto db = ds::Database::open(":memory:");
  REQUIRE(db.ok());
  Doc d = chronicle();
  REQUIRE(db->begin().ok());
  auto r = db->add(d.annotation(), d.text);
  REQUIRE(r.ok());
  CHECK(*r == ds::Added::kAdded);
  // A second document spelling him a third way.
  Doc d2;
  d2.id = "other";
  d2.text = "Yüeh Fei was recalled.";
  d2.add("person", "Yüeh Fei", person("Yue Fei", "yue fei"));
  REQUIRE(db->add(d2.annotation(), d2.text).ok());
  REQUIRE(db->commit().ok());
  REQUIRE(db->finalize().ok());
  auto rows = db->query("SELECT canonical, mentions, documents, spellings, variants FROM person_spellings");
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 1);
  CHECK((*rows)[0] == std::vector<std::string>{"Yue Fei", "3", "2", "3", "Yue Fei (1); Yueh Fei (1); Yüeh Fei (1)"});
  auto pl = db->query("SELECT canonical, lat, lon, modern_name, modern_province, mentions FROM places ORDER BY canonical");
  REQUIRE(pl.ok());
  REQUIRE(pl->size() == 2);
  CHECK((*pl)[0] == std::vector<std::string>{"Kaifeng", "34.797", "114.308", "Kaifeng", "Henan", "1"});
}

TEST_CASE("mentions carry their sentence; troop counts get the year and place of their sentence, else paragraph") {
  auto db = ds::Database::open(":memory:");
  REQUIRE(db.ok());
  Doc d = chronicle();
  REQUIRE(db->add(d.annotation(), d.text).ok());
  auto m = db->query("SELECT sentence_index, sentence, paragraph_index FROM mentions WHERE text = 'Xiangyang'");
  REQUIRE(m.ok());
  REQUIRE(m->size() == 1);
  CHECK((*m)[0][0] == "2");
  CHECK((*m)[0][1] == "In 1134, Yueh Fei led 30,000 Song troops to Xiangyang.");
  CHECK((*m)[0][2] == "1");
  auto t = db->query("SELECT value, qualifier, role, side, year, year_scope, place, place_scope FROM troop_counts ORDER BY mention_id");
  REQUIRE(t.ok());
  REQUIRE(t->size() == 4);
  CHECK((*t)[0] == std::vector<std::string>{"60000", "exact", "strength", "Jin", "1126", "sentence", "Kaifeng", "sentence"});
  CHECK((*t)[1] == std::vector<std::string>{"30000", "exact", "strength", "Song", "1134", "sentence", "Xiangyang", "sentence"});
  CHECK((*t)[2] == std::vector<std::string>{"5000", "approx", "casualties", "Jin", "1134", "paragraph", "Xiangyang", "paragraph"});
  CHECK((*t)[3] == std::vector<std::string>{"2000", "exact", "unknown", "", "", "", "", ""});
  auto v = db->query("SELECT year, side, reports, strength, casualties FROM troops_by_year_side WHERE year IS NOT NULL");
  REQUIRE(v.ok());
  CHECK(*v == std::vector<std::vector<std::string>>{{"1126", "Jin", "1", "60000", ""},
                                                     {"1134", "Jin", "1", "", "5000"},
                                                     {"1134", "Song", "1", "30000", ""}});
  auto tl = db->query("SELECT year, date_text, persons, places FROM timeline");
  REQUIRE(tl.ok());
  REQUIRE(tl->size() == 2);
  CHECK((*tl)[0] == std::vector<std::string>{"1126", "1126", "", "Kaifeng"});
  CHECK((*tl)[1] == std::vector<std::string>{"1134", "1134", "Yue Fei", "Xiangyang"});
}

TEST_CASE("the same text is never added twice; error records are counted, not stored") {
  auto db = ds::Database::open(":memory:");
  REQUIRE(db.ok());
  Doc d = chronicle();
  CHECK(*db->add(d.annotation(), d.text) == ds::Added::kAdded);
  Doc renamed = chronicle();
  renamed.id = "copy-of-chronicle";
  CHECK(*db->add(renamed.annotation(), renamed.text) == ds::Added::kExisting);
  auto err = shilu::io::parse_json(shilu::io::error_record_json("bad", "bad.bin", 10, "binary", "not text"));
  REQUIRE(err.ok());
  CHECK(*db->add(*err, "") == ds::Added::kFailed);
  // Without the text, the annotation itself is hashed; the same annotation is recognised.
  Doc t = chronicle();
  t.id = "no-text";
  CHECK(*db->add(t.annotation(), "") == ds::Added::kAdded);
  CHECK(*db->add(t.annotation(), "") == ds::Added::kExisting);
  auto n = db->query("SELECT COUNT(*), SUM(hash_of = 'text'), SUM(sentences IS NULL) FROM documents");
  REQUIRE(n.ok());
  CHECK((*n)[0] == std::vector<std::string>{"2", "1", "1"});
  // A malformed annotation is an error and leaves nothing behind.
  Value bad;
  bad["document"]["id"] = "x";
  CHECK(!db->add(bad, "").ok());
  CHECK((*db->query("SELECT COUNT(*) FROM documents"))[0][0] == "2");
}

TEST_CASE("CSV export writes every table as RFC 4180 with quoting and CRLF") {
  fs::path dir = scratch("csv");
  auto db = ds::Database::open(dir / "t.sqlite");
  REQUIRE(db.ok());
  Doc d = chronicle();
  REQUIRE(db->add(d.annotation(), d.text).ok());
  REQUIRE(db->finalize().ok());
  REQUIRE(db->write_csv(dir / "csv").ok());
  for (const auto& t : ds::table_names()) CHECK(fs::exists(dir / "csv" / (t + ".csv")));
  std::string troops = slurp(dir / "csv" / "troop_counts.csv");
  CHECK(troops.rfind("mention_id,doc_id,text,value,value_max,qualifier,unit,role,side,year,", 0) == 0);
  CHECK(troops.find("\r\n") != std::string::npos);
  CHECK(troops.find(",\"2,000, men\",2000,") != std::string::npos);  // a comma forces quotes
  std::string mentions = slurp(dir / "csv" / "mentions.csv");
  // The sentence with quotes: "" doubles them inside a quoted field.
  CHECK(mentions.find("\"Later, \"\"some\"\" said 2,000, men deserted.\"") != std::string::npos);
  CHECK(!fs::exists(dir / "csv" / "mentions.csv.part"));
}

TEST_CASE("the database file has enforced foreign keys, indexes and the four views") {
  fs::path dir = scratch("schema");
  {
    auto db = ds::Database::open(dir / "s.sqlite");
    REQUIRE(db.ok());
    Doc d = chronicle();
    REQUIRE(db->add(d.annotation(), d.text).ok());
  }
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open((dir / "s.sqlite").c_str(), &h) == SQLITE_OK);
  auto count = [&](const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    long long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
  };
  for (const auto& v : ds::view_names()) CHECK(count("SELECT COUNT(*) FROM sqlite_master WHERE type='view' AND name='" + v + "'") == 1);
  CHECK(count("SELECT COUNT(*) FROM sqlite_master WHERE type='index' AND name NOT LIKE 'sqlite_autoindex%'") >= 10);
  CHECK(count("SELECT COUNT(*) FROM pragma_foreign_key_list('mentions')") >= 3);
  CHECK(count("SELECT COUNT(*) FROM pragma_foreign_key_check") == 0);
  // Foreign keys are enforced on connections that turn them on.
  sqlite3_exec(h, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  CHECK(sqlite3_exec(h, "INSERT INTO mentions(doc_id, entity, type, text, start, \"end\", byte_start, byte_end) "
                        "VALUES (999, 'T1', 'person', 'x', 0, 1, 0, 1)",
                     nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);
  sqlite3_close(h);
  // Reopening an existing database keeps its contents.
  auto db = ds::Database::open(dir / "s.sqlite");
  REQUIRE(db.ok());
  CHECK((*db->query("SELECT COUNT(*) FROM mentions"))[0][0] == "10");
}
