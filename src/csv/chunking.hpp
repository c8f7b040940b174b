#pragma once
// Cutting CSV into chunks on exact record boundaries, for executors that validate chunks apart.
//
// Chunks are cut just after a line break. There the reader can only be at a record start (R),
// inside a quoted field whose text holds the line break (Q), or - with an escape character - in an
// unquoted field after an escaped line break (F). Each chunk works out, on its own, the state it
// ends in for each state it may start in (its transfer function); a short pass in file order then
// chains the states from the file's start, and where a chunk does not start at a record start,
// moves its first bytes to the previous chunk up to the first true record start.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rowguard/dialect.hpp"
#include "rowguard/kernels.hpp"

namespace rowguard::detail::csv {

enum class LineState : std::uint8_t { record = 0, quoted = 1, unquoted_field = 2 };

// The end state of `text`, which ends just after a line break, read from `start` with the same
// state machine as the reference tokenizer.
LineState advance(const Dialect& dialect, std::string_view text, LineState start);

// The offset just after the first line break of `text` that ends a record when reading from
// `start`; 0 when `start` is already a record start; npos when no record ends in `text`.
std::size_t first_record_start(const Dialect& dialect, std::string_view text, LineState start);

// A chunk's end state for each start state (indexed by LineState).
struct ChunkTransfer {
  std::array<LineState, 3> end{LineState::record, LineState::quoted, LineState::unquoted_field};
};

// Computes a chunk's transfer function: the bitmask kernel where its reading is exact, the state
// machine otherwise. `kernel` must be resolved (not automatic).
ChunkTransfer chunk_transfer(const Dialect& dialect, Kernel kernel, std::string_view chunk);

// Follows one record from its first byte to its end across any number of buffers without keeping
// its bytes: for records longer than Dialect::max_record_bytes, which are reported but never held
// whole. Reads as the reference tokenizer does.
class RecordSkipper {
 public:
  explicit RecordSkipper(const Dialect& dialect);
  // Feeds the record's next bytes. Returns the offset in `bytes` just past the record's line break
  // once the record has ended, or npos to be fed more.
  std::size_t feed(std::string_view bytes);
  // The input ended before the record did.
  void finish() noexcept;

  bool ended() const noexcept { return ended_; }
  bool terminated() const noexcept { return terminated_; }  // ended by a line break, not the input's end
  bool comment() const noexcept { return comment_; }        // a comment line, not a record
  bool quote_open() const noexcept;                         // ended inside a quoted field
  std::uint64_t length() const noexcept { return length_; } // bytes before the line break
  std::uint64_t inner_line_breaks() const noexcept { return breaks_; }

 private:
  Dialect dialect_;
  std::uint8_t state_;
  bool pending_cr_ = false;  // a CR ended the last buffer; its LF may start the next
  bool pending_cr_ends_record_ = false;
  bool pending_escaped_cr_ = false;  // an escaped CR ended the last buffer; an LF next belongs to it
  bool ended_ = false, terminated_ = false, comment_ = false;
  std::uint64_t length_ = 0, breaks_ = 0;
};

// The length of the longest prefix of `text` that ends just after a line break (LF, or a CR that
// is followed by something other than LF inside `text`); 0 when there is none.
std::size_t cut_after_last_line_break(std::string_view text);

}  // namespace rowguard::detail::csv
