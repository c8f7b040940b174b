// Content hashing of open files for CachedValidator (the public functions are in
// rowguard/cached.hpp).
#pragma once

#include <cstdint>
#include <filesystem>

#include "rowguard/cached.hpp"

namespace rowguard::detail {

// The content_hash of the `size` bytes of the open file `fd`, hashed by up to `threads` threads
// (0: one per hardware thread). `name` is for error messages. Throws IoError.
ContentHash hash_open_file(int fd, std::uint64_t size, unsigned threads, const std::filesystem::path& name);

}  // namespace rowguard::detail
