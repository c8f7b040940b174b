// End-to-end tests of the rowguard command (ROWGUARD_CLI): exit codes, help and version, the text
// and JSON reports, format selection, standard input, several files, `rowguard lines`, and
// diagnostics that name the file at fault. Each test runs the binary in its own directory under
// ROWGUARD_TEST_TMP with stdout and stderr captured in files. Expected values are worked out by
// hand from the small inputs written here and from issue 2's description of the CLI.
#include <fcntl.h>
#include <poll.h>
#include <simdjson.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "rowguard/kernels.hpp"
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

// ROWGUARD_CLI is defined only when the CLI is built (ROWGUARD_BUILD_CLI); without it there is
// nothing to run end to end.
#ifdef ROWGUARD_CLI

#include "cli_support.hpp"

using namespace rowguard::test;
namespace fs = std::filesystem;

namespace {

// id integer required, amount number with minimum 0.01.
constexpr const char* tx_schema = R"({
  "fields": [
    {"name": "id", "type": "integer", "constraints": {"required": true}},
    {"name": "amount", "type": "number", "constraints": {"minimum": 0.01}}
  ]
})";

constexpr const char* valid_csv = "id,amount\n1,5.0\n2,10\n";
// Row 3 (line 3, byte 16): amount -3.5 below the minimum; row 4 (line 4, byte 23): id "x" is not
// an integer. 27 bytes in all.
constexpr const char* invalid_csv = "id,amount\n1,5.0\n2,-3.5\nx,7\n";
constexpr const char* valid_jsonl = "{\"id\":1,\"amount\":5.0}\n{\"id\":2,\"amount\":10}\n";

// Writes the schema and the standard data files into a fresh sandbox.
Sandbox tx_sandbox(const std::string& name) {
  Sandbox box("cli", name);
  box.write("schema.json", tx_schema);
  box.write("valid.csv", valid_csv);
  box.write("invalid.csv", invalid_csv);
  box.write("valid.jsonl", valid_jsonl);
  return box;
}

// ---- JSON helpers (simdjson DOM) ------------------------------------------------------------

simdjson::dom::object parse_object(simdjson::dom::parser& parser, const std::string& text) {
  INFO("JSON: " << text);
  simdjson::dom::element doc;
  REQUIRE(parser.parse(text).get(doc) == simdjson::SUCCESS);
  simdjson::dom::object obj;
  REQUIRE(doc.get_object().get(obj) == simdjson::SUCCESS);
  return obj;
}

simdjson::dom::element member(simdjson::dom::object obj, std::string_view key) {
  INFO("key " << key);
  simdjson::dom::element e;
  REQUIRE(obj.at_key(key).get(e) == simdjson::SUCCESS);
  return e;
}

std::uint64_t get_u64(simdjson::dom::object obj, std::string_view key) {
  INFO("key " << key);
  std::uint64_t v = 0;
  REQUIRE(member(obj, key).get_uint64().get(v) == simdjson::SUCCESS);
  return v;
}

bool get_bool(simdjson::dom::object obj, std::string_view key) {
  INFO("key " << key);
  bool v = false;
  REQUIRE(member(obj, key).get_bool().get(v) == simdjson::SUCCESS);
  return v;
}

std::string get_str(simdjson::dom::object obj, std::string_view key) {
  INFO("key " << key);
  std::string_view v;
  REQUIRE(member(obj, key).get_string().get(v) == simdjson::SUCCESS);
  return std::string(v);
}

bool is_null(simdjson::dom::object obj, std::string_view key) { return member(obj, key).is_null(); }

simdjson::dom::array get_array(simdjson::dom::object obj, std::string_view key) {
  INFO("key " << key);
  simdjson::dom::array a;
  REQUIRE(member(obj, key).get_array().get(a) == simdjson::SUCCESS);
  return a;
}

simdjson::dom::object as_object(simdjson::dom::element e) {
  simdjson::dom::object o;
  REQUIRE(e.get_object().get(o) == simdjson::SUCCESS);
  return o;
}

bool is_number(simdjson::dom::element e) {
  const auto t = e.type();
  return t == simdjson::dom::element_type::DOUBLE || t == simdjson::dom::element_type::INT64 ||
         t == simdjson::dom::element_type::UINT64;
}

// Removes the timing keys, which are the only ones allowed to differ between runs.
std::string without_timing(const std::string& report) {
  static const std::regex timing(R"re(,?"(elapsed_s|rows_per_s)":[^,}]*)re");
  return std::regex_replace(report, timing, "");
}

}  // namespace

TEST_CASE("cli: exit code 0 for valid input and 1 for invalid input", "[cli]") {
  Sandbox box = tx_sandbox("exit-codes");
  CHECK(box.run({"validate", "--schema", "schema.json", "valid.csv"}).code == 0);
  CHECK(box.run({"validate", "--schema", "schema.json", "valid.jsonl"}).code == 0);
  CHECK(box.run({"validate", "--schema", "schema.json", "invalid.csv"}).code == 1);
  CHECK(box.run({"validate", "--schema=schema.json", "--report=json", "invalid.csv"}).code == 1);
}

TEST_CASE("cli: usage errors exit 2 with a message", "[cli]") {
  Sandbox box = tx_sandbox("usage");
  SECTION("no arguments") {
    const Run r = box.run({});
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(contains(r.err, "rowguard COMMAND --help"));
  }
  SECTION("unknown command") {
    const Run r = box.run({"frobnicate"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "frobnicate"));
  }
  SECTION("unknown option") {
    const Run r = box.run({"validate", "--schema", "schema.json", "--bogus", "valid.csv"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "--bogus"));
    CHECK(r.out.empty());
  }
  SECTION("missing --schema") {
    const Run r = box.run({"validate", "valid.csv"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "--schema"));
    CHECK(r.out.empty());
  }
  SECTION("no FILE") {
    const Run r = box.run({"validate", "--schema", "schema.json"});
    CHECK(r.code == 2);
    CHECK_FALSE(r.err.empty());
  }
  SECTION("option without its value") {
    const Run r = box.run({"validate", "valid.csv", "--schema"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "--schema"));
  }
  SECTION("bad --report") {
    const Run r = box.run({"validate", "--schema", "schema.json", "--report", "xml", "valid.csv"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "xml"));
  }
  SECTION("bad --format") {
    const Run r = box.run({"validate", "--schema", "schema.json", "--format", "parquet", "valid.csv"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "parquet"));
  }
  SECTION("bad --max-errors") {
    for (const char* bad : {"abc", "-1", "", "12x"}) {
      INFO("--max-errors " << bad);
      const Run r = box.run({"validate", "--schema", "schema.json", "--max-errors", bad, "valid.csv"});
      CHECK(r.code == 2);
      CHECK(contains(r.err, "--max-errors"));
    }
  }
  SECTION("an empty --cache-dir") {
    const Run r = box.run({"validate", "--schema", "schema.json", "--cache-dir", "", "valid.csv"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "--cache-dir needs a directory"));
  }
  SECTION("--cache-trust-stat without --cache-dir") {
    const Run r = box.run({"validate", "--schema", "schema.json", "--cache-trust-stat", "valid.csv"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "--cache-trust-stat needs --cache-dir"));
    CHECK(r.out.empty());
  }
  SECTION("lines without --format") {
    const Run r = box.run({"lines", "--schema", "schema.json"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "--format"));
  }
  SECTION("lines with --format auto or an unknown format") {
    for (const std::string format : {"auto", "json"}) {
      const Run r = box.run({"lines", "--schema", "schema.json", "--format", format});
      CHECK(r.code == 2);
      CHECK(contains(r.err, "--format must be jsonl (or ndjson), csv or tsv, got \"" + format + "\""));
    }
  }
  SECTION("lines with a FILE argument") {
    const Run r = box.run({"lines", "--schema", "schema.json", "--format", "csv", "valid.csv"});
    CHECK(r.code == 2);
  }
}

TEST_CASE("cli: a bad schema exits 2 naming the file and the field and keyword", "[cli]") {
  Sandbox box = tx_sandbox("bad-schema");
  struct Case {
    const char* file;
    const char* content;
    std::vector<const char*> must_mention;
  };
  const std::vector<Case> cases{
      {"unsupported-type.json", R"({"fields":[{"name":"amount","type":"money"}]})", {"amount", "type", "money"}},
      {"pattern-on-number.json", R"({"fields":[{"name":"amount","type":"number","constraints":{"pattern":"\\d+"}}]})",
       {"amount", "pattern"}},
      {"min-above-max.json",
       R"({"fields":[{"name":"amount","type":"number","constraints":{"minimum":5,"maximum":1}}]})",
       {"amount", "minimum"}},
      {"unknown-constraint.json", R"({"fields":[{"name":"amount","type":"string","constraints":{"colour":1}}]})",
       {"amount", "colour"}},
      {"re2-lacks.json", R"({"fields":[{"name":"code","type":"string","constraints":{"pattern":"(?=x)y"}}]})",
       {"code", "pattern"}},
      {"duplicate-field.json", R"({"fields":[{"name":"id","type":"integer"},{"name":"id","type":"string"}]})",
       {"id"}},
      {"primary-key.json", R"({"fields":[{"name":"id","type":"integer"}],"primaryKey":"nope"})",
       {"nope", "primaryKey"}},
      {"not-json.json", R"({"fields":[)", {}},
  };
  for (const Case& c : cases) {
    INFO("schema " << c.file << ": " << c.content);
    box.write(c.file, c.content);
    const Run r = box.run({"validate", "--schema", c.file, "valid.csv"});
    INFO("stderr: " << r.err);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(contains(r.err, c.file));
    for (const char* word : c.must_mention) CHECK(contains(r.err, word));
  }

  SECTION("a schema file that does not exist") {
    const Run r = box.run({"validate", "--schema", "absent-schema.json", "valid.csv"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "absent-schema.json"));
  }
  SECTION("a bad dialect file") {
    box.write("two-char.json", R"({"delimiter":";;"})");
    Run r = box.run({"validate", "--schema", "schema.json", "--dialect", "two-char.json", "valid.csv"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "two-char.json"));
    CHECK(contains(r.err, "delimiter"));

    box.write("quote-is-delimiter.json", R"({"delimiter":"\"","quoteChar":"\""})");
    r = box.run({"validate", "--schema", "schema.json", "--dialect", "quote-is-delimiter.json", "valid.csv"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "quote-is-delimiter.json"));

    r = box.run({"validate", "--schema", "schema.json", "--dialect", "absent-dialect.json", "valid.csv"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "absent-dialect.json"));
  }
  SECTION("the same messages from rowguard lines") {
    const Run r = box.run({"lines", "--schema", "unsupported-type.json", "--format", "csv"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "unsupported-type.json"));
    CHECK(contains(r.err, "amount"));
  }
}

TEST_CASE("cli: an unreadable data file exits 2 naming the file", "[cli]") {
  Sandbox box = tx_sandbox("unreadable");
  fs::create_directories(box.dir() / "folder.csv");
  for (const char* file : {"absent.csv", "folder.csv"}) {
    INFO(file);
    const Run r = box.run({"validate", "--schema", "schema.json", file});
    CHECK(r.code == 2);
    CHECK(contains(r.err, file));
    CHECK(r.out.empty());
  }
}

TEST_CASE("cli: --help for each command and --version", "[cli]") {
  Sandbox box("cli", "help");
  Run r = box.run({"--help"});
  CHECK(r.code == 0);
  CHECK(contains(r.out, "validate"));
  CHECK(contains(r.out, "lines"));

  r = box.run({"validate", "--help"});
  CHECK(r.code == 0);
  for (const char* opt : {"--schema", "--dialect", "--format", "--max-errors", "--report"}) CHECK(contains(r.out, opt));

  r = box.run({"lines", "--help"});
  CHECK(r.code == 0);
  for (const char* opt : {"--schema", "--format", "--skip-header"}) CHECK(contains(r.out, opt));

  // Help wins even when the rest of the command line is incomplete.
  CHECK(box.run({"validate", "-h"}).code == 0);

  r = box.run({"--version"});
  CHECK(r.code == 0);
  // The version, the kernels this machine supports, and the one that runs.
  CHECK(std::regex_match(r.out, std::regex(R"(rowguard \d+\.\d+\.\d+\n)"
                                           R"(kernels supported here: (avx512 )?(avx2 )?scalar\n)"
                                           R"(kernel selected: (avx512|avx2|scalar)\n)")));
  CHECK(contains(box.run({"validate", "--help"}).out, "--kernel"));
}

TEST_CASE("cli: --kernel picks the tokenizer, which the JSON report names", "[cli]") {
  Sandbox box = tx_sandbox("kernel");
  for (rowguard::Kernel k : rowguard::supported_kernels()) {
    const std::string name(rowguard::to_string(k));
    const Run r = box.run({"validate", "--schema", "schema.json", "--report", "json", "--kernel", name, "invalid.csv"});
    CHECK(r.code == 1);
    CHECK(contains(r.out, "\"kernel\":\"" + name + "\""));
  }
  const Run bad = box.run({"validate", "--schema", "schema.json", "--kernel", "avx9", "invalid.csv"});
  CHECK(bad.code == 2);
  CHECK(contains(bad.err, "unknown kernel \"avx9\""));
}

TEST_CASE("cli: the JSON report's shape and values", "[cli]") {
  Sandbox box = tx_sandbox("json-report");
  const Run r = box.run({"validate", "--schema", "schema.json", "--report", "json", "invalid.csv"});
  CHECK(r.code == 1);
  const std::vector<std::string> lines = split_lines(r.out);
  REQUIRE(lines.size() == 1);  // one object on one line

  simdjson::dom::parser parser;
  const simdjson::dom::object report = parse_object(parser, lines[0]);
  CHECK(get_bool(report, "valid") == false);
  CHECK(get_u64(report, "total_rows") == 3);
  CHECK(get_u64(report, "valid_rows") == 1);
  CHECK(get_u64(report, "invalid_rows") == 2);
  CHECK(get_u64(report, "bytes") == 27);
  CHECK(is_number(member(report, "elapsed_s")));

  // Complete counts, in schema field order.
  const simdjson::dom::array counts = get_array(report, "error_counts");
  REQUIRE(counts.size() == 2);
  const simdjson::dom::object c0 = as_object(counts.at(0));
  CHECK(get_str(c0, "field") == "id");
  CHECK(get_str(c0, "type") == "type-error");
  CHECK(is_null(c0, "constraint"));
  CHECK(get_u64(c0, "count") == 1);
  const simdjson::dom::object c1 = as_object(counts.at(1));
  CHECK(get_str(c1, "field") == "amount");
  CHECK(get_str(c1, "type") == "constraint-error");
  CHECK(get_str(c1, "constraint") == "minimum");
  CHECK(get_u64(c1, "count") == 1);

  // Findings in file order, each with every finding field.
  const simdjson::dom::array errors = get_array(report, "errors");
  REQUIRE(errors.size() == 2);
  const simdjson::dom::object e0 = as_object(errors.at(0));
  CHECK(get_u64(e0, "row") == 3);
  CHECK(get_u64(e0, "line") == 3);
  CHECK(get_u64(e0, "byte") == 16);
  CHECK(get_str(e0, "field") == "amount");
  CHECK(get_u64(e0, "field_number") == 2);
  CHECK(get_str(e0, "type") == "constraint-error");
  CHECK(get_str(e0, "constraint") == "minimum");
  CHECK(get_str(e0, "value") == "-3.5");
  const std::string message = get_str(e0, "message");
  CHECK(contains(message, "amount"));
  CHECK(contains(message, "-3.5"));
  CHECK(contains(message, "0.01"));
  const simdjson::dom::object e1 = as_object(errors.at(1));
  CHECK(get_u64(e1, "row") == 4);
  CHECK(get_u64(e1, "line") == 4);
  CHECK(get_u64(e1, "byte") == 23);
  CHECK(get_str(e1, "field") == "id");
  CHECK(get_u64(e1, "field_number") == 1);
  CHECK(get_str(e1, "type") == "type-error");
  CHECK(is_null(e1, "constraint"));
  CHECK(get_str(e1, "value") == "x");
  CHECK_FALSE(get_str(e1, "message").empty());

  // The human summary goes to stderr, not into the machine-readable stdout.
  CHECK(contains(r.err, "invalid.csv"));

  SECTION("a valid file") {
    const Run ok = box.run({"validate", "--schema", "schema.json", "--report", "json", "valid.csv"});
    CHECK(ok.code == 0);
    const std::vector<std::string> ok_lines = split_lines(ok.out);
    REQUIRE(ok_lines.size() == 1);
    simdjson::dom::parser p2;
    const simdjson::dom::object o = parse_object(p2, ok_lines[0]);
    CHECK(get_bool(o, "valid") == true);
    CHECK(get_u64(o, "total_rows") == 2);
    CHECK(get_u64(o, "valid_rows") == 2);
    CHECK(get_u64(o, "invalid_rows") == 0);
    CHECK(get_array(o, "error_counts").size() == 0);
    CHECK(get_array(o, "errors").size() == 0);
    CHECK(get_u64(o, "bytes") == std::string_view(valid_csv).size());
  }
}

TEST_CASE("cli: the JSON report is deterministic apart from timing", "[cli]") {
  Sandbox box = tx_sandbox("determinism");
  // Enough rows and findings of several kinds that an unstable order would show.
  std::string data = "id,amount\n";
  for (int i = 1; i <= 3000; ++i) {
    if (i % 11 == 0) data += "n" + std::to_string(i) + "," + std::to_string(i) + "\n";
    else if (i % 7 == 0) data += std::to_string(i) + ",-" + std::to_string(i) + "\n";
    else if (i % 13 == 0) data += std::to_string(i) + "\n";
    else if (i % 17 == 0) data += ",\n";
    else data += std::to_string(i) + "," + std::to_string(i) + ".5\n";
  }
  box.write("big.csv", data);
  const Run a = box.run({"validate", "--schema", "schema.json", "--report", "json", "big.csv", "invalid.csv"});
  const Run b = box.run({"validate", "--schema", "schema.json", "--report", "json", "big.csv", "invalid.csv"});
  CHECK(a.code == 1);
  CHECK(b.code == 1);
  REQUIRE(split_lines(a.out).size() == 2);
  const std::string sa = without_timing(a.out);
  const std::string sb = without_timing(b.out);
  // The timing keys were there and are gone; everything else is identical.
  CHECK(contains(a.out, "\"elapsed_s\""));
  CHECK_FALSE(contains(sa, "elapsed_s"));
  CHECK_FALSE(contains(sa, "rows_per_s"));
  CHECK(sa == sb);
  // And still valid JSON after the removal.
  simdjson::dom::parser parser;
  const simdjson::dom::object first = parse_object(parser, split_lines(sa)[0]);
  CHECK(get_u64(first, "total_rows") == 3000);
}

TEST_CASE("cli: text report on stdout and summary on stderr", "[cli]") {
  Sandbox box = tx_sandbox("text-report");
  const Run r = box.run({"validate", "--schema", "schema.json", "invalid.csv"});
  CHECK(r.code == 1);
  // Counts per field and error type, and the findings table.
  CHECK(contains(r.out, "amount"));
  CHECK(contains(r.out, "constraint-error"));
  CHECK(contains(r.out, "minimum"));
  CHECK(contains(r.out, "type-error"));
  CHECK(contains(r.out, "-3.5"));
  // One summary line per file on stderr, without the table.
  const std::vector<std::string> err_lines = split_lines(r.err);
  REQUIRE(err_lines.size() == 1);
  CHECK(contains(err_lines[0], "invalid.csv"));
  CHECK_FALSE(contains(r.err, "type-error"));

  const Run ok = box.run({"validate", "--schema", "schema.json", "valid.csv"});
  CHECK(ok.code == 0);
  CHECK_FALSE(ok.out.empty());
  CHECK(split_lines(ok.err).size() == 1);
  CHECK(contains(ok.err, "valid.csv"));
}

TEST_CASE("cli: --max-errors limits the listed findings but never the counts", "[cli]") {
  Sandbox box = tx_sandbox("max-errors");
  simdjson::dom::parser parser;
  SECTION("1") {
    const Run r = box.run({"validate", "--schema", "schema.json", "--report", "json", "--max-errors", "1", "invalid.csv"});
    CHECK(r.code == 1);
    const simdjson::dom::object o = parse_object(parser, r.out);
    const simdjson::dom::array errors = get_array(o, "errors");
    REQUIRE(errors.size() == 1);
    CHECK(get_u64(as_object(errors.at(0)), "row") == 3);  // the first in file order
    CHECK(get_array(o, "error_counts").size() == 2);
    CHECK(get_u64(o, "invalid_rows") == 2);
  }
  SECTION("0 keeps counts only") {
    const Run r = box.run({"validate", "--schema", "schema.json", "--report", "json", "--max-errors=0", "invalid.csv"});
    CHECK(r.code == 1);
    const simdjson::dom::object o = parse_object(parser, r.out);
    CHECK(get_array(o, "errors").size() == 0);
    CHECK(get_array(o, "error_counts").size() == 2);
    CHECK(get_bool(o, "valid") == false);
  }
  SECTION("more than there are") {
    const Run r = box.run({"validate", "--schema", "schema.json", "--report", "json", "--max-errors", "5", "invalid.csv"});
    const simdjson::dom::object o = parse_object(parser, r.out);
    CHECK(get_array(o, "errors").size() == 2);
  }
}

TEST_CASE("cli: format from the extension or given with --format", "[cli]") {
  Sandbox box = tx_sandbox("formats");
  // Each file is valid only when read in the format its extension names.
  box.write("tabs.tsv", "id\tamount\n1\t5.0\n2\t10\n3\t0.5\n");
  box.write("lines.ndjson", "{\"id\":1,\"amount\":5.0}\n{\"id\":2,\"amount\":10}\n{\"id\":3,\"amount\":0.5}\n");
  box.write("UPPER.CSV", valid_csv);
  struct Case {
    const char* file;
    std::uint64_t rows;
  };
  for (const Case& c : {Case{"valid.csv", 2}, Case{"tabs.tsv", 3}, Case{"valid.jsonl", 2}, Case{"lines.ndjson", 3},
                        Case{"UPPER.CSV", 2}}) {
    INFO(c.file);
    const Run r = box.run({"validate", "--schema", "schema.json", "--report", "json", c.file});
    INFO("stderr: " << r.err);
    CHECK(r.code == 0);
    simdjson::dom::parser parser;
    const simdjson::dom::object o = parse_object(parser, r.out);
    CHECK(get_bool(o, "valid") == true);
    CHECK(get_u64(o, "total_rows") == c.rows);
  }

  SECTION("an unknown extension is an error naming the file") {
    box.write("data.txt", valid_csv);
    const Run r = box.run({"validate", "--schema", "schema.json", "data.txt"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "data.txt"));
    CHECK(r.out.empty());
  }
  SECTION("--format overrides the extension") {
    box.write("data.txt", valid_csv);
    CHECK(box.run({"validate", "--schema", "schema.json", "--format", "csv", "data.txt"}).code == 0);
    box.write("jsonl-inside.csv", valid_jsonl);
    CHECK(box.run({"validate", "--schema", "schema.json", "--format", "jsonl", "jsonl-inside.csv"}).code == 0);
    // Read as CSV (its extension) the same bytes are not this table.
    CHECK(box.run({"validate", "--schema", "schema.json", "jsonl-inside.csv"}).code == 1);
    CHECK(box.run({"validate", "--schema", "schema.json", "--format", "tsv", "tabs.tsv"}).code == 0);
    CHECK(box.run({"validate", "--schema", "schema.json", "--format", "csv", "tabs.tsv"}).code == 1);
    CHECK(box.run({"validate", "--schema", "schema.json", "--format", "auto", "tabs.tsv"}).code == 0);
  }
  SECTION("--dialect changes how CSV is read") {
    box.write("semicolon.json", R"({"delimiter": ";"})");
    box.write("semi.csv", "id;amount\n1;5.0\n");
    CHECK(box.run({"validate", "--schema", "schema.json", "semi.csv"}).code == 1);
    CHECK(box.run({"validate", "--schema", "schema.json", "--dialect", "semicolon.json", "semi.csv"}).code == 0);
  }
}

TEST_CASE("cli: standard input through -", "[cli]") {
  Sandbox box = tx_sandbox("stdin");
  simdjson::dom::parser parser;
  Run r = box.run({"validate", "--schema", "schema.json", "--format", "csv", "--report", "json", "-"}, "valid.csv");
  CHECK(r.code == 0);
  simdjson::dom::object o = parse_object(parser, r.out);
  CHECK(get_u64(o, "total_rows") == 2);
  CHECK(get_bool(o, "valid") == true);

  r = box.run({"validate", "--schema", "schema.json", "--format", "csv", "--report", "json", "-"}, "invalid.csv");
  CHECK(r.code == 1);
  o = parse_object(parser, r.out);
  CHECK(get_u64(o, "invalid_rows") == 2);
  CHECK(get_u64(o, "bytes") == 27);

  r = box.run({"validate", "--schema", "schema.json", "--format", "jsonl", "-"}, "valid.jsonl");
  CHECK(r.code == 0);

  // Standard input has no extension to go by.
  r = box.run({"validate", "--schema", "schema.json", "-"}, "valid.csv");
  CHECK(r.code == 2);
  CHECK_FALSE(r.err.empty());
}

TEST_CASE("cli: several FILEs give one report each and the worst exit code", "[cli]") {
  Sandbox box = tx_sandbox("several");
  simdjson::dom::parser parser;
  Run r = box.run({"validate", "--schema", "schema.json", "--report", "json", "valid.csv", "invalid.csv", "valid.jsonl"});
  CHECK(r.code == 1);
  std::vector<std::string> lines = split_lines(r.out);
  REQUIRE(lines.size() == 3);
  const bool expected_valid[] = {true, false, true};
  const char* expected_source[] = {"valid.csv", "invalid.csv", "valid.jsonl"};
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("report " << i);
    const simdjson::dom::object o = parse_object(parser, lines[i]);
    CHECK(get_bool(o, "valid") == expected_valid[i]);
    CHECK(get_str(o, "source") == expected_source[i]);
  }
  CHECK(split_lines(r.err).size() == 3);  // one summary per file

  CHECK(box.run({"validate", "--schema", "schema.json", "valid.csv", "valid.jsonl"}).code == 0);

  // An unreadable file is reported and the others are still validated; 2 beats 1 and 0.
  r = box.run({"validate", "--schema", "schema.json", "--report", "json", "valid.csv", "absent.csv", "invalid.csv"});
  CHECK(r.code == 2);
  CHECK(contains(r.err, "absent.csv"));
  lines = split_lines(r.out);
  REQUIRE(lines.size() == 2);
  CHECK(get_str(parse_object(parser, lines[0]), "source") == "valid.csv");
  CHECK(get_str(parse_object(parser, lines[1]), "source") == "invalid.csv");

  r = box.run({"validate", "--schema", "schema.json", "absent.csv", "valid.csv"});
  CHECK(r.code == 2);
}

namespace {

struct Verdict {
  std::uint64_t record = 0;
  std::uint64_t line = 0;
  bool valid = false;
  std::vector<std::string> error_types;  // "field:type"
};

Verdict parse_verdict(const std::string& text) {
  simdjson::dom::parser parser;
  const simdjson::dom::object o = parse_object(parser, text);
  Verdict v;
  v.record = get_u64(o, "record");
  v.line = get_u64(o, "line");
  v.valid = get_bool(o, "valid");
  simdjson::dom::element errors;
  if (o.at_key("errors").get(errors) == simdjson::SUCCESS) {
    simdjson::dom::array arr;
    REQUIRE(errors.get_array().get(arr) == simdjson::SUCCESS);
    for (simdjson::dom::element e : arr) {
      const simdjson::dom::object f = as_object(e);
      const std::string field = is_null(f, "field") ? std::string() : get_str(f, "field");
      v.error_types.push_back(field + ":" + get_str(f, "type"));
    }
  }
  return v;
}

std::vector<Verdict> parse_verdicts(const std::string& out) {
  std::vector<Verdict> verdicts;
  for (const std::string& line : split_lines(out)) verdicts.push_back(parse_verdict(line));
  return verdicts;
}

}  // namespace

TEST_CASE("cli: rowguard lines judges JSONL records one by one", "[cli]") {
  Sandbox box = tx_sandbox("lines-jsonl");
  box.write("records.jsonl",
            "{\"id\":1,\"amount\":5}\n"       // line 1: valid
            "{\"id\":2,\"amount\":-1}\n"      // line 2: amount below the minimum
            "\n"                              // line 3: blank, not a record
            "{\"id\":\"3\",\"amount\":1}\n"   // line 4: a string is not an integer
            "{\"id\":4,\"amount\":\n"         // line 5: malformed
            "{\"id\":5}\n");                  // line 6: valid (amount is optional)
  const Run r = box.run({"lines", "--schema", "schema.json", "--format", "jsonl"}, "records.jsonl");
  CHECK(r.code == 1);
  const std::vector<Verdict> v = parse_verdicts(r.out);
  REQUIRE(v.size() == 5);
  const std::uint64_t lines[] = {1, 2, 4, 5, 6};
  const bool valid[] = {true, false, false, false, true};
  for (std::size_t i = 0; i < v.size(); ++i) {
    INFO("verdict " << i + 1);
    CHECK(v[i].record == i + 1);
    CHECK(v[i].line == lines[i]);
    CHECK(v[i].valid == valid[i]);
    CHECK(v[i].error_types.empty() == valid[i]);
  }
  CHECK(v[1].error_types == std::vector<std::string>{"amount:constraint-error"});
  CHECK(v[2].error_types == std::vector<std::string>{"id:type-error"});
  REQUIRE(v[3].error_types.size() == 1);
  CHECK(contains(v[3].error_types[0], "malformed-json"));

  box.write("good.jsonl", valid_jsonl);
  const Run ok = box.run({"lines", "--schema", "schema.json", "--format", "jsonl"}, "good.jsonl");
  CHECK(ok.code == 0);
  CHECK(parse_verdicts(ok.out).size() == 2);
}

TEST_CASE("cli: rowguard lines judges CSV records with quoted newlines", "[cli]") {
  Sandbox box("cli", "lines-csv");
  box.write("schema.json", R"({"fields":[{"name":"id","type":"integer","constraints":{"required":true}},
                                          {"name":"note","type":"string"}]})");
  box.write("records.csv",
            "id,note\n"                   // line 1: header
            "1,\"hello\nworld\"\n"        // lines 2-3: one record
            "x,ok\n"                      // line 4: id is not an integer
            "3,\"a \"\"quoted\"\" word\"\n"  // line 5: valid
            "4,\"two\r\nline\"\r\n");     // lines 6-7: CRLF inside and after
  Run r = box.run({"lines", "--schema", "schema.json", "--format", "csv", "--skip-header"}, "records.csv");
  CHECK(r.code == 1);
  std::vector<Verdict> v = parse_verdicts(r.out);
  REQUIRE(v.size() == 4);
  const std::uint64_t lines[] = {2, 4, 5, 6};
  const bool valid[] = {true, false, true, true};
  for (std::size_t i = 0; i < v.size(); ++i) {
    INFO("verdict " << i + 1);
    CHECK(v[i].record == i + 1);
    CHECK(v[i].line == lines[i]);
    CHECK(v[i].valid == valid[i]);
  }
  CHECK(v[1].error_types == std::vector<std::string>{"id:type-error"});

  // Without --skip-header the header is a record like any other (and "id" is not an integer).
  r = box.run({"lines", "--schema", "schema.json", "--format", "csv"}, "records.csv");
  CHECK(r.code == 1);
  v = parse_verdicts(r.out);
  REQUIRE(v.size() == 5);
  CHECK(v[0].line == 1);
  CHECK_FALSE(v[0].valid);

  box.write("good.csv", "1,a\n2,\"b\nc\"\n3,d\n");
  r = box.run({"lines", "--schema", "schema.json", "--format", "csv"}, "good.csv");
  CHECK(r.code == 0);
  v = parse_verdicts(r.out);
  REQUIRE(v.size() == 3);
  CHECK(v[2].line == 4);

  // With a comment character, comment lines are not records (before the header too).
  box.write("commented.json", R"({"fields":[{"name":"id","type":"integer"},{"name":"note","type":"string"}],
                                  "dialect":{"commentChar":"#"}})");
  box.write("commented.csv", "# exported by hand\nid,note\n1,a\n# a note, \"quoted\n2,b\nx,c\n");
  r = box.run({"lines", "--schema", "commented.json", "--format", "csv", "--skip-header"}, "commented.csv");
  CHECK(r.code == 1);
  v = parse_verdicts(r.out);
  REQUIRE(v.size() == 3);
  CHECK(v[0].line == 3);
  CHECK(v[1].line == 5);
  CHECK(v[2].record == 3);
  CHECK(v[2].line == 6);
  CHECK_FALSE(v[2].valid);
}

namespace {

// Reads from `fd` until a newline arrives or `timeout_ms` passes; returns what was read.
std::string read_line_with_timeout(int fd, int timeout_ms) {
  std::string got;
  while (got.find('\n') == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) break;
    char buf[256];
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  return got;
}

}  // namespace

TEST_CASE("cli: rowguard lines answers each record before the next arrives", "[cli]") {
  Sandbox box = tx_sandbox("lines-flush");
  std::signal(SIGPIPE, SIG_IGN);  // a dead child must fail the test, not kill it
  int to_child[2];
  int from_child[2];
  REQUIRE(pipe(to_child) == 0);
  REQUIRE(pipe(from_child) == 0);
  const std::string schema = (box.dir() / "schema.json").string();
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(to_child[0], 0);
    dup2(from_child[1], 1);
    const int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 2);
    close(to_child[0]);
    close(to_child[1]);
    close(from_child[0]);
    close(from_child[1]);
    std::vector<std::string> args{ROWGUARD_CLI, "lines", "--schema", schema, "--format", "jsonl"};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(ROWGUARD_CLI, argv.data());
    _exit(127);
  }
  close(to_child[0]);
  close(from_child[1]);

  // The pipe stays open between records: a verdict must arrive without end of input.
  const std::string first = "{\"id\":1,\"amount\":2}\n";
  REQUIRE(write(to_child[1], first.data(), first.size()) == static_cast<ssize_t>(first.size()));
  const std::string v1 = read_line_with_timeout(from_child[0], 30'000);
  const std::string second = "{\"id\":2,\"amount\":0}\n";
  REQUIRE(write(to_child[1], second.data(), second.size()) == static_cast<ssize_t>(second.size()));
  const std::string v2 = read_line_with_timeout(from_child[0], 30'000);
  close(to_child[1]);
  const std::string rest = read_line_with_timeout(from_child[0], 30'000);
  close(from_child[0]);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);

  REQUIRE(!v1.empty());
  REQUIRE(v1.back() == '\n');
  Verdict a = parse_verdict(v1);
  CHECK(a.record == 1);
  CHECK(a.valid);
  REQUIRE(!v2.empty());
  Verdict b = parse_verdict(v2);
  CHECK(b.record == 2);
  CHECK_FALSE(b.valid);
  CHECK(rest.empty());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
}

TEST_CASE("cli: schema warnings for unknown properties go to stderr", "[cli]") {
  Sandbox box = tx_sandbox("warnings");
  box.write("extra.json", R"({"fields":[{"name":"id","type":"integer","colour":"blue"},
                                        {"name":"amount","type":"number"}],
                              "flavour":"vanilla"})");
  const Run r = box.run({"validate", "--schema", "extra.json", "--report", "json", "valid.csv"});
  CHECK(r.code == 0);
  CHECK(contains(r.err, "colour"));
  CHECK(contains(r.err, "flavour"));
  CHECK(contains(r.err, "extra.json"));
  CHECK(contains(r.err, "warning"));
  // stdout holds only the report.
  CHECK_FALSE(contains(r.out, "colour"));
  const std::vector<std::string> lines = split_lines(r.out);
  REQUIRE(lines.size() == 1);
  simdjson::dom::parser parser;
  CHECK(get_bool(parse_object(parser, lines[0]), "valid") == true);

  const Run l = box.run({"lines", "--schema", "extra.json", "--format", "csv"}, "valid.csv");
  CHECK(contains(l.err, "colour"));
  CHECK_FALSE(contains(l.out, "colour"));
}

#endif  // ROWGUARD_CLI

TEST_CASE("cli: rowguard lines cuts records at lone CRs and drops a byte-order mark", "[cli]") {
  Sandbox box("cli", "lines-cr-bom");
  box.write("schema.json", R"({"fields":[{"name":"id","type":"integer","constraints":{"required":true}}]})");
  // Three CSV records on one "line" (lone-CR line ends): lines 1, 2 and 3; the second misses its id.
  box.write("cr.csv", "1\r\r3\r");
  const Run csv = box.run({"lines", "--schema", "schema.json", "--format", "csv"}, "cr.csv");
  CHECK(csv.code == 1);
  const std::vector<Verdict> v = parse_verdicts(csv.out);
  REQUIRE(v.size() == 3);
  CHECK(v[0].line == 1);
  CHECK(v[0].valid);
  CHECK(v[1].line == 2);
  CHECK_FALSE(v[1].valid);
  CHECK(v[2].line == 3);
  CHECK(v[2].valid);
  // A byte-order mark before the first JSONL record is not part of it.
  box.write("bom.jsonl", "\xEF\xBB\xBF{\"id\": 1}\n");
  const Run json = box.run({"lines", "--schema", "schema.json", "--format", "jsonl"}, "bom.jsonl");
  CHECK(json.code == 0);
  REQUIRE(parse_verdicts(json.out).size() == 1);
  CHECK(parse_verdicts(json.out)[0].valid);
  // --skip-header does not apply to JSONL.
  const Run skip = box.run({"lines", "--schema", "schema.json", "--format", "jsonl", "--skip-header"}, "bom.jsonl");
  CHECK(parse_verdicts(skip.out).size() == 1);
}

TEST_CASE("cli: a dialect embedded in the schema file, and --dialect overriding it", "[cli]") {
  Sandbox box("cli", "embedded-dialect");
  box.write("schema.json", R"({"fields":[{"name":"id","type":"integer"},{"name":"n","type":"string"}],
                               "dialect":{"delimiter":";"}})");
  box.write("semi.csv", "id;n\n1;a\n");
  CHECK(box.run({"validate", "--schema", "schema.json", "semi.csv"}).code == 0);
  box.write("comma.json", R"({"delimiter":","})");
  box.write("comma.csv", "id,n\n1,a\n");
  CHECK(box.run({"validate", "--schema", "schema.json", "--dialect", "comma.json", "comma.csv"}).code == 0);
  CHECK(box.run({"validate", "--schema", "schema.json", "comma.csv"}).code == 1);
}
