#pragma once
/// Report writers shared by the CLI and applications: a JSON object for machines, a text report
/// for people. Both are deterministic except for the timing keys (elapsed_s, rows_per_s).

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

#include "rowguard/result.hpp"

namespace rowguard {

/// Writes the result as one JSON object on one line:
/// {"source", "valid", "total_rows", "valid_rows", "invalid_rows", "error_counts": [{"field",
/// "type", "constraint", "count"}], "errors": [{"row", "line", "byte", "field", "field_number",
/// "type", "constraint", "message", "value"}], "errors_truncated", "bytes", "kernel", "elapsed_s",
/// "rows_per_s"}. Absent field/constraint values are null.
void write_json_report(std::ostream& out, const ValidationResult& result, std::string_view source);

/// Writes a human report: the verdict, counts per field and error type, and a table of the first
/// `max_table_rows` findings.
void write_text_report(std::ostream& out, const ValidationResult& result, std::string_view source,
                       std::size_t max_table_rows = 50);

/// A one-line summary such as "data.csv: INVALID, 1,000,000 rows, 12 invalid, 14 findings,
/// 56.3 MiB in 0.061 s (16.39M rows/s)" or "data.csv: valid, 1,000 rows, ...".
std::string summary_line(const ValidationResult& result, std::string_view source);

/// Appends `text` to `out` as a JSON string literal (quotes included), escaping as RFC 8259 needs.
void append_json_string(std::string& out, std::string_view text);

}  // namespace rowguard
