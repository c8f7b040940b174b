#pragma once
// Helpers shared by several test files.

#include <catch2/catch.hpp>

#include <cctype>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "rowguard/rowguard.hpp"

namespace Catch {
template <>
struct StringMaker<rowguard::ErrorType> {
  static std::string convert(rowguard::ErrorType t) { return std::string(rowguard::to_string(t)); }
};
template <>
struct StringMaker<rowguard::Constraint> {
  static std::string convert(rowguard::Constraint c) {
    auto s = rowguard::to_string(c);
    return s.empty() ? std::string("none") : std::string(s);
  }
};
}  // namespace Catch

namespace rowguard::test {

using Strings = std::vector<std::string>;

// ROWGUARD_TEST_TMP/<dir>/<the running test case's name>: CTest runs test cases as parallel
// processes, and test cases that write files of the same name must not meet.
inline std::filesystem::path test_case_dir(const std::string& dir) {
  std::string name = Catch::getResultCapture().getCurrentTestName();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '-';
  }
  if (name.size() > 80) name = name.substr(0, 64) + "-" + std::to_string(std::hash<std::string>{}(name) % 1000000007);
  return std::filesystem::path(ROWGUARD_TEST_TMP) / dir / name;
}

// Runs `f` and returns the SchemaError it throws, or nothing.
inline std::optional<SchemaError> schema_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const SchemaError& e) {
    return e;
  }
  return std::nullopt;
}

// "row,field_number,type[,constraint]" for each finding, in order.
inline Strings brief(const ValidationResult& r) {
  Strings out;
  for (const Finding& f : r.findings) {
    std::string s = std::to_string(f.row) + "," + std::to_string(f.field_number) + "," + std::string(to_string(f.type));
    if (f.constraint != Constraint::none) s += "," + std::string(to_string(f.constraint));
    out.push_back(s);
  }
  return out;
}

}  // namespace rowguard::test

// Checks that a captured SchemaError (an optional) exists and names the field and the keyword, both
// in its accessors and in its message.
#define REQUIRE_SCHEMA_ERROR(error_expr, field_name, keyword_name)                                      \
  do {                                                                                                 \
    auto rejected_ = (error_expr);                                                                     \
    REQUIRE(rejected_.has_value());                                                                    \
    CHECK(rejected_->field() == (field_name));                                                         \
    CHECK(rejected_->keyword() == (keyword_name));                                                     \
    CHECK_THAT(std::string(rejected_->what()), Catch::Matchers::Contains(keyword_name));               \
    if (!std::string(field_name).empty()) {                                                            \
      CHECK_THAT(std::string(rejected_->what()), Catch::Matchers::Contains(field_name));               \
    }                                                                                                  \
  } while (false)
