// shilu/quantities.h — Troop counts and other quantities (troops, horses, ships).
//
//   auto ex = shilu::quantities::Extractor::load("corpus/resources");   // Result<Extractor>
//   if (!ex) die(ex.error().to_string());                          // "file:line: message"
//   shilu::text::Tokenized t = shilu::text::tokenize(doc.text);
//   std::vector<shilu::Mention> ms = ex->extract(t, shilu::ExtractContext{});
//
// The extractor is immutable after load() and safe to share between threads.
//
// What it finds (rule ids in Mention::rule):
//   troops.count_noun     "more than 16,000 corpses", "tens of thousands of Han troops"
//   troops.strong_force   "a 100,000-strong army", "a 30,000-man force"
//   troops.head_of_count  "an army of 100,000", "reinforcements of 20,000", "a garrison of 3,000"
//   troops.linked_noun    "the casualties of the Han army … exceeded 30,000", "the army numbered 40,000",
//                         "his army, reckoned at 100,000", "the host was claimed to be 500,000 strong"
//   troops.of_whom        "less than 20,000 soldiers, of whom only 5,000 could fight"
//   troops.object_count   "beheaded more than 2,000", "slew ten thousand of them"
//   troops.subject_count  "Of the 30,000 men who set out, only 3,000 returned."
//   troops.fragment       "Seven hundred thousand." / "'Less than 20,000,' he said": a count that is a
//                         whole sentence or quoted answer among sentences about armies; when a count
//                         of the same value is told nearby it takes that count's qualifier, role, side
//   quantity.count_noun   "3,000 horses", "more than 100 ships" (type "quantity", never troops)
// Generals and officers are counted only as losses or captives ("more than 15 generals were
// killed"); a figure of speech ("tens of thousands of soldiers in his breast") is no count.
// Mention::normalized for troops: {"value", "value_max" (ranges only), "qualifier", "unit", "role",
// "side"}; qualifier = exact | approx | more_than | less_than | at_least | at_most | range;
// role = strength | reinforcement | garrison | casualties | wounded | captured | survivors |
// civilians | unknown; side = "Song", "Jin", "Liao", "Xia", "Mongol", "enemy", a named army, or null.
// Never troops: years, distances (li, miles), counts of states, prefectures, days, money, pages.
// Side comes from the count's phrase ("20,000 Song troops", "the casualties of the Han army"),
// else from the polity that is the subject of its clause ("The Liao army's …"), else from
// the person who leads it, by the regime of a `person` in ExtractContext::prior ("Fan
// Zhongyan led 6,000 men" → Song; regime_sides.tsv). Counts killed or captured by the
// subject belong to the other side and get none.
// Numbers inside `ExtractContext::prior` mentions of type "date" are skipped.
//
// Word tables: corpus/resources/quantities/*.tsv (see SOURCES.md there); numbers come from
// shilu::text::parse_number.
//
// CONTRACT: load() and extract() are called by annotate/ (the pipeline); keep their
// signatures. Everything else in this header is the module's own.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "shilu/core.h"
#include "shilu/text.h"

namespace shilu::quantities {

class Extractor {
 public:
  // Reads corpus/resources/quantities/ (and whatever shared tables the module needs).
  static Result<Extractor> load(const std::filesystem::path& resources_root);

  // Mentions in document order. Never fails; doubt goes into Mention flags.
  std::vector<Mention> extract(const text::Tokenized& t, const ExtractContext& ctx) const;

  Extractor(Extractor&&) noexcept;
  Extractor& operator=(Extractor&&) noexcept;
  ~Extractor();

 private:
  struct Impl;
  explicit Extractor(std::unique_ptr<Impl>);
  std::unique_ptr<Impl> impl_;
};

}  // namespace shilu::quantities
