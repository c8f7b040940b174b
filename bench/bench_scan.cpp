// Structural scan throughput: finding every record and field boundary of the financial CSV held
// in memory, per kernel, plus the byte-at-a-time state machine the kernels are checked against.
#include <fstream>
#include <sstream>

#include "bench_common.hpp"
#include "csv/scanner.hpp"

namespace {

using rowguard::Dialect;
using rowguard::Kernel;
using rowguard::detail::csv::Batch;
using rowguard::detail::csv::Scanner;

const std::string& csv_bytes() {
  static const std::string bytes = [] {
    std::ifstream in(rowguard::bench::dataset("csv"), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }();
  return bytes;
}

// The first `bytes` of the dataset, cut at a line break: small enough to stay in the CPU caches,
// as the validators' read buffer does.
const std::string& cached_bytes() {
  static const std::string bytes = [] {
    const std::string& all = csv_bytes();
    std::size_t end = all.find('\n', std::size_t{1} << 20);
    return all.substr(0, end == std::string::npos ? all.size() : end + 1);
  }();
  return bytes;
}

void scan_all(benchmark::State& state, const Scanner& scanner, const std::string& data) {
  Batch batch;
  std::size_t records = 0;
  for (auto _ : state) {
    std::size_t pos = 0;
    records = 0;
    while (pos < data.size()) {
      batch.clear();
      pos = scanner.scan(data.data(), data.size(), pos, true, 4096, batch);
      records += batch.records.size();
    }
    benchmark::DoNotOptimize(records);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(data.size()));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(records));
}

// `from_memory`: the whole dataset, far larger than the caches; otherwise a 1 MiB slice in cache.
void BM_scan_state_machine(benchmark::State& state, bool from_memory) {
  scan_all(state, Scanner(Dialect{}), from_memory ? csv_bytes() : cached_bytes());
}
BENCHMARK_CAPTURE(BM_scan_state_machine, cached, false)->UseRealTime();
BENCHMARK_CAPTURE(BM_scan_state_machine, memory, true)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_scan_kernel(benchmark::State& state, Kernel kernel, bool from_memory) {
  if (!rowguard::kernel_supported(kernel)) {
    state.SkipWithError("kernel not supported on this CPU");
    return;
  }
  scan_all(state, Scanner(Dialect{}, kernel), from_memory ? csv_bytes() : cached_bytes());
}
BENCHMARK_CAPTURE(BM_scan_kernel, scalar_cached, Kernel::scalar, false)->UseRealTime();
BENCHMARK_CAPTURE(BM_scan_kernel, avx2_cached, Kernel::avx2, false)->UseRealTime();
BENCHMARK_CAPTURE(BM_scan_kernel, avx512_cached, Kernel::avx512, false)->UseRealTime();
BENCHMARK_CAPTURE(BM_scan_kernel, scalar_memory, Kernel::scalar, true)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_scan_kernel, avx2_memory, Kernel::avx2, true)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_scan_kernel, avx512_memory, Kernel::avx512, true)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
