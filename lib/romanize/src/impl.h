// Private: data structures of the romanize engine (tables, tries, syllable lattice).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "shilu/romanize.h"

namespace shilu::romanize::detail {

// ---------------------------------------------------------------- symbols
// A word is converted to a string of symbols: a–z = 0–25, ü = 26, apostrophe = 27.
inline constexpr std::uint8_t kSymU = 26;
inline constexpr std::uint8_t kSymApos = 27;
inline constexpr int kNumSym = 28;

enum SymFlag : std::uint8_t {
  kTone = 1,     // carried a tone mark (ā á ǎ à, ǖ…, or a combining tone mark)
  kUmlaut = 2,   // written ü (or u:, or a combining diaeresis)
  kWgMark = 4,   // ê or ŭ: Giles diacritics
  kUpper = 8,    // upper-case letter
};

struct Sym {  // no member initializers: arrays of Sym stay uninitialized until written
  std::uint8_t c;
  std::uint8_t flags;
};

// Limits that keep every per-name computation on the stack.
inline constexpr int kMaxSyms = 48;      // symbols per word
inline constexpr int kMaxWords = 8;      // words per name
inline constexpr int kMaxSyls = 24;      // syllables per name
inline constexpr int kMaxK = 4;          // k-best segmentations per part

enum class System : std::uint8_t { kPinyin = 0, kWg = 1 };

// One way to read a run of symbols as a syllable.
struct Edge {
  std::uint16_t syl = 0;         // pinyin syllable id (default reading)
  std::uint8_t len = 0;          // symbols consumed
  bool aspirate = false;         // WG spelling with an aspirate apostrophe
  bool vowel_initial = false;    // a/o/e (pinyin) or a/e/o/i/u (WG) initial
  float cost = 1.0f;
  std::uint32_t cand_begin = 0;  // candidates (default first) in Impl::cands
  std::uint8_t ncand = 1;
};

struct Trie {
  struct Node {
    std::array<std::int32_t, kNumSym> next;
    std::uint32_t eb = 0, ee = 0;  // edges [eb, ee)
    Node() { next.fill(-1); }
  };
  std::vector<Node> nodes{Node()};
  std::vector<Edge> edges;
};

struct Syllable {
  std::string py;     // "lü"
  std::string ascii;  // "lu"
  bool core = true;
  int chars = 0;
  bool vowel_initial = false;
};

struct Surname {
  std::string canonical;          // "Yelü"
  std::vector<std::uint16_t> syls;
  std::string kind;               // single|compound|clan
  std::string group;
  bool common = false;
  bool cross = false;
};

struct NameWord {
  bool title = false;
  std::string reason;
};

struct SvHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return static_cast<std::size_t>(h);
  }
};
struct SvEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const noexcept { return a == b; }
};
template <class V>
using SvMap = std::unordered_map<std::string, V, SvHash, SvEq>;

// A syllable of a parsed word.
struct PSyl {
  std::uint16_t syl = 0;        // chosen pinyin syllable
  std::uint32_t cand_begin = 0; // WG candidates (ncand > 1 when ambiguous)
  std::uint8_t ncand = 1;
  std::uint8_t word = 0;        // word index in the name
  bool part_start = false;      // first syllable after a hyphen or word start
  bool apos_before = false;     // an apostrophe boundary precedes it
};

// Result of segmenting one part (no hyphens) with one system.
struct PartPath {
  float cost = 0;
  int n = 0;
  const Edge* e[kMaxSyms];      // into Trie::edges
  bool apos_before[kMaxSyms];
};

struct Tables {
  std::vector<detail::Syllable> syls;
  detail::SvMap<std::uint16_t> syl_index;        // "lü" -> id
  detail::Trie py;                               // pinyin spellings (incl. ü variants)
  detail::Trie wg;                               // Wade-Giles spellings
  std::vector<std::uint16_t> cands;              // WG candidate lists
  std::vector<detail::Surname> surnames;
  detail::SvMap<std::vector<std::uint32_t>> surname_by_ascii;  // "yelu" -> ids (best first)
  detail::SvMap<detail::NameWord> words;         // name_words.tsv
  std::vector<std::uint16_t> temple_suffix;      // syllables ending a temple name (zong, zu)
  std::vector<char32_t> apostrophes;             // look-alikes (marks.tsv)
  std::vector<char32_t> hyphens;
};

}  // namespace shilu::romanize::detail

namespace shilu::romanize {

struct Engine::Impl : detail::Tables {};

}  // namespace shilu::romanize
