// Placeholder implementation: finds nothing. Replaced by the real extractor.
#include "shilu/quantities.h"

namespace shilu::quantities {

struct Extractor::Impl {};

Extractor::Extractor(std::unique_ptr<Impl> p) : impl_(std::move(p)) {}
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;
Extractor::~Extractor() = default;

Result<Extractor> Extractor::load(const std::filesystem::path&) {
  return Extractor(std::make_unique<Impl>());
}

std::vector<Mention> Extractor::extract(const text::Tokenized&, const ExtractContext&) const {
  return {};
}

}  // namespace shilu::quantities
