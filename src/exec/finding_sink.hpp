#pragma once
// Records the findings of the rows of one piece: counts every finding, keeps the first ones with
// their messages, tracks row validity and collects unique values. Shared by the CSV and JSONL
// readers so both report identically.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "check/cell_check.hpp"
#include "exec/partial.hpp"
#include "schema/plan_impl.hpp"

namespace rowguard::detail {

class FindingSink {
 public:
  FindingSink(const PlanImpl& plan, PartialResult& out, std::size_t max_findings)
      : plan_(plan), out_(out), max_findings_(max_findings) {}

  // Starts a row at the given piece-relative line and absolute byte offset; uses the next row
  // number.
  void begin_row(std::uint64_t line, std::uint64_t byte) {
    row_ = out_.rows_consumed++;
    line_ = line;
    byte_ = byte;
    row_invalid_ = false;
    unique_mark_ = out_.unique.size();
  }
  // Starts the header (it takes a row number but is not a data row).
  void begin_header(std::uint64_t line, std::uint64_t byte) { begin_row(line, byte); }

  // Finishes a data row: counts it and tells its unique values whether the row is invalid.
  void end_row() {
    ++out_.total_rows;
    if (row_invalid_) {
      ++out_.invalid_rows;
      for (std::size_t i = unique_mark_; i < out_.unique.size(); ++i) out_.unique[i].row_invalid = true;
    }
  }

  // A finding; `message` is called only when the finding is kept.
  template <class MessageFn>
  void report(std::uint32_t slot, std::string_view field, std::uint32_t field_number, ErrorType type,
              Constraint constraint, std::string_view value, MessageFn&& message) {
    row_invalid_ = true;
    ++out_.counts[slot * kind_count + kind_index(type, constraint)];
    if (out_.findings.size() >= max_findings_) return;
    Finding f;
    f.row = row_;
    f.line = line_;
    f.byte = byte_;
    // Labels come from the data and may not be UTF-8; reports must be.
    f.field = is_valid_utf8(field) ? std::string(field) : display_value(field, field.size() * 3);
    f.field_number = field_number;
    f.type = type;
    f.constraint = type == ErrorType::unique_error ? Constraint::unique : constraint;
    f.message = message();
    f.value = display_value(value, 80);
    out_.findings.push_back(std::move(f));
  }

  // The type and constraint problems of one cell, in rule order.
  void cell(const CompiledField& f, std::uint32_t field_number, const CellVerdict& v, std::string_view value) {
    if (v.type_problem != TypeProblem::none) {
      report(f.index, f.name, field_number, ErrorType::type_error, Constraint::none, value,
             [&] { return describe_cell(f, ErrorType::type_error, Constraint::none, v, value); });
      return;
    }
    for (unsigned c = static_cast<unsigned>(Constraint::enumeration); c <= static_cast<unsigned>(Constraint::pattern); ++c) {
      auto constraint = static_cast<Constraint>(c);
      if (v.failed & bit(constraint)) {
        report(f.index, f.name, field_number, ErrorType::constraint_error, constraint, value,
               [&] { return describe_cell(f, ErrorType::constraint_error, constraint, v, value); });
      }
    }
  }

  void required_missing(const CompiledField& f, std::uint32_t field_number, std::string_view value) {
    report(f.index, f.name, field_number, ErrorType::constraint_error, Constraint::required, value,
           [&] { return describe_cell(f, ErrorType::constraint_error, Constraint::required, CellVerdict{}, value); });
  }

  void encoding(std::uint32_t slot, std::string_view field, std::uint32_t field_number, std::string_view value) {
    report(slot, field, field_number, ErrorType::encoding_error, Constraint::none, value, [&] {
      std::size_t at = first_invalid_utf8(value);
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(value[at])));
      return (field.empty() ? std::string() : std::string(field) + ": ") + "the value is not valid UTF-8 (byte " +
             hex + " at position " + std::to_string(at + 1) + ")";
    });
  }

  // Checks one present-or-missing text value of a field: a missing value fails only `required`;
  // otherwise type, rules, and the unique value. Returns true when the value has the field's type
  // (so `typed` may be used for a composite key). UTF-8 is the caller's check.
  bool text_cell(const CompiledField& f, std::uint32_t field_number, std::string_view value, std::string& scratch,
                 TypedValue& typed) {
    if (f.missing.is_missing(value)) {
      if (f.required) required_missing(f, field_number, value);
      return false;
    }
    if (quick_pass(f, value)) {  // `typed` is left unset
      // The only unique fields with a quick check are plain strings, whose key is their text.
      if (f.unique_slot >= 0) {
        unique_value(static_cast<std::uint32_t>(f.unique_slot), field_number, unique_key_of_text(Type::string, value), value);
      }
      return true;
    }
    CellVerdict verdict = check_text(f, value, typed, scratch);
    if (!verdict.ok()) cell(f, field_number, verdict, value);
    if (verdict.type_problem != TypeProblem::none) return false;
    if (f.unique_slot >= 0) {
      unique_value(static_cast<std::uint32_t>(f.unique_slot), field_number, unique_key(typed), value);
    }
    return true;
  }

  // A value of a unique field or composite key; judged later by the Reducer.
  void unique_value(std::uint32_t slot, std::uint32_t field_number, const UniqueKey& key, std::string_view text) {
    UniqueEntry e;
    e.row = row_;
    e.line = line_;
    e.byte = byte_;
    e.key = key;
    e.field_number = field_number;
    e.slot = slot;
    // Enough of the text for an 80-byte display value.
    std::string_view kept = text.substr(0, 84);
    e.value_offset = out_.unique_values.size();
    e.value_size = static_cast<std::uint32_t>(kept.size());
    out_.unique_values.append(kept);
    out_.unique.push_back(e);
  }

  bool row_invalid() const noexcept { return row_invalid_; }
  std::uint64_t row() const noexcept { return row_; }
  const PlanImpl& plan() const noexcept { return plan_; }

 private:
  const PlanImpl& plan_;
  PartialResult& out_;
  std::size_t max_findings_;
  std::uint64_t row_ = 0;
  std::uint64_t line_ = 0;
  std::uint64_t byte_ = 0;
  bool row_invalid_ = false;
  std::size_t unique_mark_ = 0;
};

}  // namespace rowguard::detail
