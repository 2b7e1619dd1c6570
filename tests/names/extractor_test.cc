// Behaviours of the names extractor (persons, polities, armies, events).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "shilu/names.h"
#include "test_paths.h"

namespace {

const shilu::names::Extractor& extractor() {
  static const auto ex = [] {
    auto r = shilu::names::Extractor::load(shilu::testing::resources_dir());
    if (!r) FAIL(r.error().to_string());
    return std::move(r).value();
  }();
  return ex;
}

struct Found {
  std::string type, surface, key, canonical, entity_id, title;
  std::uint8_t flags = 0;
};

std::vector<Found> run(const std::string& text, const std::vector<shilu::Mention>* prior = nullptr) {
  auto t = shilu::text::tokenize(text);
  shilu::ExtractContext ctx;
  ctx.prior = prior;
  std::vector<Found> out;
  for (const auto& m : extractor().extract(t, ctx)) {
    out.push_back({m.type, text.substr(m.begin, m.end - m.begin), m.normalized.get_string("key"),
                   m.normalized.get_string("canonical"), m.normalized.get_string("entity_id"),
                   m.normalized.get_string("title"), m.flags});
  }
  return out;
}

std::vector<Found> of_type(const std::vector<Found>& v, const std::string& type) {
  std::vector<Found> out;
  for (const auto& f : v)
    if (f.type == type) out.push_back(f);
  return out;
}

}  // namespace

TEST_CASE("a lexicon full name resolves to the lexicon person with a stable id") {
  auto p = of_type(run("Wanyan Zonghan took Taiyuan."), "person");
  REQUIRE(p.size() == 1);
  CHECK(p[0].canonical == "Wanyan Zonghan");
  CHECK(p[0].key == "wanyan zonghan");
  CHECK(p[0].entity_id == "p.wanyan_zonghan");
}

TEST_CASE("pinyin, ü, v and Wade-Giles spellings of one person share one entity") {
  for (const char* s : {"Yelü Xiezhen", "Yelu Xiezhen", "Yelv Xiezhen", "Yeh-lü Hsieh-chen", "Yeh-lu Hsieh-chen"}) {
    CAPTURE(s);
    auto p = of_type(run(std::string("Then ") + s + " arrived."), "person");
    REQUIRE(p.size() == 1);
    CHECK(p[0].canonical == "Yelü Xiezhen");
    CHECK(p[0].key == "yelu xiezhen");
    CHECK(p[0].entity_id == "p.yelu_xiezhen");
  }
}

TEST_CASE("entity ids are the same across documents") {
  auto a = of_type(run("Yue Fei was recalled."), "person");
  auto b = of_type(run("Much later, Yue Fei was honoured."), "person");
  REQUIRE(a.size() == 1);
  REQUIRE(b.size() == 1);
  CHECK(a[0].entity_id == b[0].entity_id);
  // discovered names get an id derived from the key
  auto c = of_type(run("Liang Xing crossed at night."), "person");
  auto d = of_type(run("Two years on, Liang Xing was made a general."), "person");
  REQUIRE(c.size() == 1);
  REQUIRE(d.size() == 1);
  CHECK(c[0].entity_id == "n.liang_xing");
  CHECK(d[0].entity_id == c[0].entity_id);
}

TEST_CASE("a temple title resolves to the person of the named regime only") {
  auto song = of_type(run("Emperor Gaozong of Song fled."), "person");
  auto tang = of_type(run("Emperor Gaozong of Tang fell ill."), "person");
  REQUIRE(song.size() == 1);
  REQUIRE(tang.size() == 1);
  CHECK(song[0].key == "zhao gou");
  CHECK(tang[0].key == "li zhi");
  CHECK(song[0].surface == "Emperor Gaozong of Song");
  SUBCASE("polity before the temple name") {
    auto p = of_type(run("Jin Shizong made peace with Song Xiaozong."), "person");
    REQUIRE(p.size() == 2);
    CHECK(p[0].key == "wanyan yong");
    CHECK(p[1].key == "zhao shen");
  }
  SUBCASE("'of the X Dynasty'") {
    auto p = of_type(run("Emperor Aizong of the Jin Dynasty fled to Caizhou."), "person");
    REQUIRE(p.size() == 1);
    CHECK(p[0].key == "wanyan shouxu");
    CHECK(p[0].surface == "Emperor Aizong of the Jin Dynasty");
  }
}

TEST_CASE("a bare temple name needs the document's regime or person") {
  CHECK(of_type(run("Gaozong was ill."), "person").empty());
  auto p = of_type(run("Zhao Gou fled to Hangzhou. Gaozong never returned north."), "person");
  REQUIRE(p.size() == 2);
  CHECK(p[1].surface == "Gaozong");
  CHECK(p[1].key == "zhao gou");
  auto q = of_type(run("The Song court was divided. Gaozong chose peace."), "person");
  REQUIRE(q.size() == 1);
  CHECK(q[0].key == "zhao gou");
}

TEST_CASE("a polity word glued before a known person is a polity and that person") {
  auto v = run("Song Zongze held the capital.");
  REQUIRE(v.size() == 2);
  CHECK(v[0].type == "polity");
  CHECK(v[0].surface == "Song");
  CHECK(v[1].type == "person");
  CHECK(v[1].surface == "Zongze");
  CHECK(v[1].key == "zong ze");
}

TEST_CASE("a title before a name is kept as an attribute, not in the name") {
  auto p = of_type(run("The army was led by deputy marshal Wanyan Zonghan."), "person");
  REQUIRE(p.size() == 1);
  CHECK(p[0].surface == "Wanyan Zonghan");
  CHECK(p[0].canonical == "Wanyan Zonghan");
  CHECK(p[0].title == "deputy marshal");
  auto g = of_type(run("General Zhang Jun held the line."), "person");
  REQUIRE(g.size() == 1);
  CHECK(g[0].title == "general");
  CHECK(g[0].key == "zhang jun");
}

TEST_CASE("an unknown name beginning with a surname is discovered") {
  auto p = of_type(run("The envoy Ma Kuobao returned with the answer."), "person");
  REQUIRE(p.size() == 1);
  CHECK(p[0].surface == "Ma Kuobao");
  CHECK(p[0].key == "ma kuobao");
}

TEST_CASE("a title licenses a name without a known surname") {
  auto p = of_type(run("They feared Marshal Nuoheda most."), "person");
  REQUIRE(p.size() == 1);
  CHECK(p[0].surface == "Nuoheda");
  CHECK(p[0].title == "marshal");
}

TEST_CASE("polity plus noun is a polity, not a person") {
  auto v = run("The Song army met the Liao Army and the Jin troops.");
  CHECK(of_type(v, "person").empty());
  CHECK(of_type(v, "army").empty());
  CHECK(of_type(v, "polity").size() == 3);
}

TEST_CASE("a name beginning with a polity word the document uses politically is not a person") {
  auto v = run("The Jin court was angry. Jin Shuaihe was sent south.");
  CHECK(of_type(v, "person").empty());
}

TEST_CASE("era names are not given names") {
  CHECK(of_type(run("In the second year of Song Xuanhe the war began."), "person").empty());
}

TEST_CASE("spans claimed by place and date mentions are not persons") {
  std::string text = "Zhongshan and Hejian were ceded in Jin Tianhui 3.";
  std::vector<shilu::Mention> prior(3);
  auto claim = [&](shilu::Mention& m, const char* type, const char* s) {
    m.type = type;
    m.begin = static_cast<std::uint32_t>(text.find(s));
    m.end = static_cast<std::uint32_t>(m.begin + std::string(s).size());
  };
  claim(prior[0], "place", "Zhongshan");
  claim(prior[1], "place", "Hejian");
  claim(prior[2], "date", "Jin Tianhui 3");
  CHECK(of_type(run(text, &prior), "person").empty());
}

TEST_CASE("army names are not persons") {
  auto v = run("The Longqi Army and the Husheng Army held the flank.");
  CHECK(of_type(v, "person").empty());
  auto a = of_type(v, "army");
  REQUIRE(a.size() == 2);
  CHECK(a[0].canonical == "Longqi Army");
  CHECK(a[0].key == "longqi army");
}

TEST_CASE("a later given name links to the full name introduced earlier") {
  auto p = of_type(run("Yelu Xiezhen came from the north. Xiezhen then attacked."), "person");
  REQUIRE(p.size() == 2);
  CHECK(p[1].surface == "Xiezhen");
  CHECK(p[1].key == "yelu xiezhen");
  CHECK(p[1].entity_id == p[0].entity_id);
}

TEST_CASE("a shortened run-together name joins the full name in the document") {
  auto p = of_type(run("Brother Yelvxiu fled. Later the general Yelv Xiuge was blamed."), "person");
  REQUIRE(p.size() == 2);
  CHECK(p[0].surface == "Yelvxiu");
  CHECK(p[0].key == "yelu xiuge");
  CHECK(p[0].title == "brother");
  CHECK(p[1].key == "yelu xiuge");
}

TEST_CASE("Jurchen and Khitan native names map to the sinicized person") {
  for (auto [s, key] : std::vector<std::pair<const char*, const char*>>{
           {"Wuqimai", "wanyan sheng"}, {"Nianhan", "wanyan zonghan"}, {"Wolibu", "wanyan zongwang"},
           {"Wanyan Min", "wanyan aguda"}, {"Digunai", "wanyan liang"}}) {
    CAPTURE(s);
    auto p = of_type(run(std::string("We read that ") + s + " came."), "person");
    REQUIRE(p.size() == 1);
    CHECK(p[0].key == key);
  }
}

TEST_CASE("a short one-word alternative name needs the person named in the document") {
  CHECK(of_type(run("Aguda is a word."), "person").empty());
  auto p = of_type(run("Wanyan Aguda rebelled. Aguda won."), "person");
  REQUIRE(p.size() == 2);
  CHECK(p[1].key == "wanyan aguda");
}

TEST_CASE("mis-split and run-together names are normalized by the romanize engine") {
  auto p = of_type(run("Wan Yanliang and Pu Sankui marched."), "person");
  REQUIRE(p.size() == 2);
  CHECK(p[0].key == "wanyan liang");
  CHECK(p[1].key == "pusan kui");
}

TEST_CASE("a possessive 's is not part of the name") {
  auto p = of_type(run("Han Shizhong's wife beat the drums."), "person");
  REQUIRE(p.size() == 1);
  CHECK(p[0].surface == "Han Shizhong");
}

TEST_CASE("events carry canonical name, key and kind") {
  auto e = of_type(run("After the Battle of Yaozhou and the Jingkang incident came the Treaty of Shaoxing."), "event");
  REQUIRE(e.size() == 3);
  CHECK(e[0].canonical == "Battle of Yaozhou");
  CHECK(e[0].key == "battle of yaozhou");
  CHECK(e[1].key == "jingkang incident");
  CHECK(e[2].key == "treaty of shaoxing");
}

TEST_CASE("polities normalize variants to one canonical name") {
  auto v = of_type(run("The Sung, the Khitans, the Xixia and the Northern Song Dynasty."), "polity");
  REQUIRE(v.size() == 4);
  CHECK(v[0].canonical == "Song");
  CHECK(v[1].canonical == "Khitan");
  CHECK(v[2].canonical == "Western Xia");
  CHECK(v[3].canonical == "Northern Song");
  CHECK(v[3].surface == "Northern Song Dynasty");
}

TEST_CASE("loading reports file and line of a malformed table") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "shilu_names_bad_resources";
  fs::remove_all(dir);
  fs::create_directories(dir / "names");
  for (const auto& e : fs::directory_iterator(shilu::testing::resources_dir() / "names"))
    if (e.is_regular_file()) fs::copy_file(e.path(), dir / "names" / e.path().filename());
  fs::copy(shilu::testing::resources_dir() / "romanize", dir / "romanize", fs::copy_options::recursive);
  {
    std::ofstream f(dir / "names" / "persons.tsv", std::ios::app);
    f << "p.bad\tZhao Bad\tQian\t\t\t\t\tsong\t\t\t\t\thand\n";
  }
  auto r = shilu::names::Extractor::load(dir);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().file.find("persons.tsv") != std::string::npos);
  CHECK(r.error().line > 1);
  fs::remove_all(dir);
}

TEST_CASE("two temple names shortened after 'emperors' resolve to both emperors") {
  auto p = of_type(run("The Song court mourned when the emperors Hui and Qin were taken north."), "person");
  REQUIRE(p.size() == 2);
  CHECK(p[0].surface == "Hui");
  CHECK(p[0].key == "zhao ji");
  CHECK(p[1].surface == "Qin");
  CHECK(p[1].key == "zhao huan");
}

TEST_CASE("question marks for unrendered characters inside a clan name are part of the name") {
  auto p = of_type(run("The Jin general Heshilie ??Liangbi pursued them."), "person");
  REQUIRE(p.size() == 1);
  CHECK(p[0].surface == "Heshilie ??Liangbi");
  CHECK(p[0].key == "heshilie liangbi");
  CHECK(of_type(run("Was it Wanyan? Nobody knew."), "person").empty());
}

TEST_CASE("a one-syllable given name alone is not linked to the person") {
  auto p = of_type(run("Wanyan Liang moved south. Liang was a name of several states."), "person");
  REQUIRE(p.size() == 1);
  CHECK(p[0].surface == "Wanyan Liang");
}

TEST_CASE("the document's years choose between namesake emperors") {
  std::string text = "Taizong sent an envoy south.";
  auto t = shilu::text::tokenize(text);
  shilu::ExtractContext ctx;
  ctx.year_min = 1125;
  ctx.year_max = 1127;
  auto ms = extractor().extract(t, ctx);
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].normalized.get_string("key") == "wanyan sheng");
  ctx.year_min = 980;
  ctx.year_max = 985;
  ms = extractor().extract(t, ctx);
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].normalized.get_string("key") == "zhao guangyi");
}

TEST_CASE("namesakes without context are flagged ambiguous with their candidates") {
  std::string text = "Zhang Jun was there.";
  auto t = shilu::text::tokenize(text);
  auto ms = extractor().extract(t, shilu::ExtractContext{});
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].ambiguous());
  CHECK(ms[0].normalized.get_string("key") == "zhang jun");
  const shilu::Value* c = ms[0].normalized.find("candidates");
  REQUIRE(c != nullptr);
  CHECK(c->size() == 2);
}

TEST_CASE("one extractor gives the same mentions from several threads at once") {
  std::string text =
      "Wanyan Zonghan and Yelu Xiezhen met; Zonghan left. Emperor Gaozong of the Song Dynasty "
      "sent Zhang Jun. The Battle of Yaozhou followed, and the Pinglu Army withdrew.";
  auto t = shilu::text::tokenize(text);
  auto want = extractor().extract(t, shilu::ExtractContext{});
  REQUIRE(want.size() == 7);
  std::vector<std::vector<shilu::Mention>> got(4);
  std::vector<std::thread> threads;
  for (auto& g : got)
    threads.emplace_back([&t, &g] {
      for (int i = 0; i < 50; ++i) g = extractor().extract(t, shilu::ExtractContext{});
    });
  for (auto& th : threads) th.join();
  for (const auto& g : got) {
    REQUIRE(g.size() == want.size());
    for (std::size_t i = 0; i < g.size(); ++i) {
      CHECK(g[i].begin == want[i].begin);
      CHECK(g[i].normalized == want[i].normalized);
    }
  }
}
