#pragma once
// Reads a byte source through a reader into a reducer with one reused buffer, a piece at a time:
// the shared loop of the serial and streaming executors. Memory stays O(buffer) plus one record of
// at most Dialect::max_record_bytes; a longer record is followed to its end without being held.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <ostream>
#include <vector>

#include "exec/partial.hpp"
#include "exec/reader.hpp"
#include "exec/reducer.hpp"
#include "io/source.hpp"
#include "util/large_pages.hpp"

namespace rowguard::detail {

// Where to copy records, byte for byte as they were: the valid ones, the invalid ones. A CSV
// header goes to both first.
struct RecordOutputs {
  std::ostream* valid = nullptr;
  std::ostream* invalid = nullptr;
};

class StreamSession {
 public:
  // `buffer_size`: bytes read per refill. The source's first byte is at absolute offset `start`
  // of the input, and a record starts there.
  StreamSession(ByteSource& source, RecordReader& reader, Reducer& reducer, const Dialect& dialect, Format format,
                std::size_t buffer_size, std::uint64_t start = 0);
  // Reads into one partial result instead, as a map task does, from a source whose first byte is
  // at absolute offset `start` of the input; there are no record outputs then.
  StreamSession(ByteSource& source, RecordReader& reader, PartialResult& into, std::uint64_t start,
                const Dialect& dialect, Format format, std::size_t buffer_size);

  // Reads and merges the next piece, of at most `max_records` records keeping at most
  // `max_findings` findings; when `resolved` is given the piece's findings, placed in the file, are
  // appended to it. Returns false once the input is exhausted.
  bool step(std::size_t max_records, std::size_t max_findings, std::vector<Finding>* resolved = nullptr);

  // Input bytes consumed so far.
  std::uint64_t bytes_done() const noexcept { return offset_; }

  // Copies every record to one of `outputs` once its verdict is final (unique values judged).
  void route(RecordOutputs outputs) noexcept { outputs_ = outputs; }

 private:
  StreamSession(ByteSource& source, RecordReader& reader, PartialResult* into, const Dialect& dialect, Format format,
                std::size_t buffer_size);
  void fill();
  void compact();
  void skip_oversized(std::size_t max_findings, std::vector<Finding>* resolved);
  void write_spans(const std::vector<RowSpan>& spans, std::uint64_t piece_offset, const char* piece_bytes,
                   std::vector<std::uint64_t>& newly_invalid);

  ByteSource& source_;
  RecordReader& reader_;
  Reducer* reducer_ = nullptr;    // pieces are merged here,
  PartialResult* into_ = nullptr; // or all read into this one
  Dialect dialect_;
  Format format_;
  std::size_t capacity_;
  std::size_t max_capacity_;  // enough for the longest record allowed, then records are skipped
  LargeBytes buffer_;                // capacity_ + padding bytes, not zeroed
  std::size_t begin_ = 0, end_ = 0;  // unread bytes are buffer_[begin_, end_)
  std::uint64_t offset_ = 0;         // absolute offset of buffer_[begin_]
  bool eof_ = false;
  RecordOutputs outputs_;
  bool header_routed_ = false;  // a CSV header has gone to the outputs (or cannot come any more)
};

}  // namespace rowguard::detail
