// Report writers: the JSON report parsed back with simdjson (key order, nulls, escaping,
// determinism), the text report, the summary line and the JSON string escaper. Results are built
// by hand, so every expected value is known without running a validation.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "rowguard/rowguard.hpp"

namespace {

using namespace rowguard;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
namespace dom = simdjson::dom;

// Three rows, two invalid; counts 1 + 2 + 1,234,567; two findings kept.
ValidationResult sample() {
  ValidationResult r;
  r.total_rows = 3;
  r.valid_rows = 1;
  r.invalid_rows = 2;
  r.error_counts = {{"", ErrorType::malformed_json, Constraint::none, 1},
                    {"amount", ErrorType::constraint_error, Constraint::minimum, 2},
                    {"code", ErrorType::constraint_error, Constraint::enumeration, 1'234'567}};
  r.findings = {Finding{2, 2, 10, "", 0, ErrorType::malformed_json, Constraint::none,
                        "the line is not valid JSON", "{\"a\":"},
                Finding{3, 4, 25, "amount", 2, ErrorType::constraint_error, Constraint::minimum,
                        "amount: -3.5 is below the minimum 0.01", "-3.5"}};
  r.findings_truncated = true;
  r.bytes_read = 100;
  r.elapsed_seconds = 0.5;
  r.kernel = "scalar";
  return r;
}

std::string json_report(const ValidationResult& r, std::string_view source) {
  std::ostringstream out;
  write_json_report(out, r, source);
  return out.str();
}

std::string text_report(const ValidationResult& r, std::string_view source, std::size_t rows = 50) {
  std::ostringstream out;
  write_text_report(out, r, source, rows);
  return out.str();
}

std::vector<std::string> keys_of(dom::object o) {
  std::vector<std::string> keys;
  for (auto field : o) keys.emplace_back(field.key);
  return keys;
}

std::string str(dom::element e) { return std::string(e.get_string().value()); }

bool is_null(dom::element e) { return e.type() == dom::element_type::NULL_VALUE; }

// The report up to (not including) the first timing key.
std::string without_timing(const std::string& report) {
  const std::size_t at = report.find(",\"elapsed_s\":");
  REQUIRE(at != std::string::npos);
  return report.substr(0, at);
}

}  // namespace

// ---- write_json_report ------------------------------------------------------------------------

TEST_CASE("report: the JSON report is one object on one line with keys in a fixed order", "[report]") {
  const std::string text = json_report(sample(), "data.jsonl");
  CHECK_THAT(text, StartsWith("{") && EndsWith("}\n"));
  CHECK(text.find('\n') == text.size() - 1);

  dom::parser parser;
  dom::element root = parser.parse(text);
  dom::object top = root.get_object();
  CHECK(keys_of(top) == std::vector<std::string>{"source", "valid", "total_rows", "valid_rows", "invalid_rows",
                                                 "error_counts", "errors", "errors_truncated", "bytes", "kernel",
                                                 "elapsed_s", "rows_per_s"});
  dom::array counts = top["error_counts"].get_array();
  REQUIRE(counts.size() == 3);
  for (dom::element c : counts) {
    CHECK(keys_of(c.get_object()) == std::vector<std::string>{"field", "type", "constraint", "count"});
  }
  dom::array errors = top["errors"].get_array();
  REQUIRE(errors.size() == 2);
  for (dom::element e : errors) {
    CHECK(keys_of(e.get_object()) == std::vector<std::string>{"row", "line", "byte", "field", "field_number", "type",
                                                              "constraint", "message", "value"});
  }
}

TEST_CASE("report: JSON report values, with nulls for absent field, constraint and field number", "[report]") {
  const std::string text = json_report(sample(), "data.jsonl");
  dom::parser parser;
  dom::object top = parser.parse(text).get_object();
  CHECK(str(top["source"]) == "data.jsonl");
  CHECK(top["valid"].get_bool().value() == false);
  CHECK(top["total_rows"].get_uint64().value() == 3);
  CHECK(top["valid_rows"].get_uint64().value() == 1);
  CHECK(top["invalid_rows"].get_uint64().value() == 2);
  CHECK(top["errors_truncated"].get_bool().value() == true);
  CHECK(top["bytes"].get_uint64().value() == 100);
  CHECK(str(top["kernel"]) == "scalar");
  CHECK(top["elapsed_s"].get_double().value() == Approx(0.5));
  CHECK(top["rows_per_s"].get_double().value() == Approx(6.0));  // 3 rows in 0.5 s

  dom::array counts = top["error_counts"].get_array();
  dom::object c0 = counts.at(0).get_object();
  CHECK(is_null(c0["field"]));
  CHECK(str(c0["type"]) == "malformed-json");
  CHECK(is_null(c0["constraint"]));
  CHECK(c0["count"].get_uint64().value() == 1);
  dom::object c1 = counts.at(1).get_object();
  CHECK(str(c1["field"]) == "amount");
  CHECK(str(c1["type"]) == "constraint-error");
  CHECK(str(c1["constraint"]) == "minimum");
  CHECK(c1["count"].get_uint64().value() == 2);
  dom::object c2 = counts.at(2).get_object();
  CHECK(str(c2["constraint"]) == "enum");
  CHECK(c2["count"].get_uint64().value() == 1'234'567);

  dom::array errors = top["errors"].get_array();
  dom::object e0 = errors.at(0).get_object();
  CHECK(e0["row"].get_uint64().value() == 2);
  CHECK(e0["line"].get_uint64().value() == 2);
  CHECK(e0["byte"].get_uint64().value() == 10);
  CHECK(is_null(e0["field"]));
  CHECK(is_null(e0["field_number"]));
  CHECK(str(e0["type"]) == "malformed-json");
  CHECK(is_null(e0["constraint"]));
  CHECK(str(e0["message"]) == "the line is not valid JSON");
  CHECK(str(e0["value"]) == "{\"a\":");
  dom::object e1 = errors.at(1).get_object();
  CHECK(e1["row"].get_uint64().value() == 3);
  CHECK(e1["line"].get_uint64().value() == 4);
  CHECK(e1["byte"].get_uint64().value() == 25);
  CHECK(str(e1["field"]) == "amount");
  CHECK(e1["field_number"].get_uint64().value() == 2);
  CHECK(str(e1["type"]) == "constraint-error");
  CHECK(str(e1["constraint"]) == "minimum");
  CHECK(str(e1["message"]) == "amount: -3.5 is below the minimum 0.01");
  CHECK(str(e1["value"]) == "-3.5");
}

TEST_CASE("report: a valid result has empty lists and valid true", "[report]") {
  ValidationResult r;
  r.total_rows = 5;
  r.valid_rows = 5;
  r.bytes_read = 42;
  r.kernel = "avx2";
  const std::string text = json_report(r, "-");
  dom::parser parser;
  dom::object top = parser.parse(text).get_object();
  CHECK(top["valid"].get_bool().value() == true);
  CHECK(top["error_counts"].get_array().size() == 0);
  CHECK(top["errors"].get_array().size() == 0);
  CHECK(top["errors_truncated"].get_bool().value() == false);
  CHECK(str(top["source"]) == "-");
  CHECK(str(top["kernel"]) == "avx2");
  // No time measured: no rate either (and no division by zero).
  CHECK(top["elapsed_s"].get_double().value() == 0.0);
  CHECK(top["rows_per_s"].get_double().value() == 0.0);
}

TEST_CASE("report: every constraint and error type name is reported in Frictionless spelling", "[report]") {
  ValidationResult r;
  r.total_rows = 1;
  r.invalid_rows = 1;
  r.error_counts = {{"a", ErrorType::constraint_error, Constraint::exclusive_minimum, 1},
                    {"a", ErrorType::constraint_error, Constraint::exclusive_maximum, 1},
                    {"a", ErrorType::constraint_error, Constraint::min_length, 1},
                    {"a", ErrorType::constraint_error, Constraint::max_length, 1},
                    {"a", ErrorType::constraint_error, Constraint::pattern, 1},
                    {"a", ErrorType::unique_error, Constraint::unique, 1},
                    {"a", ErrorType::primary_key_error, Constraint::none, 1},
                    {"", ErrorType::record_too_large, Constraint::none, 1},
                    {"", ErrorType::not_an_object, Constraint::none, 1}};
  dom::parser parser;
  dom::array counts = parser.parse(json_report(r, "x")).get_object()["error_counts"].get_array();
  std::vector<std::string> got;
  for (dom::element c : counts) {
    dom::object o = c.get_object();
    got.push_back(str(o["type"]) + "/" + (is_null(o["constraint"]) ? std::string("null") : str(o["constraint"])));
  }
  CHECK(got == std::vector<std::string>{"constraint-error/exclusiveMinimum", "constraint-error/exclusiveMaximum",
                                        "constraint-error/minLength", "constraint-error/maxLength",
                                        "constraint-error/pattern", "unique-error/unique", "primary-key/null",
                                        "record-too-large/null", "not-an-object/null"});
}

TEST_CASE("report: strings are escaped so they read back unchanged", "[report]") {
  ValidationResult r = sample();
  const std::string message = "a \"quoted\" back\\slash, tab\t, newline\n, cr\r, bell\x07, nul-free \x01\x1F del\x7F";
  const std::string value = "caf\xC3\xA9 \xEF\xBF\xBD replaced \xE2\x82\xAC \\\" \b\f";
  const std::string source = "dir\\my \"data\"\n.csv";
  r.findings[1].message = message;
  r.findings[1].value = value;
  r.findings[1].field = "f\"ield";
  r.error_counts[1].field = "f\"ield";
  const std::string text = json_report(r, source);
  // One line, and no raw control character anywhere in it.
  CHECK(text.find('\n') == text.size() - 1);
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    INFO("byte " << i);
    CHECK(static_cast<unsigned char>(text[i]) >= 0x20);
  }
  CHECK_THAT(text, Contains(R"(a \"quoted\" back\\slash)"));
  dom::parser parser;
  dom::object top = parser.parse(text).get_object();
  CHECK(str(top["source"]) == source);
  dom::object e1 = top["errors"].get_array().at(1).get_object();
  CHECK(str(e1["message"]) == message);
  CHECK(str(e1["value"]) == value);
  CHECK(str(e1["field"]) == "f\"ield");
  CHECK(str(top["error_counts"].get_array().at(1).get_object()["field"]) == "f\"ield");
}

TEST_CASE("report: a source name that is not UTF-8 still gives valid JSON", "[report]") {
  // File names are bytes; the report must stay UTF-8 JSON.
  const std::string text = json_report(sample(), "bad\xFF\xFEname.csv");
  dom::parser parser;
  dom::element root;
  REQUIRE(parser.parse(text).get(root) == simdjson::SUCCESS);
  const std::string source = str(root.get_object()["source"]);
  CHECK_THAT(source, StartsWith("bad") && EndsWith("name.csv"));
  CHECK_THAT(source, Contains("\xEF\xBF\xBD"));
}

TEST_CASE("report: equal results give equal bytes except the timing keys", "[report]") {
  ValidationResult a = sample();
  ValidationResult b = sample();
  b.elapsed_seconds = 12.25;
  const std::string ra = json_report(a, "data.jsonl");
  const std::string rb = json_report(b, "data.jsonl");
  CHECK(ra != rb);
  CHECK(without_timing(ra) == without_timing(rb));
  CHECK(json_report(a, "data.jsonl") == ra);  // fully equal when the timing is equal too
  // Timing keys are last, so nothing deterministic follows them.
  CHECK(ra.find("\"rows_per_s\"") > ra.find("\"elapsed_s\""));
  CHECK(ra.find("\"kernel\"") < ra.find("\"elapsed_s\""));

  SECTION("two validations of the same input") {
    Schema schema{{"id", Field::integer().required().unique()}, {"name", Field::string().max_length(3)}};
    const Validator v(compile(schema), ValidateOptions{Format::jsonl, 1000});
    const std::string data = "{\"id\":1,\"name\":\"abcd\"}\n{\"id\":1}\nnot json\n{\"name\":\"x\\\"y\"}\n";
    const ValidationResult first = v.validate_buffer(data, Format::jsonl);
    const ValidationResult second = v.validate_buffer(data, Format::jsonl);
    REQUIRE(first.findings.size() == 4);
    CHECK(without_timing(json_report(first, "in.jsonl")) == without_timing(json_report(second, "in.jsonl")));
    const Validator c(compile(schema), ValidateOptions{Format::csv, 1000});
    const std::string csv = "id,name\n1,abcd\n1,\nx,y\n";
    CHECK(without_timing(json_report(c.validate_buffer(csv, Format::csv), "in.csv")) ==
          without_timing(json_report(c.validate_buffer(csv, Format::csv), "in.csv")));
  }
}

TEST_CASE("report: each call writes one line", "[report]") {
  std::ostringstream out;
  write_json_report(out, sample(), "a");
  write_json_report(out, ValidationResult{}, "b");
  const std::string text = out.str();
  const std::size_t first_end = text.find('\n');
  REQUIRE(first_end != std::string::npos);
  CHECK(text.find('\n', first_end + 1) == text.size() - 1);
  dom::parser parser;
  CHECK(str(parser.parse(text.substr(0, first_end)).get_object()["source"]) == "a");
  CHECK(str(parser.parse(text.substr(first_end + 1)).get_object()["source"]) == "b");
}

// ---- write_text_report and summary_line -------------------------------------------------------

TEST_CASE("report: the text report shows the verdict, counts and findings", "[report]") {
  const ValidationResult r = sample();
  const std::string text = text_report(r, "data.jsonl");
  CHECK_THAT(text, StartsWith(summary_line(r, "data.jsonl") + "\n"));
  CHECK_THAT(text, Contains("INVALID"));
  // Counts per field and type, with thousands separators; the no-field row is labelled.
  CHECK_THAT(text, Contains("(none)") && Contains("malformed-json"));
  CHECK_THAT(text, Contains("amount") && Contains("minimum"));
  CHECK_THAT(text, Contains("1,234,567"));
  // The findings table: all 1 + 2 + 1,234,567 findings counted, the first two shown.
  CHECK_THAT(text, Contains("First 2 of 1,234,570 findings"));
  CHECK_THAT(text, Contains("the line is not valid JSON"));
  CHECK_THAT(text, Contains("amount: -3.5 is below the minimum 0.01"));

  // Each count row is a line of its own holding the field, type, constraint and count.
  std::istringstream lines(text);
  std::string line;
  bool saw_count_row = false;
  while (std::getline(lines, line)) {
    if (line.find("code") != std::string::npos && line.find("1,234,567") != std::string::npos) {
      saw_count_row = true;
      CHECK_THAT(line, Contains("constraint-error") && Contains("enum"));
    }
  }
  CHECK(saw_count_row);
}

TEST_CASE("report: the text report table is limited and stays one line per finding", "[report]") {
  ValidationResult r = sample();
  r.findings[0].message = "first part\nsecond part";
  SECTION("a limit of one row") {
    const std::string text = text_report(r, "d", 1);
    CHECK_THAT(text, Contains("First 1 of"));
    CHECK_THAT(text, Contains("first part second part"));
    CHECK(text.find("below the minimum") == std::string::npos);
    CHECK(text.find("\nsecond part") == std::string::npos);
  }
  SECTION("no table at all") {
    const std::string text = text_report(r, "d", 0);
    CHECK(text.find("First") == std::string::npos);
    CHECK(text.find("first part") == std::string::npos);
    CHECK_THAT(text, Contains("1,234,567"));  // the counts are still there
  }
}

TEST_CASE("report: control characters from the data reach the terminal escaped", "[report]") {
  // ESC, BEL, BS and DEL (C0) and U+009B (C1, CSI) could recolour the terminal, set its title or
  // hide text; the text report shows them as escapes. Printable UTF-8 stays as it is.
  ValidationResult r = sample();
  r.findings[0].field = "n\x1b]0;title\x07";
  r.findings[1].message = "amount: \"\x1b[31mRED\x08\x7f\xc2\x9b" "2J\" is not a number, caf\xc3\xa9";
  const std::string text = text_report(r, "in\x1b[2J.csv");
  for (unsigned char c = 0; c < 0x20; ++c) {
    if (c != '\n') CHECK(text.find(static_cast<char>(c)) == std::string::npos);
  }
  CHECK(text.find('\x7f') == std::string::npos);
  CHECK(text.find("\xc2\x9b") == std::string::npos);
  CHECK_THAT(text, Contains("\\x1b[31mRED\\x08\\x7f\\u009b2J") && Contains("caf\xc3\xa9"));
  CHECK_THAT(text, StartsWith("in\\x1b[2J.csv: INVALID"));
  CHECK_THAT(text, Contains("n\\x1b]0;title\\x07"));
  CHECK_THAT(summary_line(r, "in\x1b[2J.csv"), StartsWith("in\\x1b[2J.csv: INVALID"));
}

TEST_CASE("report: the text report of a valid result", "[report]") {
  ValidationResult r;
  r.total_rows = 2'500;
  r.valid_rows = 2'500;
  r.bytes_read = 4096;
  r.elapsed_seconds = 0.25;
  const std::string text = text_report(r, "ok.csv");
  CHECK(text == summary_line(r, "ok.csv") + "\n");
  CHECK(text.find("INVALID") == std::string::npos);
}

TEST_CASE("report: summary_line", "[report]") {
  SECTION("valid") {
    ValidationResult r;
    r.total_rows = 1'000'000;
    r.valid_rows = 1'000'000;
    r.bytes_read = 1024;
    r.elapsed_seconds = 0.5;
    const std::string s = summary_line(r, "data.csv");
    CHECK_THAT(s, StartsWith("data.csv: "));
    CHECK_THAT(s, Contains("valid") && Contains("1,000,000 rows"));
    CHECK(s.find("INVALID") == std::string::npos);
    CHECK(s.find("invalid") == std::string::npos);
    CHECK(s.find('\n') == std::string::npos);
  }
  SECTION("invalid") {
    ValidationResult r = sample();
    r.total_rows = 1'234'567;
    r.invalid_rows = 12;
    r.valid_rows = r.total_rows - 12;
    const std::string s = summary_line(r, "in.jsonl");
    CHECK_THAT(s, StartsWith("in.jsonl: "));
    CHECK_THAT(s, Contains("INVALID") && Contains("1,234,567 rows") && Contains("12 invalid"));
    CHECK(s.find('\n') == std::string::npos);
  }
  SECTION("the same result gives the same line") {
    CHECK(summary_line(sample(), "x") == summary_line(sample(), "x"));
  }
}

// ---- append_json_string -----------------------------------------------------------------------

TEST_CASE("report: append_json_string escapes as RFC 8259 needs", "[report]") {
  auto quoted = [](std::string_view s) {
    std::string out;
    append_json_string(out, s);
    return out;
  };
  CHECK(quoted("") == R"("")");
  CHECK(quoted("plain text") == R"("plain text")");
  CHECK(quoted(R"(a"b\c)") == R"("a\"b\\c")");
  CHECK(quoted("line\nbreak") == R"("line\nbreak")");
  CHECK(quoted("caf\xC3\xA9 \xEF\xBF\xBD") == "\"caf\xC3\xA9 \xEF\xBF\xBD\"");  // UTF-8 passes through
  // Bytes that are not UTF-8 would make the JSON invalid: each becomes U+FFFD.
  CHECK(quoted("a\xFF" "b\xC3") == "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\"");

  SECTION("it appends") {
    std::string out = "{\"k\":";
    append_json_string(out, "v");
    CHECK(out == R"({"k":"v")");
  }
  SECTION("every control character is escaped and reads back") {
    for (int c = 0; c < 0x20; ++c) {
      INFO("character " << c);
      const std::string original = std::string("<") + static_cast<char>(c) + ">";
      const std::string json = quoted(original);
      for (char ch : json) CHECK(static_cast<unsigned char>(ch) >= 0x20);
      dom::parser parser;
      dom::element e;
      REQUIRE(parser.parse(json).get(e) == simdjson::SUCCESS);
      CHECK(str(e) == original);
    }
  }
  SECTION("mixed text reads back unchanged") {
    const std::string original = "\"\\/\b\f\n\r\t\x01\x7F\xC3\xA9\xF0\x9F\x98\x80 end";
    dom::parser parser;
    dom::element e;
    REQUIRE(parser.parse(quoted(original)).get(e) == simdjson::SUCCESS);
    CHECK(str(e) == original);
  }
}
