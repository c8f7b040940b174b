// Bit helpers for the x86 kernels (BMI, POPCNT and PCLMULQDQ). Included inside each kernel's own
// namespace and target region, before structural_impl.hpp.

// Carry-less multiplication by all ones: bit i of the product is the XOR of bits 0..i.
inline std::uint64_t prefix_xor(std::uint64_t x) {
  const __m128i product =
      _mm_clmulepi64_si128(_mm_set_epi64x(0, static_cast<long long>(x)), _mm_set1_epi8(static_cast<char>(0xFF)), 0);
  return static_cast<std::uint64_t>(_mm_cvtsi128_si64(product));
}

// TZCNT gives 64 for a zero input, which flatten() relies on.
inline int trailing_zeros(std::uint64_t x) { return static_cast<int>(_tzcnt_u64(x)); }
inline int popcount(std::uint64_t x) { return static_cast<int>(_mm_popcnt_u64(x)); }
