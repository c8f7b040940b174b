// The serial Validator: one reader over the whole input, pieces of a bounded number of records
// handed to the Reducer in order.
#include "rowguard/validator.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "exec/reader.hpp"
#include "exec/reducer.hpp"
#include "exec/stream_driver.hpp"
#include "io/source.hpp"
#include "rowguard/error.hpp"

namespace rowguard {
namespace {

// Records per piece: bounds the memory of pending unique values and findings.
constexpr std::size_t piece_records = 1 << 16;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

std::string_view to_string(Format format) noexcept {
  switch (format) {
    case Format::automatic: return "auto";
    case Format::csv: return "csv";
    case Format::tsv: return "tsv";
    case Format::jsonl: return "jsonl";
  }
  return "auto";
}

Format format_from_string(std::string_view name) {
  if (name == "auto") return Format::automatic;
  if (name == "csv") return Format::csv;
  if (name == "tsv") return Format::tsv;
  if (name == "jsonl" || name == "ndjson") return Format::jsonl;
  throw UsageError("unknown format \"" + std::string(name) + "\" (auto, csv, tsv, jsonl)");
}

Format format_from_path(const std::filesystem::path& path) {
  std::filesystem::path p = path;
  std::string ext = lower(p.extension().string());
  if (ext == ".gz" || ext == ".zst") {
    p = p.stem();
    ext = lower(p.extension().string());
  }
  if (ext == ".csv") return Format::csv;
  if (ext == ".tsv" || ext == ".tab") return Format::tsv;
  if (ext == ".jsonl" || ext == ".ndjson") return Format::jsonl;
  throw UsageError(path.string() + ": cannot tell the format from the extension \"" + path.extension().string() +
                   "\"; name it .csv, .tsv, .jsonl or .ndjson, or give the format explicitly");
}

Validator::Validator(Plan plan, ValidateOptions options)
    : plan_(std::move(plan)), options_(options), kernel_(resolve_kernel(options.kernel)) {}

ValidationResult Validator::validate_buffer(std::string_view data, Format format) const {
  const auto start = std::chrono::steady_clock::now();
  const detail::PlanImpl& plan = plan_.impl();
  auto reader = detail::make_reader(plan, format, detail::ReaderStart{}, kernel_);
  detail::Reducer reducer(plan, options_.max_findings);
  std::size_t pos = 0;
  do {
    detail::PartialResult piece;
    piece.reset(reducer.slots());
    piece.offset = pos;
    std::size_t used = reader->read(data.data() + pos, data.size() - pos, pos, true, piece_records,
                                    reducer.findings_wanted(), piece);
    piece.bytes = used;
    pos += used;
    reducer.absorb(std::move(piece));
    if (used == 0) break;
  } while (pos < data.size());
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  return reducer.finish(elapsed.count(), std::string(reader->kernel_name()));
}

ValidationResult Validator::validate_file(const std::filesystem::path& path, const StreamProgressFn& on_progress) const {
  const bool is_stdin = path == "-";
  Format format = options_.format;
  if (format == Format::automatic) {
    if (is_stdin) throw UsageError("cannot tell the format of standard input; give the format explicitly");
    format = format_from_path(path);
  }
  auto source = detail::open_source(path);
  return validate_source(*source, format, on_progress);
}

ValidationResult Validator::validate_source(detail::ByteSource& source, Format format,
                                            const StreamProgressFn& on_progress) const {
  const auto start = std::chrono::steady_clock::now();
  const detail::PlanImpl& plan = plan_.impl();
  auto reader = detail::make_reader(plan, format, detail::ReaderStart{}, kernel_);
  detail::Reducer reducer(plan, options_.max_findings);
  detail::StreamSession session(source, *reader, reducer, detail::effective_dialect(plan, format), format,
                                std::size_t{4} << 20);
  while (session.step(piece_records, reducer.findings_wanted())) {
    if (on_progress) {
      StreamProgress p;
      p.bytes_done = session.bytes_done();
      p.total_bytes = source.size();
      p.rows = reducer.rows_so_far();
      p.invalid_rows = reducer.invalid_rows_so_far();
      on_progress(p);
    }
  }
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  return reducer.finish(elapsed.count(), std::string(reader->kernel_name()));
}

ValidationResult Validator::validate_stream(std::istream& in, Format format) const {
  if (format == Format::automatic) throw UsageError("cannot tell the format of a stream; give the format explicitly");
  auto source = detail::istream_source(in, "stream");
  return validate_source(*source, format);
}

}  // namespace rowguard
