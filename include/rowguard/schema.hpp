#pragma once
/// The schema: typed fields and their rules, built in C++ or loaded from a Frictionless Table
/// Schema. A Schema is plain data; compile() (plan.hpp) checks it and turns it into a Plan.
///
///   Schema schema{{"transaction_id", Field::string().required().pattern(R"(TX\d{10})")},
///                 {"amount", Field::number().required().min(0.01).max(1'000'000.0)}};

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "rowguard/dialect.hpp"

namespace rowguard {

/// The logical type of a field, as in Table Schema.
enum class Type : std::uint8_t { string, integer, number, boolean, date, datetime, any };

/// The Table Schema name of a type ("string", "integer", ...).
std::string_view to_string(Type type) noexcept;

/// How header labels are matched to schema fields (Table Schema `fieldsMatch`).
enum class FieldsMatch : std::uint8_t {
  exact,     ///< same fields, same order; matched by position (the default)
  equal,     ///< same fields in any order; matched by name
  subset,    ///< every schema field present, extra columns allowed; matched by name
  superset,  ///< only schema fields, some may be absent; matched by name
  partial,   ///< at least one schema field present; matched by name
};

/// The Table Schema name of a fieldsMatch mode ("exact", ...).
std::string_view to_string(FieldsMatch mode) noexcept;

/// A constant in a schema: a bound, or an enum member. Numbers for integer and number fields, text
/// in the field's format for dates and datetimes, true/false for booleans, text for strings.
class Literal {
 public:
  using Value = std::variant<std::int64_t, double, bool, std::string>;

  Literal(int v) : value_(std::int64_t{v}) {}
  Literal(long v) : value_(std::int64_t{v}) {}
  Literal(long long v) : value_(std::int64_t{v}) {}
  // Unsigned values beyond the int64 range are kept as doubles.
  Literal(unsigned v) : value_(std::int64_t{v}) {}
  Literal(unsigned long v) : value_(from_unsigned(v)) {}
  Literal(unsigned long long v) : value_(from_unsigned(v)) {}
  Literal(double v) : value_(v) {}
  Literal(bool v) : value_(v) {}
  Literal(const char* v) : value_(std::string(v)) {}
  Literal(std::string v) : value_(std::move(v)) {}
  Literal(std::string_view v) : value_(std::string(v)) {}

  /// The stored alternative.
  const Value& value() const noexcept { return value_; }
  /// The literal as it would be written in a Table Schema (numbers shortest round-trip).
  std::string to_string() const;

  friend bool operator==(const Literal&, const Literal&) = default;

 private:
  static Value from_unsigned(unsigned long long v) {
    if (v <= 9223372036854775807ULL) return std::int64_t(v);
    return static_cast<double>(v);
  }
  Value value_;
};

/// Everything a field says, as plain data. Field's builder methods fill it in.
struct FieldSpec {
  std::string name;
  Type type = Type::string;
  /// Table Schema `format`: "default"; for strings also "email", "uri", "uuid", "binary"; for
  /// dates and datetimes a strptime-style pattern such as "%d/%m/%Y".
  std::string format = "default";
  bool required = false;
  bool unique = false;
  std::optional<Literal> minimum;
  std::optional<Literal> maximum;
  std::optional<Literal> exclusive_minimum;
  std::optional<Literal> exclusive_maximum;
  std::optional<std::uint64_t> min_length;  ///< in Unicode code points
  std::optional<std::uint64_t> max_length;  ///< in Unicode code points
  std::optional<std::string> pattern;       ///< RE2 syntax, must match the whole value
  std::optional<std::vector<Literal>> enum_values;
  std::optional<std::vector<std::string>> missing_values;  ///< overrides the schema's list
  std::vector<std::string> true_values{"true", "True", "TRUE", "1"};
  std::vector<std::string> false_values{"false", "False", "FALSE", "0"};
  std::string decimal_char = ".";
  std::string group_char;   ///< empty: no grouping character
  bool bare_number = true;  ///< false: leading/trailing non-numeric text such as "$" or "%" is ignored
  std::string title;
  std::string description;
};

/// One field of a schema, built fluently: Field::integer().required().min(0).
class Field {
 public:
  /// A field of the given type with no rules.
  explicit Field(Type type = Type::string) { spec_.type = type; }

  static Field string() { return Field(Type::string); }
  static Field integer() { return Field(Type::integer); }
  static Field number() { return Field(Type::number); }
  static Field boolean() { return Field(Type::boolean); }
  static Field date() { return Field(Type::date); }
  static Field datetime() { return Field(Type::datetime); }
  static Field any() { return Field(Type::any); }

  /// A missing value fails this rule; a present value is then checked by the others.
  Field& required(bool on = true) { spec_.required = on; return *this; }
  /// No two rows may hold the same (typed) value; missing values are exempt.
  Field& unique(bool on = true) { spec_.unique = on; return *this; }
  /// Inclusive lower bound (integer, number, date, datetime).
  Field& min(Literal v) { spec_.minimum = std::move(v); return *this; }
  /// Inclusive upper bound (integer, number, date, datetime).
  Field& max(Literal v) { spec_.maximum = std::move(v); return *this; }
  /// Exclusive lower bound.
  Field& exclusive_min(Literal v) { spec_.exclusive_minimum = std::move(v); return *this; }
  /// Exclusive upper bound.
  Field& exclusive_max(Literal v) { spec_.exclusive_maximum = std::move(v); return *this; }
  /// Minimum length in Unicode code points (strings).
  Field& min_length(std::uint64_t n) { spec_.min_length = n; return *this; }
  /// Maximum length in Unicode code points (strings).
  Field& max_length(std::uint64_t n) { spec_.max_length = n; return *this; }
  /// RE2 regular expression the whole value must match (strings).
  Field& pattern(std::string re) { spec_.pattern = std::move(re); return *this; }
  /// The value must equal one of these (compared as typed values).
  Field& one_of(std::vector<Literal> values) { spec_.enum_values = std::move(values); return *this; }
  /// Table Schema `format` (see FieldSpec::format).
  Field& format(std::string f) { spec_.format = std::move(f); return *this; }
  /// Values that mean "missing" for this field, replacing the schema's list.
  Field& missing_values(std::vector<std::string> v) { spec_.missing_values = std::move(v); return *this; }
  /// Spellings of true for boolean fields.
  Field& true_values(std::vector<std::string> v) { spec_.true_values = std::move(v); return *this; }
  /// Spellings of false for boolean fields.
  Field& false_values(std::vector<std::string> v) { spec_.false_values = std::move(v); return *this; }
  /// Decimal separator for number fields.
  Field& decimal_char(std::string c) { spec_.decimal_char = std::move(c); return *this; }
  /// Thousands separator for integer and number fields, removed before parsing.
  Field& group_char(std::string c) { spec_.group_char = std::move(c); return *this; }
  /// When false, text around a number ("$5", "12%") is ignored.
  Field& bare_number(bool on) { spec_.bare_number = on; return *this; }
  /// Human-readable title and description (metadata only).
  Field& title(std::string t) { spec_.title = std::move(t); return *this; }
  Field& description(std::string d) { spec_.description = std::move(d); return *this; }

  /// The accumulated description.
  const FieldSpec& spec() const noexcept { return spec_; }
  FieldSpec& spec() noexcept { return spec_; }

 private:
  FieldSpec spec_;
};

/// An ordered list of named fields plus schema-wide settings.
class Schema {
 public:
  /// A field with its name, for brace-initialising a Schema.
  struct Entry {
    std::string name;
    Field field;
  };

  Schema() = default;
  Schema(std::initializer_list<Entry> fields);

  /// Appends a field.
  Schema& add(std::string name, Field field);
  /// Values that mean "missing" in every field (default: the empty string).
  Schema& missing_values(std::vector<std::string> values);
  /// Fields that together identify a row: each becomes required, and the combination unique.
  Schema& primary_key(std::vector<std::string> names);
  /// How header labels are matched to fields.
  Schema& fields_match(FieldsMatch mode);
  /// A Table Dialect that travels with the schema; compile(schema) uses it.
  Schema& dialect(Dialect d);

  const std::vector<FieldSpec>& fields() const noexcept { return fields_; }
  const std::vector<std::string>& missing_values() const noexcept { return missing_values_; }
  const std::vector<std::string>& primary_key() const noexcept { return primary_key_; }
  FieldsMatch fields_match() const noexcept { return fields_match_; }
  /// The dialect given in the schema document ("dialect" key, or a Data Package resource's), if any.
  const std::optional<Dialect>& dialect() const noexcept { return dialect_; }
  /// Notes from loading a Table Schema, e.g. properties rowguard does not know and ignored.
  const std::vector<std::string>& warnings() const noexcept { return warnings_; }

  /// Parses a Frictionless Table Schema descriptor, optionally carrying a "dialect" object, or a
  /// Data Package resource descriptor holding "schema" and "dialect". Throws SchemaError naming
  /// the field and keyword for anything malformed or unsupported.
  static Schema from_json(std::string_view table_schema_json);
  /// Reads and parses a Table Schema file. Throws IoError or SchemaError (message names the file).
  static Schema from_file(const std::filesystem::path& path);

 private:
  friend class SchemaLoader;
  std::vector<FieldSpec> fields_;
  std::vector<std::string> missing_values_{""};
  std::vector<std::string> primary_key_;
  FieldsMatch fields_match_ = FieldsMatch::exact;
  std::optional<Dialect> dialect_;
  std::vector<std::string> warnings_;
};

}  // namespace rowguard
