// Private: symbol conversion and the syllable lattice.
#pragma once

#include "impl.h"

namespace shilu::romanize::detail {

// One whitespace-free word as symbols; hyphens split it into parts.
struct WordSyms {
  int n = 0;
  Sym s[kMaxSyms];  // uninitialized beyond n
  int nparts = 0;
  std::uint8_t part_end[kMaxSyms];  // end symbol index of each part
  bool hyphen_lower = false;        // a hyphen followed by a lower-case letter (Tsung-han)
  bool tone = false;                // tone marks seen
  bool wg_mark = false;             // ê / ŭ seen
  int upper = 0;                    // upper-case letters
  int letters = 0;
};

// A whole word read with one system.
struct WordParse {
  bool ok = false;
  bool aspirate = false;  // used a WG aspirate apostrophe
  float cost = 0;
  int n = 0;
  const Edge* e[kMaxSyms];  // into Trie::edges; uninitialized beyond n
  bool part_start[kMaxSyms];
  bool apos_before[kMaxSyms];
};

// Converts one word (no spaces). False when a character cannot belong to a romanized
// Chinese word (digits, other scripts, other diacritics).
bool to_syms(const Tables& I, std::string_view w, WordSyms& out);

void trie_insert(Trie& t, const Sym* s, int n, const Edge& e, std::vector<std::vector<Edge>>& pending);
void trie_finish(Trie& t, std::vector<std::vector<Edge>>& pending);

// k-best segmentations of one part; returns how many were written to out[0..K).
int segment_part(const Tables& I, System sys, const Sym* s, int n, int K, PartPath* out);

// 1-best reading of a whole word (all parts) with one system.
bool parse_word(const Tables& I, System sys, const WordSyms& w, WordParse& out);

}  // namespace shilu::romanize::detail
