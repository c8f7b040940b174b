// The bitmask tokenizer for AVX2: two 32-byte compares per block, carry-less multiply for the
// prefix XOR. Only this file is compiled for AVX2, inside a target region.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "csv/kernels/structural.hpp"
#include "util/target.hpp"

ROWGUARD_TARGET_REGION(ROWGUARD_TARGET_AVX2)
namespace rowguard::detail::csv::kernels::avx2 {
namespace {

struct Classifier {
  __m256i quote, delim, cr, lf;
  explicit Classifier(const KernelDialect& d)
      : quote(_mm256_set1_epi8(d.quote)), delim(_mm256_set1_epi8(d.delimiter)), cr(_mm256_set1_epi8('\r')),
        lf(_mm256_set1_epi8('\n')) {}

  static std::uint64_t bits(__m256i lo, __m256i hi, __m256i pattern) {
    const auto l = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, pattern)));
    const auto h = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, pattern)));
    return static_cast<std::uint64_t>(l) | (static_cast<std::uint64_t>(h) << 32);
  }
  Masks classify(const char* p) const {
    const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
    return Masks{bits(lo, hi, quote), bits(lo, hi, delim), bits(lo, hi, cr), bits(lo, hi, lf)};
  }
};

#include "csv/kernels/x86_bits.hpp"
#include "csv/kernels/structural_impl.hpp"

}  // namespace
}  // namespace rowguard::detail::csv::kernels::avx2
ROWGUARD_UNTARGET_REGION

namespace rowguard::detail::csv::kernels {

Result scan_avx2(const char* data, std::size_t size, std::size_t pos, bool at_eof, std::size_t max_records,
                 const KernelDialect& dialect, Output& out) {
  return avx2::scan(data, size, pos, at_eof, max_records, dialect, out);
}

Transfer transfer_avx2(const char* data, std::size_t size, const KernelDialect& dialect) {
  return avx2::transfer(data, size, dialect);
}

}  // namespace rowguard::detail::csv::kernels
