// What each of the financial schema's checks costs a value, on its own: the quick check of one
// field (pattern, number bounds, datetime, length) over that column of the CSV dataset, the
// values already cut out. The full validation (bench_validate) pays these inside the row loop,
// where they overlap less with each other; these are the checks' own costs.
#include "bench_common.hpp"
#include "check/cell_check.hpp"
#include "rowguard/rowguard.hpp"

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace rowguard;

// The dataset's CSV text and, per column, its values (the generator quotes nothing, so cutting at
// commas is exact). The header is skipped.
struct Columns {
  std::string text;
  std::vector<std::vector<std::string_view>> values;
};

const Columns& columns() {
  static const Columns c = [] {
    Columns out;
    std::ifstream in(bench::dataset("csv"), std::ios::binary);
    out.text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    std::string_view text = out.text;
    text.remove_prefix(text.find('\n') + 1);
    while (!text.empty()) {
      const std::size_t eol = text.find('\n');
      std::string_view line = text.substr(0, eol);
      text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      for (std::size_t col = 0;; ++col) {
        if (out.values.size() <= col) out.values.emplace_back();
        const std::size_t comma = line.find(',');
        out.values[col].push_back(line.substr(0, comma));
        if (comma == std::string_view::npos) break;
        line.remove_prefix(comma + 1);
      }
    }
    return out;
  }();
  return c;
}

void quick_check(benchmark::State& state, std::size_t column) {
  const detail::CompiledField& field = bench::financial_plan().impl().fields.at(column);
  const std::vector<std::string_view>& values = columns().values.at(column);
  std::size_t passed = 0;
  for (auto _ : state) {
    passed = 0;
    for (std::string_view v : values) passed += detail::quick_pass(field, v) ? 1u : 0u;
    benchmark::DoNotOptimize(passed);
  }
  const auto checked = state.iterations() * static_cast<std::int64_t>(values.size());
  state.SetItemsProcessed(checked);
  state.counters["passed"] = static_cast<double>(passed) / static_cast<double>(values.size());
  // Seconds per value (printed with an SI prefix: "6.5n" is 6.5 ns).
  state.counters["per_value"] =
      benchmark::Counter(static_cast<double>(checked), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

}  // namespace

BENCHMARK_CAPTURE(quick_check, transaction_id_pattern, 0)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(quick_check, amount_bounds, 1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(quick_check, timestamp_datetime, 2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(quick_check, account_id_length, 3)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
