#pragma once
// Checks one present value against one compiled field: the type first, then the rules in order of
// cost (enum, bounds, length, pattern). The verdict is a small value; findings and messages are
// made from it only when a rule fails, so a valid cell allocates nothing.

#include <cstdint>
#include <string>
#include <string_view>

#include "check/typed_value.hpp"
#include "rowguard/result.hpp"
#include "schema/plan_impl.hpp"

namespace rowguard::detail {

enum class TypeProblem : std::uint8_t {
  none,
  not_integer,
  integer_out_of_range,
  not_number,
  not_boolean,
  not_date,
  not_datetime,
  not_email,
  not_uri,
  not_uuid,
  not_base64,
  wrong_json_type,  // a JSON value of the wrong kind (detail: the JSON kind, see json_kind_name)
};

// JSON value kinds, for type-error messages on JSONL input.
enum class JsonKind : std::uint8_t { array, object, number, string, boolean, null };
std::string_view json_kind_name(JsonKind kind) noexcept;

struct CellVerdict {
  TypeProblem type_problem = TypeProblem::none;
  std::uint16_t failed = 0;   // bit (1 << Constraint) for each broken rule
  std::uint64_t length = 0;   // code points, when a length rule ran
  std::uint64_t detail = 0;   // extra context for the message (e.g. the JSON kind)
  bool ok() const noexcept { return type_problem == TypeProblem::none && failed == 0; }
};

constexpr std::uint16_t bit(Constraint c) noexcept {
  return static_cast<std::uint16_t>(1u << static_cast<unsigned>(c));
}

// Parses text as the field's type into `typed` (using `scratch` only for non-default number
// syntax) and checks every rule. The caller has already handled missing values.
inline CellVerdict check_text(const CompiledField& field, std::string_view text, TypedValue& typed,
                              std::string& scratch) {
  return field.checker(field, text, typed, scratch);
}

// Whether the decimal (negative ? -1 : 1) * mantissa / 10^fraction (at most 18 digits) is within a
// quick number check's bounds for certain, decided on the digits without a division. False means
// "decide in floating point", not "outside".
inline bool quick_decimal_within(const CompiledField& f, bool negative, std::uint64_t mantissa,
                                 std::size_t fraction) {
  const auto m = static_cast<std::int64_t>(mantissa);
  const std::int64_t value = negative ? -m : m;
  return value >= f.quick_min_scaled[fraction] && value <= f.quick_max_scaled[fraction];
}

// quick_pass (below) for a field whose quick check is `K`; select_quick_check stores the one a
// field needs in CompiledField::quick_fn.
template <QuickCheck K>
bool quick_pass_as(const CompiledField& f, std::string_view text) {
  if constexpr (K == QuickCheck::string) {
    if (f.quick_lengths) {
      const std::uint64_t n = utf8_length(text);
      if (n < f.quick_min_length || n > f.quick_max_length) return false;
    }
    return !f.pattern || f.pattern->full_match(text);
  } else if constexpr (K == QuickCheck::number) {
    bool negative;
    std::uint64_t mantissa;
    std::size_t fraction, digits;
    if (split_plain_decimal(text, negative, mantissa, fraction, digits) && digits <= 18 &&
        quick_decimal_within(f, negative, mantissa, fraction)) {
      return true;
    }
    double x;
    return parse_double(text, x) == ParseStatus::ok && x >= f.quick_min_number && x <= f.quick_max_number;
  } else if constexpr (K == QuickCheck::integer) {
    std::int64_t x;
    return parse_int64(text, x) == ParseStatus::ok && x >= f.quick_min_integer && x <= f.quick_max_integer;
  } else if constexpr (K == QuickCheck::date) {
    std::int64_t days;
    return parse_iso_date(text, days) == ParseStatus::ok;
  } else if constexpr (K == QuickCheck::datetime) {
    return is_iso_datetime(text);
  } else {
    return false;
  }
}

// True when `text` (present, not a missing value) passes every check of `field`, decided without
// building a verdict: check_text would then find nothing. False means only "ask check_text",
// which decides (and describes) the cell. Fields without a quick check always answer false.
// One call to the field's own check: no dispatch on the kind of check per value.
inline bool quick_pass(const CompiledField& f, std::string_view text) { return f.quick_fn && f.quick_fn(f, text); }

// Sets up the quick check of a field, if it can have one. A field in a composite key has none, nor
// has a unique field other than a plain string: their keys are made from typed values, which the
// quick check does not make. A plain string's typed value is its text, so the readers make its key
// from the text when the quick check passes.
void select_quick_check(CompiledField& field, bool in_composite_key);

// The checker for a compiled field: specialised for plain strings, numbers, integers and ISO
// dates and datetimes, generic otherwise.
CellChecker select_checker(const CompiledField& field);

// Checks the rules of `field` on a value that already has the field's type.
void check_rules(const CompiledField& field, const TypedValue& value, CellVerdict& verdict);

// Message for a type or constraint problem of one cell, e.g. "amount: -3.5 is below the minimum
// 0.01".
std::string describe_cell(const CompiledField& field, ErrorType type, Constraint constraint,
                          const CellVerdict& verdict, std::string_view value);

}  // namespace rowguard::detail
