// The rule compiler: checks a Schema and Dialect for contradictions and unsupported features, and
// turns each field into a CompiledField with typed constants and compiled matchers.
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "rowguard/error.hpp"
#include "rowguard/plan.hpp"
#include "rowguard/version.hpp"
#include "check/cell_check.hpp"
#include "schema/plan_impl.hpp"

namespace rowguard {
namespace detail {
namespace {

[[noreturn]] void fail(const std::string& field, const std::string& keyword, const std::string& what) {
  std::string message = field.empty() ? what : "field \"" + field + "\": " + what;
  throw SchemaError(field, keyword, message);
}

bool is_ordered(Type t) { return t == Type::integer || t == Type::number || t == Type::date || t == Type::datetime; }

// Parses a schema constant into the field's type. `keyword` names it in errors.
TypedValue compile_literal(const CompiledField& f, const Literal& literal, const std::string& keyword) {
  TypedValue v;
  v.type = f.type;
  const auto& raw = literal.value();
  auto wrong = [&](const std::string& why) -> TypedValue {
    fail(f.name, keyword, keyword + " " + literal.to_string() + " " + why);
  };
  switch (f.type) {
    case Type::integer:
      if (auto* i = std::get_if<std::int64_t>(&raw)) {
        v.i = *i;
      } else if (auto* d = std::get_if<double>(&raw)) {
        // [-2^63, 2^63) exactly; both limits are representable doubles.
        if (!(std::trunc(*d) == *d) || !(*d >= -9223372036854775808.0 && *d < 9223372036854775808.0)) {
          return wrong("is not a 64-bit integer");
        }
        v.i = static_cast<std::int64_t>(*d);
      } else if (auto* s = std::get_if<std::string>(&raw)) {
        if (parse_int64(*s, v.i) != ParseStatus::ok) return wrong("is not an integer");
      } else {
        return wrong("is not an integer");
      }
      break;
    case Type::number:
      if (auto* i = std::get_if<std::int64_t>(&raw)) v.d = static_cast<double>(*i);
      else if (auto* d = std::get_if<double>(&raw)) v.d = *d;
      else if (auto* s = std::get_if<std::string>(&raw)) {
        if (parse_double(*s, v.d) != ParseStatus::ok) return wrong("is not a number");
      } else {
        return wrong("is not a number");
      }
      break;
    case Type::boolean:
      if (auto* b = std::get_if<bool>(&raw)) v.i = *b ? 1 : 0;
      else if (auto* s = std::get_if<std::string>(&raw)) {
        bool t = std::find(f.true_values.begin(), f.true_values.end(), *s) != f.true_values.end();
        bool fl = std::find(f.false_values.begin(), f.false_values.end(), *s) != f.false_values.end();
        if (!t && !fl) return wrong("is not a boolean");
        v.i = t ? 1 : 0;
      } else {
        return wrong("is not a boolean");
      }
      break;
    case Type::date: {
      auto* s = std::get_if<std::string>(&raw);
      if (!s) return wrong("is not a date string");
      // Constants may be written in the field's format or in ISO form.
      bool ok = (!f.temporal.empty() && f.temporal.parse_date(*s, v.i) == ParseStatus::ok) ||
                parse_iso_date(*s, v.i) == ParseStatus::ok;
      if (!ok) return wrong("is not a date");
      break;
    }
    case Type::datetime: {
      auto* s = std::get_if<std::string>(&raw);
      if (!s) return wrong("is not a datetime string");
      bool ok = (!f.temporal.empty() && f.temporal.parse_datetime(*s, v.t) == ParseStatus::ok) ||
                parse_iso_datetime(*s, v.t) == ParseStatus::ok;
      if (!ok) return wrong("is not a datetime");
      break;
    }
    case Type::string:
    case Type::any:
      // Enum members of string fields are text; other literals are compared by their spelling.
      break;
  }
  return v;
}

std::optional<CompiledBound> compile_bound(const CompiledField& f, const std::optional<Literal>& literal,
                                           const std::string& keyword) {
  if (!literal) return std::nullopt;
  if (!is_ordered(f.type)) {
    fail(f.name, keyword, keyword + " applies to integer, number, date and datetime fields, not " +
                              std::string(to_string(f.type)));
  }
  return CompiledBound{compile_literal(f, *literal, keyword), literal->to_string()};
}

// Whether a < b leave no value strictly between them: adjacent integers or days, or datetimes one
// nanosecond apart (the finest a datetime is read to).
bool adjacent_bounds(const TypedValue& a, const TypedValue& b) {
  switch (a.type) {
    case Type::integer:
    case Type::date: return a.i < b.i && a.i + 1 == b.i;
    case Type::datetime: {
      Instant next = a.t;
      if (++next.nanos == 1'000'000'000) {
        next.nanos = 0;
        ++next.seconds;
      }
      return a.t < b.t && next == b.t;
    }
    default: return false;
  }
}

int compare_bounds(const TypedValue& a, const TypedValue& b) {
  switch (a.type) {
    case Type::integer:
    case Type::date: return a.i < b.i ? -1 : (a.i > b.i ? 1 : 0);
    case Type::number: return a.d < b.d ? -1 : (a.d > b.d ? 1 : 0);
    case Type::datetime: return a.t < b.t ? -1 : (a.t > b.t ? 1 : 0);
    default: return 0;
  }
}

void check_bound_order(const CompiledField& f) {
  struct Pair {
    const std::optional<CompiledBound>* low;
    const char* low_name;
    const std::optional<CompiledBound>* high;
    const char* high_name;
    bool strict;  // the pair leaves no value when low == high
  };
  const Pair pairs[] = {
      {&f.minimum, "minimum", &f.maximum, "maximum", false},
      {&f.exclusive_minimum, "exclusiveMinimum", &f.exclusive_maximum, "exclusiveMaximum", true},
      {&f.minimum, "minimum", &f.exclusive_maximum, "exclusiveMaximum", true},
      {&f.exclusive_minimum, "exclusiveMinimum", &f.maximum, "maximum", true},
  };
  for (const auto& p : pairs) {
    if (!*p.low || !*p.high) continue;
    int c = compare_bounds((*p.low)->value, (*p.high)->value);
    const bool both_exclusive = p.low == &f.exclusive_minimum && p.high == &f.exclusive_maximum;
    if (c > 0 || (p.strict && c == 0) || (both_exclusive && adjacent_bounds((*p.low)->value, (*p.high)->value))) {
      fail(f.name, p.low_name,
           std::string(p.low_name) + " " + (*p.low)->text + " leaves no allowed value below " + p.high_name +
               " " + (*p.high)->text);
    }
  }
}

void compile_format(CompiledField& f, const FieldSpec& spec) {
  std::string format = spec.format.empty() ? "default" : spec.format;
  f.format_text = format;
  if (format == "default") return;
  switch (spec.type) {
    case Type::string:
      if (format == "email") f.string_format = StringFormat::email;
      else if (format == "uri") f.string_format = StringFormat::uri;
      else if (format == "uuid") f.string_format = StringFormat::uuid;
      else if (format == "binary") f.string_format = StringFormat::binary;
      else fail(spec.name, "format", "string format \"" + format + "\" is not supported (default, email, uri, uuid, binary)");
      return;
    case Type::date:
    case Type::datetime: {
      if (format == "any") {
        fail(spec.name, "format", "format \"any\" (guess the layout) is not supported; give a pattern such as \"%d/%m/%Y\"");
      }
      std::string pattern = format.rfind("fmt:", 0) == 0 ? format.substr(4) : format;
      try {
        f.temporal = TemporalFormat(pattern);
      } catch (const std::invalid_argument& e) {
        fail(spec.name, "format", "format \"" + format + "\": " + e.what());
      }
      f.format_text = pattern;
      return;
    }
    default:
      fail(spec.name, "format", std::string(to_string(spec.type)) + " fields take no format, got \"" + format + "\"");
  }
}

CompiledField compile_field(const FieldSpec& spec, std::uint32_t index, const Schema& schema) {
  CompiledField f;
  f.name = spec.name;
  f.index = index;
  f.type = spec.type;
  f.required = spec.required;
  f.unique = spec.unique;
  f.missing = MissingValues(spec.missing_values ? *spec.missing_values : schema.missing_values());
  f.true_values = spec.true_values;
  f.false_values = spec.false_values;
  compile_format(f, spec);

  // Number syntax.
  bool numeric = spec.type == Type::integer || spec.type == Type::number;
  if (spec.decimal_char != ".") {
    if (spec.type != Type::number) fail(spec.name, "decimalChar", "decimalChar applies to number fields only");
    if (spec.decimal_char.size() != 1) fail(spec.name, "decimalChar", "decimalChar must be one character");
  }
  if (!spec.group_char.empty() && !numeric) fail(spec.name, "groupChar", "groupChar applies to integer and number fields only");
  if (!spec.bare_number && !numeric) fail(spec.name, "bareNumber", "bareNumber applies to integer and number fields only");
  f.decimal_char = spec.decimal_char.empty() ? '.' : spec.decimal_char[0];
  f.group_char = spec.group_char;
  f.bare_number = spec.bare_number;
  f.plain_numbers = f.decimal_char == '.' && f.group_char.empty() && f.bare_number;
  if (spec.type == Type::boolean && (spec.true_values.empty() || spec.false_values.empty())) {
    const char* keyword = spec.true_values.empty() ? "trueValues" : "falseValues";
    fail(spec.name, keyword, std::string(keyword) + " is empty; a boolean field needs at least one true value and one false value");
  }

  f.minimum = compile_bound(f, spec.minimum, "minimum");
  f.maximum = compile_bound(f, spec.maximum, "maximum");
  f.exclusive_minimum = compile_bound(f, spec.exclusive_minimum, "exclusiveMinimum");
  f.exclusive_maximum = compile_bound(f, spec.exclusive_maximum, "exclusiveMaximum");
  check_bound_order(f);

  if (spec.min_length || spec.max_length) {
    if (spec.type != Type::string) {
      fail(spec.name, spec.min_length ? "minLength" : "maxLength",
           "minLength and maxLength apply to string fields, not " + std::string(to_string(spec.type)));
    }
    if (spec.min_length && spec.max_length && *spec.min_length > *spec.max_length) {
      fail(spec.name, "minLength",
           "minLength " + std::to_string(*spec.min_length) + " is above maxLength " + std::to_string(*spec.max_length));
    }
    f.min_length = spec.min_length;
    f.max_length = spec.max_length;
  }

  if (spec.pattern) {
    if (spec.type != Type::string) {
      fail(spec.name, "pattern", "pattern applies to string fields, not " + std::string(to_string(spec.type)));
    }
    try {
      f.pattern = std::make_unique<PatternMatcher>(*spec.pattern);
    } catch (const std::invalid_argument& e) {
      fail(spec.name, "pattern", "pattern " + *spec.pattern + " cannot be compiled by RE2: " + e.what());
    }
    f.pattern_text = *spec.pattern;
  }

  if (spec.enum_values) {
    if (spec.enum_values->empty()) fail(spec.name, "enum", "enum must list at least one value");
    for (const auto& literal : *spec.enum_values) {
      TypedValue v = compile_literal(f, literal, "enum");
      std::string text = literal.to_string();
      if (f.type == Type::string || f.type == Type::any) {
        if (!std::holds_alternative<std::string>(literal.value()) && f.type == Type::string) {
          fail(spec.name, "enum", "enum value " + text + " of a string field must be a string");
        }
      }
      // The set keeps its own copy of string members.
      TypedValue member = v;
      member.s = text;
      f.enum_set.add(member);
      if (!f.enum_text.empty()) f.enum_text += ", ";
      f.enum_text += text;
    }
    f.enum_set.seal();
  }

  f.has_bounds = f.minimum || f.maximum || f.exclusive_minimum || f.exclusive_maximum;
  f.has_value_rules = f.enum_set.active() || f.has_bounds || f.min_length || f.max_length || f.pattern;
  f.checker = select_checker(f);

  // Dotted names address nested JSON objects: "user.id" is {"user": {"id": ...}}.
  std::size_t start = 0;
  while (true) {
    std::size_t dot = spec.name.find('.', start);
    f.json_path.push_back(spec.name.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return f;
}

// Each node's children by key, while the tree is built: a schema may have tens of thousands of
// fields, and a search through the children for each would take time quadratic in their number.
using JsonKeyIndex = std::unordered_map<const JsonKeyNode*, std::unordered_map<std::string, std::size_t>>;

void add_json_path(JsonKeyNode& root, const CompiledField& f, JsonKeyIndex& index) {
  JsonKeyNode* node = &root;
  for (std::size_t i = 0; i < f.json_path.size(); ++i) {
    const std::string& key = f.json_path[i];
    JsonKeyNode::Child* child = nullptr;
    auto& children = index[node];
    if (auto it = children.find(key); it != children.end()) child = &node->children[it->second];
    if (!child) {
      children.emplace(key, node->children.size());
      const bool plain = key.size() <= 64 && std::none_of(key.begin(), key.end(), [](char c) {
                           return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
                         });
      node->children.push_back(JsonKeyNode::Child{key, -1, nullptr, JsonKeyNode::prefix_of(key), plain});
      child = &node->children.back();
      if (plain && key.size() < 16) {
        char bytes[16] = {}, mask[16] = {};
        std::memcpy(bytes, key.data(), key.size());
        bytes[key.size()] = '"';
        std::memset(mask, 0xFF, key.size() + 1);
        std::memcpy(child->quoted, bytes, 16);
        std::memcpy(child->quoted_mask, mask, 16);
      }
    }
    if (i + 1 == f.json_path.size()) {
      child->field = static_cast<std::int32_t>(f.index);
    } else {
      if (!child->nested) child->nested = std::make_unique<JsonKeyNode>();
      node = child->nested.get();
    }
  }
}

void check_dialect(const Dialect& d) {
  auto bad = [](const std::string& keyword, const std::string& what) { fail("", keyword, "dialect: " + what); };
  auto is_newline = [](char c) { return c == '\n' || c == '\r'; };
  if (is_newline(d.delimiter)) bad("delimiter", "the delimiter cannot be a line break");
  if (is_newline(d.quote_char)) bad("quoteChar", "the quote character cannot be a line break");
  if (d.delimiter == d.quote_char) bad("quoteChar", "the quote character cannot be the delimiter");
  if (d.escape_char) {
    if (*d.escape_char == d.delimiter || is_newline(*d.escape_char)) {
      bad("escapeChar", "the escape character cannot be the delimiter or a line break");
    }
  }
  if (d.comment_char) {
    if (*d.comment_char == d.delimiter || *d.comment_char == d.quote_char || is_newline(*d.comment_char)) {
      bad("commentChar", "the comment character cannot be the delimiter, the quote or a line break");
    }
  }
  if (d.max_record_bytes == 0 || d.max_record_bytes >= (std::size_t{1} << 32)) {
    bad("maxRecordBytes", "the record size limit must be at least 1 byte and less than 4 GiB (4294967296)");
  }
}

// A canonical description of everything that can change a result, hashed into the fingerprint.
std::string describe(const Schema& schema, const Dialect& d) {
  std::string out = "rowguard ";
  out += ROWGUARD_VERSION_STRING;
  auto add = [&out](std::string_view key, const std::string& value) {
    out += '\n';
    out += key;
    out += '=';
    out += std::to_string(value.size());
    out += ':';
    out += value;
  };
  add("fieldsMatch", std::string(to_string(schema.fields_match())));
  for (const auto& m : schema.missing_values()) add("missing", m);
  for (const auto& k : schema.primary_key()) add("primaryKey", k);
  for (const auto& f : schema.fields()) {
    add("field", f.name);
    add("type", std::string(to_string(f.type)));
    add("format", f.format);
    add("required", f.required ? "1" : "0");
    add("unique", f.unique ? "1" : "0");
    auto opt = [&](std::string_view k, const std::optional<Literal>& l) {
      if (l) add(k, std::string(1, static_cast<char>('0' + l->value().index())) + l->to_string());
    };
    opt("minimum", f.minimum);
    opt("maximum", f.maximum);
    opt("exclusiveMinimum", f.exclusive_minimum);
    opt("exclusiveMaximum", f.exclusive_maximum);
    if (f.min_length) add("minLength", std::to_string(*f.min_length));
    if (f.max_length) add("maxLength", std::to_string(*f.max_length));
    if (f.pattern) add("pattern", *f.pattern);
    if (f.enum_values) {
      for (const auto& e : *f.enum_values) add("enum", std::string(1, static_cast<char>('0' + e.value().index())) + e.to_string());
    }
    if (f.missing_values) {
      add("fieldMissing", std::to_string(f.missing_values->size()));
      for (const auto& m : *f.missing_values) add("missing", m);
    }
    for (const auto& t : f.true_values) add("true", t);
    for (const auto& t : f.false_values) add("false", t);
    add("decimalChar", f.decimal_char);
    add("groupChar", f.group_char);
    add("bareNumber", f.bare_number ? "1" : "0");
  }
  add("delimiter", std::string(1, d.delimiter));
  add("quoteChar", std::string(1, d.quote_char));
  add("doubleQuote", d.double_quote ? "1" : "0");
  add("escapeChar", d.escape_char ? std::string(1, *d.escape_char) : "");
  add("header", d.header ? "1" : "0");
  add("commentChar", d.comment_char ? std::string(1, *d.comment_char) : "");
  add("skipInitialSpace", d.skip_initial_space ? "1" : "0");
  add("skipBlankRows", d.skip_blank_rows ? "1" : "0");
  add("caseSensitiveHeader", d.case_sensitive_header ? "1" : "0");
  add("maxRecordBytes", std::to_string(d.max_record_bytes));
  return out;
}

std::string hex128(std::string_view bytes) {
  XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016" PRIx64 "%016" PRIx64, h.high64, h.low64);
  return std::string(buf, 32);
}

}  // namespace

MissingValues::MissingValues(std::vector<std::string> values)
    : values_(std::move(values)), only_empty_(values_.size() == 1 && values_[0].empty()) {}

const CompiledField* PlanImpl::find_field(std::string_view name) const {
  auto it = index_by_name.find(name);
  return it == index_by_name.end() ? nullptr : &fields[it->second];
}

}  // namespace detail

const Schema& Plan::schema() const noexcept { return impl_->schema; }
const Dialect& Plan::dialect() const noexcept { return impl_->dialect; }
std::size_t Plan::field_count() const noexcept { return impl_->fields.size(); }
const std::string& Plan::fingerprint() const noexcept { return impl_->fingerprint; }

Plan compile(const Schema& schema) { return compile(schema, schema.dialect().value_or(Dialect{})); }

Plan compile(const Schema& schema, const Dialect& dialect) {
  using namespace detail;
  auto plan = std::make_shared<PlanImpl>();
  plan->schema = schema;
  plan->dialect = dialect;
  check_dialect(dialect);
  if (schema.fields().empty()) fail("", "fields", "the schema has no fields");
  if (schema.fields().size() >= 65535) fail("", "fields", "a schema may have at most 65534 fields");

  for (const auto& spec : schema.fields()) {
    if (spec.name.empty()) fail("", "name", "field " + std::to_string(plan->fields.size() + 1) + " has no name");
    auto index = static_cast<std::uint32_t>(plan->fields.size());
    if (!plan->index_by_name.emplace(spec.name, index).second) {
      fail(spec.name, "name", "the field name appears more than once");
    }
    plan->fields.push_back(compile_field(spec, index, schema));
  }

  // A primary key makes its fields required; one field becomes unique, several are unique as a
  // combination.
  std::set<std::string> seen;
  for (const auto& name : schema.primary_key()) {
    auto it = plan->index_by_name.find(name);
    if (it == plan->index_by_name.end()) fail(name, "primaryKey", "primaryKey names a field the schema does not have");
    if (!seen.insert(name).second) fail(name, "primaryKey", "primaryKey lists the field twice");
    plan->fields[it->second].required = true;
    plan->composite_key.push_back(it->second);
  }
  if (plan->composite_key.size() == 1) {
    plan->fields[plan->composite_key[0]].unique = true;
    plan->composite_key.clear();
  }
  JsonKeyIndex json_keys;
  for (auto& f : plan->fields) {
    if (f.unique) f.unique_slot = static_cast<std::int32_t>(plan->unique_slots++);
    add_json_path(plan->json_root, f, json_keys);
  }
  for (auto& f : plan->fields) {
    select_quick_check(f, std::find(plan->composite_key.begin(), plan->composite_key.end(), f.index) !=
                              plan->composite_key.end());
  }
  if (!plan->composite_key.empty()) plan->composite_key_slot = static_cast<std::int32_t>(plan->unique_slots++);

  plan->fingerprint = hex128(describe(schema, dialect));
  return Plan(std::move(plan));
}

}  // namespace rowguard
