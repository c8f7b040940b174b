#pragma once
/// Errors rowguard raises for set-up problems. Problems in the data are never exceptions: they are
/// findings in a ValidationResult.

#include <filesystem>
#include <stdexcept>
#include <string>

namespace rowguard {

/// A schema or dialect that cannot be used: malformed JSON, an unsupported type, keyword or regex
/// feature, a contradiction such as minimum > maximum. Names the field and keyword at fault.
class SchemaError : public std::runtime_error {
 public:
  /// `field` may be empty for schema-level problems; `keyword` is the Table Schema keyword.
  SchemaError(std::string field, std::string keyword, const std::string& message);

  /// The field at fault, or empty when the problem is not tied to one field.
  const std::string& field() const noexcept { return field_; }
  /// The keyword at fault, e.g. "pattern" or "type"; empty when none applies.
  const std::string& keyword() const noexcept { return keyword_; }

 private:
  std::string field_;
  std::string keyword_;
};

/// A file or stream that cannot be opened or read. The message names the file and the cause.
class IoError : public std::runtime_error {
 public:
  IoError(std::filesystem::path path, const std::string& cause);

  /// The file at fault ("-" for standard input).
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

/// An argument the caller got wrong: an unknown format, a kernel this CPU lacks, a zero buffer size.
class UsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace rowguard
