// Per-stage throughput (MB/s, one core) of tokenizer, each extractor, the whole pipeline
// and JSON output: first on one document made of the bundled texts repeated to 5 MB, then
// document by document (the bundled texts, each annotated on its own, as `shilu annotate`
// and `shilu batch` do) with the time of each stage summed over the documents.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <algorithm>
#include "shilu/annotate.h"
#include "shilu/io.h"
#include "shilu/dates.h"
#include "shilu/places.h"
#include "shilu/names.h"
#include "shilu/quantities.h"
namespace fs = std::filesystem;
int main() {
  fs::path res = fs::path(SHILU_SOURCE_DIR) / "corpus" / "resources";
  std::string all;
  for (auto& e : fs::directory_iterator(fs::path(SHILU_SOURCE_DIR) / "corpus" / "texts")) all += *shilu::read_file(e.path()) + "\n\n";
  std::string big; while (big.size() < 5e6) big += all;
  auto T = [](auto f){ auto t0=std::chrono::steady_clock::now(); f(); return std::chrono::duration<double>(std::chrono::steady_clock::now()-t0).count(); };
  auto d = shilu::dates::Extractor::load(res); auto p = shilu::places::Extractor::load(res);
  auto n = shilu::names::Extractor::load(res); auto q = shilu::quantities::Extractor::load(res);
  shilu::text::Tokenized t; double s;
  s = T([&]{ t = shilu::text::tokenize(big); }); std::printf("tokenize %.1f MB/s\n", big.size()/1e6/s);
  std::vector<shilu::Mention> prior; shilu::ExtractContext ctx; ctx.prior=&prior;
  s = T([&]{ auto m = d->extract(t, ctx); prior.insert(prior.end(), m.begin(), m.end()); }); std::printf("dates %.1f MB/s\n", big.size()/1e6/s);
  s = T([&]{ auto m = q->extract(t, ctx); prior.insert(prior.end(), m.begin(), m.end()); }); std::printf("troops %.1f MB/s\n", big.size()/1e6/s);
  s = T([&]{ auto m = p->extract(t, ctx); prior.insert(prior.end(), m.begin(), m.end()); }); std::printf("places %.1f MB/s\n", big.size()/1e6/s);
  s = T([&]{ auto m = n->extract(t, ctx); prior.insert(prior.end(), m.begin(), m.end()); }); std::printf("names %.1f MB/s\n", big.size()/1e6/s);
  auto pipe = shilu::annotate::Pipeline::load(res);
  auto doc = shilu::Document::from_bytes("x","",big);
  shilu::annotate::Annotation a;
  s = T([&]{ a = pipe->annotate(doc, {}); }); std::printf("pipeline %.1f MB/s (%zu entities)\n", big.size()/1e6/s, a.entities.size());
  std::string js;
  s = T([&]{ js = shilu::io::annotation_json(a, {}); }); std::printf("json %.1f MB/s\n", big.size()/1e6/s);

  // Document by document, stages in pipeline order (dates, places, names, troops).
  std::vector<std::string> docs;
  for (auto& e : fs::directory_iterator(fs::path(SHILU_SOURCE_DIR) / "corpus" / "texts")) docs.push_back(*shilu::read_file(e.path()));
  std::sort(docs.begin(), docs.end());
  double st[7] = {0};
  std::size_t bytes = 0;
  while (bytes < 5e6) {
    for (const auto& text : docs) {
      bytes += text.size();
      shilu::text::Tokenized tk;
      st[0] += T([&]{ tk = shilu::text::tokenize(text); });
      std::vector<shilu::Mention> pr; shilu::ExtractContext cx; cx.prior = &pr;
      st[1] += T([&]{ auto m = d->extract(tk, cx); pr.insert(pr.end(), m.begin(), m.end()); });
      st[2] += T([&]{ auto m = p->extract(tk, cx); pr.insert(pr.end(), m.begin(), m.end()); });
      st[3] += T([&]{ auto m = n->extract(tk, cx); pr.insert(pr.end(), m.begin(), m.end()); });
      st[4] += T([&]{ auto m = q->extract(tk, cx); pr.insert(pr.end(), m.begin(), m.end()); });
      auto dd = shilu::Document::from_bytes("x", "", text);
      shilu::annotate::Annotation aa;
      st[5] += T([&]{ aa = pipe->annotate(dd, {}); });
      st[6] += T([&]{ js = shilu::io::annotation_json(aa, {}); });
    }
  }
  const char* names[] = {"tokenize", "dates", "places", "names", "troops", "pipeline", "json"};
  std::printf("per document (%zu texts, %.1f MB):", docs.size(), bytes / 1e6);
  for (int i = 0; i < 7; ++i) std::printf(" %s %.1f", names[i], bytes / 1e6 / st[i]);
  std::printf(" MB/s\n");
}
