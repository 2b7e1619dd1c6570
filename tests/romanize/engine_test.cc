// Behaviour of the romanize engine: syllables, Wade-Giles, ü variants, surnames, keys.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "shilu/romanize.h"
#include "test_paths.h"

namespace {

using shilu::romanize::Engine;
using shilu::romanize::Romanization;
using Syls = std::vector<std::string>;

const Engine& engine() {
  static const Engine e = [] {
    auto r = Engine::load(shilu::testing::resources_dir());
    if (!r) FAIL(r.error().to_string());
    return std::move(r).value();
  }();
  return e;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("aspirated t' maps to pinyin t, plain t to pinyin d") {
  const auto& e = engine();
  CHECK(e.segment("T'ang").at(0) == Syls{"tang"});
  CHECK(e.normalize("Li T'ang").canonical == "Li Tang");
  CHECK(e.normalize("Yeh-lü Ta-shih").canonical == "Yelü Dashi");
}

TEST_CASE("every apostrophe look-alike reads as the Wade-Giles aspirate") {
  const auto& e = engine();
  for (const char* s : {"K'ai-feng", "K\u2019ai-feng", "K\u2018ai-feng", "K\u02BBai-feng", "K`ai-feng"}) {
    CAPTURE(s);
    CHECK(e.key_of(s) == "kaifeng");
    CHECK(e.is_romanized_chinese(s));
  }
  CHECK(e.key_of("Kai-feng") == "gaifeng");  // without the aspirate, k is pinyin g
}

TEST_CASE("Xi'an and Xian get different keys by the apostrophe rule") {
  const auto& e = engine();
  CHECK(e.key_of("Xi'an") == "xi'an");
  CHECK(e.key_of("Xi\u2019an") == "xi'an");
  CHECK(e.key_of("Xian") == "xian");
  CHECK(e.segment("Xi'an").at(0) == Syls{"xi", "an"});
  CHECK(e.segment("Xian").at(0) == Syls{"xian"});
  CHECK_FALSE(e.is_surname("Xi'an"));
  CHECK(e.is_surname("Xian"));
}

TEST_CASE("run-together names split into syllables") {
  const auto& e = engine();
  CHECK(e.segment("Yelvxiu").at(0) == Syls{"ye", "lü", "xiu"});
  CHECK(e.segment("Zhaogou").at(0) == Syls{"zhao", "gou"});
  CHECK(e.segment("Wanyanzonghan").at(0) == Syls{"wan", "yan", "zong", "han"});
  CHECK(e.segment("Prefecture").empty());
}

TEST_CASE("a vowel-initial syllable inside a word needs an apostrophe, so fangan is fan-gan") {
  const auto& e = engine();
  auto s = e.segment("Fangan", 3);
  REQUIRE(s.size() >= 2);
  CHECK(s[0] == Syls{"fan", "gan"});
  CHECK(has(std::vector<std::string>{s[1][0] + s[1][1]}, "fangan"));
  CHECK(e.segment("Fang'an").at(0) == Syls{"fang", "an"});
}

TEST_CASE("ü spelled v, u:, ü or tone-marked ǚ is one syllable") {
  const auto& e = engine();
  for (const char* s : {"lv", "lu:", "lü", "lǚ", "Lu\u0308"}) {
    CAPTURE(s);
    CHECK(e.segment(s).at(0) == Syls{"lü"});
  }
  CHECK(e.normalize("Lv Yihao").canonical == "Lü Yihao");
  CHECK(e.normalize("Lv Yihao").key == "lu yihao");
  CHECK(e.normalize("Lu Yihao").canonical == "Lu Yihao");  // plain u stays u for a Han surname
}

TEST_CASE("clan names are recognized in every spelling and canonicalized with ü") {
  const auto& e = engine();
  for (const char* s : {"Yelu", "yelv", "Yelü", "Yēlǜ", "Yeh-lü", "Yeh-lu", "YELU", "Ye Lu"}) {
    CAPTURE(s);
    CHECK(e.is_surname(s));
    CHECK(e.canonical_surname(s) == "Yelü");
  }
  for (const char* s : {"Wanyan", "Wan-yen", "Wan Yan", "Wanyen"}) {
    CAPTURE(s);
    CHECK(e.canonical_surname(s) == "Wanyan");
  }
  CHECK(e.canonical_surname("Shulu") == "Shulü");
  CHECK(e.canonical_surname("Ou-yang") == "Ouyang");
  CHECK(e.canonical_surname("Ssu-ma") == "Sima");
  CHECK(e.is_surname("Zhao"));
  CHECK(e.is_surname("Hsiao"));
  CHECK_FALSE(e.is_surname("Kaifeng"));
  CHECK_FALSE(e.is_surname("Yelvxiu"));
  CHECK_FALSE(e.is_surname(""));
}

TEST_CASE("key_of converts Wade-Giles and keeps the parts as given") {
  const auto& e = engine();
  CHECK(e.key_of("Yeh-lü Ta-shih") == "yelu dashi");
  CHECK(e.key_of("Yelv Xiezhen") == "yelu xiezhen");
  CHECK(e.key_of("Wan Yan Zonghan") == "wan yan zonghan");
  CHECK(e.key_of("Kaifeng Prefecture") == "kaifeng prefecture");
  CHECK(e.key_of("Hsieh-chen") == "xiezhen");
}

TEST_CASE("spelling variants of one person share key and canonical form") {
  const auto& e = engine();
  for (const char* s : {"Yelu Xiezhen", "Yelv Xiezhen", "Yelü Xiezhen", "Yēlǜ Xiézhēn", "Yeh-lü Hsieh-chen",
                        "Yeh-lu Hsieh-chen", "Yeh\u2011lü Hsieh\u2011chen", "YELU Xiezhen",
                        "Xiezhen YELU", "Yelu, Xiezhen", "Ye Lu Xiezhen", "Yeluxiezhen"}) {
    CAPTURE(s);
    auto p = e.normalize(s);
    CHECK(p.person);
    CHECK(p.key == "yelu xiezhen");
    CHECK(p.match_key == "yeluxiezhen");
    CHECK(p.surname == "Yelü");
    CHECK(p.given == "Xiezhen");
  }
}

TEST_CASE("a wrong space is moved to the clan-name boundary") {
  const auto& e = engine();
  CHECK(e.normalize("Wan Yanlou").canonical == "Wanyan Lou");
  CHECK(has(e.normalize("Wan Yanlou").alternatives, "Wan Yanlou"));  // the Han reading is kept
  CHECK(e.normalize("Ye Lu Dashi").canonical == "Yelü Dashi");
  CHECK(e.normalize("Pu Sankui").canonical == "Pusan Kui");
  CHECK(e.normalize("Ou Yangxiu").canonical == "Ouyang Xiu");
  // A frequent Han surname is not swallowed by a rare compound: Zhang Sunwu stays Zhang.
  CHECK(e.normalize("Zhang Sunwu").canonical == "Zhang Sunwu");
  CHECK(e.normalize("Wang Li").canonical == "Wang Li");
}

TEST_CASE("Wade-Giles given names are joined") {
  const auto& e = engine();
  auto p = e.normalize("Wan-yen Tsung-han");
  CHECK(p.canonical == "Wanyan Zonghan");
  CHECK(p.syllables == Syls{"wan", "yan", "zong", "han"});
  CHECK(p.surname_syllables == 2);
  CHECK(e.normalize("Chao K'uang-yin").canonical == "Zhao Kuangyin");
}

TEST_CASE("Wade-Giles chu picks zhu as a surname and lists the other readings") {
  const auto& e = engine();
  auto p = e.normalize("Chu Hsi");
  CHECK(p.canonical == "Zhu Xi");
  CHECK(p.romanization == Romanization::kWadeGilesAscii);
  CHECK(has(p.alternatives, "Chu Xi"));
  CHECK(has(p.alternatives, "Ju Xi"));
  CHECK(has(p.alternatives, "Qu Xi"));
  auto q = e.normalize("Li Kang");  // pinyin Li Kang or Wade-Giles Li Gang: both offered
  CHECK(q.canonical == "Li Kang");
  CHECK(has(q.alternatives, "Li Gang"));
}

TEST_CASE("romanization is detected per name") {
  const auto& e = engine();
  CHECK(e.normalize("Yelu Xiezhen").romanization == Romanization::kPinyin);
  CHECK(e.normalize("Yēlǜ Xiézhēn").romanization == Romanization::kTonePinyin);
  CHECK(e.normalize("Yeh-lü Hsieh-chen").romanization == Romanization::kWadeGiles);
  CHECK(e.normalize("Yeh-lu Hsieh-chen").romanization == Romanization::kWadeGilesAscii);
  CHECK(e.normalize("Zhao K'uang-yin").romanization == Romanization::kIrregular);
  CHECK(shilu::romanize::to_string(Romanization::kWadeGiles) == "wade_giles");
}

TEST_CASE("titles and possessives are removed before reading the name") {
  const auto& e = engine();
  CHECK(e.normalize("Brother Yelvxiu").canonical == "Yelü Xiu");
  CHECK(e.normalize("General Yue Fei").canonical == "Yue Fei");
  CHECK(e.normalize("Yue Fei\u2019s").canonical == "Yue Fei");
}

TEST_CASE("strings that are not personal names say why") {
  const auto& e = engine();
  struct Case {
    const char* in;
    const char* reason;
  };
  for (auto c : {Case{"Kaifeng Prefecture", "place_generic"}, Case{"Pinglu Army", "army"},
                 Case{"Song Dynasty", "polity"}, Case{"Battle of Yaozhou", "event"},
                 Case{"Gaozong", "temple_name"}, Case{"Wanyan", "surname_only"}, Case{"Genghis Khan", "not_romanized_chinese"}}) {
    CAPTURE(c.in);
    auto p = e.normalize(c.in);
    CHECK_FALSE(p.person);
    CHECK(p.key.empty());
    CHECK(p.canonical.empty());
    CHECK(p.error.empty());
    CHECK(p.reason == c.reason);
    CHECK_FALSE(p.reason.empty());
  }
}

TEST_CASE("garbage input yields an error and nothing else") {
  const auto& e = engine();
  for (std::string s : {std::string(""), std::string("   "), std::string("12345"), std::string("\xff\xfe"),
                        std::string("a\x01b"), std::string(400, 'a'), std::string("\xe5\xb2\xb3\xe9\xa3\x9b")}) {
    CAPTURE(s);
    auto p = e.normalize(s);
    CHECK_FALSE(p.error.empty());
    CHECK(p.input == s);
    CHECK(p.canonical.empty());
    CHECK(p.key.empty());
    CHECK_FALSE(p.person);
  }
}

TEST_CASE("is_romanized_chinese rejects English words and accepts both systems") {
  const auto& e = engine();
  CHECK(e.is_romanized_chinese("Kaifeng"));
  CHECK(e.is_romanized_chinese("K'ai-feng"));
  CHECK(e.is_romanized_chinese("Hsieh-chen"));
  CHECK(e.is_romanized_chinese("Yelvxiu"));
  CHECK_FALSE(e.is_romanized_chinese("Prefecture"));
  CHECK_FALSE(e.is_romanized_chinese("Battle"));
  CHECK_FALSE(e.is_romanized_chinese(""));
  CHECK_FALSE(e.is_romanized_chinese("Kaifeng2"));
}

TEST_CASE("the engine gives the same answers from several threads") {
  const auto& e = engine();
  const std::vector<std::string> names = {"Yelvxiu", "Wan Yanlou", "Chu Hsi", "Yeh-lü Ta-shih", "Pusankui"};
  std::vector<std::string> expected;
  for (const auto& n : names) expected.push_back(e.normalize(n).key);
  std::vector<int> bad(2, 0);
  std::vector<std::thread> ts;
  for (int t = 0; t < 2; ++t)
    ts.emplace_back([&, t] {
      for (int r = 0; r < 200; ++r)
        for (std::size_t i = 0; i < names.size(); ++i)
          if (e.normalize(names[i]).key != expected[i]) ++bad[static_cast<std::size_t>(t)];
    });
  for (auto& t : ts) t.join();
  CHECK(bad[0] == 0);
  CHECK(bad[1] == 0);
}

TEST_CASE("a malformed resource table is reported with file and line") {
  namespace fs = std::filesystem;
  fs::path tmp = fs::temp_directory_path() / ("shilu_romanize_test_" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  fs::create_directories(tmp / "romanize");
  for (const auto& f : fs::directory_iterator(shilu::testing::resources_dir() / "romanize"))
    fs::copy_file(f.path(), tmp / "romanize" / f.path().filename());
  {
    std::ofstream out(tmp / "romanize" / "surnames.tsv", std::ios::app);
    out << "Qqq\tqqq\tsingle\than\t0\t0\t\n";
  }
  auto r = Engine::load(tmp);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().file.find("surnames.tsv") != std::string::npos);
  CHECK(r.error().line > 1);
  CHECK(r.error().to_string().find("qqq") != std::string::npos);
  fs::remove_all(tmp);
  CHECK_FALSE(Engine::load(tmp).ok());  // missing directory
}
