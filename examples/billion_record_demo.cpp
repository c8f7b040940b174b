// The billion-record demo: how fast each executor validates the financial-transactions dataset,
// how much memory the process needed, and how long a billion rows would take at those rates.
//
// Generates ROWS rows (about 1% of them break one rule), then validates the file with the serial
// Validator (the reference), the StreamingValidator, the DistributedValidator on every hardware
// thread, and a CachedValidator around the DistributedValidator twice: the first run misses and
// stores the result, the second is answered from the cache. Every executor must give the same
// result: the same invalid rows as the generator broke, and the same JSON report apart from the
// timing keys. The program exits with 1 when they do not, and with 2 on an error.
//
//   billion_record_demo [ROWS] [DIR]    (defaults: 500000 rows, DIR = <temporary directory>/rowguard-demo)
//
// DIR receives transactions.csv and a cache directory, cache/; both are replaced on every run.
#include <rowguard/rowguard.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "datagen.hpp"

namespace {

using namespace rowguard;
namespace fs = std::filesystem;

// One executor's run.
struct Run {
  std::string name;
  ValidationResult result;
  double seconds = 0;
  double rows_per_s() const { return seconds > 0 ? static_cast<double>(result.total_rows) / seconds : 0; }
};

// Times `repeats` validations with the process's clock (the same for every executor, hashing
// included) and keeps the median time: the machine may be busy with other work.
Run timed(std::string name, int repeats, const std::function<ValidationResult()>& validate) {
  Run run{std::move(name), {}, 0};
  std::vector<double> seconds;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    run.result = validate();
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  run.seconds = seconds[seconds.size() / 2];
  return run;
}

// 500000 -> "500,000".
std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// The JSON report without its timing keys (elapsed_s and rows_per_s, always written last), so that
// two results can be compared byte for byte.
std::string report_without_timing(const ValidationResult& result, const std::string& source) {
  std::ostringstream out;
  write_json_report(out, result, source);
  std::string json = out.str();
  const std::size_t timing = json.rfind(",\"elapsed_s\":");
  if (timing != std::string::npos) json.erase(timing).append("}");
  return json;
}

// 12,345,678 -> "12.35M"; below a million, the plain number.
std::string count_text(double n) {
  char buf[32];
  if (n >= 1e9) std::snprintf(buf, sizeof buf, "%.2fG", n / 1e9);
  else if (n >= 1e6) std::snprintf(buf, sizeof buf, "%.2fM", n / 1e6);
  else if (n >= 1e3) std::snprintf(buf, sizeof buf, "%.1fK", n / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f", n);
  return buf;
}

// Seconds as "0.123 s", "4 min 05 s" or "1 h 02 min".
std::string duration_text(double seconds) {
  char buf[32];
  const int whole = static_cast<int>(seconds);
  if (seconds < 60) std::snprintf(buf, sizeof buf, "%.3f s", seconds);
  else if (seconds < 3600) std::snprintf(buf, sizeof buf, "%d min %02d s", whole / 60, whole % 60);
  else std::snprintf(buf, sizeof buf, "%d h %02d min", whole / 3600, whole / 60 % 60);
  return buf;
}

// The peak resident set of this process so far, in MiB (Linux reports ru_maxrss in KiB).
double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

int demo(int argc, char** argv) {
  const std::uint64_t rows = argc > 1 ? std::stoull(argv[1]) : 500'000;
  const fs::path dir = argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path() / "rowguard-demo";
  const fs::path data = dir / "transactions.csv";
  const fs::path cache_dir = dir / "cache";
  fs::create_directories(dir);
  fs::remove_all(cache_dir);  // so that the first cached run is a miss

  datagen::Options gen;
  gen.rows = rows;
  const auto gen_start = std::chrono::steady_clock::now();
  const std::uint64_t broken = datagen::write_financial_file(data, gen);
  const double gen_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - gen_start).count();
  const double megabytes = static_cast<double>(fs::file_size(data)) / 1e6;
  std::printf("Generated %s: %s rows of financial transactions, %s with a broken rule, %.1f MB (%.2f s)\n\n",
              data.string().c_str(), grouped(rows).c_str(), grouped(broken).c_str(), megabytes, gen_seconds);

  // The schema the generator follows: transaction_id TX + 10 digits, amount 0.01 .. 1,000,000,
  // timestamp RFC 3339, account_id 8 to 20 characters. Compiled once, shared by every executor.
  const Plan plan = compile(Schema::from_json(datagen::financial_table_schema_json()));
  const ValidateOptions options;  // the defaults: format from the extension, 1000 findings kept

  const Validator serial(plan, options);
  StreamingOptions stream_options;
  static_cast<ValidateOptions&>(stream_options) = options;
  const StreamingValidator streaming(plan, stream_options);
  DistributedOptions parallel_options;
  static_cast<ValidateOptions&>(parallel_options) = options;  // workers 0: every hardware thread
  const DistributedValidator distributed(plan, parallel_options);
  const CachedValidator cached(
      plan, options, [&](const fs::path& file) { return distributed.validate_file(file); }, CacheOptions{cache_dir});

  const std::size_t worker_count = distributed.workers();
  const std::string workers = std::to_string(worker_count) + (worker_count == 1 ? " worker" : " workers");
  std::vector<Run> runs;
  std::vector<double> rss_after;
  auto record = [&](Run run) {
    runs.push_back(std::move(run));
    rss_after.push_back(peak_rss_mib());
  };
  // The first run of each executor also warms the page cache and the thread pool; the median of
  // three is what is shown. The cache runs once each: the first is the miss, the second the hit.
  constexpr int repeats = 3;
  record(timed("Validator (serial reference)", repeats, [&] { return serial.validate_file(data); }));
  std::uint64_t batches = 0;
  record(timed("StreamingValidator", repeats, [&] {
    batches = 0;
    return streaming.validate_file(data, [&](const BatchResult&) { ++batches; });
  }));
  record(timed("DistributedValidator, " + workers, repeats, [&] { return distributed.validate_file(data); }));
  record(timed("CachedValidator, 1st run (miss)", 1, [&] { return cached.validate_file(data); }));
  record(timed("CachedValidator, 2nd run (hit)", 1, [&] { return cached.validate_file(data); }));
  const CacheStats stats = cached.get_cache_stats();

  write_text_report(std::cout, runs.front().result, data.filename().string(), 5);
  std::cout.flush();

  std::printf("\n%-36s %10s %10s %16s %18s\n", "executor", "rows/s", "time", "peak RSS so far", "1 billion rows at");
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const Run& r = runs[i];
    const double rate = r.rows_per_s();
    std::printf("%-36s %10s %10s %12.1f MiB %18s\n", r.name.c_str(), count_text(rate).c_str(),
                duration_text(r.seconds).c_str(), rss_after[i], rate > 0 ? duration_text(1e9 / rate).c_str() : "-");
  }
  const Run& miss = runs[3];
  const Run& hit = runs[4];
  std::printf("\nStreaming: %llu batches of up to %zu rows through a %zu MiB buffer.\n",
              static_cast<unsigned long long>(batches), stream_options.batch_rows, stream_options.buffer_size >> 20);
  std::printf("Cache: %llu hit, %llu miss, %llu entry (%llu bytes); the hit was %.1fx faster than the miss.\n",
              static_cast<unsigned long long>(stats.hits), static_cast<unsigned long long>(stats.misses),
              static_cast<unsigned long long>(stats.entries), static_cast<unsigned long long>(stats.bytes),
              hit.seconds > 0 ? miss.seconds / hit.seconds : 0.0);
  std::printf("Peak memory of the process (ru_maxrss): %.1f MiB for a %.1f MB file.\n", peak_rss_mib(), megabytes);
  std::printf("Times are medians of %d runs (the cache runs once each); the last column divides 1e9 rows by\n"
              "each rate (a cache hit still reads and hashes the whole file, so it scales with the size too).\n",
              repeats);

  // Every executor must agree with the reference and with the generator.
  bool agree = true;
  const std::string source = data.string();
  const std::string reference = report_without_timing(runs.front().result, source);
  for (const Run& r : runs) {
    if (r.result.invalid_rows != broken) {
      std::fprintf(stderr, "MISMATCH: %s found %llu invalid rows, the generator broke %llu\n", r.name.c_str(),
                   static_cast<unsigned long long>(r.result.invalid_rows), static_cast<unsigned long long>(broken));
      agree = false;
    }
    if (report_without_timing(r.result, source) != reference) {
      std::fprintf(stderr, "MISMATCH: the JSON report of %s differs from the serial Validator's\n", r.name.c_str());
      agree = false;
    }
  }
  if (stats.hits != 1 || stats.misses != 1) {
    std::fprintf(stderr, "MISMATCH: expected 1 cache hit and 1 miss, got %llu and %llu\n",
                 static_cast<unsigned long long>(stats.hits), static_cast<unsigned long long>(stats.misses));
    agree = false;
  }
  if (!agree) return 1;
  std::printf("\nAll %zu executors agree: %s rows, %s invalid, identical JSON reports (timing keys aside).\n",
              runs.size(), grouped(runs.front().result.total_rows).c_str(), grouped(broken).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return demo(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "billion_record_demo: %s\n", e.what());
    return 2;
  }
}
