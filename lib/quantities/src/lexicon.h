// Word tables of the troops extractor, loaded from corpus/resources/quantities/.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "shilu/core.h"

namespace shilu::quantities::detail {

enum class NounClass : std::uint8_t { kMilitary, kPeople, kForce, kQuantity, kNonTroop, kFunction, kOfficer };
enum class QualPos : std::uint8_t { kPre, kPost, kLink, kHearsay };
enum class RoleScope : std::uint8_t { kPre, kObject, kAfter, kHead, kClause };

struct NounInfo {
  NounClass cls = NounClass::kNonTroop;
  std::string unit;
  std::string role;  // empty = none
  int min_count = 2;
};
struct QualInfo {
  std::string qualifier;
};
struct RoleInfo {
  std::string role;
};

// Phrase → info, keyed by folded words joined with one space ("more than").
template <class T>
struct PhraseTable {
  StringMap<T> map;
  // Every proper prefix / suffix (in bytes) of a key: lets a scan stop as soon as the words
  // read so far cannot grow into a phrase.
  StringMap<std::uint8_t> prefixes, suffixes;  // sets: every value is 1
  int max_words = 0;
  const T* find(std::string_view key) const { return map.find(key); }
  bool may_extend(std::string_view key) const { return prefixes.contains(key); }
  bool may_extend_left(std::string_view key) const { return suffixes.contains(key); }
  void add_affixes(std::string_view key) {
    for (std::size_t n = 1; n < key.size(); ++n) {
      prefixes[key.substr(0, n)] = 1;
      suffixes[key.substr(key.size() - n)] = 1;
    }
  }
};

struct Lexicon {
  PhraseTable<NounInfo> nouns;
  PhraseTable<QualInfo> quals[4];   // by QualPos
  PhraseTable<RoleInfo> roles[5];   // by RoleScope
  PhraseTable<std::string> sides;   // phrase → side
  PhraseTable<std::uint8_t> figurative;      // "in his breast": the count before it is a figure of speech
  PhraseTable<std::uint8_t> figurative_before; // "worth a million soldiers"
  StringMap<std::uint8_t> object_markers;  // "against", "defeated": a polity after them is no owner
  std::unordered_map<std::string, std::string> regime_sides;  // person regime → side
  std::unordered_set<std::string> leader_words;  // "the defender", "his nephew" before a leading person

  static Result<Lexicon> load(const std::filesystem::path& dir);
};

}  // namespace shilu::quantities::detail
