// The bitmask tokenizer for AVX-512: one 64-byte compare per class straight into a mask register,
// carry-less multiply for the prefix XOR. Only this file is compiled for AVX-512, inside a target
// region.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "csv/kernels/structural.hpp"
#include "util/target.hpp"

ROWGUARD_TARGET_REGION(ROWGUARD_TARGET_AVX512)
namespace rowguard::detail::csv::kernels::avx512 {
namespace {

struct Classifier {
  __m512i quote, delim, cr, lf;
  explicit Classifier(const KernelDialect& d)
      : quote(_mm512_set1_epi8(d.quote)), delim(_mm512_set1_epi8(d.delimiter)), cr(_mm512_set1_epi8('\r')),
        lf(_mm512_set1_epi8('\n')) {}

  Masks classify(const char* p) const {
    const __m512i v = _mm512_loadu_si512(p);
    return Masks{_mm512_cmpeq_epi8_mask(v, quote), _mm512_cmpeq_epi8_mask(v, delim), _mm512_cmpeq_epi8_mask(v, cr),
                 _mm512_cmpeq_epi8_mask(v, lf)};
  }
};

#include "csv/kernels/x86_bits.hpp"
#include "csv/kernels/structural_impl.hpp"

}  // namespace
}  // namespace rowguard::detail::csv::kernels::avx512
ROWGUARD_UNTARGET_REGION

namespace rowguard::detail::csv::kernels {

Result scan_avx512(const char* data, std::size_t size, std::size_t pos, bool at_eof, std::size_t max_records,
                 const KernelDialect& dialect, Output& out) {
  return avx512::scan(data, size, pos, at_eof, max_records, dialect, out);
}

Transfer transfer_avx512(const char* data, std::size_t size, const KernelDialect& dialect) {
  return avx512::transfer(data, size, dialect);
}

}  // namespace rowguard::detail::csv::kernels
