// The JSONL reader parses runs of lines with one simdjson document stream and holds each document
// to its line (src/jsonl/reader_impl.hpp, read_run). These tests compare it with the per-line
// parse on inputs made to break that: lines that are not one object, strings and objects left open
// across line ends, several values on a line, invalid UTF-8 and control characters, blank and
// whitespace-padded lines, CRLF, lines longer than a run.
//
// The reference is map-reduce with one chunk per line: a chunk ending less than simdjson's padding
// after a line's end is never read as a run, so each line is parsed on its own.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "exec_support.hpp"
#include "rowguard/rowguard.hpp"

using namespace rowguard;
using namespace rowguard::test;

namespace {

// A JSONL line of the schema below: mostly valid rows, some with rule errors, and every kind of
// line a document stream could read differently from a per-line parse.
std::string random_line(std::mt19937_64& rng) {
  const std::string n = std::to_string(rng() % 100000);
  const std::string row = R"({"transaction_id": "TX)" + std::string(10 - n.size(), '0') + n +
                          R"(", "amount": )" + n + R"(.25, "timestamp": "2024-03-0)" + std::to_string(1 + rng() % 9) +
                          R"(T10:00:00Z", "account_id": "ACC)" + n + R"(XYZ", "meta": {"tags": ["a", {"b": null}]}})";
  switch (rng() % 40) {
    case 0: return "";
    case 1: return " \t ";
    case 2: return "  " + row + "  ";  // whitespace around the object
    case 3: return row + " " + row;    // two objects on one line
    case 4: return row + "}";          // a stray closing brace
    case 5: return R"({"transaction_id": "TX00000)";  // a string left open: it runs into the next line
    case 6: return R"({"amount": 5,)";                // an object left open across the line end
    case 7: return R"("account_id": "x"})";           // ... and a line that would close it
    case 8: return "}";
    case 9: return "{";
    case 10: return "[1, 2, 3]";
    case 11: return "42";
    case 12: return "\"a string\"";
    case 13: return "null";
    case 14: return "true";
    case 15: return R"({"transaction_id": "TX)" + n + "\xff\"}";  // invalid UTF-8
    case 16: return "{\"transaction_id\": \"tab\there\"}";           // a raw control character
    case 17: return R"({"amount": 1,})";                            // a trailing comma
    case 18: return R"({"amount": 01})";                            // a malformed number
    case 19: return R"({"transaction_id": "TX\u0030000000001", "amount": "7"})";  // escapes; a type error
    case 20: return R"({"amount": 2000000, "timestamp": "2024-02-30T00:00:00Z", "account_id": "short"})";
    case 21: return row + " x";
    case 22: return "{} {}";
    case 23: return "{}";
    case 24: return R"({"amount": -0.5e1, "amount": 3})";  // duplicate key: the first wins
    default: return row;
  }
}

std::string random_input(std::mt19937_64& rng, std::size_t lines, bool long_lines) {
  std::string out;
  for (std::size_t i = 0; i < lines; ++i) {
    if (long_lines && rng() % 500 == 0) {
      // Longer than a run (256 KiB): read by the per-line parse between runs.
      out += R"({"transaction_id": "TX0000000001", "note": ")" + std::string(300 << 10, 'x') + "\"}";
    } else {
      out += random_line(rng);
    }
    out += rng() % 7 == 0 ? "\r\n" : "\n";
  }
  return out;
}

std::string per_line_report(const Plan& plan, const std::string& data, std::size_t max_findings) {
  ValidateOptions o;
  o.format = Format::jsonl;
  o.max_findings = max_findings;
  const MapReduceValidator mr(plan, o);
  std::vector<PartialResult> partials;
  for (std::size_t begin = 0; begin < data.size();) {
    std::size_t end = data.find('\n', begin);
    end = end == std::string::npos ? data.size() : end + 1;
    ChunkInfo info;
    info.offset = begin;
    partials.push_back(mr.map_validate_chunk(std::string_view(data).substr(begin, end - begin), info));
    begin = end;
  }
  return report_without_timing(reduce_results(std::move(partials)));
}

Schema runs_schema() {
  return Schema{{"transaction_id", Field::string().required().pattern(R"(TX\d{10})")},
                {"amount", Field::number().required().min(0.01).max(1'000'000.0)},
                {"timestamp", Field::datetime().required()},
                {"account_id", Field::string().required().min_length(8).max_length(20)},
                {"meta.tags", Field::any()}};
}

}  // namespace

TEST_CASE("jsonl runs: every kernel reports what the per-line parse reports", "[jsonl]") {
  const std::size_t max_findings = 100000;  // every finding, so that none can hide
  for (const bool long_lines : {false, true}) {
    std::mt19937_64 rng(long_lines ? 11 : 7);
    const std::string data = random_input(rng, 12000, long_lines);
    for (const bool runs : {true, false}) {
      const Plan plan = compile(runs ? runs_schema() : executor_schema());
      const std::string expected = per_line_report(plan, data, max_findings);
      for (const Kernel kernel : {Kernel::scalar, Kernel::avx2, Kernel::avx512}) {
        if (!kernel_supported(kernel)) continue;
        INFO("kernel " << to_string(kernel) << ", long lines " << long_lines);
        ValidateOptions o;
        o.format = Format::jsonl;
        o.kernel = kernel;
        o.max_findings = max_findings;
        const ValidationResult r = Validator(plan, o).validate_buffer(data, Format::jsonl);
        CHECK(r.invalid_rows > 0);
        if (runs) CHECK(r.invalid_rows < r.total_rows);  // (the executor schema's fields are absent here)
        CHECK(report_without_timing(r) == expected);
      }
    }
  }
}
