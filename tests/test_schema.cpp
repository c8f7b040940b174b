// Tests for the C++ schema builder and the rule compiler: what compile() accepts, what it turns a
// schema into, every contradiction it must reject (with the field and keyword named), and the plan
// fingerprint.
#include <catch2/catch.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <set>
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

std::optional<SchemaError> compile_error(const Schema& schema, const Dialect& dialect = {}) {
  return schema_error([&] { (void)compile(schema, dialect); });
}

// A one-field schema whose field is called `name`.
Schema one(const std::string& name, Field field) {
  Schema s;
  s.add(name, std::move(field));
  return s;
}

}  // namespace

// Checks that compiling fails, naming the field and the keyword in the error and its message.
#define REQUIRE_REJECTED(schema_expr, field_name, keyword_name) \
  REQUIRE_SCHEMA_ERROR(compile_error(schema_expr), field_name, keyword_name)

// ---- the builder -----------------------------------------------------------------------------

TEST_CASE("Field builders record every rule in the spec", "[schema]") {
  Field f = Field::string()
                .required()
                .unique()
                .min_length(2)
                .max_length(5)
                .pattern("[a-z]+")
                .one_of({"ab", "abc"})
                .format("email")
                .missing_values({"NA", "-"})
                .title("Title")
                .description("Words");
  const FieldSpec& s = f.spec();
  CHECK(s.type == Type::string);
  CHECK(s.required);
  CHECK(s.unique);
  CHECK(s.min_length == std::optional<std::uint64_t>(2));
  CHECK(s.max_length == std::optional<std::uint64_t>(5));
  CHECK(s.pattern == std::optional<std::string>("[a-z]+"));
  REQUIRE(s.enum_values);
  CHECK(*s.enum_values == std::vector<Literal>{Literal("ab"), Literal("abc")});
  CHECK(s.format == "email");
  CHECK(s.missing_values == std::optional<std::vector<std::string>>({"NA", "-"}));
  CHECK(s.title == "Title");
  CHECK(s.description == "Words");

  Field n = Field::number().min(0.01).max(1'000'000.0).exclusive_min(0).exclusive_max(2'000'000)
                .decimal_char(",").group_char(".").bare_number(false);
  CHECK(n.spec().type == Type::number);
  CHECK(n.spec().minimum == std::optional<Literal>(Literal(0.01)));
  CHECK(n.spec().maximum == std::optional<Literal>(Literal(1'000'000.0)));
  CHECK(n.spec().exclusive_minimum == std::optional<Literal>(Literal(0)));
  CHECK(n.spec().exclusive_maximum == std::optional<Literal>(Literal(2'000'000)));
  CHECK(n.spec().decimal_char == ",");
  CHECK(n.spec().group_char == ".");
  CHECK_FALSE(n.spec().bare_number);

  Field b = Field::boolean().true_values({"Y"}).false_values({"N"});
  CHECK(b.spec().true_values == std::vector<std::string>{"Y"});
  CHECK(b.spec().false_values == std::vector<std::string>{"N"});

  // Switching a rule off again.
  Field off = Field::integer().required().unique().required(false).unique(false);
  CHECK_FALSE(off.spec().required);
  CHECK_FALSE(off.spec().unique);
}

TEST_CASE("Field defaults follow Table Schema", "[schema]") {
  FieldSpec s = Field().spec();
  CHECK(s.type == Type::string);
  CHECK(s.format == "default");
  CHECK_FALSE(s.required);
  CHECK_FALSE(s.unique);
  CHECK_FALSE(s.minimum);
  CHECK_FALSE(s.maximum);
  CHECK_FALSE(s.pattern);
  CHECK_FALSE(s.enum_values);
  CHECK_FALSE(s.missing_values);
  // Table Schema boolean defaults.
  CHECK(s.true_values == std::vector<std::string>{"true", "True", "TRUE", "1"});
  CHECK(s.false_values == std::vector<std::string>{"false", "False", "FALSE", "0"});
  CHECK(s.decimal_char == ".");
  CHECK(s.group_char.empty());
  CHECK(s.bare_number);

  CHECK(Field::string().spec().type == Type::string);
  CHECK(Field::integer().spec().type == Type::integer);
  CHECK(Field::number().spec().type == Type::number);
  CHECK(Field::boolean().spec().type == Type::boolean);
  CHECK(Field::date().spec().type == Type::date);
  CHECK(Field::datetime().spec().type == Type::datetime);
  CHECK(Field::any().spec().type == Type::any);
}

TEST_CASE("Schema keeps fields in order with schema-wide settings", "[schema]") {
  Schema schema{{"transaction_id", Field::string().required().pattern(R"(TX\d{10})")},
                {"amount", Field::number().required().min(0.01).max(1'000'000.0)}};
  REQUIRE(schema.fields().size() == 2u);
  CHECK(schema.fields()[0].name == "transaction_id");
  CHECK(schema.fields()[0].type == Type::string);
  CHECK(schema.fields()[0].pattern == std::optional<std::string>(R"(TX\d{10})"));
  CHECK(schema.fields()[1].name == "amount");
  CHECK(schema.fields()[1].type == Type::number);
  // Table Schema defaults: missing values [""], fieldsMatch exact, no primary key, no warnings.
  CHECK(schema.missing_values() == std::vector<std::string>{""});
  CHECK(schema.fields_match() == FieldsMatch::exact);
  CHECK(schema.primary_key().empty());
  CHECK(schema.warnings().empty());

  schema.add("note", Field::string()).missing_values({"", "NA"}).primary_key({"transaction_id"}).fields_match(
      FieldsMatch::subset);
  REQUIRE(schema.fields().size() == 3u);
  CHECK(schema.fields()[2].name == "note");
  CHECK(schema.missing_values() == std::vector<std::string>{"", "NA"});
  CHECK(schema.primary_key() == std::vector<std::string>{"transaction_id"});
  CHECK(schema.fields_match() == FieldsMatch::subset);
}

TEST_CASE("names of types and fieldsMatch modes are the Table Schema names", "[schema]") {
  CHECK(to_string(Type::string) == "string");
  CHECK(to_string(Type::integer) == "integer");
  CHECK(to_string(Type::number) == "number");
  CHECK(to_string(Type::boolean) == "boolean");
  CHECK(to_string(Type::date) == "date");
  CHECK(to_string(Type::datetime) == "datetime");
  CHECK(to_string(Type::any) == "any");
  CHECK(to_string(FieldsMatch::exact) == "exact");
  CHECK(to_string(FieldsMatch::equal) == "equal");
  CHECK(to_string(FieldsMatch::subset) == "subset");
  CHECK(to_string(FieldsMatch::superset) == "superset");
  CHECK(to_string(FieldsMatch::partial) == "partial");
}

TEST_CASE("Literal keeps the alternative it was given and spells it as a schema would", "[schema]") {
  CHECK(std::holds_alternative<std::int64_t>(Literal(5).value()));
  CHECK(std::holds_alternative<std::int64_t>(Literal(5L).value()));
  CHECK(std::holds_alternative<std::int64_t>(Literal(5LL).value()));
  CHECK(std::holds_alternative<double>(Literal(5.0).value()));
  CHECK(std::holds_alternative<bool>(Literal(true).value()));
  CHECK(std::holds_alternative<std::string>(Literal("x").value()));
  CHECK(std::holds_alternative<std::string>(Literal(std::string("x")).value()));
  CHECK(std::holds_alternative<std::string>(Literal(std::string_view("x")).value()));
  CHECK(Literal(5).to_string() == "5");
  CHECK(Literal(-7).to_string() == "-7");
  CHECK(Literal(std::numeric_limits<std::int64_t>::min()).to_string() == "-9223372036854775808");
  CHECK(Literal(0.01).to_string() == "0.01");
  CHECK(Literal(2.5).to_string() == "2.5");
  CHECK(Literal(1e300).to_string() == "1e+300");
  CHECK(Literal(std::numeric_limits<double>::infinity()).to_string() == "INF");
  CHECK(Literal(-std::numeric_limits<double>::infinity()).to_string() == "-INF");
  CHECK(Literal(std::numeric_limits<double>::quiet_NaN()).to_string() == "NaN");
  CHECK(Literal(true).to_string() == "true");
  CHECK(Literal(false).to_string() == "false");
  CHECK(Literal("2024-01-01").to_string() == "2024-01-01");
  CHECK(Literal(1) == Literal(1L));
  CHECK_FALSE(Literal(1) == Literal(1.0));
}

// ---- compile(): what it builds ----------------------------------------------------------------

TEST_CASE("compile turns every field into a compiled field", "[schema]") {
  Schema schema{{"id", Field::integer().required().min(1)},
                {"amount", Field::number().min(0.01).exclusive_max(1e6)},
                {"code", Field::string().pattern("[A-Z]{3}").min_length(3).max_length(3)},
                {"day", Field::date().format("%d/%m/%Y").max("31/12/2024")},
                {"at", Field::datetime().exclusive_min("2024-01-01T00:00:00Z")},
                {"flag", Field::boolean()},
                {"user.id", Field::any()}};
  Dialect dialect = Dialect::tsv();
  Plan plan = compile(schema, dialect);
  REQUIRE(plan.field_count() == 7u);
  const auto& impl = plan.impl();
  REQUIRE(impl.fields.size() == 7u);
  for (std::uint32_t i = 0; i < 7; ++i) {
    CHECK(impl.fields[i].index == i);
    CHECK(impl.fields[i].name == schema.fields()[i].name);
    CHECK(impl.find_field(schema.fields()[i].name) == &impl.fields[i]);
  }
  CHECK(impl.find_field("nope") == nullptr);
  CHECK(plan.dialect() == dialect);
  CHECK(plan.schema().fields().size() == 7u);

  const auto& id = impl.fields[0];
  CHECK(id.type == Type::integer);
  CHECK(id.required);
  REQUIRE(id.minimum);
  CHECK(id.minimum->value.i == 1);
  CHECK(id.minimum->text == "1");
  CHECK(id.has_value_rules);

  const auto& amount = impl.fields[1];
  REQUIRE(amount.minimum);
  CHECK(amount.minimum->value.d == 0.01);
  REQUIRE(amount.exclusive_maximum);
  CHECK(amount.exclusive_maximum->value.d == 1e6);
  CHECK_FALSE(amount.maximum);

  const auto& code = impl.fields[2];
  REQUIRE(code.pattern);
  CHECK(code.pattern->full_match("ABC"));
  CHECK_FALSE(code.pattern->full_match("ABCD"));
  CHECK(code.min_length == std::optional<std::uint64_t>(3));
  CHECK(code.max_length == std::optional<std::uint64_t>(3));

  const auto& day = impl.fields[3];
  CHECK_FALSE(day.temporal.empty());
  REQUIRE(day.maximum);
  // 2024-12-31: 19723 days to 2024-01-01 plus 365.
  CHECK(day.maximum->value.i == 19723 + 365);

  const auto& at = impl.fields[4];
  REQUIRE(at.exclusive_minimum);
  CHECK(at.exclusive_minimum->value.t.seconds == 19723LL * 86400);

  CHECK_FALSE(impl.fields[5].has_value_rules);
  // Dotted names address nested JSON objects.
  CHECK(impl.fields[6].json_path == std::vector<std::string>{"user", "id"});
}

TEST_CASE("compile resolves missing values per schema and per field", "[schema]") {
  Schema schema;
  schema.add("a", Field::string()).add("b", Field::string().missing_values({"-"})).missing_values({"", "NA"});
  Plan plan = compile(schema);
  const auto& a = plan.impl().fields[0].missing;
  const auto& b = plan.impl().fields[1].missing;
  CHECK(a.is_missing(""));
  CHECK(a.is_missing("NA"));
  CHECK_FALSE(a.is_missing("-"));
  CHECK_FALSE(a.is_missing("na"));
  // A field's list replaces the schema's.
  CHECK(b.is_missing("-"));
  CHECK_FALSE(b.is_missing(""));
  CHECK_FALSE(b.is_missing("NA"));

  Plan defaults = compile(one("x", Field::string()));
  CHECK(defaults.impl().fields[0].missing.is_missing(""));
  CHECK_FALSE(defaults.impl().fields[0].missing.is_missing(" "));

  Plan nothing_missing = compile(one("x", Field::string().missing_values({})));
  CHECK_FALSE(nothing_missing.impl().fields[0].missing.is_missing(""));
}

TEST_CASE("a single-field primary key makes the field required and unique", "[schema]") {
  Schema schema{{"id", Field::integer()}, {"name", Field::string()}};
  schema.primary_key({"id"});
  Plan plan = compile(schema);
  const auto& id = plan.impl().fields[0];
  CHECK(id.required);
  CHECK(id.unique);
  CHECK(id.unique_slot >= 0);
  CHECK(plan.impl().composite_key.empty());
  CHECK(plan.impl().composite_key_slot == -1);
  const auto& name = plan.impl().fields[1];
  CHECK_FALSE(name.required);
  CHECK_FALSE(name.unique);
  CHECK(name.unique_slot == -1);
  // The schema the plan holds is the one given, not rewritten.
  CHECK_FALSE(plan.schema().fields()[0].required);
}

TEST_CASE("a composite primary key makes each field required and the combination unique", "[schema]") {
  Schema schema{{"a", Field::integer()}, {"b", Field::string()}, {"c", Field::string()}};
  schema.primary_key({"c", "a"});
  Plan plan = compile(schema);
  const auto& impl = plan.impl();
  CHECK(impl.fields[0].required);
  CHECK(impl.fields[2].required);
  CHECK_FALSE(impl.fields[1].required);
  // Each field alone may repeat; only the combination is unique.
  CHECK_FALSE(impl.fields[0].unique);
  CHECK_FALSE(impl.fields[2].unique);
  CHECK(impl.composite_key == std::vector<std::uint32_t>{2, 0});
  CHECK(impl.composite_key_slot >= 0);
}

TEST_CASE("unique fields get distinct unique slots", "[schema]") {
  Schema schema{{"a", Field::integer().unique()}, {"b", Field::string()}, {"c", Field::string().unique()}};
  Plan plan = compile(schema);
  const auto& impl = plan.impl();
  CHECK(impl.fields[0].unique);
  CHECK(impl.fields[2].unique);
  CHECK(impl.fields[0].unique_slot >= 0);
  CHECK(impl.fields[2].unique_slot >= 0);
  CHECK(impl.fields[0].unique_slot != impl.fields[2].unique_slot);
  CHECK(impl.unique_slots == 2u);
}

TEST_CASE("compile accepts bounds that leave at least one value", "[schema]") {
  CHECK_NOTHROW(compile(one("x", Field::integer().min(5).max(5))));
  CHECK_NOTHROW(compile(one("x", Field::number().exclusive_min(0).exclusive_max(0.001))));
  CHECK_NOTHROW(compile(one("x", Field::integer().min(std::numeric_limits<std::int64_t>::min())
                                     .max(std::numeric_limits<std::int64_t>::max()))));
  CHECK_NOTHROW(compile(one("x", Field::date().min("2024-01-01").max("2024-01-01"))));
  CHECK_NOTHROW(compile(one("x", Field::string().min_length(3).max_length(3))));
  CHECK_NOTHROW(compile(one("x", Field::string().min_length(0))));
  // Bounds on numbers may be written as integers or strings in the field's lexical form.
  CHECK_NOTHROW(compile(one("x", Field::number().min(1).max("2.5"))));
  CHECK_NOTHROW(compile(one("x", Field::integer().min(1.0).max("10"))));
  // Date bounds may be ISO text even when the field has its own format.
  CHECK_NOTHROW(compile(one("x", Field::date().format("%d/%m/%Y").min("2024-01-01"))));
}

TEST_CASE("compile accepts each supported format", "[schema]") {
  for (const char* format : {"default", "email", "uri", "uuid", "binary"}) {
    INFO(format);
    CHECK_NOTHROW(compile(one("x", Field::string().format(format))));
  }
  CHECK_NOTHROW(compile(one("x", Field::date().format("%Y-%m-%d"))));
  CHECK_NOTHROW(compile(one("x", Field::date().format("fmt:%d/%m/%Y"))));
  CHECK_NOTHROW(compile(one("x", Field::datetime().format("%Y-%m-%dT%H:%M:%S%z"))));
  CHECK_NOTHROW(compile(one("x", Field::integer().format("default"))));
  // Table Schema v1's "fmt:" prefix is stripped.
  Plan plan = compile(one("x", Field::date().format("fmt:%d/%m/%Y")));
  CHECK(plan.impl().fields[0].format_text == "%d/%m/%Y");
}

// ---- compile(): rejections -------------------------------------------------------------------

TEST_CASE("compile rejects a schema without fields", "[schema]") {
  REQUIRE_REJECTED(Schema{}, "", "fields");
}

TEST_CASE("compile rejects duplicate field names", "[schema]") {
  REQUIRE_REJECTED((Schema{{"id", Field::integer()}, {"name", Field::string()}, {"id", Field::string()}}), "id",
                   "name");
}

TEST_CASE("compile rejects an empty field name", "[schema]") {
  auto e = compile_error(Schema{{"a", Field::string()}, {"", Field::string()}});
  REQUIRE(e);
  CHECK(e->field().empty());
  CHECK(e->keyword() == "name");
  // The message says which field by position: the second.
  CHECK_THAT(std::string(e->what()), Contains("2"));
}

TEST_CASE("compile rejects minimum above maximum", "[schema]") {
  REQUIRE_REJECTED(one("qty", Field::integer().min(10).max(5)), "qty", "minimum");
  REQUIRE_REJECTED(one("amount", Field::number().min(0.5).max(0.25)), "amount", "minimum");
  REQUIRE_REJECTED(one("day", Field::date().min("2024-12-31").max("2024-01-01")), "day", "minimum");
  // Datetimes compare as instants: 01:00+01:00 is midnight UTC, before 00:30Z.
  REQUIRE_REJECTED(one("at", Field::datetime().min("2024-01-01T00:30:00Z").max("2024-01-01T01:00:00+01:00")), "at",
                   "minimum");
  auto e = compile_error(one("qty", Field::integer().min(10).max(5)));
  REQUIRE(e);
  CHECK_THAT(std::string(e->what()), Contains("10") && Contains("5") && Contains("maximum"));
}

TEST_CASE("compile rejects exclusive bounds that leave no value", "[schema]") {
  // Equal exclusive bounds: nothing is both above and below 5.
  REQUIRE_REJECTED(one("x", Field::integer().exclusive_min(5).exclusive_max(5)), "x", "exclusiveMinimum");
  REQUIRE_REJECTED(one("x", Field::number().exclusive_min(2.0).exclusive_max(1.0)), "x", "exclusiveMinimum");
  // Inclusive minimum equal to the exclusive maximum, and the mirror image.
  REQUIRE_REJECTED(one("x", Field::integer().min(5).exclusive_max(5)), "x", "minimum");
  REQUIRE_REJECTED(one("x", Field::integer().exclusive_min(5).max(5)), "x", "exclusiveMinimum");
  REQUIRE_REJECTED(one("x", Field::number().min(6).exclusive_max(5)), "x", "minimum");
  REQUIRE_REJECTED(one("x", Field::number().exclusive_min(6).max(5)), "x", "exclusiveMinimum");
  REQUIRE_REJECTED(one("x", Field::date().exclusive_min("2024-01-02").exclusive_max("2024-01-02")), "x",
                   "exclusiveMinimum");
  // Adjacent exclusive bounds of a discrete type: no integer lies strictly between 5 and 6, no
  // date between two consecutive days, no datetime between two a nanosecond apart.
  REQUIRE_REJECTED(one("x", Field::integer().exclusive_min(5).exclusive_max(6)), "x", "exclusiveMinimum");
  REQUIRE_REJECTED(one("x", Field::integer().exclusive_min(-1).exclusive_max(0)), "x", "exclusiveMinimum");
  REQUIRE_REJECTED(one("x", Field::date().exclusive_min("2024-01-01").exclusive_max("2024-01-02")), "x",
                   "exclusiveMinimum");
  REQUIRE_REJECTED(one("x", Field::date().exclusive_min("2024-02-29").exclusive_max("2024-03-01")), "x",
                   "exclusiveMinimum");
  REQUIRE_REJECTED(one("x", Field::datetime()
                                .exclusive_min("2024-01-01T00:00:00.999999999Z")
                                .exclusive_max("2024-01-01T00:00:01Z")),
                   "x", "exclusiveMinimum");
  // Bounds that do leave a value are fine.
  CHECK_NOTHROW(compile(one("x", Field::integer().exclusive_min(4).max(5))));
  CHECK_NOTHROW(compile(one("x", Field::integer().min(5).exclusive_max(6))));
  CHECK_NOTHROW(compile(one("x", Field::integer().exclusive_min(5).exclusive_max(7))));
  CHECK_NOTHROW(compile(one("x", Field::number().exclusive_min(5).exclusive_max(6))));
  CHECK_NOTHROW(compile(one("x", Field::date().exclusive_min("2024-01-01").exclusive_max("2024-01-03"))));
  CHECK_NOTHROW(compile(one("x", Field::datetime()
                                     .exclusive_min("2024-01-01T00:00:00.999999998Z")
                                     .exclusive_max("2024-01-01T00:00:01Z"))));
}

TEST_CASE("compile rejects minLength above maxLength", "[schema]") {
  REQUIRE_REJECTED(one("code", Field::string().min_length(4).max_length(3)), "code", "minLength");
  auto e = compile_error(one("code", Field::string().min_length(4).max_length(3)));
  REQUIRE(e);
  CHECK_THAT(std::string(e->what()), Contains("4") && Contains("3") && Contains("maxLength"));
}

TEST_CASE("compile rejects a pattern on a field that is not a string", "[schema]") {
  REQUIRE_REJECTED(one("n", Field::integer().pattern("[0-9]+")), "n", "pattern");
  REQUIRE_REJECTED(one("n", Field::number().pattern("[0-9]+")), "n", "pattern");
  REQUIRE_REJECTED(one("d", Field::date().pattern("2024.*")), "d", "pattern");
  REQUIRE_REJECTED(one("b", Field::boolean().pattern("true")), "b", "pattern");
}

TEST_CASE("compile rejects bounds on fields that have no order", "[schema]") {
  REQUIRE_REJECTED(one("s", Field::string().min(1)), "s", "minimum");
  REQUIRE_REJECTED(one("s", Field::string().max("z")), "s", "maximum");
  REQUIRE_REJECTED(one("s", Field::string().exclusive_min("a")), "s", "exclusiveMinimum");
  REQUIRE_REJECTED(one("s", Field::string().exclusive_max("z")), "s", "exclusiveMaximum");
  REQUIRE_REJECTED(one("b", Field::boolean().min(false)), "b", "minimum");
  REQUIRE_REJECTED(one("b", Field::boolean().max(true)), "b", "maximum");
  REQUIRE_REJECTED(one("a", Field::any().min(1)), "a", "minimum");
}

TEST_CASE("compile rejects length rules on fields that are not strings", "[schema]") {
  REQUIRE_REJECTED(one("n", Field::number().min_length(1)), "n", "minLength");
  REQUIRE_REJECTED(one("n", Field::number().max_length(5)), "n", "maxLength");
  REQUIRE_REJECTED(one("i", Field::integer().min_length(1)), "i", "minLength");
  REQUIRE_REJECTED(one("d", Field::date().max_length(10)), "d", "maxLength");
}

TEST_CASE("compile rejects bounds that are not values of the field's type", "[schema]") {
  REQUIRE_REJECTED(one("i", Field::integer().min("abc")), "i", "minimum");
  REQUIRE_REJECTED(one("i", Field::integer().max(1.5)), "i", "maximum");
  REQUIRE_REJECTED(one("i", Field::integer().min(true)), "i", "minimum");
  REQUIRE_REJECTED(one("n", Field::number().max("ten")), "n", "maximum");
  REQUIRE_REJECTED(one("d", Field::date().min("2024-13-01")), "d", "minimum");
  REQUIRE_REJECTED(one("d", Field::date().min(20240101)), "d", "minimum");
  REQUIRE_REJECTED(one("t", Field::datetime().max("2024-01-01")), "t", "maximum");
  REQUIRE_REJECTED(one("t", Field::datetime().exclusive_min("yesterday")), "t", "exclusiveMinimum");
}

TEST_CASE("compile rejects enum members that are not values of the field's type", "[schema]") {
  REQUIRE_REJECTED(one("i", Field::integer().one_of({1, "two"})), "i", "enum");
  REQUIRE_REJECTED(one("i", Field::integer().one_of({1, 2.5})), "i", "enum");
  REQUIRE_REJECTED(one("s", Field::string().one_of({"a", 1})), "s", "enum");
  REQUIRE_REJECTED(one("b", Field::boolean().one_of({"maybe"})), "b", "enum");
  REQUIRE_REJECTED(one("d", Field::date().one_of({"2023-02-29"})), "d", "enum");
  // Members in the field's lexical form are fine.
  CHECK_NOTHROW(compile(one("i", Field::integer().one_of({"1", 2}))));
  CHECK_NOTHROW(compile(one("b", Field::boolean().one_of({"TRUE", false}))));
}

TEST_CASE("compile rejects regexes RE2 cannot run, naming the field and keyword", "[schema]") {
  for (const char* pattern : {"(?=x)", "a(?!b)", "(?<=a)b", "(?<!a)b", R"((a)\1)", "a++", "(?>a)"}) {
    INFO("pattern: " << pattern);
    auto e = compile_error(one("code", Field::string().pattern(pattern)));
    REQUIRE(e);
    CHECK(e->field() == "code");
    CHECK(e->keyword() == "pattern");
    CHECK_THAT(std::string(e->what()), Contains("code") && Contains("pattern") && Contains("RE2"));
  }
  // Plain syntax errors are rejected the same way.
  REQUIRE_REJECTED(one("code", Field::string().pattern("(unclosed")), "code", "pattern");
  REQUIRE_REJECTED(one("code", Field::string().pattern("[z-a]")), "code", "pattern");
}

TEST_CASE("compile rejects unsupported formats", "[schema]") {
  // Table Schema's "any" asks the reader to guess the layout; rowguard does not guess.
  REQUIRE_REJECTED(one("d", Field::date().format("any")), "d", "format");
  REQUIRE_REJECTED(one("t", Field::datetime().format("any")), "t", "format");
  auto e = compile_error(one("d", Field::date().format("%d/%Q/%Y")));
  REQUIRE(e);
  CHECK(e->field() == "d");
  CHECK(e->keyword() == "format");
  CHECK_THAT(std::string(e->what()), Contains("%Q"));
  REQUIRE_REJECTED(one("d", Field::date().format("%Y-%m-%")), "d", "format");
  REQUIRE_REJECTED(one("t", Field::datetime().format("%a %H:%M")), "t", "format");
  REQUIRE_REJECTED(one("s", Field::string().format("ipv4")), "s", "format");
  REQUIRE_REJECTED(one("s", Field::string().format("any")), "s", "format");
  REQUIRE_REJECTED(one("i", Field::integer().format("%d")), "i", "format");
  REQUIRE_REJECTED(one("n", Field::number().format("currency")), "n", "format");
  REQUIRE_REJECTED(one("b", Field::boolean().format("yesno")), "b", "format");
}

TEST_CASE("compile rejects number syntax options on the wrong types", "[schema]") {
  REQUIRE_REJECTED(one("i", Field::integer().decimal_char(",")), "i", "decimalChar");
  REQUIRE_REJECTED(one("s", Field::string().decimal_char(",")), "s", "decimalChar");
  REQUIRE_REJECTED(one("n", Field::number().decimal_char(",,")), "n", "decimalChar");
  REQUIRE_REJECTED(one("s", Field::string().group_char(",")), "s", "groupChar");
  REQUIRE_REJECTED(one("d", Field::date().group_char(",")), "d", "groupChar");
  REQUIRE_REJECTED(one("s", Field::string().bare_number(false)), "s", "bareNumber");
  CHECK_NOTHROW(compile(one("i", Field::integer().group_char(",").bare_number(false))));
}

TEST_CASE("compile rejects a boolean field without true or false values", "[schema]") {
  REQUIRE_REJECTED(one("b", Field::boolean().true_values({})), "b", "trueValues");
  REQUIRE_REJECTED(one("b", Field::boolean().false_values({})), "b", "falseValues");
}

TEST_CASE("compile rejects an empty enum", "[schema]") {
  REQUIRE_REJECTED(one("s", Field::string().one_of({})), "s", "enum");
}

TEST_CASE("compile rejects primary keys naming unknown or repeated fields", "[schema]") {
  Schema unknown{{"id", Field::integer()}};
  unknown.primary_key({"ident"});
  REQUIRE_REJECTED(unknown, "ident", "primaryKey");

  Schema partly_unknown{{"a", Field::integer()}, {"b", Field::integer()}};
  partly_unknown.primary_key({"a", "c"});
  REQUIRE_REJECTED(partly_unknown, "c", "primaryKey");

  Schema repeated{{"a", Field::integer()}, {"b", Field::integer()}};
  repeated.primary_key({"a", "a"});
  REQUIRE_REJECTED(repeated, "a", "primaryKey");
}

TEST_CASE("compile rejects contradictory dialects", "[schema]") {
  Schema schema{{"a", Field::string()}};
  auto check_dialect = [&](const Dialect& d, const char* keyword) {
    auto e = compile_error(schema, d);
    REQUIRE(e);
    CHECK(e->field().empty());
    CHECK(e->keyword() == keyword);
    CHECK_THAT(std::string(e->what()), Contains("dialect"));
  };
  Dialect same;
  same.delimiter = '"';
  check_dialect(same, "quoteChar");
  Dialect same_custom;
  same_custom.delimiter = '\'';
  same_custom.quote_char = '\'';
  check_dialect(same_custom, "quoteChar");
  Dialect lf;
  lf.delimiter = '\n';
  check_dialect(lf, "delimiter");
  Dialect cr;
  cr.delimiter = '\r';
  check_dialect(cr, "delimiter");
  Dialect quote_lf;
  quote_lf.quote_char = '\n';
  check_dialect(quote_lf, "quoteChar");
  Dialect zero;
  zero.max_record_bytes = 0;
  check_dialect(zero, "maxRecordBytes");
  Dialect four_gib;  // record offsets are 32-bit: the limit must stay below 2^32
  four_gib.max_record_bytes = std::size_t{1} << 32;
  check_dialect(four_gib, "maxRecordBytes");
  Dialect largest;
  largest.max_record_bytes = (std::size_t{1} << 32) - 1;
  CHECK_NOTHROW(compile(Schema{{"a", Field::string()}}, largest));
  Dialect escape_is_delimiter;
  escape_is_delimiter.escape_char = ',';
  check_dialect(escape_is_delimiter, "escapeChar");
  Dialect comment_is_delimiter;
  comment_is_delimiter.comment_char = ',';
  check_dialect(comment_is_delimiter, "commentChar");
  Dialect comment_is_quote;
  comment_is_quote.comment_char = '"';
  check_dialect(comment_is_quote, "commentChar");

  // Ordinary dialects compile.
  CHECK_NOTHROW(compile(schema, Dialect::tsv()));
  Dialect semicolon;
  semicolon.delimiter = ';';
  semicolon.quote_char = '\'';
  semicolon.escape_char = '\\';
  semicolon.comment_char = '#';
  semicolon.max_record_bytes = 1;
  CHECK_NOTHROW(compile(schema, semicolon));
}

TEST_CASE("Dialect::tsv is the default dialect with a tab delimiter", "[schema]") {
  Dialect d = Dialect::tsv();
  CHECK(d.delimiter == '\t');
  Dialect expected;
  expected.delimiter = '\t';
  CHECK(d == expected);
  Dialect defaults;
  CHECK(defaults.delimiter == ',');
  CHECK(defaults.quote_char == '"');
  CHECK(defaults.double_quote);
  CHECK_FALSE(defaults.escape_char);
  CHECK(defaults.header);
  CHECK_FALSE(defaults.comment_char);
  CHECK_FALSE(defaults.skip_initial_space);
  CHECK(defaults.case_sensitive_header);
  CHECK(defaults.max_record_bytes == 16u * 1024u * 1024u);
}

// ---- fingerprint -----------------------------------------------------------------------------

namespace {

// Everything a plan is compiled from, editable before the Schema is built.
struct PlanInputs {
  std::vector<Schema::Entry> fields{
      {"id", Field::integer().required().min(1).max(1000)},
      {"name", Field::string().min_length(1).max_length(50).pattern("[A-Za-z ]+")},
      {"kind", Field::string().one_of({"a", "b"})},
      {"amount", Field::number()},
      {"flag", Field::boolean()},
      {"day", Field::date()}};
  std::optional<std::vector<std::string>> missing_values;
  std::vector<std::string> primary_key;
  FieldsMatch fields_match = FieldsMatch::exact;
  Dialect dialect;

  FieldSpec& spec(std::size_t i) { return fields[i].field.spec(); }

  Plan compile_plan() const {
    Schema s;
    for (const auto& e : fields) s.add(e.name, e.field);
    if (missing_values) s.missing_values(*missing_values);
    s.primary_key(primary_key);
    s.fields_match(fields_match);
    return compile(s, dialect);
  }
};

}  // namespace

TEST_CASE("equal schemas and dialects give equal fingerprints", "[schema]") {
  Plan a = PlanInputs{}.compile_plan();
  Plan b = PlanInputs{}.compile_plan();
  CHECK(a.fingerprint() == b.fingerprint());
  // 128 bits as lower-case hex.
  CHECK(a.fingerprint().size() == 32u);
  CHECK(a.fingerprint().find_first_not_of("0123456789abcdef") == std::string::npos);
  PlanInputs semicolon;
  semicolon.dialect.delimiter = ';';
  CHECK(semicolon.compile_plan().fingerprint() == semicolon.compile_plan().fingerprint());
  // Setting a value to its default is the same plan.
  PlanInputs explicit_defaults;
  explicit_defaults.missing_values = std::vector<std::string>{""};
  explicit_defaults.dialect = Dialect{};
  CHECK(explicit_defaults.compile_plan().fingerprint() == a.fingerprint());
  // A copy of a plan is the same plan.
  Plan copy = a;
  CHECK(copy.fingerprint() == a.fingerprint());
  CHECK(&copy.impl() == &a.impl());
}

TEST_CASE("the fingerprint changes when any rule changes", "[schema]") {
  using Edit = std::function<void(PlanInputs&)>;
  // Each edit changes one thing that can change a result.
  const std::vector<std::pair<const char*, Edit>> edits = {
      {"field name", [](PlanInputs& p) { p.fields[3].name = "value"; }},
      {"field type", [](PlanInputs& p) { p.spec(3).type = Type::integer; }},
      {"field order", [](PlanInputs& p) { std::swap(p.fields[1], p.fields[2]); }},
      {"extra field", [](PlanInputs& p) { p.fields.push_back({"extra", Field::string()}); }},
      {"required", [](PlanInputs& p) { p.spec(1).required = true; }},
      {"unique", [](PlanInputs& p) { p.spec(1).unique = true; }},
      {"minimum", [](PlanInputs& p) { p.spec(0).minimum = Literal(2); }},
      {"maximum", [](PlanInputs& p) { p.spec(0).maximum = Literal(999); }},
      {"no maximum", [](PlanInputs& p) { p.spec(0).maximum.reset(); }},
      {"exclusiveMinimum", [](PlanInputs& p) { p.spec(3).exclusive_minimum = Literal(0); }},
      {"exclusiveMaximum", [](PlanInputs& p) { p.spec(3).exclusive_maximum = Literal(0); }},
      {"minimum moved to exclusiveMinimum",
       [](PlanInputs& p) {
         p.spec(0).exclusive_minimum = p.spec(0).minimum;
         p.spec(0).minimum.reset();
       }},
      {"minLength", [](PlanInputs& p) { p.spec(1).min_length = 2; }},
      {"maxLength", [](PlanInputs& p) { p.spec(1).max_length = 49; }},
      {"pattern", [](PlanInputs& p) { p.spec(1).pattern = "[A-Za-z]+"; }},
      {"enum member", [](PlanInputs& p) { p.spec(2).enum_values = std::vector<Literal>{"a", "c"}; }},
      {"enum extra member", [](PlanInputs& p) { p.spec(2).enum_values->push_back("c"); }},
      {"format", [](PlanInputs& p) { p.spec(5).format = "%d/%m/%Y"; }},
      {"field missing values", [](PlanInputs& p) { p.spec(1).missing_values = std::vector<std::string>{"NA"}; }},
      {"field missing values empty", [](PlanInputs& p) { p.spec(1).missing_values = std::vector<std::string>{}; }},
      {"schema missing values", [](PlanInputs& p) { p.missing_values = std::vector<std::string>{"", "NA"}; }},
      {"trueValues", [](PlanInputs& p) { p.spec(4).true_values = {"yes"}; }},
      {"falseValues", [](PlanInputs& p) { p.spec(4).false_values = {"no"}; }},
      {"decimalChar", [](PlanInputs& p) { p.spec(3).decimal_char = ","; }},
      {"groupChar", [](PlanInputs& p) { p.spec(3).group_char = ","; }},
      {"bareNumber", [](PlanInputs& p) { p.spec(3).bare_number = false; }},
      {"primaryKey", [](PlanInputs& p) { p.primary_key = {"id"}; }},
      {"composite primaryKey", [](PlanInputs& p) { p.primary_key = {"id", "name"}; }},
      {"fieldsMatch", [](PlanInputs& p) { p.fields_match = FieldsMatch::equal; }},
      {"delimiter", [](PlanInputs& p) { p.dialect.delimiter = ';'; }},
      {"quoteChar", [](PlanInputs& p) { p.dialect.quote_char = '\''; }},
      {"doubleQuote", [](PlanInputs& p) { p.dialect.double_quote = false; }},
      {"escapeChar", [](PlanInputs& p) { p.dialect.escape_char = '\\'; }},
      {"header", [](PlanInputs& p) { p.dialect.header = false; }},
      {"commentChar", [](PlanInputs& p) { p.dialect.comment_char = '#'; }},
      {"skipInitialSpace", [](PlanInputs& p) { p.dialect.skip_initial_space = true; }},
      {"skipBlankRows", [](PlanInputs& p) { p.dialect.skip_blank_rows = true; }},
      {"caseSensitiveHeader", [](PlanInputs& p) { p.dialect.case_sensitive_header = false; }},
      {"maxRecordBytes", [](PlanInputs& p) { p.dialect.max_record_bytes = 1024; }},
  };
  const std::string base = PlanInputs{}.compile_plan().fingerprint();
  std::set<std::string> seen{base};
  for (const auto& [what, edit] : edits) {
    INFO("edit: " << what);
    PlanInputs inputs;
    edit(inputs);
    std::string fp = inputs.compile_plan().fingerprint();
    CHECK(fp != base);
    // Every edit is a different plan from every other.
    CHECK(seen.insert(fp).second);
  }
}
