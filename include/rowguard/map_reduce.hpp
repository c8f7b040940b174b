#pragma once
/// MapReduceValidator: validate pieces of one input anywhere (other processes, other machines) and
/// merge them. split() cuts a file into byte ranges that start on record boundaries; each range is
/// validated on its own into a PartialResult, which serializes to a versioned byte format; reducing
/// the partials gives exactly the result the serial Validator gives for the whole file.
///
///   MapReduceValidator mr(plan);
///   std::vector<PartialResult> parts;
///   for (ByteRange r : mr.split("big.csv", 8)) parts.push_back(mr.map_file_range("big.csv", r));
///   ValidationResult result = reduce_results(std::move(parts));
///
/// `unique` works across partials: every partial carries the 128-bit hash of each unique value it
/// saw with the row's position and up to 84 bytes of the value (for messages), 61 bytes plus the
/// value per row and unique field in the byte format; the reducer judges them in file order.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rowguard/plan.hpp"
#include "rowguard/result.hpp"
#include "rowguard/validator.hpp"

namespace rowguard {

/// A byte range of an input: [offset, offset + length).
struct ByteRange {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

/// What a chunk cannot know on its own.
struct ChunkInfo {
  /// Where the chunk's first byte sits in the input. The chunk must start on a record boundary
  /// (as split() guarantees); offset 0 means it holds the byte-order mark and the header. A
  /// record boundary is always outside quotes, so there is no quote state to pass: cuts made
  /// elsewhere (say, a distributed file system's block boundaries) go through split_at(), which
  /// moves each one to the next record boundary with a quote-aware pass.
  std::uint64_t offset = 0;
  /// For CSV with a header, chunks after the first need the input's header record (raw bytes,
  /// from MapReduceValidator::header_record) to match columns to fields.
  std::string header_record;
};

namespace detail {
struct PartialData;
class RecordReader;
}

/// One chunk's findings before they are placed among the other chunks'.
class PartialResult {
 public:
  PartialResult();
  ~PartialResult();
  PartialResult(const PartialResult&);
  PartialResult& operator=(const PartialResult&);
  PartialResult(PartialResult&&) noexcept;
  PartialResult& operator=(PartialResult&&) noexcept;

  /// The byte range of the input the partial covers.
  ByteRange range() const noexcept;
  /// The input's name, as map_file_range was given it (empty for map_validate_chunk); the report
  /// of the reduced result names it.
  const std::string& source() const noexcept;
  /// Data rows in the chunk, and those invalid before unique values are judged.
  std::uint64_t total_rows() const noexcept;
  std::uint64_t invalid_rows_before_reduce() const noexcept;

  /// The versioned byte format (docs/map-reduce.md): a magic number and version, the plan's
  /// fingerprint and what reducing needs of the plan, then the chunk's counts, findings and unique
  /// values, closed by a checksum.
  std::string serialize() const;
  /// Reads a serialized partial; throws UsageError for anything malformed, truncated, corrupted
  /// (checksum) or of another format version.
  static PartialResult deserialize(std::string_view bytes);

 private:
  friend class MapReduceValidator;
  friend ValidationResult reduce_results(std::vector<PartialResult> partials);
  std::unique_ptr<detail::PartialData> data_;
};

/// Merges partials (in any order) into the result for their whole input; they must come from one
/// plan, with one max_findings, and cover the input from byte 0 without gap or overlap (to its
/// last byte, when the partials know the input's size, as map_file_range's do). Needs no schema:
/// partials carry what it needs. Throws UsageError otherwise, and for partials whose counts cannot
/// be right together (more invalid rows than rows, or more than 2^64). The result's
/// elapsed_seconds is the maps' wall times added up plus the merge's: the time the validation
/// took, wherever it ran.
ValidationResult reduce_results(std::vector<PartialResult> partials);

class MapReduceValidator {
 public:
  explicit MapReduceValidator(Plan plan, ValidateOptions options = {});

  /// Cuts a file into at most `parts` ranges of about equal size, each starting on a record
  /// boundary (a quote-aware pass: a quoted field holding line breaks never straddles a cut).
  /// Covers the whole file; a tiny file may give fewer ranges.
  std::vector<ByteRange> split(const std::filesystem::path& file, std::size_t parts) const;
  /// Cuts a file at the first record boundary at or after each of `offsets` (for instance the
  /// block boundaries of a distributed file system); offsets that land in the same record give
  /// one cut. The ranges cover the whole file.
  std::vector<ByteRange> split_at(const std::filesystem::path& file, std::vector<std::uint64_t> offsets) const;
  /// The file's header record (empty for JSONL or without a header).
  std::string header_record(const std::filesystem::path& file) const;

  /// Validates one chunk. The format must be explicit in the options (csv, tsv or jsonl).
  PartialResult map_validate_chunk(std::string_view bytes, const ChunkInfo& info) const;
  /// Reads `range` of `file` (and its header when needed) and validates it, through one buffer:
  /// memory does not grow with the range. The partial records the file's size, so reducing can
  /// tell when the partials for the end of the file are missing.
  PartialResult map_file_range(const std::filesystem::path& file, ByteRange range) const;

  const Plan& plan() const noexcept { return plan_; }
  const ValidateOptions& options() const noexcept { return options_; }
  /// The kernel this validator runs (options().kernel resolved).
  Kernel kernel() const noexcept { return kernel_; }

 private:
  Format format_for(const std::filesystem::path& file) const;
  PartialResult start_partial(Format format, const detail::RecordReader& reader, std::uint64_t offset) const;

  Plan plan_;
  ValidateOptions options_;
  Kernel kernel_;
};

}  // namespace rowguard
