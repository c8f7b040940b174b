// The JSONL reader parses runs of lines with one simdjson document stream and holds each document
// to its line (src/jsonl/reader_impl.hpp, read_run). These tests compare it with the per-line
// parse on inputs made to break that: lines that are not one object, strings and objects left open
// across line ends, several values on a line, invalid UTF-8 and control characters, blank and
// whitespace-padded lines, CRLF, lines longer than a run.
//
// Lines that are one object of plain values are read without simdjson (read_flat_line); a test
// below builds lines at the edges of what that path takes.
//
// The reference is map-reduce with one chunk per line: a chunk ending less than simdjson's padding
// after a line's end is never read as a run, so each line is parsed on its own.
#include <catch2/catch.hpp>

#include <algorithm>
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

// The serial Validator's result with `kernel`, every kernel run through the same runs and flat lines.
ValidationResult validate_jsonl(const Plan& plan, const std::string& data, Kernel kernel, std::size_t max_findings) {
  ValidateOptions o;
  o.format = Format::jsonl;
  o.kernel = kernel;
  o.max_findings = max_findings;
  return Validator(plan, o).validate_buffer(data, Format::jsonl);
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
        const ValidationResult r = validate_jsonl(plan, data, kernel, max_findings);
        CHECK(r.invalid_rows > 0);
        if (runs) CHECK(r.invalid_rows < r.total_rows);  // (the executor schema's fields are absent here)
        CHECK(report_without_timing(r) == expected);
      }
    }
  }
}

namespace {

// A member of a flat line: a key and a value from menus of what the flat path takes; now and then
// (`odd`) a key or value it must hand to simdjson (escapes, non-ASCII, exponents, long numbers,
// nested values), all valid JSON; or, when `broken`, something that makes the line invalid JSON.
std::string random_member(std::mt19937_64& rng, bool odd, bool broken) {
  static const std::vector<std::string> keys = {"\"id\"",    "\"amount\"", "\"qty\"",   "\"flag\"",
                                                "\"ts\"",    "\"day\"",    "\"code\"",  "\"any\"",
                                                "\"account_identifier_long\"", "\"amount2\"", "\"amoun\"",
                                                "\"other\"", "\"\"",      "\"q\x7f\""};
  static const std::vector<std::string> odd_keys = {"\"\\u0069d\"", "\"\u00e9t\u00e9\"", "\"q\\\"t\"", "\"amount\\u0032\""};
  static const std::vector<std::string> values = {
      "\"TX0000000042\"", "\"TX12\"", "\"\"", "\"abc def\"", "\"del\x7f\"", "\"2024-03-01T10:00:00Z\"",
      "\"2024-02-30T10:00:00Z\"", "\"2024-03-01\"", "\"NA\"", "\"A\"", "\"C\"", "\"12\"", "\"true\"", "0",
      "-0", "7", "-7", "12.5", "-0.25", "0.001", "1000001", "999999.99", "123456789012345678", "1000", "-5",
      "-6", "true", "false", "null"};
  static const std::vector<std::string> odd_values = {
      "\"caf\u00e9\"", "\"esc\\\"aped\"", "\"\\u0041\"", "1234567890123456789", "99999999999999999999",
      "9223372036854775807", "-9223372036854775808", "1.5e3", "1E-2", "{}", "{\"a\": 1}", "[]", "[1, \"x\"]"};
  static const std::vector<std::string> broken_values = {
      "2e400", "01", "1.", ".5", "-", "--1", "+1", "1.2.3", "0x10", "tru", "nul", "falsey", "truex", "NaN",
      "Infinity", "'single'", "", "\"tab\there\"", "\"bad\xff\"", "\"open"};
  static const std::vector<std::string> blanks = {"", "", "", " ", "  ", "\t", " \r "};
  auto blank = [&] { return blanks[rng() % blanks.size()]; };
  auto pick = [&](const std::vector<std::string>& menu) -> const std::string& { return menu[rng() % menu.size()]; };
  const bool odd_key = odd && rng() % 3 == 0;
  const std::string& key = odd_key ? pick(odd_keys) : pick(keys);
  const bool no_colon = broken && rng() % 4 == 0;
  const std::string& v = broken && !no_colon ? pick(broken_values) : odd && !odd_key ? pick(odd_values) : pick(values);
  return key + blank() + (no_colon ? "" : ":") + blank() + v + blank();
}

// A line of one to seven members: valid JSON unless `broken`; with a member the flat path does
// not take now and then.
std::string random_flat_line(std::mt19937_64& rng, bool broken) {
  if (!broken && rng() % 60 == 0) return rng() % 2 ? "{}" : " { } ";
  std::string line = rng() % 10 == 0 ? " {" : "{";
  const std::size_t members = 1 + rng() % 7;
  const std::size_t broken_member = broken ? rng() % (members + 1) : members + 1;  // == members: the end
  for (std::size_t m = 0; m < members; ++m) {
    if (m) line += ",";
    line += random_member(rng, rng() % 40 == 0, m == broken_member);
  }
  if (broken_member == members) {
    static const std::vector<std::string> ends = {",}", "", "} x", "}}", "]", "} {}"};
    return line + ends[rng() % ends.size()];
  }
  return line + (rng() % 5 == 0 ? "} \t" : "}");
}

// Empty when the texts are equal, else where they first differ, with some context: a failure then
// prints a few lines rather than two whole reports.
std::string first_difference(const std::string& actual, const std::string& expected) {
  if (actual == expected) return "";
  const auto at = static_cast<std::size_t>(
      std::mismatch(actual.begin(), actual.begin() + static_cast<std::ptrdiff_t>(std::min(actual.size(), expected.size())),
                    expected.begin())
          .first -
      actual.begin());
  const std::size_t from = at < 200 ? 0 : at - 200;
  return "at byte " + std::to_string(at) + "\nactual:   " + actual.substr(from, 400) + "\nexpected: " +
         expected.substr(from, 400);
}

Schema flat_schema() {
  return Schema{{"id", Field::string().required().pattern(R"(TX\d{10})")},
                {"amount", Field::number().required().min(0.01).max(1'000'000.0)},
                {"qty", Field::integer().min(-5).max(1000)},
                {"flag", Field::boolean()},
                {"ts", Field::datetime()},
                {"day", Field::date().unique()},
                {"code", Field::string().one_of({"A", "B", "C"})},
                {"any", Field::any()},
                {"account_identifier_long", Field::string().min_length(3).max_length(12).missing_values({"NA"})}};
}

}  // namespace

TEST_CASE("jsonl flat lines: every kernel reports what the per-line parse reports", "[jsonl]") {
  const std::size_t max_findings = 100000;
  std::mt19937_64 rng(2026);
  std::string data;
  std::size_t plain_rows = 0;
  for (int i = 0; i < 20000; ++i) {
    if (rng() % 3 == 0) {
      // A valid row of plain values, in schema order or shuffled: the flat path's common case.
      std::vector<std::string> members = {"\"id\": \"TX" + std::to_string(1000000000 + rng() % 9000000000) + "\"",
                                          "\"amount\": " + std::to_string(rng() % 100000) + "." + std::to_string(rng() % 100),
                                          "\"qty\": " + std::to_string(rng() % 1200),
                                          "\"flag\": " + std::string(rng() % 2 ? "true" : "false"),
                                          "\"ts\": \"2024-05-0" + std::to_string(1 + rng() % 9) + "T01:02:03Z\""};
      if (rng() % 4 == 0) std::shuffle(members.begin(), members.end(), rng);
      std::string line = "{";
      for (std::size_t m = 0; m < members.size(); ++m) line += (m ? ", " : "") + members[m];
      data += line + "}";
      ++plain_rows;
    } else {
      data += random_flat_line(rng, rng() % 150 == 0);  // invalid JSON is rare: runs go on
    }
    data += rng() % 9 == 0 ? "\r\n" : "\n";
  }
  const Plan plan = compile(flat_schema());
  const std::string expected = per_line_report(plan, data, max_findings);
  for (const Kernel kernel : {Kernel::scalar, Kernel::avx2, Kernel::avx512}) {
    if (!kernel_supported(kernel)) continue;
    INFO("kernel " << to_string(kernel));
    const ValidationResult r = validate_jsonl(plan, data, kernel, max_findings);
    CHECK(r.invalid_rows > 0);
    CHECK(r.total_rows - r.invalid_rows >= plain_rows / 2);  // most plain rows are valid
    CHECK(first_difference(report_without_timing(r), expected) == "");
  }
}

TEST_CASE("jsonl flat lines with every field present: every kernel reports what the per-line parse reports",
          "[jsonl]") {
  // Every field has a quick check here, so a flat line whose fields all pass it reports nothing
  // without being looked at again; each value below breaks its field's rule now and then.
  const Plan plan = compile(Schema{{"id", Field::string().required().pattern(R"(TX\d{6})")},
                                   {"amount", Field::number().required().min(0.01).max(1000.0)},
                                   {"qty", Field::integer().min(1).max(99)},
                                   {"ts", Field::datetime().required()},
                                   {"name", Field::string().min_length(3).max_length(8).missing_values({"NA"})}});
  std::mt19937_64 rng(11);
  auto pick = [&](std::initializer_list<const char*> rare, std::string common) {
    if (rng() % 8 != 0) return common;
    return std::string(*(rare.begin() + static_cast<std::ptrdiff_t>(rng() % rare.size())));
  };
  std::string data;
  for (int i = 0; i < 20000; ++i) {
    std::vector<std::string> members = {
        "\"id\": " + pick({"\"TX12345\"", "\"tx123456\"", "\"\"", "null", "7"}, "\"TX" + std::to_string(100000 + rng() % 900000) + "\""),
        "\"amount\": " + pick({"0", "1000.01", "-5", "\"12\"", "null"}, std::to_string(1 + rng() % 999) + "." + std::to_string(rng() % 10)),
        "\"qty\": " + pick({"0", "100", "2.5", "true", "null"}, std::to_string(1 + rng() % 99)),
        "\"ts\": " + pick({"\"2024-02-30T00:00:00Z\"", "\"2024-01-01T24:00:00Z\"", "\"2024-01-01 00:00:00z\"", "null"},
                          "\"2024-0" + std::to_string(1 + rng() % 9) + "-1" + std::to_string(rng() % 10) + "T12:34:56Z\""),
        "\"name\": " + pick({"\"ab\"", "\"abcdefghi\"", "\"NA\"", "\"\""}, "\"name" + std::to_string(rng() % 1000) + "\"")};
    if (rng() % 4 == 0) std::shuffle(members.begin(), members.end(), rng);
    std::string line = "{";
    for (std::size_t m = 0; m < members.size(); ++m) line += (m ? "," : "") + members[m];
    data += line + (rng() % 9 == 0 ? "}\r\n" : "}\n");
  }
  const std::string expected = per_line_report(plan, data, 100000);
  for (const Kernel kernel : {Kernel::scalar, Kernel::avx2, Kernel::avx512}) {
    if (!kernel_supported(kernel)) continue;
    INFO("kernel " << to_string(kernel));
    const ValidationResult r = validate_jsonl(plan, data, kernel, 100000);
    CHECK(r.total_rows == 20000);
    // About 1 - (7/8)^5 of the rows break a rule; most rows are valid.
    CHECK(r.invalid_rows > 4000);
    CHECK(r.invalid_rows < 12000);
    CHECK(first_difference(report_without_timing(r), expected) == "");
  }
}

TEST_CASE("jsonl: a key that extends a schema key, or is cut short of one, is another key", "[jsonl]") {
  const Plan plan = compile(Schema{{"id", Field::string().required()},
                                   {"amount", Field::number().max(6.0)},
                                   {"account_identifier_long", Field::string().max_length(3)}});
  // Each key is met where the schema key it resembles is expected next.
  std::string data;
  for (int i = 0; i < 300; ++i) {
    data += R"({"id": "a", "amount2": 7, "amount": 5, "amoun": 9, "account_identifier_longer": "long", )"
            R"("account_identifier_lon": "long", "account_identifier_long": "ok"})";
    data += i % 2 ? "\n" : "\r\n";
  }
  data += R"({"id": "a", "amount": 7})" "\n";  // and one row that is invalid, to show the rule runs
  for (const Kernel kernel : {Kernel::scalar, Kernel::avx2, Kernel::avx512}) {
    if (!kernel_supported(kernel)) continue;
    INFO("kernel " << to_string(kernel));
    const ValidationResult r = validate_jsonl(plan, data, kernel, 100);
    CHECK(r.total_rows == 301);
    CHECK(r.invalid_rows == 1);
  }
}
