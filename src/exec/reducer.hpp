#pragma once
// Merges the pieces of one input, in file order, into a ValidationResult: turns piece-relative
// row and line numbers into file ones, judges unique values against every earlier piece, and keeps
// the first findings in file order. Every executor ends here, which is what makes their results
// identical whatever the chunking.

#include <cstdint>
#include <string>
#include <vector>

#include "exec/first_rows.hpp"
#include "exec/partial.hpp"
#include "rowguard/result.hpp"
#include "schema/plan_impl.hpp"

namespace rowguard::detail {

// The part of a compiled plan the Reducer needs.
ReducePlan reduce_plan(const PlanImpl& plan);

class Reducer {
 public:
  Reducer(const PlanImpl& plan, std::size_t max_findings);
  Reducer(ReducePlan plan, std::size_t max_findings);

  // Absorbs the next piece; pieces must arrive in file order. When `resolved` is given, the
  // piece's findings (placed in the file, unique errors included, up to what the piece kept) are
  // appended to it too.
  // When `newly_invalid` is given, the piece-relative rows that only unique values made invalid
  // are appended to it.
  void absorb(PartialResult&& piece, std::vector<Finding>* resolved = nullptr,
              std::vector<std::uint64_t>* newly_invalid = nullptr);

  // How many findings the next piece needs to keep at most (sequential executors pass this on so
  // that no message is built for a finding that cannot be kept).
  std::size_t findings_wanted() const noexcept {
    return findings_.size() >= max_findings_ ? 0 : max_findings_ - findings_.size();
  }

  // The number of count slots a piece must have.
  std::size_t slots() const noexcept { return plan_.slots(); }

  ValidationResult finish(double elapsed_seconds, std::string kernel);

  std::uint64_t rows_so_far() const noexcept { return total_rows_; }
  std::uint64_t invalid_rows_so_far() const noexcept { return invalid_rows_; }
  std::uint64_t bytes_so_far() const noexcept { return bytes_; }
  // Every finding counted so far (kept or not).
  std::uint64_t findings_so_far() const noexcept {
    std::uint64_t n = 0;
    for (std::uint64_t c : counts_) n += c;
    return n;
  }

 private:
  std::string unique_message(const UniqueEntry& e, std::string_view value, std::uint64_t first_row) const;

  ReducePlan plan_;
  std::size_t max_findings_;
  std::uint64_t row_base_ = 0;
  std::uint64_t line_base_ = 0;
  std::uint64_t bytes_ = 0;
  std::uint64_t total_rows_ = 0;
  std::uint64_t invalid_rows_ = 0;
  std::vector<std::uint64_t> counts_;
  std::vector<Finding> findings_;
  std::vector<FirstRows> seen_;  // per unique slot: value -> first row
};

}  // namespace rowguard::detail
