// shilu/annotate.h — the pipeline: every extractor once per document over shared
// tokens, then one explicit overlap policy, ids, and warnings.
//
// Order: dates → places → persons/polities/armies/events → troop counts. Each stage sees
// the mentions of the earlier ones in ExtractContext::prior (places avoid era names, persons
// avoid places, troop counts take no side from a person's name such as "Han Qi"), and
// places and persons see the document period (year_min/year_max) from explicit dates.
//
//   auto res = shilu::annotate::Pipeline::load("corpus/resources");  // Result<Pipeline>
//   if (!res) die(res.error().to_string());
//   shilu::Document doc = shilu::Document::from_bytes("a", "a.txt", bytes);
//   shilu::annotate::Annotation a = res->annotate(doc, {});
//   for (const auto& e : a.entities) ...   // sorted by (begin, -end, type)
//
// Overlap policy (the only place where conflicts between extractors are settled):
//   1. Containment across types is kept when the outer type may contain the inner one:
//      event ⊃ place/person/date ("Battle of Yaozhou"), army ⊃ person/place
//      ("Yue family army"), troops ⊃ polity/army ("30,000 Jin troops"), date ⊃ nothing.
//   2. Otherwise, of two overlapping mentions the longer wins; on equal length the
//      higher type priority wins: date > troops > person > event > army > place > polity.
//      So "Jin Tianhui" is one date (not polity + era) and "Emperor Qinzong of the Song
//      Dynasty" is one person (not person + polity).
//   3. Mentions of the same type never overlap; extractors already resolve those.
// The policy is tested in tests/annotate/.
#pragma once

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "shilu/core.h"
#include "shilu/text.h"

namespace shilu::annotate {

struct Options {
  // Types to output; empty = all. ("person", "place", "date", "troops", "polity", "army", "event", …)
  std::set<std::string, std::less<>> types;
  bool with_tokens = false;     // fill Annotation::tokenized for output
  bool with_sentences = false;
};

struct Annotation {
  const Document* doc = nullptr;   // the annotated document (not owned)
  std::vector<Mention> entities;   // after the overlap policy, sorted; ids are "T1", "T2", … in this order
  std::vector<Warning> warnings;   // document warnings + extraction warnings
  text::Tokenized tokenized;       // always filled (cheap); written only on request
};

class Pipeline {
 public:
  static Result<Pipeline> load(const std::filesystem::path& resources_root);
  // Never fails. Thread-safe (const).
  Annotation annotate(const Document& doc, const Options& opt) const;

  Pipeline(Pipeline&&) noexcept;
  Pipeline& operator=(Pipeline&&) noexcept;
  ~Pipeline();

 private:
  struct Impl;
  explicit Pipeline(std::unique_ptr<Impl>);
  std::unique_ptr<Impl> impl_;
};

// The overlap policy on its own (exposed for tests): removes losing mentions, keeps
// allowed nestings, sorts.
void apply_overlap_policy(std::vector<Mention>& ms);
// Priority used on equal-length conflicts (higher wins).
int type_priority(std::string_view type);
// True when a mention of type `outer` may contain one of type `inner`.
bool may_contain(std::string_view outer, std::string_view inner);

}  // namespace shilu::annotate
