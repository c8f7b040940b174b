#pragma once
/// Single-record validation for services and stream processors: one record in, a verdict out.
/// A valid record costs no allocation; one LineProcessor may be shared by any number of threads.
/// Whole-file rules (unique, primary key) need the whole file and are not applied here.

#include <array>
#include <memory>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "rowguard/plan.hpp"
#include "rowguard/result.hpp"

namespace rowguard {

namespace detail {
struct LinePool;
}

/// The verdict on one record. `errors` is empty (and unallocated) when the record is valid.
struct LineResult {
  bool valid = true;
  std::vector<Finding> errors;
};

/// A field name and its value as text, as CSV would carry it.
using FieldValue = std::pair<std::string_view, std::string_view>;

class LineProcessor {
 public:
  explicit LineProcessor(Plan plan);
  ~LineProcessor();
  LineProcessor(LineProcessor&&) noexcept;
  LineProcessor& operator=(LineProcessor&&) noexcept;

  /// Checks one JSON object (a JSONL line, trailing line breaks allowed; blank lines are skipped as
  /// in a JSONL file). Throws UsageError when the text holds more than one line with content.
  LineResult process_json(std::string_view line) const;
  /// Checks one CSV record whose columns are in schema order (trailing line breaks allowed; quoted
  /// fields may contain newlines). Uses the plan's dialect; the header option is ignored (comment
  /// lines are skipped). Throws UsageError when the text holds more than one record.
  LineResult process_csv(std::string_view record) const;
  /// Checks a record given as field name / text value pairs. Absent fields are missing values;
  /// names the schema does not know are ignored.
  LineResult process_record(std::span<const FieldValue> record) const;

  /// Checks any map-like container of name -> text (std::map, std::unordered_map, ...). Maps of
  /// up to 64 entries are viewed without allocating.
  template <class Map>
  LineResult process_map(const Map& record) const {
    constexpr std::size_t on_stack = 64;
    if (record.size() <= on_stack) {
      std::array<FieldValue, on_stack> pairs;
      std::size_t n = 0;
      for (const auto& [name, value] : record) pairs[n++] = FieldValue(name, value);
      return process_record(std::span<const FieldValue>(pairs.data(), n));
    }
    std::vector<FieldValue> pairs;
    pairs.reserve(record.size());
    for (const auto& [name, value] : record) pairs.emplace_back(name, value);
    return process_record(pairs);
  }

  /// Length of the first complete CSV record in `buffer` (including its line break), or 0 when
  /// the record continues past the end of the buffer (e.g. a quoted field holding a newline).
  /// Lets a reader of a stream collect one record at a time.
  std::size_t csv_record_length(std::string_view buffer) const;

  /// The plan given to the constructor.
  const Plan& plan() const noexcept { return plan_; }

 private:
  Plan plan_;
  Plan reading_plan_;  // plan_ with header off, for reading CSV records
  std::unique_ptr<detail::LinePool> pool_;  // reusable per-call reading state
};

}  // namespace rowguard
