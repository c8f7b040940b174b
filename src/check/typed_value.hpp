#pragma once
// A cell value after type parsing, and the canonical key used for unique checks.

#include <cstdint>
#include <string_view>

#include "check/values.hpp"
#include "rowguard/schema.hpp"

namespace rowguard::detail {

struct TypedValue {
  Type type = Type::string;
  std::int64_t i = 0;   // integer; days since epoch for dates; 0 or 1 for booleans
  double d = 0;         // number
  Instant t;            // datetime
  std::string_view s;   // string and any: the text (a view, valid while the cell is)
};

// 128-bit key identifying a typed value for unique checks; equal values give equal keys
// (1 and 01 as integers, 2024-01-01T00:00:00Z and 2024-01-01T01:00:00+01:00 as datetimes).
struct UniqueKey {
  std::uint64_t lo = 0;
  std::uint64_t hi = 0;
  friend bool operator==(const UniqueKey&, const UniqueKey&) = default;
};

// The canonical bytes of a typed value, appended to `out` (length-prefixed so that composite
// keys cannot collide by concatenation).
void append_canonical(const TypedValue& value, std::string& out);
// XXH3-128 of the canonical bytes.
UniqueKey unique_key(const TypedValue& value);
UniqueKey unique_key_of_bytes(std::string_view canonical);
// unique_key of a string (or any) value whose text is `text`, without making the typed value.
UniqueKey unique_key_of_text(Type type, std::string_view text);

}  // namespace rowguard::detail
