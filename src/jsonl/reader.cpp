// Picks the JSONL reader compiled for the requested kernel: rowguard's avx512, avx2 and scalar
// map onto simdjson's icelake, haswell and fallback implementations. simdjson's icelake also needs
// AVX-512 VBMI2; on a CPU without it the AVX2 reader runs and results name "avx2".
#include "jsonl/reader.hpp"

#include <simdjson.h>

// Entry points of the per-instruction-set objects (reader_isa.cpp).
extern "C" rowguard::detail::RecordReader* rowguard_jsonl_reader_fallback(const rowguard::detail::PlanImpl&,
                                                                          const rowguard::detail::ReaderStart&);
#ifdef ROWGUARD_JSONL_HAVE_SIMD
extern "C" rowguard::detail::RecordReader* rowguard_jsonl_reader_haswell(const rowguard::detail::PlanImpl&,
                                                                         const rowguard::detail::ReaderStart&);
extern "C" rowguard::detail::RecordReader* rowguard_jsonl_reader_icelake(const rowguard::detail::PlanImpl&,
                                                                         const rowguard::detail::ReaderStart&);
#endif

namespace rowguard::detail::jsonl {

namespace {

bool simdjson_supports(const char* implementation) {
  const simdjson::implementation* impl = simdjson::get_available_implementations()[implementation];
  return impl && impl->supported_by_runtime_system();
}

}  // namespace

std::unique_ptr<RecordReader> make_jsonl_reader(const PlanImpl& plan, const ReaderStart& start, Kernel kernel) {
#ifdef ROWGUARD_JSONL_HAVE_SIMD
  if (kernel == Kernel::avx512 && simdjson_supports("icelake")) {
    return std::unique_ptr<RecordReader>(rowguard_jsonl_reader_icelake(plan, start));
  }
  if ((kernel == Kernel::avx512 || kernel == Kernel::avx2) && simdjson_supports("haswell")) {
    return std::unique_ptr<RecordReader>(rowguard_jsonl_reader_haswell(plan, start));
  }
#else
  (void)kernel;
  (void)&simdjson_supports;
#endif
  return std::unique_ptr<RecordReader>(rowguard_jsonl_reader_fallback(plan, start));
}

}  // namespace rowguard::detail::jsonl
