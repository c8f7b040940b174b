// Quickstart: describe a table in C++, compile the schema once, validate a file.
//
// Generates a CSV file of financial transactions (about 1% of the rows break a rule), validates it
// with the serial Validator and prints what a user would look at: the verdict, complete counts per
// field and error type, and the first findings with their row, line and byte offset.
//
//   quickstart [ROWS] [FILE]      (defaults: 200000 rows, a file in the temporary directory)
#include <rowguard/rowguard.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include "datagen.hpp"

int main(int argc, char** argv) {
  using namespace rowguard;
  const std::uint64_t rows = argc > 1 ? std::stoull(argv[1]) : 200'000;
  const std::filesystem::path path =
      argc > 2 ? std::filesystem::path(argv[2]) : std::filesystem::temp_directory_path() / "rowguard-transactions.csv";

  datagen::Options options;
  options.rows = rows;
  const std::uint64_t broken = datagen::write_financial_file(path, options);
  std::cout << "Generated " << rows << " transactions (" << broken << " with a broken rule) in " << path.string() << "\n\n";

  // The schema reads like its description; compile() checks it and builds the immutable plan.
  Schema schema{
      {"transaction_id", Field::string().required().pattern(R"(TX\d{10})")},
      {"amount", Field::number().required().min(0.01).max(1'000'000.0)},
      {"timestamp", Field::datetime().required()},
      {"account_id", Field::string().required().min_length(8).max_length(20)},
  };
  Plan plan = compile(schema);

  Validator validator(plan);
  ValidationResult result = validator.validate_file(path);

  write_text_report(std::cout, result, path.filename().string(), 10);
  std::printf("\n%.1f M rows/s, %.0f MB/s on one core\n",
              static_cast<double>(result.total_rows) / result.elapsed_seconds / 1e6,
              static_cast<double>(result.bytes_read) / result.elapsed_seconds / 1e6);

  // Every broken row is found: the generator's count and the validator's agree.
  if (result.invalid_rows != broken) {
    std::cerr << "mismatch: generated " << broken << " invalid rows, found " << result.invalid_rows << "\n";
    return 1;
  }
  return 0;
}
