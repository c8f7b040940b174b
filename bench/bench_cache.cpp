// CachedValidator on the financial CSV dataset in the page cache: a hit (hash the file, read the
// entry) against a miss (hash, validate, store) and against plain validation with the serial
// Validator, plus the throughput of the content hash on 1 and 2 threads, the same reads without the
// hash (read_file: the floor of any hit that reads the file), and a hit that trusts the file's stat (CacheOptions::trust_file_stat) and does not read it. The hit-vs-validate
// speedup is the ratio of the plain_validation and cache_hit times.
//
//   ROWGUARD_BENCH_ROWS=18000000 build/bench/bench_cache     (about 1 GB)
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "bench_common.hpp"
#include "io/content_hash.hpp"
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

// The reads of hash_file without the hash: range(0) threads take the next content-hash segment
// and pread it in content_hash_block_bytes blocks, looking at one byte per cache line. No hash read
// through the page cache can beat this; on a machine where it is close to hash_file, a hit is
// bounded by memory bandwidth, not by XXH3.
void read_file(benchmark::State& state) {
  const auto path = bench::dataset("csv");
  const auto threads = static_cast<unsigned>(state.range(0));
  const auto size = static_cast<std::uint64_t>(std::filesystem::file_size(path));
  const std::uint64_t segments = (size + content_hash_segment_bytes - 1) / content_hash_segment_bytes;
  for (auto _ : state) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      state.SkipWithError("cannot open the dataset");
      break;
    }
    std::atomic<std::uint64_t> next{0};
    auto work = [&] {
      std::vector<char> block(detail::content_hash_block_bytes);
      std::uint64_t sum = 0;
      for (std::uint64_t i; (i = next.fetch_add(1)) < segments;) {
        const std::uint64_t end = std::min<std::uint64_t>((i + 1) * content_hash_segment_bytes, size);
        for (std::uint64_t pos = i * content_hash_segment_bytes; pos < end;) {
          const ssize_t got = ::pread(fd, block.data(), std::min<std::uint64_t>(block.size(), end - pos),
                                      static_cast<off_t>(pos));
          if (got <= 0) return;
          for (ssize_t b = 0; b < got; b += 64) sum += static_cast<unsigned char>(block[static_cast<std::size_t>(b)]);
          pos += static_cast<std::uint64_t>(got);
        }
      }
      benchmark::DoNotOptimize(sum);
    };
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < threads; ++t) helpers.emplace_back(work);
    work();
    for (auto& t : helpers) t.join();
    ::close(fd);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(size));
}

BENCHMARK(plain_validation)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(cache_miss)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(cache_hit)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(cache_hit_trusted_stat)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(hash_file)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(read_file)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
