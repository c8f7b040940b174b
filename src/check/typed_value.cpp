#include "check/typed_value.hpp"

#include <xxhash.h>

#include <cmath>
#include <limits>
#include <cstring>
#include <string>

namespace rowguard::detail {
namespace {

template <class T>
void append_pod(std::string& out, const T& v) {
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));
  out.append(buf, sizeof(T));
}

}  // namespace

void append_canonical(const TypedValue& value, std::string& out) {
  out.push_back(static_cast<char>(value.type));
  switch (value.type) {
    case Type::integer:
    case Type::date:
    case Type::boolean:
      append_pod(out, value.i);
      break;
    case Type::number: {
      double d = value.d;
      if (d == 0) d = 0;  // -0 and +0 are the same number
      if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
      append_pod(out, d);
      break;
    }
    case Type::datetime:
      append_pod(out, value.t.seconds);
      append_pod(out, value.t.nanos);
      break;
    case Type::string:
    case Type::any:
      append_pod(out, static_cast<std::uint64_t>(value.s.size()));
      out.append(value.s);
      break;
  }
}

UniqueKey unique_key_of_bytes(std::string_view canonical) {
  XXH128_hash_t h = XXH3_128bits(canonical.data(), canonical.size());
  return UniqueKey{h.low64, h.high64};
}

UniqueKey unique_key_of_text(Type type, std::string_view text) {
  // The text hashed directly, seeded by the type, to avoid copying long strings.
  XXH128_hash_t h = XXH3_128bits_withSeed(text.data(), text.size(), static_cast<XXH64_hash_t>(type) + 1);
  return UniqueKey{h.low64, h.high64};
}

UniqueKey unique_key(const TypedValue& value) {
  if (value.type == Type::string || value.type == Type::any) return unique_key_of_text(value.type, value.s);
  // Fixed-size types: the canonical bytes fit in a small buffer, so no allocation.
  char buf[24];
  std::size_t n = 0;
  auto put = [&](const auto& v) {
    std::memcpy(buf + n, &v, sizeof(v));
    n += sizeof(v);
  };
  buf[n++] = static_cast<char>(value.type);
  if (value.type == Type::number) {
    double d = value.d;
    if (d == 0) d = 0;
    if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
    put(d);
  } else if (value.type == Type::datetime) {
    put(value.t.seconds);
    put(value.t.nanos);
  } else {
    put(value.i);
  }
  return unique_key_of_bytes(std::string_view(buf, n));
}

}  // namespace rowguard::detail
