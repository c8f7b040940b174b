// JSONL differential target: a schema, a record-size limit and executor sizes from the first
// bytes, JSON lines after them. Every kernel (each mapped onto a simdjson implementation) and
// executor must report exactly what the serial scalar Validator reports, and none may throw.
#include <cstddef>
#include <cstdint>

#include "fuzz_executors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rowguard;
  fuzz::FuzzInput in(data, size);
  const std::uint8_t limit = in.byte(), schema = in.byte();
  const fuzz::ExecutorChoices choices = fuzz::ExecutorChoices::from(in);
  Dialect dialect;
  if (limit & 1) dialect.max_record_bytes = 8 + (limit >> 1);  // records over the limit
  const Plan plan = compile(fuzz::data_schema(schema), dialect);
  const ValidationResult reference = fuzz::check_executors(plan, in.rest(), Format::jsonl, choices);
  fuzz::check_line_processor(plan, in.rest(), Format::jsonl, reference, (limit & 1) == 0);
  return 0;
}
