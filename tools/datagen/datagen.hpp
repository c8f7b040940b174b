#pragma once
// Deterministic generators of test and benchmark data for rowguard: the financial-transactions
// dataset in CSV and JSONL with a chosen share of invalid rows, and its schema.

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>


namespace rowguard::datagen {

/// The financial-transactions schema of the benchmarks as a Frictionless Table Schema document:
/// transaction_id (TX + 10 digits), amount (0.01 .. 1,000,000), timestamp (RFC 3339),
/// account_id (8 to 20 characters).
std::string financial_table_schema_json();

struct Options {
  std::uint64_t rows = 100'000;
  double invalid_share = 0.01;  ///< fraction of rows with exactly one broken rule
  std::uint64_t seed = 42;
};

/// Writes a CSV file with a header; returns the number of rows written with an invalid value.
std::uint64_t write_financial_csv(std::ostream& out, const Options& options);
/// Writes one JSON object per line; returns the number of invalid rows.
std::uint64_t write_financial_jsonl(std::ostream& out, const Options& options);
/// Writes to a file, choosing CSV or JSONL from the extension (.csv, .jsonl/.ndjson).
std::uint64_t write_financial_file(const std::filesystem::path& path, const Options& options);

/// A small, fast, seedable generator (SplitMix64).
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n).
  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }
  /// Uniform in [0, 1).
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

}  // namespace rowguard::datagen
