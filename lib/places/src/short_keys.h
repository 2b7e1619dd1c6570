// Private: a set of short byte strings (1–8 bytes) packed into 64-bit integers, with
// open addressing. Syllable tables are looked up for every substring of every word, so
// the lookup must not allocate or hash a std::string.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace shilu::places {

// Packs up to 8 bytes into an integer; different strings of at most 8 bytes give
// different integers (no byte is 0 in UTF-8 text except NUL, which never reaches here,
// and the length is implied by the highest non-zero byte).
inline std::uint64_t pack_short(std::string_view s) {
  std::uint64_t k = 0;
  for (std::size_t i = 0; i < s.size(); ++i) k |= static_cast<std::uint64_t>(static_cast<unsigned char>(s[i])) << (8 * i);
  return k;
}

template <class V>
class ShortKeyMap {
 public:
  // Strings longer than 8 bytes or containing a NUL byte cannot be stored; insert()
  // returns false for them and find() never finds them.
  static bool storable(std::string_view s) {
    if (s.empty() || s.size() > 8) return false;
    for (char c : s)
      if (c == '\0') return false;
    return true;
  }
  bool insert(std::string_view s, V v) {
    if (!storable(s)) return false;
    if ((count_ + 1) * 2 > slots_.size()) grow();
    put(pack_short(s), std::move(v));
    return true;
  }
  // nullptr when absent.
  const V* find(std::string_view s) const {
    if (!storable(s) || slots_.empty()) return nullptr;
    return find_packed(pack_short(s));
  }
  const V* find_packed(std::uint64_t k) const {
    if (slots_.empty()) return nullptr;
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(k) & mask;; i = (i + 1) & mask) {
      if (slots_[i].key == k) return &slots_[i].value;
      if (slots_[i].key == 0) return nullptr;
    }
  }
  std::size_t size() const { return count_; }

 private:
  struct Slot {
    std::uint64_t key = 0;  // 0 = empty
    V value{};
  };
  static std::size_t mix(std::uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return static_cast<std::size_t>(k);
  }
  void put(std::uint64_t k, V v) {
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(k) & mask;; i = (i + 1) & mask) {
      if (slots_[i].key == k) { slots_[i].value = std::move(v); return; }
      if (slots_[i].key == 0) {
        slots_[i].key = k;
        slots_[i].value = std::move(v);
        ++count_;
        return;
      }
    }
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    count_ = 0;
    for (auto& s : old)
      if (s.key) put(s.key, std::move(s.value));
  }
  std::vector<Slot> slots_;
  std::size_t count_ = 0;
};

}  // namespace shilu::places
