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
  std::unordered_map<std::string, T> map;
  // Every proper prefix / suffix (in bytes) of a key: lets a scan stop as soon as the words
  // read so far cannot grow into a phrase.
  std::unordered_set<std::string> prefixes, suffixes;
  int max_words = 0;
  const T* find(const std::string& key) const {
    auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
  }
  bool may_extend(const std::string& key) const { return prefixes.count(key) != 0; }
  bool may_extend_left(const std::string& key) const { return suffixes.count(key) != 0; }
  void add_affixes(const std::string& key) {
    for (std::size_t n = 1; n < key.size(); ++n) {
      prefixes.insert(key.substr(0, n));
      suffixes.insert(key.substr(key.size() - n));
    }
  }
};

struct Lexicon {
  PhraseTable<NounInfo> nouns;
  PhraseTable<QualInfo> quals[4];   // by QualPos
  PhraseTable<RoleInfo> roles[5];   // by RoleScope
  PhraseTable<std::string> sides;   // phrase → side
  PhraseTable<bool> figurative;        // "in his breast": the count before it is a figure of speech
  PhraseTable<bool> figurative_before; // "worth a million soldiers"
  std::unordered_set<std::string> object_markers;
  std::unordered_map<std::string, std::string> regime_sides;  // person regime → side
  std::unordered_set<std::string> leader_words;  // "the defender", "his nephew" before a leading person  // "against", "defeated": a polity after them is no owner

  static Result<Lexicon> load(const std::filesystem::path& dir);
};

}  // namespace shilu::quantities::detail
