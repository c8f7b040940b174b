#pragma once
/// Which tokenizer kernel runs. Every kernel gives identical results; they differ only in speed.
///
/// `automatic` picks the best kernel the CPU and operating system support, unless the environment
/// variable ROWGUARD_KERNEL names one (scalar, avx2 or avx512) — the only environment variable
/// rowguard reads. (simdjson, which parses JSONL and schema files, also honours its own
/// SIMDJSON_FORCE_IMPLEMENTATION; a name it does not know makes its parsing fail, and rowguard
/// reports that as an error of the input.) Forcing a kernel the machine lacks is a UsageError,
/// never a crash.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rowguard {

enum class Kernel : std::uint8_t {
  automatic,  ///< the best supported kernel, or ROWGUARD_KERNEL
  scalar,     ///< portable 64-bit code, no SIMD
  avx2,       ///< AVX2 with BMI and carry-less multiply
  avx512,     ///< AVX-512 (F, BW, VL) with BMI and carry-less multiply; VBMI2 too where the CPU has it
};

/// "auto", "scalar", "avx2" or "avx512".
std::string_view to_string(Kernel kernel) noexcept;
/// Parses a kernel name ("auto" too); throws UsageError for anything else.
Kernel kernel_from_string(std::string_view name);
/// Whether this CPU and OS can run the kernel (the OS must save AVX / AVX-512 register state).
bool kernel_supported(Kernel kernel) noexcept;
/// The fastest supported kernel.
Kernel best_kernel() noexcept;
/// Every supported kernel, fastest first.
std::vector<Kernel> supported_kernels();
/// The kernel a request resolves to: the request itself, or for `automatic` the ROWGUARD_KERNEL
/// override or best_kernel(). Throws UsageError when the result is not supported here or the
/// variable holds an unknown name.
Kernel resolve_kernel(Kernel requested);

}  // namespace rowguard
