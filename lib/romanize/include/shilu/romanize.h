// shilu/romanize.h — romanized Chinese names: syllables, Wade-Giles, ü variants, keys.
//
//   auto eng = shilu::romanize::Engine::load("corpus/resources");   // Result<Engine>
//   if (!eng) die(eng.error().to_string());
//   shilu::romanize::NameParse p = eng->normalize("Yeh-lü Hsieh-chen");
//   p.canonical == "Yelü Xiezhen"; p.key == "yelu xiezhen"; p.person == true;
//   eng->segment("Yelvxiu")  → {{"ye","lü","xiu"}, …}
//
//   eng->normalize("Wan Yanlou").canonical   == "Wanyan Lou"   (wrong space moved; "Wan Yanlou"
//                                                                 kept in alternatives)
//   eng->normalize("Chu Hsi")                 → "Zhu Xi", alternatives {"Ju Xi","Chu Xi","Qu Xi"}
//   eng->normalize("Kaifeng Prefecture")      → person == false, reason == "place_generic"
//   eng->normalize("12345")                   → error == "contains digits"
//   eng->key_of("Xi'an") == "xi'an";  eng->key_of("Xian") == "xian"
//
// How a name is read: every word is converted to symbols (tone marks dropped, ü/v/u: kept as
// ü, every apostrophe and hyphen look-alike of romanize/marks.tsv unified) and segmented by
// a k-best syllable lattice in pinyin and in Wade-Giles; the system is chosen per name (tone
// marks → pinyin; a word only Wade-Giles can read → Wade-Giles; …; otherwise pinyin with the
// Wade-Giles reading among the alternatives). Then every split into surname + given name is
// scored: known surname (frequent ones first), clan/compound surnames preferred, a clan name
// re-joined across a wrong space only when its table row allows it (cross = 1), given names
// of 1–2 syllables preferred, "Surname, Given" and an ALL-CAPS word fix the surname, Western
// order ("Xiezhen Yelu") is tried when nothing better reads.
//
// Reasons reported when person == false: place_generic, army, polity, event, period, phrase,
// direction (a word of romanize/name_words.tsv), temple_name (Gaozong, Taizu), no_surname,
// surname_only, not_romanized_chinese, too_many_words, list (several commas).
//
// The engine is immutable after load() and safe to share between threads.
//
// CONTRACT: the signatures below are used by other modules (names/, annotate/, tools/).
// Add to them freely; do not change or remove them.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "shilu/core.h"

namespace shilu::romanize {

enum class Romanization {
  kPinyin,          // Yelu Xiezhen, Wanyan Zonghan
  kTonePinyin,      // Yēlǜ Xiézhēn
  kWadeGiles,       // Yeh-lü Hsieh-chen, K'ai-feng
  kWadeGilesAscii,  // Yeh-lu Hsieh-chen, Kai-feng
  kIrregular,       // postal / mixed: Peking, Chinchow
  kUnknown,
};
std::string_view to_string(Romanization);

struct NameParse {
  std::string input;
  bool person = false;       // plausibly a Chinese personal name
  std::string reason;        // why not a person, when person == false
  std::string error;         // non-empty for garbage input (then everything else is empty)
  std::string canonical;     // "Yelü Xiezhen": surname first, parts capitalized, ü kept
  std::string key;           // "yelu xiezhen": lower, diacritics stripped, one space surname|given
  std::string match_key;     // looser clustering key, e.g. "yeluxiezhen"
  std::string surname;       // "Yelü"   (canonical form)
  std::string given;         // "Xiezhen"
  Romanization romanization = Romanization::kUnknown;
  std::vector<std::string> syllables;     // {"ye","lü","xie","zhen"} (toneless pinyin)
  std::size_t surname_syllables = 0;      // how many of `syllables` belong to the surname
  std::vector<std::string> alternatives;  // other plausible canonical forms, best first
  double score = 0;          // in [0,1]; how sure the parse is
};

class Engine {
 public:
  // Loads corpus/resources/romanize/* (and surnames). Errors name file:line.
  static Result<Engine> load(const std::filesystem::path& resources_root);

  // Normalizes one name string (may contain spaces, hyphens, apostrophe look-alikes,
  // tone marks, "Surname, Given" inversion, all-caps surnames).
  NameParse normalize(std::string_view name) const;

  // Best segmentations of one word into toneless pinyin syllables, best first
  // (at most max_results). Wade-Giles words are converted first. Empty if impossible.
  std::vector<std::vector<std::string>> segment(std::string_view word,
                                                std::size_t max_results = 3) const;

  // True when every hyphen/apostrophe/space-separated part of `word` segments into
  // pinyin or Wade-Giles syllables.
  bool is_romanized_chinese(std::string_view word) const;

  // True when the folded form (e.g. "yelu", "wanyan", "zhao", "ouyang") is a known
  // surname or clan name; accepts variant spellings (yelv, wan-yen, yeh-lu).
  bool is_surname(std::string_view word) const;

  // Canonical pinyin of a surname variant ("Yeh-lü" → "Yelü"), or "" if unknown.
  std::string canonical_surname(std::string_view word) const;

  // Key for any romanized string: fold + Wade-Giles→pinyin + ü→u, parts kept as given
  // ("K'ai-feng" → "kaifeng", "Yeh-lü Ta-shih" → "yelu dashi").
  std::string key_of(std::string_view s) const;

  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  ~Engine();

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl>);
  std::unique_ptr<Impl> impl_;
};

}  // namespace shilu::romanize
