#pragma once
// The first row of every distinct value of one unique field (or composite key) seen so far, for
// the Reducer. Values are known by their 128-bit hash (UniqueKey), whose bits are already evenly
// spread, so the table is open addressing with linear probing indexed by the key's low bits: one
// flat array, no allocation per value. A lookup in a table larger than the caches is a memory
// access; callers hide it by reserving room for a batch of values and prefetching ahead.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>

#include "check/typed_value.hpp"
#include "util/large_pages.hpp"

namespace rowguard::detail {

class FirstRows {
 public:
  // The first row of `key` and false when it was seen before; otherwise records `row` (a file row,
  // never 0) as its first and returns it with true.
  std::pair<std::uint64_t, bool> try_insert(const UniqueKey& key, std::uint64_t row) {
    if ((size_ + 1) * 2 > capacity_) grow(size_ + 1);
    const std::size_t mask = capacity_ - 1;
    for (std::size_t i = static_cast<std::size_t>(key.lo) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.row == 0) {
        s.key = key;
        s.row = row;
        ++size_;
        return {row, true};
      }
      if (s.key == key) return {s.row, false};
    }
  }

  // Makes room for `values` distinct values in all, so that inserting up to that many neither
  // grows the table nor moves it (prefetched addresses stay good).
  void reserve(std::size_t values) {
    if (values * 2 > capacity_) grow(values);
  }

  // Starts loading the slot where a lookup of `key` begins.
  void prefetch(const UniqueKey& key) const noexcept {
    if (capacity_ != 0) __builtin_prefetch(&slots_[static_cast<std::size_t>(key.lo) & (capacity_ - 1)], 1);
  }

  std::size_t size() const noexcept { return size_; }

 private:
  struct Slot {
    UniqueKey key;
    std::uint64_t row;  // 0: empty
  };

  // An empty (zeroed) array of `n` slots. Large tables use huge pages: one page-table entry per
  // 2 MiB instead of per 4 KiB makes random lookups cheaper.
  static std::unique_ptr<Slot[], FreeDeleter> allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(Slot);
    void* p = allocate_large(bytes);
    std::memset(p, 0, bytes);
    return std::unique_ptr<Slot[], FreeDeleter>(static_cast<Slot*>(p));
  }

  // Rehashes into a table (a power of two, at least 16 slots) at most half full with `values`. A
  // schema may have thousands of unique fields, each with a table: small ones start small.
  void grow(std::size_t values) {
    std::size_t n = capacity_ == 0 ? 16 : capacity_;
    while (values * 2 > n) n *= 2;
    auto slots = allocate(n);
    const std::size_t mask = n - 1;
    for (std::size_t j = 0; j < capacity_; ++j) {
      const Slot& s = slots_[j];
      if (s.row == 0) continue;
      std::size_t i = static_cast<std::size_t>(s.key.lo) & mask;
      while (slots[i].row != 0) i = (i + 1) & mask;
      slots[i] = s;
    }
    slots_ = std::move(slots);
    capacity_ = n;
  }

  std::unique_ptr<Slot[], FreeDeleter> slots_;
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;
};

}  // namespace rowguard::detail
