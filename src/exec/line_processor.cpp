// Single-record validation. Each call borrows a reading context from a per-instance pool (a
// mutex-guarded free list), so one LineProcessor serves many threads, and after the first call on
// each thread a valid record allocates nothing.
#include "rowguard/line_processor.hpp"

#include <mutex>
#include <optional>

#include "check/values.hpp"
#include "csv/scanner.hpp"
#include "exec/finding_sink.hpp"
#include "exec/reader.hpp"
#include "rowguard/error.hpp"

namespace rowguard {
namespace detail {

struct LineContext {
  PartialResult piece;
  std::unique_ptr<RecordReader> csv;
  std::unique_ptr<RecordReader> jsonl;
  std::vector<std::optional<std::string_view>> values;
  std::string scratch;

  // Empties the piece but keeps its memory.
  void clear(std::size_t slots) {
    piece.counts.assign(slots * kind_count, 0);
    piece.findings.clear();
    piece.unique.clear();
    piece.unique_values.clear();
    piece.rows_consumed = piece.lines_consumed = piece.total_rows = piece.invalid_rows = 0;
  }
};

struct LinePool {
  Kernel kernel = Kernel::scalar;  // resolved once, when the processor is made
  std::mutex mutex;
  std::vector<std::unique_ptr<LineContext>> free;
};

namespace {

// Borrows a context for the duration of one call.
class Borrowed {
 public:
  Borrowed(LinePool& pool, const PlanImpl& plan) : pool_(pool) {
    {
      std::lock_guard<std::mutex> lock(pool_.mutex);
      if (!pool_.free.empty()) {
        ctx_ = std::move(pool_.free.back());
        pool_.free.pop_back();
      }
    }
    if (!ctx_) {
      ctx_ = std::make_unique<LineContext>();
      // Records are given one at a time: no byte-order mark, and CSV columns in schema order.
      PlanImpl const& p = plan;
      ctx_->csv = make_reader(p, Format::csv, ReaderStart{false, {}}, pool.kernel);
      ctx_->jsonl = make_reader(p, Format::jsonl, ReaderStart{false, {}}, pool.kernel);
      ctx_->values.resize(plan.fields.size());
    }
    ctx_->clear(plan.fields.size() + 1);
  }
  ~Borrowed() {
    std::lock_guard<std::mutex> lock(pool_.mutex);
    pool_.free.push_back(std::move(ctx_));
  }
  LineContext& operator*() { return *ctx_; }
  LineContext* operator->() { return ctx_.get(); }

 private:
  LinePool& pool_;
  std::unique_ptr<LineContext> ctx_;
};

LineResult verdict(PartialResult& piece) {
  LineResult r;
  r.valid = piece.invalid_rows == 0 && piece.findings.empty();
  if (!r.valid) {
    for (Finding& f : piece.findings) {
      f.row += 1;
      f.line += 1;
    }
    r.errors = std::move(piece.findings);
  }
  return r;
}

LineResult blank_record() {
  LineResult r;
  r.valid = false;
  Finding f;
  f.row = f.line = 1;
  f.type = ErrorType::blank_row;
  f.message = "the row is blank";
  r.errors.push_back(std::move(f));
  return r;
}

}  // namespace
}  // namespace detail

namespace {
// A plan whose dialect reads CSV records without a header.
Plan headerless(const Plan& plan) {
  if (!plan.dialect().header) return plan;
  Dialect d = plan.dialect();
  d.header = false;
  return compile(plan.schema(), d);
}
}  // namespace

LineProcessor::LineProcessor(Plan plan)
    : plan_(plan), reading_plan_(headerless(plan)), pool_(std::make_unique<detail::LinePool>()) {
  pool_->kernel = resolve_kernel(Kernel::automatic);
}
LineProcessor::~LineProcessor() = default;
LineProcessor::LineProcessor(LineProcessor&&) noexcept = default;
LineProcessor& LineProcessor::operator=(LineProcessor&&) noexcept = default;

namespace {
// A text holding more than one record: all of it was read (so a comment line or a blank line
// before the record does not hide it), but only one record may be judged per call.
void expect_one_record(const detail::PartialResult& piece, const char* what) {
  if (piece.total_rows > 1) {
    throw UsageError(std::string(what) + " takes one record, but the text holds " + std::to_string(piece.total_rows));
  }
}
}  // namespace

LineResult LineProcessor::process_json(std::string_view line) const {
  if (line.find_first_not_of(" \t\r\n") == std::string_view::npos) return detail::blank_record();
  line = line.substr(0, line.find_last_not_of("\r\n") + 1);  // any trailing line breaks are allowed
  detail::Borrowed ctx(*pool_, reading_plan_.impl());
  ctx->jsonl->read(line.data(), line.size(), 0, true, static_cast<std::size_t>(-1), static_cast<std::size_t>(-1),
                   ctx->piece);
  expect_one_record(ctx->piece, "process_json");
  return detail::verdict(ctx->piece);
}

LineResult LineProcessor::process_csv(std::string_view record) const {
  if (record.find_first_not_of("\r\n") == std::string_view::npos) return detail::blank_record();
  record = record.substr(0, record.find_last_not_of("\r\n") + 1);  // any trailing line breaks are allowed
  detail::Borrowed ctx(*pool_, reading_plan_.impl());
  ctx->csv->read(record.data(), record.size(), 0, true, static_cast<std::size_t>(-1), static_cast<std::size_t>(-1),
                 ctx->piece);
  expect_one_record(ctx->piece, "process_csv");
  return detail::verdict(ctx->piece);
}

LineResult LineProcessor::process_record(std::span<const FieldValue> record) const {
  // No pairs at all is an empty record, as an empty JSON line or CSV record is.
  if (record.empty()) return detail::blank_record();
  const detail::PlanImpl& plan = reading_plan_.impl();
  detail::Borrowed ctx(*pool_, plan);
  for (auto& v : ctx->values) v.reset();
  for (const auto& [name, value] : record) {
    auto it = plan.index_by_name.find(name);
    if (it != plan.index_by_name.end() && !ctx->values[it->second]) ctx->values[it->second] = value;
  }
  detail::FindingSink sink(plan, ctx->piece, static_cast<std::size_t>(-1));
  sink.begin_row(0, 0);
  for (const detail::CompiledField& f : plan.fields) {
    const std::uint32_t number = f.index + 1;
    if (!ctx->values[f.index]) {
      if (f.required) sink.required_missing(f, number, "");
      continue;
    }
    std::string_view value = *ctx->values[f.index];
    if (!detail::is_valid_utf8(value)) {
      sink.encoding(f.index, f.name, number, value);
      continue;
    }
    detail::TypedValue typed;
    sink.text_cell(f, number, value, ctx->scratch, typed);
  }
  sink.end_row();
  return detail::verdict(ctx->piece);
}

std::size_t LineProcessor::csv_record_length(std::string_view buffer) const {
  detail::csv::Scanner scanner(reading_plan_.dialect());
  detail::csv::Batch batch;
  std::size_t end = scanner.scan(buffer.data(), buffer.size(), 0, false, 1, batch);
  return batch.records.empty() ? 0 : end;
}

}  // namespace rowguard
