#pragma once
// Reads a byte source through a reader into a reducer with one fixed, reused buffer: the shared
// loop of the serial and streaming executors. Memory is O(buffer) plus the longest record.

#include <cstddef>
#include <functional>

#include "exec/partial.hpp"
#include "exec/reader.hpp"
#include "exec/reducer.hpp"
#include "io/source.hpp"

namespace rowguard::detail {

struct DriveOptions {
  std::size_t buffer_size = std::size_t{4} << 20;  // bytes read per refill
  std::size_t records_per_piece = std::size_t{1} << 16;
};

// Sees each piece just before the reducer absorbs it (batch results, progress).
using PieceObserver = std::function<void(const PartialResult& piece, const Reducer& before)>;

void drive(ByteSource& source, RecordReader& reader, Reducer& reducer, const DriveOptions& options,
           const PieceObserver& observer = {});

}  // namespace rowguard::detail
