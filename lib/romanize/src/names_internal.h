// Private: name-level reading shared by normalize(), key_of(), is_surname().
#pragma once

#include <string>
#include <string_view>

#include "lattice.h"

namespace shilu::romanize::detail {

// The words of a name (or of any short romanized string), each converted to symbols and
// read with the system chosen for the whole name.
struct NameWords {
  int n = 0;
  std::string_view text[kMaxWords];
  WordSyms syms[kMaxWords];
  WordParse buf[2][kMaxWords];     // [System] readings
  const WordParse* parse[kMaxWords];  // chosen reading
  const WordParse* alt[kMaxWords];    // the other system's reading (alt_ok)
  bool ok[kMaxWords] = {};         // the word is romanized Chinese
  bool alt_ok = false;             // every word also reads in the other system
  bool mixed = false;              // some words needed the other system
  System sys = System::kPinyin;
  System wsys[kMaxWords] = {};     // system of each word's chosen reading
  Romanization rom = Romanization::kUnknown;
};

// Fills `nw` from words already split (nw.text[0..n)). Returns false when a word is not
// romanized Chinese (nw.ok tells which).
bool read_words(const Tables& I, NameWords& nw);

// "Wan-yen" -> "wanyan", "Yeh-lü" -> "yelu" (ascii syllables, all words run together).
bool compact_ascii(const Tables& I, std::string_view s, std::string& out);

// Surname entry of a surname spelling (any system), or nullptr.
const Surname* find_surname(const Tables& I, std::string_view word);

// key_of() into `out` (appends).
void key_into(const Tables& I, std::string_view s, std::string& out);

}  // namespace shilu::romanize::detail
