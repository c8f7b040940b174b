#pragma once
// Membership test for a field's enum constraint, on typed values: an integer enum [1, 2] accepts
// "01"; a datetime enum compares instants. Strings are found by hashing, numbers by binary search.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "check/typed_value.hpp"

namespace rowguard::detail {

class EnumSet {
 public:
  bool active() const noexcept { return active_; }
  void add(const TypedValue& value);
  // Sorts the numeric members; call once after the last add().
  void seal();
  bool contains(const TypedValue& value) const noexcept;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  bool active_ = false;
  std::unordered_set<std::string, Hash, std::equal_to<>> strings_;
  std::vector<std::int64_t> ints_;
  std::vector<double> doubles_;
  bool has_nan_ = false;
  std::vector<Instant> instants_;
};

}  // namespace rowguard::detail
