// Map-reduce: chunks validated apart, partials serialized, reduced in file order.
#include "rowguard/map_reduce.hpp"

#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <cstring>

#include "csv/scanner.hpp"
#include "exec/chunks.hpp"
#include "exec/reader.hpp"
#include "exec/reducer.hpp"
#include "exec/stream_driver.hpp"
#include "io/source.hpp"
#include "rowguard/error.hpp"

namespace rowguard {
namespace detail {

struct PartialData {
  std::string fingerprint;  // the plan's
  Format format = Format::csv;
  std::uint64_t max_findings = 0;
  std::string kernel;
  std::string source;
  std::uint64_t input_size = 0;  // of the whole input, when known (map_file_range); 0 otherwise
  double seconds = 0;            // the map's wall time
  ReducePlan plan;
  PartialResult partial;
};

namespace {

constexpr char magic[6] = {'R', 'G', 'P', 'A', 'R', 'T'};
constexpr std::uint16_t format_version = 1;

// Little-endian writer and bounds-checked reader of the serialized form.
class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u16(std::uint16_t v) { put(v); }
  void u32(std::uint32_t v) { put(v); }
  void u64(std::uint64_t v) { put(v); }
  void str(std::string_view s) {
    u64(s.size());
    out_.append(s);
  }
  void raw(const void* p, std::size_t n) { out_.append(static_cast<const char*>(p), n); }
  std::string& bytes() { return out_; }

 private:
  template <class T>
  void put(T v) {
    unsigned char b[sizeof(T)];
    for (std::size_t i = 0; i < sizeof(T); ++i) b[i] = static_cast<unsigned char>(v >> (8 * i));
    out_.append(reinterpret_cast<const char*>(b), sizeof(T));
  }
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)[0]); }
  std::uint16_t u16() { return get<std::uint16_t>(); }
  std::uint32_t u32() { return get<std::uint32_t>(); }
  std::uint64_t u64() { return get<std::uint64_t>(); }
  std::string str() {
    const std::uint64_t n = u64();
    if (n > in_.size() - pos_) bad("a string runs past the end");
    return std::string(take(static_cast<std::size_t>(n)));
  }
  // A count of items each at least `min_bytes` long, checked against what is left.
  std::size_t count(std::size_t min_bytes) {
    const std::uint64_t n = u64();
    if (min_bytes && n > (in_.size() - pos_) / min_bytes) bad("a count is larger than the data");
    return static_cast<std::size_t>(n);
  }
  bool at_end() const { return pos_ == in_.size(); }
  [[noreturn]] static void bad(const std::string& why) {
    throw UsageError("not a valid rowguard partial result: " + why);
  }

 private:
  std::string_view take(std::size_t n) {
    if (n > in_.size() - pos_) bad("it is truncated");
    std::string_view v = in_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  template <class T>
  T get() {
    std::string_view b = take(sizeof(T));
    T v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) v = static_cast<T>(v | static_cast<T>(static_cast<T>(static_cast<unsigned char>(b[i])) << (8 * i)));
    return v;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
};

}  // namespace
}  // namespace detail

// ---- PartialResult --------------------------------------------------------------------------

PartialResult::PartialResult() : data_(std::make_unique<detail::PartialData>()) {}
PartialResult::~PartialResult() = default;
PartialResult::PartialResult(const PartialResult& o) : data_(std::make_unique<detail::PartialData>(*o.data_)) {}
PartialResult& PartialResult::operator=(const PartialResult& o) {
  data_ = std::make_unique<detail::PartialData>(*o.data_);
  return *this;
}
PartialResult::PartialResult(PartialResult&&) noexcept = default;
PartialResult& PartialResult::operator=(PartialResult&&) noexcept = default;

ByteRange PartialResult::range() const noexcept { return ByteRange{data_->partial.offset, data_->partial.bytes}; }
const std::string& PartialResult::source() const noexcept { return data_->source; }
std::uint64_t PartialResult::total_rows() const noexcept { return data_->partial.total_rows; }
std::uint64_t PartialResult::invalid_rows_before_reduce() const noexcept { return data_->partial.invalid_rows; }

std::string PartialResult::serialize() const {
  const detail::PartialData& d = *data_;
  const detail::PartialResult& p = d.partial;
  detail::Writer w;
  w.raw(detail::magic, sizeof detail::magic);
  w.u16(detail::format_version);
  w.str(d.fingerprint);
  w.u8(static_cast<std::uint8_t>(d.format));
  w.u64(d.max_findings);
  w.str(d.kernel);
  w.str(d.source);
  w.u64(d.input_size);
  std::uint64_t seconds_bits = 0;
  std::memcpy(&seconds_bits, &d.seconds, sizeof seconds_bits);
  w.u64(seconds_bits);
  // What reducing needs of the plan.
  w.u64(d.plan.field_names.size());
  for (std::size_t i = 0; i < d.plan.field_names.size(); ++i) {
    w.str(d.plan.field_names[i]);
    w.u8(d.plan.numeric[i] ? 1 : 0);
  }
  w.u64(d.plan.slot_field.size());
  for (std::uint32_t f : d.plan.slot_field) w.u32(f);
  w.u32(static_cast<std::uint32_t>(d.plan.composite_key_slot));
  w.u64(d.plan.composite_key.size());
  for (std::uint32_t f : d.plan.composite_key) w.u32(f);
  // The chunk.
  for (std::uint64_t v : {p.offset, p.bytes, p.rows_consumed, p.lines_consumed, p.total_rows, p.invalid_rows}) w.u64(v);
  w.u64(p.counts.size());
  for (std::uint64_t c : p.counts) w.u64(c);
  w.u64(p.findings.size());
  for (const Finding& f : p.findings) {
    w.u64(f.row);
    w.u64(f.line);
    w.u64(f.byte);
    w.str(f.field);
    w.u32(f.field_number);
    w.u8(static_cast<std::uint8_t>(f.type));
    w.u8(static_cast<std::uint8_t>(f.constraint));
    w.str(f.message);
    w.str(f.value);
  }
  w.u64(p.unique.size());
  for (const detail::UniqueEntry& e : p.unique) {
    w.u64(e.row);
    w.u64(e.line);
    w.u64(e.byte);
    w.u64(e.key.lo);
    w.u64(e.key.hi);
    w.u32(e.field_number);
    w.u32(e.slot);
    w.u64(e.value_offset);
    w.u32(e.value_size);
    w.u8(e.row_invalid ? 1 : 0);
  }
  w.str(p.unique_values);
  const std::uint64_t checksum = XXH3_64bits(w.bytes().data(), w.bytes().size());
  w.u64(checksum);
  return std::move(w.bytes());
}

PartialResult PartialResult::deserialize(std::string_view bytes) {
  using detail::Reader;
  if (bytes.size() < sizeof detail::magic + 2 + 8 || std::memcmp(bytes.data(), detail::magic, sizeof detail::magic) != 0) {
    Reader::bad("the magic number is missing");
  }
  const std::string_view body = bytes.substr(0, bytes.size() - 8);
  Reader tail(bytes.substr(bytes.size() - 8));
  if (XXH3_64bits(body.data(), body.size()) != tail.u64()) Reader::bad("the checksum does not match (corrupted)");
  Reader r(body.substr(sizeof detail::magic));
  const std::uint16_t version = r.u16();
  if (version != detail::format_version) {
    Reader::bad("format version " + std::to_string(version) + " (this rowguard reads version " +
                std::to_string(detail::format_version) + ")");
  }
  PartialResult out;
  detail::PartialData& d = *out.data_;
  d.fingerprint = r.str();
  const std::uint8_t format = r.u8();
  if (format > static_cast<std::uint8_t>(Format::jsonl)) Reader::bad("unknown input format");
  d.format = static_cast<Format>(format);
  d.max_findings = r.u64();
  d.kernel = r.str();
  d.source = r.str();
  d.input_size = r.u64();
  const std::uint64_t seconds_bits = r.u64();
  std::memcpy(&d.seconds, &seconds_bits, sizeof d.seconds);
  if (!(d.seconds >= 0) || d.seconds > 1e12) Reader::bad("the map time is not a time");
  const std::size_t fields = r.count(9);
  for (std::size_t i = 0; i < fields; ++i) {
    d.plan.field_names.push_back(r.str());
    d.plan.numeric.push_back(r.u8() != 0);
  }
  const std::size_t slots = r.count(4);
  for (std::size_t i = 0; i < slots; ++i) {
    const std::uint32_t f = r.u32();
    if (f >= fields) Reader::bad("a unique slot names a field that does not exist");
    d.plan.slot_field.push_back(f);
  }
  d.plan.composite_key_slot = static_cast<std::int32_t>(r.u32());
  if (d.plan.composite_key_slot >= static_cast<std::int32_t>(slots)) Reader::bad("the primary key slot does not exist");
  const std::size_t key_fields = r.count(4);
  for (std::size_t i = 0; i < key_fields; ++i) {
    const std::uint32_t f = r.u32();
    if (f >= fields) Reader::bad("a primary key field does not exist");
    d.plan.composite_key.push_back(f);
  }
  detail::PartialResult& p = d.partial;
  p.offset = r.u64();
  p.bytes = r.u64();
  if (p.bytes > ~std::uint64_t{0} - p.offset) Reader::bad("the byte range runs past 2^64");
  p.rows_consumed = r.u64();
  p.lines_consumed = r.u64();
  p.total_rows = r.u64();
  p.invalid_rows = r.u64();
  if (p.invalid_rows > p.total_rows) Reader::bad("more invalid rows than rows");
  const std::size_t counts = r.count(8);
  if (counts != d.plan.slots() * detail::kind_count) Reader::bad("the counts do not fit the plan");
  std::uint64_t counted = 0;  // findings of every kind, kept or not
  for (std::size_t i = 0; i < counts; ++i) {
    p.counts.push_back(r.u64());
    if (__builtin_add_overflow(counted, p.counts.back(), &counted)) Reader::bad("the finding counts add up past 2^64");
  }
  const std::size_t findings = r.count(8 * 3 + 8 + 4 + 2 + 8 + 8);
  // A map keeps at most its limit of findings, and counts each one it keeps.
  if (findings > d.max_findings) Reader::bad("more findings than its limit of " + std::to_string(d.max_findings));
  if (findings > counted) Reader::bad("more findings than its counts say");
  for (std::size_t i = 0; i < findings; ++i) {
    Finding f;
    f.row = r.u64();
    f.line = r.u64();
    f.byte = r.u64();
    f.field = r.str();
    f.field_number = r.u32();
    const std::uint8_t type = r.u8(), constraint = r.u8();
    if (type >= error_type_count || constraint >= constraint_count) Reader::bad("unknown finding type");
    f.type = static_cast<ErrorType>(type);
    f.constraint = static_cast<Constraint>(constraint);
    f.message = r.str();
    f.value = r.str();
    // Numbered within the partial, like its unique values (see below), and in row order.
    if (f.row > p.rows_consumed || f.line > p.lines_consumed) Reader::bad("a finding lies in a row the partial does not have");
    if (!p.findings.empty() && f.row < p.findings.back().row) Reader::bad("the findings are out of row order");
    p.findings.push_back(std::move(f));
  }
  const std::size_t unique = r.count(8 * 5 + 4 + 4 + 8 + 4 + 1);
  for (std::size_t i = 0; i < unique; ++i) {
    detail::UniqueEntry e;
    e.row = r.u64();
    e.line = r.u64();
    e.byte = r.u64();
    e.key.lo = r.u64();
    e.key.hi = r.u64();
    e.field_number = r.u32();
    e.slot = r.u32();
    e.value_offset = r.u64();
    e.value_size = r.u32();
    e.row_invalid = r.u8() != 0;
    if (e.slot >= slots) Reader::bad("a unique value names a slot that does not exist");
    // In row order, each in a row the partial numbers (a JSONL partial's last line, unterminated,
    // takes the number after rows_consumed): the reducer counts a row made invalid by a duplicate
    // once, by comparing it with the row before.
    if (e.row > p.rows_consumed) Reader::bad("a unique value lies in a row the partial does not have");
    if (!p.unique.empty() && e.row < p.unique.back().row) Reader::bad("the unique values are out of row order");
    p.unique.push_back(e);
  }
  p.unique_values = r.str();
  for (const detail::UniqueEntry& e : p.unique) {
    if (e.value_offset > p.unique_values.size() || e.value_size > p.unique_values.size() - e.value_offset) {
      Reader::bad("a unique value lies outside the value text");
    }
  }
  if (!r.at_end()) Reader::bad("there are bytes after the end");
  return out;
}

ValidationResult reduce_results(std::vector<PartialResult> partials) {
  const auto start = std::chrono::steady_clock::now();
  if (partials.empty()) throw UsageError("reduce_results needs at least one partial result");
  const detail::PartialData& first = *partials.front().data_;
  std::string kernel = first.kernel;
  for (const PartialResult& p : partials) {
    const detail::PartialData& d = *p.data_;
    if (d.fingerprint != first.fingerprint || !(d.plan == first.plan)) {
      throw UsageError("the partial results come from different schemas or dialects");
    }
    if (d.format != first.format || d.max_findings != first.max_findings) {
      throw UsageError("the partial results were made with different formats or finding limits");
    }
    if (d.kernel != kernel) kernel = "mixed";
  }
  std::sort(partials.begin(), partials.end(),
            [](const PartialResult& a, const PartialResult& b) { return a.range().offset < b.range().offset; });
  std::uint64_t expected = 0;
  std::uint64_t input_size = 0;  // as the partials that know it say
  for (const PartialResult& p : partials) {
    const ByteRange r = p.range();
    if (r.offset != expected) {
      throw UsageError(r.offset > expected ? "the partial results leave bytes " + std::to_string(expected) + " to " +
                                                 std::to_string(r.offset) + " uncovered"
                                           : "the partial results overlap at byte " + std::to_string(r.offset));
    }
    expected = r.offset + r.length;
    if (const std::uint64_t size = p.data_->input_size) {
      if (input_size && size != input_size) {
        throw UsageError("the partial results come from inputs of different sizes (" + std::to_string(input_size) +
                         " and " + std::to_string(size) + " bytes)");
      }
      input_size = size;
    }
  }
  if (input_size && expected != input_size) {
    throw UsageError("the partial results end at byte " + std::to_string(expected) + " of " +
                     std::to_string(input_size) + ": the partials for the rest of the input are missing");
  }
  // Counts that wrap or disagree can only come from partials that were tampered with (each is
  // read with a checksum, so not from corruption): refused, not reported as a nonsense result.
  std::uint64_t rows = 0, lines = 0, findings = 0;
  for (const PartialResult& p : partials) {
    const detail::PartialResult& part = p.data_->partial;
    if (__builtin_add_overflow(rows, part.total_rows, &rows) || __builtin_add_overflow(lines, part.lines_consumed, &lines)) {
      throw UsageError("the partial results count more than 2^64 rows or lines");
    }
    for (std::uint64_t n : part.counts) {
      if (__builtin_add_overflow(findings, n, &findings)) throw UsageError("the partial results count more than 2^64 findings");
    }
  }
  detail::Reducer reducer(first.plan, static_cast<std::size_t>(first.max_findings));
  double map_seconds = 0;
  for (PartialResult& p : partials) {
    map_seconds += p.data_->seconds;
    reducer.absorb(std::move(p.data_->partial));
  }
  if (reducer.invalid_rows_so_far() > reducer.rows_so_far()) {
    throw UsageError("the partial results are inconsistent: they count more invalid rows than rows");
  }
  // The time the whole validation took, as if run in one place: the maps' times and the merge's.
  std::chrono::duration<double> merge = std::chrono::steady_clock::now() - start;
  return reducer.finish(map_seconds + merge.count(), kernel);
}

// ---- MapReduceValidator -----------------------------------------------------------------------

MapReduceValidator::MapReduceValidator(Plan plan, ValidateOptions options)
    : plan_(std::move(plan)), options_(options), kernel_(resolve_kernel(options.kernel)) {}

Format MapReduceValidator::format_for(const std::filesystem::path& file) const {
  return options_.format == Format::automatic ? format_from_path(file) : options_.format;
}

namespace {

// Opens a file that must be plain (seekable and uncompressed) for map-reduce.
std::unique_ptr<detail::ByteSource> open_plain(const std::filesystem::path& file) {
  auto source = detail::open_source(file);
  if (!source->size()) throw UsageError(file.string() + ": map-reduce needs a plain (uncompressed, seekable) file");
  return source;
}

}  // namespace

std::vector<ByteRange> MapReduceValidator::split(const std::filesystem::path& file, std::size_t parts) const {
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(file, ec);
  std::vector<std::uint64_t> targets;
  for (std::size_t k = 1; !ec && k < parts; ++k) targets.push_back(size * k / parts);
  return split_at(file, std::move(targets));
}

namespace {

// The first record boundary at or after `target` in `anchor`, text at absolute offset
// `anchor_offset` whose byte `from` is a record start after the header: `from` itself when it is
// not the anchor's start, else the end of a record complete in the anchor; 0 when there is none.
std::uint64_t first_boundary_in(const Dialect& dialect, Format format, std::string_view anchor,
                                std::uint64_t anchor_offset, std::size_t from, std::uint64_t target) {
  if (from > 0 && anchor_offset + from >= target) return anchor_offset + from;
  if (format == Format::jsonl) {
    for (std::size_t i = from; i < anchor.size(); ++i) {
      if (anchor[i] == '\n' && anchor_offset + i + 1 >= target) return anchor_offset + i + 1;
    }
    return 0;
  }
  const detail::csv::Scanner scanner(dialect);
  std::size_t pos = from;
  while (pos < anchor.size()) {
    detail::csv::Batch batch;
    pos = scanner.scan(anchor.data(), anchor.size(), pos, false, 1024, batch);
    if (batch.records.empty()) break;
    for (const detail::csv::Record& r : batch.records) {
      if (anchor_offset + r.next_begin >= target) return anchor_offset + r.next_begin;
    }
  }
  return 0;
}

}  // namespace

std::vector<ByteRange> MapReduceValidator::split_at(const std::filesystem::path& file,
                                                    std::vector<std::uint64_t> offsets) const {
  const Format format = format_for(file);
  auto source = open_plain(file);
  const std::uint64_t size = *source->size();
  std::sort(offsets.begin(), offsets.end());
  offsets.erase(std::remove_if(offsets.begin(), offsets.end(), [&](std::uint64_t o) { return o == 0 || o >= size; }),
                offsets.end());
  std::vector<std::uint64_t> cuts{0};
  if (!offsets.empty()) {
    // Walk the file in small candidate chunks (each ending after a line break) and find each one's
    // exact first record start; the planner starts none before the header has ended. The first
    // record boundary at or after a target lies between the last record start before it (in the
    // "anchor" chunk, which is kept) and the first record start after it.
    const Dialect dialect = detail::effective_dialect(plan_.impl(), format);
    detail::ChunkPlanner planner(dialect, format);
    const std::size_t step = static_cast<std::size_t>(std::clamp<std::uint64_t>(size / ((offsets.size() + 1) * 64), 1, 1 << 20));
    detail::SourceFeed feed(*source, format, step);
    detail::ChunkPtr anchor;
    std::size_t anchor_from = 0;  // where boundaries may start in the anchor (after the header)
    std::size_t next = 0;
    // Cuts for every target up to `record_start`, the next known record start.
    auto cut_up_to = [&](std::uint64_t record_start) {
      while (next < offsets.size() && offsets[next] <= record_start) {
        std::uint64_t cut = anchor ? first_boundary_in(dialect, format, anchor->bytes, anchor->offset, anchor_from,
                                                       offsets[next])
                                   : 0;
        if (cut == 0) cut = record_start;
        if (cut >= size) return;
        if (cut > cuts.back()) cuts.push_back(cut);
        while (next < offsets.size() && offsets[next] <= cut) ++next;
      }
    };
    while (detail::ChunkPtr c = feed.next()) {
      if (c->end_marker) break;
      const std::size_t prefix = planner.accept(c->bytes, detail::transfer_of(dialect, format, kernel_, c->bytes));
      if (prefix == std::string_view::npos) continue;
      if (!c->first) {
        cut_up_to(c->offset + prefix);
        if (next == offsets.size()) break;
      }
      anchor = c;
      anchor->offset += prefix;
      anchor->bytes.remove_prefix(prefix);
      anchor_from = 0;
      if (c->first && format != Format::jsonl && dialect.header) {
        // In the first chunk, records end after the header only.
        const bool bom = c->bytes.size() >= 3 && c->bytes.substr(0, 3) == "\xEF\xBB\xBF";
        const detail::HeaderSpan h = detail::find_header(dialect, c->bytes, bom ? 3 : 0);
        if (h.found && h.complete) anchor_from = h.end;
        else anchor = nullptr;  // the header goes on: no record boundary here
      }
    }
    cut_up_to(size);
  }
  std::vector<ByteRange> ranges;
  for (std::size_t i = 0; i < cuts.size(); ++i) {
    const std::uint64_t end = i + 1 < cuts.size() ? cuts[i + 1] : size;
    ranges.push_back(ByteRange{cuts[i], end - cuts[i]});
  }
  return ranges;
}

std::string MapReduceValidator::header_record(const std::filesystem::path& file) const {
  const Format format = format_for(file);
  const Dialect dialect = detail::effective_dialect(plan_.impl(), format);
  if (format == Format::jsonl || !dialect.header) return {};
  auto source = detail::open_source(file);
  // Read until the first record (after comments) is complete; it may be long.
  std::string head;
  bool eof = false;
  std::size_t want = 64 << 10;
  while (true) {
    while (!eof && head.size() < want) {
      const std::size_t before = head.size();
      head.resize(want);
      const std::size_t got = source->read(head.data() + before, want - before);
      head.resize(before + got);
      if (got == 0) eof = true;
    }
    const std::size_t cut = eof ? head.size() : detail::cut_point(format, head);
    detail::HeaderRecord record = detail::header_record(dialect, format, std::string_view(head).substr(0, cut));
    if (eof || record.complete) return record.bytes;
    want *= 2;
  }
}

PartialResult MapReduceValidator::start_partial(Format format, const detail::RecordReader& reader,
                                                std::uint64_t offset) const {
  PartialResult out;
  detail::PartialData& d = *out.data_;
  d.fingerprint = plan_.fingerprint();
  d.format = format;
  d.max_findings = options_.max_findings;
  d.kernel = std::string(reader.kernel_name());
  d.plan = detail::reduce_plan(plan_.impl());
  d.partial.reset(d.plan.slots());
  d.partial.offset = offset;
  return out;
}

PartialResult MapReduceValidator::map_validate_chunk(std::string_view bytes, const ChunkInfo& info) const {
  if (options_.format == Format::automatic) {
    throw UsageError("map_validate_chunk needs the format in the options: csv, tsv or jsonl");
  }
  const auto start = std::chrono::steady_clock::now();
  auto reader = detail::make_reader(plan_.impl(), options_.format,
                                    detail::ReaderStart{info.offset == 0, info.header_record}, kernel_);
  PartialResult out = start_partial(options_.format, *reader, info.offset);
  detail::PartialResult& p = out.data_->partial;
  std::size_t pos = 0;
  do {
    const std::size_t used = reader->read(bytes.data() + pos, bytes.size() - pos, info.offset + pos, true,
                                          std::size_t{1} << 20, options_.max_findings, p);
    if (used == 0) break;
    pos += used;
  } while (pos < bytes.size());
  p.bytes = bytes.size();
  out.data_->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

PartialResult MapReduceValidator::map_file_range(const std::filesystem::path& file, ByteRange range) const {
  const auto start = std::chrono::steady_clock::now();
  const Format format = format_for(file);
  const std::uint64_t size = *open_plain(file)->size();
  if (range.offset > size || range.length > size - range.offset) {
    throw IoError(file, "the range " + std::to_string(range.offset) + "+" + std::to_string(range.length) +
                            " runs past the end of the file (" + std::to_string(size) + " bytes)");
  }
  const detail::PlanImpl& impl = plan_.impl();
  auto reader = detail::make_reader(
      impl, format, detail::ReaderStart{range.offset == 0, range.offset > 0 ? header_record(file) : std::string()},
      kernel_);
  PartialResult out = start_partial(format, *reader, range.offset);
  out.data_->source = file.string();
  out.data_->input_size = size;
  // Read through one buffer, as the serial Validator does: memory stays flat however long the
  // range, and records longer than the dialect allows are followed without being held.
  auto source = detail::open_range_source(file, range.offset, range.length);
  detail::StreamSession session(*source, *reader, out.data_->partial, range.offset,
                                detail::effective_dialect(impl, format), format, std::size_t{4} << 20);
  while (session.step(std::size_t{1} << 20, options_.max_findings)) {
  }
  out.data_->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace rowguard
