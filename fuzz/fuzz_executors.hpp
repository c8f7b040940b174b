#pragma once
// The differential check of the CSV and JSONL targets: one input validated by the serial Validator
// with the scalar kernel (the reference) and by every other kernel and executor, with chunk, buffer
// and batch sizes taken from the input; every report must be the reference's, byte for byte.

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"

namespace rowguard::fuzz {

// The input as a file that needs no disk: a memory file reached through /proc/self/fd, which
// MapReduceValidator's split and map_file_range open as they would any regular file.
class MemoryFile {
 public:
  explicit MemoryFile(std::string_view bytes) : fd_(::memfd_create("rowguard-fuzz", MFD_CLOEXEC)) {
    if (fd_ < 0) broken("memfd_create failed");
    for (std::size_t done = 0; done < bytes.size();) {
      const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (n <= 0) broken("writing the memory file failed");
      done += static_cast<std::size_t>(n);
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  ~MemoryFile() { ::close(fd_); }

  const std::string& path() const noexcept { return path_; }

 private:
  int fd_;
  std::string path_;
};

// Sizes and choices for the executors, from five option bytes.
struct ExecutorChoices {
  std::size_t max_findings;
  std::size_t workers;
  std::size_t chunk_size;
  std::size_t buffer_size;
  std::size_t batch_rows;
  std::size_t parts;
  std::uint64_t cut;  // an arbitrary byte offset for split_at (modulo the input's size)
  Kernel kernel;      // the kernel the executors other than the serial ones run

  static ExecutorChoices from(FuzzInput& in) {
    static constexpr std::size_t findings[] = {0, 1, 3, 1000};
    const std::size_t a = in.byte(), b = in.byte(), c = in.byte(), d = in.byte(), e = in.byte();
    const std::vector<Kernel> kernels = supported_kernels();
    ExecutorChoices x{};
    x.max_findings = findings[a & 3];
    x.workers = 1 + ((a >> 2) & 3);  // 1 to 4
    x.chunk_size = 1 + (b & 63);     // 1 to 64 bytes: records straddle every chunk boundary
    x.buffer_size = 64 + (b >> 6) * 37;
    x.batch_rows = 1 + (c & 7);
    x.parts = 1 + ((c >> 3) & 3);
    x.cut = (d << 8) | e;
    x.kernel = kernels[(a >> 4) % kernels.size()];
    return x;
  }
};

// Returns the reference result.
inline ValidationResult check_executors(const Plan& plan, std::string_view data, Format format,
                                        const ExecutorChoices& x) {
  ValidateOptions serial_options;
  serial_options.format = format;
  serial_options.max_findings = x.max_findings;
  serial_options.kernel = Kernel::scalar;
  const ValidationResult reference = Validator(plan, serial_options).validate_buffer(data, format);
  const std::string expected = comparable_report(reference);
  if (reference.invalid_rows > reference.total_rows) broken("more invalid rows than rows");

  // Every kernel, serial, from memory and from a stream.
  for (Kernel k : supported_kernels()) {
    ValidateOptions o = serial_options;
    o.kernel = k;
    const Validator v(plan, o);
    if (k != Kernel::scalar) {
      require_equal("Validator::validate_buffer, one kernel against scalar", expected,
                    comparable_report(v.validate_buffer(data, format)));
    }
    std::istringstream in{std::string(data)};
    require_equal("Validator::validate_stream", expected, comparable_report(v.validate_stream(in, format)));
  }

  // The options every executor but the serial ones shares.
  auto with_shared = [&](auto options) {
    options.format = format;
    options.max_findings = x.max_findings;
    options.kernel = x.kernel;
    return options;
  };

  // Streaming through a small buffer, in small batches whose counts add up to the result's.
  StreamingOptions so = with_shared(StreamingOptions{});
  so.buffer_size = x.buffer_size;
  so.batch_rows = x.batch_rows;
  std::uint64_t batch_rows = 0, batch_valid = 0, batch_invalid = 0;
  std::istringstream stream_in{std::string(data)};
  const ValidationResult streamed =
      StreamingValidator(plan, so).validate_stream(stream_in, format, [&](const BatchResult& b) {
        if (b.total_rows > x.batch_rows || b.invalid_count > b.total_rows) {
          broken("a batch's row counts are wrong");
        }
        batch_rows += b.total_rows;
        batch_valid += b.valid_count;
        batch_invalid += b.invalid_count;
      });
  require_equal("StreamingValidator", expected, comparable_report(streamed));
  if (batch_rows != reference.total_rows || batch_valid != reference.valid_rows ||
      batch_invalid != reference.invalid_rows) {
    broken("the batches' row counts do not add up to the result's");
  }

  // Distributed, with chunks far smaller than a record.
  DistributedOptions dop = with_shared(DistributedOptions{});
  dop.workers = x.workers;
  dop.chunk_size = x.chunk_size;
  require_equal("DistributedValidator", expected,
                comparable_report(DistributedValidator(plan, dop).validate_buffer(data, format)));

  // Map-reduce: split into parts, and at an arbitrary offset moved to a record boundary; every
  // partial through its byte format; reduced in reverse order.
  const MapReduceValidator mr(plan, with_shared(ValidateOptions{}));
  const MemoryFile file(data);
  auto reduce = [&](const std::vector<ByteRange>& ranges) {
    std::vector<PartialResult> partials;
    for (const ByteRange& r : ranges) {
      partials.push_back(PartialResult::deserialize(mr.map_file_range(file.path(), r).serialize()));
    }
    std::reverse(partials.begin(), partials.end());
    return comparable_report(reduce_results(std::move(partials)));
  };
  require_equal("MapReduceValidator::split", expected, reduce(mr.split(file.path(), x.parts)));
  const std::uint64_t cut = data.empty() ? 0 : x.cut % data.size();
  require_equal("MapReduceValidator::split_at", expected, reduce(mr.split_at(file.path(), {cut})));
  return reference;
}

// LineProcessor on the whole input, for a plan whose reading has no header: nothing but UsageError
// (more than one record) may throw. When `comparable`, a single row gets the verdict the serial
// Validator gives it (`reference`) and only more than one record is refused. Not comparable: a
// dialect with a record-size limit (a record's own line ending counts towards it in a file, not
// in a single record handed over) and input that starts with a byte-order mark (a file's is
// skipped; a record's is part of its first cell).
inline void check_line_processor(const Plan& plan, std::string_view data, Format format,
                                 const ValidationResult& reference, bool comparable) {
  comparable = comparable && !data.starts_with("\xEF\xBB\xBF");
  const LineProcessor lines(plan);
  LineResult verdict;
  try {
    verdict = format == Format::csv ? lines.process_csv(data) : lines.process_json(data);
  } catch (const UsageError&) {
    if (comparable && reference.total_rows < 2) broken("LineProcessor refused an input of fewer than two rows");
    return;
  }
  if (!verdict.valid && verdict.errors.empty()) broken("LineProcessor called the input invalid without a finding");
  if (comparable && reference.total_rows == 1 && verdict.valid != reference.is_valid()) {
    mismatch("LineProcessor's verdict on one row", reference.is_valid() ? "valid" : "invalid",
             verdict.valid ? "valid" : "invalid");
  }
}

}  // namespace rowguard::fuzz
