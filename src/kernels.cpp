// CPU feature detection and kernel choice.
#include "rowguard/kernels.hpp"

#include <cstdlib>
#include <string>

#include "rowguard/error.hpp"
#include "util/cpu.hpp"

#if defined(__x86_64__) || defined(_M_X64)
#include <cpuid.h>
#define ROWGUARD_X86_64 1
#endif

namespace rowguard {
namespace {

struct Cpu {
  bool avx2 = false;
  bool avx512 = false;
  bool avx512_vbmi2 = false;  // with avx512
};

#ifdef ROWGUARD_X86_64
std::uint64_t xgetbv0() {
  std::uint32_t lo = 0, hi = 0;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (static_cast<std::uint64_t>(hi) << 32) | lo;
}
#endif

Cpu detect() {
  Cpu cpu;
#ifdef ROWGUARD_X86_64
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return cpu;
  const bool pclmul = c & (1u << 1);
  const bool popcnt = c & (1u << 23);
  const bool osxsave = c & (1u << 27);
  const bool avx = c & (1u << 28);
  if (!osxsave || !avx) return cpu;
  const std::uint64_t xcr0 = xgetbv0();
  // The OS must save the XMM and YMM state (bits 1, 2) for AVX, and additionally the opmask and
  // upper ZMM state (bits 5, 6, 7) for AVX-512.
  const bool os_avx = (xcr0 & 0x6) == 0x6;
  const bool os_avx512 = os_avx && (xcr0 & 0xE0) == 0xE0;
  if (__get_cpuid_max(0, nullptr) < 7) return cpu;
  __cpuid_count(7, 0, a, b, c, d);
  const bool bmi1 = b & (1u << 3);
  const bool avx2 = b & (1u << 5);
  const bool bmi2 = b & (1u << 8);
  const bool avx512f = b & (1u << 16);
  const bool avx512bw = b & (1u << 30);
  const bool avx512vl = b & (1u << 31);
  const bool avx512vbmi2 = c & (1u << 6);
  __get_cpuid(0x80000001, &a, &b, &c, &d);
  const bool lzcnt = c & (1u << 5);
  cpu.avx2 = os_avx && avx2 && bmi1 && bmi2 && pclmul && popcnt && lzcnt;
  cpu.avx512 = cpu.avx2 && os_avx512 && avx512f && avx512bw && avx512vl;
  cpu.avx512_vbmi2 = cpu.avx512 && avx512vbmi2;
#endif
  return cpu;
}

const Cpu& cpu() {
  static const Cpu detected = detect();  // immutable after the first call
  return detected;
}

}  // namespace

std::string_view to_string(Kernel kernel) noexcept {
  switch (kernel) {
    case Kernel::automatic: return "auto";
    case Kernel::scalar: return "scalar";
    case Kernel::avx2: return "avx2";
    case Kernel::avx512: return "avx512";
  }
  return "auto";
}

Kernel kernel_from_string(std::string_view name) {
  if (name == "auto") return Kernel::automatic;
  if (name == "scalar") return Kernel::scalar;
  if (name == "avx2") return Kernel::avx2;
  if (name == "avx512") return Kernel::avx512;
  throw UsageError("unknown kernel \"" + std::string(name) + "\" (auto, scalar, avx2, avx512)");
}

bool kernel_supported(Kernel kernel) noexcept {
  switch (kernel) {
    case Kernel::automatic:
    case Kernel::scalar: return true;
    case Kernel::avx2: return cpu().avx2;
    case Kernel::avx512: return cpu().avx512;
  }
  return false;
}

Kernel best_kernel() noexcept {
  if (kernel_supported(Kernel::avx512)) return Kernel::avx512;
  if (kernel_supported(Kernel::avx2)) return Kernel::avx2;
  return Kernel::scalar;
}

std::vector<Kernel> supported_kernels() {
  std::vector<Kernel> out;
  for (Kernel k : {Kernel::avx512, Kernel::avx2, Kernel::scalar}) {
    if (kernel_supported(k)) out.push_back(k);
  }
  return out;
}

Kernel resolve_kernel(Kernel requested) {
  Kernel k = requested;
  std::string source = "requested";
  if (k == Kernel::automatic) {
    const char* env = std::getenv("ROWGUARD_KERNEL");
    if (env && *env && std::string_view(env) != "auto") {
      k = kernel_from_string(env);
      source = "ROWGUARD_KERNEL";
    } else {
      return best_kernel();
    }
  }
  if (!kernel_supported(k)) {
    throw UsageError("the " + std::string(to_string(k)) + " kernel (" + source +
                     ") is not supported by this CPU or operating system; supported: " +
                     [] {
                       std::string list;
                       for (Kernel s : supported_kernels()) list += (list.empty() ? "" : ", ") + std::string(to_string(s));
                       return list;
                     }());
  }
  return k;
}

namespace detail {

bool cpu_has_avx512_vbmi2() noexcept { return cpu().avx512_vbmi2; }

}  // namespace detail

}  // namespace rowguard
