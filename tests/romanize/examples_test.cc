// corpus/examples/names.tsv: every row is normalized and compared; failures cite file:line.
#include <doctest/doctest.h>


#include <algorithm>
#include <string>

#include "shilu/core.h"
#include "shilu/romanize.h"
#include "test_paths.h"

TEST_CASE("names.tsv examples normalize to their canonical form and key") {
  auto eng = shilu::romanize::Engine::load(shilu::testing::resources_dir());
  REQUIRE_MESSAGE(eng.ok(), (eng.ok() ? "" : eng.error().to_string()));
  auto t = shilu::read_tsv(shilu::testing::corpus_dir() / "examples" / "names.tsv",
                           {"input", "canonical", "key", "person"});
  REQUIRE_MESSAGE(t.ok(), (t.ok() ? "" : t.error().to_string()));
  REQUIRE(t->rows.size() >= 300);
  int failures = 0;
  for (const auto& row : t->rows) {
    std::string input(t->cell(row, "input"));
    std::string_view person = t->cell(row, "person");
    auto p = eng->normalize(input);
    std::string got = "person=" + std::string(p.person ? "true" : "false") + " canonical='" + p.canonical +
                      "' key='" + p.key + "' reason='" + p.reason + "' error='" + p.error + "'";
    bool ok;
    if (person == "error") ok = !p.error.empty();
    else if (person == "false") ok = p.error.empty() && !p.person && p.key.empty();
    else ok = p.person && p.canonical == t->cell(row, "canonical") && p.key == t->cell(row, "key");
    if (!ok && person == "true" && t->cell(row, "note").find("ambiguous") != std::string_view::npos)
      ok = p.person && std::find(p.alternatives.begin(), p.alternatives.end(), t->cell(row, "canonical")) !=
                           p.alternatives.end();
    if (!ok) {
      ++failures;
      std::string msg = t->where(row) + ": '" + input + "' expected " + std::string(person) + " '" +
                        std::string(t->cell(row, "canonical")) + "' / '" + std::string(t->cell(row, "key")) +
                        "', got " + got;
      FAIL_CHECK(msg);
    }
  }
  MESSAGE(failures << " of " << t->rows.size() << " rows failed");
}
