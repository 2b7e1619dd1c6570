// shilu/places.h — Place mentions linked to the gazetteer (historical + modern layers).
//
//   auto ex = shilu::places::Extractor::load("corpus/resources");   // Result<Extractor>
//   if (!ex) die(ex.error().to_string());                          // "file:line: message"
//   shilu::text::Tokenized t = shilu::text::tokenize(doc.text);
//   std::vector<shilu::Mention> ms = ex->extract(t, shilu::ExtractContext{});
//   // "besieged K'ai-feng (now Kaifeng, Henan)" →
//   //   place "K'ai-feng" {canonical Kaifeng, key kaifeng, kind superior_prefecture,
//   //                      modern {name Kaifeng, province Henan}, lat, lon, gazetteer_id hp0002}
//   //   place "Kaifeng" (rule place.gloss_modern), place "Henan" (province)
//
//   // The gazetteer alone (CLI `shilu places lookup`, dataset building):
//   const shilu::places::Gazetteer& g = ex->gazetteer();
//   for (const auto& r : g.lookup("Chinchow")) r.canonical, r.key, r.kind, r.lat, r.lon;
//
// Keys are name-level: the folded pinyin of the name as written ("Tokyo" → dongjing,
// "Lin'an" → lin'an, "Teng County" → teng county), so that one name in a document is one
// entity; the identification (which place the name denotes) is in modern/lat/lon/gazetteer_id
// and, for homonyms that stay unresolved, in candidates.
//
// "Shangjing Huining Mansion" (a capital's name, then its prefecture's: both the same place)
// is one mention (rule place.compound). A form shared by several names ("Central Capital":
// Liao Zhongjing, Jin Zhongdu) takes the name already named in the document, else one with a
// reading in the document's period. "X Gate" after a city's name is a place of its own.
//
// The extractor is immutable after load() and safe to share between threads.
//
// CONTRACT: load() and extract() are called by annotate/ (the pipeline); keep their
// signatures. Everything else in this header is the module's own.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "shilu/core.h"
#include "shilu/text.h"

namespace shilu::places {

// One reading of a place name: a row of the historical or modern layer seen through the
// name that matched it.
struct PlaceReading {
  std::string canonical;   // display form of the NAME that matched ("Dongjing" for "Tokyo")
  std::string key;         // name key ("dongjing", "huai river", "yan'an")
  std::string id;          // gazetteer id: hpNNNN / hmNNNN (historical), gn-NNN (GeoNames)
  std::string place;       // the row's own canonical name ("Kaifeng" for the alias "Bianliang")
  std::string kind;        // capital, prefecture, superior_prefecture, county, river, region …
  std::string regime;      // "Northern Song|Jin"; "modern" for the modern layer
  int start_year = 0;      // 0 = unknown
  int end_year = 0;        // 0 = unknown; 9999 = still in use
  std::string modern;      // modern identification ("Kaifeng")
  std::string province;    // its province ("Henan")
  double lat = 0, lon = 0;
  bool has_coords = false;
  std::string zh;          // characters, when known
  bool modern_layer = false;
};

// The gazetteer: historical.tsv + historical_manual.tsv + modern.tsv of
// corpus/resources/places/. Immutable after load().
class Gazetteer {
 public:
  static Result<Gazetteer> load(const std::filesystem::path& resources_root);

  // Every reading of `name` in any romanization or case ("K'ai-feng", "KAIFENG",
  // "Kaifeng Prefecture", "Peking"); a trailing generic word (Prefecture, County, River …)
  // is tried with and without. Historical readings first.
  std::vector<PlaceReading> lookup(std::string_view name) const;

  std::size_t entry_count() const;
  std::size_t name_count() const;

  Gazetteer(Gazetteer&&) noexcept;
  Gazetteer& operator=(Gazetteer&&) noexcept;
  ~Gazetteer();

  struct Impl;

 private:
  friend class Extractor;
  const Impl& impl() const { return *impl_; }
  explicit Gazetteer(std::unique_ptr<Impl>);
  std::unique_ptr<Impl> impl_;
};

// Disambiguation of homonyms (pure; tests fix the context).
struct ResolveContext {
  int year_min = 0;                  // document period; 0 = unknown
  int year_max = 0;
  std::vector<std::string> regimes;  // regimes named near the mention ("Liao", "Jin", "Song")
  std::size_t strong_regimes = 0;    // how many of them qualify the name directly ("Jin Nanjing");
                                     // the others are only named in the same sentence
  std::string kind_hint;             // from a generic suffix: river, prefecture, county …
  bool in_gloss = false;             // the mention is a modern identification "(now X)"
  std::string province_hint;         // province named in the gloss ("(now Hechuan, Chongqing)")
  bool has_centroid = false;         // centre of the document's unambiguous places
  double lat = 0, lon = 0;
};

struct Ranked {
  std::size_t index = 0;  // into the readings given
  double score = 0;
};

// Readings ranked best first. Scores: kind compatible with the suffix, period overlapping
// the document's, regime named in context, distance to the other places, modern layer for
// glosses.
std::vector<Ranked> rank_readings(const std::vector<PlaceReading>& readings,
                                  const ResolveContext& ctx);

class Extractor {
 public:
  // Reads corpus/resources/places/ (and whatever shared tables the module needs).
  static Result<Extractor> load(const std::filesystem::path& resources_root);

  // Mentions in document order. Never fails; doubt goes into Mention flags.
  std::vector<Mention> extract(const text::Tokenized& t, const ExtractContext& ctx) const;

  const Gazetteer& gazetteer() const;

  Extractor(Extractor&&) noexcept;
  Extractor& operator=(Extractor&&) noexcept;
  ~Extractor();

 private:
  struct Impl;
  explicit Extractor(std::unique_ptr<Impl>);
  std::unique_ptr<Impl> impl_;
};

}  // namespace shilu::places
