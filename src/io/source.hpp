#pragma once
// Byte sources: where an executor's bytes come from. Reading through a fixed, reused buffer keeps
// memory flat whatever the input size, and the buffer stays in the CPU caches (a memory map of the
// page cache pays a TLB miss per 4 KiB page, which virtualised machines make expensive).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <istream>
#include <memory>
#include <optional>
#include <string>

namespace rowguard::detail {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `dst`; returns how many, 0 only at the end of the input. Throws
  // IoError naming the source.
  virtual std::size_t read(char* dst, std::size_t n) = 0;
  // The input size when it is known in advance (regular, uncompressed files).
  virtual std::optional<std::uint64_t> size() const { return std::nullopt; }
  // For messages: the file name, or "-" for standard input.
  virtual const std::string& name() const = 0;
};

// Opens a file ("-" for standard input) for sequential reading. gzip and zstd input, recognised by
// their magic bytes, is decompressed as it is read. Throws IoError.
std::unique_ptr<ByteSource> open_source(const std::filesystem::path& path);
// open_source, positioned at byte `offset` of the (decompressed) input: a plain file is read from
// there, compressed input decompressed from its start and read past. Throws IoError, also when
// the input ends before `offset`.
std::unique_ptr<ByteSource> open_source_at(const std::filesystem::path& path, std::uint64_t offset);
// Reads bytes [offset, offset + length) of a plain file, as they are (no decompression). Throws
// IoError, also when the file ends before the range does.
std::unique_ptr<ByteSource> open_range_source(const std::filesystem::path& path, std::uint64_t offset,
                                              std::uint64_t length);
// Reads `prefix`, then what `rest` (not owned) has left.
std::unique_ptr<ByteSource> prefixed_source(std::string prefix, ByteSource& rest);
// Reads from a std::istream (not owned), decompressing gzip or zstd.
std::unique_ptr<ByteSource> istream_source(std::istream& in, std::string name);

}  // namespace rowguard::detail
