// shilu/quantities.h — Troop counts and other quantities (troops, horses, ships).
//
//   auto ex = shilu::quantities::Extractor::load("corpus/resources");   // Result<Extractor>
//   if (!ex) die(ex.error().to_string());                          // "file:line: message"
//   shilu::text::Tokenized t = shilu::text::tokenize(doc.text);
//   std::vector<shilu::Mention> ms = ex->extract(t, shilu::ExtractContext{});
//
// The extractor is immutable after load() and safe to share between threads.
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
