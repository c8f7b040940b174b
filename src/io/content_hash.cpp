// Content hashes: XXH3-128 over 4 MiB segments hashed in parallel, combined by a hash tree. See
// content_hash in include/rowguard/cached.hpp.
#include "io/content_hash.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "io/fd.hpp"
#include "rowguard/error.hpp"

// Debian's libxxhash.so also exports xxHash's x86 dispatch functions, which pick the AVX2 or
// AVX-512 loop at run time (the plain functions are built for SSE2 and hash at a third of the
// speed). They are declared weak because the static libxxhash.a lacks them: then they are null and
// the plain functions run. Every variant computes the same XXH3 digests.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
extern "C" {
XXH128_hash_t XXH3_128bits_dispatch(const void* input, size_t len) __attribute__((weak));
XXH_errorcode XXH3_128bits_update_dispatch(XXH3_state_t* state, const void* input, size_t len)
    __attribute__((weak));
}
#define ROWGUARD_XXH_DISPATCH 1
#endif

namespace rowguard {
namespace {

XXH128_hash_t xxh128(const void* data, std::size_t size) {
#ifdef ROWGUARD_XXH_DISPATCH
  if (XXH3_128bits_dispatch != nullptr) return XXH3_128bits_dispatch(data, size);
#endif
  return XXH3_128bits(data, size);
}

void xxh128_update(XXH3_state_t* state, const void* data, std::size_t size) {
#ifdef ROWGUARD_XXH_DISPATCH
  if (XXH3_128bits_update_dispatch != nullptr) {
    XXH3_128bits_update_dispatch(state, data, size);
    return;
  }
#endif
  XXH3_128bits_update(state, data, size);
}

// The root of the hash tree: the length, then the canonical (big-endian) segment digests.
ContentHash tree_root(std::uint64_t length, const std::vector<XXH128_hash_t>& segments) {
  std::string buf(8 + 16 * segments.size(), '\0');
  for (int i = 0; i < 8; ++i) buf[static_cast<std::size_t>(i)] = static_cast<char>((length >> (8 * i)) & 0xFF);
  for (std::size_t i = 0; i < segments.size(); ++i) {
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, segments[i]);
    std::memcpy(buf.data() + 8 + 16 * i, c.digest, 16);
  }
  XXH128_hash_t root = xxh128(buf.data(), buf.size());
  return ContentHash{root.high64, root.low64};
}

std::size_t segment_count(std::uint64_t length) {
  return static_cast<std::size_t>((length + content_hash_segment_bytes - 1) / content_hash_segment_bytes);
}

}  // namespace

namespace detail {

// Hashes the `size` bytes of an open file: each thread takes the next unhashed segment and reads it
// in blocks. Throws IoError.
ContentHash hash_open_file(int fd, std::uint64_t size, unsigned threads, const std::filesystem::path& name) {
  const std::size_t count = segment_count(size);
  std::vector<XXH128_hash_t> digests(count);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;

  auto work = [&] {
    try {
      auto buffer = std::make_unique_for_overwrite<char[]>(content_hash_block_bytes);
      std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state(XXH3_createState(), &XXH3_freeState);
      if (!state) throw std::bad_alloc();
      for (std::size_t i; !failed.load(std::memory_order_relaxed) && (i = next.fetch_add(1)) < count;) {
        const std::uint64_t begin = std::uint64_t{i} * content_hash_segment_bytes;
        const std::uint64_t end = std::min<std::uint64_t>(begin + content_hash_segment_bytes, size);
        XXH3_128bits_reset(state.get());
        for (std::uint64_t pos = begin; pos < end;) {
          const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(content_hash_block_bytes, end - pos));
          ssize_t got = ::pread(fd, buffer.get(), want, static_cast<off_t>(pos));
          if (got < 0 && errno == EINTR) continue;
          if (got < 0) throw IoError(name, errno_text("read failed", errno));
          if (got == 0) throw SizeMismatch(name, "the file shrank while it was being read");
          xxh128_update(state.get(), buffer.get(), static_cast<std::size_t>(got));
          pos += static_cast<std::uint64_t>(got);
        }
        digests[i] = XXH3_128bits_digest(state.get());
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      failed = true;
    }
  };

  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const auto helpers = static_cast<unsigned>(std::min<std::size_t>(threads, count == 0 ? 1 : count) - 1);
  std::vector<std::thread> pool;
  pool.reserve(helpers);
  for (unsigned t = 0; t < helpers; ++t) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no more threads to be had: the ones running (and this one) share the segments
    }
  }
  work();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  // A byte beyond `size`: the file grew, or its size is nominal (/proc files say 0).
  char beyond = 0;
  ssize_t more;
  while ((more = ::pread(fd, &beyond, 1, static_cast<off_t>(size))) < 0 && errno == EINTR) {
  }
  if (more > 0) throw SizeMismatch(name, "the file holds more bytes than its size says");
  return tree_root(size, digests);
}

}  // namespace detail

std::string ContentHash::hex() const {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[static_cast<std::size_t>(15 - i)] = digits[(high >> (4 * i)) & 15];
    out[static_cast<std::size_t>(31 - i)] = digits[(low >> (4 * i)) & 15];
  }
  return out;
}

ContentHash content_hash(std::string_view bytes) {
  std::vector<XXH128_hash_t> digests(segment_count(bytes.size()));
  for (std::size_t i = 0; i < digests.size(); ++i) {
    std::string_view segment = bytes.substr(i * content_hash_segment_bytes, content_hash_segment_bytes);
    digests[i] = xxh128(segment.data(), segment.size());
  }
  return tree_root(bytes.size(), digests);
}

ContentHash content_hash_file(const std::filesystem::path& path, unsigned threads) {
  detail::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw IoError(path, detail::errno_text("cannot open", errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw IoError(path, detail::errno_text("cannot stat", errno));
  if (!S_ISREG(st.st_mode)) throw IoError(path, "not a regular file");
  return detail::hash_open_file(fd.get(), static_cast<std::uint64_t>(st.st_size), threads, path);
}

}  // namespace rowguard
