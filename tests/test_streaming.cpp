// StreamingValidator: whatever the buffer size and batch size, from a file, a stream, a pipe-like
// stream or compressed input, pulled or called back, its final report is byte-identical to the
// serial Validator's (timing aside); its batches split the rows and findings of the result
// exactly; records longer than Dialect::max_record_bytes + 64 KiB, which it follows without
// holding, are reported as the serial Validator reports them; and route_records copies every
// record, byte for byte, to the valid or the invalid output.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <streambuf>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "csv/scanner.hpp"
#include "exec_support.hpp"
#include "rowguard/rowguard.hpp"

using namespace rowguard;
using namespace rowguard::test;
namespace fs = std::filesystem;

namespace {

const std::vector<std::size_t> all_buffer_sizes = {64, 100, 257, 4096, std::size_t{4} << 20};
const std::vector<std::size_t> all_batch_rows = {1, 2, 7, 100000};

// A stream that behaves like a pipe: no size, no seeking, bytes handed out a few at a time.
class TrickleBuf : public std::streambuf {
 public:
  TrickleBuf(std::string data, std::size_t piece) : data_(std::move(data)), piece_(piece) {}

 protected:
  int_type underflow() override {
    if (pos_ >= data_.size()) return traits_type::eof();
    const std::size_t n = std::min(piece_, data_.size() - pos_);
    char* p = data_.data() + pos_;
    setg(p, p, p + n);
    pos_ += n;
    return traits_type::to_int_type(*p);
  }

 private:
  std::string data_;
  std::size_t piece_;
  std::size_t pos_ = 0;
};

struct StreamRun {
  ValidationResult result;
  std::vector<BatchResult> batches;
  std::vector<StreamProgress> progress;
};

StreamRun run_callbacks(const StreamingValidator& v, std::istream& in, Format format) {
  StreamRun run;
  run.result = v.validate_stream(
      in, format, [&](const BatchResult& b) { run.batches.push_back(b); },
      [&](const StreamProgress& p) { run.progress.push_back(p); });
  return run;
}

StreamRun run_file_callbacks(const StreamingValidator& v, const fs::path& file) {
  StreamRun run;
  run.result = v.validate_file(
      file, [&](const BatchResult& b) { run.batches.push_back(b); },
      [&](const StreamProgress& p) { run.progress.push_back(p); });
  return run;
}

// Pull form: next() until nothing is left, then result().
StreamRun run_pull(BatchStream stream) {
  StreamRun run;
  while (auto b = stream.next()) {
    run.batches.push_back(*b);
    run.progress.push_back(stream.progress());
  }
  run.result = stream.result();
  run.progress.push_back(stream.progress());
  return run;
}

// Findings of the header row (CSV with a header), which belong to no data row.
bool header_finding(const Finding& f, bool header) { return header && f.row == 1; }

// Checks the batches of one run: numbered 0..n-1, full except the last, counts adding up to the
// result's, and - when no batch or result list is cut short - findings that are exactly the
// result's, split at the batch boundaries: each batch's invalid rows are the rows its findings
// name, and with one row per batch every finding of a batch names that row.
void check_batches(const StreamRun& run, const ValidationResult& full, std::size_t batch_rows, bool header) {
  const ValidationResult& r = run.result;
  std::uint64_t rows = 0, invalid = 0;
  std::vector<Finding> all;
  bool truncated = false;
  for (std::size_t i = 0; i < run.batches.size(); ++i) {
    const BatchResult& b = run.batches[i];
    INFO("batch " << i);
    REQUIRE(b.index == i);
    if (i + 1 < run.batches.size()) REQUIRE(b.total_rows == batch_rows);
    REQUIRE(b.total_rows <= batch_rows);
    REQUIRE(b.valid_count + b.invalid_count == b.total_rows);
    if (i > 0) REQUIRE(b.bytes_done >= run.batches[i - 1].bytes_done);
    rows += b.total_rows;
    invalid += b.invalid_count;
    truncated = truncated || b.findings_truncated;
    std::set<std::uint64_t> invalid_rows;
    for (const Finding& f : b.findings) {
      if (!header_finding(f, header)) invalid_rows.insert(f.row);
    }
    if (!b.findings_truncated) REQUIRE(invalid_rows.size() == b.invalid_count);
    if (batch_rows == 1) REQUIRE(invalid_rows.size() <= 1);
    all.insert(all.end(), b.findings.begin(), b.findings.end());
  }
  REQUIRE(rows == r.total_rows);
  REQUIRE(invalid == r.invalid_rows);
  // Comment lines after the last row are read after the last batch.
  if (!run.batches.empty()) REQUIRE(run.batches.back().bytes_done <= r.bytes_read);
  if (!truncated && !full.findings_truncated) REQUIRE(all == full.findings);
}

void check_progress(const std::vector<StreamProgress>& progress, const ValidationResult& r,
                    std::optional<std::uint64_t> total_bytes) {
  for (std::size_t i = 0; i < progress.size(); ++i) {
    INFO("progress " << i);
    REQUIRE(progress[i].total_bytes == total_bytes);
    if (i > 0) {
      REQUIRE(progress[i].bytes_done >= progress[i - 1].bytes_done);
      REQUIRE(progress[i].rows >= progress[i - 1].rows);
      REQUIRE(progress[i].invalid_rows >= progress[i - 1].invalid_rows);
    }
  }
  if (r.bytes_read > 0) {
    REQUIRE(!progress.empty());
    REQUIRE(progress.back().bytes_done == r.bytes_read);
    REQUIRE(progress.back().rows == r.total_rows);
    REQUIRE(progress.back().invalid_rows == r.invalid_rows);
  }
}

// Every buffer size and batch size, callback and pull forms, against the serial Validator.
void require_streaming_matches(const Plan& plan, const std::string& data, Format format,
                               const std::vector<std::size_t>& buffer_sizes = all_buffer_sizes,
                               const std::vector<std::size_t>& batch_sizes = all_batch_rows) {
  const bool header = format != Format::jsonl && plan.dialect().header;
  const std::string expected = serial_report(plan, data, format);
  const ValidationResult full = serial_result(plan, data, format, std::size_t{1} << 30);
  // The invariant check_batches relies on, in the reference: the invalid rows are the rows its
  // findings name.
  std::set<std::uint64_t> named;
  for (const Finding& f : full.findings) {
    if (!header_finding(f, header)) named.insert(f.row);
  }
  REQUIRE(named.size() == full.invalid_rows);
  const fs::path file = write_temp("streaming", format == Format::jsonl ? "input.jsonl" : "input.csv", data);
  for (std::size_t buffer : buffer_sizes) {
    for (std::size_t batch_rows : batch_sizes) {
      INFO("buffer " << buffer << ", batch_rows " << batch_rows);
      StreamingOptions o;
      o.format = format;
      o.buffer_size = buffer;
      o.batch_rows = batch_rows;
      const StreamingValidator v(plan, o);
      std::istringstream in(data);
      const StreamRun callbacks = run_callbacks(v, in, format);
      REQUIRE(report_without_timing(callbacks.result) == expected);
      check_batches(callbacks, full, batch_rows, header);
      check_progress(callbacks.progress, callbacks.result, data.size());  // a string stream can seek

      const StreamRun pulled = run_pull(v.open(file));
      REQUIRE(report_without_timing(pulled.result) == expected);
      check_batches(pulled, full, batch_rows, header);
      check_progress(pulled.progress, pulled.result, data.size());
      REQUIRE(pulled.batches.size() == callbacks.batches.size());
      for (std::size_t i = 0; i < pulled.batches.size(); ++i) {
        REQUIRE(pulled.batches[i].findings == callbacks.batches[i].findings);
        REQUIRE(pulled.batches[i].total_rows == callbacks.batches[i].total_rows);
        REQUIRE(pulled.batches[i].invalid_count == callbacks.batches[i].invalid_count);
      }
    }
  }
}

}  // namespace

TEST_CASE("streaming: generated CSV in every dialect, every buffer and batch size", "[streaming]") {
  std::mt19937_64 rng(31337);
  for (const NamedDialect& nd : executor_dialects()) {
    const Plan plan = compile(executor_schema(), nd.dialect);
    for (int file = 0; file < 2; ++file) {
      CsvShape shape;
      shape.bom = file == 0;
      shape.unterminated_quote_at_end = file == 1;
      shape.final_line_break = file == 0;
      const std::string data = random_csv(rng, nd.dialect, 1200, shape);
      INFO("dialect " << nd.name << ", file " << file << ":\n" << data);
      require_streaming_matches(plan, data, Format::csv);
    }
  }
}

TEST_CASE("streaming: generated JSONL, every buffer and batch size", "[streaming]") {
  std::mt19937_64 rng(5);
  const Plan plan = compile(executor_schema());
  for (bool final_break : {true, false}) {
    const std::string data = random_jsonl(rng, 2500, final_break);
    INFO(data);
    require_streaming_matches(plan, data, Format::jsonl);
  }
}

TEST_CASE("streaming: small inputs", "[streaming]") {
  const Plan plan = compile(executor_schema());
  for (const std::string& data : {std::string(), std::string("\xEF\xBB\xBF"), std::string("id,name,k1,k2,note"),
                                  std::string("id,name,k1,k2,note\r\n"), std::string("id,name,k3\n"),
                                  std::string("id,name,k1,k2,note\n1,a,1,a,z")}) {
    INFO("input: " << data);
    require_streaming_matches(plan, data, Format::csv);
  }
  require_streaming_matches(plan, "", Format::jsonl);
  require_streaming_matches(plan, "\n \n", Format::jsonl);
}

TEST_CASE("streaming: batch findings are cut at batch_findings and flagged", "[streaming]") {
  std::mt19937_64 rng(8);
  const Plan plan = compile(executor_schema());
  const std::string data = random_csv(rng, Dialect{}, 3000, CsvShape{});
  const std::string expected = serial_report(plan, data, Format::csv);
  for (std::size_t batch_rows : {std::size_t{2}, std::size_t{7}, std::size_t{100000}}) {
    for (std::size_t buffer : {std::size_t{64}, std::size_t{4096}}) {
      INFO("batch_rows " << batch_rows << ", buffer " << buffer);
      StreamingOptions o;
      o.format = Format::csv;
      o.batch_rows = batch_rows;
      o.buffer_size = buffer;
      std::istringstream whole_in(data);
      const StreamRun whole = run_callbacks(StreamingValidator(plan, o), whole_in, Format::csv);
      for (std::size_t limit : {std::size_t{0}, std::size_t{1}, std::size_t{2}}) {
        INFO("batch_findings " << limit);
        o.batch_findings = limit;
        std::istringstream in(data);
        const StreamRun cut = run_callbacks(StreamingValidator(plan, o), in, Format::csv);
        // Cutting a batch's list changes neither the result nor the batches' counts.
        REQUIRE(report_without_timing(cut.result) == expected);
        REQUIRE(cut.batches.size() == whole.batches.size());
        std::size_t flagged = 0;
        for (std::size_t i = 0; i < cut.batches.size(); ++i) {
          const std::vector<Finding>& all = whole.batches[i].findings;
          const std::vector<Finding> first(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min(limit, all.size())));
          REQUIRE(cut.batches[i].findings == first);
          REQUIRE(cut.batches[i].findings_truncated == (all.size() > limit));
          REQUIRE(cut.batches[i].invalid_count == whole.batches[i].invalid_count);
          REQUIRE(cut.batches[i].total_rows == whole.batches[i].total_rows);
          if (cut.batches[i].findings_truncated) ++flagged;
        }
        CHECK(flagged > 0);
      }
    }
  }
}

TEST_CASE("streaming: the result keeps max_findings in file order", "[streaming]") {
  std::mt19937_64 rng(9);
  const Plan plan = compile(executor_schema());
  const std::string data = random_csv(rng, Dialect{}, 2000, CsvShape{});
  for (std::size_t max_findings : {std::size_t{0}, std::size_t{1}, std::size_t{4}}) {
    for (std::size_t batch_rows : {std::size_t{1}, std::size_t{3}, std::size_t{100000}}) {
      INFO("max_findings " << max_findings << ", batch_rows " << batch_rows);
      StreamingOptions o;
      o.format = Format::csv;
      o.max_findings = max_findings;
      o.batch_rows = batch_rows;
      o.buffer_size = 100;
      std::istringstream in(data);
      const ValidationResult r = StreamingValidator(plan, o).validate_stream(in, Format::csv);
      REQUIRE(report_without_timing(r) == serial_report(plan, data, Format::csv, max_findings));
    }
  }
}

TEST_CASE("streaming: pipe-like streams, gzip and zstd", "[streaming]") {
  std::mt19937_64 rng(12);
  const Plan plan = compile(executor_schema());
  const std::string csv = random_csv(rng, Dialect{}, 20000, CsvShape{});
  const std::string jsonl = random_jsonl(rng, 20000);
  for (std::size_t buffer : {std::size_t{64}, std::size_t{257}, std::size_t{4} << 20}) {
    for (std::size_t batch_rows : {std::size_t{7}, std::size_t{100000}}) {
      INFO("buffer " << buffer << ", batch_rows " << batch_rows);
      StreamingOptions o;
      o.buffer_size = buffer;
      o.batch_rows = batch_rows;
      const StreamingValidator by_name(plan, o);
      for (const auto& [data, format, ext] : {std::tuple{csv, Format::csv, std::string(".csv")},
                                             std::tuple{jsonl, Format::jsonl, std::string(".jsonl")}}) {
        INFO("format " << to_string(format));
        const std::string expected = serial_report(plan, data, format);
        const ValidationResult full = serial_result(plan, data, format, std::size_t{1} << 30);
        const bool header = format == Format::csv;
        StreamingOptions fo = o;
        fo.format = format;
        const StreamingValidator v(plan, fo);
        for (std::size_t piece : {std::size_t{1}, std::size_t{13}, std::size_t{4096}}) {
          TrickleBuf buf(data, piece);
          std::istream in(&buf);
          const StreamRun run = run_callbacks(v, in, format);
          REQUIRE(report_without_timing(run.result) == expected);
          check_batches(run, full, batch_rows, header);
          check_progress(run.progress, run.result, std::nullopt);
        }
        for (const auto& [compressed, suffix] : {std::pair{gzip(data), std::string(".gz")},
                                                 std::pair{zstd(data), std::string(".zst")}}) {
          INFO("compressed " << suffix);
          // A file: the format comes from the name under the compression suffix.
          const fs::path file = write_temp("streaming", "input" + ext + suffix, compressed);
          const StreamRun from_file = run_file_callbacks(by_name, file);
          REQUIRE(report_without_timing(from_file.result) == expected);
          check_batches(from_file, full, batch_rows, header);
          check_progress(from_file.progress, from_file.result, std::nullopt);  // size unknown in advance
          // A stream, pulled.
          std::istringstream in(compressed);
          const StreamRun pulled = run_pull(v.open(in, format));
          REQUIRE(report_without_timing(pulled.result) == expected);
          check_batches(pulled, full, batch_rows, header);
          // The stream can seek, but its size is the compressed one: no total.
          check_progress(pulled.progress, pulled.result, std::nullopt);
        }
      }
    }
  }
}

TEST_CASE("streaming: a stream that can seek reports the bytes from its position on", "[streaming]") {
  const std::string before = "a line the caller read itself\n";
  const std::string csv = "id\n1\nx\n3\n";
  const Plan plan = compile(Schema{{"id", Field::integer()}});
  StreamingOptions o;
  o.format = Format::csv;
  const StreamingValidator v(plan, o);
  const std::string expected = report_without_timing(Validator(plan).validate_buffer(csv, Format::csv));

  std::istringstream in(before + csv);
  std::string skipped;
  std::getline(in, skipped);
  const StreamRun run = run_callbacks(v, in, Format::csv);
  CHECK(report_without_timing(run.result) == expected);  // read from where the caller left it
  CHECK(run.result.invalid_rows == 1);
  REQUIRE(!run.progress.empty());
  for (const StreamProgress& p : run.progress) CHECK(p.total_bytes == csv.size());

  const fs::path file = write_temp("streaming", "seekable.csv", before + csv);
  std::ifstream from_file(file, std::ios::binary);
  std::getline(from_file, skipped);
  const StreamRun file_run = run_callbacks(v, from_file, Format::csv);
  CHECK(report_without_timing(file_run.result) == expected);
  REQUIRE(!file_run.progress.empty());
  for (const StreamProgress& p : file_run.progress) CHECK(p.total_bytes == csv.size());

  // A stream buffer that cannot seek: no total, the same result.
  TrickleBuf buf(csv, 3);
  std::istream trickle(&buf);
  const StreamRun trickle_run = run_callbacks(v, trickle, Format::csv);
  CHECK(report_without_timing(trickle_run.result) == expected);
  REQUIRE(!trickle_run.progress.empty());
  for (const StreamProgress& p : trickle_run.progress) CHECK(!p.total_bytes);
}

TEST_CASE("streaming: result() without next() reads everything; formats must be known", "[streaming]") {
  const Plan plan = compile(executor_schema());
  const std::string data = "id,name,k1,k2,note\n1,a,1,a,z\n1,b,1,a,z\n";
  StreamingOptions o;
  o.batch_rows = 1;
  const StreamingValidator v(plan, o);
  std::istringstream in(data);
  BatchStream stream = v.open(in, Format::csv);
  CHECK(stream.progress().bytes_done == 0);
  const ValidationResult r = stream.result();
  CHECK(report_without_timing(r) == serial_report(plan, data, Format::csv));
  CHECK(report_without_timing(stream.result()) == report_without_timing(r));  // again: the same
  CHECK(stream.progress().bytes_done == data.size());
  CHECK(stream.progress().rows == 2);
  CHECK(stream.progress().invalid_rows == 1);
  CHECK_FALSE(stream.next().has_value());
  std::istringstream again(data);
  CHECK_THROWS_AS(v.open(again, Format::automatic), UsageError);
  CHECK_THROWS_AS(v.open(fs::path("-")), UsageError);
  CHECK_THROWS_AS(v.open(fs::path(ROWGUARD_TEST_TMP) / "streaming" / "input.unknown"), UsageError);
  CHECK_THROWS_AS(v.open(fs::path(ROWGUARD_TEST_TMP) / "streaming" / "missing.csv"), IoError);
  // A read error surfaces from next() / result().
  std::mt19937_64 rng(3);
  const std::string packed = gzip(random_csv(rng, Dialect{}, 5000, CsvShape{}));
  const fs::path cut = write_temp("streaming", "cut.csv.gz", packed.substr(0, packed.size() / 2));
  CHECK_THROWS_AS(v.validate_file(cut), IoError);
  BatchStream broken = v.open(cut);
  CHECK_THROWS_AS(broken.result(), IoError);
}

TEST_CASE("streaming: buffer sizes and batch rows out of range are clamped, not trusted", "[streaming]") {
  const Plan plan = compile(executor_schema());
  std::mt19937_64 rng(11);
  const std::string data = random_csv(rng, Dialect{}, 300, CsvShape{});
  for (const auto& [buffer, rows] : {std::pair<std::size_t, std::size_t>{0, 0}, {SIZE_MAX, 7}, {SIZE_MAX / 2 + 1, 1}}) {
    INFO("buffer_size " << buffer << ", batch_rows " << rows);
    StreamingOptions o;
    o.buffer_size = buffer;
    o.batch_rows = rows;
    std::istringstream in(data);
    CHECK(report_without_timing(StreamingValidator(plan, o).validate_stream(in, Format::csv)) ==
          serial_report(plan, data, Format::csv));
    const fs::path file = write_temp("streaming", "clamped.csv.gz", gzip(data));
    CHECK(report_without_timing(StreamingValidator(plan, o).validate_file(file)) ==
          serial_report(plan, data, Format::csv));
  }
}

// ---- records longer than max_record_bytes + 64 KiB, followed without being held -----------------

namespace {

// max_record_bytes 100: records over 65636 bytes (100 + 64 KiB) are followed through the buffer.
// Their line breaks land around the 65636-byte buffer boundaries too.
constexpr std::size_t skip_threshold = 100 + (std::size_t{64} << 10);

Dialect small_records(Dialect d = Dialect{}) {
  d.max_record_bytes = 100;
  return d;
}

void require_oversized_matches(const Plan& plan, const std::string& data, Format format) {
  require_streaming_matches(plan, data, format, {64, 257, 70000, std::size_t{4} << 20}, {1, 100000});
}

}  // namespace

TEST_CASE("streaming: oversized CSV records are reported as the serial Validator reports them", "[streaming]") {
  const std::string header = "id,name,k1,k2,note\n";
  const std::string big(70000, 'w');
  // Row 2, and a later row repeating its id: the later row's finding shows the line count.
  const std::string first = "1,a,1,a,z\n", dup = "1,c,2,b,z\n";
  SECTION("terminated, unquoted, by LF, CRLF and a lone CR") {
    for (const char* brk : {"\n", "\r\n", "\r"}) {
      const std::string data = header + first + "2,b,1,a," + big + brk + dup;
      require_oversized_matches(compile(executor_schema(), small_records()), data, Format::csv);
    }
  }
  SECTION("quoted, with CRLF and lone CR inside, 200 KB") {
    std::string quoted = "\"";
    for (int i = 0; i < 1000; ++i) quoted += std::string(97, 'q') + (i % 3 == 0 ? "\r\n" : i % 3 == 1 ? "\r" : "\n") + "\"\"";
    quoted += "\"";
    const std::string data = header + first + "2,b,1,a," + quoted + "\r\n" + dup;
    require_oversized_matches(compile(executor_schema(), small_records()), data, Format::csv);
  }
  SECTION("at the end of the input, terminated or not, quote open or not") {
    const Plan plan = compile(executor_schema(), small_records());
    require_oversized_matches(plan, header + "1,a,1,a," + big, Format::csv);
    require_oversized_matches(plan, header + "1,a,1,a," + big + "\r", Format::csv);
    require_oversized_matches(plan, header + "1,a,1,a,\"" + big + "\nstill open", Format::csv);
    require_oversized_matches(plan, header + "1,a,1,a,\"" + big + "\r", Format::csv);
  }
  SECTION("an oversized comment line, an oversized header") {
    Dialect comments = small_records();
    comments.comment_char = '#';
    const Plan plan = compile(executor_schema(), comments);
    require_oversized_matches(plan, "#" + big + "\"\n" + header + "#" + big + "\r\n" + first + dup + "#\"" + big, Format::csv);
    require_oversized_matches(compile(executor_schema(), small_records()), "id," + big + "\n" + first + dup, Format::csv);
  }
  SECTION("a line break split between two buffers of the followed record") {
    // The record starts at the buffer's start and the buffer holds skip_threshold bytes: put the
    // break's first byte at each offset around the buffer's end.
    Dialect escape = small_records();
    escape.escape_char = '\\';
    for (std::size_t at = skip_threshold - 3; at <= skip_threshold + 1; ++at) {
      INFO("break at record offset " << at);
      const std::string lead = "2,b,1,a,";
      const std::string unquoted = lead + std::string(at - lead.size(), 'u');
      const std::string quoted = lead + "\"" + std::string(at - lead.size() - 1, 'u');
      const std::string escaped = lead + std::string(at - lead.size() - 1, 'u') + "\\";
      for (const char* brk : {"\r\n", "\r", "\n"}) {
        require_oversized_matches(compile(executor_schema(), small_records()),
                                  header + first + unquoted + brk + dup, Format::csv);
        require_oversized_matches(compile(executor_schema(), small_records()),
                                  header + first + quoted + brk + "x\"" + brk + dup, Format::csv);
        require_oversized_matches(compile(executor_schema(), escape), header + first + escaped + brk + "x" + brk + dup,
                                  Format::csv);
      }
    }
  }
}

TEST_CASE("streaming: oversized JSONL lines are reported as the serial Validator reports them", "[streaming]") {
  const Plan plan = compile(executor_schema(), small_records());
  const std::string ok = R"({"id": 1, "k1": 1, "k2": "a"})";
  const std::string big = R"({"id": 2, "note": ")" + std::string(70000, 'j') + R"("})";
  for (const char* brk : {"\n", "\r\n"}) {
    require_oversized_matches(plan, ok + "\n" + big + brk + ok + "\n", Format::jsonl);
  }
  require_oversized_matches(plan, ok + "\n" + big, Format::jsonl);                                 // at the end
  require_oversized_matches(plan, ok + "\n" + std::string(70000, ' ') + "\n" + ok + "\n", Format::jsonl);  // blank
  for (std::size_t at = skip_threshold - 2; at <= skip_threshold + 1; ++at) {
    INFO("line break at offset " << at);
    const std::string head = R"({"id": 3, "note": ")";
    const std::string line = head + std::string(at - head.size() - 2, 'k') + "\"}";  // the CR at offset `at`
    require_oversized_matches(plan, line + "\r\n" + ok + "\n", Format::jsonl);
  }
}

// ---- route_records ------------------------------------------------------------------------------

namespace {

struct Routed {
  std::string valid;
  std::string invalid;
  ValidationResult result;
};

Routed route(const Plan& plan, const std::string& data, Format format, std::size_t buffer, std::size_t batch_rows) {
  StreamingOptions o;
  o.format = format;
  o.buffer_size = buffer;
  o.batch_rows = batch_rows;
  std::istringstream in(data);
  std::ostringstream valid, invalid;
  BatchStream stream = StreamingValidator(plan, o).open(in, format);
  stream.route_records(&valid, &invalid);
  while (stream.next()) {
  }
  Routed r;
  r.result = stream.result();
  r.valid = valid.str();
  r.invalid = invalid.str();
  return r;
}

}  // namespace

TEST_CASE("streaming: route_records on a small CSV, checked by hand", "[streaming]") {
  const Plan plan = compile(Schema{{"id", Field::integer().unique()}, {"name", Field::string()}});
  const std::string data =
      "id,name\n"
      "1,a\n"
      "2,\"b\r\nc\"\r\n"  // a quoted CRLF: one record
      "1,d\n"             // id repeats row 2: invalid
      "x,e\n"             // not an integer: invalid
      "3,f";              // no final line break
  for (std::size_t buffer : {std::size_t{64}, std::size_t{4} << 20}) {
    for (std::size_t batch_rows : {std::size_t{1}, std::size_t{100000}}) {
      INFO("buffer " << buffer << ", batch_rows " << batch_rows);
      const Routed r = route(plan, data, Format::csv, buffer, batch_rows);
      CHECK(r.valid == "id,name\n1,a\n2,\"b\r\nc\"\r\n3,f");
      CHECK(r.invalid == "id,name\n1,d\nx,e\n");
      CHECK(report_without_timing(r.result) == serial_report(plan, data, Format::csv));
    }
  }
  // Either output alone.
  StreamingOptions o;
  o.format = Format::csv;
  std::istringstream in(data);
  std::ostringstream invalid;
  BatchStream stream = StreamingValidator(plan, o).open(in, Format::csv);
  stream.route_records(nullptr, &invalid);
  CHECK(stream.result().invalid_rows == 2);
  CHECK(invalid.str() == "id,name\n1,d\nx,e\n");
}

TEST_CASE("streaming: route_records on JSONL, checked by hand", "[streaming]") {
  const Plan plan = compile(Schema{{"id", Field::integer().unique()}});
  const std::string data =
      "{\"id\": 1}\n"
      "\n"                // blank: not a record, copied nowhere
      "{\"id\": 1}\r\n"   // repeats line 1
      "{\"id\": 2}\n"
      "[2]\n"             // not an object
      "{\"id\": 3}";      // no final line break
  for (std::size_t buffer : {std::size_t{64}, std::size_t{4} << 20}) {
    for (std::size_t batch_rows : {std::size_t{1}, std::size_t{100000}}) {
      INFO("buffer " << buffer << ", batch_rows " << batch_rows);
      const Routed r = route(plan, data, Format::jsonl, buffer, batch_rows);
      CHECK(r.valid == "{\"id\": 1}\n{\"id\": 2}\n{\"id\": 3}");
      CHECK(r.invalid == "{\"id\": 1}\r\n[2]\n");
    }
  }
}

TEST_CASE("streaming: route_records splits generated CSV into its valid and invalid records", "[streaming]") {
  std::mt19937_64 rng(2024);
  const Dialect d;  // no comments, no skipped rows: data record i is row i + 2
  const Plan plan = compile(executor_schema(), d);
  for (int file = 0; file < 4; ++file) {
    CsvShape shape;
    shape.unterminated_quote_at_end = file % 2 == 1;
    const std::string data = random_csv(rng, d, 3000, shape);
    INFO(data);
    // The records, as the reference tokenizer cuts them, and the rows with findings.
    detail::csv::Batch batch;
    detail::csv::Scanner(d).scan(data.data(), data.size(), 0, true, std::size_t{1} << 20, batch);
    REQUIRE(batch.records.size() > 10);
    const ValidationResult full = serial_result(plan, data, Format::csv, std::size_t{1} << 30);
    std::set<std::uint64_t> bad_rows;
    for (const Finding& f : full.findings) bad_rows.insert(f.row);
    const auto& h = batch.records.front();
    const std::string header = data.substr(h.begin, h.next_begin - h.begin);
    std::string expected_valid = header, expected_invalid = header;
    for (std::size_t i = 1; i < batch.records.size(); ++i) {
      const auto& rec = batch.records[i];
      (bad_rows.count(i + 1) ? expected_invalid : expected_valid) += data.substr(rec.begin, rec.next_begin - rec.begin);
    }
    CHECK(expected_valid.size() + expected_invalid.size() == data.size() + header.size());
    for (std::size_t buffer : {std::size_t{64}, std::size_t{257}, std::size_t{4} << 20}) {
      for (std::size_t batch_rows : {std::size_t{1}, std::size_t{7}, std::size_t{100000}}) {
        INFO("buffer " << buffer << ", batch_rows " << batch_rows);
        const Routed r = route(plan, data, Format::csv, buffer, batch_rows);
        REQUIRE(r.valid == expected_valid);
        REQUIRE(r.invalid == expected_invalid);
      }
    }
  }
}

TEST_CASE("streaming: route_records copies an oversized record to the invalid output", "[streaming]") {
  const Plan plan = compile(Schema{{"id", Field::integer().unique()}, {"name", Field::string()}}, small_records());
  const std::string big = "2,\"" + std::string(40000, 'o') + "\r\n" + std::string(40000, 'p') + "\"\r\n";
  const std::string data = "id,name\n1,a\n" + big + "3,b\n1,c\n" + "4," + std::string(90000, 'e');
  for (std::size_t buffer : {std::size_t{64}, std::size_t{4096}, std::size_t{4} << 20}) {
    INFO("buffer " << buffer);
    const Routed r = route(plan, data, Format::csv, buffer, 2);
    CHECK(r.valid == "id,name\n1,a\n3,b\n");
    CHECK(r.invalid == "id,name\n" + big + "1,c\n" + "4," + std::string(90000, 'e'));
    CHECK(report_without_timing(r.result) == serial_report(plan, data, Format::csv));
  }
  const Plan json_plan = compile(Schema{{"id", Field::integer()}}, small_records());
  const std::string line = "{\"id\": 5, \"x\": \"" + std::string(80000, 'j') + "\"}\n";
  const std::string jsonl = "{\"id\": 1}\n" + line + "{\"id\": 2}\n";
  const Routed r = route(json_plan, jsonl, Format::jsonl, 64, 100000);
  CHECK(r.valid == "{\"id\": 1}\n{\"id\": 2}\n");
  CHECK(r.invalid == line);
}

TEST_CASE("streaming: routing of oversized headers, comments and blank lines does not depend on the buffer",
          "[streaming]") {
  Dialect comments = small_records();
  comments.comment_char = '#';
  const Plan plan = compile(Schema{{"id", Field::integer()}, {"name", Field::string()}}, comments);
  const std::string long_header = "id,name" + std::string(70000, 'h') + "\n";
  const std::string long_comment = "#" + std::string(70000, 'c') + "\n";
  const std::string csv = long_comment + long_header + "1,a\n" + long_comment + "x,b\n";
  for (std::size_t buffer : {std::size_t{64}, std::size_t{4} << 20}) {
    INFO("buffer " << buffer);
    const Routed r = route(plan, csv, Format::csv, buffer, 100000);
    // The header (too large to bind, so columns are bound by position) goes to both; comment lines
    // are not records and go nowhere.
    CHECK(r.valid == long_header + "1,a\n");
    CHECK(r.invalid == long_header + "x,b\n");
  }
  const Plan json_plan = compile(Schema{{"id", Field::integer()}}, small_records());
  const std::string blank = std::string(70000, ' ') + "\r\n";
  // Long leading whitespace (more than a buffer) before the text of an oversized line.
  const std::string indented = std::string(40000, ' ') + "\t\t" + std::string(40000, ' ') + "{\"id\": 2}\n";
  const std::string jsonl = "{\"id\": 1}\n" + blank + "{\"id\": \"x\"}\n" + indented;
  for (std::size_t buffer : {std::size_t{64}, std::size_t{4} << 20}) {
    INFO("buffer " << buffer);
    const Routed r = route(json_plan, jsonl, Format::jsonl, buffer, 100000);
    // A line of whitespace is not a record, however long.
    CHECK(r.valid == "{\"id\": 1}\n");
    CHECK(r.invalid == "{\"id\": \"x\"}\n" + indented);
    CHECK(report_without_timing(r.result) == serial_report(json_plan, jsonl, Format::jsonl));
  }
}

TEST_CASE("serial Validator: validate_file reports progress after each piece", "[streaming]") {
  // 70,000 rows: a first piece of 65,536 records (the header and 65,535 rows), then the rest.
  // Every tenth id, from the first on, is not an integer.
  std::string csv = "id\n";
  for (int i = 0; i < 70000; ++i) csv += i % 10 == 0 ? "x\n" : std::to_string(i) + "\n";
  const fs::path file = write_temp("streaming", "progress.csv", csv);
  const Plan plan = compile(Schema{{"id", Field::integer()}});
  std::vector<StreamProgress> calls;
  const ValidationResult r = Validator(plan).validate_file(file, [&](const StreamProgress& p) { calls.push_back(p); });
  REQUIRE(r.total_rows == 70000);
  REQUIRE(r.invalid_rows == 7000);
  REQUIRE(calls.size() >= 2);
  CHECK(calls.front().rows == 65535);
  CHECK(calls.front().invalid_rows == 6554);  // rows 0, 10, ..., 65530
  for (std::size_t i = 1; i < calls.size(); ++i) {
    CHECK(calls[i].rows >= calls[i - 1].rows);
    CHECK(calls[i].bytes_done >= calls[i - 1].bytes_done);
  }
  for (const StreamProgress& p : calls) CHECK(p.total_bytes == csv.size());
  CHECK(calls.back().rows == r.total_rows);
  CHECK(calls.back().invalid_rows == r.invalid_rows);
  CHECK(calls.back().bytes_done == csv.size());
  // Without a callback the result is the same.
  CHECK(report_without_timing(Validator(plan).validate_file(file)) == report_without_timing(r));
}
