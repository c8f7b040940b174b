#pragma once
/// The serial Validator: validates a whole input on one thread. It is the reference every other
/// executor and tokenizer kernel must match exactly.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <istream>
#include <optional>
#include <string_view>

#include "rowguard/kernels.hpp"
#include "rowguard/plan.hpp"
#include "rowguard/result.hpp"

namespace rowguard {

namespace detail {
class ByteSource;
}

/// The input format.
enum class Format : std::uint8_t {
  automatic,  ///< from the file extension: .csv, .tsv, .jsonl, .ndjson (else an error)
  csv,        ///< delimited text as the plan's dialect says
  tsv,        ///< the plan's dialect with a tab delimiter
  jsonl,      ///< one JSON object per line
};

/// "auto", "csv", "tsv" or "jsonl".
std::string_view to_string(Format format) noexcept;
/// Parses "auto", "csv", "tsv", "jsonl" (also "ndjson"); throws UsageError otherwise.
Format format_from_string(std::string_view name);
/// The format a path's extension implies (.csv, .tsv, .jsonl, .ndjson, case-insensitive, also
/// under a trailing .gz or .zst); throws UsageError for other extensions.
Format format_from_path(const std::filesystem::path& path);

/// Options that change what a validation reports.
struct ValidateOptions {
  Format format = Format::automatic;
  /// How many findings to keep in file order; 0 keeps counts only.
  std::size_t max_findings = 1000;
  /// Tokenizer kernel; any choice gives the same result. Forcing one the CPU lacks throws
  /// UsageError when the validator is constructed.
  Kernel kernel = Kernel::automatic;
};

/// Progress after each piece of input (StreamingValidator, and Validator::validate_file on
/// request).
struct StreamProgress {
  std::uint64_t bytes_done = 0;
  std::optional<std::uint64_t> total_bytes;  ///< known for uncompressed regular files and streams that can seek
  std::uint64_t rows = 0;
  std::uint64_t invalid_rows = 0;
};

using StreamProgressFn = std::function<void(const StreamProgress&)>;

class Validator {
 public:
  explicit Validator(Plan plan, ValidateOptions options = {});

  /// Validates a file ("-" reads standard input). Throws IoError when it cannot be read and
  /// UsageError when the format cannot be determined; problems in the data are findings.
  /// `on_progress`, when given, is called after each piece of input (about 65,536 rows).
  ValidationResult validate_file(const std::filesystem::path& path, const StreamProgressFn& on_progress = {}) const;
  /// Validates bytes in memory. Format::automatic is not allowed here.
  ValidationResult validate_buffer(std::string_view data, Format format) const;
  /// Reads a stream to its end and validates it.
  ValidationResult validate_stream(std::istream& in, Format format) const;

  const Plan& plan() const noexcept { return plan_; }
  const ValidateOptions& options() const noexcept { return options_; }
  /// The kernel this validator runs (options().kernel resolved).
  Kernel kernel() const noexcept { return kernel_; }

 private:
  ValidationResult validate_source(detail::ByteSource& source, Format format,
                                   const StreamProgressFn& on_progress = {}) const;

  Plan plan_;
  ValidateOptions options_;
  Kernel kernel_;
};

}  // namespace rowguard
