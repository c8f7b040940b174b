// The bitmask tokenizer with portable 64-bit arithmetic (SWAR): the baseline kernel for CPUs
// without AVX2, and the scalar point of comparison in benchmarks and differential tests.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "csv/kernels/structural.hpp"

namespace rowguard::detail::csv::kernels::scalar {
namespace {

constexpr std::uint64_t ones = 0x0101010101010101ULL;
constexpr std::uint64_t highs = 0x8080808080808080ULL;

// 0x80 in each byte of `word` equal to the byte broadcast in `pattern`, 0 elsewhere. Exact: the
// low seven bits are added without carrying into the next byte.
inline std::uint64_t equal_bytes(std::uint64_t word, std::uint64_t pattern) {
  const std::uint64_t x = word ^ pattern;
  const std::uint64_t y = ((x & ~highs) + ~highs) | x;
  return ~(y | ~highs);
}

// Gathers the high bit of each byte into 8 consecutive bits.
inline std::uint64_t gather(std::uint64_t high_bits) { return ((high_bits >> 7) * 0x0102040810204080ULL) >> 56; }

struct Classifier {
  std::uint64_t quote, delim, cr, lf;
  explicit Classifier(const KernelDialect& d)
      : quote(ones * static_cast<unsigned char>(d.quote)), delim(ones * static_cast<unsigned char>(d.delimiter)),
        cr(ones * '\r'), lf(ones * '\n') {}

  Masks classify(const char* p) const {
    Masks m{0, 0, 0, 0};
    for (int i = 0; i < 8; ++i) {
      std::uint64_t w;
      std::memcpy(&w, p + 8 * i, 8);
      const int shift = 8 * i;
      m.quote |= gather(equal_bytes(w, quote)) << shift;
      m.delim |= gather(equal_bytes(w, delim)) << shift;
      m.cr |= gather(equal_bytes(w, cr)) << shift;
      m.lf |= gather(equal_bytes(w, lf)) << shift;
    }
    return m;
  }
};

inline std::uint64_t prefix_xor(std::uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

inline int trailing_zeros(std::uint64_t x) { return x ? __builtin_ctzll(x) : 64; }
inline int popcount(std::uint64_t x) { return __builtin_popcountll(x); }

#include "csv/kernels/structural_impl.hpp"

}  // namespace

}  // namespace rowguard::detail::csv::kernels::scalar

namespace rowguard::detail::csv::kernels {

Result scan_scalar(const char* data, std::size_t size, std::size_t pos, bool at_eof, std::size_t max_records,
                   const KernelDialect& dialect, Output& out) {
  return scalar::scan(data, size, pos, at_eof, max_records, dialect, out);
}

Transfer transfer_scalar(const char* data, std::size_t size, const KernelDialect& dialect) {
  return scalar::transfer(data, size, dialect);
}

}  // namespace rowguard::detail::csv::kernels
