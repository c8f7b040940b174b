// DistributedValidator: whatever the kernel, worker count and chunk size, and whether it reads a
// buffer, a stream or a file, its report is byte-identical to the serial Validator's (timing
// aside) - on generated CSV in every dialect that changes how records are cut, on CSV built so
// that quoted line breaks of every kind straddle the chunk boundaries, and on JSONL. Progress
// reports come in file order and end at the result's counts.
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "exec/chunks.hpp"
#include "exec_support.hpp"
#include "rowguard/rowguard.hpp"

using namespace rowguard;
using namespace rowguard::test;
namespace fs = std::filesystem;

namespace {

const std::vector<std::size_t> all_workers = {1, 2, 3, 7};
const std::vector<std::size_t> all_chunk_sizes = {64, 65, 100, 127, 4096, std::size_t{1} << 20};

// Checks the progress reports of one run against its result.
void check_progress(const std::vector<ChunkProgress>& calls, const ValidationResult& r,
                    std::optional<std::uint64_t> total_bytes) {
  REQUIRE(!calls.empty());
  for (std::size_t i = 0; i < calls.size(); ++i) {
    INFO("progress call " << i);
    REQUIRE(calls[i].chunk == i + 1);
    REQUIRE(calls[i].total_bytes == total_bytes);
    REQUIRE(calls[i].total_chunks.has_value() == total_bytes.has_value());
    if (i > 0) {
      REQUIRE(calls[i].rows >= calls[i - 1].rows);
      REQUIRE(calls[i].invalid_rows >= calls[i - 1].invalid_rows);
      REQUIRE(calls[i].bytes >= calls[i - 1].bytes);
    }
  }
  REQUIRE(calls.back().rows == r.total_rows);
  REQUIRE(calls.back().invalid_rows == r.invalid_rows);
  REQUIRE(calls.back().bytes == r.bytes_read);
}

enum class Entry { buffer, stream, file };

const char* entry_name(Entry e) {
  switch (e) {
    case Entry::buffer: return "validate_buffer";
    case Entry::stream: return "validate_stream";
    case Entry::file: return "validate_file";
  }
  return "?";
}

struct Matrix {
  std::vector<Kernel> kernels = supported_kernels();
  std::vector<std::size_t> workers = all_workers;
  std::vector<std::size_t> chunk_sizes = all_chunk_sizes;
  std::vector<Entry> entries = {Entry::buffer, Entry::stream, Entry::file};
  std::size_t max_findings = 1000;
};

// Runs `data` through every combination of `m` and requires the serial report each time.
void require_matches_serial(const Plan& plan, const std::string& data, Format format, const Matrix& m) {
  const std::string expected = serial_report(plan, data, format, m.max_findings);
  const fs::path file = write_temp("distributed", format == Format::jsonl ? "input.jsonl" : "input.csv", data);
  for (Kernel kernel : m.kernels) {
    ValidateOptions serial_options;
    serial_options.format = format;
    serial_options.kernel = kernel;
    // The kernel the serial Validator reports for this kernel and dialect.
    const std::string kernel_name = Validator(plan, serial_options).validate_buffer("", format).kernel;
    for (std::size_t workers : m.workers) {
      for (std::size_t chunk : m.chunk_sizes) {
        DistributedOptions o;
        o.format = format;
        o.kernel = kernel;
        o.workers = workers;
        o.chunk_size = chunk;
        o.max_findings = m.max_findings;
        const DistributedValidator v(plan, o);
        REQUIRE(v.workers() == workers);
        for (Entry entry : m.entries) {
          INFO("kernel " << to_string(kernel) << ", " << workers << " workers, chunk size " << chunk << ", "
                         << entry_name(entry));
          std::vector<ChunkProgress> calls;
          const ChunkProgressFn progress = [&](const ChunkProgress& p) { calls.push_back(p); };
          ValidationResult r;
          std::optional<std::uint64_t> total = data.size();
          if (entry == Entry::buffer) {
            r = v.validate_buffer(data, format, progress);
          } else if (entry == Entry::stream) {
            std::istringstream in(data);
            r = v.validate_stream(in, format, progress);  // a string stream says what it holds
          } else {
            r = v.validate_file(file, progress);
          }
          REQUIRE(report_without_timing(r) == expected);
          REQUIRE(r.kernel == kernel_name);
          check_progress(calls, r, total);
        }
      }
    }
  }
}

}  // namespace

TEST_CASE("distributed: generated CSV in every dialect, every kernel, worker count and chunk size", "[distributed]") {
  std::mt19937_64 rng(4242);
  for (const NamedDialect& nd : executor_dialects()) {
    const Plan plan = compile(executor_schema(), nd.dialect);
    for (int file = 0; file < 3; ++file) {
      CsvShape shape;
      shape.bom = file == 0;
      shape.unterminated_quote_at_end = file == 1;
      shape.final_line_break = file != 2;
      const std::string data = random_csv(rng, nd.dialect, 2500, shape);
      INFO("dialect " << nd.name << ", file " << file << ":\n" << data);
      require_matches_serial(plan, data, Format::csv, Matrix{});
    }
  }
}

TEST_CASE("distributed: generated CSV with long records hands the rest over to the serial reader", "[distributed]") {
  // Generated files with long pieces spliced in at random bytes: a run of 150 bytes without a
  // line break (longer than the small chunks and than max_record_bytes), and a quoted field of
  // 400 bytes holding many line breaks (a chunk would gather it across several chunks). With
  // records limited to 60 bytes, validate_file and validate_stream hand the rest of the input
  // over to the serial reader at such a piece, at a different point for every chunk size: a file
  // is opened again there, a stream goes on from the bytes already read.
  std::mt19937_64 rng(777);
  for (const NamedDialect& nd : executor_dialects()) {
    Dialect d = nd.dialect;
    d.max_record_bytes = 60;
    const Plan plan = compile(executor_schema(), d);
    const std::string q(1, d.quote_char);
    for (int file = 0; file < 3; ++file) {
      std::string data = random_csv(rng, d, 2500, CsvShape{});
      std::string quoted_lines = q;
      while (quoted_lines.size() < 400) quoted_lines += std::string(1 + rng() % 20, 'w') + random_break(rng);
      quoted_lines += q;
      for (const std::string& piece : {std::string(150, 'r'), quoted_lines}) {
        data.insert(rng() % data.size(), piece);
      }
      INFO("dialect " << nd.name << ", file " << file << ":\n" << data);
      Matrix m;
      m.workers = {1, 3};
      m.entries = {Entry::file, Entry::stream, Entry::buffer};
      require_matches_serial(plan, data, Format::csv, m);
    }
  }
}

TEST_CASE("distributed: quoted line breaks of every kind straddle the chunk boundaries", "[distributed]") {
  for (const NamedDialect& nd : executor_dialects()) {
    const Plan plan = compile(executor_schema(), nd.dialect);
    for (std::size_t chunk : {std::size_t{64}, std::size_t{65}, std::size_t{100}, std::size_t{127}}) {
      const std::string data = straddling_csv(nd.dialect, chunk, 36);
      INFO("dialect " << nd.name << ", chunk size " << chunk << ":\n" << data);
      // The construction works: most chunks validate_buffer cuts start inside a quoted field.
      const std::vector<std::size_t> starts = buffer_cuts(data, chunk);
      detail::ChunkPlanner planner(nd.dialect, Format::csv);
      std::size_t inside = 0;
      for (std::size_t i = 0; i < starts.size(); ++i) {
        const std::size_t end = i + 1 < starts.size() ? starts[i + 1] : data.size();
        const std::string_view bytes = std::string_view(data).substr(starts[i], end - starts[i]);
        const auto transfer = detail::csv::chunk_transfer(nd.dialect, Kernel::scalar, bytes);
        const std::size_t prefix = planner.accept(bytes, transfer);
        if (prefix != 0) ++inside;
      }
      CHECK(inside * 2 >= starts.size());
      Matrix m;
      m.chunk_sizes = {chunk};
      m.entries = {Entry::buffer};
      require_matches_serial(plan, data, Format::csv, m);
    }
  }
}

TEST_CASE("distributed: generated JSONL, every kernel, worker count and chunk size", "[distributed]") {
  std::mt19937_64 rng(77);
  const Plan plan = compile(executor_schema());
  for (bool final_break : {true, false}) {
    std::string data = random_jsonl(rng, 3000, final_break);
    if (final_break) data = "\xEF\xBB\xBF" + data;
    INFO(data);
    require_matches_serial(plan, data, Format::jsonl, Matrix{});
  }
}

TEST_CASE("distributed: few kept findings, and counts only", "[distributed]") {
  std::mt19937_64 rng(99);
  for (std::size_t max_findings : {std::size_t{0}, std::size_t{1}, std::size_t{5}}) {
    Matrix m;
    m.max_findings = max_findings;
    m.workers = {1, 3};
    m.chunk_sizes = {64, 127};
    m.entries = {Entry::buffer, Entry::file};
    const std::string csv = random_csv(rng, Dialect{}, 2000, CsvShape{});
    INFO(csv);
    require_matches_serial(compile(executor_schema()), csv, Format::csv, m);
    require_matches_serial(compile(executor_schema()), random_jsonl(rng, 2000), Format::jsonl, m);
  }
}

TEST_CASE("distributed: inputs at the edges", "[distributed]") {
  Dialect comments;
  comments.comment_char = '#';
  Dialect skip_blank;
  skip_blank.skip_blank_rows = true;
  Dialect small_records;
  small_records.max_record_bytes = 100;
  const std::string long_comments = "# " + std::string(70, 'c') + "\n# " + std::string(70, 'd') + "\n";
  struct Case {
    std::string name;
    Dialect dialect;
    std::string data;
  };
  const std::vector<Case> cases = {
      {"empty", Dialect{}, ""},
      {"only a byte-order mark", Dialect{}, "\xEF\xBB\xBF"},
      {"only the header", Dialect{}, "id,name,k1,k2,note\n"},
      {"header without a line break", Dialect{}, "id,name,k1,k2,note"},
      {"one quoted field over many chunks", Dialect{},
       "id,name,k1,k2,note\n1,\"" + std::string(300, 'x') + "\n\r\n\r" + std::string(300, 'y') + "\",1,a,z\n2,b,1,b,z\n"},
      {"a record over many chunks without a line break", Dialect{},
       "id,name,k1,k2,note\n1,n," + std::string(500, '7') + ",a,z\n1,n,2,a,z\n"},
      {"an unterminated quote after many chunks", Dialect{},
       "id,name,k1,k2,note\n1,n,1,a,\"" + std::string(200, 'q') + "\n" + std::string(200, 'r') + "\n"},
      {"comment lines longer than a chunk before the header", comments,
       long_comments + "id,name,k1,k2,note\n1,n,1,a,z\n1,n,1,a,z\n"},
      {"blank lines longer than a chunk before the header, skipped", skip_blank,
       std::string(150, '\n') + "id,name,k1,k2,note\n1,n,1,a,z\n1,n,1,a,z\n"},
      {"blank rows before the header, skipped", skip_blank,
       "\n,,,,\n\"\"\r\nid,name,k1,k2,note\n1,n,1,a,z\n2,n,2,a,z\n3,n,3,a,z\n4,n,4,a,z\n5,n,5,a,z\n1,n,1,a,z\n"},
      {"a header that ends where the second 64-byte chunk ends", comments,
       "#" + std::string(61, 'c') + "\n" + "id,name,k1,k2,note," + std::string(44, 'x') + "\n1,n,1,a,z\n1,n,1,a,z\n"},
      {"a quoted header longer than a chunk after comment lines", comments,
       "#c\n#d\nid,\"na\n" + std::string(100, 'm') + "\",k1,k2,note\n1,n,1,a,z\n1,n,1,a,z\n"},
      {"records over max_record_bytes", small_records,
       "id,name,k1,k2,note\n1,n,1,a,\"" + std::string(150, 'q') + "\n\"\n2,n,1,b,z\n3,n,2,a," + std::string(120, 'w') +
           "\n"},
      // validate_file hands the rest of the file over to a serial reader at these records.
      {"a line over max_record_bytes right after the header", small_records,
       "id,name,k1,k2,note\n1,n,1,a," + std::string(700, 'w') + "\n2,n,2,a,z\n2,n,2,a,z\n"},
      {"a header over max_record_bytes", small_records,
       "id,name,k1,k2,note," + std::string(300, 'h') + "\n1,n,1,a,z\n1,n,1,a,z\n"},
      {"a line over max_record_bytes after many chunks", small_records,
       "id,name,k1,k2,note\n" + [] {
         std::string rows;
         for (int i = 0; i < 40; ++i) rows += std::to_string(i % 7) + ",n," + std::to_string(i) + ",a,z\n";
         return rows;
       }() + "9,n,9,a,\"" + std::string(400, 'w') + "\"\n8,n,8,a,z\n"},
      {"a quote left open, then many short lines", small_records,
       "id,name,k1,k2,note\n" + [] {
         std::string rows;
         for (int i = 0; i < 30; ++i) rows += std::to_string(i) + ",n,1,a,z\n";
         rows += "2,n,2,a,\"open\n";
         for (int i = 0; i < 60; ++i) rows += std::to_string(i) + ",n,1,a,z\r\n";
         return rows;
       }()},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      Matrix m;
      m.workers = {1, 3};
      require_matches_serial(compile(executor_schema(), c.dialect), c.data, Format::csv, m);
    }
  }
  SECTION("JSONL: empty, blank lines, a long blank line") {
    Matrix m;
    m.workers = {1, 3};
    for (const std::string& data : {std::string(), std::string("\n\n\n"), std::string(200, ' ') + "\n{\"id\": 1}"}) {
      require_matches_serial(compile(executor_schema()), data, Format::jsonl, m);
    }
  }
  SECTION("JSONL: lines over max_record_bytes") {
    Matrix m;
    m.workers = {1, 3};
    const std::string data = "{\"id\": 1}\n{\"id\": 2, \"note\": \"" + std::string(500, 'n') + "\"}\n{\"id\": 1}\n" +
                             std::string(300, ' ') + "\n{\"id\": \"" + std::string(200, '7') + "\"}";
    require_matches_serial(compile(executor_schema(), small_records), data, Format::jsonl, m);
  }
}

TEST_CASE("distributed: worker count, chunk size and formats", "[distributed]") {
  const Plan plan = compile(executor_schema());
  CHECK(DistributedValidator(plan).workers() >= 1);
  CHECK(DistributedValidator(plan).options().chunk_size == std::size_t{1} << 20);
  CHECK_THROWS_AS(DistributedValidator(plan).validate_buffer("a\n", Format::automatic), UsageError);
  std::istringstream in("a\n");
  CHECK_THROWS_AS(DistributedValidator(plan).validate_stream(in, Format::automatic), UsageError);
  CHECK_THROWS_AS(DistributedValidator(plan).validate_file(fs::path(ROWGUARD_TEST_TMP) / "distributed" / "missing.csv"),
                  IoError);
  // The file's extension picks the format.
  const std::string jsonl = "{\"id\": 1, \"k1\": 1, \"k2\": \"a\"}\n{\"id\": 1, \"k1\": 1, \"k2\": \"a\"}\n";
  const fs::path file = write_temp("distributed", "pick.jsonl", jsonl);
  CHECK(report_without_timing(DistributedValidator(plan).validate_file(file)) == serial_report(plan, jsonl, Format::jsonl));
  // Compressed files are decompressed as they are read; their size is not known in advance.
  // `data` as gzip and as zstd, read with 100-byte chunks on 3 workers, gives the serial report.
  auto check_compressed = [](const Plan& p, const std::string& stem, const std::string& data) {
    for (const auto& [name, bytes] : {std::pair{stem + ".csv.gz", gzip(data)}, std::pair{stem + ".csv.zst", zstd(data)}}) {
      INFO(name);
      DistributedOptions o;
      o.chunk_size = 100;
      o.workers = 3;
      std::vector<ChunkProgress> calls;
      const ValidationResult r = DistributedValidator(p, o).validate_file(
          write_temp("distributed", name, bytes), [&](const ChunkProgress& c) { calls.push_back(c); });
      CHECK(report_without_timing(r) == serial_report(p, data, Format::csv));
      check_progress(calls, r, std::nullopt);
    }
  };
  std::mt19937_64 rng(6);
  const std::string csv = random_csv(rng, Dialect{}, 5000, CsvShape{});
  check_compressed(plan, "packed", csv);
  // A record over max_record_bytes in a compressed file: the file is decompressed again from the
  // start of the record's chunk and read serially from there.
  Dialect small_records;
  small_records.max_record_bytes = 100;
  const std::string long_record = csv.substr(0, 2500) + "\"" + std::string(400, 'x') + "\"\n" + csv.substr(2500);
  check_compressed(compile(executor_schema(), small_records), "long", long_record);
  // A read error inside the pipeline reaches the caller.
  const std::string packed = gzip(csv);
  DistributedOptions o;
  o.chunk_size = 64;
  o.workers = 3;
  CHECK_THROWS_AS(DistributedValidator(plan, o).validate_file(
                      write_temp("distributed", "cut.csv.gz", packed.substr(0, packed.size() / 2))),
                  IoError);
}

TEST_CASE("distributed: a chunk size of 0 and huge worker counts are clamped, not trusted", "[distributed]") {
  const Plan plan = compile(executor_schema());
  std::mt19937_64 rng(12);
  const std::string data = random_csv(rng, Dialect{}, 300, CsvShape{});
  const fs::path file = write_temp("distributed", "clamped.csv", data);
  for (const auto& [workers, chunk] :
       {std::pair<std::size_t, std::size_t>{2, 0}, {SIZE_MAX, 1000}, {SIZE_MAX / 2 + 1, SIZE_MAX}}) {
    INFO("workers " << workers << ", chunk_size " << chunk);
    DistributedOptions o;
    o.workers = workers;
    o.chunk_size = chunk;
    const DistributedValidator v(plan, o);
    CHECK(v.workers() <= DistributedValidator::max_workers);
    CHECK(v.options().chunk_size >= 1);
    CHECK(v.options().chunk_size <= DistributedValidator::max_chunk_size);
    CHECK(report_without_timing(v.validate_buffer(data, Format::csv)) == serial_report(plan, data, Format::csv));
    CHECK(report_without_timing(v.validate_file(file)) == serial_report(plan, data, Format::csv));
  }
}

TEST_CASE("distributed: every kind of line break cuts chunks of about chunk_size bytes", "[distributed]") {
  // Memory holds about 2 x workers chunks, so a chunk must not grow past a line break: with LF,
  // CRLF or lone CR line ends alike, a 64-byte chunk size gives chunks of 64 bytes plus the rest
  // of the record the chunk ends in (under 32 bytes here).
  const Plan plan = compile(executor_schema());
  for (const std::string brk : {"\n", "\r\n", "\r"}) {
    std::string data = "id,name,k1,k2,note" + brk;
    for (int i = 0; i < 100; ++i) data += std::to_string(i) + ",n,1,\"a" + brk + "b\",z" + brk;
    INFO("line break " << (brk == "\n" ? "LF" : brk == "\r\n" ? "CRLF" : "CR"));
    DistributedOptions o;
    o.format = Format::csv;
    o.chunk_size = 64;
    o.workers = 2;
    std::vector<ChunkProgress> calls;
    const ValidationResult r =
        DistributedValidator(plan, o).validate_buffer(data, Format::csv, [&](const ChunkProgress& p) { calls.push_back(p); });
    REQUIRE(report_without_timing(r) == serial_report(plan, data, Format::csv));
    CHECK(calls.size() >= data.size() / 64);
    std::uint64_t before = 0;
    for (const ChunkProgress& p : calls) {
      CHECK(p.bytes - before < 64 + 32);
      before = p.bytes;
    }
  }
}

TEST_CASE("executors: plan(), options() and kernel() report what each was given", "[distributed]") {
  const Plan plan = compile(executor_schema());
  const Validator serial(plan, ValidateOptions{.max_findings = 7, .kernel = Kernel::scalar});
  StreamingOptions so;
  so.max_findings = 7;
  so.kernel = Kernel::scalar;
  const StreamingValidator streaming(plan, so);
  DistributedOptions dopt;
  dopt.max_findings = 7;
  dopt.kernel = Kernel::scalar;
  const DistributedValidator distributed(plan, dopt);
  const MapReduceValidator map_reduce(plan, ValidateOptions{.max_findings = 7, .kernel = Kernel::scalar});
  for (const auto& [name, p, o, k] :
       {std::tuple{"serial", &serial.plan(), static_cast<const ValidateOptions*>(&serial.options()), serial.kernel()},
        std::tuple{"streaming", &streaming.plan(), static_cast<const ValidateOptions*>(&streaming.options()),
                   streaming.kernel()},
        std::tuple{"distributed", &distributed.plan(), static_cast<const ValidateOptions*>(&distributed.options()),
                   distributed.kernel()},
        std::tuple{"map-reduce", &map_reduce.plan(), &map_reduce.options(), map_reduce.kernel()}}) {
    INFO(name);
    CHECK(p->fingerprint() == plan.fingerprint());
    CHECK(o->max_findings == 7);
    CHECK(k == Kernel::scalar);
  }
}
