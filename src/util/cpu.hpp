#pragma once
// CPU features that choose between variants of one kernel (the kernels themselves are chosen
// through rowguard/kernels.hpp).

namespace rowguard::detail {

// AVX-512 VBMI2 (byte compression), on a CPU and OS that run the avx512 kernel.
bool cpu_has_avx512_vbmi2() noexcept;

}  // namespace rowguard::detail
