#pragma once
// Memory for large arrays: a block of 1 MiB or more is rounded up to whole 2 MiB pages, aligned to
// them and asked to use transparent huge pages, so that it costs one page fault and one page-table
// entry per 2 MiB instead of per 4 KiB. Page faults are dear on virtual machines: on the one the
// benchmarks ran on, touching fresh memory cost 17-19 us per 4 KiB page, and the CLI validating a
// 118 MB file with 8 MiB chunks took 160 ms with huge pages disabled, 96 ms with them.

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace rowguard::detail {

inline constexpr std::size_t large_page_bytes = std::size_t{2} << 20;

// At least `bytes` bytes, uninitialized, to be released with std::free. Throws std::bad_alloc.
inline void* allocate_large(std::size_t bytes) {
  const std::size_t align = bytes >= large_page_bytes / 2 ? large_page_bytes : alignof(std::max_align_t);
  if (bytes > static_cast<std::size_t>(-1) - align) throw std::bad_alloc();
  const std::size_t rounded = (bytes + align - 1) / align * align;
  void* p = std::aligned_alloc(align, rounded == 0 ? align : rounded);
  if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (align == large_page_bytes) ::madvise(p, rounded, MADV_HUGEPAGE);
#endif
  return p;
}

struct FreeDeleter {
  void operator()(void* p) const noexcept { std::free(p); }
};

// An uninitialized byte array from allocate_large().
using LargeBytes = std::unique_ptr<char[], FreeDeleter>;
inline LargeBytes allocate_large_bytes(std::size_t bytes) { return LargeBytes(static_cast<char*>(allocate_large(bytes))); }

}  // namespace rowguard::detail
