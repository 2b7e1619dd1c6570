// Tests of the places module: gazetteer lookup, extraction rules, disambiguation, examples.
#include <doctest/doctest.h>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "shilu/places.h"
#include "test_paths.h"

namespace {

using shilu::places::Extractor;
using shilu::places::Gazetteer;

const Extractor& extractor() {
  static const Extractor ex = [] {
    auto r = Extractor::load(shilu::testing::resources_dir());
    if (!r) FAIL(r.error().to_string());
    return std::move(r.value());
  }();
  return ex;
}

struct Found {
  std::string surface, key, rule;
  shilu::Value v;
  std::uint8_t flags = 0;
};

std::vector<Found> extract(const std::string& text, int year_min = 0, int year_max = 0) {
  auto t = shilu::text::tokenize(text);
  shilu::ExtractContext ctx;
  ctx.year_min = year_min;
  ctx.year_max = year_max;
  std::vector<Found> out;
  for (const auto& m : extractor().extract(t, ctx))
    out.push_back({text.substr(m.begin, m.end - m.begin), m.normalized.get_string("key"), m.rule, m.normalized,
                   m.flags});
  return out;
}

std::optional<Found> find(const std::vector<Found>& fs, const std::string& surface) {
  for (const auto& f : fs)
    if (f.surface == surface) return f;
  return std::nullopt;
}

std::string modern_name(const Found& f) {
  const shilu::Value* m = f.v.find("modern");
  return m ? m->get_string("name") : std::string();
}

}  // namespace

TEST_CASE("gazetteer loads both layers") {
  const Gazetteer& g = extractor().gazetteer();
  CHECK(g.entry_count() > 2000);
  CHECK(g.name_count() > 2000);
}

TEST_CASE("lookup folds romanizations: K'ai-feng, Kai-feng, KAIFENG and Kaifeng Prefecture") {
  const Gazetteer& g = extractor().gazetteer();
  for (const char* q : {"Kaifeng", "K'ai-feng", "K’ai-feng", "KAIFENG", "Kaifeng Prefecture", "kaifengfu"}) {
    CAPTURE(q);
    auto rs = g.lookup(q);
    REQUIRE(!rs.empty());
    CHECK(rs.front().key == "kaifeng");
  }
}

TEST_CASE("postal romanizations map to pinyin names") {
  const Gazetteer& g = extractor().gazetteer();
  CHECK(g.lookup("Peking").front().key == "beijing");
  CHECK(g.lookup("Nanking").front().key == "nanjing");
  CHECK(g.lookup("Hangchow").front().key == "hangzhou");
  CHECK(g.lookup("Chinchow").front().key == "jinzhou");
}

TEST_CASE("homonyms keep every reading: Jinzhou, Nanjing, Zhongdu, Xijing") {
  const Gazetteer& g = extractor().gazetteer();
  auto count_hist = [&](const char* n) {
    int c = 0;
    for (const auto& r : g.lookup(n))
      if (!r.modern_layer) ++c;
    return c;
  };
  CHECK(count_hist("Jinzhou") >= 5);
  CHECK(count_hist("Nanjing") >= 4);
  CHECK(count_hist("Zhongdu") >= 3);
  CHECK(count_hist("Xijing") >= 2);
  CHECK(g.lookup("Qwertyuiop").empty());
}

TEST_CASE("MT rendering Tokyo is the eastern capital Dongjing") {
  auto fs = extract("The emperor fled from Tokyo in the spring.", 1126, 1127);
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].key == "dongjing");
  CHECK(fs[0].v.get_string("gazetteer_id") == "hp0001");  // Song Kaifeng, from the period
}

TEST_CASE("document period picks the homonym: Xijing is Luoyang under Song, Datong under Liao") {
  auto song = extract("The emperor visited Xijing.", 1050, 1060);
  auto liao = extract("The Liao court held Xijing.", 1100, 1110);
  REQUIRE(song.size() == 1);
  REQUIRE(liao.size() == 1);
  CHECK(modern_name(song[0]) == "Luoyang");
  CHECK(modern_name(liao[0]) == "Datong");
}

TEST_CASE("regime before a capital name selects its reading: Jin Nanjing is Kaifeng") {
  auto fs = extract("A Jin Nanjing garrison guarded the river.");
  REQUIRE(fs.size() == 1);
  CHECK(modern_name(fs[0]) == "Kaifeng");
}

TEST_CASE("nearby places disambiguate: Jinzhou in Liaodong is the Liaoning Jinzhou") {
  auto fs = extract("From Liaodong the army went to Jinzhou and then to Liaoyang.");
  auto j = find(fs, "Jinzhou");
  REQUIRE(j);
  CHECK(j->v.get_string("gazetteer_id") == "hp0192");
}

TEST_CASE("places in the same sentence pull a homonym towards them: Xijing next to Datong") {
  auto fs = extract("Genghis Khan besieged Datong and Xijing.", 1000, 1280);
  auto x = find(fs, "Xijing");
  REQUIRE(x);
  CHECK(modern_name(*x) == "Datong");
}

TEST_CASE("the province of a gloss selects the modern homonym") {
  auto fs = extract("Wang Jian held Diaoyu Fortress (now Hechuan, Chongqing) for years.");
  auto h = find(fs, "Hechuan");
  REQUIRE(h);
  CHECK(h->v.find("modern")->get_string("province") == "Chongqing");
}

TEST_CASE("Wade-Giles and postal spellings in running text get pinyin keys") {
  auto fs = extract("The Chin took K'ai-feng; the court fled to Hangchow and later Lin-an.", 1126, 1138);
  REQUIRE(fs.size() == 3);
  CHECK(fs[0].key == "kaifeng");
  CHECK(fs[1].key == "hangzhou");
  CHECK(fs[2].key == "lin'an");
}

TEST_CASE("unresolved homonyms carry candidates and the ambiguous flag") {
  auto fs = extract("Envoys reached Yingzhou.");
  REQUIRE(fs.size() == 1);
  CHECK((fs[0].flags & shilu::kAmbiguous));
  REQUIRE(fs[0].v.find("candidates"));
  CHECK(fs[0].v.find("candidates")->size() >= 2);
}

TEST_CASE("gloss links the historical place to the modern one and annotates both") {
  auto fs = extract("They took Zhongshan (now Dingzhou, Hebei) in the winter.");
  REQUIRE(fs.size() == 3);
  CHECK(fs[0].key == "zhongshan");
  CHECK(modern_name(fs[0]) == "Dingzhou");
  CHECK(fs[0].v.find("modern")->get_string("province") == "Hebei");
  CHECK(fs[1].key == "dingzhou");
  CHECK(fs[1].rule == "place.gloss_modern");
  CHECK(fs[2].key == "hebei");
}

TEST_CASE("unknown name before a gloss is discovered") {
  auto fs = extract("The fleet anchored at Langwan (southwest of today's Nantong, Jiangsu).");
  auto l = find(fs, "Langwan");
  REQUIRE(l);
  CHECK(l->rule == "place.gloss_anchor");
  CHECK(modern_name(*l) == "Nantong");
}

TEST_CASE("generic suffix discovers unknown places and keeps County in the key") {
  auto fs = extract("Rebels held Yu County and Hannan Province.");
  REQUIRE(fs.size() == 2);
  CHECK(fs[0].key == "yu county");
  CHECK(fs[1].key == "hannan");
}

TEST_CASE("single-syllable prefectures in a list key to the full zhou name") {
  auto fs = extract("The Jin demanded Hai, Si, Tang and Deng states.");
  REQUIRE(fs.size() == 4);
  CHECK(fs[0].key == "haizhou");
  CHECK(fs[2].key == "tangzhou");
  CHECK(fs[3].key == "dengzhou");
}

TEST_CASE("rivers listed before River are rivers") {
  auto fs = extract("They held the Huai, Han, and Yangtze River lines.");
  REQUIRE(fs.size() == 3);
  CHECK(fs[0].key == "huai river");
  CHECK(fs[1].key == "han river");
}

TEST_CASE("polities, armies, persons and era names are not places") {
  CHECK(extract("The Song court sent envoys to the Jin.").empty());
  CHECK(extract("The Pinglu Army was defeated.").empty());
  CHECK(extract("Han Shizhong led the navy.").empty());
  CHECK(extract("In the first year of Jiading the court rested.").empty());
  CHECK(extract("The Liao Kingdom's rule was shaken.").empty());
}

TEST_CASE("a military prefecture called Army is a place") {
  auto fs = extract("Jinning Army fell in the spring.");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].v.get_string("kind") == "military_prefecture");
}

TEST_CASE("a place inside a battle name is a place") {
  auto fs = extract("After the Battle of Yaozhou the Liao withdrew.");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].key == "yaozhou");
}

TEST_CASE("movement verbs discover unknown names as latent places") {
  auto fs = extract("The rebels marched to Qiaoluwan before dawn.");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].rule == "place.movement");
  CHECK((fs[0].flags & shilu::kLatent));
}

TEST_CASE("dates claimed by an earlier stage are skipped") {
  std::string text = "In the second year of Dading Fu the city was rebuilt.";
  auto t = shilu::text::tokenize(text);
  std::vector<shilu::Mention> prior(1);
  prior[0].type = "date";
  prior[0].begin = 3;
  prior[0].end = static_cast<std::uint32_t>(text.find(" the city"));
  shilu::ExtractContext ctx;
  ctx.prior = &prior;
  CHECK(extractor().extract(t, ctx).empty());
}

TEST_CASE("rank_readings prefers the reading whose period overlaps the document") {
  std::vector<shilu::places::PlaceReading> rs(2);
  rs[0].id = "old";
  rs[0].start_year = 600;
  rs[0].end_year = 900;
  rs[1].id = "song";
  rs[1].start_year = 960;
  rs[1].end_year = 1127;
  shilu::places::ResolveContext ctx;
  ctx.year_min = 1100;
  ctx.year_max = 1120;
  auto r = shilu::places::rank_readings(rs, ctx);
  CHECK(rs[r.front().index].id == "song");
  ctx.year_min = 700;
  ctx.year_max = 720;
  r = shilu::places::rank_readings(rs, ctx);
  CHECK(rs[r.front().index].id == "old");
}

TEST_CASE("loading a missing resource directory is an error value") {
  auto r = Extractor::load(shilu::testing::source_dir() / "no-such-dir");
  CHECK(!r.ok());
}

TEST_CASE("corpus/examples/places.tsv") {
  const auto path = shilu::testing::corpus_dir() / "examples" / "places.tsv";
  auto table = shilu::read_tsv(path, {"text", "places", "link"});
  REQUIRE_MESSAGE(table.ok(), (table.ok() ? std::string() : table.error().to_string()));
  CHECK(table->rows.size() >= 250);
  int failures = 0;
  for (const auto& row : table->rows) {
    std::string text(table->cell(row, "text"));
    std::string want(table->cell(row, "places"));
    std::string link(table->cell(row, "link"));
    auto fs = extract(text);
    std::string got;
    for (const auto& f : fs) got += (got.empty() ? "" : "; ") + f.surface + "=" + f.key;
    bool ok = got == want;
    if (ok && !link.empty()) {
      auto gt = link.find('>');
      auto f = find(fs, link.substr(0, gt));
      ok = f && modern_name(*f) == link.substr(gt + 1);
      if (!ok) got += "  [link: " + (f ? modern_name(*f) : std::string("-")) + "]";
    }
    if (!ok) {
      ++failures;
      std::string msg = table->where(row) + ": " + text + "\n  want: " + want +
                        (link.empty() ? "" : "  [" + link + "]") + "\n  got:  " + got;
      ADD_FAIL_CHECK_AT(path.string().c_str(), row.line, msg);
    }
  }
  CHECK(failures == 0);
}
