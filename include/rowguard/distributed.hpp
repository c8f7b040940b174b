#pragma once
/// DistributedValidator: validates one input on a oneTBB thread pool. A pipeline reads the input
/// in chunks (a serial, in-order stage that overlaps with checking), works out each chunk's exact
/// start (a parallel pass over the chunk, then a short serial pass; a quoted field holding line
/// breaks may span chunks), checks chunks in parallel, and merges their results in file order.
/// The result is identical to the serial Validator's, whatever the worker count or chunk size.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <istream>
#include <optional>
#include <string_view>

#include "rowguard/plan.hpp"
#include "rowguard/result.hpp"
#include "rowguard/validator.hpp"

namespace rowguard {

struct DistributedOptions : ValidateOptions {
  /// Worker threads; 0 uses every hardware thread. More workers than hardware threads keep more
  /// chunks in flight but run on at most as many threads as oneTBB has. At most
  /// DistributedValidator::max_workers are used.
  std::size_t workers = 0;
  /// Bytes per chunk (a chunk always holds whole records, so it may be a record longer). Memory
  /// holds about 2 x workers chunks at a time. 0 is taken as 1, and more than
  /// DistributedValidator::max_chunk_size as that (options() shows the size in effect).
  std::size_t chunk_size = std::size_t{1} << 20;
};

/// Reported after each chunk is merged, in file order.
struct ChunkProgress {
  std::size_t chunk = 0;                        ///< 1-based number of the chunk just merged
  std::optional<std::size_t> total_chunks;      ///< when the input size is known (an estimate:
                                                ///< records can move a boundary)
  std::uint64_t rows = 0;                       ///< data rows so far
  std::uint64_t invalid_rows = 0;               ///< invalid rows so far
  std::uint64_t bytes = 0;                      ///< input bytes so far
  std::optional<std::uint64_t> total_bytes;     ///< when the input size is known
};

using ChunkProgressFn = std::function<void(const ChunkProgress&)>;

class DistributedValidator {
 public:
  /// The most workers and the largest chunk a validator uses, whatever its options ask for.
  static constexpr std::size_t max_workers = 4096;
  static constexpr std::size_t max_chunk_size = std::size_t{256} << 20;

  explicit DistributedValidator(Plan plan, DistributedOptions options = {});

  /// Validates a file ("-" reads standard input; gzip and zstd are decompressed). Throws IoError or
  /// UsageError as Validator does. A record longer than the dialect's max_record_bytes would have
  /// to be held whole by the chunk that gathers it; instead, from that chunk's start on, the file
  /// is read again serially, through one buffer that follows such records without holding them
  /// (memory stays O(chunk_size + max_record_bytes)). Standard input, pipes and validate_stream
  /// cannot be read again: there the serial reader goes on from the bytes the pipeline holds from
  /// that chunk on, then reads the rest, with memory bounded the same way. validate_buffer has its
  /// input in memory already.
  ValidationResult validate_file(const std::filesystem::path& path, const ChunkProgressFn& progress = {}) const;
  /// Validates bytes in memory (without copying them).
  ValidationResult validate_buffer(std::string_view data, Format format, const ChunkProgressFn& progress = {}) const;
  /// Validates a stream read to its end.
  ValidationResult validate_stream(std::istream& in, Format format, const ChunkProgressFn& progress = {}) const;

  /// The worker count in effect (options().workers, or the hardware's; at most max_workers).
  std::size_t workers() const noexcept { return workers_; }
  const Plan& plan() const noexcept { return plan_; }
  const DistributedOptions& options() const noexcept { return options_; }
  /// The kernel this validator runs (options().kernel resolved).
  Kernel kernel() const noexcept { return kernel_; }

 private:
  Plan plan_;
  DistributedOptions options_;
  Kernel kernel_;
  std::size_t workers_;
};

}  // namespace rowguard
