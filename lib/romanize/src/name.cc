// Name-level reading: system choice, surname split, canonical form, keys.
#include <algorithm>
#include <cmath>

#include "names_internal.h"
#include "shilu/text.h"

namespace shilu::romanize {

using namespace detail;

namespace detail {

namespace {

bool is_space_cp(char32_t c) { return c == ' ' || c == '\t' || c == 0xA0 || c == 0x3000 || c == 0x2009 || c == 0x202F; }

// Splits on ASCII/Unicode white space.
int split_words(std::string_view s, std::string_view* out, int max) {
  int n = 0;
  std::size_t i = 0, start = std::string_view::npos;
  while (i < s.size()) {
    std::size_t at = i;
    char32_t c;
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      c = static_cast<unsigned char>(s[i]);
      ++i;
    } else {
      c = text::decode_utf8(s, i);
    }
    if (is_space_cp(c)) {
      if (start != std::string_view::npos) {
        if (n >= max) return -1;
        out[n++] = s.substr(start, at - start);
        start = std::string_view::npos;
      }
    } else if (start == std::string_view::npos) {
      start = at;
    }
  }
  if (start != std::string_view::npos) {
    if (n >= max) return -1;
    out[n++] = s.substr(start);
  }
  return n;
}

bool has_umlaut(const WordSyms& w) {
  for (int i = 0; i < w.n; ++i)
    if (w.s[i].c == kSymU) return true;
  return false;
}

// Appends the ascii syllables of a parse; apostrophe before a non-initial a/o/e syllable.
void append_ascii(const Tables& I, const WordParse& p, std::string& out) {
  for (int q = 0; q < p.n; ++q) {
    const Syllable& s = I.syls[p.e[q]->syl];
    if (q > 0 && s.vowel_initial) out += '\'';
    out += s.ascii;
  }
}

// Cheap test: letters Wade-Giles never uses (b d g q x v, z outside tz/sz, c outside ch,
// r outside erh/rh) rule a Wade-Giles reading out before the lattice runs.
bool wg_possible(const WordSyms& w) {
  constexpr std::uint8_t A = 0;
  auto at = [&](int i) -> int { return i >= 0 && i < w.n ? w.s[i].c : -1; };
  for (int i = 0; i < w.n; ++i) {
    int c = w.s[i].c;
    switch (c + 'a' - A) {
      case 'b': case 'd': case 'q': case 'x': case 'v':
        return false;
      case 'g':
        if (at(i - 1) != 'n' - 'a') return false;
        break;
      case 'z':
        if (at(i - 1) != 't' - 'a' && at(i - 1) != 's' - 'a') return false;
        break;
      case 'c':
        if (at(i + 1) != 'h' - 'a') return false;
        break;
      case 'r':
        if (at(i + 1) != 'h' - 'a' && at(i - 1) != 'e' - 'a') return false;
        break;
      default:
        break;
    }
  }
  return true;
}

}  // namespace

bool read_words(const Tables& I, NameWords& nw) {
  bool any_tone = false, any_wg_only = false, any_py_only = false, any_wg_hint = false;
  bool all_ok = true;
  bool py_ok[kMaxWords], wg_ok[kMaxWords];
  static_assert(kMaxWords <= 16);
  for (int i = 0; i < nw.n; ++i) {
    nw.ok[i] = false;
    py_ok[i] = wg_ok[i] = false;
    nw.parse[i] = nw.alt[i] = &nw.buf[0][i];
    nw.buf[0][i].n = nw.buf[1][i].n = 0;
    if (!to_syms(I, nw.text[i], nw.syms[i])) {
      all_ok = false;
      continue;
    }
    const WordSyms& w = nw.syms[i];
    any_tone |= w.tone;
    py_ok[i] = parse_word(I, System::kPinyin, w, nw.buf[0][i]);
    wg_ok[i] = wg_possible(w) && parse_word(I, System::kWg, w, nw.buf[1][i]);
    if (w.wg_mark) any_wg_hint = true;
    if (wg_ok[i] && !py_ok[i]) any_wg_only = true;
    if (py_ok[i] && !wg_ok[i]) any_py_only = true;
    if (w.hyphen_lower && wg_ok[i]) any_wg_hint = true;
    if (!py_ok[i] && !wg_ok[i]) all_ok = false;
  }
  System sys;
  if (any_tone) sys = System::kPinyin;
  else if (any_wg_only) sys = System::kWg;
  else if (any_py_only) sys = System::kPinyin;
  else if (any_wg_hint) sys = System::kWg;
  else sys = System::kPinyin;
  nw.sys = sys;
  nw.alt_ok = !any_tone && !any_wg_only && !any_py_only && all_ok;  // a hyphen hint still allows both
  nw.mixed = false;
  bool aspirate = false, umlaut = false, wgmark = false;
  for (int i = 0; i < nw.n; ++i) {
    bool want_py = sys == System::kPinyin;
    bool ok_chosen = want_py ? py_ok[i] : wg_ok[i];
    bool ok_other = want_py ? wg_ok[i] : py_ok[i];
    const WordParse* chosen = want_py ? &nw.buf[0][i] : &nw.buf[1][i];
    const WordParse* other = want_py ? &nw.buf[1][i] : &nw.buf[0][i];
    if (!ok_chosen && ok_other) {
      std::swap(chosen, other);
      nw.mixed = true;
    }
    nw.parse[i] = chosen;
    nw.alt[i] = other;
    nw.ok[i] = ok_chosen || ok_other;
    nw.wsys[i] = ok_chosen ? sys : (sys == System::kPinyin ? System::kWg : System::kPinyin);
    if (nw.ok[i]) {
      aspirate |= nw.parse[i]->aspirate;
      umlaut |= has_umlaut(nw.syms[i]);
      wgmark |= nw.syms[i].wg_mark;
    }
  }
  if (nw.mixed) nw.rom = Romanization::kIrregular;
  else if (sys == System::kPinyin) nw.rom = any_tone ? Romanization::kTonePinyin : Romanization::kPinyin;
  else nw.rom = (aspirate || umlaut || wgmark) ? Romanization::kWadeGiles : Romanization::kWadeGilesAscii;
  return all_ok;
}

bool compact_ascii(const Tables& I, std::string_view s, std::string& out) {
  NameWords nw;
  nw.n = split_words(s, nw.text, kMaxWords);
  if (nw.n <= 0) return false;
  if (!read_words(I, nw)) return false;
  out.clear();
  for (int i = 0; i < nw.n; ++i)
    for (int q = 0; q < nw.parse[i]->n; ++q) {
      const Syllable& y = I.syls[nw.parse[i]->e[q]->syl];
      if (!out.empty() && y.vowel_initial) out += '\'';
      out += y.ascii;
    }
  return true;
}

namespace {

// Looks up the ascii spelling of syllables e[0..n) (with WG candidate choices `choice`).
const Surname* lookup_surname(const Tables& I, const Edge* const* e, const std::uint8_t* choice, int n) {
  char buf[64];
  std::size_t len = 0;
  for (int q = 0; q < n; ++q) {
    std::uint16_t syl = choice[q] == 0 ? e[q]->syl : I.cands[e[q]->cand_begin + choice[q]];
    const std::string& a = I.syls[syl].ascii;
    if (len + a.size() + 1 > sizeof buf) return nullptr;
    if (q > 0 && I.syls[syl].vowel_initial) buf[len++] = '\'';
    std::copy(a.begin(), a.end(), buf + len);
    len += a.size();
  }
  auto it = I.surname_by_ascii.find(std::string_view(buf, len));
  if (it == I.surname_by_ascii.end() || it->second.empty()) return nullptr;
  // Exact syllable match (ü kept) first.
  for (std::uint32_t idx : it->second) {
    const Surname& s = I.surnames[idx];
    if (static_cast<int>(s.syls.size()) != n) continue;
    bool same = true;
    for (int q = 0; q < n && same; ++q) {
      std::uint16_t syl = choice[q] == 0 ? e[q]->syl : I.cands[e[q]->cand_begin + choice[q]];
      same = s.syls[q] == syl;
    }
    if (same) return &s;
  }
  return &I.surnames[it->second.front()];
}

struct SurnameHit {
  const Surname* s = nullptr;
  std::uint8_t choice[3] = {0, 0, 0};
  float cost = 0;  // 0.1 per non-default WG candidate
};

// Best surname reading of e[0..n) over WG candidate combinations.
SurnameHit best_surname(const Tables& I, const Edge* const* e, int n) {
  SurnameHit best;
  if (n < 1 || n > 3) return best;
  int lim[3] = {1, 1, 1};
  for (int q = 0; q < n; ++q) lim[q] = std::min<int>(e[q]->ncand, n == 1 ? 4 : 2);
  float best_cost = 1e9f;
  std::uint8_t ch[3];
  for (int a = 0; a < lim[0]; ++a)
    for (int b = 0; b < (n > 1 ? lim[1] : 1); ++b)
      for (int c = 0; c < (n > 2 ? lim[2] : 1); ++c) {
        ch[0] = static_cast<std::uint8_t>(a);
        ch[1] = static_cast<std::uint8_t>(b);
        ch[2] = static_cast<std::uint8_t>(c);
        const Surname* s = lookup_surname(I, e, ch, n);
        if (!s) continue;
        const float nondefault = 0.1f * static_cast<float>((a > 0) + (b > 0) + (c > 0));
        const float cost = nondefault + (s->common ? 0.f : 0.8f);  // for choosing only
        if (cost < best_cost) {
          best_cost = cost;
          best.s = s;
          std::copy(ch, ch + 3, best.choice);
          best.cost = nondefault;
        }
      }
  return best;
}

}  // namespace

const Surname* find_surname(const Tables& I, std::string_view word) {
  NameWords nw;
  nw.n = split_words(word, nw.text, kMaxWords);
  if (nw.n <= 0) return nullptr;
  if (!read_words(I, nw)) return nullptr;
  const Edge* e[3];
  int m = 0;
  for (int i = 0; i < nw.n; ++i)
    for (int q = 0; q < nw.parse[i]->n; ++q) {
      if (m >= 3) return nullptr;
      e[m++] = nw.parse[i]->e[q];
    }
  SurnameHit h = best_surname(I, e, m);
  if (h.s) return h.s;
  if (nw.alt_ok) {
    m = 0;
    for (int i = 0; i < nw.n; ++i)
      for (int q = 0; q < nw.alt[i]->n; ++q) {
        if (m >= 3) return nullptr;
        e[m++] = nw.alt[i]->e[q];
      }
    return best_surname(I, e, m).s;
  }
  return nullptr;
}

void key_into(const Tables& I, std::string_view s, std::string& out) {
  NameWords nw;
  nw.n = split_words(s, nw.text, kMaxWords);
  if (nw.n < 0) {
    out += text::fold(s);
    return;
  }
  read_words(I, nw);
  for (int i = 0; i < nw.n; ++i) {
    if (i > 0) out += ' ';
    if (nw.ok[i]) append_ascii(I, *nw.parse[i], out);
    else out += text::fold(nw.text[i]);
  }
}

}  // namespace detail

// ---------------------------------------------------------------- normalize

namespace {

struct Flat {
  const Edge* e[kMaxSyls];
  std::uint8_t word[kMaxSyls];
  int m = 0;
};

bool flatten(const WordParse* const* use, const int* order, int nw, Flat& f) {
  f.m = 0;
  for (int oi = 0; oi < nw; ++oi) {
    const WordParse& p = *use[order[oi]];
    for (int q = 0; q < p.n; ++q) {
      if (f.m >= kMaxSyls) return false;
      f.e[f.m] = p.e[q];
      f.word[f.m] = static_cast<std::uint8_t>(oi);
      ++f.m;
    }
  }
  return f.m > 0;
}

struct Reading {
  float cost = 1e9f;
  const Surname* s = nullptr;
  int k = 0;                 // surname syllables
  std::uint8_t choice[3] = {0, 0, 0};
  bool western = false;      // surname taken from the last word
};

std::string cap(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// Given name (pinyin with ü) and its ascii key from syllables [b, e).
void given_of(const Tables& I, const Flat& f, int b, int e, const std::uint16_t* override_syl,
              std::string& py, std::string& ascii) {
  for (int q = b; q < e; ++q) {
    std::uint16_t syl = override_syl && override_syl[q] != 0xFFFF ? override_syl[q] : f.e[q]->syl;
    const Syllable& s = I.syls[syl];
    if (q > b && s.vowel_initial) {
      py += '\'';
      ascii += '\'';
    }
    py += s.py;
    ascii += s.ascii;
  }
}

std::string surname_ascii(const Tables& I, const Surname& s) {
  std::string a;
  for (std::size_t q = 0; q < s.syls.size(); ++q) {
    const Syllable& y = I.syls[s.syls[q]];
    if (q > 0 && y.vowel_initial) a += '\'';
    a += y.ascii;
  }
  return a;
}

// Scores every surname split of f; `forced_k` > 0 fixes the surname length.
void best_readings(const Tables& I, const Flat& f, int nwords, int forced_k, Reading* out, int& nout,
                   int max_out) {
  nout = 0;
  auto push = [&](const Reading& r) {
    int pos = nout;
    while (pos > 0 && out[pos - 1].cost > r.cost) --pos;
    if (pos >= max_out) return;
    int last = std::min(nout, max_out - 1);
    for (int q = last; q > pos; --q) out[q] = out[q - 1];
    out[pos] = r;
    if (nout < max_out) ++nout;
  };
  const int m = f.m;
  for (int k = 1; k <= 3 && k <= m; ++k) {
    if (forced_k > 0 && k != forced_k) continue;
    if (k == m && forced_k == 0) break;  // a given name is required
    SurnameHit h = best_surname(I, f.e, k);
    if (!h.s) continue;
    const Surname& s = *h.s;
    float c = h.cost;
    const bool single = s.kind == "single";
    if (single) c += s.common ? 0.2f : 1.0f;
    else c += (s.common || s.kind == "clan") ? -0.4f : 0.3f;
    const int sw = f.word[k - 1] - f.word[0] + 1;  // words the surname spans
    const bool mid = k < m && f.word[k] == f.word[k - 1];
    if (forced_k == 0) {
      if (sw > 1) {
        if (single) continue;
        if (mid && !s.cross) continue;
        c += 0.1f;
      } else if (mid && nwords > 1) {
        c += 1.5f;
      }
    }
    const int g = m - k;
    if (g == 3) c += single ? 0.6f : 0.2f;
    else if (g == 4) c += 1.5f;
    else if (g >= 5) c += 3.0f;
    if (g > 0) c += 0.8f * static_cast<float>(f.word[m - 1] - f.word[k]);
    Reading r;
    r.cost = c;
    r.s = h.s;
    r.k = k;
    std::copy(h.choice, h.choice + 3, r.choice);
    push(r);
  }
}

void fill_from(const Tables& I, const Flat& f, const Reading& r, std::string& canonical, std::string& key,
               std::string* surname, std::string* given, std::vector<std::string>* syllables) {
  std::uint16_t over[kMaxSyls];
  std::fill(over, over + kMaxSyls, 0xFFFF);
  std::string gpy, gascii;
  given_of(I, f, r.k, f.m, over, gpy, gascii);
  const Surname& s = *r.s;
  canonical = s.canonical;
  key = surname_ascii(I, s);
  if (!gpy.empty()) {
    canonical += ' ';
    canonical += cap(gpy);
    key += ' ';
    key += gascii;
  }
  if (surname) *surname = s.canonical;
  if (given) *given = gpy.empty() ? std::string() : cap(gpy);
  if (syllables) {
    syllables->clear();
    syllables->reserve(s.syls.size() + static_cast<std::size_t>(f.m - r.k));
    for (auto id : s.syls) syllables->push_back(I.syls[id].py);
    for (int q = r.k; q < f.m; ++q) syllables->push_back(I.syls[f.e[q]->syl].py);
  }
}

void add_alt(NameParse& p, std::string alt) {
  if (alt.empty() || alt == p.canonical || p.alternatives.size() >= 6) return;
  if (std::find(p.alternatives.begin(), p.alternatives.end(), alt) != p.alternatives.end()) return;
  p.alternatives.push_back(std::move(alt));
}

int reason_rank(std::string_view r) {
  if (r == "phrase" || r == "direction") return 1;
  return 2;
}

bool is_junk(char32_t c) {
  switch (c) {
    case '?': case '*': case '"': case '(': case ')': case '[': case ']': case '{': case '}':
    case ';': case '!': case '_': case '.': case 0x201C: case 0x201D: case 0xAB: case 0xBB:
    case 0xFFFD: case '/': case '|': case '~':
      return true;
    default:
      return false;
  }
}

}  // namespace

NameParse Engine::normalize(std::string_view name) const {
  const Impl& I = *impl_;
  NameParse p;
  p.input = std::string(name);
  auto garbage = [&](std::string msg) {
    p = NameParse{};
    p.input = std::string(name);
    p.error = std::move(msg);
    return p;
  };
  auto notperson = [&](std::string why) {
    p.person = false;
    p.reason = std::move(why);
    p.canonical.clear();
    p.key.clear();
    p.match_key.clear();
    p.surname.clear();
    p.given.clear();
    p.alternatives.clear();
    p.score = 0;
    return p;
  };
  if (name.size() > 300) return garbage("input too long");
  // ---- clean: validate, drop junk punctuation, find the inversion comma.
  // Cleaned copy on the stack (input is at most 300 bytes; junk becomes one space each).
  struct Buf {
    char d[320];
    std::size_t n = 0;
    void operator+=(char c) { d[n++] = c; }
    void append(std::string_view v) {
      std::copy(v.begin(), v.end(), d + n);
      n += v.size();
    }
    std::size_t size() const { return n; }
    const char* data() const { return d; }
    operator std::string_view() const { return {d, n}; }  // NOLINT(implicit)
  } clean;
  int letters = 0, commas = 0;
  std::size_t comma_at = std::string::npos;
  for (std::size_t i = 0; i < name.size();) {
    std::size_t at = i;
    unsigned char b = static_cast<unsigned char>(name[i]);
    char32_t c;
    if (b < 0x80) {
      c = b;
      ++i;
    } else {
      c = text::decode_utf8(name, i);
      if (c == 0xFFFD && !(i - at == 3 && static_cast<unsigned char>(name[at]) == 0xEF))
        return garbage("invalid UTF-8");
    }
    if (c < 0x20 && c != '\t') return garbage("control character");
    if (c == 0x7F) return garbage("control character");
    if (c >= '0' && c <= '9') return garbage("contains digits");
    if (c == ',' || c == 0xFF0C || c == 0x3001) {
      ++commas;
      if (comma_at == std::string::npos) comma_at = clean.size();
      clean += ' ';
      continue;
    }
    if (is_junk(c)) {
      clean += ' ';
      continue;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c != 0xD7 && c != 0xF7 && c < 0x2000))
      ++letters;
    clean.append(name.substr(at, i - at));
  }
  if (letters == 0) return garbage(trim(name).empty() ? "empty input" : "no letters");

  // ---- words
  std::string_view words[kMaxWords + 8];
  int nw = split_words(clean, words, kMaxWords + 8);
  if (nw < 0) return notperson("too_many_words");
  if (nw == 0) return garbage("empty input");
  int surname_words = 0;  // from "Surname, Given"
  if (commas > 1) return notperson("list");
  if (commas == 1) {
    for (int i = 0; i < nw; ++i)
      if (static_cast<std::size_t>(words[i].data() - clean.data()) < comma_at) surname_words = i + 1;
    if (surname_words == 0 || surname_words == nw) surname_words = 0;
  }
  // Possessive 's / s' on the last word.
  {
    std::string_view& w = words[nw - 1];
    std::size_t alen = 0;
    if (w.size() > 3 && (w.back() == 's' || w.back() == 'S')) {
      std::string_view before = w.substr(0, w.size() - 1);
      for (std::size_t k = 1; k <= 3 && k <= before.size(); ++k)
        if (text::is_apostrophe(before.substr(before.size() - k), alen) && alen == k) {
          w = before.substr(0, before.size() - k);
          break;
        }
    }
    for (std::size_t k = 1; k <= 3 && k < w.size(); ++k)
      if (text::is_apostrophe(w.substr(w.size() - k), alen) && alen == k) {
        w = w.substr(0, w.size() - k);
        break;
      }
  }
  // Leading apostrophes/quotes on words.
  for (int i = 0; i < nw; ++i) {
    std::size_t alen = 0;
    while (!words[i].empty() && text::is_apostrophe(words[i], alen)) words[i].remove_prefix(alen);
  }
  // Title and non-person words.
  {
    std::string reason;
    int rank = 0;
    char low[32];
    int first = 0;
    for (int i = 0; i < nw; ++i) {
      std::string_view w = words[i];
      if (w.empty() || w.size() >= sizeof low) continue;
      bool ascii = true;
      for (std::size_t k = 0; k < w.size(); ++k) {
        char ch = w[k];
        if (static_cast<unsigned char>(ch) >= 0x80) ascii = false;
        low[k] = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
      }
      if (!ascii) continue;
      auto it = I.words.find(std::string_view(low, w.size()));
      if (it == I.words.end()) continue;
      if (it->second.title) {
        if (i == first && nw - first > 1) ++first;
        continue;
      }
      if (reason_rank(it->second.reason) > rank) {
        rank = reason_rank(it->second.reason);
        reason = it->second.reason;
      }
    }
    if (!reason.empty()) return notperson(reason);
    if (first > 0) {
      for (int i = first; i < nw; ++i) words[i - first] = words[i];
      nw -= first;
      surname_words = surname_words > first ? surname_words - first : 0;
    }
  }
  int n = 0;
  for (int i = 0; i < nw; ++i)
    if (!words[i].empty()) words[n++] = words[i];
  nw = n;
  if (nw == 0) return garbage("no letters");
  if (nw > kMaxWords) return notperson("too_many_words");

  NameWords W;
  W.n = nw;
  for (int i = 0; i < nw; ++i) W.text[i] = words[i];
  read_words(I, W);
  for (int i = 0; i < nw; ++i)
    if (!W.ok[i]) return notperson("not_romanized_chinese");
  p.romanization = W.rom;

  // ALL-CAPS surname: one word in capitals among mixed-case words.
  int order[kMaxWords] = {0, 1, 2, 3, 4, 5, 6, 7};
  int forced_words = surname_words;
  if (forced_words == 0 && nw > 1) {
    int caps = -1, ncaps = 0;
    for (int i = 0; i < nw; ++i) {
      const WordSyms& s = W.syms[i];
      if (s.letters >= 2 && s.upper == s.letters) {
        caps = i;
        ++ncaps;
      }
    }
    if (ncaps == 1) {
      forced_words = 1;
      order[0] = caps;
      for (int i = 0, o = 1; i < nw; ++i)
        if (i != caps) order[o++] = i;
    }
  }

  // ---- readings over variants of the word parses: the chosen one, other k-best
  // segmentations of long run-together words, the other romanization system.
  struct Variant {
    const WordParse* use[kMaxWords];
    float delta = 0;
    bool other_system = false;
  };
  constexpr int kMaxVariants = 6;
  Variant vars[kMaxVariants];
  int nv = 0;
  for (int i = 0; i < nw; ++i) vars[0].use[i] = W.parse[i];
  nv = 1;
  WordParse kb[kMaxWords][2];
  for (int i = 0; i < nw && nv < kMaxVariants; ++i) {
    if (W.syms[i].nparts != 1 || W.parse[i]->n < 3) continue;
    PartPath paths[3];
    int k = segment_part(I, W.wsys[i], W.syms[i].s, W.syms[i].n, 3, paths);
    for (int j = 1; j < k && nv < kMaxVariants; ++j) {
      if (paths[j].cost > paths[0].cost + 2.5f) break;
      WordParse& wp = kb[i][j - 1];
      wp.ok = true;
      wp.n = paths[j].n;
      wp.cost = paths[j].cost;
      for (int q = 0; q < wp.n; ++q) {
        wp.e[q] = paths[j].e[q];
        wp.part_start[q] = q == 0;
        wp.apos_before[q] = paths[j].apos_before[q];
        wp.aspirate |= wp.e[q]->aspirate;
      }
      vars[nv] = vars[0];
      vars[nv].use[i] = &wp;
      vars[nv].delta = paths[j].cost - paths[0].cost;
      ++nv;
    }
  }
  if (W.alt_ok && nv < kMaxVariants) {
    for (int i = 0; i < nw; ++i) vars[nv].use[i] = W.alt[i];
    vars[nv].delta = 0.5f;
    vars[nv].other_system = true;
    ++nv;
  }
  const int initial_order[kMaxWords] = {order[0], order[1], order[2], order[3],
                                        order[4], order[5], order[6], order[7]};
  Surname unknown[kMaxVariants];
  bool temple = false;
  auto analyze = [&](int vi, Reading* rs, int& nr, Flat& f) -> bool {
    nr = 0;
    const Variant& v = vars[vi];
    int ord[kMaxWords];
    std::copy(initial_order, initial_order + nw, ord);
    if (!flatten(v.use, ord, nw, f)) return false;
    int forced_k = 0;
    if (forced_words > 0) {
      for (int q = 0; q < f.m; ++q)
        if (f.word[q] < forced_words) ++forced_k;
    }
    if (nw == 1 && f.m == 2 &&
        std::find(I.temple_suffix.begin(), I.temple_suffix.end(), f.e[1]->syl) != I.temple_suffix.end()) {
      temple = true;  // "Gaozong", "Taizu": a temple name, not a personal name
      return false;
    }
    if (nw == 1 && f.m <= 3) {
      SurnameHit h = best_surname(I, f.e, f.m);
      if (h.s && h.s->syls.size() > 1) return false;  // "Wanyan": a clan name alone
    }
    best_readings(I, f, nw, forced_k, rs, nr, 4);
    if ((nr == 0 || rs[0].cost > 1.0f) && forced_k == 0 && nw >= 2) {
      // Western order: "Xiezhen Yelu", "Hsieh-chen Yeh-lü".
      int rot[kMaxWords];
      rot[0] = ord[nw - 1];
      for (int i = 0; i < nw - 1; ++i) rot[i + 1] = ord[i];
      Flat g;
      if (flatten(v.use, rot, nw, g)) {
        int k = 0;
        for (int q = 0; q < g.m; ++q)
          if (g.word[q] == 0) ++k;
        Reading wr[4];
        int nwr = 0;
        best_readings(I, g, nw, k, wr, nwr, 4);
        if (nwr > 0 && (nr == 0 || wr[0].cost + 1.5f < rs[0].cost)) {
          f = g;
          nr = nwr;
          for (int q = 0; q < nr; ++q) {
            rs[q] = wr[q];
            rs[q].western = true;
            rs[q].cost += 1.0f;
          }
        }
      }
    }
    if (nr == 0 && (nw >= 2 || forced_k > 0)) {
      // A surname missing from the table: the first (or forced) word, if short.
      int k = forced_k;
      if (k == 0)
        for (int q = 0; q < f.m; ++q)
          if (f.word[q] == 0) ++k;
      if (k == 1 && k < f.m) {
        Surname& u = unknown[vi];
        u.syls.clear();
        std::string py;
        for (int q = 0; q < k; ++q) {
          u.syls.push_back(f.e[q]->syl);
          if (q > 0 && I.syls[f.e[q]->syl].vowel_initial) py += '\'';
          py += I.syls[f.e[q]->syl].py;
        }
        u.canonical = cap(py);
        u.kind = "single";
        Reading r;
        r.s = &u;
        r.k = k;
        r.cost = 1.6f + (f.m - k >= 3 ? 0.6f : 0.f);
        rs[0] = r;
        nr = 1;
      }
    }
    return nr > 0;
  };

  Reading rv[kMaxVariants][4];
  int nrv[kMaxVariants] = {};
  Flat fv[kMaxVariants];
  int bestv = -1;
  float bestc = 1e9f;
  for (int vi = 0; vi < nv; ++vi) {
    if (!analyze(vi, rv[vi], nrv[vi], fv[vi])) continue;
    float c = rv[vi][0].cost + vars[vi].delta;
    if (c < bestc) {
      bestc = c;
      bestv = vi;
    }
  }
  if (bestv < 0) {
    int total = 0;
    for (int i = 0; i < nw; ++i) total += W.parse[i]->n;
    std::vector<std::string> keep;
    for (int i = 0; i < nw; ++i)
      for (int q = 0; q < W.parse[i]->n; ++q) keep.push_back(I.syls[W.parse[i]->e[q]->syl].py);
    notperson(temple ? "temple_name"
                     : total <= 3 && nw == 1 && find_surname(I, words[0]) ? "surname_only" : "no_surname");
    p.syllables = std::move(keep);
    return p;
  }
  const Reading* rs = rv[bestv];
  const int nr = nrv[bestv];
  const Flat& f = fv[bestv];
  const Reading& best = rs[0];
  if (vars[bestv].other_system)
    p.romanization = W.sys == System::kPinyin ? Romanization::kWadeGilesAscii : Romanization::kPinyin;
  fill_from(I, f, best, p.canonical, p.key, &p.surname, &p.given, &p.syllables);
  p.surname_syllables = best.s->syls.size();
  p.person = true;
  p.match_key.reserve(p.key.size());
  for (char ch : p.key)
    if (ch != ' ' && ch != '\'') p.match_key += ch;
  // ---- alternatives
  std::string c2, k2;
  for (int q = 1; q < nr; ++q)
    if (rs[q].cost <= best.cost + 1.0f) {
      fill_from(I, f, rs[q], c2, k2, nullptr, nullptr, nullptr);
      add_alt(p, c2);
    }
  for (int vi = 0; vi < nv; ++vi)
    if (vi != bestv && nrv[vi] > 0 && rv[vi][0].cost + vars[vi].delta <= bestc + 1.5f) {
      fill_from(I, fv[vi], rv[vi][0], c2, k2, nullptr, nullptr, nullptr);
      add_alt(p, c2);
    }
  // WG ambiguity in the given name (chu -> zhu|chu|ju|qu). A writer who marks aspirates
  // somewhere in the name marks them everywhere: then pao is bao, not p'ao.
  bool marks_aspirates = false;
  for (int i = 0; i < nw; ++i) marks_aspirates |= vars[bestv].use[i]->aspirate;
  for (int q = best.k; q < f.m; ++q) {
    const Edge& e = *f.e[q];
    if (marks_aspirates && !e.aspirate) continue;
    for (int c = 1; c < e.ncand && c < 4; ++c) {
      std::uint16_t alt_syl = I.cands[e.cand_begin + c];
      if (!I.syls[alt_syl].core) continue;
      std::uint16_t over[kMaxSyls];
      std::fill(over, over + kMaxSyls, 0xFFFF);
      over[q] = alt_syl;
      std::string gpy, ga;
      given_of(I, f, best.k, f.m, over, gpy, ga);
      add_alt(p, best.s->canonical + " " + cap(gpy));
    }
  }
  // WG ambiguity in the surname: other surnames the spelling can stand for.
  if (best.k == 1 && f.m > 1 && !(marks_aspirates && !f.e[0]->aspirate)) {
    int lim0 = std::min<int>(f.e[0]->ncand, 4);
    for (int a = 0; a < lim0; ++a) {
      std::uint8_t ch[3] = {static_cast<std::uint8_t>(a), 0, 0};
      if (const Surname* s = lookup_surname(I, f.e, ch, 1); s && s != best.s) {
        std::string gpy, ga;
        given_of(I, f, 1, f.m, nullptr, gpy, ga);
        add_alt(p, s->canonical + " " + cap(gpy));
      }
    }
  }
  // ---- score
  float margin = nr > 1 ? rs[1].cost - best.cost : 2.0f;
  float sc = 0.95f - 0.1f * std::max(0.f, best.cost);
  if (margin < 0.5f) sc -= 0.2f;
  if (best.s == &unknown[bestv]) sc -= 0.3f;
  if (!p.alternatives.empty()) sc -= 0.1f;
  if (W.rom == Romanization::kIrregular) sc -= 0.1f;
  if (best.western) sc -= 0.2f;
  p.score = std::clamp(static_cast<double>(sc), 0.05, 1.0);
  return p;
}

}  // namespace shilu::romanize
