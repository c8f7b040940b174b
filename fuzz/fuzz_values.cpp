// The quick checks of the hot path against the full check of one value: for a field with bounds
// and lengths taken from the input, quick_pass must pass exactly the values check_text finds
// nothing wrong with. (One exception, by design: a NaN for a number with no bounds, which
// quick_pass leaves to check_text.) Most of what it tests is the decimal path that decides number
// bounds on the digits, without floating point, against fast_float and the bounds in floating
// point.
//
// Input: a kind byte, two 3-byte bounds (a signed 16-bit mantissa and a power of ten), then values
// separated by NUL bytes.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "check/cell_check.hpp"
#include "check/values.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace rowguard;

// mantissa * 10^(exponent % 41 - 20): from 1e-20 to 3.3e24, negative too, often not exact in
// binary (0.1, 0.01), sometimes beyond 2^53.
double bound(fuzz::FuzzInput& in) {
  const unsigned high_byte = in.byte();
  const unsigned low_byte = in.byte();
  const auto mantissa = static_cast<std::int16_t>((high_byte << 8) | low_byte);
  const int exponent = in.byte() % 41 - 20;
  return static_cast<double>(mantissa) * std::pow(10.0, exponent);
}

std::optional<Field> field_from(std::uint8_t kind, double low, double high) {
  const auto low_int = static_cast<std::int64_t>(std::fmax(std::fmin(low, 9e18), -9e18));
  const auto high_int = static_cast<std::int64_t>(std::fmax(std::fmin(high, 9e18), -9e18));
  switch (kind % 8) {
    case 0: return Field::number().min(low).max(high);
    case 1: return Field::number().min(low);
    case 2: return Field::number().max(high);
    case 3: return Field::number();
    case 4: return Field::integer().min(low_int).max(high_int);
    case 5: {
      // Lengths 0 to 39 and a span of 0 to 39, from the bounds' magnitudes (clamped: a cast of a
      // double beyond 2^64 is undefined).
      const auto small = [](double x) { return static_cast<std::uint64_t>(std::fmin(std::fabs(x), 1e18)) % 40; };
      const std::uint64_t shortest = small(low);
      Field f = Field::string().min_length(shortest).max_length(shortest + small(high));
      if (kind & 8) f.pattern(R"([A-Z]{2}\d{2}[A-Z0-9]{1,20})");
      return f;
    }
    case 6: return Field::date();
    default: return Field::datetime();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput in(data, size);
  const std::uint8_t kind = in.byte();
  const double low = bound(in), high = bound(in);
  const std::optional<Field> field = field_from(kind, low, high);
  std::optional<Plan> plan;
  try {
    plan = compile(Schema{{"v", *field}});
  } catch (const SchemaError&) {
    return 0;  // minimum above maximum
  }
  const detail::CompiledField& f = plan->impl().fields[0];
  if (!f.quick_fn) fuzz::broken("a field without enum or exclusive bounds has no quick check");
  std::string_view values = in.rest();
  std::string scratch;
  while (true) {
    const std::size_t end = values.find('\0');
    const std::string_view value = values.substr(0, end);
    const bool quick = detail::quick_pass(f, value);
    detail::TypedValue typed;
    const bool full = detail::check_text(f, value, typed, scratch).ok();
    double x = 0;
    const bool nan = kind % 8 == 3 && detail::parse_double(value, x) == detail::ParseStatus::ok && std::isnan(x);
    if (quick != full && !(nan && !quick)) {
      const std::string what = "quick_pass against check_text on \"" + std::string(value) + "\" (kind " +
                               std::to_string(kind % 8) + ", bounds " + std::to_string(low) + " " + std::to_string(high) + ")";
      fuzz::mismatch(what.c_str(), full ? "passes" : "fails", quick ? "passes" : "fails");
    }
    if (end == std::string_view::npos) break;
    values.remove_prefix(end + 1);
  }
  return 0;
}
