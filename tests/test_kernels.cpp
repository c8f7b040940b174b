// Differential tests: every tokenizer kernel must give exactly what the reference state machine
// gives, on generated inputs built so that quotes, doubled quotes, delimiters and every kind of
// line break land on both sides of every 64-byte block boundary; and every kernel must give
// byte-identical reports (timing aside) on generated files and on the conformance suites.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "csv/scanner.hpp"
#include "rowguard/rowguard.hpp"
#include "support.hpp"

using namespace rowguard;
using rowguard::detail::csv::Batch;
using rowguard::detail::csv::Record;
using rowguard::detail::csv::Scanner;
namespace fs = std::filesystem;

namespace {

const std::vector<Kernel>& kernels_here() {
  static const std::vector<Kernel> k = supported_kernels();
  return k;
}

// A comparable description of a batch: per record its span, flags, line breaks and field spans.
std::string describe(const Batch& b) {
  std::ostringstream out;
  for (const Record& r : b.records) {
    out << r.begin << '-' << r.end << '>' << r.next_begin << " f" << unsigned(r.flags) << " l" << r.line_breaks << " [";
    for (std::uint32_t k = 0; k < r.field_count; ++k) out << b.field_end(r, k) << ',';
    out << "]\n";
  }
  return out.str();
}

// Scans all of `data` in calls of at most `max_records` records, feeding the bytes `window` at a
// time (as a streaming reader would) when window > 0.
std::string scan_all(const Scanner& s, const std::string& data, std::size_t max_records, std::size_t window) {
  std::string out;
  std::size_t pos = 0;
  std::size_t visible = window ? std::min(window, data.size()) : data.size();
  while (true) {
    const bool eof = visible == data.size();
    Batch b;
    std::size_t next = s.scan(data.data(), visible, pos, eof, max_records, b);
    // Offsets are relative to the buffer start, so batches from successive calls compare directly.
    out += describe(b);
    if (next == pos && b.records.empty()) {
      if (eof) break;
      visible = std::min(data.size(), visible + (window ? window : data.size()));
      continue;
    }
    pos = next;
    if (eof && pos >= data.size()) break;
  }
  return out;
}

void require_kernels_match(const Dialect& d, const std::string& data) {
  const Scanner reference(d);
  for (std::size_t max_records : {std::size_t{1} << 20, std::size_t{3}}) {
    for (std::size_t window : {std::size_t{0}, std::size_t{61}, std::size_t{200}}) {
      const std::string expected = scan_all(reference, data, max_records, window);
      for (Kernel k : kernels_here()) {
        for (Scanner::Variant v : {Scanner::Variant::best, Scanner::Variant::baseline}) {
          INFO("kernel " << to_string(k) << (v == Scanner::Variant::best ? "" : " (baseline)") << ", max_records "
                         << max_records << ", window " << window);
          REQUIRE(scan_all(Scanner(d, k, v), data, max_records, window) == expected);
        }
      }
    }
  }
}

// Tokens whose bytes matter to the tokenizer.
const std::vector<std::string> special_tokens = {"\"", "\"\"", ",", "\n", "\r\n", "\r", "\"a,b\"", "\"x\ny\"",
                                                 "\"p\r\nq\"", "\"r\rs\"", "\"\"\"\"", "a\"b", "\"c\"d", ",\"", "\",",
                                                 "\"\r\n", "\r\n\""};

}  // namespace

TEST_CASE("kernels: every special token on both sides of every block boundary", "[kernels]") {
  // Well-formed filler records, then one special token placed so that it starts at each offset
  // from 56 to 72 and from 120 to 136 (block boundaries at 64 and 128), inside an otherwise
  // regular file.
  const std::string filler = "aaaa,bbbbbb,cc\n";
  for (const std::string& token : special_tokens) {
    for (std::size_t base : {std::size_t{64}, std::size_t{128}}) {
      for (std::size_t at = base - 8; at <= base + 8; ++at) {
        std::string data;
        while (data.size() < at) data += filler;
        data.resize(at);            // cut inside a record: the token lands mid-field or at a start
        data += token;
        data += ",tail\n";
        for (int i = 0; i < 6; ++i) data += filler;
        INFO("token " << token << " at " << at);
        require_kernels_match(Dialect{}, data);
      }
    }
  }
}

TEST_CASE("kernels: blocks with every number of separators from none to all 64", "[kernels]") {
  // Flattening takes a different path past 8 and past 16 positions in a block: records of
  // single-byte fields put 0-64 separators in one block, at every alignment.
  for (std::size_t shift = 0; shift < 3; ++shift) {
    std::string data(shift, 'x');
    data += '\n';
    for (std::size_t fields = 1; fields <= 66; ++fields) {
      for (std::size_t f = 0; f < fields; ++f) data += f + 1 < fields ? "a," : "a\n";
      data += std::string(fields, ',') + "\n";  // empty fields: a separator in every byte
    }
    INFO("shift " << shift);
    require_kernels_match(Dialect{}, data);
  }
}

TEST_CASE("kernels: random inputs with quotes, doubled quotes and line breaks, in several dialects", "[kernels]") {
  std::mt19937_64 rng(20261124);
  Dialect semicolon;
  semicolon.delimiter = ';';
  Dialect tab_single_quote;
  tab_single_quote.delimiter = '\t';
  tab_single_quote.quote_char = '\'';
  Dialect no_double_quote;
  no_double_quote.double_quote = false;
  Dialect small_limit;
  small_limit.max_record_bytes = 40;
  const std::vector<Dialect> dialects = {Dialect{}, semicolon, tab_single_quote, no_double_quote, small_limit};
  const std::vector<std::string> pieces = {"a",   "bc",  ",",   ";",    "\t",   "'",    "''",  "\n",
                                           "\r\n", "\r", "\"",  "\"\"", "xyz",  " ",    "\"q,\n\"", "'q;\n'",
                                           "0123456789012345678901234567890123456789"};
  for (int iteration = 0; iteration < 400; ++iteration) {
    std::string data;
    const std::size_t length = rng() % 400;
    while (data.size() < length) data += pieces[rng() % pieces.size()];
    const Dialect& d = dialects[static_cast<std::size_t>(iteration) % dialects.size()];
    INFO("iteration " << iteration);
    require_kernels_match(d, data);
  }
}

namespace {

// The JSON report without the keys that may differ between kernels: "kernel", "elapsed_s" and
// "rows_per_s" always come last, in that order.
std::string report_without_timing(const ValidationResult& r) {
  std::ostringstream out;
  write_json_report(out, r, "input");
  std::string s = out.str();
  const auto at = s.rfind(",\"kernel\":");
  REQUIRE(at != std::string::npos);
  return s.substr(0, at);
}

void require_identical_reports(const Plan& plan, const std::string& data, Format format) {
  std::string reference;
  for (Kernel k : kernels_here()) {
    ValidateOptions o;
    o.format = format;
    o.kernel = k;
    const std::string report = report_without_timing(Validator(plan, o).validate_buffer(data, format));
    if (reference.empty()) reference = report;
    INFO("kernel " << to_string(k));
    REQUIRE(report == reference);
  }
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("kernels: identical CSV reports on generated files with every kind of problem", "[kernels]") {
  std::mt19937_64 rng(7);
  Schema schema{{"id", Field::integer().required().unique()},
                {"name", Field::string().max_length(12)},
                {"amount", Field::number().min(0)},
                {"code", Field::string().pattern("[A-Z]{2}\\d{2}")}};
  const std::vector<std::string> cells = {"1",  "22", "-3", "x",  "",    "\"q\"", "\"a,b\"", "\"l\nm\"", "\"\"\"\"",
                                          "AB12", "ab", "9.5", "a\"b", "\"c\"d", "\xff", "averyveryverylongname"};
  for (int file = 0; file < 40; ++file) {
    std::string data = "id,name,amount,code\n";
    const int rows = 5 + static_cast<int>(rng() % 60);
    for (int r = 0; r < rows; ++r) {
      const int n = 1 + static_cast<int>(rng() % 5);  // ragged rows too
      for (int c = 0; c < n; ++c) {
        if (c) data += ',';
        data += cells[rng() % cells.size()];
      }
      static const char* breaks[] = {"\n", "\r\n", "\r"};
      data += breaks[rng() % 3];
    }
    if (rng() % 4 == 0) data += "\"open quote at the end";
    INFO("file " << file);
    require_identical_reports(compile(schema), data, Format::csv);
  }
}

TEST_CASE("kernels: identical reports on the conformance suites", "[kernels]") {
  const fs::path root = ROWGUARD_CONFORMANCE_DIR;
  REQUIRE(fs::exists(root / "csv-spectrum" / "csvs"));
  std::size_t files = 0;
  for (const fs::path& dir : {root / "csv-spectrum" / "csvs", root / "frictionless"}) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".csv") continue;
      const std::string data = read_file(entry.path());
      // An all-string schema sized from the header, and the frictionless reference schema.
      std::string header = data.substr(data.find("\xEF\xBB\xBF") == 0 ? 3 : 0);
      header = header.substr(0, header.find_first_of("\r\n"));
      Schema strings;
      std::size_t column = 0;
      for (std::size_t start = 0;; ++column) {
        std::size_t comma = header.find(',', start);
        strings.add("c" + std::to_string(column), Field::string());
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      strings.fields_match(FieldsMatch::exact);
      INFO(entry.path().filename().string());
      require_identical_reports(compile(strings), data, Format::csv);
      require_identical_reports(compile(Schema::from_file(root / "frictionless" / "schema-valid.json")), data,
                                Format::csv);
      ++files;
    }
  }
  CHECK(files >= 20);
  // JSONTestSuite lines through the JSONL readers of every kernel.
  std::string jsonl;
  for (const auto& entry : fs::directory_iterator(root / "json-test-suite" / "test_parsing")) {
    const std::string text = read_file(entry.path());
    if (text.find_first_of("\r\n") != std::string::npos) continue;
    jsonl += text + "\n";
  }
  require_identical_reports(compile(Schema{{"x", Field::any()}}), jsonl, Format::jsonl);
}

TEST_CASE("kernels: identical JSONL reports on generated lines", "[kernels]") {
  std::mt19937_64 rng(11);
  Schema schema{{"id", Field::integer().required().unique()},
                {"user.name", Field::string().min_length(2)},
                {"when", Field::datetime()},
                {"score", Field::number().max(10)}};
  const std::vector<std::string> lines = {
      R"({"id": 1, "user": {"name": "ada"}, "when": "2024-01-01T00:00:00Z", "score": 3.5})",
      R"({"id": "2", "user": {"name": "b"}, "score": 11})",
      R"({"id": 1, "when": "yesterday", "extra": [1, 2, {"x": null}]})",
      R"({"id": 3, "user": "nobody", "score": 1e400})",
      R"([1, 2, 3])",
      R"({"id": 4,})",
      R"({"id": 5} trailing)",
      "{\"id\": 6, \"user\": {\"name\": \"\xc3\xa9\xc3\xa9\"}}",
      "{\"id\": 7, \"bad\": \"\xff\"}",
      "",
      "   ",
      R"({"id": 18446744073709551616})",
      R"({"user": {"name": "dup"}, "user": {"name": "x"}, "id": 8})"};
  for (int file = 0; file < 30; ++file) {
    std::string data;
    const int n = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) data += lines[rng() % lines.size()] + (rng() % 5 == 0 ? "\r\n" : "\n");
    INFO("file " << file);
    require_identical_reports(compile(schema), data, Format::jsonl);
  }
}

TEST_CASE("kernels: the reported kernel names what ran", "[kernels]") {
  const std::string data = "a\n1\n";
  Schema schema{{"a", Field::integer()}};
  for (Kernel k : kernels_here()) {
    ValidateOptions o;
    o.kernel = k;
    CHECK(Validator(compile(schema), o).validate_buffer(data, Format::csv).kernel == to_string(k));
  }
  // Dialects the bitmask kernels do not cover run on the state machine, and say so.
  Dialect comments;
  comments.comment_char = '#';
  CHECK(Validator(compile(schema, comments)).validate_buffer(data, Format::csv).kernel == "state-machine");
  CHECK_THROWS_AS(kernel_from_string("avx9"), UsageError);
  CHECK(resolve_kernel(Kernel::scalar) == Kernel::scalar);
}
