// The bitmask tokenizer for AVX-512: one 64-byte compare per class straight into a mask register,
// carry-less multiply for the prefix XOR, and flattening by compression. Two variants: one for
// AVX-512 F/BW/VL, and one that also uses VBMI2's byte compression (Ice Lake, Zen 4 and later),
// picked at run time. Only this file is compiled for AVX-512, inside target regions.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "csv/kernels/structural.hpp"
#include "util/target.hpp"

ROWGUARD_TARGET_REGION(ROWGUARD_TARGET_AVX512)
namespace rowguard::detail::csv::kernels::avx512 {
namespace {

#include "csv/kernels/avx512_classifier.hpp"
#include "csv/kernels/x86_bits.hpp"

// Each 16-bit quarter of the mask picks its positions out of a vector of sixteen consecutive ones,
// and one store writes them; the next quarter's store starts after the last position kept. No
// loop over the bits: the same four steps for any block.
#define ROWGUARD_KERNEL_FLATTEN 1
inline void flatten(std::uint32_t* out, std::uint32_t base, std::uint64_t bits) {
  const __m512i sixteen = _mm512_set1_epi32(16);
  __m512i positions = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(base)),
                                       _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
  for (int quarter = 0; quarter < 4; ++quarter) {
    const auto keep = static_cast<__mmask16>(bits >> (16 * quarter));
    _mm512_storeu_si512(out, _mm512_maskz_compress_epi32(keep, positions));
    out += _mm_popcnt_u32(keep);
    positions = _mm512_add_epi32(positions, sixteen);
  }
}

#include "csv/kernels/structural_impl.hpp"
#undef ROWGUARD_KERNEL_FLATTEN

}  // namespace
}  // namespace rowguard::detail::csv::kernels::avx512
ROWGUARD_UNTARGET_REGION

ROWGUARD_TARGET_REGION(ROWGUARD_TARGET_AVX512_VBMI2)
namespace rowguard::detail::csv::kernels::avx512_vbmi2 {
namespace {

#include "csv/kernels/avx512_classifier.hpp"
#include "csv/kernels/x86_bits.hpp"

// One byte compression picks the block's positions (0-63) in order; they are widened to 32 bits
// sixteen at a time, and a block with at most sixteen (nearly all of them) takes one store.
#define ROWGUARD_KERNEL_FLATTEN 1
inline void flatten(std::uint32_t* out, std::uint32_t base, std::uint64_t bits) {
  const __m512i iota = _mm512_set_epi8(63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44,
                                       43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24,
                                       23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  // Through memory rather than lane extracts, whose GCC 12 definitions trip -Wmaybe-uninitialized.
  alignas(64) std::uint8_t picked[64];
  _mm512_store_si512(picked, _mm512_maskz_compress_epi8(bits, iota));
  const __m512i b = _mm512_set1_epi32(static_cast<int>(base));
  const auto quarters = static_cast<int>((_mm_popcnt_u64(bits) + 15) >> 4);
  for (int q = 0; q < 4; ++q) {
    const __m128i part = _mm_load_si128(reinterpret_cast<const __m128i*>(picked + 16 * q));
    _mm512_storeu_si512(out + 16 * q, _mm512_add_epi32(b, _mm512_maskz_cvtepu8_epi32(0xFFFF, part)));
    if (q + 1 >= quarters) return;
  }
}

#include "csv/kernels/structural_impl.hpp"
#undef ROWGUARD_KERNEL_FLATTEN

}  // namespace
}  // namespace rowguard::detail::csv::kernels::avx512_vbmi2
ROWGUARD_UNTARGET_REGION

namespace rowguard::detail::csv::kernels {

Result scan_avx512(const char* data, std::size_t size, std::size_t pos, bool at_eof, std::size_t max_records,
                   const KernelDialect& dialect, Output& out) {
  return avx512::scan(data, size, pos, at_eof, max_records, dialect, out);
}

Result scan_avx512_vbmi2(const char* data, std::size_t size, std::size_t pos, bool at_eof, std::size_t max_records,
                         const KernelDialect& dialect, Output& out) {
  return avx512_vbmi2::scan(data, size, pos, at_eof, max_records, dialect, out);
}

Transfer transfer_avx512(const char* data, std::size_t size, const KernelDialect& dialect) {
  return avx512::transfer(data, size, dialect);
}

}  // namespace rowguard::detail::csv::kernels
