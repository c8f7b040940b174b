// CSV and TSV validation end to end through Validator::validate_buffer: every type and rule,
// missing values, every CSV finding with its row, line, byte, field and value, header binding in
// every fieldsMatch mode, and the result's counts. Expected values are worked out by hand from the
// Table Schema / Table Dialect semantics, never taken from the code under test.
#include <catch2/catch.hpp>

#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "support.hpp"
#include "rowguard/dialect.hpp"
#include "rowguard/plan.hpp"
#include "rowguard/result.hpp"
#include "rowguard/schema.hpp"
#include "rowguard/validator.hpp"

using namespace rowguard;
using namespace rowguard::test;

namespace {

ValidationResult validate(const Schema& schema, std::string_view data, const Dialect& dialect = {},
                          std::size_t max_findings = 1000, Format format = Format::csv) {
  Validator v(compile(schema, dialect), ValidateOptions{format, max_findings});
  return v.validate_buffer(data, format);
}



const Finding& only_finding(const ValidationResult& r) {
  REQUIRE(r.findings.size() == 1);
  return r.findings[0];
}

}  // namespace

// ---- types --------------------------------------------------------------------------------------

TEST_CASE("csv: string formats email, uri, uuid, binary", "[csv]") {
  Schema s{{"e", Field::string().format("email")},
           {"u", Field::string().format("uri")},
           {"id", Field::string().format("uuid")},
           {"bin", Field::string().format("binary")}};
  std::string data =
      "e,u,id,bin\n"
      "a@b.co,https://x.org/a?b=1,123e4567-e89b-12d3-a456-426614174000,aGVsbG8=\n"
      "not-an-email,no scheme,123e4567e89b12d3a456426614174000,aGVsbG8\n"
      "a@b,1http://x,123e4567-e89b-12d3-a456-42661417400g,aGVs bG8=\n"
      ",mailto:a@b.co,,\n";
  ValidationResult r = validate(s, data);
  CHECK(brief(r) == Strings{"3,1,type-error", "3,2,type-error", "3,3,type-error", "3,4,type-error",
                            "4,1,type-error", "4,2,type-error", "4,3,type-error", "4,4,type-error"});
  REQUIRE(r.findings.size() == 8);
  CHECK(r.findings[0].message == "e: \"not-an-email\" is not an email address");
  CHECK(r.findings[1].message == "u: \"no scheme\" is not a URI");
  CHECK(r.findings[2].message == "id: \"123e4567e89b12d3a456426614174000\" is not a UUID");
  CHECK(r.findings[3].message == "bin: \"aGVsbG8\" is not base64 binary data");
  CHECK(r.total_rows == 4);
  CHECK(r.valid_rows == 2);
  CHECK(r.invalid_rows == 2);
}

TEST_CASE("csv: integers, with 64-bit overflow as a type error", "[csv]") {
  Schema s{{"n", Field::integer()}};
  std::string data =
      "n\n"
      "42\n-7\n+3\n0\n9223372036854775807\n-9223372036854775808\n"  // rows 2-7 valid
      "9223372036854775808\n"                                         // row 8
      "-9223372036854775809\n"                                        // row 9
      "1.0\n"                                                         // row 10
      "abc\n"                                                         // row 11
      "1e3\n";                                                        // row 12
  ValidationResult r = validate(s, data);
  CHECK(brief(r) == Strings{"8,1,type-error", "9,1,type-error", "10,1,type-error", "11,1,type-error",
                            "12,1,type-error"});
  REQUIRE(r.findings.size() == 5);
  // Numbers in numeric fields are shown unquoted; text that is not a number is quoted.
  CHECK(r.findings[0].message == "n: 9223372036854775808 is outside the 64-bit integer range");
  CHECK(r.findings[0].value == "9223372036854775808");
  CHECK(r.findings[1].message == "n: -9223372036854775809 is outside the 64-bit integer range");
  CHECK(r.findings[2].message == "n: 1.0 is not an integer");
  CHECK(r.findings[3].message == "n: \"abc\" is not an integer");
  CHECK(r.valid_rows == 6);
  CHECK(r.invalid_rows == 5);
}

TEST_CASE("csv: numbers, NaN and infinities", "[csv]") {
  Schema s{{"x", Field::number()}};
  std::string data =
      "x\n"
      "1.5\n-2e3\n0\n-0.25\nNaN\nINF\n-INF\n+INF\n"  // rows 2-9 valid
      "1,5\n"                                        // row 10: unquoted, so two cells
      "abc\n"                                        // row 11
      "\"1,5\"\n";                                   // row 12: the default decimal is '.'
  ValidationResult r = validate(s, data);
  CHECK(brief(r) == Strings{"10,2,extra-cell", "11,1,type-error", "12,1,type-error"});
  REQUIRE(r.findings.size() == 3);
  CHECK(r.findings[1].message == "x: \"abc\" is not a number");
  CHECK(r.findings[2].value == "1,5");
  CHECK(r.total_rows == 11);
}

TEST_CASE("csv: a non-number is quoted in its message even when it is made of number characters", "[csv]") {
  Schema s{{"x", Field::number()}, {"n", Field::integer()}};
  ValidationResult r = validate(s, "x,n\n1e,1.5\n1e+,2e3\n1.2.3,99999999999999999999\ne5,+\n");
  std::vector<std::string> messages;
  for (const Finding& f : r.findings) messages.push_back(f.message);
  CHECK(messages == std::vector<std::string>{
                        "x: \"1e\" is not a number", "n: 1.5 is not an integer", "x: \"1e+\" is not a number",
                        "n: 2e3 is not an integer", "x: \"1.2.3\" is not a number",
                        "n: 99999999999999999999 is outside the 64-bit integer range", "x: \"e5\" is not a number",
                        "n: \"+\" is not an integer"});
}

TEST_CASE("csv: decimalChar, groupChar and bareNumber", "[csv]") {
  SECTION("decimalChar") {
    Schema s{{"x", Field::number().decimal_char(",")}};
    ValidationResult r = validate(s, "x\n\"1,5\"\n\"-0,25\"\n1.5\n");
    CHECK(brief(r) == Strings{"4,1,type-error"});
  }
  SECTION("groupChar on integers") {
    Schema s{{"n", Field::integer().group_char(",").max(1'500'000)}};
    ValidationResult r = validate(s, "n\n\"1,000\"\n\"1,000,000\"\n\"2,000,000\"\n1.5\n");
    CHECK(brief(r) == Strings{"4,1,constraint-error,maximum", "5,1,type-error"});
  }
  SECTION("groupChar and decimalChar together on numbers") {
    Schema s{{"n", Field::number().group_char(".").decimal_char(",").min(1000)}};
    ValidationResult r = validate(s, "n\n\"1.234,5\"\n\"999,9\"\n");
    CHECK(brief(r) == Strings{"3,1,constraint-error,minimum"});
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].message == "n: 999,9 is below the minimum 1000");
  }
  SECTION("bareNumber false ignores surrounding text") {
    Schema s{{"n", Field::number().bare_number(false).max(10)}};
    ValidationResult r = validate(s, "n\n$5\n12%\n\xE2\x82\xAC 3.50\nabc\n");
    CHECK(brief(r) == Strings{"3,1,constraint-error,maximum", "5,1,type-error"});
  }
  SECTION("bareNumber true (the default) rejects surrounding text") {
    Schema s{{"n", Field::number()}, {"i", Field::integer()}};
    ValidationResult r = validate(s, "n,i\n$5,5%\n");
    CHECK(brief(r) == Strings{"2,1,type-error", "2,2,type-error"});
  }
}

TEST_CASE("csv: booleans with default and custom true/false values", "[csv]") {
  SECTION("defaults") {
    Schema s{{"b", Field::boolean()}};
    ValidationResult r = validate(s, "b\ntrue\nTrue\nTRUE\n1\nfalse\nFalse\nFALSE\n0\nyes\n\ntRUE\n");
    // Row 11 is an empty line: a blank row, not a missing boolean.
    CHECK(brief(r) == Strings{"10,1,type-error", "11,0,blank-row", "12,1,type-error"});
    REQUIRE(r.findings.size() == 3);
    CHECK(r.findings[0].message ==
          "b: \"yes\" is not a boolean (true: true, True, TRUE, 1; false: false, False, FALSE, 0)");
  }
  SECTION("custom values replace the defaults") {
    Schema s{{"b", Field::boolean().true_values({"Y", "yes"}).false_values({"N"})}};
    ValidationResult r = validate(s, "b\nY\nyes\nN\ntrue\n0\n");
    CHECK(brief(r) == Strings{"5,1,type-error", "6,1,type-error"});
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].message == "b: \"true\" is not a boolean (true: Y, yes; false: N)");
  }
}

TEST_CASE("csv: dates in the default and a custom format", "[csv]") {
  SECTION("default YYYY-MM-DD") {
    Schema s{{"d", Field::date()}};
    ValidationResult r = validate(s, "d\n2024-02-29\n2023-02-29\n2024-1-01\n01/02/2024\n2024-12-31\n2024-04-31\n");
    CHECK(brief(r) == Strings{"3,1,type-error", "4,1,type-error", "5,1,type-error", "7,1,type-error"});
    REQUIRE(r.findings.size() == 4);
    CHECK(r.findings[0].message == "d: \"2023-02-29\" is not a date in the format YYYY-MM-DD");
  }
  SECTION("%d/%m/%Y") {
    Schema s{{"d", Field::date().format("%d/%m/%Y")}};
    ValidationResult r = validate(s, "d\n31/12/2024\n2024-12-31\n31/13/2024\n29/02/2023\n29/02/2024\n");
    CHECK(brief(r) == Strings{"3,1,type-error", "4,1,type-error", "5,1,type-error"});
    REQUIRE(r.findings.size() == 3);
    CHECK(r.findings[0].message == "d: \"2024-12-31\" is not a date in the format %d/%m/%Y");
  }
}

TEST_CASE("csv: datetimes in the default format and with offsets", "[csv]") {
  SECTION("RFC 3339") {
    Schema s{{"t", Field::datetime()}};
    ValidationResult r = validate(s,
                                  "t\n"
                                  "2024-01-01T10:00:00Z\n"       // 2
                                  "2024-01-01T10:00:00+02:00\n"  // 3
                                  "2024-01-01T10:00:00.123Z\n"   // 4
                                  "2024-01-01T10:00:00\n"        // 5: no offset, taken as UTC
                                  "2024-01-01\n"                 // 6
                                  "2024-01-01T25:00:00Z\n"       // 7
                                  "yesterday\n");                // 8
    CHECK(brief(r) == Strings{"6,1,type-error", "7,1,type-error", "8,1,type-error"});
    REQUIRE(r.findings.size() == 3);
    CHECK(r.findings[0].message ==
          "t: \"2024-01-01\" is not a datetime in the format YYYY-MM-DDThh:mm:ss[.f][Z|+hh:mm]");
  }
  SECTION("a custom format with an offset, compared in UTC") {
    Schema s{{"t", Field::datetime().format("%Y-%m-%d %H:%M:%S%z").min("2024-01-01T00:00:00Z")}};
    ValidationResult r = validate(s,
                                  "t\n"
                                  "2024-01-01 02:00:00+0200\n"   // 2: exactly the minimum
                                  "2024-01-01 01:00:00+0200\n"   // 3: 2023-12-31T23:00Z
                                  "2024-01-01 00:30:00-0100\n"   // 4: 01:30Z
                                  "2024-01-01 10:00:00\n");      // 5: the format needs an offset
    CHECK(brief(r) == Strings{"3,1,constraint-error,minimum", "5,1,type-error"});
  }
}

TEST_CASE("csv: any accepts every value", "[csv]") {
  Schema s{{"a", Field::any()}, {"r", Field::any().required()}};
  ValidationResult r = validate(s, "a,r\nx,1\n,2024-01-01\n\"\",\"\"\"\"\n1,\n");
  CHECK(brief(r) == Strings{"5,2,constraint-error,required"});
  CHECK(r.valid_rows == 3);
}

// ---- rules --------------------------------------------------------------------------------------

TEST_CASE("csv: required", "[csv]") {
  Schema s{{"id", Field::integer().required()}, {"name", Field::string().required()}};
  ValidationResult r = validate(s, "id,name\n1,a\n,b\n2,\"\"\n");
  CHECK(brief(r) == Strings{"3,1,constraint-error,required", "4,2,constraint-error,required"});
  REQUIRE(r.findings.size() == 2);
  CHECK(r.findings[0].message == "id: a value is required");
  CHECK(r.findings[0].value == "");
  CHECK(r.findings[0].field == "id");
}

TEST_CASE("csv: integer minimum, maximum and exclusive bounds", "[csv]") {
  Schema s{{"a", Field::integer().min(1).max(10)}, {"b", Field::integer().exclusive_min(0).exclusive_max(10)}};
  ValidationResult r = validate(s, "a,b\n1,1\n10,9\n0,0\n11,10\n");
  CHECK(brief(r) == Strings{"4,1,constraint-error,minimum", "4,2,constraint-error,exclusiveMinimum",
                            "5,1,constraint-error,maximum", "5,2,constraint-error,exclusiveMaximum"});
  REQUIRE(r.findings.size() == 4);
  CHECK(r.findings[0].message == "a: 0 is below the minimum 1");
  CHECK(r.findings[1].message == "b: 0 is not above the exclusive minimum 0");
  CHECK(r.findings[2].message == "a: 11 is above the maximum 10");
  CHECK(r.findings[3].message == "b: 10 is not below the exclusive maximum 10");
}

TEST_CASE("csv: number bounds, NaN and infinities", "[csv]") {
  Schema s{{"amount", Field::number().required().min(0.01).max(1'000'000.0)},
           {"p", Field::number().exclusive_min(0.0)}};
  ValidationResult r = validate(s,
                                "amount,p\n"
                                "0.01,0.0001\n"     // 2
                                "-3.5,0\n"          // 3
                                "1000000,-0\n"      // 4
                                "1000000.5,1\n"     // 5
                                "NaN,INF\n"         // 6: NaN is outside every bound
                                "INF,-INF\n"        // 7
                                "-INF,1e-300\n");   // 8
  CHECK(brief(r) == Strings{"3,1,constraint-error,minimum", "3,2,constraint-error,exclusiveMinimum",
                            "4,2,constraint-error,exclusiveMinimum", "5,1,constraint-error,maximum",
                            "6,1,constraint-error,minimum", "6,1,constraint-error,maximum",
                            "7,1,constraint-error,maximum", "7,2,constraint-error,exclusiveMinimum",
                            "8,1,constraint-error,minimum"});
  REQUIRE(!r.findings.empty());
  CHECK(r.findings[0].message == "amount: -3.5 is below the minimum 0.01");
  CHECK(r.findings[0].value == "-3.5");
  CHECK(r.valid_rows == 1);
}

TEST_CASE("csv: date and datetime bounds", "[csv]") {
  SECTION("dates") {
    Schema s{{"d", Field::date().min("2024-01-01").max("2024-12-31")},
             {"e", Field::date().format("%d/%m/%Y").min("2024-01-01").exclusive_max("2024-12-31")}};
    ValidationResult r = validate(s,
                                  "d,e\n"
                                  "2024-01-01,01/01/2024\n"   // 2
                                  "2023-12-31,31/12/2023\n"   // 3
                                  "2025-01-01,31/12/2024\n"   // 4
                                  "2024-12-31,30/12/2024\n");  // 5
    CHECK(brief(r) == Strings{"3,1,constraint-error,minimum", "3,2,constraint-error,minimum",
                              "4,1,constraint-error,maximum", "4,2,constraint-error,exclusiveMaximum"});
    REQUIRE(r.findings.size() == 4);
    CHECK(r.findings[0].message == "d: \"2023-12-31\" is below the minimum 2024-01-01");
  }
  SECTION("datetimes compare as instants") {
    Schema s{{"t", Field::datetime().max("2024-01-01T00:00:00Z")},
             {"u", Field::datetime().exclusive_min("2024-01-01T00:00:00Z")}};
    ValidationResult r = validate(s,
                                  "t,u\n"
                                  "2024-01-01T01:00:00+01:00,2024-01-01T00:00:01Z\n"  // 2: t equals max
                                  "2024-01-01T00:00:01Z,2024-01-01T01:00:00+01:00\n"  // 3: u equals bound
                                  "2023-12-31T23:59:59-00:01,2023-12-31T23:00:00-02:00\n");  // 4
    CHECK(brief(r) == Strings{"3,1,constraint-error,maximum", "3,2,constraint-error,exclusiveMinimum",
                              "4,1,constraint-error,maximum"});
  }
}

TEST_CASE("csv: minLength and maxLength count code points", "[csv]") {
  Schema s{{"s", Field::string().min_length(2).max_length(4)}};
  ValidationResult r = validate(s, "s\n\xC5\xBC\xC3\xB3\xC5\x82w\n\xC5\xBC\xC3\xB3\xC5\x82wy\n\xC5\xBC\nab\n\n");
  // "żółw" is 4 code points (7 bytes); "żółwy" 5; "ż" 1. The empty line is a blank row.
  CHECK(brief(r) == Strings{"3,1,constraint-error,maxLength", "4,1,constraint-error,minLength", "6,0,blank-row"});
  REQUIRE(r.findings.size() == 3);
  CHECK(r.findings[0].message == "s: \"\xC5\xBC\xC3\xB3\xC5\x82wy\" has 5 characters, more than the maximum length 4");
  CHECK(r.findings[0].value == "\xC5\xBC\xC3\xB3\xC5\x82wy");
}

TEST_CASE("csv: pattern must match the whole value", "[csv]") {
  Schema s{{"p", Field::string().pattern(R"([a-z]+\d)")}, {"q", Field::string().pattern("a|bc")}};
  ValidationResult r = validate(s,
                                "p,q\n"
                                "abc1,a\n"    // 2
                                "abc12,bc\n"  // 3
                                "1abc1,abc\n"  // 4
                                "xabc1x,ab\n");  // 5
  CHECK(brief(r) == Strings{"3,1,constraint-error,pattern", "4,1,constraint-error,pattern",
                            "4,2,constraint-error,pattern", "5,1,constraint-error,pattern",
                            "5,2,constraint-error,pattern"});
  REQUIRE(!r.findings.empty());
  CHECK(r.findings[0].message == "p: \"abc12\" does not match the pattern [a-z]+\\d");
}

TEST_CASE("csv: enum compares typed values", "[csv]") {
  SECTION("integer") {
    Schema s{{"n", Field::integer().one_of({1, 2})}};
    ValidationResult r = validate(s, "n\n01\n2\n+1\n3\n");
    CHECK(brief(r) == Strings{"5,1,constraint-error,enum"});
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].message == "n: 3 is not one of: 1, 2");
  }
  SECTION("string, case-sensitive") {
    Schema s{{"s", Field::string().one_of({"a", "b"})}};
    ValidationResult r = validate(s, "s\na\nA\nb\n");
    CHECK(brief(r) == Strings{"3,1,constraint-error,enum"});
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].message == "s: \"A\" is not one of: a, b");
  }
  SECTION("number, boolean, date, datetime") {
    Schema s{{"x", Field::number().one_of({1.5, 2})},
             {"b", Field::boolean().one_of({true})},
             {"d", Field::date().one_of({"2024-01-01"})},
             {"t", Field::datetime().one_of({"2024-01-01T00:00:00Z"})}};
    ValidationResult r = validate(s,
                                  "x,b,d,t\n"
                                  "1.50,1,2024-01-01,2024-01-01T02:00:00+02:00\n"  // 2: all equal
                                  "2.0,TRUE,2024-01-01,2024-01-01T00:00:00Z\n"     // 3
                                  "2.5,false,2024-01-02,2024-01-01T00:00:00+01:00\n");  // 4
    CHECK(brief(r) == Strings{"4,1,constraint-error,enum", "4,2,constraint-error,enum", "4,3,constraint-error,enum",
                              "4,4,constraint-error,enum"});
  }
}

TEST_CASE("csv: a cell's findings come in rule order; a type error stands alone", "[csv]") {
  Schema s{{"n", Field::integer().one_of({100}).min(10).exclusive_min(5)},
           {"m", Field::integer().one_of({1}).max(10).exclusive_max(20)},
           {"s", Field::string().one_of({"abcdef"}).max_length(3).pattern("x.*")}};
  ValidationResult r = validate(s, "n,m,s\n1,25,abcdefg\nx,y,abc\n");
  CHECK(brief(r) == Strings{"2,1,constraint-error,enum", "2,1,constraint-error,minimum",
                            "2,1,constraint-error,exclusiveMinimum", "2,2,constraint-error,enum",
                            "2,2,constraint-error,maximum", "2,2,constraint-error,exclusiveMaximum",
                            "2,3,constraint-error,enum", "2,3,constraint-error,maxLength",
                            "2,3,constraint-error,pattern", "3,1,type-error", "3,2,type-error",
                            "3,3,constraint-error,enum", "3,3,constraint-error,pattern"});
  CHECK(r.invalid_rows == 2);
}

// ---- missing values -----------------------------------------------------------------------------

TEST_CASE("csv: missing values at schema and field level", "[csv]") {
  SECTION("a missing value fails only required") {
    Schema s{{"n", Field::integer().min(5)}, {"s", Field::string().min_length(3).pattern("z+")}};
    ValidationResult r = validate(s, "n,s\n,\n\"\",\"\"\n");
    // Both rows have only empty cells: they are blank rows, not checked cell by cell.
    CHECK(brief(r) == Strings{"2,0,blank-row", "3,0,blank-row"});
    ValidationResult r2 = validate(Schema{{"id", Field::string()}, {"n", Field::integer().min(5)},
                                          {"s", Field::string().min_length(3)}},
                                   "id,n,s\na,,\n");
    CHECK(r2.is_valid());
  }
  SECTION("schema-level NA replaces the empty string") {
    Schema s{{"n", Field::integer().required()}, {"s", Field::string()}};
    s.missing_values({"NA"});
    ValidationResult r = validate(s, "n,s\nNA,NA\n,x\n1,\n");
    // Row 3: "" is no longer missing, so it is not an integer; row 4: "" is a valid string.
    CHECK(brief(r) == Strings{"2,1,constraint-error,required", "3,1,type-error"});
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].value == "NA");
    CHECK(r.findings[0].message == "n: a value is required");
    CHECK(r.findings[1].message == "n: \"\" is not an integer");
  }
  SECTION("field-level list overrides the schema's") {
    Schema s{{"a", Field::integer().required()}, {"m", Field::integer().required().missing_values({"-"})}};
    s.missing_values({"NA", ""});
    ValidationResult r = validate(s, "a,m\nNA,-\n1,NA\n,\n");
    CHECK(brief(r) == Strings{"2,1,constraint-error,required", "2,2,constraint-error,required", "3,2,type-error",
                              "4,0,blank-row"});
  }
}

TEST_CASE("csv: valid-looking rows around every way a row can hold a finding", "[csv]") {
  // Most rows are decided in one pass over their cells that reports nothing; each row below
  // differs from a valid one in one way that pass must not accept, between valid rows.
  Schema s{{"id", Field::string().pattern(R"(TX\d{4})").required()},
           {"name", Field::string().min_length(5)},
           {"n", Field::number().min(-1000).max(100).required()},
           {"at", Field::datetime()}};
  s.missing_values({"NA", "-999"});
  const std::string header = "id,name,n,at,extra\n";
  std::string data = header +
      "TX0001,abcde,1.5,2024-01-01T00:00:00Z,x\n"          // 2: valid
      "TX0002,\"ab\"\"cdef\",2,2024-01-01T00:00:00Z,x\n"   // 3: quoted, decodes to ab"cdef: valid
      "TX0003,\"a\"\"b\",3,2024-01-01T00:00:00Z,x\n"       // 4: raw "a""b" is 6 bytes, a"b is 3: minLength
      "TX0004,abcde,NA,2024-01-01T00:00:00Z,x\n"           // 5: NA is missing: required
      "TX0005,abcde,-999,2024-01-01T00:00:00Z,x\n"         // 6: a number within bounds, but missing
      "TX0006,abcde,,2024-01-01T00:00:00Z,x\n"             // 7: "" is not missing here: not a number
      "TX0007,abcde,5,2024-01-01T00:00:00Z\n"              // 8: a cell short
      "TX0008,abcde,5,2024-01-01T00:00:00Z,x,y\n"          // 9: a cell over
      "TX0009,abcde,500,2024-02-30T00:00:00Z,x\n"          // 10: maximum, not a datetime
      "\"TX0010\",abcde,5,2024-01-01T00:00:00Z,x\n"        // 11: quoted, decodes to a match: valid
      "TX0011,abcde,5,2024-01-01T00:00:00Z,x\n";           // 12: valid
  ValidationResult r = validate(s, data);
  // The header has a label the schema lacks (fieldsMatch exact).
  CHECK(brief(r) == Strings{"1,5,extra-label", "4,2,constraint-error,minLength", "5,3,constraint-error,required",
                            "6,3,constraint-error,required", "7,3,type-error", "8,5,missing-cell", "9,6,extra-cell",
                            "10,3,constraint-error,maximum", "10,4,type-error"});
  CHECK(r.total_rows == 11);
  CHECK(r.invalid_rows == 7);

  // Bytes that are not UTF-8 in a column no field checks.
  ValidationResult bad = validate(s, header +
                                         "TX0001,abcde,1.5,2024-01-01T00:00:00Z,x\n"
                                         "TX0002,abcde,1.5,2024-01-01T00:00:00Z,\xff\n");
  CHECK(brief(bad) == Strings{"1,5,extra-label", "3,5,encoding-error"});
}

// ---- finding positions --------------------------------------------------------------------------

TEST_CASE("csv: row, line, byte, field and value of findings after multi-line records", "[csv]") {
  Schema s{{"id", Field::integer()}, {"note", Field::string()}, {"amount", Field::number().min(0.01)}};
  std::string data =
      "id,note,amount\n"             // row 1, line 1, bytes 0-14
      "1,\"two\nlines\",5\n"         // row 2, lines 2-3, bytes 15-30
      "2,x,-3.5\n"                   // row 3, line 4, bytes 31-39
      "3,\"a\r\nb\",abc\n"           // row 4, lines 5-6 (CRLF inside counts once), bytes 40-52
      "4,\"q\"\"\nq\",0\n";          // row 5, lines 7-8, bytes 53-64
  ValidationResult r = validate(s, data);
  REQUIRE(r.findings.size() == 3);
  const Finding& a = r.findings[0];
  CHECK(a.row == 3);
  CHECK(a.line == 4);
  CHECK(a.byte == 31);
  CHECK(a.field == "amount");
  CHECK(a.field_number == 3);
  CHECK(a.type == ErrorType::constraint_error);
  CHECK(a.constraint == Constraint::minimum);
  CHECK(a.value == "-3.5");
  CHECK(a.message == "amount: -3.5 is below the minimum 0.01");
  const Finding& b = r.findings[1];
  CHECK(b.row == 4);
  CHECK(b.line == 5);
  CHECK(b.byte == 40);
  CHECK(b.type == ErrorType::type_error);
  CHECK(b.constraint == Constraint::none);
  CHECK(b.value == "abc");
  CHECK(b.message == "amount: \"abc\" is not a number");
  const Finding& c = r.findings[2];
  CHECK(c.row == 5);
  CHECK(c.line == 7);
  CHECK(c.byte == 53);
  CHECK(r.total_rows == 4);
  CHECK(r.valid_rows == 1);
  CHECK(r.invalid_rows == 3);
  CHECK(r.bytes_read == data.size());
}

TEST_CASE("csv: CRLF and lone-CR files", "[csv]") {
  Schema s{{"a", Field::integer().max(1)}};
  SECTION("CRLF") {
    ValidationResult r = validate(s, "a\r\n1\r\n2\r\n\"3\"\r\n");
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].row == 3);
    CHECK(r.findings[0].line == 3);
    CHECK(r.findings[0].byte == 6);
    CHECK(r.findings[1].row == 4);
    CHECK(r.findings[1].line == 4);
    CHECK(r.findings[1].byte == 9);
    CHECK(r.findings[1].value == "3");
  }
  SECTION("lone CR, with a lone CR inside quotes") {
    Schema p{{"a", Field::string().pattern("[a-z]")}};
    ValidationResult r = validate(p, "a\r\"x\ry\"\rz\rzz\r");
    // "a" CR: bytes 0-1; "x<CR>y" quoted: row 2, lines 2-3, bytes 2-7; "z": row 3, line 4, byte 8;
    // "zz": row 4, line 5, byte 10.
    CHECK(brief(r) == Strings{"2,1,constraint-error,pattern", "4,1,constraint-error,pattern"});
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].line == 2);
    CHECK(r.findings[0].byte == 2);
    CHECK(r.findings[0].value == "x\ry");
    CHECK(r.findings[1].line == 5);
    CHECK(r.findings[1].byte == 10);
  }
}

TEST_CASE("csv: a byte-order mark at the start is stripped and counted", "[csv]") {
  Schema s{{"id", Field::integer()}};
  SECTION("at the start") {
    ValidationResult r = validate(s, "\xEF\xBB\xBFid\n1\nx\n");
    // No incorrect-label: the first label is "id". Row 3 starts at byte 3 + 3 + 2.
    CHECK(brief(r) == Strings{"3,1,type-error"});
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].byte == 8);
    CHECK(r.findings[0].line == 3);
  }
  SECTION("elsewhere it is content") {
    ValidationResult r = validate(s, "id\n\xEF\xBB\xBF" "1\n");
    CHECK(brief(r) == Strings{"2,1,type-error"});
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].byte == 3);
  }
  SECTION("without a header the first row starts after it") {
    Dialect d;
    d.header = false;
    ValidationResult r = validate(s, "\xEF\xBB\xBFx\n", d);
    CHECK(brief(r) == Strings{"1,1,type-error"});
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].byte == 3);
    CHECK(r.findings[0].value == "x");
  }
  SECTION("a comment line right after it is still a comment") {
    Dialect d;
    d.comment_char = '#';
    ValidationResult r = validate(s, "\xEF\xBB\xBF#note\nid\nx\n", d);
    CHECK(brief(r) == Strings{"2,1,type-error"});
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].line == 3);
    CHECK(r.findings[0].byte == 12);
  }
  SECTION("on a header label it is found when it is not at the start") {
    ValidationResult r = validate(Schema{{"a", Field::string()}, {"id", Field::string()}}, "a,\xEF\xBB\xBFid\n");
    CHECK(brief(r) == Strings{"1,2,incorrect-label"});
  }
}

TEST_CASE("csv: comment lines take no row number", "[csv]") {
  Dialect d;
  d.comment_char = '#';
  Schema s{{"id", Field::integer()}};
  std::string data = "#c1\nid\n#c2 \"x\n1\n#c3\nx\n";
  // "#c1" bytes 0-3, "id" 4-6 (line 2), "#c2 \"x" 7-13, "1" 14-15 (line 4, row 2), "#c3" 16-19,
  // "x" at byte 20, line 6, row 3.
  ValidationResult r = validate(s, data, d);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].row == 3);
  CHECK(r.findings[0].line == 6);
  CHECK(r.findings[0].byte == 20);
  CHECK(r.total_rows == 2);
  // Without a comment character the lines are data: "#c1" is a wrong header label.
  ValidationResult plain = validate(s, data);
  CHECK(brief(plain).front() == "1,1,incorrect-label");
}

TEST_CASE("csv: blank rows, reported or skipped", "[csv]") {
  Schema s{{"a", Field::string().required()}, {"b", Field::integer()}};
  std::string data = "a,b\n1,2\n\n,\n\"\",\"\"\n3,x\n";
  SECTION("reported") {
    ValidationResult r = validate(s, data);
    // A blank row is only a blank-row finding: no required or missing-cell findings.
    CHECK(brief(r) == Strings{"3,0,blank-row", "4,0,blank-row", "5,0,blank-row", "6,2,type-error"});
    REQUIRE(r.findings.size() == 4);
    CHECK(r.findings[0].line == 3);
    CHECK(r.findings[0].byte == 8);
    CHECK(r.findings[0].field.empty());
    CHECK(r.findings[0].message == "the row is blank");
    CHECK(r.findings[3].line == 6);
    CHECK(r.total_rows == 5);
    CHECK(r.invalid_rows == 4);
  }
  SECTION("an empty last line is a blank row too") {
    ValidationResult r = validate(s, "a,b\n1,2\n\n");
    CHECK(brief(r) == Strings{"3,0,blank-row"});
  }
  SECTION("skipped: no row numbers taken") {
    Dialect d;
    d.skip_blank_rows = true;
    ValidationResult r = validate(s, data, d);
    CHECK(brief(r) == Strings{"3,2,type-error"});
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].line == 6);
    CHECK(r.findings[0].byte == 17);
    CHECK(r.total_rows == 2);
    CHECK(r.valid_rows == 1);
  }
}

TEST_CASE("csv: ragged rows give missing-cell and extra-cell findings", "[csv]") {
  Schema s{{"id", Field::integer()}, {"name", Field::string()}, {"age", Field::integer()}};
  ValidationResult r = validate(s, "id,name,age\n1\n2,b,3,x,\"y,z\"\nx,b\n");
  CHECK(brief(r) == Strings{"2,2,missing-cell", "2,3,missing-cell", "3,4,extra-cell", "3,5,extra-cell",
                            "4,1,type-error", "4,3,missing-cell"});
  REQUIRE(r.findings.size() == 6);
  CHECK(r.findings[0].field == "name");
  CHECK(r.findings[0].message == "name: the row has 1 cell, so cell 2 is missing");
  CHECK(r.findings[1].message == "age: the row has 1 cell, so cell 3 is missing");
  CHECK(r.findings[2].field.empty());
  CHECK(r.findings[2].value == "x");
  CHECK(r.findings[2].message == "cell 4 is beyond the 3 columns of the header");
  CHECK(r.findings[3].value == "y,z");
  CHECK(r.findings[5].message == "age: the row has 2 cells, so cell 3 is missing");
  CHECK(r.total_rows == 3);
  CHECK(r.invalid_rows == 3);
}

TEST_CASE("csv: files without a header", "[csv]") {
  Dialect d;
  d.header = false;
  Schema s{{"id", Field::integer()}, {"name", Field::string()}};
  ValidationResult r = validate(s, "1,a\n2\n3,b,c\nx,\"m\nn\"\ny,z\n", d);
  // The first record is row 1.
  CHECK(brief(r) == Strings{"2,2,missing-cell", "3,3,extra-cell", "4,1,type-error", "5,1,type-error"});
  REQUIRE(r.findings.size() == 4);
  CHECK(r.findings[0].line == 2);
  CHECK(r.findings[0].byte == 4);
  CHECK(r.findings[1].message == "cell 3 is beyond the 2 columns of the schema");
  CHECK(r.findings[3].line == 6);
  CHECK(r.findings[3].byte == 20);
  CHECK(r.total_rows == 5);
}

TEST_CASE("csv: unterminated quote and oversized records", "[csv]") {
  SECTION("unterminated quote at end of input") {
    Schema s{{"a", Field::string()}, {"b", Field::string()}};
    ValidationResult r = validate(s, "a,b\n1,2\n3,\"x\n4,5\n");
    const Finding& f = only_finding(r);
    CHECK(f.type == ErrorType::unterminated_quote);
    CHECK(f.row == 3);
    CHECK(f.line == 3);
    CHECK(f.byte == 8);
    CHECK(f.field_number == 0);
    CHECK(f.field.empty());
    CHECK(f.value.rfind("3,\"x", 0) == 0);
    CHECK(r.total_rows == 2);
    CHECK(r.invalid_rows == 1);
  }
  SECTION("record over max_record_bytes") {
    Dialect d;
    d.max_record_bytes = 10;
    Schema s{{"a", Field::string()}, {"b", Field::string()}};
    ValidationResult r = validate(s, "a,b\n1,2\n0123456789,x\n5,6\n", d);
    const Finding& f = only_finding(r);
    CHECK(f.type == ErrorType::record_too_large);
    CHECK(f.row == 3);
    CHECK(f.line == 3);
    CHECK(f.byte == 8);
    CHECK(f.field_number == 0);
    CHECK(f.message == "the record is 12 bytes, over the limit of 10 bytes");
    CHECK(r.total_rows == 3);
    CHECK(r.valid_rows == 2);
  }
}

TEST_CASE("csv: invalid UTF-8 in a cell is an encoding error for that cell", "[csv]") {
  Schema s{{"s", Field::string().pattern("z")}, {"n", Field::integer()}};
  ValidationResult r = validate(s, "s,n\n\xFF,1\nz,2\nz\xC3,x\n");
  CHECK(brief(r) == Strings{"2,1,encoding-error", "4,1,encoding-error", "4,2,type-error"});
  REQUIRE(r.findings.size() == 3);
  CHECK(r.findings[0].field == "s");
  CHECK(r.findings[0].value == "\xEF\xBF\xBD");
  CHECK(r.findings[0].message == "s: the value is not valid UTF-8 (byte 0xFF at position 1)");
  CHECK(r.findings[1].message == "s: the value is not valid UTF-8 (byte 0xC3 at position 2)");
  SECTION("also in a column no field is bound to") {
    Schema sub{{"s", Field::string()}};
    sub.fields_match(FieldsMatch::subset);
    ValidationResult u = validate(sub, "s,x\na,\xFE\n");
    CHECK(brief(u) == Strings{"2,2,encoding-error"});
    REQUIRE(u.findings.size() == 1);
    CHECK(u.findings[0].field == "x");
  }
}

TEST_CASE("csv: values are cut to 80 bytes on a character boundary", "[csv]") {
  Schema s{{"s", Field::string().max_length(3)}};
  std::string euros;
  for (int i = 0; i < 30; ++i) euros += "\xE2\x82\xAC";  // 90 bytes
  ValidationResult r = validate(s, "s\n" + std::string(100, 'x') + "\n" + euros + "\n");
  REQUIRE(r.findings.size() == 2);
  CHECK(r.findings[0].value == std::string(80, 'x'));
  CHECK(r.findings[1].value == euros.substr(0, 78));
}

TEST_CASE("csv: TSV", "[csv]") {
  Schema s{{"a", Field::string()}, {"b", Field::integer()}};
  ValidationResult r = validate(s, "a\tb\nx,y\t1\n\"p\tq\"\tz\n", {}, 1000, Format::tsv);
  CHECK(brief(r) == Strings{"3,2,type-error"});
  // The same bytes as CSV have a single column "a\tb".
  ValidationResult c = validate(s, "a\tb\nx,y\t1\n", {}, 1000, Format::csv);
  CHECK(brief(c) == Strings{"1,1,incorrect-label", "1,2,missing-label", "2,2,extra-cell"});
  // A dialect whose quote, escape or comment character is a tab cannot read TSV, whose delimiter
  // is the tab: every executor refuses it rather than misread it.
  for (int which = 0; which < 3; ++which) {
    INFO("tab as character " << which);
    Dialect d;
    if (which == 0) d.quote_char = '\t';
    if (which == 1) d.escape_char = '\t';
    if (which == 2) d.comment_char = '\t';
    const Plan plan = compile(s, d);
    CHECK_THROWS_AS(Validator(plan).validate_buffer("a\tb\n", Format::tsv), UsageError);
    std::istringstream in("a\tb\n");
    CHECK_THROWS_AS(StreamingValidator(plan).validate_stream(in, Format::tsv), UsageError);
    CHECK_THROWS_AS(DistributedValidator(plan).validate_buffer("a\tb\n", Format::tsv), UsageError);
    CHECK_NOTHROW(Validator(plan).validate_buffer("a,b\n", Format::csv));
  }
}

TEST_CASE("csv: dialect options reach validation", "[csv]") {
  Dialect d;
  d.delimiter = ';';
  d.quote_char = '\'';
  d.escape_char = '\\';
  d.skip_initial_space = true;
  Schema s{{"a", Field::string().max_length(3)}, {"b", Field::integer()}};
  ValidationResult r = validate(s, "a; b\n'x;y'; 1\nx\\;y;2\n  'abcd';3\n", d);
  CHECK(brief(r) == Strings{"4,1,constraint-error,maxLength"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].value == "abcd");
  Dialect nd;
  nd.double_quote = false;
  nd.escape_char = '\\';
  ValidationResult q = validate(Schema{{"a", Field::string().one_of({"x\"y"})}}, "a\n\"x\\\"y\"\n\"x\"\"y\"\n", nd);
  // Row 3 without doubleQuote reads as x"y" (the second quote ends the quoted part).
  CHECK(brief(q) == Strings{"3,1,constraint-error,enum"});
}

// ---- header -------------------------------------------------------------------------------------

TEST_CASE("csv: header checks with fieldsMatch exact", "[csv]") {
  Schema s{{"id", Field::integer()}, {"name", Field::string()}, {"age", Field::integer()}};
  SECTION("incorrect label") {
    ValidationResult r = validate(s, "id,nam,age\n1,a,x\n");
    CHECK(brief(r) == Strings{"1,2,incorrect-label", "2,3,type-error"});
    REQUIRE(r.findings.size() == 2);
    const Finding& f = r.findings[0];
    CHECK(f.field == "name");
    CHECK(f.value == "nam");
    CHECK(f.line == 1);
    CHECK(f.byte == 0);
    CHECK(f.message == "label 2 \"nam\" should be the field name \"name\"");
    // Label findings are not rows.
    CHECK(r.total_rows == 1);
    CHECK(r.invalid_rows == 1);
  }
  SECTION("blank and duplicate labels") {
    ValidationResult r = validate(s, "id,,id\n1,a,2\n");
    CHECK(brief(r) == Strings{"1,2,blank-label", "1,3,duplicate-label"});
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].field == "name");
    CHECK(r.findings[0].message == "label 2 is blank");
    CHECK(r.findings[1].field == "age");
    CHECK(r.findings[1].message == "label 3 \"id\" repeats label 1");
    CHECK(r.total_rows == 1);
    CHECK(r.invalid_rows == 0);
    CHECK_FALSE(r.is_valid());
  }
  SECTION("missing label: fewer labels than fields") {
    ValidationResult r = validate(s, "id,name\n1,a\n2,b,3\n");
    // The file has two columns; the third cell is extra.
    CHECK(brief(r) == Strings{"1,3,missing-label", "3,3,extra-cell"});
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].field == "age");
    CHECK(r.findings[0].message == "the header has no label for field \"age\"");
  }
  SECTION("extra label: more labels than fields") {
    ValidationResult r = validate(s, "id,name,age,x\n1,a,3,zz\n1,a,3\n");
    CHECK(brief(r) == Strings{"1,4,extra-label", "3,4,missing-cell"});
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].field == "x");
    CHECK(r.findings[0].message == "label 4 \"x\" is beyond the schema's 3 fields");
    CHECK(r.findings[1].field == "x");
  }
  SECTION("extra labels: each label beyond the fields, blank or repeated or not") {
    // A repeat of a field's label, a repeat of another extra label and a blank one are all extra.
    CHECK(brief(validate(s, "id,name,age,d,d,,id\n1,a,3,,,,\n")) ==
          Strings{"1,4,extra-label", "1,5,extra-label", "1,6,extra-label", "1,7,extra-label"});
    // Within the fields, repeated and blank labels are still reported as such.
    CHECK(brief(validate(s, "id,id,\n1,2,3\n")) == Strings{"1,2,duplicate-label", "1,3,blank-label"});
  }
  SECTION("labels are case-sensitive unless the dialect says otherwise") {
    ValidationResult cs = validate(s, "ID,Name,age\n1,a,2\n");
    CHECK(brief(cs) == Strings{"1,1,incorrect-label", "1,2,incorrect-label"});
    Dialect d;
    d.case_sensitive_header = false;
    ValidationResult ci = validate(s, "ID,Name,AGE\n1,a,2\n", d);
    CHECK(ci.is_valid());
    ValidationResult dup = validate(s, "id,ID,age\n", d);
    CHECK(brief(dup) == Strings{"1,2,duplicate-label"});
  }
  SECTION("header byte offset after a BOM") {
    ValidationResult r = validate(s, "\xEF\xBB\xBFid,nam,age\n");
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].byte == 3);
  }
}

TEST_CASE("csv: header checks with name-matched fieldsMatch modes", "[csv]") {
  auto schema = [](FieldsMatch mode) {
    Schema s{{"id", Field::integer()}, {"name", Field::string()}, {"age", Field::integer()}};
    s.fields_match(mode);
    return s;
  };
  SECTION("equal: any order, same fields") {
    Schema s = schema(FieldsMatch::equal);
    ValidationResult r = validate(s, "age,id,name\nx,1,a\n");
    // Columns are bound by name: column 1 is age.
    CHECK(brief(r) == Strings{"2,1,type-error"});
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].field == "age");
    CHECK(brief(validate(s, "age,id,name,extra\n")) == Strings{"1,4,extra-label"});
    ValidationResult m = validate(s, "age,id\n");
    CHECK(brief(m) == Strings{"1,2,missing-label"});
    REQUIRE(m.findings.size() == 1);
    CHECK(m.findings[0].field == "name");
    ValidationResult dup = validate(s, "id,name,age,id\n");
    CHECK(brief(dup) == Strings{"1,4,duplicate-label"});
    REQUIRE(dup.findings.size() == 1);
    CHECK(dup.findings[0].field == "id");
    CHECK(brief(validate(s, "id,,name,age\n")) == Strings{"1,2,blank-label"});
  }
  SECTION("subset: extra columns allowed, every field present") {
    Schema s = schema(FieldsMatch::subset);
    ValidationResult r = validate(s, "zzz,name,id,age\nanything,a,1,y\n");
    CHECK(brief(r) == Strings{"2,4,type-error"});
    CHECK(brief(validate(s, "name,id\n")) == Strings{"1,3,missing-label"});
  }
  SECTION("superset: only schema fields, some may be absent") {
    Schema s = schema(FieldsMatch::superset);
    ValidationResult r = validate(s, "name\nx\n");
    CHECK(r.is_valid());
    CHECK(brief(validate(s, "name,bogus\n")) == Strings{"1,2,extra-label"});
  }
  SECTION("partial: at least one schema field") {
    Schema s = schema(FieldsMatch::partial);
    ValidationResult r = validate(s, "bogus,age\nq,x\n");
    CHECK(brief(r) == Strings{"2,2,type-error"});
    ValidationResult none = validate(s, "foo,bar\n");
    CHECK(brief(none) == Strings{"1,1,missing-label", "1,2,missing-label", "1,3,missing-label"});
    REQUIRE(none.findings.size() == 3);
    CHECK(none.findings[0].message ==
          "the header has no label for field \"id\" (no header label matches any schema field)");
  }
  SECTION("case-insensitive matching by name") {
    Schema s = schema(FieldsMatch::equal);
    Dialect d;
    d.case_sensitive_header = false;
    ValidationResult r = validate(s, "NAME,Age,iD\na,x,1\n", d);
    CHECK(brief(r) == Strings{"2,2,type-error"});
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].field == "age");
  }
}

TEST_CASE("csv: problems with the header record itself", "[csv]") {
  Schema s{{"id", Field::integer()}, {"name", Field::string()}};
  SECTION("a label that is not UTF-8") {
    ValidationResult r = validate(s, "id,n\xFF\n1,a\n");
    CHECK(brief(r) == Strings{"1,2,encoding-error"});
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].field == "name");
    CHECK(r.findings[0].value == "n\xEF\xBF\xBD");
    CHECK(r.findings[0].message == "label 2 is not valid UTF-8");
  }
  SECTION("an unterminated quote in the header") {
    ValidationResult r = validate(s, "id,\"name\n1,a\n");
    CHECK(brief(r) == Strings{"1,0,unterminated-quote"});
    CHECK(r.total_rows == 0);
  }
  SECTION("a header over the record limit: columns are then taken in schema order") {
    Dialect d;
    d.max_record_bytes = 8;
    ValidationResult r = validate(s, "id,name_too_long\nx,a\n", d);
    CHECK(brief(r) == Strings{"1,0,record-too-large", "2,1,type-error"});
  }
}

TEST_CASE("csv: an oversized multi-line record keeps later line numbers right", "[csv]") {
  Dialect d;
  d.max_record_bytes = 10;
  Schema s{{"a", Field::string()}, {"b", Field::integer()}};
  // "a,b" bytes 0-3; the quoted record is 15 bytes over lines 2-3 (bytes 4-19); "5,y" at byte 20.
  ValidationResult r = validate(s, "a,b\n\"0123\n456789\",x\n5,y\n", d);
  CHECK(brief(r) == Strings{"2,0,record-too-large", "3,2,type-error"});
  REQUIRE(r.findings.size() == 2);
  CHECK(r.findings[0].line == 2);
  CHECK(r.findings[0].message == "the record is 15 bytes, over the limit of 10 bytes");
  CHECK(r.findings[1].line == 4);
  CHECK(r.findings[1].byte == 20);
}

TEST_CASE("csv: positions stay exact across internal batch and piece boundaries", "[csv]") {
  // 70,000 data rows: more than one scanner batch and more than one Validator piece.
  Schema s{{"id", Field::integer().unique()}, {"note", Field::string()}};
  const std::uint64_t n = 70'000;
  std::string data = "id,note\n";
  std::vector<std::uint64_t> row_byte(n + 3, 0);  // byte offset of each row, by row number
  std::vector<std::uint64_t> row_line(n + 3, 0);
  std::uint64_t line = 2;
  for (std::uint64_t i = 1; i <= n; ++i) {
    const std::uint64_t row = i + 1;
    row_byte[row] = data.size();
    row_line[row] = line;
    if (i % 1000 == 0) {
      data += std::to_string(i) + ",\"two\nlines\"\n";  // spans two lines
      line += 2;
    } else if (i == 1025 || i == 65'537) {
      data += "x,bad\n";  // type errors right after a batch / piece worth of records
      line += 1;
    } else {
      data += std::to_string(i) + ",ok\n";
      line += 1;
    }
  }
  row_byte[n + 2] = data.size();
  row_line[n + 2] = line;
  data += "1,dup\n";  // repeats row 2
  ValidationResult r = validate(s, data);
  CHECK(brief(r) == Strings{"1026,1,type-error", "65538,1,type-error", "70002,1,unique-error,unique"});
  REQUIRE(r.findings.size() == 3);
  CHECK(r.findings[0].byte == row_byte[1026]);
  CHECK(r.findings[0].line == row_line[1026]);
  CHECK(r.findings[1].byte == row_byte[65538]);
  CHECK(r.findings[1].line == row_line[65538]);
  CHECK(r.findings[2].byte == row_byte[70002]);
  CHECK(r.findings[2].line == row_line[70002]);
  CHECK(r.findings[2].message == "id: 1 repeats the value of row 2");
  CHECK(r.total_rows == n + 1);
  CHECK(r.invalid_rows == 3);
  CHECK(r.bytes_read == data.size());
}

// ---- whole-input edge cases ---------------------------------------------------------------------

TEST_CASE("csv: empty input, header-only input", "[csv]") {
  Schema s{{"id", Field::integer()}, {"name", Field::string()}};
  SECTION("empty input with a header expected: every label is missing") {
    ValidationResult r = validate(s, "");
    CHECK(brief(r) == Strings{"1,1,missing-label", "1,2,missing-label"});
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].line == 1);
    CHECK(r.findings[0].byte == 0);
    CHECK(r.findings[1].field == "name");
    CHECK(r.total_rows == 0);
    CHECK(r.invalid_rows == 0);
    CHECK(r.bytes_read == 0);
  }
  SECTION("a lone byte-order mark is empty input too") {
    ValidationResult r = validate(s, "\xEF\xBB\xBF");
    CHECK(brief(r) == Strings{"1,1,missing-label", "1,2,missing-label"});
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].byte == 3);
  }
  SECTION("empty input without a header is valid and has no rows") {
    Dialect d;
    d.header = false;
    ValidationResult r = validate(s, "", d);
    CHECK(r.is_valid());
    CHECK(r.total_rows == 0);
    CHECK(r.findings.empty());
  }
  SECTION("header only") {
    ValidationResult r = validate(s, "id,name\n");
    CHECK(r.is_valid());
    CHECK(r.total_rows == 0);
    ValidationResult no_newline = validate(s, "id,name");
    CHECK(no_newline.is_valid());
    CHECK(no_newline.total_rows == 0);
    CHECK(no_newline.bytes_read == 7);
  }
  SECTION("last line without a line break") {
    ValidationResult r = validate(s, "id,name\n1,a\nx,b");
    CHECK(brief(r) == Strings{"3,1,type-error"});
    CHECK(r.total_rows == 2);
  }
}

TEST_CASE("csv: max_findings caps the list, never the counts", "[csv]") {
  Schema s{{"n", Field::integer()}};
  std::string data = "n\na\nb\nc\n1\nd\ne\n";  // five type errors, rows 2,3,4,6,7
  SECTION("a cap below the number of findings") {
    ValidationResult r = validate(s, data, {}, 2);
    CHECK(brief(r) == Strings{"2,1,type-error", "3,1,type-error"});
    CHECK(r.findings_truncated);
    REQUIRE(r.error_counts.size() == 1);
    CHECK(r.error_counts[0].count == 5);
    CHECK(r.total_findings() == 5);
    CHECK(r.invalid_rows == 5);
    CHECK(r.valid_rows == 1);
  }
  SECTION("a cap equal to the number of findings") {
    ValidationResult r = validate(s, data, {}, 5);
    CHECK(r.findings.size() == 5);
    CHECK_FALSE(r.findings_truncated);
  }
  SECTION("0 keeps counts only") {
    ValidationResult r = validate(s, data, {}, 0);
    CHECK(r.findings.empty());
    CHECK(r.findings_truncated);
    REQUIRE(r.error_counts.size() == 1);
    CHECK(r.error_counts[0].count == 5);
    CHECK(r.invalid_rows == 5);
    ValidationResult ok = validate(s, "n\n1\n", {}, 0);
    CHECK_FALSE(ok.findings_truncated);
    CHECK(ok.is_valid());
  }
}

TEST_CASE("csv: error_counts are ordered by field (non-field first), type, constraint", "[csv]") {
  Schema s{{"a", Field::integer().required().max(5)}, {"b", Field::string()}};
  std::string data =
      "a,b\n"
      "9,x\n"      // 2: a maximum
      "x\n"        // 3: a type-error, b missing-cell
      ",y,z\n"     // 4: a required, extra-cell
      ",\n"        // 5: blank row
      "7,x\n"      // 6: a maximum
      "1,x,z\n";   // 7: extra-cell
  ValidationResult r = validate(s, data);
  std::vector<ErrorCount> want{
      {"", ErrorType::blank_row, Constraint::none, 1},
      {"", ErrorType::extra_cell, Constraint::none, 2},
      {"a", ErrorType::type_error, Constraint::none, 1},
      {"a", ErrorType::constraint_error, Constraint::required, 1},
      {"a", ErrorType::constraint_error, Constraint::maximum, 2},
      {"b", ErrorType::missing_cell, Constraint::none, 1},
  };
  CHECK(r.error_counts == want);
  CHECK(r.total_findings() == 8);
  CHECK(r.total_rows == 6);
  CHECK(r.invalid_rows == 6);
  CHECK(r.valid_rows == 0);
}

TEST_CASE("csv: valid and invalid row counts", "[csv]") {
  Schema s{{"a", Field::integer()}, {"b", Field::integer()}};
  ValidationResult r = validate(s, "a,b\n1,2\nx,y\n3,4\n5,z\n");
  CHECK(r.total_rows == 4);
  CHECK(r.valid_rows == 2);
  CHECK(r.invalid_rows == 2);
  CHECK(r.total_findings() == 3);
  CHECK_FALSE(r.is_valid());
  ValidationResult ok = validate(s, "a,b\n1,2\n");
  CHECK(ok.is_valid());
  CHECK(ok.valid_rows == 1);
  CHECK(ok.error_counts.empty());
}

TEST_CASE("csv: skipBlankRows also skips blank lines before the header", "[csv]") {
  Schema s{{"id", Field::integer()}, {"name", Field::string()}};
  Dialect d;
  d.skip_blank_rows = true;
  // Lines 1-2 are blank, the header is line 3 (row 1), data on lines 4-5 (rows 2-3).
  ValidationResult r = validate(s, "\n,\nid,name\n1,a\nx,b\n", d);
  CHECK(r.total_rows == 2);
  CHECK(brief(r) == Strings{"3,1,type-error"});
  CHECK(r.findings[0].line == 5);
  // Without the option the first blank line is the header: two blank labels.
  r = validate(s, "\nid,name\n1,a\n");
  CHECK(brief(r).front() == "1,1,blank-label");
}

TEST_CASE("csv: labels that are not UTF-8 still give a UTF-8 report", "[csv]") {
  Schema s{{"a", Field::string()}, {"b", Field::string()}};
  s.fields_match(FieldsMatch::subset);
  ValidationResult r = validate(s, "a,b,x\xff\n1,2,3\n");
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].type == ErrorType::encoding_error);
  CHECK(r.findings[0].field == "x\xEF\xBF\xBD");  // the invalid byte shown as U+FFFD
}

TEST_CASE("csv: messages show bounds as plain numbers and count characters in words", "[csv]") {
  Schema s{{"amount", Field::number().max(1'000'000.0)}, {"code", Field::string().min_length(2)}};
  ValidationResult r = validate(s, "amount,code\n1000000.5,\xC5\xBC\n");
  REQUIRE(r.findings.size() == 2);
  CHECK(r.findings[0].message == "amount: 1000000.5 is above the maximum 1000000");
  CHECK(r.findings[1].message == "code: \"\xC5\xBC\" has 1 character, fewer than the minimum length 2");
}
