// Private: the names module's tables, loaded from corpus/resources/names/.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "shilu/core.h"

namespace shilu::names::detail {

struct Person {
  std::string id;         // "p.zhao_gou"
  std::string canonical;  // "Zhao Gou"
  std::string key;        // "zhao gou"
  std::string surname;    // "Zhao" ("" = no surname)
  std::string given;      // "Gou"
  std::string regime;     // "song"
  std::string role;
  std::string temple;     // "Gaozong"
  int born = 0, died = 0, floruit = 0;
  int n_names = 0;        // number of recorded names: prefers the better-known namesake
};

struct Polity {
  std::string canonical;  // "Northern Song"
  std::string regime;     // "song"
  std::string kind;       // dynasty | state | people
  bool surname_clash = false;
  std::string key;        // key_of_name(canonical)
};

struct Title {
  std::string title;  // "deputy marshal"
  std::string kind;
  bool attaches = true;
  int words = 1;
};

enum class EventForm : std::uint8_t { kPrefix, kSuffix, kKnown };
struct EventPattern {
  std::string pattern;  // folded
  std::string kind;
  EventForm form = EventForm::kPrefix;
  int words = 1;
  bool cap = false;  // written capitalized in the table: the text must match that case
};

// A name variant points at persons; `full` marks the canonical name or a multiword
// alternative (strong evidence), as opposed to a one-word alternative ("Aguda").
struct NameRef {
  std::uint32_t person = 0;
  bool full = false;
};

struct Lexicon {
  std::vector<Person> persons;
  // compact key (fold, no spaces/hyphens/apostrophes/dots) of every variant → persons.
  StringMap<std::vector<NameRef>> names;
  // folded temple stem ("gaozong") → persons.
  std::unordered_map<std::string, std::vector<std::uint32_t>> temples;
  // folded multiword variant ("northern song") → polity.
  StringMap<Polity> polities;
  int polity_max_words = 1;
  // regime id → canonical English name ("song" → "Song").
  std::unordered_map<std::string, std::string> regime_name;
  StringMap<Title> titles;  // folded title words
  int title_max_words = 1;
  std::unordered_map<std::string, std::string> known_armies;  // folded → canonical
  int army_max_words = 1;
  std::unordered_set<std::string> army_heads;  // folded: "army", "guard"
  std::vector<EventPattern> event_prefix, event_suffix;
  std::unordered_map<std::string, EventPattern> known_events;  // folded → pattern
  int event_max_words = 1;
  StringMap<std::uint8_t> eras;       // compact era names ("tianhui")
  StringMap<std::uint8_t> stopwords;  // folded English words
  std::unordered_set<std::string> non_persons;  // compact phrases: "hongkong", "kungfu"
  StringMap<std::uint8_t> surnames;   // compact surnames of lexicon persons

  // First-word filter: compact first word of every multiword entry → which tables it
  // starts an entry of (FirstBits), so that most tokens need no multiword lookup at all.
  StringMap<std::uint16_t> first;
};

enum FirstBits : std::uint16_t {
  kFirstLexicon = 1,
  kFirstPolity = 2,
  kFirstTitle = 4,
  kFirstArmy = 8,
  kFirstEventKnown = 16,
  kFirstEventPrefix = 32,
  kFirstTemple = 64,
  kEventSuffixWord = 128,
  kArmyHead = 256,
};

Result<Lexicon> load_lexicon(const std::filesystem::path& dir);

// fold() without spaces, hyphens, apostrophes and dots: the lexicon's lookup key.
std::string compact(std::string_view s);
// Lower-case, diacritics stripped, one space between words ("Yelü Xiezhen" → "yelu xiezhen").
std::string key_of_name(std::string_view canonical);

}  // namespace shilu::names::detail
