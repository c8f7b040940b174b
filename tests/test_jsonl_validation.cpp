// JSONL validation through the serial Validator: JSON type mapping, rules on JSON values, nested
// paths, duplicate keys, missing values, malformed and non-object lines, encoding, BOM, line ends,
// byte offsets, whole-file rules, nesting depth and the record size limit. Every expected value
// below is worked out by hand from the input text.
#include <catch2/catch.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "support.hpp"
#include "rowguard/rowguard.hpp"

namespace {

using namespace rowguard;
using namespace rowguard::test;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

ValidationResult run(const Schema& schema, std::string_view data, const Dialect& dialect = {},
                     std::size_t max_findings = 1000) {
  Validator validator(compile(schema, dialect), ValidateOptions{Format::jsonl, max_findings});
  return validator.validate_buffer(data, Format::jsonl);
}

// A JSONL text built from lines, with the byte offset where each line starts.
struct Lines {
  std::string text;
  std::vector<std::uint64_t> start;  // start[i] = offset of line i + 1
  std::uint64_t at(std::uint64_t line) const { return start.at(line - 1); }
};

Lines join(std::initializer_list<std::string_view> lines, std::string_view eol = "\n") {
  Lines out;
  for (std::string_view l : lines) {
    out.start.push_back(out.text.size());
    out.text.append(l);
    out.text.append(eol);
  }
  return out;
}

struct Want {
  std::uint64_t line;
  std::uint64_t byte;
  std::string field;
  std::uint32_t field_number;
  ErrorType type;
  Constraint constraint = Constraint::none;
};

std::string messages(const ValidationResult& r);

void require_findings(const ValidationResult& r, const std::vector<Want>& want) {
  INFO(messages(r));
  REQUIRE(r.findings.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO("finding " << i << ": " << r.findings[i].message);
    const Finding& f = r.findings[i];
    CHECK(f.row == want[i].line);
    CHECK(f.line == want[i].line);
    CHECK(f.byte == want[i].byte);
    CHECK(f.field == want[i].field);
    CHECK(f.field_number == want[i].field_number);
    CHECK(f.type == want[i].type);
    CHECK(f.constraint == want[i].constraint);
  }
}

// One line, one schema field "v" of the given field type; returns the findings.
struct Case {
  std::string json;
  bool valid;
};

void check_cases(const Schema& schema, const std::vector<Case>& cases, ErrorType error = ErrorType::type_error,
                 Constraint constraint = Constraint::none) {
  for (const Case& c : cases) {
    INFO("line: " << c.json);
    ValidationResult r = run(schema, c.json + "\n");
    INFO(messages(r));
    CHECK(r.total_rows == 1);
    if (c.valid) {
      CHECK(r.findings.empty());
      CHECK(r.valid_rows == 1);
      CHECK(r.is_valid());
    } else {
      REQUIRE(r.findings.size() == 1);
      const Finding& f = r.findings[0];
      INFO(f.message);
      CHECK(f.type == error);
      CHECK(f.constraint == constraint);
      CHECK(f.field == "v");
      CHECK(f.field_number == 1);
      CHECK(f.row == 1);
      CHECK(f.line == 1);
      CHECK(f.byte == 0);
      CHECK(r.invalid_rows == 1);
    }
  }
}

std::string messages(const ValidationResult& r) {
  std::string out;
  for (const auto& f : r.findings) out += "line " + std::to_string(f.line) + ": " + f.message + "\n";
  return out;
}

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out.append(s);
  return out;
}

}  // namespace

// ---- a clean file ---------------------------------------------------------------------------

TEST_CASE("jsonl: every type accepts its JSON form", "[jsonl]") {
  Schema schema{{"id", Field::integer().required()},  {"name", Field::string()},
                {"score", Field::number()},           {"active", Field::boolean()},
                {"born", Field::date()},              {"seen", Field::datetime()},
                {"extra", Field::any()}};
  Lines in = join({
      R"({"id":1,"name":"Ada","score":9.5,"active":true,"born":"1815-12-10","seen":"2024-01-01T10:00:00Z","extra":[1,{"x":null}]})",
      R"({"id":-9223372036854775808,"score":1e300,"active":false,"born":null,"extra":"s"})",
      R"(  {"extra":{"deep":{"er":[true,false,null,1.5e-3,"\u00e9\n"]}},"id":9223372036854775807}  )",
      R"({"unknown":{"a":[1,2,3]},"id":0,"score":-0.0,"name":"\"quoted\" \\ \/"})",
  });
  ValidationResult r = run(schema, in.text);
  INFO(messages(r));
  CHECK(r.findings.empty());
  CHECK(r.total_rows == 4);
  CHECK(r.valid_rows == 4);
  CHECK(r.invalid_rows == 0);
  CHECK(r.is_valid());
  CHECK(r.error_counts.empty());
  CHECK(r.bytes_read == in.text.size());
}

TEST_CASE("jsonl: empty and blank inputs have no rows", "[jsonl]") {
  Schema schema{{"a", Field::integer().required()}};
  for (std::string_view data : {std::string_view(""), std::string_view("\n"), std::string_view("\n\n\n"),
                                std::string_view("  \t \r\n\r\n"), std::string_view("   ")}) {
    INFO("data size " << data.size());
    ValidationResult r = run(schema, data);
    CHECK(r.total_rows == 0);
    CHECK(r.findings.empty());
    CHECK(r.is_valid());
    CHECK(r.bytes_read == data.size());
  }
}

// ---- JSON type to schema type -----------------------------------------------------------------

TEST_CASE("jsonl: integer fields need JSON integers in int64 range", "[jsonl]") {
  Schema schema{{"v", Field::integer()}};
  check_cases(schema, {
                          {R"({"v":42})", true},
                          {R"({"v":-7})", true},
                          {R"({"v":0})", true},
                          {R"({"v":-0})", true},
                          {R"({"v":9223372036854775807})", true},
                          {R"({"v":-9223372036854775808})", true},
                          {R"({"v":null})", true},
                          {R"({})", true},
                          {R"({"v":1.5})", false},
                          {R"({"v":1.0})", false},
                          {R"({"v":1e2})", false},
                          {R"({"v":1e30})", false},
                          {R"({"v":9223372036854775808})", false},
                          {R"({"v":18446744073709551615})", false},
                          {R"({"v":18446744073709551616})", false},
                          {R"({"v":99999999999999999999999})", false},
                          {R"({"v":-9223372036854775809})", false},
                          {R"({"v":-99999999999999999999999})", false},
                          {R"({"v":"12"})", false},
                          {R"({"v":"x"})", false},
                          {R"({"v":true})", false},
                          {R"({"v":[1]})", false},
                          {R"({"v":{"n":1}})", false},
                      });
}

TEST_CASE("jsonl: integer type-error messages name the problem", "[jsonl]") {
  Schema schema{{"v", Field::integer()}};
  SECTION("a fraction is not an integer") {
    ValidationResult r = run(schema, "{\"v\":1.5}\n");
    REQUIRE(r.findings.size() == 1);
    CHECK_THAT(r.findings[0].message, StartsWith("v: ") && Contains("not an integer"));
    CHECK(r.findings[0].value == "1.5");
  }
  SECTION("a JSON string is the wrong JSON type even when it holds digits") {
    ValidationResult r = run(schema, "{\"v\":\"12\"}\n");
    REQUIRE(r.findings.size() == 1);
    // Quoted, so that it does not read as the number 12.
    CHECK(r.findings[0].message == "v: expected a JSON integer, got a JSON string \"12\"");
    CHECK(r.findings[0].value == "12");
  }
  SECTION("the value is the number token without surrounding whitespace") {
    ValidationResult r = run(schema, "{\"v\" :  2.50  }\n");
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].value == "2.50");
  }
  SECTION("an array value is shown as its JSON text") {
    ValidationResult r = run(schema, "{\"v\":[1,2]}\n");
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].value == "[1,2]");
    CHECK_THAT(r.findings[0].message, Contains("array"));
  }
  SECTION("a container value is its text up to the next token, without surrounding spaces") {
    ValidationResult r = run(schema, "{\"v\":  [1, {\"x\" : 2}]  , \"w\":1}\n{\"w\":1,\"v\":{\"a\":[]}\t}\n");
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].value == R"([1, {"x" : 2}])");
    CHECK(r.findings[1].value == R"({"a":[]})");
  }
}

TEST_CASE("jsonl: number fields take any JSON number and nothing else", "[jsonl]") {
  Schema schema{{"v", Field::number()}};
  check_cases(schema, {
                          {R"({"v":1})", true},
                          {R"({"v":-2.5})", true},
                          {R"({"v":1e300})", true},
                          {R"({"v":-1E-300})", true},
                          {R"({"v":0})", true},
                          {R"({"v":18446744073709551615})", true},
                          {R"({"v":18446744073709551616})", true},
                          {R"({"v":-9223372036854775809})", true},
                          {R"({"v":null})", true},
                          {R"({"v":"1.5"})", false},
                          {R"({"v":"NaN"})", false},
                          {R"({"v":true})", false},
                          {R"({"v":[1]})", false},
                          {R"({"v":{}})", false},
                      });
}

TEST_CASE("jsonl: boolean fields need true or false", "[jsonl]") {
  Schema schema{{"v", Field::boolean()}};
  check_cases(schema, {
                          {R"({"v":true})", true},
                          {R"({"v":false})", true},
                          {R"({"v":null})", true},
                          {R"({"v":"true"})", false},
                          {R"({"v":"1"})", false},
                          {R"({"v":1})", false},
                          {R"({"v":0})", false},
                          {R"({"v":[]})", false},
                      });
}

TEST_CASE("jsonl: string fields need JSON strings", "[jsonl]") {
  Schema schema{{"v", Field::string()}};
  check_cases(schema, {
                          {R"({"v":"abc"})", true},
                          {R"({"v":"12"})", true},
                          {R"({"v":"\u00e9\ud83d\ude00"})", true},
                          {R"({"v":null})", true},
                          {R"({"v":12})", false},
                          {R"({"v":1.5})", false},
                          {R"({"v":false})", false},
                          {R"({"v":["a"]})", false},
                          {R"({"v":{"a":"b"}})", false},
                      });
  ValidationResult r = run(schema, "{\"v\":12}\n");
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].message == "v: expected a JSON string, got a JSON number 12");
  CHECK(r.findings[0].value == "12");
}

TEST_CASE("jsonl: string formats apply to the decoded JSON string", "[jsonl]") {
  Schema schema{{"v", Field::string().format("email")}};
  check_cases(schema, {
                          {R"({"v":"ada@example.org"})", true},
                          {R"({"v":"ada\u0040example.org"})", true},
                          {R"({"v":"ada(at)example.org"})", false},
                      });
}

TEST_CASE("jsonl: date and datetime fields need JSON strings in the format", "[jsonl]") {
  SECTION("date, default format") {
    Schema schema{{"v", Field::date()}};
    check_cases(schema, {
                            {R"({"v":"2024-02-29"})", true},
                            {R"({"v":null})", true},
                            {R"({"v":"2023-02-29"})", false},
                            {R"({"v":"2024-2-29"})", false},
                            {R"({"v":"29/02/2024"})", false},
                            {R"({"v":20240229})", false},
                            {R"({"v":true})", false},
                        });
  }
  SECTION("date, custom format") {
    Schema schema{{"v", Field::date().format("%d/%m/%Y")}};
    check_cases(schema, {
                            {R"({"v":"29/02/2024"})", true},
                            {R"({"v":"2024-02-29"})", false},
                        });
  }
  SECTION("datetime") {
    Schema schema{{"v", Field::datetime()}};
    check_cases(schema, {
                            {R"({"v":"2024-01-01T00:00:00Z"})", true},
                            {R"({"v":"2024-01-01T00:00:00.123+02:00"})", true},
                            {R"({"v":"2024-01-01"})", false},
                            {R"({"v":"2024-01-01T25:00:00Z"})", false},
                            {R"({"v":1704067200})", false},
                        });
  }
}

TEST_CASE("jsonl: any fields accept every JSON value", "[jsonl]") {
  Schema schema{{"v", Field::any().required()}};
  check_cases(schema, {
                          {R"({"v":1})", true},
                          {R"({"v":1.5})", true},
                          {R"({"v":"x"})", true},
                          {R"({"v":false})", true},
                          {R"({"v":[1,[2,[3]]]})", true},
                          {R"({"v":{"a":{"b":null}}})", true},
                          {R"({"v":[]})", true},
                          {R"({"v":{}})", true},
                      });
  // null and absence are missing values, and this field is required.
  check_cases(schema, {{R"({"v":null})", false}, {R"({})", false}}, ErrorType::constraint_error,
              Constraint::required);
}

// ---- rules on JSON values ---------------------------------------------------------------------

TEST_CASE("jsonl: integer bounds", "[jsonl]") {
  SECTION("inclusive") {
    Schema schema{{"v", Field::integer().min(0).max(10)}};
    check_cases(schema, {{R"({"v":0})", true}, {R"({"v":10})", true}, {R"({"v":5})", true}});
    check_cases(schema, {{R"({"v":-1})", false}}, ErrorType::constraint_error, Constraint::minimum);
    check_cases(schema, {{R"({"v":11})", false}}, ErrorType::constraint_error, Constraint::maximum);
    ValidationResult r = run(schema, "{\"v\":-1}\n");
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].message == "v: -1 is below the minimum 0");
    CHECK(r.findings[0].value == "-1");
  }
  SECTION("exclusive") {
    Schema schema{{"v", Field::integer().exclusive_min(0).exclusive_max(10)}};
    check_cases(schema, {{R"({"v":1})", true}, {R"({"v":9})", true}});
    check_cases(schema, {{R"({"v":0})", false}}, ErrorType::constraint_error, Constraint::exclusive_minimum);
    check_cases(schema, {{R"({"v":10})", false}}, ErrorType::constraint_error, Constraint::exclusive_maximum);
  }
}

TEST_CASE("jsonl: number bounds compare the JSON number's value", "[jsonl]") {
  Schema schema{{"v", Field::number().min(0.5).max(100)}};
  check_cases(schema, {{R"({"v":0.5})", true}, {R"({"v":5e-1})", true}, {R"({"v":100})", true},
                       {R"({"v":1e2})", true}});
  check_cases(schema, {{R"({"v":0.25})", false}}, ErrorType::constraint_error, Constraint::minimum);
  check_cases(schema, {{R"({"v":100.5})", false}, {R"({"v":1e3})", false}}, ErrorType::constraint_error,
              Constraint::maximum);
  ValidationResult r = run(schema, "{\"v\":0.25}\n");
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].message == "v: 0.25 is below the minimum 0.5");
}

TEST_CASE("jsonl: length rules count code points of the decoded string", "[jsonl]") {
  Schema schema{{"v", Field::string().min_length(2).max_length(3)}};
  check_cases(schema, {
                          {R"({"v":"ab"})", true},
                          {R"({"v":"abc"})", true},
                          {"{\"v\":\"\xC3\xA9\xC3\xA9\xC3\xA9\"}", true},  // 3 code points, 6 bytes
                          {R"({"v":"\u00e9\u00e9"})", true},               // 2 code points after unescaping
                          {R"({"v":"\ud83d\ude00\ud83d\ude00"})", true},   // 2 code points, 8 bytes
                      });
  check_cases(schema, {{R"({"v":"a"})", false}, {R"({"v":"\u0041"})", false}}, ErrorType::constraint_error,
              Constraint::min_length);
  check_cases(schema, {{R"({"v":"abcd"})", false}, {R"({"v":"ab\n\t"})", false}}, ErrorType::constraint_error,
              Constraint::max_length);
}

TEST_CASE("jsonl: patterns match the whole decoded string", "[jsonl]") {
  Schema schema{{"v", Field::string().pattern(R"([A-Z]{2}\d)")}};
  check_cases(schema, {{R"({"v":"AB1"})", true}, {R"({"v":"\u0041B\u0031"})", true}});
  check_cases(schema, {{R"({"v":"ab1"})", false}, {R"({"v":"AB12"})", false}, {R"({"v":"xAB1"})", false}},
              ErrorType::constraint_error, Constraint::pattern);
  SECTION("an escaped quote is matched as a quote") {
    Schema quote{{"v", Field::string().pattern(R"(a"b)")}};
    check_cases(quote, {{R"({"v":"a\"b"})", true}});
  }
}

TEST_CASE("jsonl: several broken rules on one value are reported in rule order", "[jsonl]") {
  Schema schema{{"v", Field::string().min_length(5).pattern("[a-z]+")}};
  ValidationResult r = run(schema, "{\"v\":\"AB\"}\n");
  require_findings(r, {{1, 0, "v", 1, ErrorType::constraint_error, Constraint::min_length},
                       {1, 0, "v", 1, ErrorType::constraint_error, Constraint::pattern}});
  CHECK(r.invalid_rows == 1);
  REQUIRE(r.error_counts.size() == 2);
  CHECK(r.error_counts[0].constraint == Constraint::min_length);
  CHECK(r.error_counts[1].constraint == Constraint::pattern);
}

TEST_CASE("jsonl: enum on strings and integers", "[jsonl]") {
  SECTION("strings") {
    Schema schema{{"v", Field::string().one_of({"red", "green"})}};
    check_cases(schema, {{R"({"v":"red"})", true}, {R"({"v":"gr\u0065en"})", true}, {R"({"v":null})", true}});
    check_cases(schema, {{R"({"v":"blue"})", false}, {R"({"v":"Red"})", false}, {R"({"v":"red "})", false}},
                ErrorType::constraint_error, Constraint::enumeration);
    check_cases(schema, {{R"({"v":1})", false}});
    ValidationResult r = run(schema, "{\"v\":\"blue\"}\n");
    REQUIRE(r.findings.size() == 1);
    CHECK_THAT(r.findings[0].message, StartsWith("v: ") && Contains("blue") && Contains("red") && Contains("green"));
    CHECK(r.findings[0].value == "blue");
  }
  SECTION("integers") {
    Schema schema{{"v", Field::integer().one_of({1, 2, 3})}};
    check_cases(schema, {{R"({"v":1})", true}, {R"({"v":3})", true}});
    check_cases(schema, {{R"({"v":4})", false}, {R"({"v":0})", false}, {R"({"v":-1})", false}},
                ErrorType::constraint_error, Constraint::enumeration);
    // Not integers at all: the type is wrong before the enum is asked.
    check_cases(schema, {{R"({"v":2.0})", false}, {R"({"v":"2"})", false}});
  }
}

TEST_CASE("jsonl: date and datetime bounds", "[jsonl]") {
  SECTION("date minimum") {
    Schema schema{{"v", Field::date().min("2020-01-01")}};
    check_cases(schema, {{R"({"v":"2020-01-01"})", true}, {R"({"v":"2024-06-30"})", true}});
    check_cases(schema, {{R"({"v":"2019-12-31"})", false}}, ErrorType::constraint_error, Constraint::minimum);
  }
  SECTION("datetime maximum compares instants") {
    Schema schema{{"v", Field::datetime().max("2024-01-01T00:00:00Z")}};
    check_cases(schema, {{R"({"v":"2024-01-01T00:00:00Z"})", true}, {R"({"v":"2024-01-01T01:00:00+01:00"})", true}});
    check_cases(schema, {{R"({"v":"2024-01-01T00:00:01Z"})", false}, {R"({"v":"2023-12-31T23:30:00-01:00"})", false}},
                ErrorType::constraint_error, Constraint::maximum);
  }
}

// ---- missing values ---------------------------------------------------------------------------

TEST_CASE("jsonl: null, an absent key and \"\" are missing; required fails on each", "[jsonl]") {
  Schema schema{{"v", Field::integer().required()}};
  check_cases(schema, {{R"({"v":0})", true}});
  check_cases(schema, {{R"({})", false}, {R"({"v":null})", false}, {R"({"v":""})", false}, {R"({"w":1})", false}},
              ErrorType::constraint_error, Constraint::required);
  ValidationResult r = run(schema, "{\"v\":null}\n");
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].message == "v: a value is required");
  CHECK(r.findings[0].value.empty());
}

TEST_CASE("jsonl: a missing value skips every other rule", "[jsonl]") {
  Schema schema{{"v", Field::string().min_length(3).pattern("x+")}};
  check_cases(schema, {{R"({"v":""})", true}, {R"({"v":null})", true}, {R"({})", true}});
}

TEST_CASE("jsonl: missingValues apply to JSON strings only", "[jsonl]") {
  SECTION("schema-wide list") {
    Schema schema{{"s", Field::string().required()}, {"n", Field::integer().min(1)}};
    schema.missing_values({"", "NA", "-"});
    Lines in = join({
        R"({"s":"ok","n":"NA"})",  // n missing, not a type error
        R"({"s":"ok","n":"-"})",   // n missing
        R"({"s":"NA","n":5})",     // s missing and required
        R"({"s":"ok","n":"x"})",   // n is a string that is not a missing value: wrong JSON type
        R"({"s":"na","n":1})",     // missing values are exact: "na" is present
    });
    ValidationResult r = run(schema, in.text);
    require_findings(r, {{3, in.at(3), "s", 1, ErrorType::constraint_error, Constraint::required},
                         {4, in.at(4), "n", 2, ErrorType::type_error}});
    CHECK(r.total_rows == 5);
    CHECK(r.invalid_rows == 2);
  }
  SECTION("a number equal to a missing value is still a number") {
    Schema schema{{"n", Field::integer().min(1).missing_values({"0"})}};
    ValidationResult r = run(schema, "{\"n\":\"0\"}\n{\"n\":0}\n");
    require_findings(r, {{2, 10, "n", 1, ErrorType::constraint_error, Constraint::minimum}});
  }
  SECTION("a list without \"\" makes \"\" a present value") {
    Schema schema{{"s", Field::string().required().missing_values({"NA"})},
                  {"n", Field::integer().missing_values({"NA"})}};
    Lines in = join({R"({"s":"","n":1})", R"({"s":"NA","n":""})"});
    ValidationResult r = run(schema, in.text);
    require_findings(r, {{2, in.at(2), "s", 1, ErrorType::constraint_error, Constraint::required},
                         {2, in.at(2), "n", 2, ErrorType::type_error}});
  }
}

// ---- nested paths and duplicate keys ----------------------------------------------------------

TEST_CASE("jsonl: dotted names address nested objects", "[jsonl]") {
  Schema schema{{"user.id", Field::integer().required()},
                {"user.name", Field::string()},
                {"meta.a.b", Field::integer().max(5)}};
  Lines in = join({
      R"({"user":{"id":1,"name":"x"},"meta":{"a":{"b":2}}})",  // 1 valid
      R"({"meta":{"a":{"b":2}},"user":{"name":"x","id":1}})",  // 2 valid, other key order
      R"({"user":{"id":"1"}})",                                // 3 type-error user.id
      R"({"user":5})",                                         // 4 parent not an object: missing
      R"({"user":null})",                                      // 5 missing
      R"({"user":[{"id":1}]})",                                // 6 array parent: missing
      R"({"user":{"name":"x"}})",                              // 7 missing
      R"({"user":{"id":1},"meta":{"a":7}})",                   // 8 meta.a not an object: meta.a.b missing, fine
      R"({"user":{"id":1},"meta":{"a":{"b":9}}})",             // 9 meta.a.b above maximum
      R"({"id":1,"name":"top level keys are not nested ones"})",  // 10 user.id missing
      R"({"user":{"id":1,"name":{"first":"A"}}})",             // 11 user.name is an object: type-error
  });
  ValidationResult r = run(schema, in.text);
  require_findings(r, {
                          {3, in.at(3), "user.id", 1, ErrorType::type_error},
                          {4, in.at(4), "user.id", 1, ErrorType::constraint_error, Constraint::required},
                          {5, in.at(5), "user.id", 1, ErrorType::constraint_error, Constraint::required},
                          {6, in.at(6), "user.id", 1, ErrorType::constraint_error, Constraint::required},
                          {7, in.at(7), "user.id", 1, ErrorType::constraint_error, Constraint::required},
                          {9, in.at(9), "meta.a.b", 3, ErrorType::constraint_error, Constraint::maximum},
                          {10, in.at(10), "user.id", 1, ErrorType::constraint_error, Constraint::required},
                          {11, in.at(11), "user.name", 2, ErrorType::type_error},
                      });
  CHECK(r.total_rows == 11);
  CHECK(r.invalid_rows == 8);
}

TEST_CASE("jsonl: a field and a path below it can both be in the schema", "[jsonl]") {
  Schema schema{{"user", Field::any().required()}, {"user.id", Field::integer().required()}};
  Lines in = join({
      R"({"user":{"id":1}})",    // valid: both present
      R"({"user":{"id":"x"}})",  // user.id type-error
      R"({"user":{}})",          // user.id missing
      R"({"user":3})",           // user.id missing (parent not an object)
  });
  ValidationResult r = run(schema, in.text);
  require_findings(r, {
                          {2, in.at(2), "user.id", 2, ErrorType::type_error},
                          {3, in.at(3), "user.id", 2, ErrorType::constraint_error, Constraint::required},
                          {4, in.at(4), "user.id", 2, ErrorType::constraint_error, Constraint::required},
                      });
}

TEST_CASE("jsonl: the first occurrence of a duplicate key wins", "[jsonl]") {
  Schema schema{{"a", Field::integer().required()}, {"u.id", Field::integer()}};
  Lines in = join({
      R"({"a":1,"a":"x"})",                    // 1 first is fine
      R"({"a":"x","a":1})",                    // 2 first is a string: type-error, value x
      R"({"a":null,"a":1})",                   // 3 first is null: required
      R"({"a":1,"u":{"id":2,"id":"y"}})",      // 4 nested duplicate: first wins
      R"({"a":1,"u":{"id":2},"u":{"id":"z"}})",  // 5 duplicate parent: the first object wins
      R"({"a":1,"u":{"id":"w"},"u":{"id":3}})",  // 6 duplicate parent: the first object's bad id
  });
  ValidationResult r = run(schema, in.text);
  require_findings(r, {
                          {2, in.at(2), "a", 1, ErrorType::type_error},
                          {3, in.at(3), "a", 1, ErrorType::constraint_error, Constraint::required},
                          {6, in.at(6), "u.id", 2, ErrorType::type_error},
                      });
  REQUIRE(r.findings.size() == 3);
  CHECK(r.findings[0].value == "x");
  CHECK(r.findings[2].value == "w");
}

TEST_CASE("jsonl: a duplicate parent key does not merge the two objects", "[jsonl]") {
  // The first "u" has no "id", so u.id is absent even though a later "u" has one.
  Schema schema{{"u.id", Field::integer().required()}};
  ValidationResult r = run(schema, "{\"u\":{\"name\":\"x\"},\"u\":{\"id\":1}}\n");
  require_findings(r, {{1, 0, "u.id", 1, ErrorType::constraint_error, Constraint::required}});
}

TEST_CASE("jsonl: escaped keys are matched after unescaping", "[jsonl]") {
  Schema schema{{"v", Field::integer().required()}};
  check_cases(schema, {{R"({"\u0076":1})", true}});
  check_cases(schema, {{R"({"\u0076":"x"})", false}});
}

TEST_CASE("jsonl: numbers beyond 64 bits are valid JSON wherever they appear", "[jsonl]") {
  Schema schema{{"a", Field::integer().required()}, {"any", Field::any()}};
  Lines in = join({
      R"({"a":1,"z":99999999999999999999999})",        // 1 unrelated key
      R"({"a":1,"z":[-99999999999999999999999]})",     // 2 inside an unrelated array
      R"({"a":1,"any":18446744073709551616})",         // 3 any field
      R"({"a":1,"any":{"n":-9223372036854775809}})",   // 4 inside an any field's object
      R"({"a":1,"z":1.5e308})",                        // 5 large double
      R"(99999999999999999999999)",                    // 6 a number, not an object
      R"({"a":1,"z":012})",                            // 7 still malformed
  });
  ValidationResult r = run(schema, in.text);
  require_findings(r, {{6, in.at(6), "", 0, ErrorType::not_an_object}, {7, in.at(7), "", 0, ErrorType::malformed_json}});
}

TEST_CASE("jsonl: integers outside int64 are type errors with a clear message", "[jsonl]") {
  Schema schema{{"v", Field::integer()}};
  ValidationResult r = run(schema, "{\"v\":-9223372036854775809}\n{\"v\":18446744073709551615}\n");
  require_findings(r, {{1, 0, "v", 1, ErrorType::type_error}, {2, 27, "v", 1, ErrorType::type_error}});
  CHECK_THAT(r.findings[0].message, Contains("64-bit"));
  CHECK(r.findings[0].value == "-9223372036854775809");
  CHECK_THAT(r.findings[1].message, Contains("64-bit"));
}

// ---- malformed lines --------------------------------------------------------------------------

TEST_CASE("jsonl: malformed lines are findings with their line numbers and reading goes on", "[jsonl]") {
  Schema schema{{"a", Field::integer()}};
  Lines in = join({
      R"({"a":1})",                    // 1 valid
      R"({"a":1} x)",                  // 2 trailing garbage
      R"({"a":1}{"a":2})",             // 3 two objects on one line
      R"({"a":1)",                     // 4 unclosed brace
      R"({"a":1,"z":"\q"})",           // 5 bad escape in an unrelated key's value
      R"({"z":"\q","a":1})",           // 6 ... before the schema field
      R"({"a":1,"z":01})",             // 7 invalid number (leading zero) in an unrelated key
      R"({"a":1,"z":1.})",             // 8 invalid number
      R"({"a":1,"z":-})",              // 9 invalid number
      R"({"a":1,"z":[1,{"b":tru}]})",  // 10 bad literal deep in an unrelated value
      R"({"a":1,"z":nul})",            // 11 bad null
      R"({"a":1,})",                   // 12 trailing comma
      R"({"a" 1})",                    // 13 missing colon
      R"({'a':1})",                    // 14 single quotes
      R"({"a":1}])",                   // 15 stray bracket
      R"({"a":NaN})",                  // 16 NaN is not JSON
      R"({"a":1.})",                   // 17 invalid number in the schema field itself
      R"({"a":"abc})",                 // 18 unclosed string
      R"({"a":1,"b\q":2})",            // 19 bad escape in a key
      R"({"a":1,"z":"tab	inside"})",  // 20 raw control character in a string
      R"({"a":1,"z":{"y":[}})",        // 21 broken nested container
      R"({"a":"x"})",                  // 22 type-error: reading went on
      R"({"a":2})",                    // 23 valid
  });
  ValidationResult r = run(schema, in.text);
  std::vector<Want> want;
  for (std::uint64_t line = 2; line <= 21; ++line) want.push_back({line, in.at(line), "", 0, ErrorType::malformed_json});
  want.push_back({22, in.at(22), "a", 1, ErrorType::type_error});
  require_findings(r, want);
  CHECK(r.total_rows == 23);
  CHECK(r.valid_rows == 2);
  CHECK(r.invalid_rows == 21);
  CHECK(r.bytes_read == in.text.size());
  for (std::size_t i = 0; i + 1 < r.findings.size(); ++i) {
    CHECK_THAT(r.findings[i].message, Contains("not valid JSON"));
  }
  // The value is the line itself.
  CHECK(r.findings[0].value == R"({"a":1} x)");
  CHECK(r.findings[2].value == R"({"a":1)");
  // Content after the closing brace is trailing content, not an early end; an unclosed brace is.
  const std::string trailing = "Unexpected trailing content";
  for (std::size_t i : {std::size_t{0}, std::size_t{1}, std::size_t{13}}) {
    INFO(r.findings[i].value);
    CHECK_THAT(r.findings[i].message, Contains(trailing));
  }
  CHECK_THAT(r.findings[2].message, Contains("ended early"));
  CHECK_THAT(r.findings[16].message, !Contains(trailing));  // {"a":"abc}: the brace is in a string
  REQUIRE(r.error_counts.size() == 2);
  CHECK(r.error_counts[0] == ErrorCount{"", ErrorType::malformed_json, Constraint::none, 20});
  CHECK(r.error_counts[1] == ErrorCount{"a", ErrorType::type_error, Constraint::none, 1});
}

TEST_CASE("jsonl: a malformed last line without a newline", "[jsonl]") {
  Schema schema{{"a", Field::integer()}};
  ValidationResult r = run(schema, "{\"a\":1}\n{\"a\":");
  require_findings(r, {{2, 8, "", 0, ErrorType::malformed_json}});
  CHECK(r.total_rows == 2);
}

TEST_CASE("jsonl: valid JSON that is not an object", "[jsonl]") {
  Schema schema{{"a", Field::integer()}};
  Lines in = join({
      R"([1,2])",     // 1
      R"("x")",       // 2
      R"(3)",         // 3
      R"(null)",      // 4
      R"(true)",      // 5
      R"([])",        // 6
      R"(  -1.5e3 )", // 7
      R"({"a":1})",   // 8 valid
      R"([1,)",       // 9 not valid JSON at all
      R"("x)",        // 10
      R"(3 4)",       // 11
      R"(nul)",       // 12
      R"([1,tru])",   // 13
  });
  ValidationResult r = run(schema, in.text);
  std::vector<Want> want;
  for (std::uint64_t line = 1; line <= 7; ++line) want.push_back({line, in.at(line), "", 0, ErrorType::not_an_object});
  for (std::uint64_t line = 9; line <= 13; ++line) want.push_back({line, in.at(line), "", 0, ErrorType::malformed_json});
  require_findings(r, want);
  CHECK_THAT(r.findings[0].message, Contains("array"));
  CHECK_THAT(r.findings[1].message, Contains("string"));
  CHECK_THAT(r.findings[2].message, Contains("number"));
  CHECK_THAT(r.findings[3].message, Contains("null"));
  CHECK_THAT(r.findings[4].message, Contains("boolean"));
  CHECK(r.findings[0].value == "[1,2]");
  CHECK(r.total_rows == 13);
  CHECK(r.valid_rows == 1);
}

// ---- encoding, BOM, line ends, blank lines ----------------------------------------------------

TEST_CASE("jsonl: invalid UTF-8 on a line is a record-level encoding error", "[jsonl]") {
  Schema schema{{"a", Field::string()}};
  Lines in = join({
      "{\"a\":\"\xFF\"}",                // 1 invalid byte in the field
      "{\"a\":\"ok\",\"z\":\"\xC0\xAF\"}",  // 2 overlong encoding in an unrelated value
      "{\"a\":\"ok\",\"\xED\xA0\x80\":1}",  // 3 encoded surrogate in a key
      "{\"a\":\"\xC3\xA9\"}",            // 4 valid two-byte character
      "{\"a\":\"\xE2\x82\"}",            // 5 truncated sequence
  });
  ValidationResult r = run(schema, in.text);
  require_findings(r, {
                          {1, in.at(1), "", 0, ErrorType::encoding_error},
                          {2, in.at(2), "", 0, ErrorType::encoding_error},
                          {3, in.at(3), "", 0, ErrorType::encoding_error},
                          {5, in.at(5), "", 0, ErrorType::encoding_error},
                      });
  // The value shows each invalid byte as U+FFFD.
  CHECK(r.findings[0].value == "{\"a\":\"\xEF\xBF\xBD\"}");
  CHECK(r.total_rows == 5);
  CHECK(r.valid_rows == 1);
}

TEST_CASE("jsonl: a byte-order mark at the start is stripped", "[jsonl]") {
  Schema schema{{"a", Field::integer()}};
  SECTION("the first line is read after the mark; offsets count it") {
    // "\xEF\xBB\xBF" (3) + {"a":"x"} (9) + \n = 13 bytes before line 2.
    ValidationResult r = run(schema, "\xEF\xBB\xBF{\"a\":\"x\"}\n{\"a\":\"y\"}\n");
    require_findings(r, {{1, 3, "a", 1, ErrorType::type_error}, {2, 13, "a", 1, ErrorType::type_error}});
    CHECK(r.bytes_read == 23);
  }
  SECTION("a valid first line after the mark") {
    ValidationResult r = run(schema, "\xEF\xBB\xBF{\"a\":1}\n");
    CHECK(r.findings.empty());
    CHECK(r.total_rows == 1);
  }
  SECTION("a mark alone is an empty input") {
    ValidationResult r = run(schema, "\xEF\xBB\xBF");
    CHECK(r.total_rows == 0);
    CHECK(r.is_valid());
  }
  SECTION("a mark later in the file is not stripped") {
    ValidationResult r = run(schema, "{\"a\":1}\n\xEF\xBB\xBF{\"a\":1}\n");
    require_findings(r, {{2, 8, "", 0, ErrorType::malformed_json}});
  }
}

TEST_CASE("jsonl: CRLF line ends", "[jsonl]") {
  Schema schema{{"a", Field::integer()}};
  Lines in = join({R"({"a":1})", R"({"a":"x"})", R"({"a":1} x)", R"()", R"({"a":2})"}, "\r\n");
  ValidationResult r = run(schema, in.text);
  require_findings(r, {{2, in.at(2), "a", 1, ErrorType::type_error}, {3, in.at(3), "", 0, ErrorType::malformed_json}});
  CHECK(in.at(2) == 9);
  CHECK(r.total_rows == 4);
  // The carriage return is not part of the value.
  CHECK(r.findings[1].value == R"({"a":1} x)");
  CHECK(r.bytes_read == in.text.size());
}

TEST_CASE("jsonl: blank lines are skipped but counted as lines", "[jsonl]") {
  Schema schema{{"a", Field::integer()}};
  // Offsets: "\n" 0, "   \n" 1, {"a":"x"} 5, "\t\r\n" 15, "\n" 18, {"a":"y"} 19, "  " 29.
  std::string data = "\n   \n{\"a\":\"x\"}\n\t\r\n\n{\"a\":\"y\"}\n  ";
  ValidationResult r = run(schema, data);
  require_findings(r, {{3, 5, "a", 1, ErrorType::type_error}, {6, 19, "a", 1, ErrorType::type_error}});
  CHECK(r.total_rows == 2);
  CHECK(r.bytes_read == data.size());
}

TEST_CASE("jsonl: a last line without a newline is read", "[jsonl]") {
  Schema schema{{"a", Field::integer()}};
  ValidationResult r = run(schema, "{\"a\":1}\n{\"a\":\"x\"}");
  require_findings(r, {{2, 8, "a", 1, ErrorType::type_error}});
  CHECK(r.total_rows == 2);
  CHECK(r.bytes_read == 17);
}

TEST_CASE("jsonl: findings within a line come in schema order with byte offsets of the line", "[jsonl]") {
  Schema schema{{"a", Field::integer()}, {"b", Field::string().required()}, {"c", Field::boolean()}};
  Lines in = join({
      R"({"c":"no","b":1,"a":"x"})",  // keys in reverse order: findings still a, b, c
      R"({"a":1,"b":"ok"})",
      R"({"c":1})",
  });
  ValidationResult r = run(schema, in.text);
  require_findings(r, {
                          {1, 0, "a", 1, ErrorType::type_error},
                          {1, 0, "b", 2, ErrorType::type_error},
                          {1, 0, "c", 3, ErrorType::type_error},
                          {3, in.at(3), "b", 2, ErrorType::constraint_error, Constraint::required},
                          {3, in.at(3), "c", 3, ErrorType::type_error},
                      });
  CHECK(in.at(3) == 42);
  CHECK(r.invalid_rows == 2);
  CHECK(r.valid_rows == 1);
  REQUIRE(r.error_counts.size() == 4);
  CHECK(r.error_counts[0] == ErrorCount{"a", ErrorType::type_error, Constraint::none, 1});
  CHECK(r.error_counts[1] == ErrorCount{"b", ErrorType::type_error, Constraint::none, 1});
  CHECK(r.error_counts[2] == ErrorCount{"b", ErrorType::constraint_error, Constraint::required, 1});
  CHECK(r.error_counts[3] == ErrorCount{"c", ErrorType::type_error, Constraint::none, 2});
}

TEST_CASE("jsonl: max_findings keeps the first findings and complete counts", "[jsonl]") {
  Schema schema{{"a", Field::integer()}};
  Lines in = join({R"({"a":"1"})", R"({"a":"2"})", R"(x)", R"({"a":"3"})", R"({"a":"4"})"});
  ValidationResult r = run(schema, in.text, {}, 2);
  require_findings(r, {{1, 0, "a", 1, ErrorType::type_error}, {2, in.at(2), "a", 1, ErrorType::type_error}});
  CHECK(r.findings_truncated);
  CHECK(r.total_findings() == 5);
  CHECK(r.invalid_rows == 5);
}

// ---- whole-file rules -------------------------------------------------------------------------

TEST_CASE("jsonl: unique applies across lines, to typed values", "[jsonl]") {
  SECTION("integers") {
    Schema schema{{"id", Field::integer().unique()}};
    Lines in = join({
        R"({"id":1})",    // 1
        R"({"id":2})",    // 2
        R"({"id":1})",    // 3 repeats row 1
        R"({"id":"1"})",  // 4 type-error, not a unique value
        R"({"id":1.0})",  // 5 type-error
        R"({})",          // 6 missing: exempt
        R"({"id":null})", // 7 missing: exempt
        R"({"id":2})",    // 8 repeats row 2
    });
    ValidationResult r = run(schema, in.text);
    require_findings(r, {
                            {3, in.at(3), "id", 1, ErrorType::unique_error, Constraint::unique},
                            {4, in.at(4), "id", 1, ErrorType::type_error},
                            {5, in.at(5), "id", 1, ErrorType::type_error},
                            {8, in.at(8), "id", 1, ErrorType::unique_error, Constraint::unique},
                        });
    CHECK(r.findings[0].message == "id: 1 repeats the value of row 1");
    CHECK(r.findings[3].message == "id: 2 repeats the value of row 2");
    CHECK(r.total_rows == 8);
    CHECK(r.invalid_rows == 4);
  }
  SECTION("numbers compare by value") {
    Schema schema{{"x", Field::number().unique()}};
    ValidationResult r = run(schema, "{\"x\":1}\n{\"x\":1.0}\n{\"x\":10e-1}\n{\"x\":2}\n");
    require_findings(r, {{2, 8, "x", 1, ErrorType::unique_error, Constraint::unique},
                         {3, 18, "x", 1, ErrorType::unique_error, Constraint::unique}});
  }
  SECTION("strings compare after unescaping") {
    Schema schema{{"s", Field::string().unique()}};
    ValidationResult r = run(schema, "{\"s\":\"a\"}\n{\"s\":\"\\u0061\"}\n{\"s\":\"A\"}\n");
    require_findings(r, {{2, 10, "s", 1, ErrorType::unique_error, Constraint::unique}});
    CHECK(r.findings[0].value == "a");
  }
}

TEST_CASE("jsonl: primary keys across lines", "[jsonl]") {
  SECTION("composite") {
    Schema schema{{"a", Field::integer()}, {"b", Field::string()}};
    schema.primary_key({"a", "b"});
    Lines in = join({
        R"({"a":1,"b":"x"})",  // 1
        R"({"a":1,"b":"y"})",  // 2
        R"({"b":"x","a":1})",  // 3 repeats row 1
        R"({"a":1})",          // 4 b is required by the key
        R"({"a":2,"b":"x"})",  // 5
    });
    ValidationResult r = run(schema, in.text);
    require_findings(r, {
                            {3, in.at(3), "a", 1, ErrorType::primary_key_error, Constraint::none},
                            {4, in.at(4), "b", 2, ErrorType::constraint_error, Constraint::required},
                        });
    CHECK_THAT(r.findings[0].message, Contains("repeats row 1"));
    CHECK(r.invalid_rows == 2);
  }
  SECTION("single field") {
    Schema schema{{"id", Field::string()}};
    schema.primary_key({"id"});
    ValidationResult r = run(schema, "{\"id\":\"k\"}\n{\"id\":\"k\"}\n{}\n");
    require_findings(r, {{2, 11, "id", 1, ErrorType::unique_error, Constraint::unique},
                         {3, 22, "id", 1, ErrorType::constraint_error, Constraint::required}});
  }
}

// ---- limits -----------------------------------------------------------------------------------

TEST_CASE("jsonl: deep nesting near the depth limit does not crash", "[jsonl]") {
  Schema schema{{"a", Field::integer().required()}, {"deep", Field::any()}};
  auto nested_arrays = [](std::size_t depth) { return repeat("[", depth) + repeat("]", depth); };
  SECTION("deep values in an unrelated key") {
    // Depth counts the enclosing object: 1 + 500 arrays.
    std::string ok = "{\"a\":1,\"z\":" + nested_arrays(500) + "}";
    std::string too_deep = "{\"a\":1,\"z\":" + nested_arrays(5000) + "}";
    std::string unclosed = "{\"a\":1,\"z\":" + repeat("[", 100000);
    Lines in = join({ok, too_deep, unclosed, R"({"a":"x"})"});
    ValidationResult r = run(schema, in.text);
    require_findings(r, {{2, in.at(2), "", 0, ErrorType::malformed_json},
                         {3, in.at(3), "", 0, ErrorType::malformed_json},
                         {4, in.at(4), "a", 1, ErrorType::type_error}});
  }
  SECTION("deep values in an any field") {
    std::string ok = "{\"a\":1,\"deep\":" + nested_arrays(500) + "}";
    std::string objects = "{\"a\":1,\"deep\":" + repeat("{\"k\":", 500) + "1" + repeat("}", 500) + "}";
    std::string too_deep = "{\"a\":1,\"deep\":" + nested_arrays(5000) + "}";
    Lines in = join({ok, objects, too_deep, R"({"a":2})"});
    ValidationResult r = run(schema, in.text);
    require_findings(r, {{3, in.at(3), "", 0, ErrorType::malformed_json}});
  }
  SECTION("every depth around simdjson's limit of 1024 is either accepted or malformed") {
    for (std::size_t depth = 1015; depth <= 1030; ++depth) {
      INFO("depth " << depth);
      const std::string unrelated = "{\"a\":1,\"z\":" + nested_arrays(depth) + "}";
      const std::string in_any = "{\"a\":1,\"deep\":" + repeat("{\"k\":", depth) + "1" + repeat("}", depth) + "}";
      const std::string root = nested_arrays(depth);
      Lines in = join({unrelated, in_any, root, R"({"a":"x"})"});
      ValidationResult r = run(schema, in.text);
      CHECK(r.total_rows == 4);
      REQUIRE(!r.findings.empty());
      for (const Finding& f : r.findings) {
        if (f.line == 1 || f.line == 2) CHECK(f.type == ErrorType::malformed_json);
        if (f.line == 3) CHECK((f.type == ErrorType::malformed_json || f.type == ErrorType::not_an_object));
      }
      CHECK(r.findings.back().line == 4);
      CHECK(r.findings.back().type == ErrorType::type_error);
    }
  }
  SECTION("a deep line that is not an object") {
    Lines in = join({nested_arrays(100), nested_arrays(100000), repeat("[", 100000), R"({"a":1})"});
    ValidationResult r = run(schema, in.text);
    REQUIRE(r.findings.size() == 3);
    CHECK(r.findings[0].type == ErrorType::not_an_object);
    CHECK(r.findings[1].line == 2);
    CHECK(r.findings[1].type == ErrorType::malformed_json);
    CHECK(r.findings[2].line == 3);
    CHECK(r.findings[2].type == ErrorType::malformed_json);
    CHECK(r.total_rows == 4);
    CHECK(r.valid_rows == 1);
  }
}

TEST_CASE("jsonl: lines longer than max_record_bytes are record-too-large", "[jsonl]") {
  Schema schema{{"s", Field::string()}};
  Dialect dialect;
  dialect.max_record_bytes = 64;
  // {"s":"...."} has 8 bytes around the string.
  std::string at_limit = "{\"s\":\"" + std::string(56, 'a') + "\"}";
  std::string over = "{\"s\":\"" + std::string(57, 'b') + "\"}";
  std::string long_line = "{\"s\":\"" + std::string(200, 'c') + "\"}";
  REQUIRE(at_limit.size() == 64);
  REQUIRE(over.size() == 65);
  Lines in = join({at_limit, over, long_line, R"({"s":1})"});
  ValidationResult r = run(schema, in.text, dialect);
  require_findings(r, {{2, in.at(2), "", 0, ErrorType::record_too_large},
                       {3, in.at(3), "", 0, ErrorType::record_too_large},
                       {4, in.at(4), "s", 1, ErrorType::type_error}});
  CHECK_THAT(r.findings[0].message, Contains("65") && Contains("64"));
  CHECK(r.findings[1].value == long_line.substr(0, 80));
  CHECK(r.total_rows == 4);
  CHECK(r.valid_rows == 1);
}

TEST_CASE("jsonl: a long line under the default limit is checked", "[jsonl]") {
  Schema schema{{"s", Field::string().max_length(1'000'000)}, {"n", Field::integer()}};
  std::string big(1'000'001, 'x');
  std::string data = "{\"n\":1,\"s\":\"" + std::string(999'999, 'y') + "\"}\n{\"s\":\"" + big + "\",\"n\":\"z\"}\n";
  ValidationResult r = run(schema, data);
  require_findings(r, {{2, 1'000'014, "s", 1, ErrorType::constraint_error, Constraint::max_length},
                       {2, 1'000'014, "n", 2, ErrorType::type_error}});
  // The value is cut to 80 bytes.
  CHECK(r.findings[0].value == std::string(80, 'x'));
}
