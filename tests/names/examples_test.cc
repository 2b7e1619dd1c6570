// corpus/examples/persons.tsv: every row's person/polity/army/event mentions must be
// exactly the expected ones (surface and key), in order.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "shilu/names.h"
#include "test_paths.h"

namespace {

std::string describe(const std::vector<shilu::Mention>& ms, std::string_view text) {
  std::string out;
  for (const auto& m : ms) {
    if (!out.empty()) out += " ; ";
    out += m.type + ":" + std::string(text.substr(m.begin, m.end - m.begin)) + "=" +
           m.normalized.get_string("key");
  }
  return out;
}

}  // namespace

TEST_CASE("corpus/examples/persons.tsv rows give exactly the expected mentions") {
  auto ex = shilu::names::Extractor::load(shilu::testing::resources_dir());
  REQUIRE_MESSAGE(ex.ok(), (ex.ok() ? "" : ex.error().to_string()));
  auto path = shilu::testing::corpus_dir() / "examples" / "persons.tsv";
  auto tab = shilu::read_tsv(path, {"text", "expected"});
  REQUIRE_MESSAGE(tab.ok(), (tab.ok() ? "" : tab.error().to_string()));
  CHECK(tab->rows.size() >= 40);
  int failures = 0;
  for (const auto& row : tab->rows) {
    std::string text(tab->cell(row, "text"));
    std::vector<shilu::Mention> prior;
    for (auto item : shilu::split(tab->cell(row, "prior"), ';')) {
      item = shilu::trim(item);
      if (item.empty()) continue;
      auto colon = item.find(':');
      REQUIRE_MESSAGE(colon != std::string_view::npos, tab->where(row) << ": bad prior item");
      auto surface = item.substr(colon + 1);
      auto at = text.find(surface);
      REQUIRE_MESSAGE(at != std::string::npos, tab->where(row) << ": prior span not in text");
      shilu::Mention m;
      m.type = std::string(item.substr(0, colon));
      m.begin = static_cast<std::uint32_t>(at);
      m.end = static_cast<std::uint32_t>(at + surface.size());
      prior.push_back(m);
    }
    shilu::ExtractContext ctx;
    ctx.prior = &prior;
    auto t = shilu::text::tokenize(text);
    auto got = describe(ex->extract(t, ctx), text);
    std::string want;
    for (auto item : shilu::split(tab->cell(row, "expected"), ';')) {
      item = shilu::trim(item);
      if (item.empty()) continue;
      if (!want.empty()) want += " ; ";
      want += std::string(item);
    }
    if (got != want) ++failures;
    CHECK_MESSAGE(got == want, tab->where(row) << ": " << text << "\n  want: " << want << "\n  got:  " << got);
  }
  MESSAGE(tab->rows.size() << " rows, " << failures << " failed");
}
