#pragma once
/// What a validation finds: complete counts per field and error type, and the first N findings
/// in file order, each with its row, line, byte offset and field.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rowguard {

/// The kind of problem. Names follow the Frictionless error catalogue where one exists.
enum class ErrorType : std::uint8_t {
  blank_label,         ///< "blank-label": a header label is empty
  duplicate_label,     ///< "duplicate-label": a header label repeats an earlier one
  extra_label,         ///< "extra-label": a header label the schema does not expect
  missing_label,       ///< "missing-label": a schema field has no header label
  incorrect_label,     ///< "incorrect-label": a label differs from the field name at its position
  blank_row,           ///< "blank-row": every cell of the row is empty
  extra_cell,          ///< "extra-cell": the row has more cells than the header
  missing_cell,        ///< "missing-cell": the row has fewer cells than the header
  type_error,          ///< "type-error": the value is not of the field's type or format
  constraint_error,    ///< "constraint-error": a rule (see Constraint) is broken
  unique_error,        ///< "unique-error": a unique field repeats an earlier row's value
  primary_key_error,   ///< "primary-key": a composite primary key repeats an earlier row's key
  encoding_error,      ///< "encoding-error": the cell or record is not valid UTF-8
  malformed_json,      ///< "malformed-json": a JSONL line is not valid JSON
  not_an_object,       ///< "not-an-object": a JSONL line is valid JSON but not an object
  unterminated_quote,  ///< "unterminated-quote": a quoted CSV field runs to end of file
  record_too_large,    ///< "record-too-large": a record is longer than Dialect::max_record_bytes
};
inline constexpr int error_type_count = 17;

/// Which rule a constraint-error (or unique/primary-key error) broke.
enum class Constraint : std::uint8_t {
  none,
  required,
  enumeration,        ///< "enum"
  minimum,
  maximum,
  exclusive_minimum,  ///< "exclusiveMinimum"
  exclusive_maximum,  ///< "exclusiveMaximum"
  min_length,         ///< "minLength"
  max_length,         ///< "maxLength"
  pattern,
  unique,
};
inline constexpr int constraint_count = 11;

/// Frictionless name of an error type, e.g. "type-error".
std::string_view to_string(ErrorType type) noexcept;
/// Table Schema keyword of a constraint, e.g. "minLength"; empty for Constraint::none.
std::string_view to_string(Constraint constraint) noexcept;
/// Inverse of to_string; nullopt for unknown names.
std::optional<ErrorType> error_type_from_string(std::string_view name) noexcept;
std::optional<Constraint> constraint_from_string(std::string_view name) noexcept;

/// One problem found in the data.
struct Finding {
  /// Frictionless rowNumber: with a header the header is row 1 and the first data row is row 2;
  /// for JSONL the line number. Label findings carry the header's row.
  std::uint64_t row = 0;
  /// Physical line (1-based) on which the record starts.
  std::uint64_t line = 0;
  /// Byte offset (0-based) of the first byte of the record in the input.
  std::uint64_t byte = 0;
  /// The schema field; for cells or labels outside the schema, the header label or "".
  std::string field;
  /// 1-based column number for CSV, 1-based schema position for JSONL; 0 for whole-row problems.
  std::uint32_t field_number = 0;
  ErrorType type = ErrorType::type_error;
  Constraint constraint = Constraint::none;
  /// A sentence a person understands, e.g. "amount: -3.5 is below the minimum 0.01".
  std::string message;
  /// The offending value, cut to 80 bytes on a character boundary (invalid UTF-8 shown as U+FFFD).
  std::string value;

  friend bool operator==(const Finding&, const Finding&) = default;
};

/// How many findings of one kind one field produced. Counts are complete, never sampled.
struct ErrorCount {
  std::string field;  ///< the schema field, or "" for problems not tied to a schema field
  ErrorType type = ErrorType::type_error;
  Constraint constraint = Constraint::none;
  std::uint64_t count = 0;

  friend bool operator==(const ErrorCount&, const ErrorCount&) = default;
};

/// The outcome of validating one input.
struct ValidationResult {
  std::uint64_t total_rows = 0;    ///< data rows read (header, comments, skipped rows excluded)
  std::uint64_t valid_rows = 0;    ///< rows with no finding
  std::uint64_t invalid_rows = 0;  ///< rows with at least one finding
  /// Complete counts per (field, type, constraint), ordered by schema field (non-schema first),
  /// then type, then constraint.
  std::vector<ErrorCount> error_counts;
  /// The first findings in file order (at most the max_findings option).
  std::vector<Finding> findings;
  /// True when more findings exist than `findings` holds.
  bool findings_truncated = false;
  std::uint64_t bytes_read = 0;  ///< input bytes consumed
  double elapsed_seconds = 0;    ///< wall time of the validation
  /// The tokenizer kernel that ran: "scalar", "avx2" or "avx512"; "state-machine" for a CSV
  /// dialect the kernels do not cover (such as one with an escapeChar); "mixed" when reduced
  /// partials ran different kernels.
  std::string kernel;

  /// Total number of findings of every kind.
  std::uint64_t total_findings() const noexcept;
  /// No finding at all: every row valid, and no header, encoding or structure problem.
  bool is_valid() const noexcept { return error_counts.empty(); }
};

}  // namespace rowguard
