#include "rowguard/streaming.hpp"

#include <algorithm>
#include <chrono>
#include <string>

#include "exec/reader.hpp"
#include "exec/reducer.hpp"
#include "exec/stream_driver.hpp"
#include "io/source.hpp"
#include "rowguard/error.hpp"

namespace rowguard {
namespace detail {

struct BatchStreamState {
  BatchStreamState(const Plan& plan, const StreamingOptions& o, Kernel kernel, std::unique_ptr<ByteSource> src, Format f)
      : options(o),
        format(f),
        source(std::move(src)),
        reader(make_reader(plan.impl(), f, ReaderStart{}, kernel)),
        reducer(plan.impl(), o.max_findings),
        session(*source, *reader, reducer, effective_dialect(plan.impl(), f), f, o.buffer_size),
        start(std::chrono::steady_clock::now()) {}

  StreamingOptions options;
  Format format;
  std::unique_ptr<ByteSource> source;
  std::unique_ptr<RecordReader> reader;
  Reducer reducer;
  StreamSession session;
  std::chrono::steady_clock::time_point start;
  std::uint64_t batches = 0;
  bool exhausted = false;
  StreamProgressFn on_progress;

  StreamProgress progress() const {
    StreamProgress p;
    p.bytes_done = session.bytes_done();
    p.total_bytes = source->size();
    p.rows = reducer.rows_so_far();
    p.invalid_rows = reducer.invalid_rows_so_far();
    return p;
  }

  std::optional<BatchResult> next_batch() {
    if (exhausted) return std::nullopt;
    const std::size_t batch_rows = std::max<std::size_t>(options.batch_rows, 1);
    const std::uint64_t rows_before = reducer.rows_so_far();
    const std::uint64_t invalid_before = reducer.invalid_rows_so_far();
    const std::uint64_t findings_before = reducer.findings_so_far();
    std::vector<Finding> findings;
    std::uint64_t rows = 0;
    bool read_any = false;
    while (rows < batch_rows) {
      // At most the rows still missing from the batch (records include comments, never fewer).
      // Findings: what the batch still lists, and what the result still keeps (its list must not
      // depend on batch_findings).
      const std::size_t wanted_findings =
          std::max(options.batch_findings > findings.size() ? options.batch_findings - findings.size() : 0,
                   reducer.findings_wanted());
      if (!session.step(batch_rows - rows, wanted_findings, &findings)) {
        exhausted = true;
        break;
      }
      read_any = true;
      rows = reducer.rows_so_far() - rows_before;
      if (on_progress) on_progress(progress());
    }
    if (!read_any || (rows == 0 && findings.empty())) return std::nullopt;
    BatchResult b;
    b.index = batches++;
    b.total_rows = rows;
    b.invalid_count = reducer.invalid_rows_so_far() - invalid_before;
    b.valid_count = b.total_rows - b.invalid_count;
    if (findings.size() > options.batch_findings) findings.resize(options.batch_findings);
    b.findings_truncated = reducer.findings_so_far() - findings_before > findings.size();
    b.findings = std::move(findings);
    b.bytes_done = session.bytes_done();
    return b;
  }

  // The whole result; computed once (the reducer gives its findings away), then returned again.
  ValidationResult finish() {
    if (!finished) {
      while (next_batch()) {
      }
      std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
      finished = reducer.finish(elapsed.count(), std::string(reader->kernel_name()));
    }
    return *finished;
  }
  std::optional<ValidationResult> finished;
};

}  // namespace detail

BatchStream::BatchStream(std::unique_ptr<detail::BatchStreamState> state) : state_(std::move(state)) {}
BatchStream::~BatchStream() = default;
BatchStream::BatchStream(BatchStream&&) noexcept = default;
BatchStream& BatchStream::operator=(BatchStream&&) noexcept = default;

std::optional<BatchResult> BatchStream::next() { return state_->next_batch(); }
StreamProgress BatchStream::progress() const { return state_->progress(); }
ValidationResult BatchStream::result() { return state_->finish(); }
void BatchStream::route_records(std::ostream* valid, std::ostream* invalid) {
  state_->session.route(detail::RecordOutputs{valid, invalid});
}

StreamingValidator::StreamingValidator(Plan plan, StreamingOptions options)
    : plan_(std::move(plan)), options_(options), kernel_(resolve_kernel(options.kernel)) {}

BatchStream StreamingValidator::open(const std::filesystem::path& path) const {
  Format format = options_.format;
  if (format == Format::automatic) {
    if (path == "-") throw UsageError("cannot tell the format of standard input; give the format explicitly");
    format = format_from_path(path);
  }
  return BatchStream(std::make_unique<detail::BatchStreamState>(plan_, options_, kernel_, detail::open_source(path), format));
}

BatchStream StreamingValidator::open(std::istream& in, Format format) const {
  if (format == Format::automatic) throw UsageError("cannot tell the format of a stream; give the format explicitly");
  return BatchStream(
      std::make_unique<detail::BatchStreamState>(plan_, options_, kernel_, detail::istream_source(in, "stream"), format));
}

namespace {

ValidationResult run(BatchStream stream, detail::BatchStreamState& state, const BatchFn& on_batch,
                     const StreamProgressFn& on_progress) {
  state.on_progress = on_progress;
  while (auto batch = stream.next()) {
    if (on_batch) on_batch(*batch);
  }
  return stream.result();
}

}  // namespace

ValidationResult StreamingValidator::validate_file(const std::filesystem::path& path, const BatchFn& on_batch,
                                                   const StreamProgressFn& on_progress) const {
  BatchStream stream = open(path);
  detail::BatchStreamState& state = *stream.state_;
  return run(std::move(stream), state, on_batch, on_progress);
}

ValidationResult StreamingValidator::validate_stream(std::istream& in, Format format, const BatchFn& on_batch,
                                                     const StreamProgressFn& on_progress) const {
  BatchStream stream = open(in, format);
  detail::BatchStreamState& state = *stream.state_;
  return run(std::move(stream), state, on_batch, on_progress);
}

}  // namespace rowguard
