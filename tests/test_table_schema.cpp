// Tests for loading Frictionless Table Schema and Table Dialect descriptors: every supported
// keyword, metadata accepted silently, unknown properties as warnings, unsupported keywords and
// malformed values as SchemaErrors naming the field and keyword, and file loading errors.
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "support.hpp"
#include "rowguard/dialect.hpp"
#include "rowguard/error.hpp"
#include "rowguard/plan.hpp"
#include "rowguard/schema.hpp"
#include "schema/plan_impl.hpp"

using namespace rowguard;
using namespace rowguard::test;
using Catch::Matchers::Contains;

namespace {

std::optional<SchemaError> load_error(const std::string& json) {
  return schema_error([&] { (void)Schema::from_json(json); });
}

std::optional<SchemaError> dialect_error(const std::string& json) {
  return schema_error([&] { (void)Dialect::from_json(json); });
}

// A schema with one field described by the JSON object members in `members`.
std::string one_field(const std::string& members) {
  return R"json({"fields": [{"name": "f")json" + (members.empty() ? "" : ", " + members) + "}]}";
}

FieldSpec load_one(const std::string& members) {
  Schema s = Schema::from_json(one_field(members));
  REQUIRE(s.fields().size() == 1u);
  return s.fields()[0];
}

std::filesystem::path temp_dir() {
  std::filesystem::path dir = rowguard::test::test_case_dir("table_schema");
  std::filesystem::create_directories(dir);
  return dir;
}

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  std::filesystem::path path = temp_dir() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  REQUIRE(out.good());
  return path;
}

}  // namespace

// Checks that loading the schema fails, naming the field and the keyword.
#define REQUIRE_LOAD_REJECTED(json_expr, field_name, keyword_name) \
  REQUIRE_SCHEMA_ERROR(load_error(json_expr), field_name, keyword_name)

#define REQUIRE_DIALECT_REJECTED(json_expr, keyword_name)                      \
  do {                                                                         \
    auto rejected_ = dialect_error(json_expr);                                 \
    REQUIRE(rejected_.has_value());                                            \
    CHECK(rejected_->field().empty());                                         \
    CHECK(rejected_->keyword() == (keyword_name));                             \
    CHECK_THAT(std::string(rejected_->what()), Contains(keyword_name));        \
  } while (false)

// ---- fields ----------------------------------------------------------------------------------

TEST_CASE("from_json reads fields in order with names and types", "[table-schema]") {
  Schema s = Schema::from_json(R"json({
    "fields": [
      {"name": "s", "type": "string"},
      {"name": "i", "type": "integer"},
      {"name": "n", "type": "number"},
      {"name": "b", "type": "boolean"},
      {"name": "d", "type": "date"},
      {"name": "t", "type": "datetime"},
      {"name": "a", "type": "any"},
      {"name": "untyped"}
    ]
  })json");
  REQUIRE(s.fields().size() == 8u);
  const char* names[] = {"s", "i", "n", "b", "d", "t", "a", "untyped"};
  const Type types[] = {Type::string, Type::integer,  Type::number, Type::boolean,
                        Type::date,   Type::datetime, Type::any,    Type::string};  // no type: string
  for (std::size_t i = 0; i < 8; ++i) {
    INFO("field " << i);
    CHECK(s.fields()[i].name == names[i]);
    CHECK(s.fields()[i].type == types[i]);
    CHECK(s.fields()[i].format == "default");
    CHECK_FALSE(s.fields()[i].required);
  }
  // Table Schema defaults for everything not given.
  CHECK(s.missing_values() == std::vector<std::string>{""});
  CHECK(s.primary_key().empty());
  CHECK(s.fields_match() == FieldsMatch::exact);
  CHECK(s.warnings().empty());
}

TEST_CASE("from_json reads format, title and description", "[table-schema]") {
  FieldSpec s = load_one(R"json("type": "string", "format": "email", "title": "E-mail", "description": "Where to write")json");
  CHECK(s.format == "email");
  CHECK(s.title == "E-mail");
  CHECK(s.description == "Where to write");
  FieldSpec d = load_one(R"json("type": "date", "format": "%d/%m/%Y")json");
  CHECK(d.format == "%d/%m/%Y");
}

TEST_CASE("from_json reads every supported constraint", "[table-schema]") {
  FieldSpec n = load_one(R"json("type": "integer", "constraints": {
      "required": true, "unique": true, "minimum": 1, "maximum": 100,
      "exclusiveMinimum": 0, "exclusiveMaximum": 101, "enum": [1, 2, 3]})json");
  CHECK(n.required);
  CHECK(n.unique);
  CHECK(n.minimum == std::optional<Literal>(Literal(1)));
  CHECK(n.maximum == std::optional<Literal>(Literal(100)));
  CHECK(n.exclusive_minimum == std::optional<Literal>(Literal(0)));
  CHECK(n.exclusive_maximum == std::optional<Literal>(Literal(101)));
  REQUIRE(n.enum_values);
  CHECK(*n.enum_values == std::vector<Literal>{Literal(1), Literal(2), Literal(3)});

  FieldSpec s = load_one(R"json("constraints": {"minLength": 2, "maxLength": 10, "pattern": "[a-z]+",
      "enum": ["ab", "cd"], "required": false, "unique": false})json");
  CHECK(s.min_length == std::optional<std::uint64_t>(2));
  CHECK(s.max_length == std::optional<std::uint64_t>(10));
  CHECK(s.pattern == std::optional<std::string>("[a-z]+"));
  REQUIRE(s.enum_values);
  CHECK(*s.enum_values == std::vector<Literal>{Literal("ab"), Literal("cd")});
  CHECK_FALSE(s.required);
  CHECK_FALSE(s.unique);

  // Numbers keep their JSON kind: a decimal stays a double, a string stays text.
  FieldSpec x = load_one(R"json("type": "number", "constraints": {"minimum": 0.5, "maximum": "1e3"})json");
  CHECK(x.minimum == std::optional<Literal>(Literal(0.5)));
  CHECK(x.maximum == std::optional<Literal>(Literal("1e3")));
  FieldSpec d = load_one(R"json("type": "date", "constraints": {"minimum": "2024-01-01"})json");
  CHECK(d.minimum == std::optional<Literal>(Literal("2024-01-01")));
  FieldSpec b = load_one(R"json("type": "boolean", "constraints": {"enum": [true]})json");
  REQUIRE(b.enum_values);
  CHECK(*b.enum_values == std::vector<Literal>{Literal(true)});
  // A length written as 3.0 is still the integer 3.
  FieldSpec l = load_one(R"json("constraints": {"maxLength": 3.0})json");
  CHECK(l.max_length == std::optional<std::uint64_t>(3));
}

TEST_CASE("from_json reads missingValues at schema and field level", "[table-schema]") {
  Schema s = Schema::from_json(R"json({
    "fields": [
      {"name": "a"},
      {"name": "b", "missingValues": ["-", "n/a"]},
      {"name": "c", "missingValues": []}
    ],
    "missingValues": ["", "NA"]
  })json");
  CHECK(s.missing_values() == std::vector<std::string>{"", "NA"});
  CHECK_FALSE(s.fields()[0].missing_values);
  CHECK(s.fields()[1].missing_values == std::optional<std::vector<std::string>>({"-", "n/a"}));
  CHECK(s.fields()[2].missing_values == std::optional<std::vector<std::string>>(std::vector<std::string>{}));

  Plan plan = compile(s);
  CHECK(plan.impl().fields[0].missing.is_missing("NA"));
  CHECK(plan.impl().fields[1].missing.is_missing("n/a"));
  CHECK_FALSE(plan.impl().fields[1].missing.is_missing("NA"));
  CHECK_FALSE(plan.impl().fields[2].missing.is_missing(""));

  // An empty schema-level list means no value is missing.
  Schema none = Schema::from_json(R"json({"fields": [{"name": "a"}], "missingValues": []})json");
  CHECK(none.missing_values().empty());
}

TEST_CASE("from_json reads boolean and number syntax keywords", "[table-schema]") {
  FieldSpec b = load_one(R"json("type": "boolean", "trueValues": ["Y", "yes"], "falseValues": ["N"])json");
  CHECK(b.true_values == std::vector<std::string>{"Y", "yes"});
  CHECK(b.false_values == std::vector<std::string>{"N"});
  FieldSpec n = load_one(R"json("type": "number", "decimalChar": ",", "groupChar": ".", "bareNumber": false)json");
  CHECK(n.decimal_char == ",");
  CHECK(n.group_char == ".");
  CHECK_FALSE(n.bare_number);
  FieldSpec i = load_one(R"json("type": "integer", "groupChar": " ", "bareNumber": true)json");
  CHECK(i.group_char == " ");
  CHECK(i.bare_number);
}

TEST_CASE("from_json reads primaryKey as a string or an array", "[table-schema]") {
  Schema one = Schema::from_json(R"json({"fields": [{"name": "id"}, {"name": "x"}], "primaryKey": "id"})json");
  CHECK(one.primary_key() == std::vector<std::string>{"id"});
  Plan plan = compile(one);
  CHECK(plan.impl().fields[0].required);
  CHECK(plan.impl().fields[0].unique);
  CHECK_FALSE(plan.impl().fields[1].required);

  Schema two = Schema::from_json(R"json({"fields": [{"name": "a"}, {"name": "b"}], "primaryKey": ["b", "a"]})json");
  CHECK(two.primary_key() == std::vector<std::string>{"b", "a"});
  Plan composite = compile(two);
  CHECK(composite.impl().composite_key == std::vector<std::uint32_t>{1, 0});

  Schema unknown = Schema::from_json(R"json({"fields": [{"name": "a"}], "primaryKey": "nope"})json");
  auto e = schema_error([&] { (void)compile(unknown); });
  REQUIRE(e);
  CHECK(e->field() == "nope");
  CHECK(e->keyword() == "primaryKey");
}

TEST_CASE("from_json reads all five fieldsMatch values", "[table-schema]") {
  const std::pair<const char*, FieldsMatch> modes[] = {{"exact", FieldsMatch::exact},
                                                       {"equal", FieldsMatch::equal},
                                                       {"subset", FieldsMatch::subset},
                                                       {"superset", FieldsMatch::superset},
                                                       {"partial", FieldsMatch::partial}};
  for (const auto& [name, mode] : modes) {
    INFO(name);
    Schema s = Schema::from_json(std::string(R"json({"fields": [{"name": "a"}], "fieldsMatch": ")json") + name +
                                 "\"}");
    CHECK(s.fields_match() == mode);
  }
  REQUIRE_LOAD_REJECTED(R"json({"fields": [{"name": "a"}], "fieldsMatch": "any"})json", "", "fieldsMatch");
  REQUIRE_LOAD_REJECTED(R"json({"fields": [{"name": "a"}], "fieldsMatch": "EXACT"})json", "", "fieldsMatch");
  REQUIRE_LOAD_REJECTED(R"json({"fields": [{"name": "a"}], "fieldsMatch": 1})json", "", "fieldsMatch");
}

TEST_CASE("from_json accepts an empty foreignKeys array", "[table-schema]") {
  Schema s = Schema::from_json(R"json({"fields": [{"name": "a"}], "foreignKeys": []})json");
  CHECK(s.warnings().empty());
}

TEST_CASE("a loaded schema compiles to the same plan as the builder", "[table-schema]") {
  Schema loaded = Schema::from_json(R"json({
    "fields": [
      {"name": "id", "type": "integer", "constraints": {"required": true, "minimum": 1}},
      {"name": "code", "type": "string", "constraints": {"pattern": "[A-Z]{3}", "maxLength": 3}}
    ]
  })json");
  Schema built{{"id", Field::integer().required().min(1)},
               {"code", Field::string().pattern("[A-Z]{3}").max_length(3)}};
  CHECK(compile(loaded).fingerprint() == compile(built).fingerprint());
}

// ---- metadata and unknown properties ---------------------------------------------------------

TEST_CASE("from_json accepts metadata silently", "[table-schema]") {
  Schema s = Schema::from_json(R"json({
    "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
    "name": "transactions",
    "title": "Transactions",
    "description": "One row per transaction",
    "homepage": "https://example.com",
    "profile": "tableschema",
    "fields": [
      {"name": "a", "title": "A", "description": "The a", "example": "x", "rdfType": "https://schema.org/Text"}
    ]
  })json");
  CHECK(s.warnings().empty());
  REQUIRE(s.fields().size() == 1u);
  CHECK(s.fields()[0].title == "A");
  CHECK(s.fields()[0].description == "The a");
}

TEST_CASE("from_json notes unknown properties as warnings", "[table-schema]") {
  Schema s = Schema::from_json(R"json({
    "fields": [{"name": "amount", "type": "number", "colour": "blue"}],
    "owner": "finance"
  })json");
  REQUIRE(s.warnings().size() == 2u);
  std::string all = s.warnings()[0] + "\n" + s.warnings()[1];
  CHECK_THAT(all, Contains("owner"));
  CHECK_THAT(all, Contains("colour") && Contains("amount"));
  // The warnings do not stop the schema from working.
  CHECK_NOTHROW(compile(s));
}

// ---- unsupported keywords --------------------------------------------------------------------

TEST_CASE("from_json rejects types rowguard does not support", "[table-schema]") {
  for (const char* type : {"geopoint", "geojson", "time", "year", "yearmonth", "duration", "object", "array",
                           "list", "float", "int", "String"}) {
    INFO(type);
    auto e = load_error(std::string(R"json({"fields": [{"name": "where", "type": ")json") + type + "\"}]}");
    REQUIRE(e);
    CHECK(e->field() == "where");
    CHECK(e->keyword() == "type");
    CHECK_THAT(std::string(e->what()), Contains("where") && Contains(type));
  }
}

TEST_CASE("from_json rejects unsupported constraints", "[table-schema]") {
  REQUIRE_LOAD_REJECTED(one_field(R"json("constraints": {"jsonSchema": {"type": "object"}})json"), "f", "jsonSchema");
  REQUIRE_LOAD_REJECTED(one_field(R"json("constraints": {"minimumLength": 3})json"), "f", "minimumLength");
}

TEST_CASE("from_json rejects unsupported field keywords", "[table-schema]") {
  REQUIRE_LOAD_REJECTED(one_field(R"json("type": "integer", "categories": [1, 2])json"), "f", "categories");
  REQUIRE_LOAD_REJECTED(one_field(R"json("categoriesOrdered": true)json"), "f", "categoriesOrdered");
  REQUIRE_LOAD_REJECTED(one_field(R"json("arrayItem": {"type": "integer"})json"), "f", "arrayItem");
  REQUIRE_LOAD_REJECTED(one_field(R"json("type": "number", "floatNumber": true)json"), "f", "floatNumber");
  REQUIRE_LOAD_REJECTED(one_field(R"json("itemType": "integer")json"), "f", "itemType");
  REQUIRE_LOAD_REJECTED(one_field(R"json("delimiter": ";")json"), "f", "delimiter");
}

TEST_CASE("from_json rejects foreign keys and unique keys", "[table-schema]") {
  REQUIRE_LOAD_REJECTED(R"json({"fields": [{"name": "a"}],
      "foreignKeys": [{"fields": "a", "reference": {"resource": "other", "fields": "id"}}]})json",
                        "", "foreignKeys");
  REQUIRE_LOAD_REJECTED(R"json({"fields": [{"name": "a"}], "foreignKeys": {}})json", "", "foreignKeys");
  REQUIRE_LOAD_REJECTED(R"json({"fields": [{"name": "a"}], "uniqueKeys": [["a"]]})json", "", "uniqueKeys");
}

// ---- malformed descriptors -------------------------------------------------------------------

TEST_CASE("from_json rejects text that is not a JSON object", "[table-schema]") {
  for (const char* json : {"", "   ", "{", R"json({"fields": [}")json", R"json({"fields": []} trailing)json",
                           R"json({'fields': []})json", "{\"fields\": [],}"}) {
    INFO("json: " << json);
    auto e = load_error(json);
    REQUIRE(e);
    CHECK_THAT(std::string(e->what()), Contains("JSON"));
  }
  for (const char* json : {"[]", "42", "\"fields\"", "null", "true"}) {
    INFO("json: " << json);
    auto e = load_error(json);
    REQUIRE(e);
    CHECK_THAT(std::string(e->what()), Contains("object"));
  }
  // Valid JSON numbers too large to read, and a malformed one: said so, not "not valid JSON".
  for (const char* number : {"99999999999999999999", "1e400", "01"}) {
    INFO("number: " << number);
    auto e = load_error(std::string(R"json({"fields": [{"name": "a", "constraints": {"maxLength": )json") + number + "}}]}");
    REQUIRE(e);
    CHECK_THAT(std::string(e->what()), Contains("has a number that cannot be read: it is malformed, or too large"));
  }
}

TEST_CASE("from_json requires a fields array of named objects", "[table-schema]") {
  REQUIRE_LOAD_REJECTED("{}", "", "fields");
  REQUIRE_LOAD_REJECTED(R"json({"name": "no fields"})json", "", "fields");
  REQUIRE_LOAD_REJECTED(R"json({"fields": {}})json", "", "fields");
  REQUIRE_LOAD_REJECTED(R"json({"fields": "a"})json", "", "fields");
  auto not_object = load_error(R"json({"fields": ["a"]})json");
  REQUIRE(not_object);
  CHECK(not_object->keyword() == "fields");
  CHECK_THAT(std::string(not_object->what()), Contains("object"));
  REQUIRE_LOAD_REJECTED(R"json({"fields": [{"type": "integer"}]})json", "", "name");
  REQUIRE_LOAD_REJECTED(R"json({"fields": [{"name": 5}]})json", "", "name");
  // An empty list loads but does not compile.
  Schema empty = Schema::from_json(R"json({"fields": []})json");
  CHECK(empty.fields().empty());
  auto e = schema_error([&] { (void)compile(empty); });
  REQUIRE(e);
  CHECK(e->keyword() == "fields");
}

TEST_CASE("from_json rejects values of the wrong JSON type, naming field and keyword", "[table-schema]") {
  REQUIRE_LOAD_REJECTED(one_field(R"json("constraints": {"required": "yes"})json"), "f", "required");
  REQUIRE_LOAD_REJECTED(one_field(R"json("constraints": {"required": 1})json"), "f", "required");
  REQUIRE_LOAD_REJECTED(one_field(R"json("constraints": {"unique": "true"})json"), "f", "unique");
  REQUIRE_LOAD_REJECTED(one_field(R"json("constraints": {"minLength": "3"})json"), "f", "minLength");
  REQUIRE_LOAD_REJECTED(one_field(R"json("constraints": {"minLength": -1})json"), "f", "minLength");
  REQUIRE_LOAD_REJECTED(one_field(R"json("constraints": {"maxLength": 2.5})json"), "f", "maxLength");
  REQUIRE_LOAD_REJECTED(one_field(R"json("constraints": {"maxLength": 1e30})json"), "f", "maxLength");
  REQUIRE_LOAD_REJECTED(one_field(R"json("constraints": {"maxLength": null})json"), "f", "maxLength");
  REQUIRE_LOAD_REJECTED(one_field(R"json("constraints": {"pattern": 5})json"), "f", "pattern");
  REQUIRE_LOAD_REJECTED(one_field(R"json("constraints": {"enum": "a"})json"), "f", "enum");
  REQUIRE_LOAD_REJECTED(one_field(R"json("constraints": {"enum": [["a"]]})json"), "f", "enum");
  REQUIRE_LOAD_REJECTED(one_field(R"json("constraints": {"enum": [null]})json"), "f", "enum");
  REQUIRE_LOAD_REJECTED(one_field(R"json("type": "integer", "constraints": {"minimum": [1]})json"), "f", "minimum");
  REQUIRE_LOAD_REJECTED(one_field(R"json("type": "integer", "constraints": {"maximum": {}})json"), "f", "maximum");
  REQUIRE_LOAD_REJECTED(one_field(R"json("type": "integer", "constraints": {"exclusiveMinimum": null})json"), "f",
                        "exclusiveMinimum");
  REQUIRE_LOAD_REJECTED(one_field(R"json("constraints": [])json"), "f", "constraints");
  REQUIRE_LOAD_REJECTED(one_field(R"json("type": 5)json"), "f", "type");
  REQUIRE_LOAD_REJECTED(one_field(R"json("format": true)json"), "f", "format");
  REQUIRE_LOAD_REJECTED(one_field(R"json("title": 1)json"), "f", "title");
  REQUIRE_LOAD_REJECTED(one_field(R"json("missingValues": "NA")json"), "f", "missingValues");
  REQUIRE_LOAD_REJECTED(one_field(R"json("missingValues": [1])json"), "f", "missingValues");
  REQUIRE_LOAD_REJECTED(one_field(R"json("type": "boolean", "trueValues": "yes")json"), "f", "trueValues");
  REQUIRE_LOAD_REJECTED(one_field(R"json("type": "boolean", "falseValues": [false])json"), "f", "falseValues");
  REQUIRE_LOAD_REJECTED(one_field(R"json("type": "number", "decimalChar": 1)json"), "f", "decimalChar");
  REQUIRE_LOAD_REJECTED(one_field(R"json("type": "number", "groupChar": null)json"), "f", "groupChar");
  REQUIRE_LOAD_REJECTED(one_field(R"json("type": "number", "bareNumber": "no")json"), "f", "bareNumber");
  REQUIRE_LOAD_REJECTED(R"json({"fields": [{"name": "a"}], "missingValues": "NA"})json", "", "missingValues");
  REQUIRE_LOAD_REJECTED(R"json({"fields": [{"name": "a"}], "primaryKey": 5})json", "", "primaryKey");
  REQUIRE_LOAD_REJECTED(R"json({"fields": [{"name": "a"}], "primaryKey": [5]})json", "", "primaryKey");
}

TEST_CASE("loaded schemas are checked by the compiler", "[table-schema]") {
  // from_json reads what is written; contradictions are compile errors naming field and keyword.
  const std::pair<const char*, const char*> cases[] = {
      {R"json("type": "integer", "decimalChar": ",")json", "decimalChar"},
      {R"json("type": "integer", "constraints": {"minimum": 5, "maximum": 1})json", "minimum"},
      {R"json("type": "integer", "constraints": {"pattern": "[0-9]+"})json", "pattern"},
      {R"json("constraints": {"pattern": "(?=x)"})json", "pattern"},
      {R"json("constraints": {"pattern": "(a)\\1"})json", "pattern"},
      {R"json("type": "date", "format": "any")json", "format"},
      {R"json("type": "date", "format": "%d/%q/%Y")json", "format"},
  };
  for (const auto& [members, keyword] : cases) {
    INFO(members);
    Schema s = Schema::from_json(one_field(members));
    auto e = schema_error([&] { (void)compile(s); });
    REQUIRE(e);
    CHECK(e->field() == "f");
    CHECK(e->keyword() == keyword);
  }
}

// ---- dialects --------------------------------------------------------------------------------

TEST_CASE("Dialect::from_json of an empty object is the default dialect", "[table-schema]") {
  CHECK(Dialect::from_json("{}") == Dialect{});
}

TEST_CASE("Dialect::from_json reads every supported property", "[table-schema]") {
  Dialect d = Dialect::from_json(R"json({
    "delimiter": ";",
    "quoteChar": "'",
    "doubleQuote": false,
    "escapeChar": "\\",
    "header": false,
    "commentChar": "#",
    "skipInitialSpace": true,
    "skipBlankRows": true,
    "caseSensitiveHeader": false,
    "maxRecordBytes": 1024,
    "lineTerminator": "\r\n",
    "headerRows": [1]
  })json");
  CHECK(d.delimiter == ';');
  CHECK(d.quote_char == '\'');
  CHECK_FALSE(d.double_quote);
  CHECK(d.escape_char == std::optional<char>('\\'));
  CHECK_FALSE(d.header);
  CHECK(d.comment_char == std::optional<char>('#'));
  CHECK(d.skip_initial_space);
  CHECK(d.skip_blank_rows);
  CHECK_FALSE(d.case_sensitive_header);
  CHECK(d.max_record_bytes == 1024u);

  CHECK(Dialect::from_json(R"json({"delimiter": "\t"})json") == Dialect::tsv());
  CHECK(Dialect::from_json(R"json({"header": true, "doubleQuote": true})json") == Dialect{});
  for (const char* terminator : {R"json("\n")json", R"json("\r\n")json", R"json("\r")json"}) {
    INFO(terminator);
    CHECK(Dialect::from_json(std::string(R"json({"lineTerminator": )json") + terminator + "}") == Dialect{});
  }
}

TEST_CASE("Dialect::from_json accepts metadata and version keys", "[table-schema]") {
  CHECK(Dialect::from_json(R"json({"$schema": "https://datapackage.org/profiles/2.0/tabledialect.json",
      "title": "Semicolons", "description": "d", "csvddfVersion": 1.2, "headerJoin": " "})json") == Dialect{});
}

TEST_CASE("Dialect::from_json rejects headerRows other than [1]", "[table-schema]") {
  CHECK(Dialect::from_json(R"json({"headerRows": [1]})json") == Dialect{});
  REQUIRE_DIALECT_REJECTED(R"json({"headerRows": [2]})json", "headerRows");
  REQUIRE_DIALECT_REJECTED(R"json({"headerRows": [1, 2]})json", "headerRows");
  REQUIRE_DIALECT_REJECTED(R"json({"headerRows": []})json", "headerRows");
  REQUIRE_DIALECT_REJECTED(R"json({"headerRows": 1})json", "headerRows");
}

TEST_CASE("Dialect::from_json rejects unknown and unsupported properties", "[table-schema]") {
  REQUIRE_DIALECT_REJECTED(R"json({"delimeter": ";"})json", "delimeter");
  REQUIRE_DIALECT_REJECTED(R"json({"commentRows": [1]})json", "commentRows");
  REQUIRE_DIALECT_REJECTED(R"json({"nullSequence": "\\N"})json", "nullSequence");
  REQUIRE_DIALECT_REJECTED(R"json({"sheetName": "Sheet1"})json", "sheetName");
}

TEST_CASE("Dialect::from_json rejects malformed values", "[table-schema]") {
  REQUIRE_DIALECT_REJECTED(R"json({"delimiter": ";;"})json", "delimiter");
  REQUIRE_DIALECT_REJECTED(R"json({"delimiter": ""})json", "delimiter");
  REQUIRE_DIALECT_REJECTED(R"json({"delimiter": 44})json", "delimiter");
  REQUIRE_DIALECT_REJECTED(R"json({"quoteChar": "''"})json", "quoteChar");
  REQUIRE_DIALECT_REJECTED(R"json({"escapeChar": "\\\\"})json", "escapeChar");
  REQUIRE_DIALECT_REJECTED(R"json({"commentChar": "//"})json", "commentChar");
  REQUIRE_DIALECT_REJECTED(R"json({"doubleQuote": "yes"})json", "doubleQuote");
  REQUIRE_DIALECT_REJECTED(R"json({"header": 1})json", "header");
  REQUIRE_DIALECT_REJECTED(R"json({"skipInitialSpace": null})json", "skipInitialSpace");
  REQUIRE_DIALECT_REJECTED(R"json({"skipBlankRows": "true"})json", "skipBlankRows");
  REQUIRE_DIALECT_REJECTED(R"json({"caseSensitiveHeader": 0})json", "caseSensitiveHeader");
  REQUIRE_DIALECT_REJECTED(R"json({"maxRecordBytes": -1})json", "maxRecordBytes");
  REQUIRE_DIALECT_REJECTED(R"json({"maxRecordBytes": 1.5})json", "maxRecordBytes");
  REQUIRE_DIALECT_REJECTED(R"json({"maxRecordBytes": "1024"})json", "maxRecordBytes");
  REQUIRE_DIALECT_REJECTED(R"json({"lineTerminator": "\n\n"})json", "lineTerminator");
  REQUIRE_DIALECT_REJECTED(R"json({"lineTerminator": ";"})json", "lineTerminator");
  REQUIRE(dialect_error("[]"));
  REQUIRE(dialect_error("{"));
  REQUIRE(dialect_error(""));
}

TEST_CASE("dialect contradictions from JSON are compile errors", "[table-schema]") {
  Schema schema{{"a", Field::string()}};
  const std::pair<const char*, const char*> cases[] = {
      {R"json({"delimiter": "\""})json", "quoteChar"},
      {R"json({"delimiter": "\n"})json", "delimiter"},
      {R"json({"maxRecordBytes": 0})json", "maxRecordBytes"},
  };
  for (const auto& [json, keyword] : cases) {
    INFO(json);
    Dialect d = Dialect::from_json(json);
    auto e = schema_error([&] { (void)compile(schema, d); });
    REQUIRE(e);
    CHECK(e->keyword() == keyword);
  }
}

// ---- files -----------------------------------------------------------------------------------

TEST_CASE("Schema::from_file reads a Table Schema file", "[table-schema]") {
  auto path = write_temp("from_file_ok.schema.json",
                         R"json({"fields": [{"name": "id", "type": "integer"}], "primaryKey": "id"})json");
  Schema s = Schema::from_file(path);
  REQUIRE(s.fields().size() == 1u);
  CHECK(s.fields()[0].name == "id");
  CHECK(s.fields()[0].type == Type::integer);
  CHECK(s.primary_key() == std::vector<std::string>{"id"});
}

TEST_CASE("Dialect::from_file reads a Table Dialect file", "[table-schema]") {
  auto path = write_temp("from_file_ok.dialect.json", R"json({"delimiter": "|", "header": false})json");
  Dialect d = Dialect::from_file(path);
  CHECK(d.delimiter == '|');
  CHECK_FALSE(d.header);
}

TEST_CASE("from_file on a missing file throws IoError naming the file", "[table-schema]") {
  std::filesystem::path missing = temp_dir() / "does_not_exist.schema.json";
  std::filesystem::remove(missing);
  try {
    (void)Schema::from_file(missing);
    FAIL("no IoError");
  } catch (const IoError& e) {
    CHECK(e.path().string() == missing.string());
    CHECK_THAT(std::string(e.what()), Contains(missing.string()));
  }
  std::filesystem::path missing_dialect = temp_dir() / "does_not_exist.dialect.json";
  std::filesystem::remove(missing_dialect);
  try {
    (void)Dialect::from_file(missing_dialect);
    FAIL("no IoError");
  } catch (const IoError& e) {
    CHECK(e.path().string() == missing_dialect.string());
    CHECK_THAT(std::string(e.what()), Contains(missing_dialect.string()));
  }
  // A file in a directory that does not exist.
  CHECK_THROWS_AS(Schema::from_file(temp_dir() / "no_such_dir" / "schema.json"), IoError);
  // A directory is not a readable file: an I/O error, not a schema error.
  std::filesystem::path dir = temp_dir() / "a_directory.schema.json";
  std::filesystem::create_directories(dir);
  try {
    (void)Schema::from_file(dir);
    FAIL("no IoError");
  } catch (const IoError& e) {
    CHECK(e.path().string() == dir.string());
    CHECK_THAT(std::string(e.what()), Contains(dir.string()) && Contains("directory"));
  }
  CHECK_THROWS_AS(Dialect::from_file(dir), IoError);
}

TEST_CASE("a SchemaError from a file names the file, the field and the keyword", "[table-schema]") {
  auto path = write_temp("from_file_bad_type.schema.json",
                         R"json({"fields": [{"name": "where", "type": "geopoint"}]})json");
  try {
    (void)Schema::from_file(path);
    FAIL("no SchemaError");
  } catch (const SchemaError& e) {
    CHECK(e.field() == "where");
    CHECK(e.keyword() == "type");
    CHECK_THAT(std::string(e.what()), Contains(path.string()) && Contains("where") && Contains("geopoint"));
  }

  auto malformed = write_temp("from_file_malformed.schema.json", R"json({"fields": [)json");
  try {
    (void)Schema::from_file(malformed);
    FAIL("no SchemaError");
  } catch (const SchemaError& e) {
    CHECK_THAT(std::string(e.what()), Contains(malformed.string()) && Contains("JSON"));
  }

  auto dialect = write_temp("from_file_bad.dialect.json", R"json({"delimiter": "ab"})json");
  try {
    (void)Dialect::from_file(dialect);
    FAIL("no SchemaError");
  } catch (const SchemaError& e) {
    CHECK(e.keyword() == "delimiter");
    CHECK_THAT(std::string(e.what()), Contains(dialect.string()) && Contains("delimiter"));
  }
}

TEST_CASE("a schema may carry its dialect, which compile(schema) uses", "[table-schema]") {
  Schema s = Schema::from_json(R"({"fields": [{"name": "id", "type": "integer"}],
                                   "dialect": {"delimiter": ";", "header": false}})");
  REQUIRE(s.dialect().has_value());
  CHECK(s.dialect()->delimiter == ';');
  CHECK_FALSE(s.dialect()->header);
  CHECK(s.warnings().empty());
  CHECK(compile(s).dialect().delimiter == ';');
  Dialect explicit_dialect;
  explicit_dialect.delimiter = '|';
  CHECK(compile(s, explicit_dialect).dialect().delimiter == '|');
  // Without an embedded dialect, compile(schema) uses the default one.
  CHECK(compile(Schema::from_json(R"({"fields": [{"name": "id"}]})")).dialect() == Dialect{});
}

TEST_CASE("a Data Package resource descriptor gives the schema and dialect", "[table-schema]") {
  Schema s = Schema::from_json(R"({"name": "orders", "path": "orders.csv", "encoding": "UTF-8",
                                   "schema": {"fields": [{"name": "id", "type": "integer"}], "primaryKey": "id"},
                                   "dialect": {"delimiter": "\t"}})");
  REQUIRE(s.fields().size() == 1);
  CHECK(s.fields()[0].name == "id");
  CHECK(s.primary_key() == std::vector<std::string>{"id"});
  REQUIRE(s.dialect().has_value());
  CHECK(s.dialect()->delimiter == '\t');
}

TEST_CASE("resource and dialect forms rowguard cannot use are errors naming the keyword", "[table-schema]") {
  auto keyword_of = [](std::string_view json) {
    try {
      (void)Schema::from_json(json);
    } catch (const SchemaError& e) {
      return e.keyword();
    }
    return std::string("no error");
  };
  CHECK(keyword_of(R"({"schema": "schema.json"})") == "schema");
  CHECK(keyword_of(R"({"schema": {"fields": [{"name": "a"}]}, "encoding": "latin-1"})") == "encoding");
  CHECK(keyword_of(R"({"fields": [{"name": "a"}], "dialect": "dialect.json"})") == "dialect");
  CHECK(keyword_of(R"({"fields": [{"name": "a"}], "dialect": {"delimiter": ";;"}})") == "delimiter");
}
