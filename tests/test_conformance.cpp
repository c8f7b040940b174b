// Conformance against external suites, read in place from ROWGUARD_CONFORMANCE_DIR (never copied
// into the repository): csv-spectrum (CSV tokenizing), JSONTestSuite (JSONL acceptance) and the
// frictionless-py test files (findings). Every expected value comes from the suites' own data or
// from ../shared/conformance/README.md, never from rowguard.
#include <simdjson.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "csv/scanner.hpp"
#include "rowguard/rowguard.hpp"

namespace fs = std::filesystem;
using namespace rowguard;

namespace {

// The conformance data must be there: a missing directory is a failure, never a silent skip.
fs::path conformance_dir(const char* suite) {
  const fs::path dir = fs::path(ROWGUARD_CONFORMANCE_DIR) / suite;
  if (!fs::is_directory(dir)) {
    FAIL("conformance suite directory is missing: " << dir.string()
                                                   << " (set ROWGUARD_CONFORMANCE_DIR to ../shared/conformance)");
  }
  return dir;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) FAIL("cannot open " << path.string());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Files of `dir` whose names start with `prefix` and end with `suffix`, sorted by name.
std::vector<fs::path> list_files(const fs::path& dir, std::string_view prefix, std::string_view suffix) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() >= prefix.size() + suffix.size() && name.starts_with(prefix) &&
        name.ends_with(suffix)) {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// ---------------------------------------------------------------------------------------------
// csv-spectrum

using CsvRecord = std::vector<std::string>;

// Tokenizes a whole CSV buffer with the internal scanner and decodes every field.
std::vector<CsvRecord> tokenize(std::string_view data, const Dialect& dialect) {
  detail::csv::Scanner scanner(dialect);
  detail::csv::Batch batch;
  const std::size_t stop =
      scanner.scan(data.data(), data.size(), 0, true, std::numeric_limits<std::size_t>::max(), batch);
  REQUIRE(stop == data.size());
  std::vector<CsvRecord> records;
  std::string scratch;
  for (const detail::csv::Record& rec : batch.records) {
    REQUIRE((rec.flags & detail::csv::comment) == 0);
    REQUIRE((rec.flags & detail::csv::unterminated_quote) == 0);
    REQUIRE((rec.flags & detail::csv::too_large) == 0);
    CsvRecord fields;
    std::uint32_t start = 0;
    for (std::uint32_t k = 0; k < rec.field_count; ++k) {
      const std::uint32_t end = batch.field_end(rec, k);
      const std::string_view raw = data.substr(rec.begin + start, end - start);
      fields.emplace_back(detail::csv::decode_field(raw, dialect, scratch));
      start = end + 1;  // past the delimiter
    }
    records.push_back(std::move(fields));
  }
  return records;
}

using JsonRecord = std::map<std::string, std::string>;

JsonRecord json_object_to_record(simdjson::dom::object object) {
  JsonRecord record;
  for (simdjson::dom::key_value_pair kv : object) {
    std::string_view value;
    REQUIRE(kv.value.get_string().get(value) == simdjson::SUCCESS);
    record.emplace(std::string(kv.key), std::string(value));
  }
  return record;
}

// The expected records of csv-spectrum's json/NAME.json: an array of objects of strings (or, for
// the upstream flaw in location_coordinates.json, one object).
std::vector<JsonRecord> load_expected(const fs::path& path) {
  simdjson::padded_string json;
  REQUIRE(simdjson::padded_string::load(path.string()).get(json) == simdjson::SUCCESS);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  REQUIRE(parser.parse(json).get(root) == simdjson::SUCCESS);
  std::vector<JsonRecord> out;
  simdjson::dom::array array;
  simdjson::dom::object object;
  if (root.get_array().get(array) == simdjson::SUCCESS) {
    for (simdjson::dom::element e : array) {
      REQUIRE(e.get_object().get(object) == simdjson::SUCCESS);
      out.push_back(json_object_to_record(object));
    }
  } else {
    REQUIRE(root.get_object().get(object) == simdjson::SUCCESS);
    out.push_back(json_object_to_record(object));
  }
  return out;
}

Schema all_string_schema(const CsvRecord& header) {
  Schema schema;
  for (const std::string& name : header) schema.add(name, Field::string());
  return schema;
}

// ---------------------------------------------------------------------------------------------
// Findings as "row,field_number,type" for readable comparisons.

std::string key(std::uint64_t row, std::uint32_t field_number, std::string_view type) {
  return std::to_string(row) + "," + std::to_string(field_number) + "," + std::string(type);
}

std::vector<std::string> keys_of(const ValidationResult& result) {
  std::vector<std::string> out;
  for (const Finding& f : result.findings) out.push_back(key(f.row, f.field_number, to_string(f.type)));
  return out;
}

ValidationResult validate_csv(const fs::path& file, const Schema& schema, const Dialect& dialect = {}) {
  ValidateOptions options;
  options.max_findings = 100'000;
  return Validator(compile(schema, dialect), options).validate_file(file);
}

}  // namespace

TEST_CASE("csv-spectrum: every file tokenizes to exactly its expected records", "[conformance][csv-spectrum]") {
  const fs::path dir = conformance_dir("csv-spectrum");
  const std::vector<fs::path> csvs = list_files(dir / "csvs", "", ".csv");
  // The suite has 12 cases; fewer means the data is incomplete and the test would prove less.
  REQUIRE(csvs.size() >= 12);

  for (const fs::path& csv_path : csvs) {
    const std::string name = csv_path.stem().string();
    INFO("csv-spectrum case " << name);
    const fs::path json_path = dir / "json" / (name + ".json");
    REQUIRE(fs::is_regular_file(json_path));

    const Dialect dialect;  // header on, comma, RFC 4180 quoting
    const std::string data = read_bytes(csv_path);
    const std::vector<CsvRecord> records = tokenize(data, dialect);
    REQUIRE(!records.empty());
    const CsvRecord& header = records.front();
    const std::vector<JsonRecord> expected = load_expected(json_path);
    REQUIRE(records.size() - 1 == expected.size());

    const bool location_flaw = name == "location_coordinates";
    for (std::size_t r = 0; r < expected.size(); ++r) {
      const CsvRecord& got = records[r + 1];
      INFO("data record " << r + 1);
      REQUIRE(got.size() == header.size());
      REQUIRE(expected[r].size() == header.size());
      for (std::size_t c = 0; c < header.size(); ++c) {
        INFO("column " << header[c]);
        // Upstream flaw (README): the expected phone number differs from the CSV; the other three
        // columns are the point of the case.
        if (location_flaw && header[c] == "Contact Phone Number") continue;
        const auto it = expected[r].find(header[c]);
        REQUIRE(it != expected[r].end());
        CHECK(got[c] == it->second);
      }
    }
    if (location_flaw) {
      const std::string& coordinates = records[1][1];
      CHECK(header[1] == "Location Coordinates");
      CHECK(coordinates.find("37.8\"N") != std::string::npos);  // bare quote kept literally
      CHECK(coordinates.find("17.9\"W") != std::string::npos);
      CHECK(coordinates.find("\xEF\xBF\xBD") != std::string::npos);  // U+FFFD survives
    }

    // The whole validation path agrees: an all-string schema from the header accepts every row.
    const ValidationResult result = validate_csv(csv_path, all_string_schema(header));
    CHECK(result.findings.empty());
    CHECK(result.is_valid());
    CHECK(result.total_rows == expected.size());
    CHECK(result.valid_rows == expected.size());
    CHECK(result.bytes_read == data.size());
  }
}

namespace {

// One JSONTestSuite file used as a JSONL line.
struct SuiteLine {
  std::string name;
  std::string content;
  std::uint64_t line = 0;  // 1-based line in the JSONL buffer
};

bool has_raw_newline(std::string_view s) { return s.find_first_of("\n\r") != std::string_view::npos; }

bool only_whitespace(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

// The first non-whitespace byte (JSON whitespace) decides whether a valid document is an object.
bool is_json_object_text(std::string_view s) {
  const std::size_t p = s.find_first_not_of(" \t\r\n");
  return p != std::string_view::npos && s[p] == '{';
}

// Builds one JSONL buffer from files, one per line, in name order, skipping files with a raw
// newline (they cannot be a single line).
std::vector<SuiteLine> make_lines(const std::vector<fs::path>& files, std::string& buffer) {
  std::vector<SuiteLine> lines;
  buffer.clear();
  for (const fs::path& file : files) {
    std::string content = read_bytes(file);
    if (has_raw_newline(content)) continue;
    SuiteLine l{file.filename().string(), std::move(content), lines.size() + 1};
    buffer += l.content;
    buffer += '\n';
    lines.push_back(std::move(l));
  }
  return lines;
}

Plan any_field_plan() {
  Schema schema{{"a", Field::any()}};
  return compile(schema);
}

}  // namespace

TEST_CASE("JSONTestSuite: exactly the n_ lines of a JSONL file are malformed", "[conformance][json-test-suite]") {
  const fs::path dir = conformance_dir("json-test-suite") / "test_parsing";
  std::vector<fs::path> files = list_files(dir, "n_", ".json");
  const std::vector<fs::path> y_files = list_files(dir, "y_", ".json");
  files.insert(files.end(), y_files.begin(), y_files.end());
  REQUIRE(files.size() >= 250);  // 188 n_ + 95 y_ upstream

  std::string buffer;
  const std::vector<SuiteLine> lines = make_lines(files, buffer);
  // README: five of these files hold a raw newline; a few more end in a trailing one. Most of the
  // suite must still take part.
  REQUIRE(lines.size() + 10 >= files.size());

  ValidateOptions options;
  options.max_findings = 1'000'000;
  const ValidationResult result = Validator(any_field_plan(), options).validate_buffer(buffer, Format::jsonl);
  REQUIRE_FALSE(result.findings_truncated);

  std::map<std::uint64_t, std::vector<const Finding*>> by_line;
  for (const Finding& f : result.findings) {
    CHECK(f.row == f.line);  // JSONL: the row number is the line number
    by_line[f.line].push_back(&f);
  }

  std::uint64_t expected_rows = 0;
  std::uint64_t expected_invalid = 0;
  for (const SuiteLine& l : lines) {
    INFO(l.name << " on line " << l.line);
    const auto it = by_line.find(l.line);
    const std::vector<const Finding*> found = it == by_line.end() ? std::vector<const Finding*>{} : it->second;
    const bool rejected = std::any_of(found.begin(), found.end(), [](const Finding* f) {
      return f->type == ErrorType::malformed_json || f->type == ErrorType::encoding_error;
    });
    if (l.name.starts_with("n_") && only_whitespace(l.content)) {
      // EXCEPTION: n_single_space and n_structure_no_data are empty or all-space documents, which
      // JSON rejects, but as JSONL lines they are blank lines, and JSONL skips blank lines by
      // definition (issue 2: "blank lines are skipped"). They must give no row and no finding.
      CHECK(found.empty());
      continue;
    }
    ++expected_rows;
    if (l.name.starts_with("n_")) {
      ++expected_invalid;
      CHECK(rejected);
      // Not valid JSON, so it cannot be "valid JSON but not an object".
      CHECK(std::none_of(found.begin(), found.end(),
                         [](const Finding* f) { return f->type == ErrorType::not_an_object; }));
    } else if (is_json_object_text(l.content)) {
      CHECK(found.empty());
    } else {
      ++expected_invalid;
      REQUIRE(found.size() == 1);
      CHECK(found.front()->type == ErrorType::not_an_object);
    }
  }
  // Every finding belongs to one of the lines (no stray line numbers).
  REQUIRE(!by_line.empty());
  CHECK(by_line.begin()->first >= 1);
  CHECK(by_line.rbegin()->first <= lines.size());
  CHECK(result.total_rows == expected_rows);
  CHECK(result.invalid_rows == expected_invalid);
  CHECK(result.valid_rows == expected_rows - expected_invalid);
  CHECK(result.bytes_read == buffer.size());
}

TEST_CASE("JSONTestSuite: the n_ blank documents are skipped blank lines", "[conformance][json-test-suite]") {
  const fs::path dir = conformance_dir("json-test-suite") / "test_parsing";
  for (const char* name : {"n_single_space.json", "n_structure_no_data.json"}) {
    INFO(name);
    const std::string content = read_bytes(dir / name);
    REQUIRE(only_whitespace(content));
    // Between two valid records: the blank line yields no row, and line numbers stay physical.
    const std::string buffer = "{\"a\":1}\n" + content + "\n{\"a\":2}\n";
    const ValidationResult result = Validator(any_field_plan()).validate_buffer(buffer, Format::jsonl);
    CHECK(result.total_rows == 2);
    CHECK(result.findings.empty());
    CHECK(result.is_valid());
  }
}

TEST_CASE("JSONTestSuite: i_ files never crash as JSONL lines", "[conformance][json-test-suite]") {
  const fs::path dir = conformance_dir("json-test-suite") / "test_parsing";
  const std::vector<fs::path> files = list_files(dir, "i_", ".json");
  REQUIRE(files.size() >= 30);
  const Validator validator(any_field_plan(), ValidateOptions{Format::jsonl, 1'000'000});

  std::string buffer;
  const std::vector<SuiteLine> lines = make_lines(files, buffer);
  REQUIRE(!lines.empty());
  // Any verdict is allowed; the reader must get through every line and account for each one.
  const ValidationResult all = validator.validate_buffer(buffer, Format::jsonl);
  CHECK(all.total_rows == lines.size());
  CHECK(all.valid_rows + all.invalid_rows == all.total_rows);
  for (const Finding& f : all.findings) {
    CHECK(f.line >= 1);
    CHECK(f.line <= lines.size());
  }
  // Each one alone, as the first line (BOM handling) and after a valid line.
  for (const SuiteLine& l : lines) {
    INFO(l.name);
    const ValidationResult first = validator.validate_buffer(l.content, Format::jsonl);
    CHECK(first.total_rows <= 1);
    const ValidationResult second = validator.validate_buffer("{}\n" + l.content + "\n", Format::jsonl);
    CHECK(second.total_rows == 2);
    CHECK(second.valid_rows >= 1);
  }
}

// ---------------------------------------------------------------------------------------------
// frictionless-py test data: the findings listed in the conformance README.

TEST_CASE("frictionless: schema-errors.csv with schema-valid.json", "[conformance][frictionless]") {
  const fs::path dir = conformance_dir("frictionless");
  const Schema schema = Schema::from_file(dir / "schema-valid.json");
  const ValidationResult result = validate_csv(dir / "schema-errors.csv", schema);
  const std::vector<std::string> expected{"4,1,type-error",      "4,2,constraint-error", "4,3,constraint-error",
                                          "5,1,constraint-error", "5,4,extra-cell",       "5,5,extra-cell",
                                          "5,6,extra-cell"};
  CHECK(keys_of(result) == expected);
  REQUIRE(result.findings.size() == expected.size());
  // name and age are required; id is required by the primary key.
  CHECK(result.findings[1].constraint == Constraint::required);
  CHECK(result.findings[2].constraint == Constraint::required);
  CHECK(result.findings[3].constraint == Constraint::required);
  CHECK(result.findings[0].field == "id");
  CHECK(result.findings[3].field == "id");
  CHECK(result.total_rows == 4);
  CHECK(result.invalid_rows == 2);
  CHECK(result.valid_rows == 2);
  CHECK_FALSE(result.is_valid());
}

TEST_CASE("frictionless: invalid.csv header and row findings", "[conformance][frictionless]") {
  const fs::path dir = conformance_dir("frictionless");
  // Four string fields named as Frictionless names them (blank label -> field3, second "name" ->
  // name2), matched by position (fieldsMatch exact, the default).
  Schema schema{{"id", Field::string()}, {"name", Field::string()}, {"field3", Field::string()},
                {"name2", Field::string()}};
  const ValidationResult result = validate_csv(dir / "invalid.csv", schema);
  // README: [-,3,blank-label] [-,4,duplicate-label] ...; label findings carry the header row 1 and
  // whole-row findings field number 0.
  const std::vector<std::string> expected{"1,3,blank-label",  "1,4,duplicate-label", "2,3,missing-cell",
                                          "2,4,missing-cell", "3,3,missing-cell",    "3,4,missing-cell",
                                          "4,0,blank-row",    "5,5,extra-cell"};
  CHECK(keys_of(result) == expected);
  CHECK(result.total_rows == 4);
  CHECK(result.invalid_rows == 4);
  CHECK_FALSE(result.is_valid());
}

TEST_CASE("frictionless: bom.csv's first label is id", "[conformance][frictionless]") {
  const fs::path dir = conformance_dir("frictionless");
  REQUIRE(read_bytes(dir / "bom.csv").starts_with("\xEF\xBB\xBF"));
  // Matched by position (a "\ufeffid" label would be incorrect) and by name (it would be missing).
  for (FieldsMatch mode : {FieldsMatch::exact, FieldsMatch::equal}) {
    INFO("fieldsMatch " << to_string(mode));
    Schema schema{{"id", Field::integer()}, {"name", Field::string()}};
    schema.fields_match(mode);
    const ValidationResult result = validate_csv(dir / "bom.csv", schema);
    CHECK(keys_of(result).empty());
    CHECK(result.is_valid());
    CHECK(result.total_rows == 2);
  }
}

TEST_CASE("frictionless: defective-rows.csv", "[conformance][frictionless]") {
  const fs::path dir = conformance_dir("frictionless");
  Schema schema{{"id", Field::integer()}, {"name", Field::string()}, {"age", Field::integer()}};
  const ValidationResult result = validate_csv(dir / "defective-rows.csv", schema);
  CHECK(keys_of(result) == std::vector<std::string>{"2,3,missing-cell", "3,4,extra-cell"});
  REQUIRE(!result.findings.empty());
  CHECK(result.findings[0].field == "age");
  CHECK(result.total_rows == 2);
  CHECK(result.invalid_rows == 2);
}

TEST_CASE("frictionless: blank-rows.csv", "[conformance][frictionless]") {
  const fs::path dir = conformance_dir("frictionless");
  Schema schema{{"id", Field::integer()}, {"name", Field::string()}, {"age", Field::integer()}};
  const ValidationResult result = validate_csv(dir / "blank-rows.csv", schema);
  CHECK(keys_of(result) == std::vector<std::string>{"4,0,blank-row"});
  CHECK(result.total_rows == 3);
  CHECK(result.valid_rows == 2);
  CHECK(result.invalid_rows == 1);

  // Issue 2: a dialect option may skip blank rows instead.
  Dialect skip;
  skip.skip_blank_rows = true;
  const ValidationResult skipped = validate_csv(dir / "blank-rows.csv", schema, skip);
  CHECK(keys_of(skipped).empty());
  CHECK(skipped.total_rows == 2);
  CHECK(skipped.is_valid());
}

TEST_CASE("frictionless: duplicate-headers.csv", "[conformance][frictionless]") {
  const fs::path dir = conformance_dir("frictionless");
  // Field names must be unique, so the schema names the fields as Frictionless infers them from
  // these labels (a repeated label gets its occurrence count appended: id, name, id2, age, id3).
  // Matched by position, labels 3 and 5 repeat label 1.
  Schema schema{{"id", Field::string()},  {"name", Field::string()}, {"id2", Field::string()},
                {"age", Field::string()}, {"id3", Field::string()}};
  const ValidationResult result = validate_csv(dir / "duplicate-headers.csv", schema);
  CHECK(keys_of(result) == std::vector<std::string>{"1,3,duplicate-label", "1,5,duplicate-label"});
  // The data rows themselves are fine.
  CHECK(result.total_rows == 2);
  CHECK(result.valid_rows == 2);
  CHECK(result.invalid_rows == 0);
  CHECK_FALSE(result.is_valid());
}

TEST_CASE("frictionless: ascii-notvalid.csv is one valid UTF-8 row", "[conformance][frictionless]") {
  const fs::path dir = conformance_dir("frictionless");
  Schema schema{{"A", Field::string()}, {"B", Field::string()}, {"C", Field::string()}};
  const ValidationResult result = validate_csv(dir / "ascii-notvalid.csv", schema);
  CHECK(keys_of(result).empty());
  CHECK(result.is_valid());
  CHECK(result.total_rows == 1);
  CHECK(result.valid_rows == 1);
}

TEST_CASE("frictionless: table.csv is valid", "[conformance][frictionless]") {
  const fs::path dir = conformance_dir("frictionless");
  Schema schema{{"id", Field::integer()}, {"name", Field::string()}};
  const ValidationResult result = validate_csv(dir / "table.csv", schema);
  CHECK(keys_of(result).empty());
  CHECK(result.is_valid());
  CHECK(result.total_rows == 2);
  CHECK(result.valid_rows == 2);
}
