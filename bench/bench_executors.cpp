// Throughput of each executor on the financial CSV dataset in the page cache (~1% invalid rows,
// the automatic kernel): the serial Validator, the StreamingValidator, the DistributedValidator
// with 1 and 2 workers and 1 MiB and 8 MiB chunks, and map-reduce run in this process (split into
// N ranges, map each range, reduce; optionally through the serialized partial-result format).
// Every benchmark checks that its result has the serial Validator's invalid row count.
//
//   ROWGUARD_BENCH_ROWS=2000000 build/bench/bench_executors --benchmark_repetitions=5
#include <vector>

#include "bench_common.hpp"
#include "rowguard/rowguard.hpp"

namespace {

using namespace rowguard;

// The serial Validator's count, which every executor must reproduce.
std::uint64_t reference_invalid_rows() {
  static const std::uint64_t invalid = Validator(bench::financial_plan()).validate_file(bench::dataset("csv")).invalid_rows;
  return invalid;
}

void count(benchmark::State& state, const ValidationResult& r) {
  if (r.invalid_rows != reference_invalid_rows()) state.SkipWithError("the result differs from the serial Validator's");
  bench::count_rows_and_bytes(state, r);
}

void serial(benchmark::State& state) {
  const auto path = bench::dataset("csv");
  Validator validator(bench::financial_plan());
  ValidationResult r;
  for (auto _ : state) {
    r = validator.validate_file(path);
    benchmark::DoNotOptimize(r.invalid_rows);
  }
  count(state, r);
}

// Default options: a 4 MiB buffer, batches of 100,000 rows (each batch handed to a callback).
void streaming(benchmark::State& state) {
  const auto path = bench::dataset("csv");
  StreamingValidator validator(bench::financial_plan());
  ValidationResult r;
  for (auto _ : state) {
    r = validator.validate_file(path, [](const BatchResult& b) { benchmark::DoNotOptimize(b.invalid_count); });
    benchmark::DoNotOptimize(r.invalid_rows);
  }
  count(state, r);
}

// range(0) workers, range(1) MiB per chunk.
void distributed(benchmark::State& state) {
  const auto path = bench::dataset("csv");
  DistributedOptions options;
  options.workers = static_cast<std::size_t>(state.range(0));
  options.chunk_size = static_cast<std::size_t>(state.range(1)) << 10;
  DistributedValidator validator(bench::financial_plan(), options);
  ValidationResult r;
  for (auto _ : state) {
    r = validator.validate_file(path);
    benchmark::DoNotOptimize(r.invalid_rows);
  }
  count(state, r);
}

// split into range(0) ranges, map each on this thread, reduce. With range(1) set, every partial
// also makes the round trip through its byte format, as it would between processes.
void map_reduce(benchmark::State& state) {
  const auto path = bench::dataset("csv");
  MapReduceValidator mr(bench::financial_plan());
  const auto parts = static_cast<std::size_t>(state.range(0));
  const bool serialized = state.range(1) != 0;
  ValidationResult r;
  std::int64_t partial_bytes = 0;
  for (auto _ : state) {
    std::vector<PartialResult> partials;
    partial_bytes = 0;
    for (const ByteRange& range : mr.split(path, parts)) {
      PartialResult p = mr.map_file_range(path, range);
      if (serialized) {
        const std::string bytes = p.serialize();
        partial_bytes += static_cast<std::int64_t>(bytes.size());
        p = PartialResult::deserialize(bytes);
      }
      partials.push_back(std::move(p));
    }
    r = reduce_results(std::move(partials));
    benchmark::DoNotOptimize(r.invalid_rows);
  }
  if (serialized) state.counters["partial_bytes"] = static_cast<double>(partial_bytes);
  count(state, r);
}

BENCHMARK(serial)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(streaming)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(distributed)
    ->ArgNames({"workers", "chunk_kib"})
    ->ArgsProduct({{1, 2}, {128, 256, 512, 1024, 8192}})
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();
BENCHMARK(map_reduce)
    ->ArgNames({"parts", "serialized"})
    ->Args({8, 0})
    ->Args({8, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
