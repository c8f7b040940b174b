#include "exec/stream_driver.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "csv/chunking.hpp"

namespace rowguard::detail {
namespace {

// Bytes past the data that stay readable, so parsers that read ahead in 64-byte steps (simdjson)
// can work in place.
constexpr std::size_t padding = 64;
// The largest buffer asked for (StreamingOptions::buffer_size): larger would only cost memory,
// and sizes must never wrap.
constexpr std::size_t max_buffer_size = std::size_t{256} << 20;

bool empty_piece(const PartialResult& p) {
  return p.bytes == 0 && p.rows_consumed == 0 && p.lines_consumed == 0 && p.findings.empty() && p.total_rows == 0;
}

// `buffer_size`, or less for an input known to be smaller: one byte more than the input, so that
// the read that finds its end fits. (A fresh buffer costs a page fault per 4 KiB, which a small
// file should not pay for a 4 MiB buffer.) The buffer is not zeroed, so an input of unknown size
// (a pipe, a stream) pays only for the pages its bytes land in.
std::size_t initial_capacity(const ByteSource& source, std::size_t buffer_size) {
  const std::size_t capacity = std::clamp<std::size_t>(buffer_size, 64, max_buffer_size);
  const std::optional<std::uint64_t> size = source.size();
  if (!size || *size + 1 >= capacity) return capacity;
  return std::max<std::size_t>(static_cast<std::size_t>(*size) + 1, 64);
}

}  // namespace

StreamSession::StreamSession(ByteSource& source, RecordReader& reader, Reducer& reducer, const Dialect& dialect,
                             Format format, std::size_t buffer_size, std::uint64_t start)
    : StreamSession(source, reader, static_cast<PartialResult*>(nullptr), dialect, format, buffer_size) {
  reducer_ = &reducer;
  offset_ = start;
}

StreamSession::StreamSession(ByteSource& source, RecordReader& reader, PartialResult& into, std::uint64_t start,
                             const Dialect& dialect, Format format, std::size_t buffer_size)
    : StreamSession(source, reader, &into, dialect, format, buffer_size) {
  offset_ = start;
}

StreamSession::StreamSession(ByteSource& source, RecordReader& reader, PartialResult* into, const Dialect& dialect,
                             Format format, std::size_t buffer_size)
    : source_(source),
      reader_(reader),
      into_(into),
      dialect_(dialect),
      format_(format),
      capacity_(initial_capacity(source, buffer_size)),
      max_capacity_(std::max(capacity_, dialect.max_record_bytes + (std::size_t{64} << 10))),
      buffer_(allocate_large_bytes(capacity_ + padding)) {}

void StreamSession::fill() {
  while (!eof_ && end_ < capacity_) {
    const std::size_t got = source_.read(buffer_.get() + end_, capacity_ - end_);
    if (got == 0) eof_ = true;
    end_ += got;
  }
}

void StreamSession::compact() {
  if (begin_ == 0) return;
  std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
  end_ -= begin_;
  begin_ = 0;
}

bool StreamSession::step(std::size_t max_records, std::size_t max_findings, std::vector<Finding>* resolved) {
  while (true) {
    if (begin_ > capacity_ / 2) compact();
    fill();
    const char* piece_bytes = buffer_.get() + begin_;
    if (into_) {
      const std::size_t used = reader_.read(piece_bytes, end_ - begin_, offset_, eof_, max_records, max_findings, *into_);
      into_->bytes += used;
      begin_ += used;
      offset_ += used;
      if (used > 0) return true;
    } else {
      PartialResult piece;
      piece.want_spans = outputs_.valid || outputs_.invalid;
      piece.reset(reducer_->slots());
      piece.offset = offset_;
      const std::size_t used = reader_.read(piece_bytes, end_ - begin_, offset_, eof_, max_records, max_findings, piece);
      piece.bytes = used;
      if (used > 0 || !empty_piece(piece)) {
        std::vector<RowSpan> spans = std::move(piece.spans);
        std::vector<std::uint64_t> newly_invalid;
        reducer_->absorb(std::move(piece), resolved, spans.empty() ? nullptr : &newly_invalid);
        if (!spans.empty()) write_spans(spans, offset_, piece_bytes, newly_invalid);
        begin_ += used;
        offset_ += used;
        return true;
      }
    }
    if (eof_) return false;  // at the end of the input the reader consumed everything
    // The record at begin_ is not complete in the buffer: make room, grow, or skip it.
    if (begin_ > 0) {
      compact();
    } else if (end_ == capacity_) {
      if (capacity_ < max_capacity_) {
        capacity_ = std::min(capacity_ * 2, max_capacity_);
        auto bigger = allocate_large_bytes(capacity_ + padding);
        std::memcpy(bigger.get(), buffer_.get(), end_);
        buffer_ = std::move(bigger);
      } else {
        skip_oversized(max_findings, resolved);
        return true;
      }
    }
  }
}

void StreamSession::write_spans(const std::vector<RowSpan>& spans, std::uint64_t piece_offset, const char* piece_bytes,
                                std::vector<std::uint64_t>& newly_invalid) {
  std::sort(newly_invalid.begin(), newly_invalid.end());
  header_routed_ = true;  // the first record routed is the header, when there is one
  for (const RowSpan& s : spans) {
    const char* bytes = piece_bytes + (s.begin - piece_offset);
    const auto n = static_cast<std::streamsize>(s.end - s.begin);
    if (s.header) {
      if (outputs_.valid) outputs_.valid->write(bytes, n);
      if (outputs_.invalid) outputs_.invalid->write(bytes, n);
      continue;
    }
    const bool invalid = s.invalid || std::binary_search(newly_invalid.begin(), newly_invalid.end(), s.row);
    if (std::ostream* out = invalid ? outputs_.invalid : outputs_.valid) out->write(bytes, n);
  }
}

// The record at begin_ is longer than any record allowed: follow it to its end through as many
// buffers as it takes, keeping only its first bytes, and report it.
void StreamSession::skip_oversized(std::size_t max_findings, std::vector<Finding>* resolved) {
  const std::string head(buffer_.get() + begin_, std::min<std::size_t>(end_ - begin_, 84));
  const std::uint64_t record_offset = offset_;
  std::uint64_t length = 0, inner_breaks = 0;
  bool terminated = false, skipped_line = false;  // skipped_line: a comment (CSV) or blank line (JSONL)
  csv::RecordSkipper skipper(dialect_);
  bool only_blanks = true;
  bool last_was_cr = false;
  // JSONL: a line of whitespace only is not a record and goes to no output, however long; its
  // bytes are held (as runs of one character) until a byte that is not whitespace shows it is one.
  std::vector<std::pair<char, std::uint64_t>> blank_runs;
  bool first_buffer = true, header = false;
  while (true) {
    const std::string_view bytes(buffer_.get() + begin_, end_ - begin_);
    std::size_t consumed = bytes.size();
    bool done = false;
    if (format_ == Format::jsonl) {
      const std::size_t nl = bytes.find('\n');
      const std::size_t content = nl == std::string_view::npos ? bytes.size() : nl;
      for (std::size_t i = 0; i < content; ++i) {
        const char c = bytes[i];
        if (c != ' ' && c != '\t' && c != '\r') only_blanks = false;
      }
      if (content > 0) last_was_cr = bytes[content - 1] == '\r';
      length += content;
      if (nl != std::string_view::npos) {
        consumed = nl + 1;
        terminated = done = true;
      }
    } else {
      const std::size_t end = skipper.feed(bytes);
      if (end != std::string_view::npos) {
        consumed = end;
        done = true;
      }
    }
    // The record is invalid whatever else it holds: copy it through as it goes by. Comment lines
    // are not records and go nowhere; a CSV header goes to both outputs, like any header.
    if (first_buffer && format_ != Format::jsonl && !skipper.comment()) {
      header = dialect_.header && !header_routed_;
      header_routed_ = true;
    }
    first_buffer = false;
    const std::string_view out = bytes.substr(0, consumed);
    if (format_ == Format::jsonl) {
      if (!outputs_.invalid) {
        // nothing to copy
      } else if (only_blanks) {
        for (char c : out) {
          if (!blank_runs.empty() && blank_runs.back().first == c) ++blank_runs.back().second;
          else blank_runs.emplace_back(c, 1);
        }
      } else {
        for (auto [c, n] : blank_runs) {
          const std::string run(static_cast<std::size_t>(std::min<std::uint64_t>(n, 4096)), c);
          while (n > 0) {
            const std::uint64_t k = std::min<std::uint64_t>(n, run.size());
            outputs_.invalid->write(run.data(), static_cast<std::streamsize>(k));
            n -= k;
          }
        }
        blank_runs.clear();
        outputs_.invalid->write(out.data(), static_cast<std::streamsize>(out.size()));
      }
    } else if (!skipper.comment()) {
      for (std::ostream* o : {outputs_.invalid, header ? outputs_.valid : nullptr}) {
        if (o) o->write(out.data(), static_cast<std::streamsize>(out.size()));
      }
    }
    begin_ += consumed;
    offset_ += consumed;
    if (done) break;
    begin_ = end_ = 0;
    fill();
    if (end_ == 0) {  // the input ends inside the record
      if (format_ != Format::jsonl) skipper.finish();
      break;
    }
  }
  if (format_ == Format::jsonl) {
    if (terminated && last_was_cr && length > 0) --length;  // a CR before the LF is not part of the line
    skipped_line = only_blanks;
  } else {
    length = skipper.length();
    inner_breaks = skipper.inner_line_breaks();
    terminated = skipper.terminated();
    skipped_line = skipper.comment();
  }
  if (into_) {
    reader_.oversized(head, length, inner_breaks, terminated, skipped_line, record_offset, max_findings, *into_);
    into_->bytes += offset_ - record_offset;
    return;
  }
  PartialResult piece;
  piece.reset(reducer_->slots());
  piece.offset = record_offset;
  reader_.oversized(head, length, inner_breaks, terminated, skipped_line, record_offset, max_findings, piece);
  piece.bytes = offset_ - record_offset;
  reducer_->absorb(std::move(piece), resolved);
}

}  // namespace rowguard::detail
