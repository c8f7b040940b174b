#include "datagen.hpp"

#include <array>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "rowguard/error.hpp"

namespace rowguard::datagen {
namespace {

struct Row {
  char id[16];
  char amount[24];
  char timestamp[32];
  char account[32];
};

// Fills a valid row, then breaks one rule when `invalid` is set.
void make_row(Random& rng, bool invalid, Row& r) {
  std::snprintf(r.id, sizeof r.id, "TX%010llu", static_cast<unsigned long long>(rng.below(10'000'000'000ULL)));
  std::uint64_t cents = 1 + rng.below(100'000'000ULL - 1);
  std::snprintf(r.amount, sizeof r.amount, "%llu.%02llu", static_cast<unsigned long long>(cents / 100),
                static_cast<unsigned long long>(cents % 100));
  std::uint64_t t = rng.below(365ULL * 86400);
  unsigned day = static_cast<unsigned>(t / 86400);
  unsigned month = 1 + day / 31 % 12, mday = 1 + day % 28;
  std::snprintf(r.timestamp, sizeof r.timestamp, "2024-%02u-%02uT%02u:%02u:%02uZ", month, mday,
                static_cast<unsigned>(t / 3600 % 24), static_cast<unsigned>(t / 60 % 60), static_cast<unsigned>(t % 60));
  unsigned len = 8 + static_cast<unsigned>(rng.below(13));
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  for (unsigned i = 0; i < len; ++i) r.account[i] = alphabet[rng.below(36)];
  r.account[len] = '\0';
  if (!invalid) return;
  switch (rng.below(4)) {
    case 0: std::snprintf(r.id, sizeof r.id, "TX%05llu", static_cast<unsigned long long>(rng.below(100000))); break;
    case 1: std::snprintf(r.amount, sizeof r.amount, "-%llu.50", static_cast<unsigned long long>(rng.below(1000))); break;
    case 2: std::snprintf(r.timestamp, sizeof r.timestamp, "2024-13-%02uT25:00:00Z", 1 + static_cast<unsigned>(rng.below(28))); break;
    default: std::snprintf(r.account, sizeof r.account, "AC%u", static_cast<unsigned>(rng.below(1000))); break;
  }
}

template <class WriteRow>
std::uint64_t generate(const Options& o, WriteRow&& write) {
  Random rng(o.seed);
  std::uint64_t invalid = 0;
  Row r{};
  for (std::uint64_t i = 0; i < o.rows; ++i) {
    bool bad = rng.unit() < o.invalid_share;
    invalid += bad ? 1 : 0;
    make_row(rng, bad, r);
    write(r);
  }
  return invalid;
}

}  // namespace

std::string financial_table_schema_json() {
  return R"({
  "fields": [
    {"name": "transaction_id", "type": "string", "constraints": {"required": true, "pattern": "TX\\d{10}"}},
    {"name": "amount", "type": "number", "constraints": {"required": true, "minimum": 0.01, "maximum": 1000000}},
    {"name": "timestamp", "type": "datetime", "constraints": {"required": true}},
    {"name": "account_id", "type": "string", "constraints": {"required": true, "minLength": 8, "maxLength": 20}}
  ]
}
)";
}

std::uint64_t write_financial_csv(std::ostream& out, const Options& options) {
  out << "transaction_id,amount,timestamp,account_id\n";
  std::string line;
  return generate(options, [&](const Row& r) {
    line.assign(r.id).append(",").append(r.amount).append(",").append(r.timestamp).append(",").append(r.account).append("\n");
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
  });
}

std::uint64_t write_financial_jsonl(std::ostream& out, const Options& options) {
  std::string line;
  return generate(options, [&](const Row& r) {
    line.assign("{\"transaction_id\":\"").append(r.id).append("\",\"amount\":").append(r.amount);
    line.append(",\"timestamp\":\"").append(r.timestamp).append("\",\"account_id\":\"").append(r.account).append("\"}\n");
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
  });
}

std::uint64_t write_financial_file(const std::filesystem::path& path, const Options& options) {
  // Written in 1 MiB blocks rather than the stream's default 8 KiB: on Linux 6.x the page cache
  // keeps a file in folios about as large as the writes that made it, and a file cached in small
  // folios reads back about half as fast (see docs/benchmarks.md, "The file's layout in the page
  // cache").
  std::vector<char> buffer(std::size_t{1} << 20);
  std::ofstream out;
  out.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  out.open(path, std::ios::binary);
  if (!out) throw IoError(path, "cannot create");
  std::string ext = path.extension().string();
  std::uint64_t invalid = (ext == ".jsonl" || ext == ".ndjson") ? write_financial_jsonl(out, options)
                                                                : write_financial_csv(out, options);
  out.close();
  if (!out) throw IoError(path, "write failed");
  return invalid;
}

}  // namespace rowguard::datagen
