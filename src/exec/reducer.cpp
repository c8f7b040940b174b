#include "exec/reducer.hpp"

#include <algorithm>
#include <utility>

namespace rowguard::detail {

ReducePlan reduce_plan(const PlanImpl& plan) {
  ReducePlan r;
  for (const auto& f : plan.fields) {
    r.field_names.push_back(f.name);
    r.numeric.push_back(f.type == Type::integer || f.type == Type::number);
  }
  r.slot_field.assign(plan.unique_slots, 0);
  for (const auto& f : plan.fields) {
    if (f.unique_slot >= 0) r.slot_field[static_cast<std::size_t>(f.unique_slot)] = f.index;
  }
  r.composite_key_slot = plan.composite_key_slot;
  r.composite_key = plan.composite_key;
  if (plan.composite_key_slot >= 0) {
    r.slot_field[static_cast<std::size_t>(plan.composite_key_slot)] = plan.composite_key.front();
  }
  return r;
}

Reducer::Reducer(const PlanImpl& plan, std::size_t max_findings) : Reducer(reduce_plan(plan), max_findings) {}

Reducer::Reducer(ReducePlan plan, std::size_t max_findings)
    : plan_(std::move(plan)), max_findings_(max_findings), counts_(plan_.slots() * kind_count, 0) {
  seen_.resize(plan_.slot_field.size());
}

std::string Reducer::unique_message(const UniqueEntry& e, std::string_view value, std::uint64_t first_row) const {
  if (static_cast<std::int32_t>(e.slot) == plan_.composite_key_slot) {
    std::string names;
    for (auto i : plan_.composite_key) {
      if (!names.empty()) names += ", ";
      names += plan_.field_names[i];
    }
    return "primary key (" + names + ") = (" + display_value(value, 80) + ") repeats row " + std::to_string(first_row);
  }
  const std::uint32_t field = plan_.slot_field[e.slot];
  std::string shown = display_value(value, 80);
  if (!plan_.numeric[field]) shown = "\"" + shown + "\"";
  return plan_.field_names[field] + ": " + shown + " repeats the value of row " + std::to_string(first_row);
}

void Reducer::absorb(PartialResult&& piece, std::vector<Finding>* resolved, std::vector<std::uint64_t>* newly_invalid) {
  // Judge this piece's unique values against every earlier value of the file, in order.
  std::vector<Finding> unique_findings;
  std::uint64_t last_invalidated = ~std::uint64_t{0};
  // Room for every value of the piece first, so that the tables stay put while lookups a few
  // entries ahead are prefetched: the tables outgrow the caches, and each lookup is a memory access.
  if (!piece.unique.empty()) {
    std::vector<std::size_t> per_slot(seen_.size(), 0);
    for (const UniqueEntry& e : piece.unique) ++per_slot[e.slot];
    for (std::size_t s = 0; s < seen_.size(); ++s) seen_[s].reserve(seen_[s].size() + per_slot[s]);
  }
  constexpr std::size_t prefetch_distance = 16;
  const std::size_t entries = piece.unique.size();
  for (std::size_t n = 0; n < entries; ++n) {
    if (n + prefetch_distance < entries) {
      const UniqueEntry& ahead = piece.unique[n + prefetch_distance];
      seen_[ahead.slot].prefetch(ahead.key);
    }
    const UniqueEntry& e = piece.unique[n];
    const std::uint64_t row = row_base_ + e.row + 1;
    const auto [first_row, inserted] = seen_[e.slot].try_insert(e.key, row);
    if (inserted) continue;
    const bool composite = static_cast<std::int32_t>(e.slot) == plan_.composite_key_slot;
    const ErrorType type = composite ? ErrorType::primary_key_error : ErrorType::unique_error;
    const std::uint32_t field = plan_.slot_field[e.slot];
    ++counts_[field * kind_count + kind_index(type, Constraint::none)];
    if (!e.row_invalid && e.row != last_invalidated) {
      ++piece.invalid_rows;
      last_invalidated = e.row;
      if (newly_invalid) newly_invalid->push_back(e.row);
    }
    if (resolved || findings_.size() + unique_findings.size() < max_findings_) {
      std::string_view value(piece.unique_values.data() + e.value_offset, e.value_size);
      Finding f;
      f.row = row;
      f.line = line_base_ + e.line + 1;
      f.byte = e.byte;
      f.field = plan_.field_names[field];
      f.field_number = e.field_number;
      f.type = type;
      f.constraint = composite ? Constraint::none : Constraint::unique;
      f.message = unique_message(e, value, first_row);
      f.value = display_value(value, 80);
      unique_findings.push_back(std::move(f));
    }
  }

  // Place the piece's findings in the file and merge in the unique ones, by (row, field number);
  // at a tie the cell's own findings come first.
  for (Finding& f : piece.findings) {
    f.row += row_base_ + 1;
    f.line += line_base_ + 1;
  }
  if (findings_.size() < max_findings_ || resolved) {
    auto before = [](const Finding& a, const Finding& b) {
      return a.row != b.row ? a.row < b.row : a.field_number < b.field_number;
    };
    std::size_t i = 0, j = 0;
    while (i < piece.findings.size() || j < unique_findings.size()) {
      bool take_piece = j >= unique_findings.size() ||
                        (i < piece.findings.size() && !before(unique_findings[j], piece.findings[i]));
      Finding& f = take_piece ? piece.findings[i++] : unique_findings[j++];
      const bool keep = findings_.size() < max_findings_;
      if (resolved) resolved->push_back(f);
      if (keep) findings_.push_back(std::move(f));
      else if (!resolved) break;
    }
  }

  for (std::size_t k = 0; k < counts_.size() && k < piece.counts.size(); ++k) counts_[k] += piece.counts[k];
  row_base_ += piece.rows_consumed;
  line_base_ += piece.lines_consumed;
  bytes_ += piece.bytes;
  total_rows_ += piece.total_rows;
  invalid_rows_ += piece.invalid_rows;
}

ValidationResult Reducer::finish(double elapsed_seconds, std::string kernel) {
  ValidationResult r;
  r.total_rows = total_rows_;
  r.invalid_rows = invalid_rows_;
  r.valid_rows = total_rows_ - invalid_rows_;
  // Problems not tied to a field first, then fields in schema order; within a field by type, with
  // constraint errors ordered by constraint.
  const std::size_t no_field = plan_.field_names.size();
  auto emit_slot = [&](std::size_t slot) {
    for (int t = 0; t < error_type_count; ++t) {
      auto type = static_cast<ErrorType>(t);
      auto emit = [&](std::size_t kind) {
        std::uint64_t n = counts_[slot * kind_count + kind];
        if (n == 0) return;
        ErrorCount c;
        c.field = slot == no_field ? std::string() : plan_.field_names[slot];
        c.type = kind_type(kind);
        c.constraint = kind_constraint(kind);
        c.count = n;
        r.error_counts.push_back(std::move(c));
      };
      if (type == ErrorType::constraint_error) {
        for (int c = 1; c < constraint_count; ++c) emit(kind_index(type, static_cast<Constraint>(c)));
      } else {
        emit(static_cast<std::size_t>(t));
      }
    }
  };
  emit_slot(no_field);
  for (std::size_t s = 0; s < no_field; ++s) emit_slot(s);
  r.findings = std::move(findings_);
  r.findings_truncated = r.total_findings() > r.findings.size();
  r.bytes_read = bytes_;
  r.elapsed_seconds = elapsed_seconds;
  r.kernel = std::move(kernel);
  return r;
}

}  // namespace rowguard::detail
