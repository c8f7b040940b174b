#pragma once
/// The compiled plan: a Schema and Dialect checked and compiled once into an immutable object that
/// every executor reads. Regexes are compiled, constraint constants parsed into typed values,
/// checks ordered cheapest first. A Plan is cheap to copy (shared) and safe to use from any number
/// of threads at once.

#include <cstdint>
#include <memory>
#include <string>

#include "rowguard/dialect.hpp"
#include "rowguard/schema.hpp"

namespace rowguard {

namespace detail {
struct PlanImpl;
}

class Plan {
 public:
  /// The schema the plan was compiled from.
  const Schema& schema() const noexcept;
  /// The dialect the plan was compiled with.
  const Dialect& dialect() const noexcept;
  /// Number of fields.
  std::size_t field_count() const noexcept;
  /// A 128-bit hex digest of everything in the plan that can change a result; equal plans have
  /// equal fingerprints (used as part of cache keys).
  const std::string& fingerprint() const noexcept;

  /// Internal representation, for rowguard's executors.
  const detail::PlanImpl& impl() const noexcept { return *impl_; }

 private:
  friend Plan compile(const Schema&, const Dialect&);
  friend Plan compile(const Schema&);
  explicit Plan(std::shared_ptr<const detail::PlanImpl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const detail::PlanImpl> impl_;
};

/// Checks and compiles a schema with an explicit dialect. Throws SchemaError for contradictions
/// (minimum above maximum, pattern on a number, duplicate field names, unknown primary-key
/// fields), unsupported formats and regexes RE2 cannot compile; the message names the field and
/// keyword.
Plan compile(const Schema& schema, const Dialect& dialect);
/// Compiles with the schema's own dialect (Schema::dialect()), or the default CSV dialect.
Plan compile(const Schema& schema);

}  // namespace rowguard
