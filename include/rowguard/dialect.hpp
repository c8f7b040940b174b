#pragma once
/// How a CSV file is written: delimiter, quoting, header, comments. Mirrors the Frictionless Table
/// Dialect (and CSV Dialect) descriptor. JSONL input ignores the dialect except max_record_bytes.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string_view>

namespace rowguard {

struct Dialect {
  /// Field separator (Table Dialect `delimiter`).
  char delimiter = ',';
  /// Quote character (`quoteChar`).
  char quote_char = '"';
  /// A doubled quote inside a quoted field stands for one quote (`doubleQuote`).
  bool double_quote = true;
  /// Character that makes the next character literal (`escapeChar`); none by default.
  std::optional<char> escape_char;
  /// The first record holds column labels (`header`).
  bool header = true;
  /// Lines starting with this character are skipped (`commentChar`).
  std::optional<char> comment_char;
  /// Spaces right after a delimiter are ignored (`skipInitialSpace`).
  bool skip_initial_space = false;
  /// Rows whose cells are all empty are skipped instead of reported as blank-row findings.
  bool skip_blank_rows = false;
  /// Header labels are compared with field names case-sensitively (`caseSensitiveHeader`).
  bool case_sensitive_header = true;
  /// A record longer than this many bytes is reported as record-too-large and not checked.
  std::size_t max_record_bytes = std::size_t{16} << 20;

  /// The dialect for tab-separated files (delimiter '\t', otherwise the defaults).
  static Dialect tsv() {
    Dialect d;
    d.delimiter = '\t';
    return d;
  }

  /// Parses a Table Dialect / CSV Dialect JSON descriptor; throws SchemaError naming the keyword
  /// for anything malformed or unsupported.
  static Dialect from_json(std::string_view json);
  /// Reads and parses a dialect file; throws IoError or SchemaError.
  static Dialect from_file(const std::filesystem::path& path);

  friend bool operator==(const Dialect&, const Dialect&) = default;
};

}  // namespace rowguard
