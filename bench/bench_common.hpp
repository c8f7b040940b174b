#pragma once
// Shared set-up for the benchmarks: datasets generated once into the temporary directory (so they
// are read from the page cache), and one benchmark per supported kernel.

#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "datagen.hpp"
#include "rowguard/kernels.hpp"
#include "rowguard/rowguard.hpp"

namespace rowguard::bench {

// Rows in the benchmark files; ROWGUARD_BENCH_ROWS overrides (the default keeps a run short).
inline std::uint64_t bench_rows() {
  const char* env = std::getenv("ROWGUARD_BENCH_ROWS");
  return env ? std::stoull(env) : 2'000'000;
}

// Puts the file in the page cache as a read from disk leaves it: written back, dropped, and read
// through once. On Linux 6.x the page cache holds a file in folios about as large as the reads or
// writes that brought it in, and the same bytes copy out of it up to twice as fast from large
// folios as from 4-8 KiB ones, so without this a benchmark's figure would depend on how its file
// was last written (docs/benchmarks.md, "The file's layout in the page cache").
inline void settle_in_page_cache(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return;
  ::fdatasync(fd);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  std::vector<char> block(std::size_t{1} << 20);
  while (::read(fd, block.data(), block.size()) > 0) {
  }
  ::close(fd);
}

// The financial dataset as `extension` ("csv" or "jsonl"), written on first use and settled in
// the page cache once per process.
inline std::filesystem::path dataset(const std::string& extension) {
  const std::uint64_t rows = bench_rows();
  auto path = std::filesystem::temp_directory_path() /
              ("rowguard-bench-" + std::to_string(rows) + "." + extension);
  static std::set<std::filesystem::path> settled;
  if (settled.count(path) == 0) {
    if (!std::filesystem::exists(path)) {
      datagen::Options options;
      options.rows = rows;
      datagen::write_financial_file(path, options);
    }
    settle_in_page_cache(path);
    settled.insert(path);
  }
  return path;
}

// A copy of dataset(extension) as a program writing 8 KiB at a time leaves it in the page cache
// (the default buffer of a C++ or C stream): rewritten once per process, never settled. The
// counterpart of dataset() for the benchmarks that show what the page cache's layout costs.
inline std::filesystem::path small_folio_dataset(const std::string& extension) {
  static std::set<std::string> written;
  const auto source = dataset(extension);
  auto path = source;
  path.replace_filename(source.stem().string() + "-8k" + source.extension().string());
  if (written.count(extension) == 0) {
    const int in = ::open(source.c_str(), O_RDONLY);
    const int out = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0) throw IoError(path, "cannot copy the dataset");
    std::vector<char> block(8192);
    ssize_t n;
    while ((n = ::read(in, block.data(), block.size())) > 0) {
      if (::write(out, block.data(), static_cast<std::size_t>(n)) != n) throw IoError(path, "write failed");
    }
    ::close(in);
    ::close(out);
    written.insert(extension);
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
