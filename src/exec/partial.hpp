#pragma once
// What validating one contiguous piece of input yields before it is placed in the file: counts,
// the first findings with piece-relative row and line numbers, and the values of unique fields,
// whose duplicates can only be judged once every earlier piece is known. Every executor produces
// these and merges them with the same Reducer, so results cannot depend on how input was split.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "check/typed_value.hpp"
#include "rowguard/result.hpp"

namespace rowguard::detail {

// Index of a (type, constraint) pair in the dense count arrays.
inline constexpr std::size_t kind_count = error_type_count + constraint_count;
constexpr std::size_t kind_index(ErrorType type, Constraint constraint) noexcept {
  return type == ErrorType::constraint_error ? error_type_count + static_cast<std::size_t>(constraint)
                                             : static_cast<std::size_t>(type);
}
constexpr ErrorType kind_type(std::size_t kind) noexcept {
  return kind >= error_type_count ? ErrorType::constraint_error : static_cast<ErrorType>(kind);
}
constexpr Constraint kind_constraint(std::size_t kind) noexcept {
  if (kind >= error_type_count) return static_cast<Constraint>(kind - error_type_count);
  if (kind == static_cast<std::size_t>(ErrorType::unique_error)) return Constraint::unique;
  return Constraint::none;
}

// A value of a unique field (or a composite key), kept until the Reducer has seen every earlier
// value of the file.
struct UniqueEntry {
  std::uint64_t row = 0;   // piece-relative row index
  std::uint64_t line = 0;  // piece-relative line index
  std::uint64_t byte = 0;  // absolute offset of the record
  UniqueKey key;
  std::uint32_t field_number = 0;
  std::uint32_t slot = 0;          // the plan's unique slot
  std::uint64_t value_offset = 0;  // the value's text in PartialResult::unique_values
  std::uint32_t value_size = 0;
  bool row_invalid = false;        // the row already has another finding
};

// What merging pieces needs to know of the plan: field names for counts and messages, which
// fields are numbers (shown unquoted), and which field each unique slot belongs to. Small enough to
// travel inside serialized partials, so that pieces can be reduced without the schema.
struct ReducePlan {
  std::vector<std::string> field_names;
  std::vector<bool> numeric;                // integer or number fields
  std::vector<std::uint32_t> slot_field;    // unique slot -> field index
  std::int32_t composite_key_slot = -1;     // the slot of a composite primary key, or -1
  std::vector<std::uint32_t> composite_key; // its fields, in key order

  std::size_t slots() const noexcept { return field_names.size() + 1; }
  friend bool operator==(const ReducePlan&, const ReducePlan&) = default;
};

// Where a row's record lies (line break included), for copying records out as they were.
struct RowSpan {
  std::uint64_t begin = 0;  // absolute
  std::uint64_t end = 0;
  std::uint64_t row = 0;    // piece-relative row index
  bool invalid = false;     // before unique values are judged
  bool header = false;      // the header record (copied to every output)
};

struct PartialResult {
  std::uint64_t offset = 0;          // absolute offset of the first byte covered
  std::uint64_t bytes = 0;           // bytes covered
  std::uint64_t rows_consumed = 0;   // row numbers used: header and rows (CSV), lines (JSONL)
  std::uint64_t lines_consumed = 0;  // line breaks passed
  std::uint64_t total_rows = 0;
  std::uint64_t invalid_rows = 0;    // not counting unique/primary-key findings
  std::vector<std::uint64_t> counts; // [slot * kind_count + kind]; slot = field, or the no-field slot
  std::vector<Finding> findings;     // first findings; row and line are 0-based and piece-relative
  std::vector<UniqueEntry> unique;
  std::string unique_values;         // text of unique values, for unique-error findings
  bool want_spans = false;           // readers fill `spans` when set
  std::vector<RowSpan> spans;

  void reset(std::size_t slots) {
    const bool spans_wanted = want_spans;
    *this = PartialResult{};
    counts.assign(slots * kind_count, 0);
    want_spans = spans_wanted;
  }
};

}  // namespace rowguard::detail
