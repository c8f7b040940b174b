// Loads Frictionless Table Schema and Table Dialect descriptors. Keywords of the specifications
// that rowguard does not implement are errors, never silently ignored; properties outside the
// specifications are allowed (the spec says descriptors MAY carry them) and noted as warnings.
#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "rowguard/dialect.hpp"
#include "rowguard/error.hpp"
#include "rowguard/schema.hpp"

namespace rowguard {

namespace dom = simdjson::dom;

class SchemaLoader {
 public:
  static Schema load(std::string_view json);

 private:
  static void load_schema_object(dom::object root, Schema& schema);
};

namespace {

[[noreturn]] void fail(const std::string& field, const std::string& keyword, const std::string& what) {
  throw SchemaError(field, keyword, field.empty() ? what : "field \"" + field + "\": " + what);
}

dom::element parse_document(dom::parser& parser, const simdjson::padded_string& text, const char* what) {
  dom::element root;
  auto error = parser.parse(text).get(root);
  // simdjson also refuses valid JSON numbers it cannot represent, such as 99999999999999999999 or
  // 1e400, with the error it gives malformed ones: the message names both causes.
  if (error == simdjson::NUMBER_ERROR) {
    fail("", "", std::string(what) + " has a number that cannot be read: it is malformed, or too large " +
                     "(integers must fit in 64 bits, other numbers in a double)");
  }
  if (error) fail("", "", std::string(what) + " is not valid JSON: " + simdjson::error_message(error));
  if (!root.is_object()) fail("", "", std::string(what) + " must be a JSON object");
  return root;
}

std::string get_string(dom::element e, const std::string& field, const std::string& keyword) {
  std::string_view s;
  if (e.get_string().get(s)) fail(field, keyword, keyword + " must be a string");
  return std::string(s);
}

bool get_bool(dom::element e, const std::string& field, const std::string& keyword) {
  bool b = false;
  if (e.get_bool().get(b)) fail(field, keyword, keyword + " must be true or false");
  return b;
}

char get_char(dom::element e, const std::string& field, const std::string& keyword) {
  std::string s = get_string(e, field, keyword);
  if (s.size() != 1) fail(field, keyword, keyword + " must be a single character, got \"" + s + "\"");
  return s[0];
}

std::vector<std::string> get_strings(dom::element e, const std::string& field, const std::string& keyword) {
  dom::array arr;
  if (e.get_array().get(arr)) fail(field, keyword, keyword + " must be an array of strings");
  std::vector<std::string> out;
  for (dom::element item : arr) out.push_back(get_string(item, field, keyword));
  return out;
}

std::uint64_t get_count(dom::element e, const std::string& field, const std::string& keyword) {
  std::uint64_t n = 0;
  if (e.is_uint64() && !e.get_uint64().get(n)) return n;
  double d = 0;
  // The range test comes first: converting a double of 2^64 or more to uint64 is undefined.
  if (e.is_double() && !e.get_double().get(d) && d >= 0 && d < 18446744073709551616.0 &&
      d == static_cast<double>(static_cast<std::uint64_t>(d))) {
    return static_cast<std::uint64_t>(d);
  }
  fail(field, keyword, keyword + " must be a non-negative integer");
}

Literal get_literal(dom::element e, const std::string& field, const std::string& keyword) {
  switch (e.type()) {
    case dom::element_type::INT64: return Literal(static_cast<long long>(e.get_int64().value_unsafe()));
    case dom::element_type::UINT64: {
      std::uint64_t u = e.get_uint64().value_unsafe();
      return Literal(static_cast<double>(u));
    }
    case dom::element_type::DOUBLE: return Literal(e.get_double().value_unsafe());
    case dom::element_type::BOOL: return Literal(e.get_bool().value_unsafe());
    case dom::element_type::STRING: return Literal(std::string(e.get_string().value_unsafe()));
    default: fail(field, keyword, keyword + " must be a number, string or boolean");
  }
}

bool is_metadata(std::string_view key) {
  static constexpr std::string_view keys[] = {"$schema", "name", "title", "description", "example",
                                              "rdfType", "profile", "path", "encoding", "homepage"};
  return std::find(std::begin(keys), std::end(keys), key) != std::end(keys);
}

Type parse_type(const std::string& name, const std::string& field) {
  if (name == "string") return Type::string;
  if (name == "integer") return Type::integer;
  if (name == "number") return Type::number;
  if (name == "boolean") return Type::boolean;
  if (name == "date") return Type::date;
  if (name == "datetime") return Type::datetime;
  if (name == "any") return Type::any;
  fail(field, "type",
       "type \"" + name + "\" is not supported (string, integer, number, boolean, date, datetime, any)");
}

void load_constraints(dom::object constraints, FieldSpec& spec) {
  const std::string& f = spec.name;
  for (auto [key_view, value] : constraints) {
    std::string key(key_view);
    if (key == "required") spec.required = get_bool(value, f, key);
    else if (key == "unique") spec.unique = get_bool(value, f, key);
    else if (key == "minimum") spec.minimum = get_literal(value, f, key);
    else if (key == "maximum") spec.maximum = get_literal(value, f, key);
    else if (key == "exclusiveMinimum") spec.exclusive_minimum = get_literal(value, f, key);
    else if (key == "exclusiveMaximum") spec.exclusive_maximum = get_literal(value, f, key);
    else if (key == "minLength") spec.min_length = get_count(value, f, key);
    else if (key == "maxLength") spec.max_length = get_count(value, f, key);
    else if (key == "pattern") spec.pattern = get_string(value, f, key);
    else if (key == "enum") {
      dom::array arr;
      if (value.get_array().get(arr)) fail(f, key, "enum must be an array");
      std::vector<Literal> values;
      for (dom::element item : arr) values.push_back(get_literal(item, f, key));
      spec.enum_values = std::move(values);
    } else {
      fail(f, key, "constraint \"" + key + "\" is not supported");
    }
  }
}

FieldSpec load_field(dom::element element, std::size_t position, std::vector<std::string>& warnings) {
  dom::object obj;
  std::string where = "field " + std::to_string(position);
  if (element.get_object().get(obj)) fail("", "fields", where + " must be an object");
  FieldSpec spec;
  dom::element name_el;
  if (obj["name"].get(name_el)) fail("", "name", where + " has no name");
  spec.name = get_string(name_el, "", "name");
  const std::string& f = spec.name;
  std::string type_name = "string";  // Table Schema: a field without a type is a string
  for (auto [key_view, value] : obj) {
    std::string key(key_view);
    if (key == "name") continue;
    if (key == "type") type_name = get_string(value, f, key);
    else if (key == "format") spec.format = get_string(value, f, key);
    else if (key == "title") spec.title = get_string(value, f, key);
    else if (key == "description") spec.description = get_string(value, f, key);
    else if (key == "constraints") {
      dom::object c;
      if (value.get_object().get(c)) fail(f, key, "constraints must be an object");
      load_constraints(c, spec);
    } else if (key == "missingValues") spec.missing_values = get_strings(value, f, key);
    else if (key == "trueValues") spec.true_values = get_strings(value, f, key);
    else if (key == "falseValues") spec.false_values = get_strings(value, f, key);
    else if (key == "decimalChar") spec.decimal_char = get_string(value, f, key);
    else if (key == "groupChar") spec.group_char = get_string(value, f, key);
    else if (key == "bareNumber") spec.bare_number = get_bool(value, f, key);
    else if (key == "categories" || key == "categoriesOrdered" || key == "arrayItem" || key == "delimiter" ||
             key == "itemType" || key == "itemJoin" || key == "floatNumber") {
      fail(f, key, "keyword \"" + key + "\" is not supported");
    } else if (!is_metadata(key)) {
      warnings.push_back("field \"" + f + "\": unknown property \"" + key + "\" ignored");
    }
  }
  spec.type = parse_type(type_name, f);
  return spec;
}

}  // namespace

namespace {

Dialect embedded_dialect(dom::element value) {
  if (!value.is_object()) {
    fail("", "dialect", "dialect must be an object (a dialect given by path is not supported; inline it)");
  }
  return Dialect::from_json(simdjson::to_string(value));
}

}  // namespace

Schema SchemaLoader::load(std::string_view json) {
  dom::parser parser;
  simdjson::padded_string text(json);
  dom::object root = parse_document(parser, text, "the schema").get_object().value_unsafe();
  Schema schema;
  dom::element inner;
  if (root["fields"].error() && !root["schema"].get(inner)) {
    // A Data Package resource descriptor: {"schema": {...}, "dialect": {...}, "path": ..., ...}.
    if (!inner.is_object()) fail("", "schema", "schema must be an object (a schema given by path is not supported; inline it)");
    load_schema_object(inner.get_object().value_unsafe(), schema);
    for (auto [key_view, value] : root) {
      std::string key(key_view);
      if (key == "schema") continue;
      if (key == "dialect") {
        schema.dialect_ = embedded_dialect(value);
      } else if (key == "encoding") {
        std::string enc = get_string(value, "", key);
        for (char& c : enc) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        if (enc != "utf-8" && enc != "utf8") fail("", key, "encoding \"" + enc + "\" is not supported; rowguard reads UTF-8");
      }
      // Other resource properties (path, name, format, licenses, ...) describe the data, not its rules.
    }
    return schema;
  }
  load_schema_object(root, schema);
  return schema;
}

void SchemaLoader::load_schema_object(dom::object root, Schema& schema) {
  bool has_fields = false;
  for (auto [key_view, value] : root) {
    std::string key(key_view);
    if (key == "fields") {
      dom::array arr;
      if (value.get_array().get(arr)) fail("", key, "fields must be an array");
      std::size_t position = 0;
      for (dom::element item : arr) {
        FieldSpec spec = load_field(item, ++position, schema.warnings_);
        schema.fields_.push_back(std::move(spec));
      }
      has_fields = true;
    } else if (key == "missingValues") {
      schema.missing_values_ = get_strings(value, "", key);
    } else if (key == "primaryKey") {
      if (value.is_string()) schema.primary_key_ = {get_string(value, "", key)};
      else schema.primary_key_ = get_strings(value, "", key);
    } else if (key == "fieldsMatch") {
      std::string mode = get_string(value, "", key);
      if (mode == "exact") schema.fields_match_ = FieldsMatch::exact;
      else if (mode == "equal") schema.fields_match_ = FieldsMatch::equal;
      else if (mode == "subset") schema.fields_match_ = FieldsMatch::subset;
      else if (mode == "superset") schema.fields_match_ = FieldsMatch::superset;
      else if (mode == "partial") schema.fields_match_ = FieldsMatch::partial;
      else fail("", key, "fieldsMatch \"" + mode + "\" is not one of exact, equal, subset, superset, partial");
    } else if (key == "foreignKeys") {
      dom::array arr;
      if (value.get_array().get(arr) || arr.size() != 0) {
        fail("", key, "foreignKeys (references to other tables) are not supported");
      }
    } else if (key == "uniqueKeys") {
      fail("", key, "uniqueKeys is not supported; mark single fields unique or use primaryKey");
    } else if (key == "dialect") {
      schema.dialect_ = embedded_dialect(value);
    } else if (!is_metadata(key)) {
      schema.warnings_.push_back("unknown schema property \"" + key + "\" ignored");
    }
  }
  if (!has_fields) fail("", "fields", "the schema has no \"fields\" array");
}

Schema Schema::from_json(std::string_view table_schema_json) { return SchemaLoader::load(table_schema_json); }

namespace {

std::string read_text_file(const std::filesystem::path& path) {
  // Opening a directory succeeds on Linux and reads as empty text, which would surface as a
  // misleading "not valid JSON" schema error.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw IoError(path, "cannot read: it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path, "cannot open: " + std::string(std::strerror(errno)));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw IoError(path, "read failed");
  return buf.str();
}

// Re-raises a SchemaError with the file name in front of the message.
template <class F>
auto with_file(const std::filesystem::path& path, F&& load) {
  try {
    return load(read_text_file(path));
  } catch (const SchemaError& e) {
    throw SchemaError(e.field(), e.keyword(), path.string() + ": " + e.what());
  }
}

}  // namespace

Schema Schema::from_file(const std::filesystem::path& path) {
  return with_file(path, [](const std::string& text) { return Schema::from_json(text); });
}

Dialect Dialect::from_json(std::string_view json) {
  dom::parser parser;
  simdjson::padded_string text(json);
  dom::object root = parse_document(parser, text, "the dialect").get_object().value_unsafe();
  Dialect d;
  auto unsupported = [](const std::string& key, const std::string& why) {
    fail("", key, "dialect: " + key + " " + why);
  };
  for (auto [key_view, value] : root) {
    std::string key(key_view);
    if (key == "delimiter") d.delimiter = get_char(value, "", key);
    else if (key == "quoteChar") d.quote_char = get_char(value, "", key);
    else if (key == "doubleQuote") d.double_quote = get_bool(value, "", key);
    else if (key == "escapeChar") d.escape_char = get_char(value, "", key);
    else if (key == "header") d.header = get_bool(value, "", key);
    else if (key == "commentChar") d.comment_char = get_char(value, "", key);
    else if (key == "skipInitialSpace") d.skip_initial_space = get_bool(value, "", key);
    else if (key == "skipBlankRows") d.skip_blank_rows = get_bool(value, "", key);
    else if (key == "caseSensitiveHeader") d.case_sensitive_header = get_bool(value, "", key);
    else if (key == "maxRecordBytes") d.max_record_bytes = get_count(value, "", key);
    else if (key == "lineTerminator") {
      // Line breaks are recognised in every form (LF, CRLF, CR), so this only has to be valid.
      std::string t = get_string(value, "", key);
      if (t != "\n" && t != "\r\n" && t != "\r") unsupported(key, "must be \"\\n\", \"\\r\\n\" or \"\\r\"");
    } else if (key == "headerRows") {
      dom::array arr;
      std::uint64_t first = 0;
      if (value.get_array().get(arr) || arr.size() != 1 || arr.at(0).get_uint64().get(first) || first != 1) {
        unsupported(key, "other than [1] (a single header in the first row) is not supported");
      }
    } else if (key == "headerJoin" || key == "csvddfVersion" || is_metadata(key)) {
      continue;
    } else if (key == "commentRows" || key == "nullSequence" || key == "quoteChar" || key == "itemType" ||
               key == "itemKeys" || key == "property" || key == "sheetNumber" || key == "sheetName" ||
               key == "table") {
      unsupported(key, "is not supported");
    } else {
      unsupported(key, "is not a dialect property");
    }
  }
  return d;
}

Dialect Dialect::from_file(const std::filesystem::path& path) {
  return with_file(path, [](const std::string& text) { return Dialect::from_json(text); });
}

}  // namespace rowguard
