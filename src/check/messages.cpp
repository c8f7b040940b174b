// Human-readable messages for cell findings. Built only for the findings a result keeps.
#include <string>

#include "check/cell_check.hpp"

namespace rowguard::detail {
namespace {

std::string quoted(std::string_view value) { return "\"" + display_value(value, 80) + "\""; }

// Numbers read naturally unquoted; everything else is quoted so spaces and emptiness show.
std::string shown(const CompiledField& f, std::string_view value) {
  if (f.type == Type::integer || f.type == Type::number) return display_value(value, 80);
  return quoted(value);
}

std::string characters(std::uint64_t n) { return std::to_string(n) + (n == 1 ? " character" : " characters"); }

// A value written as a decimal number, [+-]digits[.digits][(e|E)[+-]digits], so that quoting
// would only add noise ("1.5 is not an integer"); "1e", "1.2.3" and "e5" are quoted.
bool looks_numeric(std::string_view v) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
    return i > start;
  };
  if (i < v.size() && (v[i] == '-' || v[i] == '+')) ++i;
  if (!digits()) return false;
  if (i < v.size() && v[i] == '.') {
    ++i;
    digits();
  }
  if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
    ++i;
    if (i < v.size() && (v[i] == '-' || v[i] == '+')) ++i;
    if (!digits()) return false;
  }
  return i == v.size();
}

std::string expected_json_kind(Type type) {
  switch (type) {
    case Type::integer: return "a JSON integer";
    case Type::number: return "a JSON number";
    case Type::boolean: return "true or false";
    default: return "a JSON string";
  }
}

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

std::string type_message(const CompiledField& f, const CellVerdict& v, std::string_view value) {
  const bool numeric = (f.type == Type::integer || f.type == Type::number) && looks_numeric(value);
  std::string q = numeric ? display_value(value, 80) : quoted(value);
  switch (v.type_problem) {
    case TypeProblem::not_integer: return q + " is not an integer";
    case TypeProblem::integer_out_of_range: return q + " is outside the 64-bit integer range";
    case TypeProblem::not_number: return q + " is not a number";
    case TypeProblem::not_boolean:
      return q + " is not a boolean (true: " + join(f.true_values) + "; false: " + join(f.false_values) + ")";
    case TypeProblem::not_date:
      return q + " is not a date in the format " + (f.temporal.empty() ? "YYYY-MM-DD" : f.format_text);
    case TypeProblem::not_datetime:
      return q + " is not a datetime in the format " +
             (f.temporal.empty() ? "YYYY-MM-DDThh:mm:ss[.f][Z|+hh:mm]" : f.format_text);
    case TypeProblem::not_email: return q + " is not an email address";
    case TypeProblem::not_uri: return q + " is not a URI";
    case TypeProblem::not_uuid: return q + " is not a UUID";
    case TypeProblem::not_base64: return q + " is not base64 binary data";
    case TypeProblem::wrong_json_type: {
      // A string is quoted, so that "2" and 2 read differently; other kinds show as written.
      const auto kind = static_cast<JsonKind>(v.detail);
      const std::string shown = kind == JsonKind::null     ? std::string()
                                : kind == JsonKind::string ? " " + quoted(value)
                                                           : " " + display_value(value, 80);
      return "expected " + expected_json_kind(f.type) + ", got a JSON " + std::string(json_kind_name(kind)) + shown;
    }
    case TypeProblem::none: break;
  }
  return q + " has the wrong type";
}

}  // namespace

std::string_view json_kind_name(JsonKind kind) noexcept {
  switch (kind) {
    case JsonKind::array: return "array";
    case JsonKind::object: return "object";
    case JsonKind::number: return "number";
    case JsonKind::string: return "string";
    case JsonKind::boolean: return "boolean";
    case JsonKind::null: return "null";
  }
  return "value";
}

std::string describe_cell(const CompiledField& f, ErrorType type, Constraint constraint,
                          const CellVerdict& verdict, std::string_view value) {
  std::string head = f.name + ": ";
  if (type == ErrorType::type_error) return head + type_message(f, verdict, value);
  std::string v = shown(f, value);
  switch (constraint) {
    case Constraint::required: return head + "a value is required";
    case Constraint::enumeration: return head + v + " is not one of: " + f.enum_text;
    case Constraint::minimum: return head + v + " is below the minimum " + f.minimum->text;
    case Constraint::maximum: return head + v + " is above the maximum " + f.maximum->text;
    case Constraint::exclusive_minimum:
      return head + v + " is not above the exclusive minimum " + f.exclusive_minimum->text;
    case Constraint::exclusive_maximum:
      return head + v + " is not below the exclusive maximum " + f.exclusive_maximum->text;
    case Constraint::min_length:
      return head + v + " has " + characters(verdict.length) + ", fewer than the minimum length " +
             std::to_string(*f.min_length);
    case Constraint::max_length:
      return head + v + " has " + characters(verdict.length) + ", more than the maximum length " +
             std::to_string(*f.max_length);
    case Constraint::pattern: return head + v + " does not match the pattern " + f.pattern_text;
    case Constraint::unique:
    case Constraint::none: break;
  }
  return head + v + " breaks a rule";
}

}  // namespace rowguard::detail
