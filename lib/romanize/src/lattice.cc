// Symbols, syllable tries and the k-best syllable lattice.
#include "lattice.h"

#include <algorithm>

#include "shilu/text.h"

namespace shilu::romanize::detail {

namespace {

struct Latin {
  char32_t cp;
  char base;  // 'a'..'z' or 'U' for ü
  std::uint8_t flags;
};

// Latin letters with the diacritics met in pinyin and Wade-Giles (Unicode facts, not
// linguistic data): tone-marked vowels, ü, ê, ŭ, in both cases.
constexpr Latin kLatin[] = {
    {0x101, 'a', kTone}, {0xE1, 'a', kTone}, {0x1CE, 'a', kTone}, {0xE0, 'a', kTone},
    {0x113, 'e', kTone}, {0xE9, 'e', kTone}, {0x11B, 'e', kTone}, {0xE8, 'e', kTone},
    {0xEA, 'e', kWgMark}, {0x1EBF, 'e', kWgMark | kTone}, {0x1EC1, 'e', kWgMark | kTone},
    {0x12B, 'i', kTone}, {0xED, 'i', kTone}, {0x1D0, 'i', kTone}, {0xEC, 'i', kTone},
    {0x14D, 'o', kTone}, {0xF3, 'o', kTone}, {0x1D2, 'o', kTone}, {0xF2, 'o', kTone},
    {0x16B, 'u', kTone}, {0xFA, 'u', kTone}, {0x1D4, 'u', kTone}, {0xF9, 'u', kTone},
    {0x16D, 'u', kWgMark},
    {0xFC, 'U', kUmlaut}, {0x1D6, 'U', kUmlaut | kTone}, {0x1D8, 'U', kUmlaut | kTone},
    {0x1DA, 'U', kUmlaut | kTone}, {0x1DC, 'U', kUmlaut | kTone},
    {0x144, 'n', kTone}, {0x148, 'n', kTone}, {0x1F9, 'n', kTone}, {0x1E3F, 'm', kTone},
    {0x100, 'a', kTone | kUpper}, {0xC1, 'a', kTone | kUpper}, {0x1CD, 'a', kTone | kUpper},
    {0xC0, 'a', kTone | kUpper}, {0x112, 'e', kTone | kUpper}, {0xC9, 'e', kTone | kUpper},
    {0x11A, 'e', kTone | kUpper}, {0xC8, 'e', kTone | kUpper}, {0xCA, 'e', kWgMark | kUpper},
    {0x12A, 'i', kTone | kUpper}, {0xCD, 'i', kTone | kUpper}, {0x1CF, 'i', kTone | kUpper},
    {0xCC, 'i', kTone | kUpper}, {0x14C, 'o', kTone | kUpper}, {0xD3, 'o', kTone | kUpper},
    {0x1D1, 'o', kTone | kUpper}, {0xD2, 'o', kTone | kUpper}, {0x16A, 'u', kTone | kUpper},
    {0xDA, 'u', kTone | kUpper}, {0x1D3, 'u', kTone | kUpper}, {0xD9, 'u', kTone | kUpper},
    {0x16C, 'u', kWgMark | kUpper}, {0xDC, 'U', kUmlaut | kUpper},
    {0x1D5, 'U', kUmlaut | kTone | kUpper}, {0x1D7, 'U', kUmlaut | kTone | kUpper},
    {0x1D9, 'U', kUmlaut | kTone | kUpper}, {0x1DB, 'U', kUmlaut | kTone | kUpper},
};

const Latin* find_latin(char32_t cp) {
  for (const auto& l : kLatin)
    if (l.cp == cp) return &l;
  return nullptr;
}

bool contains(const std::vector<char32_t>& v, char32_t c) {
  return std::find(v.begin(), v.end(), c) != v.end();
}

}  // namespace

bool to_syms(const Tables& I, std::string_view w, WordSyms& out) {
  out.n = 0;
  out.nparts = 0;
  out.hyphen_lower = out.tone = out.wg_mark = false;
  out.upper = out.letters = 0;
  std::size_t i = 0;
  bool pending_hyphen = false;
  while (i < w.size()) {
    unsigned char b = static_cast<unsigned char>(w[i]);
    char32_t cp;
    if (b < 0x80) {
      cp = b;
      ++i;
    } else {
      cp = text::decode_utf8(w, i);
      if (cp == 0xFFFD) return false;
    }
    Sym s{0, 0};
    if (cp >= 'a' && cp <= 'z') {
      s.c = static_cast<std::uint8_t>(cp - 'a');
    } else if (cp >= 'A' && cp <= 'Z') {
      s.c = static_cast<std::uint8_t>(cp - 'A');
      s.flags = kUpper;
    } else if (cp == ':' && out.n > 0 && out.s[out.n - 1].c == 'u' - 'a') {
      out.s[out.n - 1].c = kSymU;  // u: (CC-CEDICT style ü)
      out.s[out.n - 1].flags |= kUmlaut;
      continue;
    } else if (cp >= 0x300 && cp <= 0x30C) {  // combining marks (NFD input)
      if (out.n == 0) return false;
      Sym& p = out.s[out.n - 1];
      if (cp == 0x308 && p.c == 'u' - 'a') {
        p.c = kSymU;
        p.flags |= kUmlaut;
      } else if (cp == 0x302 || cp == 0x306) {
        p.flags |= kWgMark;
      } else if (cp == 0x300 || cp == 0x301 || cp == 0x304 || cp == 0x30C) {
        p.flags |= kTone;
      } else {
        return false;
      }
      continue;
    } else if (cp == '-' || contains(I.hyphens, cp)) {
      if (out.n == 0 || pending_hyphen) return false;
      pending_hyphen = true;
      continue;
    } else if (cp == '\'' || contains(I.apostrophes, cp)) {
      if (out.n == 0 || out.s[out.n - 1].c == kSymApos) return false;
      s.c = kSymApos;
    } else if (const Latin* l = find_latin(cp)) {
      s.c = l->base == 'U' ? kSymU : static_cast<std::uint8_t>(l->base - 'a');
      s.flags = l->flags;
    } else {
      return false;
    }
    if (out.n >= kMaxSyms) return false;
    if (pending_hyphen) {
      if (out.s[out.n - 1].c == kSymApos) return false;
      out.part_end[out.nparts++] = static_cast<std::uint8_t>(out.n);
      if (!(s.flags & kUpper) && s.c != kSymApos) out.hyphen_lower = true;
      pending_hyphen = false;
    }
    if (s.flags & kTone) out.tone = true;
    if (s.flags & kWgMark) out.wg_mark = true;
    if (s.flags & kUpper) ++out.upper;
    if (s.c != kSymApos) ++out.letters;
    out.s[out.n++] = s;
  }
  if (out.n == 0 || pending_hyphen || out.s[out.n - 1].c == kSymApos) return false;
  out.part_end[out.nparts++] = static_cast<std::uint8_t>(out.n);
  return true;
}

void trie_insert(Trie& t, const Sym* s, int n, const Edge& e, std::vector<std::vector<Edge>>& pending) {
  std::int32_t node = 0;
  for (int i = 0; i < n; ++i) {
    std::int32_t nx = t.nodes[node].next[s[i].c];
    if (nx < 0) {
      nx = static_cast<std::int32_t>(t.nodes.size());
      t.nodes.emplace_back();
      t.nodes[node].next[s[i].c] = nx;
    }
    node = nx;
  }
  if (pending.size() < t.nodes.size()) pending.resize(t.nodes.size());
  Edge x = e;
  x.len = static_cast<std::uint8_t>(n);
  for (const Edge& y : pending[node])
    if (y.syl == x.syl && y.ncand == x.ncand && y.cand_begin == x.cand_begin) return;
  pending[node].push_back(x);
}

void trie_finish(Trie& t, std::vector<std::vector<Edge>>& pending) {
  pending.resize(t.nodes.size());
  t.edges.clear();
  for (std::size_t i = 0; i < t.nodes.size(); ++i) {
    std::sort(pending[i].begin(), pending[i].end(),
              [](const Edge& a, const Edge& b) { return a.cost < b.cost; });
    t.nodes[i].eb = static_cast<std::uint32_t>(t.edges.size());
    t.edges.insert(t.edges.end(), pending[i].begin(), pending[i].end());
    t.nodes[i].ee = static_cast<std::uint32_t>(t.edges.size());
  }
}

int segment_part(const Tables& I, System sys, const Sym* s, int n, int K, PartPath* out) {
  struct Cell {
    float cost;
    std::int16_t prev;
    std::int8_t prevk;
    std::int32_t edge;  // -1: apostrophe boundary
  };
  if (n <= 0 || n > kMaxSyms || K < 1) return 0;
  if (K > kMaxK) K = kMaxK;
  Cell grid[kMaxSyms + 1][kMaxK];
  int cnt[kMaxSyms + 1] = {};
  grid[0][0] = {0.f, -1, -1, -1};
  cnt[0] = 1;
  const Trie& T = sys == System::kPinyin ? I.py : I.wg;
  auto relax = [&](int j, float c, int i, int k, std::int32_t edge) {
    int m = cnt[j];
    int pos = m;
    while (pos > 0 && grid[j][pos - 1].cost > c) --pos;
    if (pos >= K) return;
    int last = std::min(m, K - 1);
    for (int q = last; q > pos; --q) grid[j][q] = grid[j][q - 1];
    grid[j][pos] = {c, static_cast<std::int16_t>(i), static_cast<std::int8_t>(k), edge};
    if (m < K) cnt[j] = m + 1;
  };
  const float vowel_pen = sys == System::kPinyin ? 1.2f : 1.0f;
  for (int i = 0; i < n; ++i) {
    if (cnt[i] == 0) continue;
    if (s[i].c == kSymApos) {
      if (i == 0) continue;
      const float c = sys == System::kWg ? 0.3f : 0.f;
      for (int k = 0; k < cnt[i]; ++k) relax(i + 1, grid[i][k].cost + c, i, k, -1);
      continue;
    }
    std::int32_t node = 0;
    for (int j = i; j < n; ++j) {
      node = T.nodes[node].next[s[j].c];
      if (node < 0) break;
      const auto& nd = T.nodes[node];
      for (std::uint32_t e = nd.eb; e < nd.ee; ++e) {
        const Edge& E = T.edges[e];
        float c = E.cost;
        if (E.vowel_initial && i > 0 && s[i - 1].c != kSymApos) c += vowel_pen;
        for (int k = 0; k < cnt[i]; ++k) relax(j + 1, grid[i][k].cost + c, i, k, static_cast<std::int32_t>(e));
      }
    }
  }
  int found = 0;
  for (int k = 0; k < cnt[n]; ++k) {
    PartPath& p = out[found];
    p.cost = grid[n][k].cost;
    // Walk back, collecting edges in reverse.
    const Edge* rev[kMaxSyms];
    bool apos[kMaxSyms];
    int m = 0;
    int pos = n, kk = k;
    while (pos > 0) {
      const Cell& c = grid[pos][kk];
      if (c.edge < 0) {
        if (m > 0) apos[m - 1] = true;  // a trailing apostrophe cannot occur (to_syms)
      } else {
        rev[m] = &T.edges[static_cast<std::size_t>(c.edge)];
        apos[m] = false;
        ++m;
      }
      pos = c.prev;
      kk = c.prevk;
    }
    p.n = m;
    for (int q = 0; q < m; ++q) {
      p.e[q] = rev[m - 1 - q];
      // apos[r] was set on the syllable *after* the apostrophe in reading order, i.e. the
      // one collected just before the skip while walking back.
      p.apos_before[q] = apos[m - 1 - q];
    }
    // Drop duplicates (same syllables through different spellings).
    bool dup = false;
    for (int f = 0; f < found && !dup; ++f) {
      if (out[f].n != p.n) continue;
      bool same = true;
      for (int q = 0; q < p.n && same; ++q) same = out[f].e[q]->syl == p.e[q]->syl;
      dup = same;
    }
    if (!dup) ++found;
  }
  return found;
}

bool parse_word(const Tables& I, System sys, const WordSyms& w, WordParse& out) {
  out.ok = false;
  out.aspirate = false;
  out.cost = 0;
  out.n = 0;
  int start = 0;
  for (int p = 0; p < w.nparts; ++p) {
    int end = w.part_end[p];
    PartPath path;
    if (segment_part(I, sys, w.s + start, end - start, 1, &path) == 0) return false;
    for (int q = 0; q < path.n; ++q) {
      if (out.n >= kMaxSyms) return false;
      const Edge& e = *path.e[q];
      out.e[out.n] = &e;
      out.part_start[out.n] = q == 0;
      out.apos_before[out.n] = path.apos_before[q];
      if (e.aspirate) out.aspirate = true;
      ++out.n;
    }
    out.cost += path.cost;
    start = end;
  }
  out.ok = true;
  return true;
}

}  // namespace shilu::romanize::detail
