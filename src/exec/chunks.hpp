#pragma once
// Cutting an input into chunks that start on exact record boundaries, shared by the distributed
// and map-reduce executors. Chunks are first cut after line breaks (cut_point); each chunk's
// transfer function can be computed apart (in parallel); then, in file order, a ChunkPlanner says
// how many leading bytes of each chunk belong to the record the previous chunk ends with (and keeps
// everything up to the end of a CSV header in the first chunk).

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <new>
#include <vector>
#include <string>
#include <string_view>

#include "csv/chunking.hpp"
#include "csv/scanner.hpp"
#include "exec/partial.hpp"
#include "exec/reader.hpp"
#include "io/source.hpp"
#include "util/large_pages.hpp"

namespace rowguard::detail {

// Where to cut a candidate chunk: the length of its longest prefix ending just after a line break
// (a record boundary candidate), 0 if none. JSONL records end at LF only.
std::size_t cut_point(Format format, std::string_view bytes);

// cut_point for bytes whose first `known_uncut` bytes are known to hold no cut point (they were
// looked at before more bytes came): only the rest is looked at, so following one long line
// through many reads costs time linear in its length.
inline std::size_t cut_point_after(Format format, std::string_view bytes, std::size_t known_uncut) {
  // The last byte looked at before may be a CR whose successor was unknown then.
  const std::size_t from = known_uncut > 0 ? known_uncut - 1 : 0;
  const std::size_t cut = cut_point(format, bytes.substr(from));
  return cut == 0 ? 0 : from + cut;
}

// The transfer function of a chunk (identity for JSONL, whose chunks always start on a record).
csv::ChunkTransfer transfer_of(const Dialect& dialect, Format format, Kernel kernel, std::string_view chunk);

// Where the header record lies in CSV text read from a record start at `pos`: the first record
// that is neither a comment line nor (with skipBlankRows) a blank row, as the reader binds it.
// `complete` is false when no line break ends it inside `text`.
struct HeaderSpan {
  bool found = false;
  bool complete = false;
  std::size_t begin = 0;
  std::size_t end = 0;  // just past its line break
};
HeaderSpan find_header(const Dialect& dialect, std::string_view text, std::size_t pos);

class ChunkPlanner {
 public:
  ChunkPlanner(const Dialect& dialect, Format format)
      : dialect_(dialect),
        csv_(format != Format::jsonl),
        header_(csv_ && dialect.header ? Header::pending : Header::done) {}

  // Takes the next chunk in file order with its transfer function. Returns how many of its
  // leading bytes belong to the previous chunk: those that finish its last record (0 when the
  // chunk starts on a record), or npos for the whole chunk. Until the input's header record has
  // ended, every chunk joins the first one, which must hold the header for readers of later
  // chunks (comment lines or skipped blank rows may come before it).
  std::size_t accept(std::string_view chunk, const csv::ChunkTransfer& transfer) {
    if (!csv_) return 0;
    std::size_t prefix = csv::first_record_start(dialect_, chunk, state_);
    state_ = transfer.end[static_cast<std::size_t>(state_)];
    if (header_ != Header::done) prefix = keep_header_in_first_chunk(chunk, prefix);
    first_ = false;
    return prefix;
  }

  // The chunks accepted so far end on a record boundary, past the header: the next chunk adds no
  // bytes to them.
  bool at_record_boundary() const noexcept {
    return !csv_ || (state_ == csv::LineState::record && header_ == Header::done);
  }

 private:
  enum class Header : std::uint8_t { pending, started, done };
  std::size_t keep_header_in_first_chunk(std::string_view chunk, std::size_t prefix);

  Dialect dialect_;
  bool csv_;
  Header header_;
  bool first_ = true;
  csv::LineState state_ = csv::LineState::record;
};

// An allocator whose resize() leaves new trivial elements uninitialized and whose large blocks are
// in huge pages (see allocate_large).
template <class T>
struct LargePageAllocator : csv::UninitializedAllocator<T> {
  template <class U>
  struct rebind {
    using other = LargePageAllocator<U>;
  };
  LargePageAllocator() = default;
  template <class U>
  LargePageAllocator(const LargePageAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_alloc();
    return static_cast<T*>(allocate_large(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t) noexcept { std::free(p); }
};

// A byte buffer whose growth does not zero the new bytes (they are read into right away).
using ByteBuffer = std::vector<char, LargePageAllocator<char>>;

struct Chunk {
  std::size_t index = 0;
  std::uint64_t offset = 0;   // absolute offset of bytes[0]
  ByteBuffer storage;         // owned bytes, when they do not live in the caller's buffer
  std::string_view bytes;
  bool first = false;
  bool end_marker = false;    // carries no bytes: tells the planner that the input has ended
  detail::csv::ChunkTransfer transfer;
  PartialResult partial;
  std::shared_ptr<Chunk> then;  // a chunk that follows this one, checked by the same task
};
using ChunkPtr = std::shared_ptr<Chunk>;

// Hands out candidate chunks in file order, each ending just after a line break (the last one at
// the end of the input), then one end marker.
class ChunkFeed {
 public:
  ChunkFeed(Format format, std::size_t chunk_size) : format_(format), chunk_size_(chunk_size < 1 ? 1 : chunk_size) {}
  virtual ~ChunkFeed() = default;
  ChunkPtr next() {
    if (ended_) return nullptr;
    ChunkPtr c = produce();
    if (!c) {
      ended_ = true;
      c = std::make_shared<Chunk>();
      c->end_marker = true;
    }
    c->index = count_++;
    c->first = c->index == 0 && !c->end_marker;
    return c;
  }

 protected:
  virtual ChunkPtr produce() = 0;
  Format format_;
  std::size_t chunk_size_;
  std::size_t count_ = 0;

 private:
  bool ended_ = false;
};

// Slices of a buffer in memory: no copying.
class BufferFeed final : public ChunkFeed {
 public:
  BufferFeed(std::string_view data, Format format, std::size_t chunk_size) : ChunkFeed(format, chunk_size), data_(data) {}

 protected:
  ChunkPtr produce() override {
    if (pos_ >= data_.size() && !(pos_ == 0 && !given_)) return nullptr;
    given_ = true;
    std::size_t end = pos_;
    std::size_t cut = 0;
    while (cut == 0) {
      const std::size_t scanned = end;  // [pos_, scanned) holds no cut point
      end = std::min(data_.size(), end + chunk_size_);
      if (end == data_.size()) {
        cut = end - pos_;
        break;
      }
      cut = cut_point_after(format_, data_.substr(pos_, end - pos_), scanned - pos_);
    }
    auto c = std::make_shared<Chunk>();
    c->offset = pos_;
    c->bytes = data_.substr(pos_, cut);
    pos_ += cut;
    return c;
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
  bool given_ = false;  // an empty input still yields one (empty) chunk
};

// Reads a byte source into owned chunks, carrying the bytes after the last line break over.
class SourceFeed final : public ChunkFeed {
 public:
  // A line longer than `max_line` bytes ends the feed early (see overlong()); by default lines
  // are followed to their end, however long. With `keep_rest`, the bytes read past the last
  // chunk handed out (the overlong line's start, or a partial line) stay for take_rest(): a
  // source that cannot be read twice goes on from them.
  SourceFeed(detail::ByteSource& source, Format format, std::size_t chunk_size,
             std::size_t max_line = static_cast<std::size_t>(-1), bool keep_rest = false)
      : ChunkFeed(format, chunk_size), source_(source), max_line_(max_line), keep_rest_(keep_rest) {}

  // Moves the bytes read from the source but not handed out in a chunk to the end of `out`. Only
  // once the feed has ended.
  void take_rest(std::string& out) {
    out.append(tail_.data(), tail_.size());
    tail_ = ByteBuffer();
  }

  // The feed ended at a line longer than max_line, not at the end of the input: the chunks handed
  // out cover the input up to that line's start.
  bool overlong() const noexcept { return overlong_.load(std::memory_order_acquire); }

  // Makes the next chunk the end marker. Called from the pipeline when the rest of the input
  // will be read some other way.
  void stop() noexcept { stopped_.store(true, std::memory_order_release); }

  // Gives a chunk's buffer back once its bytes are no longer needed, to be read into again:
  // reusing buffers keeps their pages mapped and warm. Thread-safe.
  void recycle(ByteBuffer&& buffer) {
    buffer.clear();
    std::lock_guard<std::mutex> lock(pool_mutex_);
    if (pool_.size() < 64) pool_.push_back(std::move(buffer));
  }

 protected:
  ChunkPtr produce() override {
    if (stopped_.load(std::memory_order_acquire)) return nullptr;
    if (eof_ && tail_.empty() && given_) return nullptr;
    ByteBuffer buf = take_buffer();
    // Room for the carried-over bytes and a chunk, rounded up so that a buffer handed back holds
    // the next chunk too: growing it would copy it into fresh pages, each faulted in again.
    const std::size_t room = (tail_.size() + chunk_size_ + buffer_slack - 1) / buffer_slack * buffer_slack;
    if (buf.capacity() < room) {
      buf = ByteBuffer();
      buf.reserve(room);
    }
    buf.assign(tail_.begin(), tail_.end());
    tail_.clear();
    std::size_t cut = 0;
    std::size_t scanned = 0;  // buf[0, scanned) holds no cut point
    while (true) {
      const std::size_t want = buf.size() + chunk_size_;
      while (!eof_ && buf.size() < want) {
        const std::size_t before = buf.size();
        buf.resize(want);
        const std::size_t got = source_.read(buf.data() + before, want - before);
        buf.resize(before + got);
        if (got == 0) eof_ = true;
      }
      if (eof_) {
        cut = buf.size();
        break;
      }
      cut = cut_point_after(format_, std::string_view(buf.data(), buf.size()), scanned);
      if (cut > 0) break;  // otherwise one line is longer than the chunk: read on
      scanned = buf.size();
      if (buf.size() > max_line_) {  // buf holds one line, with no end in sight
        if (keep_rest_) tail_ = std::move(buf);
        else recycle(std::move(buf));
        overlong_.store(true, std::memory_order_release);
        return nullptr;
      }
    }
    if (cut == 0 && given_) {
      recycle(std::move(buf));
      return nullptr;
    }
    given_ = true;
    tail_.assign(buf.begin() + static_cast<std::ptrdiff_t>(cut), buf.end());  // less than a line: cheap
    buf.resize(cut);
    auto c = std::make_shared<Chunk>();
    c->offset = offset_;
    c->storage = std::move(buf);
    c->bytes = std::string_view(c->storage.data(), c->storage.size());
    offset_ += cut;
    return c;
  }

 private:
  static constexpr std::size_t buffer_slack = std::size_t{64} << 10;

  ByteBuffer take_buffer() {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    if (pool_.empty()) return ByteBuffer();
    ByteBuffer b = std::move(pool_.back());
    pool_.pop_back();
    return b;
  }

  detail::ByteSource& source_;
  std::size_t max_line_;
  bool keep_rest_;
  std::atomic<bool> overlong_{false};
  std::atomic<bool> stopped_{false};
  ByteBuffer tail_;
  std::uint64_t offset_ = 0;
  bool eof_ = false;
  bool given_ = false;
  std::mutex pool_mutex_;
  std::vector<ByteBuffer> pool_;
};

// The raw bytes of a CSV input's header record (after a byte-order mark and comment lines), taken
// from the start of the input; empty when the dialect has no header or the input has no record.
// `complete` is false when the record may continue past `start_of_input` (it has no line break).
struct HeaderRecord {
  std::string bytes;
  bool complete = true;
};
HeaderRecord header_record(const Dialect& dialect, Format format, std::string_view start_of_input);

}  // namespace rowguard::detail
