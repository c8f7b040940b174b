// CSV differential target: a dialect, a schema and executor sizes from the first bytes, CSV text
// after them. Every kernel and executor must report exactly what the serial scalar Validator
// reports, and none may throw: problems in the data are findings.
#include <cstddef>
#include <cstdint>

#include "fuzz_executors.hpp"

namespace {

using namespace rowguard;

// Every dialect option that changes how records are cut or cells read.
Dialect dialect_from(std::uint8_t a, std::uint8_t b) {
  static constexpr char delimiters[] = {',', ';', '\t', '|'};
  Dialect d;
  d.delimiter = delimiters[a & 3];
  d.quote_char = (a & 4) ? '\'' : '"';
  d.header = (a & 8) == 0;
  d.double_quote = (a & 16) == 0;
  if (a & 32) d.escape_char = '\\';
  if (a & 64) d.comment_char = '#';
  d.skip_initial_space = (a & 128) != 0;
  d.skip_blank_rows = (b & 1) != 0;
  d.case_sensitive_header = (b & 2) == 0;
  if (b & 4) d.max_record_bytes = 8 + (b >> 3);  // records over the limit, on both sides of it
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput in(data, size);
  const std::uint8_t a = in.byte(), b = in.byte(), schema = in.byte();
  const fuzz::ExecutorChoices choices = fuzz::ExecutorChoices::from(in);
  const Dialect dialect = dialect_from(a, b);
  const Plan plan = compile(fuzz::data_schema(schema), dialect);
  const ValidationResult reference = fuzz::check_executors(plan, in.rest(), Format::csv, choices);
  if (!dialect.header) fuzz::check_line_processor(plan, in.rest(), Format::csv, reference, (b & 4) == 0);
  return 0;
}
