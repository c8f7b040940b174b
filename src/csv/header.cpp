#include "csv/header.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "check/values.hpp"

namespace rowguard::detail::csv {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool same_label(std::string_view a, std::string_view b, bool case_sensitive) {
  if (case_sensitive) return a == b;
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string quote_label(std::string_view s) { return "\"" + display_value(s, 80) + "\""; }

}  // namespace

Binding positional_binding(const PlanImpl& plan) {
  Binding b;
  b.expected_columns = static_cast<std::uint32_t>(plan.fields.size());
  for (std::uint32_t i = 0; i < b.expected_columns; ++i) b.column_field.push_back(static_cast<std::int32_t>(i));
  return b;
}

Binding bind_header(const PlanImpl& plan, const std::vector<std::string>& labels, std::vector<LabelIssue>& issues) {
  const bool cs = plan.dialect.case_sensitive_header;
  const FieldsMatch mode = plan.schema.fields_match();
  const auto n_fields = static_cast<std::uint32_t>(plan.fields.size());
  const auto n_labels = static_cast<std::uint32_t>(labels.size());
  Binding b;
  b.labels = labels;
  b.expected_columns = n_labels;
  b.column_field.assign(n_labels, -1);
  std::vector<bool> field_bound(n_fields, false);

  // Labels and field names by their key (lowered when the header is not case-sensitive), so that
  // a header of many thousands of labels binds in linear time.
  auto key_of = [cs](std::string_view s) {
    std::string k(s);
    if (!cs) std::transform(k.begin(), k.end(), k.begin(), lower);
    return k;
  };
  std::unordered_map<std::string, std::uint32_t> first_column;  // each non-blank label's first column
  for (std::uint32_t col = 0; col < n_labels; ++col) {
    if (!labels[col].empty()) first_column.emplace(key_of(labels[col]), col);
  }
  auto earlier_duplicate = [&](std::uint32_t col) -> std::int64_t {
    if (labels[col].empty()) return -1;
    const std::uint32_t first = first_column.at(key_of(labels[col]));
    return first < col ? static_cast<std::int64_t>(first) : -1;
  };
  std::unordered_map<std::string, std::vector<std::uint32_t>> fields_named;  // in schema order
  if (mode != FieldsMatch::exact) {
    for (std::uint32_t f = 0; f < n_fields; ++f) fields_named[key_of(plan.fields[f].name)].push_back(f);
  }

  for (std::uint32_t col = 0; col < n_labels; ++col) {
    const std::string& label = labels[col];
    const std::uint32_t number = col + 1;
    if (mode == FieldsMatch::exact) {
      std::int32_t field = col < n_fields ? static_cast<std::int32_t>(col) : -1;
      if (field >= 0) {
        b.column_field[col] = field;
        field_bound[col] = true;
      }
      std::string name = field >= 0 ? plan.fields[col].name : label;
      // Every label beyond the schema's fields is an extra label, blank or repeated or not (as
      // in Frictionless, which looks for blank and repeated labels among the fields' only).
      if (!is_valid_utf8(label)) {
        issues.push_back({ErrorType::encoding_error, number, field, label,
                          "label " + std::to_string(number) + " is not valid UTF-8"});
      } else if (field < 0) {
        issues.push_back({ErrorType::extra_label, number, -1, label,
                          "label " + std::to_string(number) + " " + quote_label(label) + " is beyond the schema's " +
                              std::to_string(n_fields) + " fields"});
      } else if (label.empty()) {
        issues.push_back({ErrorType::blank_label, number, field, label, "label " + std::to_string(number) + " is blank"});
      } else if (std::int64_t dup = earlier_duplicate(col); dup >= 0) {
        issues.push_back({ErrorType::duplicate_label, number, field, label,
                          "label " + std::to_string(number) + " " + quote_label(label) + " repeats label " +
                              std::to_string(dup + 1)});
      } else if (!same_label(label, plan.fields[col].name, cs)) {
        issues.push_back({ErrorType::incorrect_label, number, field, label,
                          "label " + std::to_string(number) + " " + quote_label(label) + " should be the field name " +
                              quote_label(plan.fields[col].name)});
      }
      continue;
    }
    // Name-matched modes.
    if (!is_valid_utf8(label)) {
      issues.push_back({ErrorType::encoding_error, number, -1, label, "label " + std::to_string(number) + " is not valid UTF-8"});
      continue;
    }
    if (label.empty()) {
      issues.push_back({ErrorType::blank_label, number, -1, label, "label " + std::to_string(number) + " is blank"});
      continue;
    }
    if (std::int64_t dup = earlier_duplicate(col); dup >= 0) {
      std::int32_t field = b.column_field[static_cast<std::size_t>(dup)];
      issues.push_back({ErrorType::duplicate_label, number, field, label,
                        "label " + std::to_string(number) + " " + quote_label(label) + " repeats label " + std::to_string(dup + 1)});
      continue;
    }
    std::int32_t match = -1;
    if (auto it = fields_named.find(key_of(label)); it != fields_named.end()) {
      for (std::uint32_t f : it->second) {
        if (!field_bound[f]) {
          match = static_cast<std::int32_t>(f);
          break;
        }
      }
    }
    if (match >= 0) {
      b.column_field[col] = match;
      field_bound[static_cast<std::size_t>(match)] = true;
    } else if (mode == FieldsMatch::equal || mode == FieldsMatch::superset) {
      issues.push_back({ErrorType::extra_label, number, -1, label,
                        "label " + std::to_string(number) + " " + quote_label(label) + " is not a field of the schema"});
    }
  }

  bool any_bound = std::find(field_bound.begin(), field_bound.end(), true) != field_bound.end();
  bool report_missing = mode == FieldsMatch::exact || mode == FieldsMatch::equal || mode == FieldsMatch::subset ||
                        (mode == FieldsMatch::partial && !any_bound);
  if (report_missing) {
    for (std::uint32_t f = 0; f < n_fields; ++f) {
      if (field_bound[f]) continue;
      std::string why = mode == FieldsMatch::partial ? " (no header label matches any schema field)" : "";
      issues.push_back({ErrorType::missing_label, f + 1, static_cast<std::int32_t>(f), "",
                        "the header has no label for field " + quote_label(plan.fields[f].name) + why});
    }
  }
  return b;
}

}  // namespace rowguard::detail::csv
