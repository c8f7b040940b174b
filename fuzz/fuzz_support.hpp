#pragma once
// What the fuzz targets share: reading option bytes off the front of an input, the report two
// executors must agree on, the schemas the data targets validate against, and the way a target
// stops when it finds a difference (abort, so that libFuzzer keeps the input and the replay
// driver fails).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include "executor_schema.hpp"
#include "rowguard/rowguard.hpp"

namespace rowguard::fuzz {

// An input consumed from the front: option bytes first (zero once the input runs out), the rest
// is the data.
class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  std::uint8_t byte() noexcept {
    if (size_ == 0) return 0;
    --size_;
    return *data_++;
  }
  std::string_view rest() const noexcept { return {reinterpret_cast<const char*>(data_), size_}; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
};

// Prints what differed and aborts.
[[noreturn]] inline void mismatch(const char* what, std::string_view expected, std::string_view actual) {
  std::fprintf(stderr, "MISMATCH: %s\n--- expected\n%.*s\n--- actual\n%.*s\n", what, static_cast<int>(expected.size()),
               expected.data(), static_cast<int>(actual.size()), actual.data());
  std::abort();
}

inline void require_equal(const char* what, const std::string& expected, const std::string& actual) {
  if (expected != actual) mismatch(what, expected, actual);
}

[[noreturn]] inline void broken(const char* what) {
  std::fprintf(stderr, "BROKEN: %s\n", what);
  std::abort();
}

// The JSON report without the keys allowed to differ between executors ("kernel", "elapsed_s"
// and "rows_per_s", always last).
inline std::string comparable_report(const ValidationResult& result) {
  std::ostringstream out;
  write_json_report(out, result, "input");
  std::string s = out.str();
  const auto at = s.rfind(",\"kernel\":");
  if (at == std::string::npos) broken("the JSON report has no \"kernel\" key");
  s.resize(at);
  return s;
}

// The schemas the CSV and JSONL targets validate against, picked by an option byte: between them,
// every type, every rule, both kinds of pattern matcher (the fast one and RE2), whole-file rules
// (unique, a composite primary key) and the fields-match modes.
inline Schema data_schema(std::uint8_t pick) {
  switch (pick % 4) {
    case 0:
      return test::executor_schema();
    case 1:
      return Schema{{"transaction_id", Field::string().required().pattern(R"(TX\d{10})")},
                    {"amount", Field::number().required().min(0.01).max(1e6)},
                    {"timestamp", Field::datetime().required()},
                    {"account_id", Field::string().required().min_length(8).max_length(20)}};
    case 2: {
      Schema s{{"flag", Field::boolean().true_values({"yes", "1"}).false_values({"no", "0"})},
               {"day", Field::date().min("2000-01-01")},
               {"level", Field::integer().one_of({1, 2, 3, 5, 8, 13})},
               {"price", Field::number().decimal_char(",").group_char(".").bare_number(false)},
               {"currency", Field::string().one_of({"USD", "EUR", "GBP", "JPY", "CHF", "AUD"})},
               {"at", Field::datetime().format("%d/%m/%Y %H:%M")},
               {"code", Field::string().pattern(R"((?i)[a-z]+\d*|x(y|z){2,3})").unique()}};
      s.missing_values({"", "NA"});
      return s;
    }
    default: {
      Schema s{{"a", Field::string().required()},
               {"b", Field::integer().min(-5).max(5)},
               {"c", Field::any()},
               {"d", Field::number().exclusive_min(0).exclusive_max(1)}};
      static constexpr FieldsMatch modes[] = {FieldsMatch::exact, FieldsMatch::equal, FieldsMatch::subset,
                                              FieldsMatch::superset, FieldsMatch::partial};
      s.fields_match(modes[(pick / 4) % 5]);
      return s;
    }
  }
}

}  // namespace rowguard::fuzz
