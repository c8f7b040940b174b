// The distributed executor: a oneTBB parallel_pipeline in the shape of the oneTBB examples - a
// serial, in-order stage reads candidate chunks (carrying a partial last record to the next), a
// parallel stage computes each chunk's transfer function, a serial stage fixes each chunk's exact
// start, a parallel stage checks the chunks, and a serial, in-order stage merges their results.
// A chunk that ends on a record boundary leaves the third stage at once, so that the thread that
// read it checks it while its bytes are in that core's cache; only a chunk whose last record runs
// on into the next waits there for the next chunk's first bytes.
// A record longer than the dialect allows makes the pipeline hand the rest of the input over to
// the serial reader, so that no chunk ever holds such a record.
#include "rowguard/distributed.hpp"

#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <thread>

#include "exec/chunks.hpp"
#include "exec/reader.hpp"
#include "exec/reducer.hpp"
#include "exec/stream_driver.hpp"
#include "io/source.hpp"
#include "rowguard/error.hpp"

namespace rowguard {
namespace {

using detail::Chunk;
using detail::ChunkPtr;
using detail::ChunkFeed;
using detail::BufferFeed;
using detail::SourceFeed;

// Appends `more` (the bytes that follow) to a chunk. Owned storage grows geometrically, so a
// record that spans many chunks is gathered in time linear in its length.
void extend(Chunk& c, std::string_view more) {
  if (more.empty()) return;
  if (c.bytes.data() + c.bytes.size() == more.data() && c.storage.empty()) {
    c.bytes = std::string_view(c.bytes.data(), c.bytes.size() + more.size());  // contiguous in the caller's buffer
    return;
  }
  const bool owned_tail = !c.storage.empty() && c.bytes.data() + c.bytes.size() == c.storage.data() + c.storage.size();
  if (!owned_tail) {
    detail::ByteBuffer joined;
    joined.reserve(std::max(2 * c.bytes.size(), c.bytes.size() + more.size()));
    joined.insert(joined.end(), c.bytes.begin(), c.bytes.end());
    c.storage = std::move(joined);
    c.bytes = std::string_view(c.storage.data(), c.storage.size());
  }
  const auto skip = static_cast<std::size_t>(c.bytes.data() - c.storage.data());
  const std::size_t size = c.bytes.size() + more.size();
  if (c.storage.capacity() < c.storage.size() + more.size()) {
    c.storage.reserve(std::max(2 * c.storage.capacity(), c.storage.size() + more.size()));
  }
  c.storage.insert(c.storage.end(), more.begin(), more.end());
  c.bytes = std::string_view(c.storage.data() + skip, size);
}

}  // namespace

DistributedValidator::DistributedValidator(Plan plan, DistributedOptions options)
    : plan_(std::move(plan)),
      options_(options),
      kernel_(resolve_kernel(options.kernel)),
      workers_(std::min(options.workers ? options.workers : std::max(1u, std::thread::hardware_concurrency()),
                        max_workers)) {
  options_.chunk_size = std::clamp<std::size_t>(options.chunk_size, 1, max_chunk_size);
}

namespace {

// Opens the input again, positioned at a record start: for reading the rest of it serially.
using Reopen = std::function<std::unique_ptr<detail::ByteSource>(std::uint64_t offset)>;

// Where the pipeline handed the rest of the input over to a serial reader.
struct Resume {
  std::uint64_t offset = 0;
  bool first = true;  // at the input's start: the reader expects the byte-order mark and header
};

// `source_feed` (when the feed is one) with `reopen` or `stream` bound memory on records far
// longer than Dialect::max_record_bytes: the pipeline would hold such a record whole, so once one
// shows up the rest of the input, from the start of the record's chunk, is read serially instead,
// through a buffer that follows oversized records without holding them. The result is the same.
// A file is opened again at that offset (`reopen`); a stream, which cannot be read twice, goes on
// from the bytes the pipeline and the feed hold from there, then what `stream` has left.
ValidationResult run_pipeline(const Plan& plan, const DistributedOptions& options, Kernel kernel, std::size_t workers,
                              ChunkFeed& feed, Format format, std::optional<std::uint64_t> total_bytes,
                              const ChunkProgressFn& progress,
                              const std::function<void(detail::ByteBuffer&&)>& recycle = {},
                              SourceFeed* source_feed = nullptr, const Reopen& reopen = {},
                              detail::ByteSource* stream = nullptr) {
  const auto start = std::chrono::steady_clock::now();
  const detail::PlanImpl& impl = plan.impl();
  const Dialect dialect = detail::effective_dialect(impl, format);
  detail::Reducer reducer(impl, options.max_findings);
  detail::ChunkPlanner planner(dialect, format);
  const std::string kernel_name(detail::make_reader(impl, format, detail::ReaderStart{}, kernel)->kernel_name());
  std::string header;  // the input's header record, set before any later chunk is checked
  ChunkPtr pending;    // the chunk whose end is not known yet
  std::size_t merged = 0;
  std::optional<std::size_t> total_chunks;
  if (total_bytes) total_chunks = static_cast<std::size_t>((*total_bytes + options.chunk_size - 1) / options.chunk_size);
  std::optional<Resume> resume;
  // A chunk gathering a record that runs past this many bytes is handed over (see above).
  const std::size_t max_pending = reopen || stream ? 2 * (options.chunk_size + dialect.max_record_bytes)
                                                   : static_cast<std::size_t>(-1);
  std::string held;  // a stream's bytes from the hand-over on, in order
  // Chunks after this one need build no findings: the reducer keeps the first max_findings in file
  // order and has them all from the chunks up to this one (counts are kept whatever the limit).
  std::atomic<std::size_t> findings_full_after{std::numeric_limits<std::size_t>::max()};
  // Where the chunks handed to the checking stage end, and whether there were any.
  std::uint64_t emitted_end = 0;
  bool emitted = false;
  auto hand_over = [&](const ChunkPtr& from) {
    resume = from ? Resume{from->offset, from->first} : Resume{emitted_end, !emitted};
    if (stream && from) held.assign(from->bytes);
    pending = nullptr;
    if (source_feed) source_feed->stop();
  };
  // Hands `c` (when set), then `next` (when set) on to be checked, in that order.
  auto emit = [&](ChunkPtr c, ChunkPtr next) -> ChunkPtr {
    if (!c) std::swap(c, next);
    for (const Chunk* e : {c.get(), next.get()}) {
      if (!e) continue;
      if (e->first) header = detail::header_record(dialect, format, e->bytes).bytes;
      emitted_end = e->offset + e->bytes.size();
      emitted = true;
    }
    if (c) c->then = std::move(next);
    return c;
  };
  auto emit_progress = [&] {
    if (!progress) return;
    ChunkProgress p;
    p.chunk = merged;
    p.total_chunks = total_chunks;
    p.rows = reducer.rows_so_far();
    p.invalid_rows = reducer.invalid_rows_so_far();
    p.bytes = reducer.bytes_so_far();
    p.total_bytes = total_bytes;
    progress(p);
  };

  // Checks one chunk into its partial result, then lets its buffer go.
  auto check = [&](Chunk& c) {
    auto reader = detail::make_reader(impl, format, detail::ReaderStart{c.first, c.first ? std::string() : header}, kernel);
    c.partial.reset(reducer.slots());
    c.partial.offset = c.offset;
    const std::size_t findings =
        c.index > findings_full_after.load(std::memory_order_relaxed) ? 0 : options.max_findings;
    std::size_t pos = 0;
    do {
      const std::size_t used = reader->read(c.bytes.data() + pos, c.bytes.size() - pos, c.offset + pos, true,
                                            std::size_t{1} << 20, findings, c.partial);
      if (used == 0) break;
      pos += used;
    } while (pos < c.bytes.size());
    c.partial.bytes = c.bytes.size();
    c.bytes = {};  // the partial keeps what it needs
    if (recycle) recycle(std::move(c.storage));
  };

  // A file that fits in one chunk has nothing to share out: it is read serially, as after a
  // hand-over, without starting the pipeline (oneTBB's first arena in a process takes milliseconds
  // to start, far longer than such a file takes to check).
  if (reopen && total_bytes && *total_bytes <= options.chunk_size) resume = Resume{};

  // An arena wider than oneTBB's thread limit would only make oneTBB print a warning.
  const auto available = static_cast<std::size_t>(std::max(1, oneapi::tbb::info::default_concurrency()));
  const int threads = static_cast<int>(std::min(workers, available));
  if (!resume) oneapi::tbb::task_arena(threads).execute([&] {
    using oneapi::tbb::filter_mode;
    using oneapi::tbb::make_filter;
    oneapi::tbb::parallel_pipeline(
        workers * 2 + 2,
        make_filter<void, ChunkPtr>(filter_mode::serial_in_order,
                                    [&](oneapi::tbb::flow_control& fc) -> ChunkPtr {
                                      ChunkPtr c = feed.next();
                                      if (!c) fc.stop();
                                      return c;
                                    }) &
            make_filter<ChunkPtr, ChunkPtr>(filter_mode::parallel,
                                            [&](ChunkPtr c) {
                                              if (!c->end_marker) c->transfer = detail::transfer_of(dialect, format, kernel, c->bytes);
                                              return c;
                                            }) &
            make_filter<ChunkPtr, ChunkPtr>(
                filter_mode::serial_in_order,
                [&](ChunkPtr c) -> ChunkPtr {
                  // The chunk's exact start: bytes before its first record start finish the
                  // previous chunk's last record.
                  if (resume) {  // the rest is read serially
                    if (stream) held.append(c->bytes);
                    return nullptr;
                  }
                  if (c->end_marker) {
                    if (source_feed && source_feed->overlong()) {
                      hand_over(pending);
                      return nullptr;
                    }
                    return emit(std::exchange(pending, nullptr), nullptr);
                  }
                  const std::size_t prefix = planner.accept(c->bytes, c->transfer);
                  if (prefix == std::string_view::npos) {
                    if (pending->bytes.size() + c->bytes.size() > max_pending) {
                      hand_over(pending);
                      if (stream) held.append(c->bytes);
                      return nullptr;
                    }
                    extend(*pending, c->bytes);
                    return nullptr;
                  }
                  if (pending) extend(*pending, c->bytes.substr(0, prefix));
                  c->bytes.remove_prefix(prefix);
                  c->offset += prefix;
                  ChunkPtr done = std::exchange(pending, nullptr);
                  // A chunk that ends on a record boundary goes on at once, so that the thread
                  // that read it (and has its bytes in cache) checks it; one whose last record
                  // goes on into the next chunk waits for that chunk's first bytes.
                  if (planner.at_record_boundary()) return emit(std::move(done), std::move(c));
                  pending = std::move(c);
                  return emit(std::move(done), nullptr);
                }) &
            make_filter<ChunkPtr, ChunkPtr>(filter_mode::parallel,
                                            [&](ChunkPtr c) {
                                              for (Chunk* e = c.get(); e; e = e->then.get()) check(*e);
                                              return c;
                                            }) &
            make_filter<ChunkPtr, void>(filter_mode::serial_in_order, [&](ChunkPtr c) {
              for (Chunk* e = c.get(); e; e = e->then.get()) {
                reducer.absorb(std::move(e->partial));
                if (reducer.findings_wanted() == 0 &&
                    findings_full_after.load(std::memory_order_relaxed) == std::numeric_limits<std::size_t>::max()) {
                  findings_full_after.store(e->index, std::memory_order_relaxed);
                }
                ++merged;
                emit_progress();
              }
            }));
  });
  if (resume) {
    std::unique_ptr<detail::ByteSource> source;
    if (stream) {
      source_feed->take_rest(held);
      source = detail::prefixed_source(std::move(held), *stream);
    } else {
      source = reopen(resume->offset);
    }
    auto reader = detail::make_reader(impl, format, detail::ReaderStart{resume->first, resume->first ? std::string() : header},
                                      kernel);
    detail::StreamSession session(*source, *reader, reducer, dialect, format, std::size_t{4} << 20, resume->offset);
    while (session.step(std::size_t{1} << 16, reducer.findings_wanted())) {
      ++merged;  // each piece read serially counts as a chunk
      emit_progress();
    }
    if (merged == 0) {  // an empty file: one (empty) chunk, as the pipeline reports it
      ++merged;
      emit_progress();
    }
  }
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  return reducer.finish(elapsed.count(), kernel_name);
}

}  // namespace

ValidationResult DistributedValidator::validate_buffer(std::string_view data, Format format,
                                                       const ChunkProgressFn& progress) const {
  if (format == Format::automatic) throw UsageError("validate_buffer needs the format: csv, tsv or jsonl");
  BufferFeed feed(data, format, options_.chunk_size);
  return run_pipeline(plan_, options_, kernel_, workers_, feed, format, data.size(), progress);
}

ValidationResult DistributedValidator::validate_file(const std::filesystem::path& path,
                                                     const ChunkProgressFn& progress) const {
  Format format = options_.format;
  if (format == Format::automatic) {
    if (path == "-") throw UsageError("cannot tell the format of standard input; give the format explicitly");
    format = format_from_path(path);
  }
  auto source = detail::open_source(path);
  std::error_code ec;
  const Dialect dialect = detail::effective_dialect(plan_.impl(), format);
  if (path == "-" || !std::filesystem::is_regular_file(path, ec)) {
    // Standard input, a pipe or a device cannot be read twice: a hand-over goes on from the bytes
    // already read.
    SourceFeed feed(*source, format, options_.chunk_size, dialect.max_record_bytes, true);
    return run_pipeline(plan_, options_, kernel_, workers_, feed, format, source->size(), progress,
                        [&feed](detail::ByteBuffer&& b) { feed.recycle(std::move(b)); }, &feed, {}, source.get());
  }
  // A line longer than max_record_bytes belongs to a record too long to be held.
  SourceFeed feed(*source, format, options_.chunk_size, dialect.max_record_bytes);
  const Reopen reopen = [&path](std::uint64_t offset) { return detail::open_source_at(path, offset); };
  return run_pipeline(plan_, options_, kernel_, workers_, feed, format, source->size(), progress,
                      [&feed](detail::ByteBuffer&& b) { feed.recycle(std::move(b)); }, &feed, reopen);
}

ValidationResult DistributedValidator::validate_stream(std::istream& in, Format format,
                                                       const ChunkProgressFn& progress) const {
  if (format == Format::automatic) throw UsageError("cannot tell the format of a stream; give the format explicitly");
  auto source = detail::istream_source(in, "stream");
  const Dialect dialect = detail::effective_dialect(plan_.impl(), format);
  SourceFeed feed(*source, format, options_.chunk_size, dialect.max_record_bytes, true);
  return run_pipeline(plan_, options_, kernel_, workers_, feed, format, source->size(), progress,
                      [&feed](detail::ByteBuffer&& b) { feed.recycle(std::move(b)); }, &feed, {}, source.get());
}

}  // namespace rowguard
