// Content hashing of open files for CachedValidator (the public functions are in
// rowguard/cached.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "rowguard/cached.hpp"
#include "rowguard/error.hpp"

namespace rowguard::detail {

// The file holds fewer or more bytes than its size said: it changed while it was read, or it is a
// file whose size is nominal (those of /proc and /sys).
class SizeMismatch : public IoError {
 public:
  using IoError::IoError;
};

// Bytes per read while hashing a file: a block stays in L2 between the copy out of the page cache
// and the hash. (A memory map would avoid the copy, but page faults on a virtual machine make it
// slower.)
inline constexpr std::size_t content_hash_block_bytes = std::size_t{256} << 10;

// The content_hash of the `size` bytes of the open file `fd`, hashed by up to `threads` threads
// (0: one per hardware thread). `name` is for error messages. Throws SizeMismatch when the file
// does not hold exactly `size` bytes, IoError when it cannot be read.
ContentHash hash_open_file(int fd, std::uint64_t size, unsigned threads, const std::filesystem::path& name);

}  // namespace rowguard::detail
