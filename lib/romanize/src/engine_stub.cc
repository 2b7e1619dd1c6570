// Placeholder implementation of the romanize contract. Replaced by the real engine.
#include "shilu/romanize.h"
#include "shilu/text.h"

namespace shilu::romanize {

std::string_view to_string(Romanization r) {
  switch (r) {
    case Romanization::kPinyin: return "pinyin";
    case Romanization::kTonePinyin: return "tone_pinyin";
    case Romanization::kWadeGiles: return "wade_giles";
    case Romanization::kWadeGilesAscii: return "wade_giles_ascii";
    case Romanization::kIrregular: return "irregular";
    case Romanization::kUnknown: return "unknown";
  }
  return "unknown";
}

struct Engine::Impl {};
Engine::Engine(std::unique_ptr<Impl> p) : impl_(std::move(p)) {}
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;
Engine::~Engine() = default;
Result<Engine> Engine::load(const std::filesystem::path&) { return Engine(std::make_unique<Impl>()); }
NameParse Engine::normalize(std::string_view name) const {
  NameParse p;
  p.input = std::string(name);
  p.canonical = std::string(name);
  p.key = text::fold(name);
  return p;
}
std::vector<std::vector<std::string>> Engine::segment(std::string_view, std::size_t) const { return {}; }
bool Engine::is_romanized_chinese(std::string_view) const { return false; }
bool Engine::is_surname(std::string_view) const { return false; }
std::string Engine::canonical_surname(std::string_view) const { return {}; }
std::string Engine::key_of(std::string_view s) const { return text::fold(s); }

}  // namespace shilu::romanize
