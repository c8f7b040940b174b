// rowguard-gen: writes the financial-transactions benchmark dataset at any size.
//
//   rowguard-gen --rows N [--invalid SHARE] [--seed S] [--schema SCHEMA.json] OUTPUT.csv|OUTPUT.jsonl
//
// The output format follows the extension. --schema also writes the matching Table Schema.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "datagen.hpp"

int main(int argc, char** argv) {
  rowguard::datagen::Options options;
  std::string out, schema;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "rowguard-gen: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--rows") options.rows = std::stoull(value());
    else if (a == "--invalid") options.invalid_share = std::stod(value());
    else if (a == "--seed") options.seed = std::stoull(value());
    else if (a == "--schema") schema = value();
    else if (a == "--help" || a == "-h") {
      std::puts("usage: rowguard-gen --rows N [--invalid SHARE] [--seed S] [--schema SCHEMA.json] OUTPUT.csv|OUTPUT.jsonl");
      return 0;
    } else out = a;
  }
  if (out.empty()) {
    std::fputs("rowguard-gen: no OUTPUT file given (try --help)\n", stderr);
    return 2;
  }
  try {
    std::uint64_t invalid = rowguard::datagen::write_financial_file(out, options);
    if (!schema.empty()) std::ofstream(schema) << rowguard::datagen::financial_table_schema_json();
    std::fprintf(stderr, "rowguard-gen: %s: %llu rows, %llu invalid\n", out.c_str(),
                 static_cast<unsigned long long>(options.rows), static_cast<unsigned long long>(invalid));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rowguard-gen: %s\n", e.what());
    return 2;
  }
  return 0;
}
