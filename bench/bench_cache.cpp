// CachedValidator on the financial CSV dataset in the page cache: a hit (hash the file, read the
// entry) against a miss (hash, validate, store) and against plain validation with the serial
// Validator, plus the throughput of the content hash on 1 and 2 threads, and a hit that trusts the
// file's stat (CacheOptions::trust_file_stat) and does not read it. The hit-vs-validate
// speedup is the ratio of the plain_validation and cache_hit times.
//
//   ROWGUARD_BENCH_ROWS=18000000 build/bench/bench_cache     (about 1 GB)
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_common.hpp"
#include "rowguard/rowguard.hpp"

namespace {

using namespace rowguard;

// An empty cache directory of this process's own.
std::filesystem::path fresh_cache_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("rowguard-bench-cache-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  return dir;
}

void plain_validation(benchmark::State& state) {
  const auto path = bench::dataset("csv");
  Validator validator(bench::financial_plan());
  ValidationResult r;
  for (auto _ : state) {
    r = validator.validate_file(path);
    benchmark::DoNotOptimize(r.invalid_rows);
  }
  bench::count_rows_and_bytes(state, r);
}

// Each iteration finds no entry: hash + validate + write the entry (+ the eviction scan).
void cache_miss(benchmark::State& state) {
  const auto path = bench::dataset("csv");
  const auto dir = fresh_cache_dir("miss");
  CachedValidator cached(Validator(bench::financial_plan()), CacheOptions{dir});
  const auto entry = cached.entry_path(path);
  ValidationResult r;
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::remove(entry);
    state.ResumeTiming();
    r = cached.validate_file(path);
    benchmark::DoNotOptimize(r.invalid_rows);
  }
  if (cached.get_cache_stats().misses != static_cast<std::uint64_t>(state.iterations())) {
    state.SkipWithError("an iteration was not a miss");
  }
  bench::count_rows_and_bytes(state, r);
  std::filesystem::remove_all(dir);
}

// Each iteration is a hit: hash the whole file on range(0) threads (0: all), read the entry.
void cache_hit(benchmark::State& state) {
  const auto path = bench::dataset("csv");
  const auto dir = fresh_cache_dir("hit");
  CacheOptions options{dir};
  options.hash_threads = static_cast<unsigned>(state.range(0));
  CachedValidator cached(Validator(bench::financial_plan()), options);
  cached.validate_file(path);  // store the entry
  ValidationResult r;
  for (auto _ : state) {
    r = cached.validate_file(path);
    benchmark::DoNotOptimize(r.invalid_rows);
  }
  if (cached.get_cache_stats().hits != static_cast<std::uint64_t>(state.iterations())) {
    state.SkipWithError("an iteration was not a hit");
  }
  bench::count_rows_and_bytes(state, r);
  std::filesystem::remove_all(dir);
}

// Each iteration is a hit answered from the stat record of CacheOptions::trust_file_stat: a stat
// and two small reads, the file itself not read.
void cache_hit_trusted_stat(benchmark::State& state) {
  const auto path = bench::dataset("csv");
  const auto dir = fresh_cache_dir("hit-stat");
  CacheOptions options{dir};
  options.trust_file_stat = true;
  CachedValidator cached(Validator(bench::financial_plan()), options);
  // A stat record is written only for a file whose ctime is over two seconds old.
  struct stat st {};
  ::stat(path.c_str(), &st);
  struct timespec now {};
  ::clock_gettime(CLOCK_REALTIME, &now);
  const double age = static_cast<double>(now.tv_sec - st.st_ctim.tv_sec) +
                     1e-9 * static_cast<double>(now.tv_nsec - st.st_ctim.tv_nsec);
  if (age < 2.5) ::usleep(static_cast<useconds_t>((2.5 - age) * 1e6));
  cached.validate_file(path);  // store the entry and the stat record
  ValidationResult r;
  for (auto _ : state) {
    r = cached.validate_file(path);
    benchmark::DoNotOptimize(r.invalid_rows);
  }
  if (cached.get_cache_stats().stat_hits != static_cast<std::uint64_t>(state.iterations())) {
    state.SkipWithError("an iteration was not answered from the stat record");
  }
  bench::count_rows_and_bytes(state, r);
  std::filesystem::remove_all(dir);
}

// The content key alone, on range(0) threads.
void hash_file(benchmark::State& state) {
  const auto path = bench::dataset("csv");
  const auto threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(content_hash_file(path, threads));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(std::filesystem::file_size(path)));
}

BENCHMARK(plain_validation)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(cache_miss)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(cache_hit)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(cache_hit_trusted_stat)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(hash_file)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
