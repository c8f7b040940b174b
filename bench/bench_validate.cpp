// Full validation throughput on one core: the financial schema (transaction_id pattern TX\d{10},
// amount 0.01..1e6, timestamp datetime, account_id length 8..20) over files with ~1% invalid rows
// in the page cache, per kernel, CSV and JSONL.
#include "bench_common.hpp"
#include "rowguard/rowguard.hpp"

#include <string>
#include <vector>

namespace {

using namespace rowguard;

// The same schema with transaction_id also unique: every row's value goes into a table of the
// file's distinct values.
const Plan& financial_unique_plan() {
  static const Plan plan = [] {
    std::string json = datagen::financial_table_schema_json();
    const std::string required = "\"required\": true, ";
    json.insert(json.find(required) + required.size(), "\"unique\": true, ");  // the first field's
    return compile(Schema::from_json(json));
  }();
  return plan;
}

void validate(benchmark::State& state, const std::string& extension, Kernel kernel, bool unique = false,
              bool small_folios = false) {
  if (!kernel_supported(kernel)) {
    state.SkipWithError("kernel not supported on this CPU");
    return;
  }
  const auto path = small_folios ? bench::small_folio_dataset(extension) : bench::dataset(extension);
  ValidateOptions options;
  options.kernel = kernel;
  Validator validator(unique ? financial_unique_plan() : bench::financial_plan(), options);
  ValidationResult r;
  for (auto _ : state) {
    r = validator.validate_file(path);
    benchmark::DoNotOptimize(r.invalid_rows);
  }
  bench::count_rows_and_bytes(state, r);
}

BENCHMARK_CAPTURE(validate, csv_scalar, std::string("csv"), Kernel::scalar)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(validate, csv_avx2, std::string("csv"), Kernel::avx2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(validate, csv_avx512, std::string("csv"), Kernel::avx512)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(validate, jsonl_scalar, std::string("jsonl"), Kernel::scalar)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(validate, jsonl_avx2, std::string("jsonl"), Kernel::avx2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(validate, jsonl_avx512, std::string("jsonl"), Kernel::avx512)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(validate, csv_avx512_unique_id, std::string("csv"), Kernel::avx512, true)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
// The same file as csv_avx512, held in the page cache as 8 KiB writes leave it.
BENCHMARK_CAPTURE(validate, csv_avx512_small_folios, std::string("csv"), Kernel::avx512, false, true)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Only the copy out of the page cache: read() through a 4 MiB buffer, one byte in 64 touched.
void read_file(benchmark::State& state, bool small_folios) {
  const auto path = small_folios ? bench::small_folio_dataset("csv") : bench::dataset("csv");
  std::vector<char> buffer(std::size_t{4} << 20);
  std::uint64_t sum = 0, bytes = 0;
  for (auto _ : state) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    bytes = 0;
    ssize_t n;
    while ((n = ::read(fd, buffer.data(), buffer.size())) > 0) {
      for (ssize_t i = 0; i < n; i += 64) sum += static_cast<unsigned char>(buffer[static_cast<std::size_t>(i)]);
      bytes += static_cast<std::uint64_t>(n);
    }
    ::close(fd);
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
}
BENCHMARK_CAPTURE(read_file, csv_settled, false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(read_file, csv_small_folios, true)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
