// The JSONL reader for one simdjson implementation. This file is compiled three times, with the
// instruction-set flags of simdjson's fallback, haswell (AVX2) and icelake (AVX-512)
// implementations: simdjson compiles its On-Demand API only for the "builtin" implementation, which
// it picks from those flags. src/jsonl/CMakeLists.txt then links each object into a single
// relocatable object and keeps one symbol global, the entry below, so that no function compiled
// here for AVX2 or AVX-512 (a simdjson or standard-library inline function, say) can be picked by
// the linker for baseline code. tests/isa_isolation.cmake checks that.
//
// ROWGUARD_JSONL_ISA is the implementation (fallback, haswell, icelake); ROWGUARD_JSONL_ENTRY the
// entry point's name; ROWGUARD_JSONL_KERNEL the kernel name results report.
#include <simdjson.h>

#if defined(__AVX512BW__) || defined(__AVX2__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "check/cell_check.hpp"
#include "exec/finding_sink.hpp"
#include "jsonl/reader.hpp"

#define ROWGUARD_JSONL_STR2(x) #x
#define ROWGUARD_JSONL_STR(x) ROWGUARD_JSONL_STR2(x)
static_assert(std::string_view(ROWGUARD_JSONL_STR(SIMDJSON_BUILTIN_IMPLEMENTATION)) ==
                  ROWGUARD_JSONL_STR(ROWGUARD_JSONL_ISA),
              "the compile flags must make simdjson's builtin implementation the one this object is for");

namespace rowguard::detail::jsonl::ROWGUARD_JSONL_ISA {
namespace od = simdjson::ROWGUARD_JSONL_ISA::ondemand;
using simdjson::error_code;
#include "jsonl/reader_impl.hpp"
}  // namespace rowguard::detail::jsonl::ROWGUARD_JSONL_ISA

extern "C" rowguard::detail::RecordReader* ROWGUARD_JSONL_ENTRY(const rowguard::detail::PlanImpl& plan,
                                                                const rowguard::detail::ReaderStart& start) {
  return rowguard::detail::jsonl::ROWGUARD_JSONL_ISA::make(plan, start, ROWGUARD_JSONL_KERNEL).release();
}
