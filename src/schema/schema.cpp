// Schema and Field builders, names of enums, and the error types.
#include <array>
#include <charconv>
#include <cmath>
#include <string>

#include "check/values.hpp"
#include "rowguard/error.hpp"
#include "rowguard/result.hpp"
#include "rowguard/schema.hpp"

namespace rowguard {

SchemaError::SchemaError(std::string field, std::string keyword, const std::string& message)
    : std::runtime_error(message), field_(std::move(field)), keyword_(std::move(keyword)) {}

IoError::IoError(std::filesystem::path path, const std::string& cause)
    : std::runtime_error(path.string() + ": " + cause), path_(std::move(path)) {}

std::string_view to_string(Type type) noexcept {
  switch (type) {
    case Type::string: return "string";
    case Type::integer: return "integer";
    case Type::number: return "number";
    case Type::boolean: return "boolean";
    case Type::date: return "date";
    case Type::datetime: return "datetime";
    case Type::any: return "any";
  }
  return "unknown";
}

std::string_view to_string(FieldsMatch mode) noexcept {
  switch (mode) {
    case FieldsMatch::exact: return "exact";
    case FieldsMatch::equal: return "equal";
    case FieldsMatch::subset: return "subset";
    case FieldsMatch::superset: return "superset";
    case FieldsMatch::partial: return "partial";
  }
  return "unknown";
}

std::string Literal::to_string() const {
  struct Visitor {
    std::string operator()(std::int64_t v) const { return std::to_string(v); }
    std::string operator()(double v) const { return detail::format_double(v); }
    std::string operator()(bool v) const { return v ? "true" : "false"; }
    std::string operator()(const std::string& v) const { return v; }
  };
  return std::visit(Visitor{}, value_);
}

Schema::Schema(std::initializer_list<Entry> fields) {
  for (const auto& e : fields) add(e.name, e.field);
}

Schema& Schema::add(std::string name, Field field) {
  FieldSpec spec = field.spec();
  spec.name = std::move(name);
  fields_.push_back(std::move(spec));
  return *this;
}

Schema& Schema::missing_values(std::vector<std::string> values) {
  missing_values_ = std::move(values);
  return *this;
}

Schema& Schema::primary_key(std::vector<std::string> names) {
  primary_key_ = std::move(names);
  return *this;
}

Schema& Schema::fields_match(FieldsMatch mode) {
  fields_match_ = mode;
  return *this;
}

Schema& Schema::dialect(Dialect d) {
  dialect_ = std::move(d);
  return *this;
}

namespace {
constexpr std::array<std::string_view, error_type_count> error_type_names{
    "blank-label", "duplicate-label", "extra-label",  "missing-label",      "incorrect-label",
    "blank-row",   "extra-cell",      "missing-cell", "type-error",         "constraint-error",
    "unique-error", "primary-key",    "encoding-error", "malformed-json",   "not-an-object",
    "unterminated-quote", "record-too-large"};
constexpr std::array<std::string_view, constraint_count> constraint_names{
    "",         "required",         "enum",             "minimum",   "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "minLength", "maxLength",       "pattern",   "unique"};
}  // namespace

std::string_view to_string(ErrorType type) noexcept {
  return error_type_names[static_cast<std::size_t>(type)];
}

std::string_view to_string(Constraint constraint) noexcept {
  return constraint_names[static_cast<std::size_t>(constraint)];
}

std::optional<ErrorType> error_type_from_string(std::string_view name) noexcept {
  for (std::size_t i = 0; i < error_type_names.size(); ++i) {
    if (error_type_names[i] == name) return static_cast<ErrorType>(i);
  }
  return std::nullopt;
}

std::optional<Constraint> constraint_from_string(std::string_view name) noexcept {
  for (std::size_t i = 1; i < constraint_names.size(); ++i) {
    if (constraint_names[i] == name) return static_cast<Constraint>(i);
  }
  return std::nullopt;
}

std::uint64_t ValidationResult::total_findings() const noexcept {
  std::uint64_t n = 0;
  for (const auto& c : error_counts) n += c.count;
  return n;
}

}  // namespace rowguard
