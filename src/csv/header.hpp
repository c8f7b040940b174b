#pragma once
// Matching header labels to schema fields (Table Schema fieldsMatch) once per file.

#include <cstdint>
#include <string>
#include <vector>

#include "rowguard/result.hpp"
#include "schema/plan_impl.hpp"

namespace rowguard::detail::csv {

// Which schema field each column holds.
struct Binding {
  std::vector<std::int32_t> column_field;  // per column (0-based): field index, or -1
  std::uint32_t expected_columns = 0;      // header labels, or the schema's fields without a header
  std::vector<std::string> labels;         // header labels (empty without a header)
};

// A problem with the header, before it is placed in the file.
struct LabelIssue {
  ErrorType type;
  std::uint32_t field_number;  // 1-based column, or schema position for missing labels
  std::int32_t field;          // schema field, or -1
  std::string label;
  std::string message;
};

// Columns in schema order, for files without a header.
Binding positional_binding(const PlanImpl& plan);

// Binds labels to fields as the plan's fieldsMatch mode says and lists the label problems in
// column order (missing labels last).
Binding bind_header(const PlanImpl& plan, const std::vector<std::string>& labels, std::vector<LabelIssue>& issues);

}  // namespace rowguard::detail::csv
