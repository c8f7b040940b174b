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

void scan_all(benchmark::State& state, const Scanner& scanner) {
  const std::string& data = csv_bytes();
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

void BM_scan_state_machine(benchmark::State& state) { scan_all(state, Scanner(Dialect{})); }
BENCHMARK(BM_scan_state_machine)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_scan_kernel(benchmark::State& state, Kernel kernel) {
  if (!rowguard::kernel_supported(kernel)) {
    state.SkipWithError("kernel not supported on this CPU");
    return;
  }
  scan_all(state, Scanner(Dialect{}, kernel));
}
BENCHMARK_CAPTURE(BM_scan_kernel, scalar, Kernel::scalar)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_scan_kernel, avx2, Kernel::avx2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_scan_kernel, avx512, Kernel::avx512)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
