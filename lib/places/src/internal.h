// Private shapes of the places module: gazetteer index, word tables, syllables.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "shilu/places.h"
#include "short_keys.h"

namespace shilu::places {

// A gazetteer row (one reading of a place).
struct Entry {
  std::string id, place, kind, regime, modern, province, zh;
  int start_year = 0, end_year = 0;
  double lat = 0, lon = 0;
  bool has_coords = false;
  bool modern_layer = false;
};

enum NameFlag : std::uint8_t {
  kNeedsContext = 1,  // bare form only in lists / after movement prepositions (Shu)
  kNeedsSuffix = 2,   // only with a generic suffix (Guide Prefecture)
};

struct Name {
  std::string canonical;
  std::string key;
  std::vector<std::uint32_t> entries;
  std::uint8_t flags = 0;
  std::string compact;  // compact(canonical)
};

// One form in the index: which name it spells, and whether it is a single syllable.
struct Form {
  std::uint32_t name = 0;
  bool short_form = false;
  bool multiword = false;  // the form has several words ("Huang He"), so it may span tokens
  std::vector<std::uint32_t> entries;  // the readings this spelling was given for ("Peking": Ming-Qing Beijing)
};

enum class WordClass : std::uint8_t {
  kNone, kVerb, kPrep, kGloss, kDirection, kPolity, kAfterNot, kTitle, kEnglish, kListHead, kEraCue, kHead
};

struct Generic {
  std::string kind;
  bool prefix = false;
  bool discover = false;
  std::string key_word;
};

// Lower case, no apostrophes/hyphens/dots/spaces, diacritics folded: "K'ai-feng" → "kaifeng".
std::string compact(std::string_view s);
// Great-circle distance in km.
double distance_km(double la1, double lo1, double la2, double lo2);
// The same into `out` (replacing its contents).
void compact_into(std::string_view s, std::string& out);
// fold() + apostrophes kept: key form of a canonical ("Yan'an" → "yan'an").
std::string key_of(std::string_view canonical);

struct Gazetteer::Impl {
  std::vector<Entry> entries;
  std::vector<Name> names;
  std::unordered_map<std::string, std::uint32_t> name_by_key;
  StringMap<std::vector<Form>> index;                       // compact form → names
  std::unordered_map<std::string, Generic> generic;          // compact word → generic
  std::unordered_map<std::string, std::vector<WordClass>> words;
  std::unordered_map<std::string, std::string> regime_of;   // polity word → regime ("chin" → Jin)
  std::vector<std::string> heads;                            // toponymic head syllables (zhou, zhai, cheng …)
  std::unordered_set<std::string> era_names;                 // era names, compact ("shaoxing"): names/era_names.tsv
  // One lookup per token: word classes (bits of WordClass) and generic-word entry.
  struct WordInfo { std::uint16_t cls = 0; const Generic* gen = nullptr; };
  StringMap<WordInfo> word_info;
  std::unordered_set<std::string> syllables;                 // pinyin + Wade-Giles (compact)
  // The same, packed (all are short): bit kSyllable when the key is a syllable, bit
  // kSyllablePrefix when it begins a longer one (so a scan can stop early).
  static constexpr std::uint8_t kSyllable = 1, kSyllablePrefix = 2;
  ShortKeyMap<std::uint8_t> syllable_keys;
  std::unordered_set<std::string> pinyin;                    // pinyin only
  std::unordered_map<std::string, std::string> wg_to_pinyin;  // "ch'en" → chen, "chen" → zhen
  // Pinyin of a hyphenated Wade-Giles name ("Ch'en-ch'iao" → "Chenqiao"), or "".
  std::string pinyin_of(std::string_view surface) const;
  std::unordered_map<std::string, std::string> wg_glued;    // compact WG/postal syllable → pinyin
  ShortKeyMap<const std::string*> glued_keys;               // the same, packed; values point into wg_glued
  // Pinyin of a glued Wade-Giles/postal word ("kienkang" → "jiankang"), or "".
  std::string pinyin_of_glued(std::string_view compact_word) const;
  std::size_t max_span = 4;

  // Number of syllables when the compact word segments into pinyin/WG syllables, else 0.
  // strict: no one-letter syllables (a, e, o), which make English words segment ("Sea").
  int syllable_count(std::string_view compact_word, bool strict = false) const;
  // Syllables of a folded form whose parts are split at apostrophes, hyphens and spaces
  // ("xi'an" → 2); 0 when a part does not segment.
  int syllables_of(std::string_view folded) const;
  // Readings of a name.
  // Readings of a name; with `only`, just those entries.
  std::vector<PlaceReading> readings(std::uint32_t name, const std::vector<std::uint32_t>* only = nullptr) const;
  std::uint32_t add_name(const std::string& canonical, std::uint8_t flags);
  void add_form(const std::string& form, std::uint32_t name, std::uint32_t entry);
};

// rank_readings() over the gazetteer entries themselves (no PlaceReading copies): the same
// scores and order as rank_readings(g.readings(name, &entries), ctx).
std::vector<Ranked> rank_entries(const Gazetteer::Impl& g, const std::vector<std::uint32_t>& entries,
                                 const ResolveContext& ctx);

}  // namespace shilu::places
