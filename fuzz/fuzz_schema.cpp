// Table Schema and Table Dialect descriptors: whatever the text, reading it either succeeds or
// throws SchemaError, and so does compiling what was read. A plan that compiles then validates a
// small CSV and JSONL input built from its field names, and every kernel reports the same.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"

namespace {

using namespace rowguard;

// Values of every type and shape, good and bad, cycled over the fields.
constexpr std::string_view csv_values[] = {"",   "1",          "-1.5",  "2024-02-29", "2024-02-30T01:02:03Z",
                                           "true", "abc",      "\xff",  "NA",         "\"q,\"\"x\"\"\"",
                                           "1e400", "12/03/2024", "-0", "99999999999999999999"};
constexpr std::string_view json_values[] = {"null", "1", "-1.5", "\"2024-02-29\"", "\"2024-02-30T01:02:03Z\"",
                                            "true", "\"abc\"", "\"\\ud800\"", "[1]", "{\"a\":1}",
                                            "1e400", "\"12/03/2024\"", "-0", "99999999999999999999"};
constexpr std::size_t value_count = std::size(csv_values);

void compare_kernels(const Plan& plan, const std::string& data, Format format) {
  std::string expected;
  for (Kernel k : supported_kernels()) {
    ValidateOptions o;
    o.format = format;
    o.kernel = k;
    const std::string report = fuzz::comparable_report(Validator(plan, o).validate_buffer(data, format));
    if (expected.empty()) expected = report;
    else fuzz::require_equal("a kernel against the first one", expected, report);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)Dialect::from_json(text);
  } catch (const SchemaError&) {
  }
  Schema schema;
  try {
    schema = Schema::from_json(text);
  } catch (const SchemaError&) {
    return 0;
  }
  std::optional<Plan> plan;
  try {
    plan = compile(schema);
  } catch (const SchemaError&) {
    return 0;
  }
  // A header of the field names, then rows cycling through the values; and the same as JSONL.
  std::string csv, jsonl;
  const auto& fields = schema.fields();
  const char delimiter = plan->dialect().delimiter;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) csv += delimiter;
    csv += fields[i].name;
  }
  csv += '\n';
  for (std::size_t row = 0; row < value_count; ++row) {
    jsonl += '{';
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const std::size_t v = (row + i) % value_count;
      if (i) {
        csv += delimiter;
        jsonl += ',';
      }
      csv += csv_values[v];
      append_json_string(jsonl, fields[i].name);
      jsonl += ':';
      jsonl += json_values[v];
    }
    csv += '\n';
    jsonl += "}\n";
  }
  compare_kernels(*plan, csv, Format::csv);
  compare_kernels(*plan, jsonl, Format::jsonl);
  return 0;
}
