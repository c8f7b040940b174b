#pragma once
/// StreamingValidator: validates through one fixed-size buffer, so memory stays flat whatever the
/// input size (the buffer, plus one record of at most Dialect::max_record_bytes; longer records are
/// followed to their end without being held). Reads files, standard input and pipes, and gzip or
/// zstd input as a stream. Hands out a BatchResult every `batch_rows` rows and reports progress.
/// The final result is identical to the serial Validator's.
///
///   StreamingValidator v(plan);
///   auto stream = v.open("events.jsonl.gz");
///   while (auto batch = stream.next()) use(*batch);
///   ValidationResult total = stream.result();

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <vector>

#include "rowguard/plan.hpp"
#include "rowguard/result.hpp"
#include "rowguard/validator.hpp"

namespace rowguard {

struct StreamingOptions : ValidateOptions {
  /// Bytes read per refill of the buffer: at least 64 and at most 256 MiB are used.
  std::size_t buffer_size = std::size_t{4} << 20;
  /// Rows per BatchResult (the last batch may hold fewer); 0 is taken as 1.
  std::size_t batch_rows = 100'000;
  /// Findings listed per batch, in file order (counts stay complete).
  std::size_t batch_findings = 1000;
};

/// The outcome of `batch_rows` consecutive rows.
struct BatchResult {
  std::uint64_t index = 0;          ///< 0-based batch number
  std::uint64_t total_rows = 0;     ///< data rows in this batch
  std::uint64_t valid_count = 0;    ///< rows without findings (unique errors included)
  std::uint64_t invalid_count = 0;
  std::vector<Finding> findings;    ///< this batch's findings, with file row/line/byte numbers
  bool findings_truncated = false;  ///< more findings than batch_findings in this batch
  std::uint64_t bytes_done = 0;     ///< input bytes consumed so far
};

using BatchFn = std::function<void(const BatchResult&)>;

namespace detail {
struct BatchStreamState;
}

/// Pull-style access to one streaming validation: next() until it returns nothing, then result().
class BatchStream {
 public:
  ~BatchStream();
  BatchStream(BatchStream&&) noexcept;
  BatchStream& operator=(BatchStream&&) noexcept;

  /// The next batch, or nullopt when the input is exhausted. Throws IoError on a read error.
  std::optional<BatchResult> next();
  /// Progress so far.
  StreamProgress progress() const;
  /// The whole input's result; reads what is left first. Later calls return the same result.
  ValidationResult result();
  /// Copies every record, byte for byte as it was, to `valid` or `invalid` (either may be null)
  /// once its verdict is final, unique values included; a CSV header goes to both first. Call
  /// before the first next(). The streams are not owned.
  void route_records(std::ostream* valid, std::ostream* invalid);

 private:
  friend class StreamingValidator;
  explicit BatchStream(std::unique_ptr<detail::BatchStreamState> state);
  std::unique_ptr<detail::BatchStreamState> state_;
};

class StreamingValidator {
 public:
  explicit StreamingValidator(Plan plan, StreamingOptions options = {});

  /// Opens a file ("-" for standard input) for pull-style reading. Throws IoError or UsageError.
  BatchStream open(const std::filesystem::path& path) const;
  /// Opens a stream (not owned; must outlive the BatchStream).
  BatchStream open(std::istream& in, Format format) const;

  /// Validates a file, calling `on_batch` for every batch and `on_progress` after every piece.
  ValidationResult validate_file(const std::filesystem::path& path, const BatchFn& on_batch = {},
                                 const StreamProgressFn& on_progress = {}) const;
  ValidationResult validate_stream(std::istream& in, Format format, const BatchFn& on_batch = {},
                                   const StreamProgressFn& on_progress = {}) const;

  const Plan& plan() const noexcept { return plan_; }
  const StreamingOptions& options() const noexcept { return options_; }
  /// The kernel this validator runs (options().kernel resolved).
  Kernel kernel() const noexcept { return kernel_; }

 private:
  Plan plan_;
  StreamingOptions options_;
  Kernel kernel_;
};

}  // namespace rowguard
