#include "exec/stream_driver.hpp"

#include <cstring>
#include <vector>

namespace rowguard::detail {
namespace {

// Bytes past the data that stay readable, so parsers that read ahead in 64-byte steps (simdjson)
// can work in place.
constexpr std::size_t padding = 64;

}  // namespace

void drive(ByteSource& source, RecordReader& reader, Reducer& reducer, const DriveOptions& options,
           const PieceObserver& observer) {
  std::size_t capacity = options.buffer_size < 64 ? 64 : options.buffer_size;
  std::vector<char> buffer(capacity + padding);
  std::size_t begin = 0, end = 0;  // unread bytes are buffer[begin, end)
  std::uint64_t offset = 0;        // absolute offset of buffer[begin]
  bool eof = false;

  while (true) {
    // Fill the buffer (or reach the end of the input) so that pieces are as large as possible.
    while (!eof && end < capacity) {
      std::size_t got = source.read(buffer.data() + end, capacity - end);
      if (got == 0) eof = true;
      end += got;
    }
    // Read every complete record in the buffer, a piece at a time.
    bool progressed = false;
    while (true) {
      PartialResult piece;
      piece.reset(reducer.slots());
      piece.offset = offset;
      std::size_t used = reader.read(buffer.data() + begin, end - begin, offset, eof, options.records_per_piece,
                                     reducer.findings_wanted(), piece);
      piece.bytes = used;
      begin += used;
      offset += used;
      const bool empty = used == 0 && piece.rows_consumed == 0 && piece.findings.empty() && piece.total_rows == 0;
      if (!empty) {
        if (observer) observer(piece, reducer);
        reducer.absorb(std::move(piece));
      }
      if (used == 0) break;
      progressed = true;
    }
    if (eof) break;  // at the end of the input the reader consumed everything
    // Keep the incomplete record: move it to the front, or grow the buffer if it fills it.
    if (!progressed && begin == 0 && end == capacity) {
      capacity *= 2;
      buffer.resize(capacity + padding);
    } else if (begin > 0) {
      std::memmove(buffer.data(), buffer.data() + begin, end - begin);
      end -= begin;
      begin = 0;
    }
  }
}

}  // namespace rowguard::detail
