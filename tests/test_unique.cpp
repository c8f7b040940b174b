// Unique fields and primary keys: duplicates judged on typed values across the whole file, reported
// at the later row, and the same result however the input is cut into pieces before the Reducer
// merges them. Expected values are worked out by hand from Table Schema's unique / primaryKey
// semantics.
#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "exec/reader.hpp"
#include "exec/reducer.hpp"
#include "support.hpp"
#include "rowguard/dialect.hpp"
#include "rowguard/plan.hpp"
#include "rowguard/report.hpp"
#include "rowguard/result.hpp"
#include "rowguard/schema.hpp"
#include "rowguard/validator.hpp"

using namespace rowguard;
using namespace rowguard::test;

namespace {

ValidationResult validate(const Schema& schema, std::string_view data, const Dialect& dialect = {},
                          std::size_t max_findings = 1000) {
  Validator v(compile(schema, dialect), ValidateOptions{Format::csv, max_findings});
  return v.validate_buffer(data, Format::csv);
}



}  // namespace

TEST_CASE("unique: a duplicate is reported at the later row, naming the first", "[unique]") {
  Schema s{{"id", Field::integer().unique()}, {"name", Field::string().unique()}};
  std::string data =
      "id,name\n"  // bytes 0-7
      "1,a\n"      // row 2, bytes 8-11
      "2,b\n"      // row 3, bytes 12-15
      "1,c\n"      // row 4, byte 16: id repeats row 2
      "3,a\n"      // row 5, byte 20: name repeats row 2
      "1,a\n"      // row 6, byte 24: both repeat row 2
      "4,b\n";     // row 7, byte 28: name repeats row 3
  ValidationResult r = validate(s, data);
  CHECK(brief(r) == Strings{"4,1,unique-error,unique", "5,2,unique-error,unique", "6,1,unique-error,unique",
                            "6,2,unique-error,unique", "7,2,unique-error,unique"});
  REQUIRE(r.findings.size() == 5);
  const Finding& f = r.findings[0];
  CHECK(f.field == "id");
  CHECK(f.line == 4);
  CHECK(f.byte == 16);
  CHECK(f.value == "1");
  CHECK(f.message == "id: 1 repeats the value of row 2");
  CHECK(r.findings[1].message == "name: \"a\" repeats the value of row 2");
  CHECK(r.findings[1].byte == 20);
  // A third occurrence still names the first row.
  CHECK(r.findings[2].message == "id: 1 repeats the value of row 2");
  CHECK(r.findings[3].message == "name: \"a\" repeats the value of row 2");
  CHECK(r.findings[4].message == "name: \"b\" repeats the value of row 3");
  // Row 6 has two unique errors but is one invalid row.
  CHECK(r.total_rows == 6);
  CHECK(r.invalid_rows == 4);
  CHECK(r.valid_rows == 2);
  std::vector<ErrorCount> want{{"id", ErrorType::unique_error, Constraint::unique, 2},
                               {"name", ErrorType::unique_error, Constraint::unique, 3}};
  CHECK(r.error_counts == want);
}

TEST_CASE("unique: a plain string's repeats are found whether or not its row takes the quick path", "[unique]") {
  // Valid rows of unquoted cells pass the quick check, which makes a unique plain string's key from
  // its text; a quoted cell, an invalid cell in the row or a failed rule sends the row through the
  // full check, which makes the key from the typed value. Both must meet in one set.
  Schema s{{"id", Field::string().pattern("[A-Z]{2}[0-9]+").unique()}, {"amount", Field::number().min(0.0)}};
  const Strings expected_csv{"3,2,constraint-error,minimum", "4,1,unique-error,unique", "5,1,unique-error,unique",
                             "6,1,constraint-error,pattern", "7,1,constraint-error,pattern",
                             "7,1,unique-error,unique",      "8,1,unique-error,unique", "8,2,constraint-error,minimum"};
  const std::string csv =
      "id,amount\n"
      "AB1,5\n"      // row 2: quick path
      "AB2,-1\n"     // row 3: full path (amount below its minimum)
      "\"AB1\",7\n"  // row 4: full path (quoted), repeats row 2
      "AB2,3\n"      // row 5: quick path, repeats row 3
      "ab3,1\n"      // row 6: full path (pattern)
      "ab3,2\n"      // row 7: full path, repeats row 6
      "AB1,-2\n";    // row 8: full path, repeats row 2
  for (Kernel kernel : {Kernel::scalar, Kernel::automatic}) {
    ValidateOptions o;
    o.format = Format::csv;
    o.kernel = kernel;
    const ValidationResult r = Validator(compile(s), o).validate_buffer(csv, Format::csv);
    CHECK(brief(r) == expected_csv);
    CHECK(r.invalid_rows == 6);  // all but row 2
    REQUIRE(r.findings.size() == 8);
    CHECK(r.findings[1].message == "id: \"AB1\" repeats the value of row 2");
    CHECK(r.findings[2].message == "id: \"AB2\" repeats the value of row 3");
  }
  // JSONL: flat lines take the quick path; an escape sends a line to simdjson.
  const std::string jsonl =
      "{\"id\":\"AB1\",\"amount\":5}\n"         // row 1: quick path
      "{\"id\":\"AB2\",\"amount\":-1}\n"        // row 2: amount below its minimum
      "{\"id\":\"\\u0041B1\",\"amount\":7}\n"  // row 3: an escape, repeats row 1
      "{\"id\":\"AB2\",\"amount\":3}\n"         // row 4: quick path, repeats row 2
      "{\"id\":\"ab3\",\"amount\":1}\n";        // row 5: pattern
  ValidateOptions o;
  o.format = Format::jsonl;
  const ValidationResult r = Validator(compile(s), o).validate_buffer(jsonl, Format::jsonl);
  CHECK(brief(r) == Strings{"2,2,constraint-error,minimum", "3,1,unique-error,unique", "4,1,unique-error,unique",
                            "5,1,constraint-error,pattern"});
  REQUIRE(r.findings.size() == 4);
  CHECK(r.findings[1].message == "id: \"AB1\" repeats the value of row 1");
}

TEST_CASE("unique: values compare as typed values", "[unique]") {
  SECTION("integers: 1, 01 and +1 are equal") {
    ValidationResult r = validate(Schema{{"n", Field::integer().unique()}}, "n\n1\n01\n+1\n10\n");
    CHECK(brief(r) == Strings{"3,1,unique-error,unique", "4,1,unique-error,unique"});
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].message == "n: 01 repeats the value of row 2");
    CHECK(r.findings[0].value == "01");
  }
  SECTION("numbers: -0 equals 0, 1e2 equals 100") {
    ValidationResult r = validate(Schema{{"x", Field::number().unique()}}, "x\n0\n-0\n0.0\n100\n1e2\n100.5\n");
    CHECK(brief(r) == Strings{"3,1,unique-error,unique", "4,1,unique-error,unique", "6,1,unique-error,unique"});
    REQUIRE(r.findings.size() == 3);
    CHECK(r.findings[0].message == "x: -0 repeats the value of row 2");
    CHECK(r.findings[2].message == "x: 1e2 repeats the value of row 5");
  }
  SECTION("datetimes are equal across offsets") {
    ValidationResult r = validate(Schema{{"t", Field::datetime().unique()}},
                                  "t\n2024-01-01T00:00:00Z\n2024-01-01T01:00:00+01:00\n2024-01-01T00:00:00+01:00\n"
                                  "2023-12-31T23:00:00Z\n");
    CHECK(brief(r) == Strings{"3,1,unique-error,unique", "5,1,unique-error,unique"});
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].message == "t: \"2024-01-01T01:00:00+01:00\" repeats the value of row 2");
    CHECK(r.findings[1].message == "t: \"2023-12-31T23:00:00Z\" repeats the value of row 4");
  }
  SECTION("dates in a custom format, booleans") {
    Schema s{{"d", Field::date().format("%d/%m/%Y").unique()}, {"b", Field::boolean().unique()}};
    ValidationResult r = validate(s,
                                  "d,b\n"
                                  "01/02/2024,true\n"    // 2
                                  "02/01/2024,1\n"       // 3: 1 is true, as in row 2
                                  "01/02/2024,false\n"   // 4: the date of row 2
                                  "03/01/2024,FALSE\n");  // 5: false, as in row 4
    CHECK(brief(r) == Strings{"3,2,unique-error,unique", "4,1,unique-error,unique", "5,2,unique-error,unique"});
    REQUIRE(r.findings.size() == 3);
    CHECK(r.findings[0].message == "b: \"1\" repeats the value of row 2");
    CHECK(r.findings[1].message == "d: \"01/02/2024\" repeats the value of row 2");
  }
  SECTION("strings compare exactly") {
    ValidationResult r = validate(Schema{{"s", Field::string().unique()}}, "s\na\nA\n\"a\"\na \n");
    CHECK(brief(r) == Strings{"4,1,unique-error,unique"});
  }
}

TEST_CASE("unique: missing values and values with a type error are exempt", "[unique]") {
  SECTION("missing values never collide") {
    Schema s{{"id", Field::integer()}, {"u", Field::integer().unique()}};
    ValidationResult r = validate(s, "id,u\n1,\n2,\n3,\n");
    CHECK(r.is_valid());
  }
  SECTION("a field's own missing values are exempt, other text is not") {
    Schema s{{"id", Field::integer()}, {"u", Field::string().unique().missing_values({"NA"})}};
    ValidationResult r = validate(s, "id,u\n1,NA\n2,NA\n3,\n4,\"\"\n");
    // "" is an ordinary string here, so row 5 repeats row 4.
    CHECK(brief(r) == Strings{"5,2,unique-error,unique"});
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].message == "u: \"\" repeats the value of row 4");
  }
  SECTION("values with a type error are not compared") {
    Schema s{{"u", Field::integer().unique()}};
    ValidationResult r = validate(s, "u\nx\nx\n1\nx\n1\n");
    CHECK(brief(r) == Strings{"2,1,type-error", "3,1,type-error", "5,1,type-error", "6,1,unique-error,unique"});
    REQUIRE(r.findings.size() == 4);
    CHECK(r.findings[3].message == "u: 1 repeats the value of row 4");
  }
  SECTION("values breaking a rule are still compared, after the rule's finding") {
    Schema s{{"u", Field::string().unique().max_length(2)}, {"v", Field::string()}};
    ValidationResult r = validate(s, "u,v\nabc,1\nabc,2\n");
    CHECK(brief(r) == Strings{"2,1,constraint-error,maxLength", "3,1,constraint-error,maxLength",
                              "3,1,unique-error,unique"});
    CHECK(r.invalid_rows == 2);
  }
}

TEST_CASE("unique: invalid_rows counts a row once", "[unique]") {
  Schema s{{"a", Field::integer().unique()}, {"b", Field::string().unique()}, {"c", Field::integer()}};
  ValidationResult r = validate(s,
                                "a,b,c\n"
                                "1,x,1\n"   // 2
                                "1,x,2\n"   // 3: two unique errors
                                "1,y,z\n"   // 4: a unique error and a type error
                                "2,z,3\n"   // 5: valid
                                "2,q,w\n");  // 6: unique error on a, type error on c
  CHECK(brief(r) == Strings{"3,1,unique-error,unique", "3,2,unique-error,unique", "4,1,unique-error,unique",
                            "4,3,type-error", "6,1,unique-error,unique", "6,3,type-error"});
  CHECK(r.total_rows == 5);
  CHECK(r.invalid_rows == 3);
  CHECK(r.valid_rows == 2);
}

TEST_CASE("unique: a one-field primary key is unique and required", "[unique]") {
  Schema s{{"id", Field::integer()}, {"name", Field::string()}};
  s.primary_key({"id"});
  ValidationResult r = validate(s, "id,name\n1,a\n,b\n01,c\n");
  CHECK(brief(r) == Strings{"3,1,constraint-error,required", "4,1,unique-error,unique"});
  REQUIRE(r.findings.size() == 2);
  CHECK(r.findings[1].message == "id: 01 repeats the value of row 2");
}

TEST_CASE("unique: a composite primary key gives primary-key findings", "[unique]") {
  Schema s{{"a", Field::integer()}, {"b", Field::string()}, {"c", Field::string()}};
  s.primary_key({"a", "b"});
  std::string data =
      "a,b,c\n"   // bytes 0-5
      "1,x,p\n"   // 2, byte 6
      "1,y,q\n"   // 3, byte 12
      "01,x,r\n"  // 4, byte 18: (1, x) repeats row 2
      ",x,s\n"    // 5: a missing: required, no key check
      "2,ab,t\n"  // 6
      "2a,b,u\n"  // 7: type error in a: no key check
      "1,y,v\n";  // 8: repeats row 3
  ValidationResult r = validate(s, data);
  CHECK(brief(r) == Strings{"4,1,primary-key", "5,1,constraint-error,required", "7,1,type-error",
                            "8,1,primary-key"});
  REQUIRE(r.findings.size() == 4);
  const Finding& f = r.findings[0];
  CHECK(f.type == ErrorType::primary_key_error);
  CHECK(f.constraint == Constraint::none);
  CHECK(f.field == "a");
  CHECK(f.line == 4);
  CHECK(f.byte == 18);
  CHECK(f.value == "01, x");
  CHECK(f.message == "primary key (a, b) = (01, x) repeats row 2");
  CHECK(r.findings[3].message == "primary key (a, b) = (1, y) repeats row 3");
  CHECK(r.total_rows == 7);
  CHECK(r.invalid_rows == 4);
  std::vector<ErrorCount> want{{"a", ErrorType::type_error, Constraint::none, 1},
                               {"a", ErrorType::constraint_error, Constraint::required, 1},
                               {"a", ErrorType::primary_key_error, Constraint::none, 2}};
  CHECK(r.error_counts == want);

  SECTION("parts cannot collide by concatenation") {
    Schema t{{"p", Field::string()}, {"q", Field::string()}};
    t.primary_key({"p", "q"});
    CHECK(validate(t, "p,q\nab,c\na,bc\n").is_valid());
  }
  SECTION("the field number is the column of the first key field") {
    Schema t{{"a", Field::integer()}, {"b", Field::string()}};
    t.primary_key({"a", "b"});
    t.fields_match(FieldsMatch::equal);
    ValidationResult u = validate(t, "b,a\nx,1\nx,1\n");
    CHECK(brief(u) == Strings{"3,2,primary-key"});
  }
}

TEST_CASE("unique: findings of one row stay in column order", "[unique]") {
  Schema s{{"id", Field::integer().unique()}, {"n", Field::integer().max(5)}};
  ValidationResult r = validate(s, "id,n\n1,1\n1,9\n");
  CHECK(brief(r) == Strings{"3,1,unique-error,unique", "3,2,constraint-error,maximum"});
}

TEST_CASE("unique: the findings cap applies to unique findings, the counts stay complete", "[unique]") {
  Schema s{{"id", Field::integer().unique()}, {"n", Field::integer()}};
  std::string data = "id,n\n1,1\n1,x\n1,2\n2,y\n2,3\n";
  // In file order: 3,1 unique; 3,2 type; 4,1 unique; 5,2 type; 6,1 unique.
  ValidationResult all = validate(s, data);
  CHECK(brief(all) == Strings{"3,1,unique-error,unique", "3,2,type-error", "4,1,unique-error,unique",
                              "5,2,type-error", "6,1,unique-error,unique"});
  ValidationResult capped = validate(s, data, {}, 3);
  CHECK(brief(capped) == Strings{"3,1,unique-error,unique", "3,2,type-error", "4,1,unique-error,unique"});
  CHECK(capped.findings_truncated);
  CHECK(capped.total_findings() == 5);
  ValidationResult counts = validate(s, data, {}, 0);
  CHECK(counts.findings.empty());
  CHECK(counts.error_counts == all.error_counts);
  CHECK(counts.invalid_rows == 4);
}

// ---- split invariance ---------------------------------------------------------------------------

namespace {

void remove_json_key(std::string& json, std::string_view key) {
  std::string needle = ",\"" + std::string(key) + "\":";
  std::size_t at = json.find(needle);
  REQUIRE(at != std::string::npos);
  std::size_t end = json.find_first_of(",}", at + needle.size());
  REQUIRE(end != std::string::npos);
  json.erase(at, end - at);
}

std::string deterministic_report(const ValidationResult& r) {
  std::ostringstream os;
  write_json_report(os, r, "input.csv");
  std::string json = os.str();
  remove_json_key(json, "elapsed_s");
  remove_json_key(json, "rows_per_s");
  return json;
}

// A CSV reader from the start of the input. make_reader takes an optional trailing tokenizer-kernel
// argument in some versions; a value-initialised one (automatic, as the Validator's default) is
// passed when it does, so this test follows validator.cpp either way.
template <class... Params>
std::unique_ptr<detail::RecordReader> open_csv_reader(std::unique_ptr<detail::RecordReader> (*make)(Params...),
                                                      const detail::PlanImpl& impl) {
  if constexpr (sizeof...(Params) == 3) {
    return make(impl, Format::csv, detail::ReaderStart{});
  } else {
    using Extra = std::decay_t<std::tuple_element_t<3, std::tuple<Params...>>>;
    return make(impl, Format::csv, detail::ReaderStart{}, Extra{});
  }
}

// Validates `data` the way the serial Validator does, but with pieces of at most `piece_records`
// records, each absorbed by the Reducer on its own.
ValidationResult validate_in_pieces(const Plan& plan, std::string_view data, std::size_t piece_records,
                                    std::size_t max_findings, std::size_t& pieces) {
  const detail::PlanImpl& impl = plan.impl();
  auto reader = open_csv_reader(&detail::make_reader, impl);
  detail::Reducer reducer(impl, max_findings);
  std::size_t pos = 0;
  pieces = 0;
  do {
    detail::PartialResult piece;
    piece.reset(reducer.slots());
    piece.offset = pos;
    std::size_t used = reader->read(data.data() + pos, data.size() - pos, pos, true, piece_records,
                                    reducer.findings_wanted(), piece);
    piece.bytes = used;
    pos += used;
    reducer.absorb(std::move(piece));
    ++pieces;
    if (used == 0) break;
  } while (pos < data.size());
  return reducer.finish(0.0, "scalar");
}

std::string csv_quote(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// A CSV file for the schema (id integer unique required, name string unique, amount number 0-100,
// tag enum a/b/c) with many duplicates, quoted values holding quotes, delimiters and line breaks,
// comment lines, blank lines, ragged rows, type errors, records over a 48-byte limit, sometimes a
// header with a duplicate label and sometimes an unterminated quote at the end.
std::string generate_csv(std::mt19937& rng, std::size_t& records) {
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  static const char* const names[] = {"plain", "a,b", "he said \"hi\"", "line1\nline2", "x\r\ny", "",
                                      "\xC5\xBC\xC3\xB3\xC5\x82w", "a name long enough to pass the record limit"};
  static const char* const amounts[] = {"1", "50.5", "-1", "150", "abc", "", "1e1"};
  static const char* const tags[] = {"a", "b", "c", "d", ""};
  std::string out;
  if (pick(4) == 0) out += "\xEF\xBB\xBF";
  out += "# generated\n";
  out += pick(5) == 0 ? "id,name,amount,tag,id\n" : "id,name,amount,tag\n";
  const std::string eol_choice = pick(2) == 0 ? "\n" : "\r\n";
  records = 2;
  const std::size_t rows = 10 + pick(40);
  bool last_blank = false;
  for (std::size_t i = 0; i < rows; ++i) {
    last_blank = false;
    switch (pick(20)) {
      case 0: out += eol_choice; ++records; last_blank = true; continue;  // blank line
      case 1: out += "# note \"quoted\n"; ++records; continue;           // comment line
      case 2: out += std::to_string(pick(9)) + eol_choice; ++records; continue;  // ragged: one cell
      default: break;
    }
    std::string id;
    switch (pick(8)) {
      case 0: id = "x"; break;
      case 1: id = ""; break;
      case 2: id = "0" + std::to_string(pick(12)); break;
      default: id = std::to_string(pick(12)); break;
    }
    std::string name = names[pick(8)];
    bool quote = name.find_first_of(",\"\r\n") != std::string::npos || pick(3) == 0;
    out += id + "," + (quote ? csv_quote(name) : name) + "," + amounts[pick(7)] + "," + tags[pick(5)];
    if (pick(15) == 0) out += ",extra";
    out += eol_choice;
    ++records;
  }
  // Sometimes no final line break (not after a blank line, which would then vanish).
  if (pick(3) == 0 && !last_blank && out.size() > eol_choice.size() &&
      out.compare(out.size() - eol_choice.size(), eol_choice.size(), eol_choice) == 0) {
    out.resize(out.size() - eol_choice.size());
  } else if (pick(8) == 0) {
    out += "7,\"open\n quote";
    ++records;
  }
  return out;
}

}  // namespace

TEST_CASE("unique: results do not depend on how the input is cut into pieces", "[unique]") {
  Schema schema{{"id", Field::integer().unique().required()},
                {"name", Field::string().unique()},
                {"amount", Field::number().min(0).max(100)},
                {"tag", Field::string().one_of({"a", "b", "c"})}};
  Dialect dialect;
  dialect.comment_char = '#';
  dialect.max_record_bytes = 48;
  const Plan plan = compile(schema, dialect);

  Schema keyed{{"k1", Field::integer()}, {"k2", Field::string()}, {"v", Field::integer().unique()}, {"w", Field::string()}};
  keyed.primary_key({"k1", "k2"});
  keyed.fields_match(FieldsMatch::subset);
  const Plan keyed_plan = compile(keyed, dialect);
  // Without a comment character the "#" lines are data, and the plain dialect may take a faster
  // tokenizer than the state machine.
  Dialect plain_dialect;
  plain_dialect.max_record_bytes = 48;
  const Plan plain_plan = compile(schema, plain_dialect);

  std::mt19937 rng(7);
  std::uint64_t unique_findings_seen = 0;
  std::uint64_t primary_key_findings_seen = 0;
  std::uint64_t other_kinds_seen[3] = {0, 0, 0};  // too-large records, extra labels, open quotes
  for (int iteration = 0; iteration < 40; ++iteration) {
    std::size_t records = 0;
    std::string data = generate_csv(rng, records);
    // The second schema reads the same file: id/name as the composite key, amount as a unique
    // integer (so numbers like 50.5 are type errors), tag as free text.
    std::string keyed_data = data;
    const std::string_view labels = "id,name,amount,tag";
    keyed_data.replace(keyed_data.find(labels), labels.size(), "k1,k2,v,w");
    INFO("input: " << data);
    for (const Plan* p : {&plan, &keyed_plan, &plain_plan}) {
      if (p == &plain_plan && iteration % 4 != 0) continue;  // enough to cover that tokenizer
      const std::string& input = p == &keyed_plan ? keyed_data : data;
      for (std::size_t max_findings : {std::size_t{1000}, std::size_t{7}, std::size_t{0}}) {
        INFO("max_findings " << max_findings);
        std::size_t pieces = 0;
        const ValidationResult whole = validate_in_pieces(*p, input, SIZE_MAX, max_findings, pieces);
        CHECK(pieces == 1);
        const std::string expected = deterministic_report(whole);
        // The serial Validator gives the same report (apart from naming the tokenizer it ran).
        Validator v(*p, ValidateOptions{Format::csv, max_findings});
        ValidationResult serial = v.validate_buffer(input, Format::csv);
        serial.kernel = whole.kernel;
        CHECK(deterministic_report(serial) == expected);
        for (std::size_t piece_records : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}}) {
          INFO("piece_records " << piece_records);
          const ValidationResult split = validate_in_pieces(*p, input, piece_records, max_findings, pieces);
          CHECK(pieces >= (records + piece_records - 1) / piece_records);
          CHECK(deterministic_report(split) == expected);
        }
        if (max_findings == 1000) {
          for (const ErrorCount& c : whole.error_counts) {
            if (c.type == ErrorType::unique_error) unique_findings_seen += c.count;
            if (c.type == ErrorType::primary_key_error) primary_key_findings_seen += c.count;
            if (c.type == ErrorType::record_too_large) other_kinds_seen[0] += c.count;
            if (c.type == ErrorType::extra_label) other_kinds_seen[1] += c.count;  // a fifth label, "id" again
            if (c.type == ErrorType::unterminated_quote) other_kinds_seen[2] += c.count;
          }
        }
      }
    }
  }
  // The generated inputs did exercise duplicates of both kinds.
  CHECK(unique_findings_seen > 100);
  CHECK(primary_key_findings_seen > 20);
  CHECK(other_kinds_seen[0] > 0);
  CHECK(other_kinds_seen[1] > 0);
  CHECK(other_kinds_seen[2] > 0);
}
