#pragma once
// A RecordReader turns the bytes of one input format into rows and checks them against the plan,
// writing a PartialResult. One reader reads one sequence of consecutive pieces of a file, in order;
// executors that split a file give each split its own reader.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "exec/partial.hpp"
#include "rowguard/validator.hpp"
#include "schema/plan_impl.hpp"

namespace rowguard::detail {

class RecordReader {
 public:
  virtual ~RecordReader() = default;

  // Reads complete records from data[0, size), which starts at absolute offset `offset`, into
  // `out`: at most `max_records` records and `max_findings` kept findings. Unless `at_eof`, a
  // record whose end is not in the buffer is left for the next call. Returns the bytes consumed
  // (always whole records).
  virtual std::size_t read(const char* data, std::size_t size, std::uint64_t offset, bool at_eof,
                           std::size_t max_records, std::size_t max_findings, PartialResult& out) = 0;

  // A record longer than Dialect::max_record_bytes that the caller followed to its end without
  // holding it (`head`: its first bytes; `length`: bytes before its line break); reported as the
  // reader would report it had it been read whole. `offset` is its absolute start.
  virtual void oversized(std::string_view head, std::uint64_t length, std::uint64_t inner_line_breaks, bool terminated,
                         bool comment, std::uint64_t offset, std::size_t max_findings, PartialResult& out) = 0;

  // The tokenizer that runs, as reported in results: "scalar", "avx2", "avx512", or
  // "state-machine" for CSV dialects the bitmask kernels do not cover.
  virtual std::string_view kernel_name() const noexcept = 0;
};

// Where a reader starts: at the beginning of the input (byte-order mark and header expected), or
// in the middle, with the input's header record (raw bytes, for CSV with a header) to bind columns.
struct ReaderStart {
  bool at_file_start = true;
  std::string header_record;
};

// The dialect a format implies: the plan's, with a tab delimiter for TSV. Throws UsageError for TSV
// when a tab is also the quote, escape or comment character.
Dialect effective_dialect(const PlanImpl& plan, Format format);

// A reader for `format` (csv, tsv or jsonl; not automatic) running `kernel` (already resolved).
std::unique_ptr<RecordReader> make_reader(const PlanImpl& plan, Format format, const ReaderStart& start,
                                          Kernel kernel);

}  // namespace rowguard::detail
