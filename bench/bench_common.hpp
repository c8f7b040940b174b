#pragma once
// Shared set-up for the benchmarks: datasets generated once into the temporary directory (so they
// are read from the page cache), and one benchmark per supported kernel.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "datagen.hpp"
#include "rowguard/kernels.hpp"
#include "rowguard/rowguard.hpp"

namespace rowguard::bench {

// Rows in the benchmark files; ROWGUARD_BENCH_ROWS overrides (the default keeps a run short).
inline std::uint64_t bench_rows() {
  const char* env = std::getenv("ROWGUARD_BENCH_ROWS");
  return env ? std::stoull(env) : 2'000'000;
}

// The financial dataset as `extension` ("csv" or "jsonl"), written on first use.
inline std::filesystem::path dataset(const std::string& extension) {
  const std::uint64_t rows = bench_rows();
  auto path = std::filesystem::temp_directory_path() /
              ("rowguard-bench-" + std::to_string(rows) + "." + extension);
  if (!std::filesystem::exists(path)) {
    datagen::Options options;
    options.rows = rows;
    datagen::write_financial_file(path, options);
  }
  return path;
}

// Rows/s and bytes/s of a benchmark that validates a whole file per iteration; `r` is the last result.
inline void count_rows_and_bytes(benchmark::State& state, const ValidationResult& r) {
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(r.total_rows));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(r.bytes_read));
}

inline const char* kernel_names[] = {"scalar", "avx2", "avx512"};

// The financial-transactions schema the datasets follow, compiled once.
inline const Plan& financial_plan() {
  static const Plan plan = compile(Schema::from_json(datagen::financial_table_schema_json()));
  return plan;
}

}  // namespace rowguard::bench
