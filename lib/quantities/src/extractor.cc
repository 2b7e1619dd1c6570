// Troop counts: a number (text::parse_number) anchored on a people noun after it
// ("20,000 soldiers"), on a head noun before it ("an army of 100,000"), or on a noun
// earlier in the clause joined by a link verb ("the casualties ... exceeded 30,000").
// Qualifier, role and side come from the words around the count (see roles.tsv).
#include <algorithm>
#include <cmath>

#include "lexicon.h"
#include "shilu/quantities.h"

namespace shilu::quantities {

using detail::Lexicon;
using detail::NounClass;
using detail::NounInfo;
using detail::QualPos;
using detail::RoleScope;
using text::Token;
using text::Tokenized;

struct Extractor::Impl {
  Lexicon lex;
};

Extractor::Extractor(std::unique_ptr<Impl> p) : impl_(std::move(p)) {}
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;
Extractor::~Extractor() = default;

Result<Extractor> Extractor::load(const std::filesystem::path& resources_root) {
  auto lx = Lexicon::load(resources_root / "quantities");
  if (!lx) return lx.error();
  auto impl = std::make_unique<Impl>();
  impl->lex = std::move(lx.value());
  return Extractor(std::move(impl));
}

namespace {

template <class T>
struct Match {
  const T* info = nullptr;
  std::size_t begin = 0, end = 0;  // token range
  explicit operator bool() const { return info != nullptr; }
};

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// One scan over a tokenized text; every method is const over the inputs.
class Scanner {
 public:
  Scanner(const Tokenized& t, const Lexicon& lx, const ExtractContext& ctx) : t_(t), lx_(lx) {
    if (ctx.prior) {
      for (const auto& m : *ctx.prior) {
        if (m.type == "date") dates_.emplace_back(m.begin, m.end);
        else if (m.type == "person") {
          persons_.emplace_back(m.begin, m.end);
          std::string regime = m.normalized.get_string("regime");
          auto it = lx.regime_sides.find(regime);
          if (it != lx.regime_sides.end()) person_sides_.push_back({m.begin, m.end, &it->second});
        }
      }
    }
    std::sort(person_sides_.begin(), person_sides_.end(),
              [](const PersonSide& a, const PersonSide& b) { return a.begin < b.begin; });
    std::sort(dates_.begin(), dates_.end());
    std::sort(persons_.begin(), persons_.end());
  }

  std::vector<Mention> run() {
    std::vector<Mention> out;
    for (const auto& s : t_.sentences) scan_sentence(s, out);
    echo_fragments(out);
    return out;
  }

  // A fragment that repeats a count told nearby ("Seven hundred thousand. The scouts had said
  // the emperor brought an army of 700,000") is that count: it takes its qualifier, unit,
  // role and side.
  void echo_fragments(std::vector<Mention>& out) const {
    auto sentence_at = [&](std::uint32_t byte) {
      auto it = std::upper_bound(t_.sentences.begin(), t_.sentences.end(), byte,
                                 [](std::uint32_t b, const text::Sentence& s) { return b < s.begin; });
      return static_cast<std::size_t>(it - t_.sentences.begin()) - (it == t_.sentences.begin() ? 0 : 1);
    };
    for (auto& f : out) {
      if (f.rule != "troops.fragment") continue;
      std::size_t si = sentence_at(f.begin);
      const Mention* best = nullptr;
      std::size_t best_d = kNone;
      for (const auto& o : out) {
        if (&o == &f || o.type != "troops" || o.rule == "troops.fragment") continue;
        if (o.normalized.get_int("value") != f.normalized.get_int("value")) continue;
        std::size_t oi = sentence_at(o.begin);
        if (oi + 3 < si || oi > si + 1) continue;
        std::size_t d = oi > si ? oi - si : si - oi;
        if (d < best_d) {
          best_d = d;
          best = &o;
        }
      }
      if (!best) continue;
      for (const char* k : {"qualifier", "unit", "role", "side"})
        if (const Value* v = best->normalized.find(k)) f.normalized[k] = *v;
    }
  }

 private:
  const Tokenized& t_;
  const Lexicon& lx_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> persons_;  // person spans from earlier stages
  std::vector<std::pair<std::uint32_t, std::uint32_t>> dates_;
  struct PersonSide {
    std::uint32_t begin, end;
    const std::string* side;
  };
  std::vector<PersonSide> person_sides_;  // persons whose regime gives a side (regime_sides.tsv)
  mutable std::string buf_;  // key scratch (the Scanner lives for one extract() call)

  std::size_t n() const { return t_.tokens.size(); }
  const Token& tok(std::size_t i) const { return t_.tokens[i]; }
  std::string folded(std::size_t i) const {
    std::string k;
    append_folded(k, i);
    return k;
  }
  bool is(std::size_t i, std::string_view lower) const {
    if (i >= n()) return false;
    std::string_view v = t_.view(i);
    if (v.size() != lower.size()) return false;
    for (std::size_t k = 0; k < v.size(); ++k)
      if (static_cast<char>(std::tolower(static_cast<unsigned char>(v[k]))) != lower[k]) return false;
    return true;
  }
  // An article or possessive: the, a, an, his, their, its.
  bool determiner(std::size_t i) const {
    return is(i, "the") || is(i, "a") || is(i, "an") || is(i, "his") || is(i, "their") || is(i, "its");
  }
  bool punct(std::size_t i, std::string_view p) const { return i < n() && tok(i).is_punct() && t_.view(i) == p; }
  bool dash(std::size_t i) const {
    return punct(i, "-") || punct(i, "\xE2\x80\x93") || punct(i, "\xE2\x80\x94") || punct(i, "\xE2\x80\x90");
  }
  // Clause boundary: , ; : ( ) and quotes do not bind a count to far words.
  bool boundary(std::size_t i) const {
    if (!tok(i).is_punct()) return false;
    std::string_view v = t_.view(i);
    return v == "," || v == ";" || v == ":" || v == "(" || v == ")" || v == "\"" || v == "\xE2\x80\x9C" ||
           v == "\xE2\x80\x9D";
  }
  bool strong_boundary(std::size_t i) const {
    if (!tok(i).is_punct()) return false;
    std::string_view v = t_.view(i);
    return v == ";" || v == ":" || v == "(" || v == ")";
  }

  // Appends the folded token i to k (ASCII tokens are lower-cased in place: no allocation).
  void append_folded(std::string& k, std::size_t i) const {
    if (tok(i).flags & text::kNonAscii) {
      k += text::fold(t_.view(i));
      return;
    }
    for (char ch : t_.view(i)) k += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch | 0x20) : ch;
  }
  // Folded words [a, b) joined with one space (none where the text has none: "-odd", "enemy's").
  std::string key(std::size_t a, std::size_t b) const {
    std::string k;
    for (std::size_t i = a; i < b; ++i) {
      if (i > a && (tok(i).flags & text::kSpaceBefore)) k += ' ';
      append_folded(k, i);
    }
    return k;
  }

  // Longest phrase of `tab` starting at token i (keys grow one token at a time).
  template <class T>
  Match<T> forward(const detail::PhraseTable<T>& tab, std::size_t i, std::size_t limit) const {
    Match<T> m;
    std::size_t maxlen = std::min<std::size_t>(static_cast<std::size_t>(tab.max_words) + 2, limit - std::min(i, limit));
    std::string& k = buf_;
    k.clear();
    for (std::size_t len = 1; len <= maxlen; ++len) {
      std::size_t j = i + len - 1;
      if (len > 1 && (tok(j).flags & text::kSpaceBefore)) k += ' ';
      append_folded(k, j);
      if (const T* p = tab.find(k)) {
        m.info = p;
        m.begin = i;
        m.end = j + 1;
      }
      if (!tab.may_extend(k)) break;
    }
    return m;
  }
  // Longest phrase of `tab` ending at token j (exclusive), starting at or after lo.
  template <class T>
  Match<T> backward(const detail::PhraseTable<T>& tab, std::size_t j, std::size_t lo) const {
    Match<T> m;
    if (j <= lo) return m;
    std::size_t maxlen = std::min<std::size_t>(static_cast<std::size_t>(tab.max_words) + 2, j - lo);
    std::string& k = buf_;
    std::string piece;
    k.clear();
    for (std::size_t len = 1; len <= maxlen; ++len) {
      std::size_t i = j - len;  // prepend token i
      piece.clear();
      append_folded(piece, i);
      if (len > 1 && (tok(i + 1).flags & text::kSpaceBefore)) piece += ' ';
      k.insert(0, piece);
      if (const T* p = tab.find(k)) {
        m.info = p;
        m.begin = i;
        m.end = j;
      }
      if (!tab.may_extend_left(k)) break;
    }
    return m;
  }

  bool in_date(std::size_t i) const {
    std::uint32_t b = tok(i).begin;
    auto it = std::upper_bound(dates_.begin(), dates_.end(), std::make_pair(b, UINT32_MAX));
    if (it == dates_.begin()) return false;
    --it;
    return b >= it->first && b < it->second;
  }

  // Cheap test before parse_number: digits, or a word that can start a number.
  bool candidate(std::size_t i) const {
    const Token& k = tok(i);
    if (k.is_number()) return true;
    if (!k.is_word() || (k.flags & text::kNonAscii)) return false;
    std::string_view v = t_.view(i);
    if (v.size() > 24) return false;
    char buf[24];
    for (std::size_t j = 0; j < v.size(); ++j) buf[j] = (v[j] >= 'A' && v[j] <= 'Z') ? static_cast<char>(v[j] | 0x20) : v[j];
    std::string_view w(buf, v.size());
    if (text::cardinal_word_value(w) >= 0) return true;
    // Words that open a vague or article-led number: "a thousand", "several hundred", "tens of thousands".
    for (std::string_view s : {"a", "an", "several", "many", "some", "tens", "hundreds", "thousands", "millions",
                               "dozens", "scores", "myriads", "half"})
      if (w == s) return true;
    return false;
  }

  const NounInfo* noun_at(std::size_t i, std::size_t limit, std::size_t& end) const {
    auto m = forward(lx_.nouns, i, limit);
    if (!m) return nullptr;
    end = m.end;
    return m.info;
  }

  // Polity/side word at i (capitalized, or "our"/"enemy"), with its end.
  const std::string* side_at(std::size_t i, std::size_t limit, std::size_t& end) const {
    if (i >= limit || !tok(i).is_word()) return nullptr;
    auto m = forward(lx_.sides, i, limit);
    if (!m) return nullptr;
    // Lower-case side words are pronoun-like ("our", "enemy", "rebel"): their side is lower case.
    bool pronoun = !m.info->empty() && (*m.info)[0] >= 'a' && (*m.info)[0] <= 'z';
    if (!pronoun && !tok(i).capitalized()) return nullptr;
    // Inside a person found by the names extractor ("Han Qi", "Liu Qi"): not a side.
    if (!pronoun && in_person(tok(i).begin)) return nullptr;
    if (!pronoun) {
      // Part of a personal name ("Liu Qi", "Han Shizhong", "Song Zongze"): a capitalized word
      // right before (that is not a sentence start or a side) or right after (that is no title
      // word such as Dynasty or Army).
      if (i > 0 && tok(i - 1).is_word() && tok(i - 1).capitalized() && tok(i - 1).end + 1 >= tok(i).begin &&
          !is(i - 1, "the") && !is(i - 1, "both") && !is(i - 1, "northern") && !is(i - 1, "southern") &&
          !is(i - 1, "eastern") && !is(i - 1, "western") && !is(i - 1, "later") && !is(i - 1, "former")) {
        bool prev_side = lx_.sides.find(folded(i - 1)) != nullptr;
        // At a sentence start only a function word may precede ("When Song troops …", not "Liu Qi").
        bool starter = false;
        for (std::string_view w : {"when", "after", "before", "then", "but", "and", "as", "while", "once", "in", "at",
                                   "by", "so", "although", "though", "if", "meanwhile", "later", "all", "some",
                                   "many", "two", "three", "our", "enemy", "a", "an"})
          if (is(i - 1, w)) starter = true;
        if (!prev_side && !starter) return nullptr;
      }
      std::size_t e = m.end;
      if (e < n() && tok(e).is_word() && tok(e).capitalized() && !title_word(e)) return nullptr;
    }
    end = m.end;
    return m.info;
  }
  bool in_person(std::uint32_t b) const {
    auto it = std::upper_bound(persons_.begin(), persons_.end(), std::make_pair(b, ~0u));
    if (it == persons_.begin()) return false;
    --it;
    return b >= it->first && b < it->second;
  }
  bool title_word(std::size_t i) const {
    for (std::string_view w : {"dynasty", "army", "armies", "empire", "kingdom", "state", "court", "troops", "forces",
                               "navy", "cavalry", "emperor", "general", "generals", "side", "camp", "soldiers",
                               "horsemen", "infantry", "forbidden", "imperial", "and"})
      if (is(i, w)) return true;
    return false;
  }
  bool possessive(std::size_t i) const {  // tokens i, i+1 = "'" "s"
    return i + 1 < n() && tok(i).is_punct() && (t_.view(i) == "'" || t_.view(i) == "\xE2\x80\x99") &&
           tok(i).begin == tok(i - 1).end && is(i + 1, "s");
  }

  static std::string combine(std::string q, const std::string& other) {
    if (q.empty() || q == "exact") return other.empty() ? (q.empty() ? "exact" : q) : other;
    return q;
  }

  struct Count {
    double value = 0, value_max = 0;
    bool range = false, vague = false, words = false;
    std::size_t first = 0, last = 0;  // tokens of the number (or range)
  };

  // The number at i, with an optional range "20,000-30,000", "20,000 to 30,000",
  // "between 10,000 and 20,000", "twenty or thirty thousand".
  std::optional<Count> count_at(std::size_t i, std::size_t limit) const {
    auto a = text::parse_number(t_, i);
    if (!a || a->last_token > limit) return std::nullopt;
    Count c;
    c.value = a->value;
    c.vague = a->vague;
    c.words = a->words;
    c.first = a->first_token;
    c.last = a->last_token;
    std::size_t j = c.last;
    bool between = c.first > 0 && is(c.first - 1, "between");
    if (j + 1 < limit && (dash(j) || is(j, "to") || is(j, "or") || (between && is(j, "and")))) {
      if (auto b = text::parse_number(t_, j + 1); b && b->last_token <= limit && !b->vague) {
        double lo = c.value, hi = b->value;
        // "20 to 30 thousand", "five or six hundred": the magnitude closing the second
        // number applies to a smaller first one.
        if (lo < hi && b->last_token - b->first_token >= 2) {
          std::string_view lw = t_.view(b->last_token - 1);
          std::string low(lw);
          for (auto& ch : low) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          long long mag = text::cardinal_word_value(low);
          if (mag >= 100 && lo < static_cast<double>(mag) && lo * static_cast<double>(mag) <= hi * 10)
            lo *= static_cast<double>(mag);
        }
        bool year_like = dash(j) && !c.words && lo >= 600 && lo <= 2100 && hi <= 2100 &&
                         t_.view(c.first).find(',') == std::string_view::npos;
        if (hi > lo && !year_like) {
          c.value = lo;
          c.value_max = hi;
          c.range = true;
          c.last = b->last_token;
        }
      }
    }
    return c;
  }

  bool year_like(const Count& c) const {
    if (c.words || c.range || c.last - c.first != 1) return false;
    std::string_view v = t_.view(c.first);
    return v.size() == 4 && c.value >= 200 && c.value <= 2100 && v.find(',') == std::string_view::npos;
  }

  void scan_sentence(const text::Sentence& s, std::vector<Mention>& out) {
    std::size_t i = s.first_token;
    const std::size_t end = s.last_token;
    while (i < end) {
      if (!candidate(i) || in_date(i)) {
        ++i;
        continue;
      }
      auto c = count_at(i, end);
      if (!c) {
        ++i;
        continue;
      }
      std::size_t next = analyse(s, *c, out);
      i = std::max(next, c->last);
    }
  }

  // Everything about one count; returns the token index to continue from.
  std::size_t analyse(const text::Sentence& s, const Count& c, std::vector<Mention>& out) {
    const std::size_t lo = s.first_token, hi = s.last_token;
    if (c.value < 2 || std::floor(c.value) != c.value) return c.last;
    if (c.first > lo && (tok(c.first - 1).is_number() || punct(c.first - 1, "#"))) return c.last;

    // ---- before the number: [head of] [link]* [pre-qualifier | pre-role | determiner]* N
    std::string qual, link_qual, pre_role, object_role, head_role;
    std::size_t span_begin = c.first;
    std::size_t p = c.first;
    bool of_whom = false;
    for (int guard = 0; guard < 4 && p > lo; ++guard) {
      if (auto m = backward(lx_.quals[0], p, lo)) {
        if (qual.empty()) qual = m.info->qualifier;
        p = span_begin = m.begin;
        continue;
      }
      if (auto m = backward(lx_.roles[static_cast<int>(RoleScope::kPre)], p, lo)) {
        if (pre_role.empty()) pre_role = m.info->role;
        p = span_begin = m.begin;
        continue;
      }
      if (is(p - 1, "the") || is(p - 1, "a") || is(p - 1, "his") || is(p - 1, "their") || is(p - 1, "its") ||
          is(p - 1, "her") || is(p - 1, "these") || is(p - 1, "those") || is(p - 1, "all")) {
        p = span_begin = p - 1;
        continue;
      }
      break;
    }
    std::size_t link_begin = kNone;
    bool link_of = false;
    for (int guard = 0; guard < 2 && p > lo; ++guard) {
      auto m = backward(lx_.quals[2], p, lo);
      if (!m) break;
      if (link_begin == kNone) link_qual = m.info->qualifier;
      else if (m.info->qualifier != "exact") link_qual = m.info->qualifier;
      if (link_begin == kNone && m.end - m.begin == 1 && is(m.begin, "of")) link_of = true;
      link_begin = p = m.begin;
    }
    if (link_of && p > lo && (is(p - 1, "whom") || is(p - 1, "them") || is(p - 1, "these"))) of_whom = true;
    if (link_begin == kNone && p >= lo + 2 && is(p - 2, "of") &&
        (is(p - 1, "whom") || is(p - 1, "them") || is(p - 1, "these")))
      of_whom = true;  // "of whom only 5,000"
    // Hearsay earlier in the clause: "claimed that he had a million soldiers".
    std::string hearsay;
    for (std::size_t k = p, steps = 0; k > lo && steps < 8; ++steps) {
      --k;
      if (boundary(k)) break;
      if (auto m = forward(lx_.quals[3], k, p)) {
        hearsay = m.info->qualifier;
        break;
      }
    }
    if (!hearsay.empty() && (link_qual.empty() || link_qual == "exact")) link_qual = hearsay;
    bool subject_owns = false;  // "the Song lost 20,000": the loser owns the count
    {
      std::size_t at = (link_begin == kNone || link_begin == c.first) ? p : link_begin;
      if (auto m = backward(lx_.roles[static_cast<int>(RoleScope::kObject)], at, lo)) {
        object_role = m.info->role;
        subject_owns = m.end - m.begin == 1 && (is(m.begin, "lost") || is(m.begin, "losing"));
      }
    }

    // "X of N": a head noun before "of" ("an army of", "reinforcements of", "casualties of").
    std::size_t head_begin = kNone;
    const NounInfo* head_noun = nullptr;
    std::string head_side;
    // "the Han army about 77,000": a force noun right before a qualified count.
    bool apposed = false;
    if (!link_of && link_begin == kNone && !qual.empty() && p > lo) {
      auto m = backward(lx_.nouns, p, lo);
      apposed = m && m.info->cls == NounClass::kForce;
    }
    if ((link_of && !of_whom) || apposed) {
      std::size_t hb = apposed ? p : link_begin;
      if (auto m = backward(lx_.roles[static_cast<int>(RoleScope::kHead)], hb, lo)) {
        head_role = m.info->role;
        head_begin = m.begin;
      }
      if (auto m = backward(lx_.nouns, hb, lo);
          m && (m.info->cls == NounClass::kForce || m.info->cls == NounClass::kMilitary ||
                m.info->cls == NounClass::kPeople)) {
        head_noun = m.info;
        if (head_begin == kNone || m.begin < head_begin) head_begin = m.begin;
      }
      if (head_begin != kNone) {
        // Polity and article before the head: "a Liao army of", "the Song garrison of".
        std::size_t q = head_begin;
        for (std::size_t k = q; k > lo && k + 3 > q;) {
          --k;
          std::size_t se = 0;
          if (const std::string* sd = side_at(k, head_begin, se); sd && se == head_begin) {
            head_side = *sd;
            head_begin = k;
            continue;
          }
          if (determiner(k)) {
            head_begin = k;
            continue;
          }
          break;
        }
      }
    }

    // ---- after the number: [post-qualifier] [-strong | -man] [of [det]] [modifiers]* NOUN [and NOUN]
    std::size_t q = c.last;
    std::string post_qual;
    // "or more" / "and more" after the count, but not "… and more than 600 horses".
    if (auto m = forward(lx_.quals[1], q, hi); m && !is(m.end, "than")) {
      post_qual = m.info->qualifier;
      q = m.end;
    }
    bool strong = false;
    if (dash(q) && q + 1 < hi && tok(q).begin == tok(q - 1).end && (is(q + 1, "strong") || is(q + 1, "man"))) {
      strong = true;
      q += 2;
    } else if (is(q, "strong")) {
      strong = true;
      ++q;
    }
    std::size_t after_number = q;
    if (!strong && is(q, "of")) {
      ++q;
      while (q < hi && (is(q, "the") || is(q, "his") || is(q, "their") || is(q, "its") || is(q, "our") ||
                        is(q, "these") || is(q, "those") || is(q, "her")))
        ++q;
    }
    const NounInfo* noun = nullptr;
    std::size_t noun_begin = 0, noun_end = 0;
    std::string side;
    bool shared_side = false;  // "50,000 Song and Jin soldiers": two sides, so no single owner
    for (int mods = 0; q < hi && mods <= 3; ++mods) {
      std::size_t e = 0;
      if (const NounInfo* ni = noun_at(q, hi, e)) {
        std::size_t e2 = 0;
        const NounInfo* nx = ni->cls == NounClass::kForce ? noun_at(e, hi, e2) : nullptr;
        if (nx && (nx->cls == NounClass::kMilitary || nx->cls == NounClass::kPeople)) {
          q = e;  // "Chishan Army recruits", "garrison troops": the force noun is a modifier
          continue;
        }
        if (ni->cls != NounClass::kFunction) {
          noun = ni;
          noun_begin = q;
          noun_end = e;
        }
        break;
      }
      if (!tok(q).is_word()) break;
      std::size_t se = 0;
      if (const std::string* sd = side_at(q, hi, se)) {
        if (side.empty()) side = *sd;
        q = se;
        std::size_t se2 = 0;
        if (is(q, "and") && side_at(q + 1, hi, se2)) {
          shared_side = true;
          q = se2;
        } else if (is(q, "and") && q + 1 < hi && tok(q + 1).is_word() && tok(q + 1).capitalized() &&
                   !noun_at(q + 1, hi, se2)) {
          shared_side = true;  // "Khitan and Xi women and children": two peoples
          q += 2;
        }
        continue;
      }
      if (lx_.quals[2].find(folded(q)) || lx_.roles[1].find(folded(q))) break;  // a verb: not a modifier
      ++q;
    }
    if (!noun || shared_side) side.clear();
    if (noun && side.empty() && !shared_side) {
      std::size_t se = 0;
      if (const std::string* sd = side_at(noun_begin, noun_end, se)) side = *sd;
    }
    if (noun && strong && noun->cls != NounClass::kForce && noun->cls != NounClass::kMilitary) noun = nullptr;

    // Not troops: years, distances, places, time, money.
    if (noun && noun->cls == NounClass::kNonTroop) return noun_end;
    // "10,000 heads of cattle", "a hundred head of oxen": the count is of what follows.
    if (noun && is(noun_end, "of")) {
      std::size_t k = noun_end + 1, e = 0;
      if (const NounInfo* ni = noun_at(k, hi, e);
          ni && (ni->cls == NounClass::kQuantity || ni->cls == NounClass::kNonTroop))
        return e;
    }
    // A figure of speech: "worth a million soldiers", "tens of thousands of soldiers in his breast".
    if (noun && backward(lx_.figurative_before, span_begin, lo)) return noun_end;
    if (noun) {
      std::size_t e = noun_end;
      if (is(e, "and")) {
        std::size_t e2 = 0;
        if (noun_at(e + 1, hi, e2)) e = e2;
      }
      if (auto f = forward(lx_.figurative, e, hi)) return f.end;
    }
    if (noun && noun->cls == NounClass::kQuantity) {
      if (c.vague && is(c.last, "of") == false && noun_begin != c.last) return c.last;
      Mention m = make(c, span_begin, noun_end, "quantity", "quantity.count_noun");
      m.normalized["value"] = static_cast<long long>(c.value);
      if (c.range) m.normalized["value_max"] = static_cast<long long>(c.value_max);
      m.normalized["qualifier"] = c.range ? std::string("range") : final_qual(c, qual, link_qual, post_qual);
      m.normalized["unit"] = noun->unit;
      out.push_back(std::move(m));
      return noun_end;
    }
    if (noun && noun->cls == NounClass::kForce && !strong) {  // "30,000 army"? only N-strong army
      noun = nullptr;
      side.clear();
    }

    const NounInfo* unit_noun = noun;
    std::size_t span_end = noun ? noun_end : c.last;
    if (noun && post_qual.empty()) {
      // "2,000 soldiers or more"; "a million men were said to be …".
      if (auto m = forward(lx_.quals[1], noun_end, hi); m && !is(m.end, "than")) {
        post_qual = m.info->qualifier;
      } else {
        std::size_t k = noun_end;
        if (is(k, "were") || is(k, "was")) ++k;
        if (auto h = forward(lx_.quals[3], k, hi)) post_qual = h.info->qualifier;
      }
    }
    std::string rule;
    std::size_t elided_begin = kNone;
    const NounInfo* elided_noun = nullptr;
    std::string elided_role, elided_side;

    if (noun) {
      rule = strong ? "troops.strong_force" : "troops.count_noun";
      // "infantry and cavalry", "soldiers and civilians" (when not a single phrase).
      if (is(span_end, "and")) {
        std::size_t e = 0;
        if (const NounInfo* n2 = noun_at(span_end + 1, hi, e);
            n2 && (n2->cls == NounClass::kMilitary || n2->cls == NounClass::kPeople))
          span_end = e;
      }
      if (head_begin != kNone) span_begin = std::min(span_begin, head_begin);
    } else {
      // Elided noun: the count must end its phrase.
      bool ends = after_number >= hi || tok(after_number).is_punct() || strong;
      if (!ends && tok(after_number).is_word()) {
        std::size_t e = 0;
        const NounInfo* f = noun_at(after_number, hi, e);
        std::string_view w = t_.view(after_number);
        bool verb_like = !tok(after_number).capitalized() && w.size() > 4 && w.substr(w.size() - 2) == "ed";
        // "thousands of arrows": an unknown complement is something else counted.
        bool of_them = is(after_number, "of") && (is(after_number + 1, "them") || is(after_number + 1, "these") ||
                                                  is(after_number + 1, "those"));
        ends = of_them || (!is(after_number, "of") && ((f && f->cls == NounClass::kFunction) || verb_like ||
                                                        forward(lx_.roles[2], after_number, hi)));
      }
      // After a head noun ("a garrison of 3,000 held …") any verb may follow.
      if (!ends && head_noun && tok(after_number).is_word() && !tok(after_number).capitalized()) {
        std::size_t e = 0;
        const NounInfo* f = noun_at(after_number, hi, e);
        ends = f == nullptr || f->cls == NounClass::kFunction;
      }
      if (!ends) return c.last;
      if (year_like(c) && head_noun == nullptr) return c.last;
      if (strong) span_end = after_number;
      if (head_noun || (head_begin != kNone && !head_role.empty())) {
        rule = "troops.head_of_count";
        span_begin = head_begin;
        unit_noun = head_noun;
      } else if (of_whom) {
        rule = "troops.of_whom";
      } else if (link_begin != kNone || strong) {
        // Look back through the sentence for the counted noun.
        std::size_t from = link_begin != kNone ? link_begin : span_begin;
        if (!find_antecedent(from, lo, elided_begin, elided_noun, elided_role, elided_side)) return c.last;
        rule = "troops.linked_noun";
        unit_noun = elided_noun;
        // The span reaches back to the counted noun unless a name lies in between ("the losses
        // of the Song army at Kaifeng exceeded 20,000"): longer spans win the pipeline's overlap
        // policy, and a place or person must not be swallowed by a troop count.
        bool name_inside = false;
        for (std::size_t k = elided_begin + 1; k < from && !name_inside; ++k) {
          if (!tok(k).is_word() || !tok(k).capitalized()) continue;
          std::size_t se = 0;
          if (!side_at(k, from, se) && !title_word(k)) name_inside = true;
        }
        span_begin = name_inside ? std::min(from, span_begin) : elided_begin;
      } else if (!object_role.empty() && object_role != "strength" && object_role != "reinforcement" &&
                 object_role != "garrison") {
        rule = "troops.object_count";  // "beheaded more than 3,000"
      } else if (after_number < hi && forward(lx_.roles[static_cast<int>(RoleScope::kAfter)], after_number, hi) &&
                 find_antecedent(span_begin, lo, elided_begin, elided_noun, elided_role, elided_side)) {
        // "Of the 30,000 men who set out, only 3,000 returned.": the count is the subject of a
        // role verb and the sentence names what is counted.
        rule = "troops.subject_count";
        unit_noun = elided_noun;
        elided_role.clear();
        elided_side.clear();
      } else if (after_number < hi && clause_initial(s, span_begin) &&
                 forward(lx_.roles[static_cast<int>(RoleScope::kAfter)], after_number, hi) &&
                 war_context(t_.sentence_of(s.first_token))) {
        // "About two hundred were taken alive." / "Of our own, more than eight hundred are
        // wounded": a count opening its clause as the subject of a loss or capture verb, among
        // sentences about soldiers.
        rule = "troops.subject_count";
      } else if (fragment(s, span_begin, after_number) && c.value >= 100 && !year_like(c) &&
                 (c.words || c.value >= 10000 || t_.view(c.first).find(',') != std::string_view::npos)) {
        // (a bare "986" under a heading is a year, not a count)
        // "Seven hundred thousand." / "'Less than 20,000,' he said": a count standing alone as a
        // sentence or a quoted answer, among sentences about armies, is a troop strength.
        rule = "troops.fragment";
        elided_role = "strength";
      } else {
        return c.last;
      }
    }

    // Minimum counts: a lone soldier is not a troop count; "two men" is rarely one.
    bool people_only = unit_noun && unit_noun->cls == NounClass::kPeople;
    if (c.value < 2 || (unit_noun && c.value < unit_noun->min_count && !c.range)) return span_end;
    if (!noun && c.value < 10) return span_end;

    // ---- role
    std::string role;
    if (noun && !noun->role.empty()) role = noun->role;
    // Civilians who died or were taken are casualties or captives: "more than 10,000
    // residents died of hunger".
    if (role == "civilians") {
      std::string a = after_role(span_begin, span_end, s.first_token, hi);
      if (a == "casualties" || a == "captured" || a == "wounded") role = a;
    }
    if (role.empty() && !pre_role.empty()) role = pre_role;
    if (role.empty() && !head_role.empty() && head_role != "strength") role = head_role;
    if (role.empty() && !elided_role.empty()) role = elided_role;
    if (role.empty() && !object_role.empty() && object_role != "strength") role = object_role;
    if (role.empty()) role = after_role(span_begin, span_end, s.first_token, hi);
    bool role_from_clause = false;
    if (role.empty()) {
      role = clause_role(s, span_begin, span_end, c.first);
      role_from_clause = !role.empty();
    }
    if (role.empty() && !object_role.empty()) role = object_role;
    if (role.empty()) {
      role = sentence_role(s, span_begin);
      role_from_clause = !role.empty();
    }
    if (role.empty() && !head_role.empty()) role = head_role;
    if (role.empty()) role = existential_role(s);
    // Strength is said of fighting men: doctors, laborers or people "deployed" keep no role.
    // A leading verb ("led 30,000 people to the capital") keeps them a strength.
    if (role == "strength" && people_only && head_role.empty() && object_role != "strength") role.clear();
    if (role.empty() && unit_noun && unit_noun->cls != NounClass::kPeople && unit_noun->cls != NounClass::kOfficer)
      role = "strength";
    if (role.empty() && people_only && unit_noun->unit == "civilians") role = "civilians";
    // "the Song soldiers there were about 18,000 people": people counted as soldiers.
    if (role.empty() && people_only && link_begin != kNone && link_begin < c.first) {
      std::size_t ab = 0;
      const NounInfo* an = nullptr;
      std::string ar, as;
      if (find_antecedent(link_begin, lo, ab, an, ar, as) &&
          (an->cls == NounClass::kMilitary || an->cls == NounClass::kForce)) {
        role = ar;
        if (role.empty()) role = clause_role(s, span_begin, span_end, c.first);  // "the defending soldiers were …"
        if (role.empty()) role = "strength";
      } else if (!an && (is(link_begin, "were") || is(link_begin, "was")) && link_begin > lo &&
                 (is(link_begin - 1, "they") || is(link_begin - 1, "these")) &&
                 war_context(t_.sentence_of(s.first_token))) {
        role = "strength";  // "it is said that they were about 150,000 people", among sentences on armies
      }
    }
    // "less than 20,000 soldiers, of whom only 5,000 could fight": the part shares the
    // role of the whole.
    if ((role.empty() || role == "strength") && rule == "troops.of_whom" && !out.empty() &&
        out.back().begin >= tok(lo).begin && out.back().type == "troops") {
      if (const Value* r = out.back().normalized.find("role"); r && r->is_string() && r->as_string() != "unknown")
        role = r->as_string();
    }
    if (role.empty()) role = "unknown";
    // Generals and officers are counted only as losses or captives, never as a strength.
    if (unit_noun && unit_noun->cls == NounClass::kOfficer && role != "casualties" && role != "captured" &&
        role != "wounded")
      return span_end;

    // ---- side
    if (side.empty() && !shared_side) side = head_side;
    if (side.empty() && !shared_side) side = elided_side;
    if (side.empty() && !shared_side && noun) side = side_after(span_end, hi);
    bool object_of_other = !subject_owns && !object_role.empty() &&
                           (object_role == "casualties" || object_role == "captured" || object_role == "wounded");
    if (role_from_clause && (role == "captured" || role == "casualties") && !(noun && !noun->role.empty()))
      object_of_other = true;
    // "stood a siege against more than 100,000 men": the count is the subject's enemy.
    if (span_begin > lo && (is(span_begin - 1, "against") || is(span_begin - 1, "by"))) object_of_other = true;
    if (side.empty() && !object_of_other && !shared_side) side = clause_side(s, span_begin);
    if (side.empty() && !object_of_other && !shared_side) side = person_side(s, span_begin);

    // Never overlap the previous count ("with 50,000 horsemen, giving out that they were
    // 300,000"): the later span starts after it.
    if (!out.empty()) {
      while (span_begin < c.first && tok(span_begin).begin < out.back().end) ++span_begin;
      while (span_begin < c.first && (tok(span_begin).is_punct() || is(span_begin, "and"))) ++span_begin;
    }
    Mention m = make(c, span_begin, span_end, "troops", rule);
    m.normalized["value"] = static_cast<long long>(c.value);
    if (c.range) m.normalized["value_max"] = static_cast<long long>(c.value_max);
    m.normalized["qualifier"] = c.range ? std::string("range") : final_qual(c, qual, link_qual, post_qual);
    m.normalized["unit"] = unit_noun ? unit_noun->unit : std::string("troops");
    m.normalized["role"] = role;
    m.normalized["side"] = side.empty() ? Value(nullptr) : Value(side);
    m.score = noun ? 0.9f : 0.7f;
    out.push_back(std::move(m));
    return span_end;
  }

  // The count [a, b) is a whole sentence or a whole quoted utterance (after an optional
  // hearsay opener: "Some say fifty thousand."), and a sentence nearby speaks of soldiers
  // or an army, or the sentence before asks "how many".
  bool fragment(const text::Sentence& s, std::size_t a, std::size_t b) const {
    std::size_t first = s.first_token;
    if (first < a && quote(first)) ++first;
    if (first < a) {
      auto h = forward(lx_.quals[3], first, a);
      if (h && h.end == a) first = a;
    }
    bool quoted = first > s.first_token && quote(s.first_token);
    if (first != a) return false;
    std::size_t k = b;
    while (k < s.last_token && tok(k).is_punct() && !quote(k)) {
      std::string_view v = t_.view(k);
      if (v != "." && v != "," && v != "!" && v != "?" && v != "\xE2\x80\xA6") return false;
      ++k;
    }
    if (!quoted)  // the end of a quotation opened in an earlier sentence
      while (k < s.last_token && quote(k)) ++k;
    if (quoted ? !(k < s.last_token && quote(k)) : k != s.last_token) return false;
    std::size_t si = t_.sentence_of(s.first_token);
    if (si > 0) {
      const auto& prev = t_.sentences[si - 1];
      for (std::size_t i = prev.first_token; i + 1 < prev.last_token; ++i)
        if (is(i, "how") && is(i + 1, "many")) return true;
    }
    return war_context(si);
  }

  bool quote(std::size_t i) const {
    if (!tok(i).is_punct()) return false;
    std::string_view v = t_.view(i);
    return v == "\"" || v == "\xE2\x80\x9C" || v == "\xE2\x80\x9D" || v == "'" || v == "\xE2\x80\x98" ||
           v == "\xE2\x80\x99";
  }

  // A sentence near sentence si (three before, one after) names soldiers or an army.
  bool war_context(std::size_t si) const {
    std::size_t from = si >= 3 ? si - 3 : 0, to = std::min(si + 2, t_.sentences.size());
    for (std::size_t j = from; j < to; ++j) {
      if (j == si) continue;
      const auto& o = t_.sentences[j];
      for (std::size_t i = o.first_token; i < o.last_token; ++i) {
        if (!tok(i).is_word()) continue;
        std::size_t e = 0;
        const NounInfo* ni = noun_at(i, o.last_token, e);
        if (ni && (ni->cls == NounClass::kMilitary || ni->cls == NounClass::kForce)) return true;
      }
    }
    return false;
  }

  // Token a opens its clause: the sentence start, or right after a comma, semicolon or quote.
  bool clause_initial(const text::Sentence& s, std::size_t a) const {
    if (a == s.first_token) return true;
    return boundary(a - 1) || quote(a - 1);
  }

  std::string final_qual(const Count& c, const std::string& pre, const std::string& link,
                         const std::string& post) const {
    std::string q = pre.empty() ? "exact" : pre;
    if (q == "exact" && !link.empty() && link != "exact") q = link;
    if (q == "exact" && !post.empty()) q = post;
    // A vague magnitude stays approximate even after "only" ("only a few hundred riders").
    if (q == "exact" && c.vague) q = "approx";
    return q;
  }

  Mention make(const Count&, std::size_t b, std::size_t e, const char* type, const std::string& rule) const {
    Mention m;
    m.type = type;
    m.begin = tok(b).begin;
    m.end = tok(e - 1).end;
    m.rule = rule;
    return m;
  }

  // Nearest people/force noun before `from` in the sentence, not itself counted; then
  // "X of [the] [Polity] army" prefers X ("the casualties of the Han army").
  bool find_antecedent(std::size_t from, std::size_t lo, std::size_t& begin, const NounInfo*& noun, std::string& role,
                       std::string& side) const {
    std::size_t k = from;
    int words = 0;
    while (k > lo && words < 20) {
      --k;
      if (strong_boundary(k)) return false;
      if (!tok(k).is_word()) continue;
      ++words;
      auto m = backward(lx_.nouns, k + 1, lo);
      if (!m || (m.info->cls != NounClass::kMilitary && m.info->cls != NounClass::kPeople &&
                 m.info->cls != NounClass::kForce))
        continue;
      // A noun that already has its own count ("with 18,000 men") is another count's.
      noun = m.info;
      begin = m.begin;
      role = m.info->role;
      std::size_t b = begin;
      {
        std::size_t se = 0;
        if (const std::string* sd = side_at(begin, m.end, se)) side = *sd;  // "the enemy"
      }
      // Polity before the noun ("the Hsia army", "the Liao army's").
      if (b > lo) {
        auto sm = backward(lx_.sides, b, lo);
        std::size_t se = 0;
        if (sm && side_at(sm.begin, b, se)) {
          side = *sm.info;
          b = sm.begin;
        }
      }
      if (b > lo && determiner(b - 1)) --b;
      // "X of the Han army": take X as the counted noun when it is a people/role noun.
      if (b > lo && is(b - 1, "of")) {
        auto hm = backward(lx_.nouns, b - 1, lo);
        auto rm = backward(lx_.roles[static_cast<int>(RoleScope::kHead)], b - 1, lo);
        if (hm && (hm.info->cls == NounClass::kMilitary || hm.info->cls == NounClass::kPeople)) {
          noun = hm.info;
          role = hm.info->role;
          b = hm.begin;
        } else if (rm) {
          role = rm.info->role;
          b = rm.begin;
        }
        if (b > lo && is(b - 1, "the")) --b;
      }
      if (b >= lo + 3 && is(b - 1, "of") && is(b - 2, "number")) b = (is(b - 3, "the") ? b - 3 : b - 2);
      begin = b;
      return true;
    }
    return false;
  }

  std::string after_role(std::size_t b, std::size_t e, std::size_t lo, std::size_t hi) const {
    // Is the count the subject of its clause? "… clan members and thousands of people and
    // returned north": the verb after "and" belongs to the sentence's subject, not the count.
    std::size_t cb = b;
    while (cb > lo && !boundary(cb - 1)) --cb;
    bool subject = cb == b || (cb + 1 == b && tok(cb).is_word());
    // A passive or intransitive verb later in the clause: "ten thousand labourers sent to
    // break the dykes were massacred".
    for (std::size_t k = e; k < hi && k < e + 10; ++k) {
      // Skip an appositive list: "more than 15 generals, including A and B, were killed".
      if (k == e && punct(k, ",") && (is(k + 1, "including") || (is(k + 1, "among") && is(k + 2, "them")))) {
        std::size_t j = k + 1;
        while (j < hi && j < k + 16 && !boundary(j)) ++j;
        if (j < hi && punct(j, ",")) {
          e = j + 1;
          k = j;
          continue;
        }
      }
      if (boundary(k) || tok(k).is_number()) break;
      if (!subject && k == e && is(k, "and")) break;
      // After an article the word is no verb: "around the left wing".
      if (k > e && determiner(k - 1)) continue;
      if (auto m = forward(lx_.roles[static_cast<int>(RoleScope::kAfter)], k, hi)) return m.info->role;
    }
    return {};
  }

  // Nearest clause cue: first in the comma-clause, then in the sentence before the count.
  std::string clause_role(const text::Sentence& s, std::size_t b, std::size_t e, std::size_t num) const {
    std::size_t cb = b, ce = e;
    while (cb > s.first_token && !boundary(cb - 1)) --cb;
    // A parenthesis (a gloss) does not end the clause: "led 6,000 people from Qingzhou (now
    // Qingyang, Gansu) to rescue".
    for (;;) {
      while (ce < s.last_token && !boundary(ce)) ++ce;
      if (ce >= s.last_token || !punct(ce, "(")) break;
      std::size_t close = ce + 1;
      while (close < s.last_token && close < ce + 16 && !punct(close, ")")) ++close;
      if (close >= s.last_token || !punct(close, ")")) break;
      ce = close + 1;
    }
    const auto& tab = lx_.roles[static_cast<int>(RoleScope::kClause)];
    std::string best;
    std::size_t best_dist = kNone;
    for (std::size_t k = cb; k < ce; ++k) {
      if (k >= b && k < e) continue;
      if (!tok(k).is_word()) continue;
      auto m = forward(tab, k, ce);
      if (!m || (m.begin < e && m.end > b)) continue;
      if (m.end - m.begin == 1 && adjectival(k, ce)) continue;
      std::size_t d = k < num ? num - k : k - num;
      if (m.info->role == "strength") d += 1000;  // a specific cue beats a generic one
      if (d < best_dist) {
        best_dist = d;
        best = m.info->role;
      }
    }
    return best;
  }

  // "the surrendered Khitan army", "the defeated troops": a participle after an article,
  // before a name or a soldiers' noun, describes them and says nothing of a count.
  bool adjectival(std::size_t k, std::size_t limit) const {
    if (k == 0 || !(is(k - 1, "the") || is(k - 1, "a") || is(k - 1, "an")) || k + 1 >= limit) return false;
    std::string_view w = t_.view(k);
    if (w.size() <= 3 || w.substr(w.size() - 2) != "ed") return false;
    if (tok(k + 1).is_word() && tok(k + 1).capitalized()) return true;
    std::size_t ne = 0;
    const NounInfo* nx = noun_at(k + 1, limit, ne);
    return nx && (nx->cls == NounClass::kMilitary || nx->cls == NounClass::kForce);
  }

  // "There were nearly 70,000 people.": an existential sentence counts what the previous
  // sentence spoke of ("… invested in garrison forces."), so its last cue applies.
  std::string existential_role(const text::Sentence& s) const {
    if (!is(s.first_token, "there")) return {};
    std::size_t si = t_.sentence_of(s.first_token);
    if (si == 0) return {};
    const auto& prev = t_.sentences[si - 1];
    const auto& tab = lx_.roles[static_cast<int>(RoleScope::kClause)];
    for (std::size_t k = prev.last_token; k-- > prev.first_token;) {
      if (!tok(k).is_word()) continue;
      if (auto m = forward(tab, k, prev.last_token)) return m.info->role;
    }
    return {};
  }

  // A capture or killing verb earlier in the sentence reaches over a list ("captured the
  // emperors, their concubines, … and thousands of people").
  std::string sentence_role(const text::Sentence& s, std::size_t b) const {
    std::size_t cb = b;
    while (cb > s.first_token && !boundary(cb - 1)) --cb;
    const auto& tab = lx_.roles[static_cast<int>(RoleScope::kClause)];
    for (std::size_t k = cb; k-- > s.first_token;) {
      if (!tok(k).is_word()) continue;
      auto m = forward(tab, k, cb);
      if (m && m.end - m.begin == 1 && adjectival(k, s.last_token)) continue;
      if (m && (m.info->role == "captured" || m.info->role == "casualties")) return m.info->role;
    }
    return {};
  }

  // The person who leads or holds the count: a person with a known regime who is the subject
  // of the count's clause ("Fan Zhongyan led 6,000 men", "In July, Zongbi attacked … with
  // 15,000 cavalry", "The defender Liu Qi had less than 20,000 soldiers", "Han Shizhong, who
  // had only 8,000 men"): their regime gives the side (regime_sides.tsv).
  std::string person_side(const text::Sentence& s, std::size_t b) const {
    if (person_sides_.empty()) return {};
    std::size_t seg = s.first_token;  // the part of the sentence after the last ; or :
    for (std::size_t k = s.first_token; k < b; ++k)
      if (punct(k, ";") || punct(k, ":")) seg = k + 1;
    std::uint32_t sb = tok(seg).begin, cb = tok(b).begin;
    auto it = std::lower_bound(person_sides_.begin(), person_sides_.end(), sb,
                               [](const PersonSide& p, std::uint32_t v) { return p.begin < v; });
    for (; it != person_sides_.end() && it->end <= cb; ++it) {
      std::size_t k = seg;  // first token of the person
      while (k < b && tok(k).begin < it->begin) ++k;
      std::size_t e = k;  // first token after the person
      while (e < b && tok(e).begin < it->end) ++e;
      // "X, who had …": the subject of a relative clause that holds the count.
      bool relative = punct(e, ",") && is(e + 1, "who");
      // Otherwise the person must open its clause: only titles and articles before it.
      std::size_t cs = seg;
      for (std::size_t j = seg; j < k; ++j)
        if (punct(j, ",")) cs = j + 1;
      bool opens = true;
      for (std::size_t j = cs; j < k && opens; ++j) {
        if (tok(j).is_punct()) continue;
        std::string w = folded(j);
        if (lx_.leader_words.count(w)) continue;
        if (tok(j).capitalized() && !lx_.object_markers.contains(w)) {
          for (std::string_view sub : {"when", "after", "before", "as", "while", "although", "though", "if", "since",
                                       "once", "because", "until", "unlike", "like", "by", "with", "against", "to",
                                       "from", "for"})
            if (w == sub) opens = false;
          continue;
        }
        opens = false;
      }
      if (!opens && !relative) continue;
      // "Han Shizhong and Wanyan Zongbi …": leaders of two regimes coordinated, no single side.
      std::uint32_t prev_end = it->end;
      for (auto jt = it + 1; jt != person_sides_.end() && jt->end <= cb; ++jt) {
        bool coordinated = true;
        for (std::size_t j = e; j < b && tok(j).begin < jt->begin; ++j)
          if (tok(j).begin >= prev_end && !tok(j).is_punct() && !is(j, "and")) coordinated = false;
        if (!coordinated) break;
        if (*jt->side != *it->side) return {};
        prev_end = jt->end;
      }
      return *it->side;
    }
    return {};
  }

  // "… of the Jin army", "… of the Forbidden Army" right after the counted noun.
  std::string side_after(std::size_t e, std::size_t hi) const {
    if (!is(e, "of")) return {};
    std::size_t k = e + 1;
    if (is(k, "the")) ++k;
    std::size_t se = 0;
    if (const std::string* sd = side_at(k, hi, se)) {
      std::size_t ne = 0;
      const NounInfo* ni = noun_at(se, hi, ne);
      if (ni && (ni->cls == NounClass::kForce || ni->cls == NounClass::kMilitary)) return *sd;
      return {};
    }
    // A named army: capitalized words ending in "Army".
    std::size_t j = k;
    while (j < hi && j < k + 4 && tok(j).is_word() && tok(j).capitalized()) {
      if (is(j, "army") && j > k) return std::string(t_.text.substr(tok(k).begin, tok(j).end - tok(k).begin));
      ++j;
    }
    return {};
  }

  // The subject polity of the clause (or sentence) before the count: "The Liao army's …",
  // "the Khitan general …". Coordinated polities ("Han and Liao") are too unclear.
  std::string clause_side(const text::Sentence& s, std::size_t b) const {
    std::size_t cb = b;
    while (cb > s.first_token && !boundary(cb - 1)) --cb;
    for (int pass = 0; pass < 2; ++pass) {
      std::size_t from = pass == 0 ? cb : s.first_token, to = pass == 0 ? b : cb;
      for (std::size_t k = from; k < to; ++k) {
        std::size_t se = 0;
        const std::string* sd = side_at(k, to, se);
        if (!sd) continue;
        std::size_t pk = k;
        if (pk > from && is(pk - 1, "the")) --pk;
        if (pk > from && lx_.object_markers.contains(folded(pk - 1))) return {};
        if (se < to && (is(se, "and") || is(se, "or") || punct(se, ","))) return {};
        if (se < to && (possessive(se) || tok(se).is_word())) return *sd;
        k = se - 1;
      }
    }
    return {};
  }
};

}  // namespace

std::vector<Mention> Extractor::extract(const text::Tokenized& t, const ExtractContext& ctx) const {
  Scanner sc(t, impl_->lex, ctx);
  return sc.run();
}

}  // namespace shilu::quantities
