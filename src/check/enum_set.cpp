#include "check/enum_set.hpp"

#include <algorithm>
#include <cmath>

namespace rowguard::detail {

void EnumSet::add(const TypedValue& value) {
  active_ = true;
  switch (value.type) {
    case Type::string:
    case Type::any:
      strings_.emplace(value.s);
      break;
    case Type::integer:
    case Type::date:
    case Type::boolean:
      ints_.push_back(value.i);
      break;
    case Type::number:
      if (std::isnan(value.d)) has_nan_ = true;
      else doubles_.push_back(value.d);
      break;
    case Type::datetime:
      instants_.push_back(value.t);
      break;
  }
}

void EnumSet::seal() {
  std::sort(ints_.begin(), ints_.end());
  std::sort(doubles_.begin(), doubles_.end());
  std::sort(instants_.begin(), instants_.end());
}

bool EnumSet::contains(const TypedValue& value) const noexcept {
  switch (value.type) {
    case Type::string:
    case Type::any:
      return strings_.find(value.s) != strings_.end();
    case Type::integer:
    case Type::date:
    case Type::boolean:
      return std::binary_search(ints_.begin(), ints_.end(), value.i);
    case Type::number:
      if (std::isnan(value.d)) return has_nan_;
      return std::binary_search(doubles_.begin(), doubles_.end(), value.d);
    case Type::datetime:
      return std::binary_search(instants_.begin(), instants_.end(), value.t);
  }
  return false;
}

}  // namespace rowguard::detail
