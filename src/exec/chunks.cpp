#include "exec/chunks.hpp"

#include "csv/scanner.hpp"

namespace rowguard::detail {

std::size_t cut_point(Format format, std::string_view bytes) {
  if (format == Format::jsonl) {
    const std::size_t nl = bytes.rfind('\n');
    return nl == std::string_view::npos ? 0 : nl + 1;
  }
  return csv::cut_after_last_line_break(bytes);
}

csv::ChunkTransfer transfer_of(const Dialect& dialect, Format format, Kernel kernel, std::string_view chunk) {
  if (format == Format::jsonl) return csv::ChunkTransfer{};
  return csv::chunk_transfer(dialect, kernel, chunk);
}

namespace {

bool starts_with_bom(std::string_view s) { return s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF"; }

}  // namespace

HeaderSpan find_header(const Dialect& dialect, std::string_view text, std::size_t pos) {
  const csv::Scanner scanner(dialect);
  std::string scratch;
  while (pos < text.size()) {
    csv::Batch batch;
    const std::size_t next = scanner.scan(text.data(), text.size(), pos, true, 1, batch);
    if (batch.records.empty()) break;
    const csv::Record& r = batch.records.front();
    const bool skipped =
        (r.flags & csv::comment) ||
        (dialect.skip_blank_rows && !(r.flags & (csv::too_large | csv::unterminated_quote)) &&
         csv::is_blank_record(text.data(), batch, r, dialect, scratch));
    if (!skipped) return HeaderSpan{true, (r.flags & csv::terminated) != 0, r.begin, r.next_begin};
    pos = next;
  }
  return HeaderSpan{};
}

HeaderRecord header_record(const Dialect& dialect, Format format, std::string_view input) {
  if (format == Format::jsonl || !dialect.header) return {};
  const HeaderSpan h = find_header(dialect, input, starts_with_bom(input) ? 3 : 0);
  if (!h.found) return HeaderRecord{std::string(), false};
  return HeaderRecord{std::string(input.substr(h.begin, h.end - h.begin)), h.complete};
}

std::size_t ChunkPlanner::keep_header_in_first_chunk(std::string_view chunk, std::size_t prefix) {
  constexpr std::size_t whole = std::string_view::npos;
  if (prefix == whole) return whole;  // still inside the record before (the header's, if it started)
  if (header_ == Header::started) {   // the header ends where this chunk's first record starts
    header_ = Header::done;
    return prefix;
  }
  // Records before the header (comment lines, blank rows) never hold a line break, so the header
  // is found whole or started in the chunk that holds its first byte.
  const HeaderSpan h = find_header(dialect_, chunk, first_ && starts_with_bom(chunk) ? 3 : prefix);
  if (h.found) header_ = h.complete ? Header::done : Header::started;
  if (first_) return 0;
  return h.found && h.complete ? h.end : whole;
}

}  // namespace rowguard::detail
