#include <algorithm>
#include <cstdint>
#include <vector>

#include "shilu/annotate.h"
#include "shilu/dates.h"
#include "shilu/names.h"
#include "shilu/places.h"
#include "shilu/quantities.h"

namespace shilu::annotate {

int type_priority(std::string_view type) {
  if (type == "date") return 70;
  if (type == "troops") return 60;
  if (type == "person") return 50;
  if (type == "event") return 40;
  if (type == "army") return 30;
  if (type == "place") return 20;
  if (type == "polity") return 10;
  return 0;
}

bool may_contain(std::string_view outer, std::string_view inner) {
  if (outer == "event") return inner == "place" || inner == "person" || inner == "date" || inner == "polity";
  if (outer == "army") return inner == "person" || inner == "place" || inner == "polity";
  if (outer == "troops") return inner == "polity" || inner == "army";  // "30,000 Jin troops"
  return false;
}

namespace {

bool overlaps(const Mention& a, const Mention& b) { return a.begin < b.end && b.begin < a.end; }
bool contains(const Mention& a, const Mention& b) {
  return a.begin <= b.begin && b.end <= a.end && (a.end - a.begin) > (b.end - b.begin);
}

// True when `a` beats `b` in a conflict; pa, pb are their type priorities.
bool beats(const Mention& a, int pa, const Mention& b, int pb) {
  std::uint32_t la = a.end - a.begin, lb = b.end - b.begin;
  if (la != lb) return la > lb;
  if (pa != pb) return pa > pb;
  if (a.score != b.score) return a.score > b.score;
  return a.begin < b.begin;
}

bool order(const Mention& a, const Mention& b) {
  if (a.begin != b.begin) return a.begin < b.begin;
  if (a.end != b.end) return a.end > b.end;
  return a.type < b.type;
}

}  // namespace

void apply_overlap_policy(std::vector<Mention>& ms) {
  // Greedy: strongest first; a candidate is kept when every kept mention it overlaps is an
  // allowed nesting (one contains the other and the outer type may contain the inner).
  std::vector<std::size_t> idx(ms.size());
  std::vector<int> prio(ms.size());
  for (std::size_t i = 0; i < idx.size(); ++i) {
    idx[i] = i;
    prio[i] = type_priority(ms[i].type);
  }
  std::stable_sort(idx.begin(), idx.end(),
                   [&](std::size_t x, std::size_t y) { return beats(ms[x], prio[x], ms[y], prio[y]); });
  // Kept mentions, bucketed by begin offset (1 << kShift bytes a bucket), each bucket sorted by
  // (begin, index): a candidate only looks at the buckets its window reaches.
  constexpr unsigned kShift = 10;
  std::uint32_t max_end = 0;
  for (const auto& m : ms) max_end = std::max(max_end, m.end);
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> kept((max_end >> kShift) + 1);
  std::size_t n_kept = 0;
  std::uint32_t max_len = 0;  // longest kept mention: bounds the window
  for (std::size_t i : idx) {
    const Mention& c = ms[i];
    if (c.end <= c.begin) continue;
    bool ok = true;
    // Kept mentions that can overlap c begin in [c.begin - max_len, c.end).
    std::uint32_t from = c.begin > max_len ? c.begin - max_len : 0;
    for (std::uint32_t bk = from >> kShift; ok && bk <= ((c.end - 1) >> kShift); ++bk) {
      const auto& bucket = kept[bk];
      auto it = bucket.begin();
      if (bk == (from >> kShift))
        it = std::lower_bound(bucket.begin(), bucket.end(), std::pair<std::uint32_t, std::uint32_t>{from, 0});
      for (; it != bucket.end() && it->first < c.end; ++it) {
        const Mention& k = ms[it->second];
        if (!overlaps(k, c)) continue;
        bool nested = (contains(k, c) && may_contain(k.type, c.type)) || (contains(c, k) && may_contain(c.type, k.type));
        if (!nested) { ok = false; break; }
      }
    }
    if (!ok) continue;
    auto& bucket = kept[c.begin >> kShift];
    std::pair<std::uint32_t, std::uint32_t> key{c.begin, static_cast<std::uint32_t>(i)};
    bucket.insert(std::lower_bound(bucket.begin(), bucket.end(), key), key);
    ++n_kept;
    max_len = std::max(max_len, c.end - c.begin);
  }
  // Output order: sorted by `order`, over the kept mentions taken in (begin, index) order;
  // the indices are sorted first so that each mention is moved once.
  std::vector<std::uint32_t> keep;
  keep.reserve(n_kept);
  for (const auto& bucket : kept)
    for (const auto& [b, i] : bucket) keep.push_back(i);
  std::sort(keep.begin(), keep.end(), [&](std::uint32_t x, std::uint32_t y) { return order(ms[x], ms[y]); });
  std::vector<Mention> out;
  out.reserve(keep.size());
  for (std::uint32_t i : keep) out.push_back(std::move(ms[i]));
  ms = std::move(out);
}

struct Pipeline::Impl {
  dates::Extractor dates;
  quantities::Extractor quantities;
  places::Extractor places;
  names::Extractor names;
};

Pipeline::Pipeline(std::unique_ptr<Impl> p) : impl_(std::move(p)) {}
Pipeline::Pipeline(Pipeline&&) noexcept = default;
Pipeline& Pipeline::operator=(Pipeline&&) noexcept = default;
Pipeline::~Pipeline() = default;

Result<Pipeline> Pipeline::load(const std::filesystem::path& root) {
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec))
    return make_error(ErrorCode::kNotFound, "resource directory not found", root.string());
  auto d = dates::Extractor::load(root);
  if (!d) return d.error();
  auto q = quantities::Extractor::load(root);
  if (!q) return q.error();
  auto p = places::Extractor::load(root);
  if (!p) return p.error();
  auto n = names::Extractor::load(root);
  if (!n) return n.error();
  return Pipeline(std::unique_ptr<Impl>(
      new Impl{std::move(d).value(), std::move(q).value(), std::move(p).value(), std::move(n).value()}));
}

Annotation Pipeline::annotate(const Document& doc, const Options& opt) const {
  Annotation a;
  a.doc = &doc;
  a.warnings = doc.warnings;
  a.tokenized = text::tokenize(doc.text);
  const auto& t = a.tokenized;

  std::vector<Mention> all;
  ExtractContext ctx;
  ctx.prior = &all;

  auto add = [&all](std::vector<Mention>&& ms) {
    all.insert(all.end(), std::make_move_iterator(ms.begin()), std::make_move_iterator(ms.end()));
  };
  add(impl_->dates.extract(t, ctx));
  // Document period from explicit years.
  for (const auto& m : all) {
    if (m.type != "date") continue;
    const Value* y = m.normalized.find("year");
    if (!y || !y->is_int() || m.normalized.get_string("resolved_by") == "context") continue;
    int yr = static_cast<int>(y->as_int());
    if (!ctx.year_min || yr < ctx.year_min) ctx.year_min = yr;
    if (!ctx.year_max || yr > ctx.year_max) ctx.year_max = yr;
  }
  add(impl_->places.extract(t, ctx));
  add(impl_->names.extract(t, ctx));
  // Troop counts last: a side word inside a person's name ("Han Qi") is not a side.
  add(impl_->quantities.extract(t, ctx));

  // Guard against extractor bugs: spans must lie inside the text and on token boundaries.
  std::erase_if(all, [&](const Mention& m) { return m.end > doc.text.size() || m.begin >= m.end; });

  // The policy runs on everything, then the type filter: filtered output is always a
  // subset of the full output.
  apply_overlap_policy(all);
  if (!opt.types.empty())
    std::erase_if(all, [&](const Mention& m) { return !opt.types.contains(m.type); });
  a.entities = std::move(all);
  return a;
}

}  // namespace shilu::annotate
