// shilu/names.h — Person, polity, army and event mentions, with within-document coreference.
//
//   auto ex = shilu::names::Extractor::load("corpus/resources");   // Result<Extractor>
//   if (!ex) die(ex.error().to_string());                          // "file:line: message"
//   shilu::text::Tokenized t = shilu::text::tokenize(doc.text);
//   std::vector<shilu::Mention> ms = ex->extract(t, shilu::ExtractContext{});
//
// The extractor is immutable after load() and safe to share between threads.
//
// Mention types and normalized values (insertion-ordered):
//   person  {"canonical": "Yelü Xiezhen", "key": "yelu xiezhen", "entity_id": "p.yelu_xiezhen",
//            "title"?: "deputy marshal", "regime"?: "liao", "lexicon_id"?: "p.yelu_xiezhen"}
//           entity_id is the lexicon id, or "n." + key for names not in the lexicon; it is the
//           same for every spelling of one person, in every document. Namesakes the context
//           cannot separate (two Zhang Juns) are flagged kAmbiguous with "candidates": [ids].
//   polity  {"canonical": "Northern Song", "key": "northern song", "regime"?: "song", "kind": dynasty|state|people}
//   army    {"canonical": "Pinglu Army", "key": "pinglu army"}
//   event   {"canonical": "Battle of Yaozhou", "key": "battle of yaozhou",
//            "kind": battle|siege|incident|treaty|campaign|war|rebellion}
// Rules (Mention::rule): person.lexicon, person.lexicon_alt, person.after_polity ("Song Zongze"
// → polity Song + person Zong Ze), person.temple / person.temple_of / person.polity_temple
// ("Gaozong" with the document's regime, "Emperor Gaozong of the Song Dynasty", "Jin Aizong"),
// person.surname / person.after_title (discovered names), person.short_form ("Wanyan Lou" for
// Wanyan Loushi), person.given_name (a later "Zonghan"), person.temple_pair ("the emperors
// Hui and Qin"), person.placeholder ("Pusan ??Anzhen"), polity.name, polity.dynasty,
// army.known, army.named, army.family, event.known, event.<kind>_of, event.<kind>_suffix.
//
// Persons never overlap `ExtractContext::prior` place/date spans, except lexicon names of two
// or more words and the one name of a single-named person ("Bayan"), which are then flagged
// kLatent. A title resolves to a person only with a regime: named in the title, or pointed at
// by the sentence (a clansman or a polity of the regime), the document's years
// (ExtractContext::year_min/max) or the regime the document names most often ("Gaozong"
// alone in a text about the Song is Zhao Gou; with no regime in sight it is not a person).
// Data: corpus/resources/names/ (see SOURCES.md there).
//
// CONTRACT: load() and extract() are called by annotate/ (the pipeline); keep their
// signatures. Everything else in this header is the module's own.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "shilu/core.h"
#include "shilu/text.h"

namespace shilu::names {

class Extractor {
 public:
  // Reads corpus/resources/names/ (and whatever shared tables the module needs).
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

}  // namespace shilu::names
