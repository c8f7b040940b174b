// MapReduceValidator: split() and split_at() cut files on safe record boundaries; mapping each
// range (in memory or from the file), sending the partials through their byte format and reducing
// them in any order gives exactly the serial Validator's report - with a cut at every byte offset
// of small files full of quoted line breaks, CRLF, doubled and irregular quotes, comments, escapes
// and JSONL. The byte format rejects what is truncated, corrupted, foreign or of another version;
// reduce_results rejects partials that do not belong together.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "csv/scanner.hpp"
#include "exec_support.hpp"
#include "rowguard/rowguard.hpp"

using namespace rowguard;
using namespace rowguard::test;
namespace fs = std::filesystem;

namespace Catch {
template <>
struct StringMaker<ByteRange> {
  static std::string convert(const ByteRange& r) {
    return "{" + std::to_string(r.offset) + " +" + std::to_string(r.length) + "}";
  }
};
}  // namespace Catch

namespace {

// The safe places to cut an input, found with the reference tokenizer: every record start after
// the header record (a range that starts later needs the header to bind its columns, and a range
// other than the first never holds it), and every line start for JSONL.
std::vector<std::uint64_t> safe_cuts(const Dialect& d, Format format, const std::string& data) {
  std::vector<std::uint64_t> cuts;
  if (format == Format::jsonl) {
    for (std::size_t i = 0; i + 1 < data.size(); ++i) {
      if (data[i] == '\n') cuts.push_back(i + 1);
    }
    return cuts;
  }
  const std::size_t start = data.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  detail::csv::Batch batch;
  detail::csv::Scanner(d).scan(data.data(), data.size(), start, true, std::size_t{1} << 20, batch);
  bool header_seen = !d.header;
  std::string scratch;
  for (const auto& r : batch.records) {
    if (!header_seen) {
      const bool skipped =
          (r.flags & detail::csv::comment) ||
          (d.skip_blank_rows && !(r.flags & (detail::csv::too_large | detail::csv::unterminated_quote)) &&
           detail::csv::is_blank_record(data.data(), batch, r, d, scratch));
      header_seen = !skipped;
      if (!header_seen) continue;
    }
    if (r.next_begin < data.size()) cuts.push_back(r.next_begin);
  }
  return cuts;
}

ValidateOptions options_for(Format format, std::size_t max_findings = 1000) {
  ValidateOptions o;
  o.format = format;
  o.max_findings = max_findings;
  return o;
}

// Maps every range from the file, sends each partial through the byte format, and reduces them
// in file order and shuffled; both must give the serial report.
void require_ranges_reduce_to_serial(const MapReduceValidator& mr, const fs::path& file, const std::vector<ByteRange>& ranges,
                                     const std::string& expected, std::mt19937_64& rng) {
  std::vector<PartialResult> partials;
  for (const ByteRange& r : ranges) {
    const PartialResult p = mr.map_file_range(file, r);
    REQUIRE(p.range() == r);
    REQUIRE(p.source() == file.string());
    const PartialResult back = PartialResult::deserialize(p.serialize());
    REQUIRE(back.range() == r);
    REQUIRE(back.source() == file.string());
    REQUIRE(back.total_rows() == p.total_rows());
    REQUIRE(back.invalid_rows_before_reduce() == p.invalid_rows_before_reduce());
    REQUIRE(back.serialize() == p.serialize());
    partials.push_back(back);
  }
  REQUIRE(report_without_timing(reduce_results(partials)) == expected);
  std::shuffle(partials.begin(), partials.end(), rng);
  REQUIRE(report_without_timing(reduce_results(partials)) == expected);
}

struct SmallFile {
  std::string name;
  Dialect dialect;
  Format format;
  std::string data;
};

std::vector<SmallFile> tricky_files() {
  Dialect comments;
  comments.comment_char = '#';
  Dialect escapes;
  escapes.escape_char = '\\';
  Dialect blanks;
  blanks.skip_blank_rows = true;
  Dialect headerless;
  headerless.header = false;
  Dialect single;
  single.delimiter = ';';
  single.quote_char = '\'';
  single.double_quote = false;
  return {
      {"quoted line breaks, CRLF, lone CR, doubled and irregular quotes", Dialect{}, Format::csv,
       "id,name,k1,k2,note\r\n1,\"a\nb\",1,a,\"x\"\"y\"\r\n2,a\"b,1,b,\"c\"d\r3,\"\r\n\",2,a,z\n1,n,1,a,\"q\rr\"\n\n"
       "4,n,1,a,z"},
      {"comment lines before and after the header", comments, Format::csv,
       "# c \"\n#\nid,name,k1,k2,note\n#\"x\n1,n,1,a,z\n# 1,n,1,a,z\n1,m,1,a,\"#\n\"\n2,\"\n#\",2,b,z\n"},
      {"escapes", escapes, Format::csv,
       "id,name,k1,k2,note\n1,a\\,b,1,a,z\n2,\"c\\\"\nd\",1,b,z\n3,e\\\nf,2,a,z\n3,g\\\r\nh,2,a,z\n4,\\\"i,3,a,\"\\\\\"\n"},
      {"a byte-order mark and blank rows before the header, skipped", blanks, Format::csv,
       "\xEF\xBB\xBF\n,,\r\n\"\"\nid,name,k1,k2,note\n\n1,n,1,a,z\n,,,,\n1,n,1,a,z\r\n\"open\n"},
      {"no header, single quotes, no doubled quotes", headerless, Format::csv,
       "1;'a\nb';1;a;'x''y'\n1;n;1;a;z\r\n2;'';2;b;'c'd\r3;'\r\n';2;b;z"},
      {"JSONL with blank lines, CRLF and duplicates", Dialect{}, Format::jsonl,
       "{\"id\": 1, \"k1\": 1, \"k2\": \"a\"}\n\n{\"id\": 1, \"k1\": 1, \"k2\": \"a\"}\r\n  \n[1]\n{\"id\": \"x\"\n"
       "{\"id\": 2, \"k1\": 2, \"k2\": \"b\", \"note\": \"a\\nb\"}"},
  };
}

}  // namespace

TEST_CASE("map-reduce: split_at at every byte offset of small tricky files", "[map-reduce]") {
  std::mt19937_64 rng(1);
  for (const SmallFile& f : tricky_files()) {
    INFO(f.name << ":\n" << f.data);
    const Plan plan = compile(executor_schema(), f.dialect);
    const MapReduceValidator mr(plan, options_for(f.format));
    const fs::path file = write_temp("map-reduce", f.format == Format::jsonl ? "tricky.jsonl" : "tricky.csv", f.data);
    const std::string expected = serial_report(plan, f.data, f.format);
    const std::vector<std::uint64_t> cuts = safe_cuts(f.dialect, f.format, f.data);
    REQUIRE(cuts.size() >= 3);
    const std::uint64_t size = f.data.size();
    for (std::uint64_t offset = 0; offset <= size; ++offset) {
      INFO("offset " << offset);
      const std::vector<ByteRange> ranges = mr.split_at(file, {offset});
      // One cut, at the first safe place at or after the offset (none at 0 or past the last).
      std::vector<ByteRange> want{{0, size}};
      const auto at = std::lower_bound(cuts.begin(), cuts.end(), offset);
      if (offset > 0 && at != cuts.end()) want = {{0, *at}, {*at, size - *at}};
      REQUIRE(ranges == want);
      require_ranges_reduce_to_serial(mr, file, ranges, expected, rng);
    }
    // Every offset at once: one range per record.
    std::vector<std::uint64_t> every;
    for (std::uint64_t o = 0; o <= size; ++o) every.push_back(o);
    const std::vector<ByteRange> ranges = mr.split_at(file, every);
    REQUIRE(ranges.size() == cuts.size() + 1);
    for (std::size_t i = 0; i < cuts.size(); ++i) REQUIRE(ranges[i + 1].offset == cuts[i]);
    require_ranges_reduce_to_serial(mr, file, ranges, expected, rng);
    // Pairs of offsets, in any order.
    for (std::uint64_t a = 1; a < size; a += 3) {
      for (std::uint64_t b = a; b < size; b += 7) {
        INFO("offsets " << a << " and " << b);
        const std::vector<ByteRange> pair = mr.split_at(file, {b, a});
        std::vector<std::uint64_t> want_cuts;
        for (std::uint64_t o : {a, b}) {
          const auto c = std::lower_bound(cuts.begin(), cuts.end(), o);
          if (c != cuts.end() && (want_cuts.empty() || want_cuts.back() != *c)) want_cuts.push_back(*c);
        }
        REQUIRE(pair.size() == want_cuts.size() + 1);
        for (std::size_t i = 0; i < want_cuts.size(); ++i) REQUIRE(pair[i + 1].offset == want_cuts[i]);
        require_ranges_reduce_to_serial(mr, file, pair, expected, rng);
      }
    }
  }
}

TEST_CASE("map-reduce: split covers generated files on record boundaries", "[map-reduce]") {
  std::mt19937_64 rng(2);
  for (const NamedDialect& nd : executor_dialects()) {
    const Plan plan = compile(executor_schema(), nd.dialect);
    const MapReduceValidator mr(plan, options_for(Format::csv));
    CsvShape shape;
    shape.bom = true;
    shape.unterminated_quote_at_end = true;
    const std::string data = random_csv(rng, nd.dialect, 6000, shape);
    INFO(nd.name << ":\n" << data);
    const fs::path file = write_temp("map-reduce", "generated.csv", data);
    const std::vector<std::uint64_t> cuts = safe_cuts(nd.dialect, Format::csv, data);
    const std::string expected = serial_report(plan, data, Format::csv);
    for (std::size_t parts : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{8}, std::size_t{50}}) {
      INFO(parts << " parts");
      const std::vector<ByteRange> ranges = mr.split(file, parts);
      REQUIRE(!ranges.empty());
      REQUIRE(ranges.size() <= parts);
      if (parts <= 8) CHECK(ranges.size() == parts);  // the files are large enough
      std::uint64_t expected_offset = 0;
      for (const ByteRange& r : ranges) {
        REQUIRE(r.offset == expected_offset);
        REQUIRE(r.length > 0);
        if (r.offset > 0) REQUIRE(std::binary_search(cuts.begin(), cuts.end(), r.offset));
        expected_offset += r.length;
      }
      REQUIRE(expected_offset == data.size());
      require_ranges_reduce_to_serial(mr, file, ranges, expected, rng);
    }
    // split_at cuts at the first safe place at or after its offset in large files too.
    for (std::uint64_t offset = 1; offset < data.size(); offset += 97) {
      INFO("offset " << offset);
      const std::vector<ByteRange> ranges = mr.split_at(file, {offset});
      const auto at = std::lower_bound(cuts.begin(), cuts.end(), offset);
      REQUIRE(ranges.size() == (at == cuts.end() ? 1u : 2u));
      if (at != cuts.end()) REQUIRE(ranges[1].offset == *at);
    }
  }
  const Plan plan = compile(executor_schema());
  const MapReduceValidator mr(plan);  // the format from the extension
  const std::string jsonl = random_jsonl(rng, 6000);
  const fs::path file = write_temp("map-reduce", "generated.jsonl", jsonl);
  const std::vector<std::uint64_t> cuts = safe_cuts(Dialect{}, Format::jsonl, jsonl);
  const std::vector<ByteRange> ranges = mr.split(file, 7);
  REQUIRE(ranges.size() == 7);
  for (const ByteRange& r : ranges) {
    if (r.offset > 0) REQUIRE(std::binary_search(cuts.begin(), cuts.end(), r.offset));
  }
  require_ranges_reduce_to_serial(mr, file, ranges, serial_report(plan, jsonl, Format::jsonl), rng);
  CHECK(mr.header_record(file).empty());
}

TEST_CASE("map-reduce: tiny and empty files", "[map-reduce]") {
  std::mt19937_64 rng(3);
  const Plan plan = compile(executor_schema());
  const MapReduceValidator mr(plan, options_for(Format::csv));
  struct Tiny {
    std::string data;
    std::vector<ByteRange> ranges;
  };
  for (const Tiny& t : {Tiny{"", {{0, 0}}}, Tiny{"id,name,k1,k2,note\n", {{0, 19}}}, Tiny{"id\n1\n", {{0, 3}, {3, 2}}},
                        Tiny{"id\n1\n2", {{0, 3}, {3, 2}, {5, 1}}}}) {
    INFO("input: " << t.data);
    const fs::path file = write_temp("map-reduce", "tiny.csv", t.data);
    const std::vector<ByteRange> ranges = mr.split(file, 4);
    CHECK(ranges == t.ranges);
    require_ranges_reduce_to_serial(mr, file, ranges, serial_report(plan, t.data, Format::csv), rng);
  }
}

TEST_CASE("map-reduce: map_validate_chunk with ChunkInfo", "[map-reduce]") {
  std::mt19937_64 rng(4);
  for (const NamedDialect& nd : executor_dialects()) {
    const Plan plan = compile(executor_schema(), nd.dialect);
    const MapReduceValidator mr(plan, options_for(Format::csv, 7));
    const std::string data = random_csv(rng, nd.dialect, 3000, CsvShape{});
    INFO(nd.name << ":\n" << data);
    const fs::path file = write_temp("map-reduce", "chunks.csv", data);
    const std::string header = mr.header_record(file);
    if (nd.dialect.header) {
      CHECK(header.rfind("id", 0) == 0);
      CHECK(header.back() == '\n');
    } else {
      CHECK(header.empty());
    }
    std::vector<PartialResult> partials;
    for (const ByteRange& r : mr.split(file, 5)) {
      ChunkInfo info;
      info.offset = r.offset;
      if (r.offset > 0) info.header_record = header;
      PartialResult p = mr.map_validate_chunk(std::string_view(data).substr(r.offset, r.length), info);
      CHECK(p.range() == r);
      CHECK(p.source().empty());
      partials.push_back(PartialResult::deserialize(p.serialize()));
    }
    std::reverse(partials.begin(), partials.end());
    REQUIRE(report_without_timing(reduce_results(partials)) == serial_report(plan, data, Format::csv, 7));
  }
  // The format must be explicit.
  const MapReduceValidator automatic(compile(executor_schema()));
  CHECK_THROWS_AS(automatic.map_validate_chunk("id\n", ChunkInfo{}), UsageError);
}

TEST_CASE("map-reduce: a duplicate in a later partial names the first row", "[map-reduce]") {
  const Plan plan = compile(Schema{{"id", Field::integer().unique()}, {"name", Field::string()}});
  const MapReduceValidator mr(plan, options_for(Format::csv));
  const std::string data =
      "id,name\n"       // bytes 0-7, row 1
      "7,a\n"           // bytes 8-11, row 2
      "8,\"b\nc\"\n"    // bytes 12-19, row 3, lines 3-4
      "9,d\n"           // bytes 20-23, row 4, line 5
      "8,e\n"           // bytes 24-27, row 5, line 6: repeats row 3
      "7,f\n";          // bytes 28-31, row 6, line 7: repeats row 2
  const fs::path file = write_temp("map-reduce", "unique.csv", data);
  const std::vector<ByteRange> ranges = mr.split_at(file, {14, 24, 28});  // 14 is inside row 3
  REQUIRE(ranges == std::vector<ByteRange>{{0, 20}, {20, 4}, {24, 4}, {28, 4}});
  std::vector<PartialResult> partials;
  for (const ByteRange& r : ranges) partials.push_back(PartialResult::deserialize(mr.map_file_range(file, r).serialize()));
  // Before reducing, no partial knows of the duplicates.
  for (const PartialResult& p : partials) CHECK(p.invalid_rows_before_reduce() == 0);
  std::swap(partials[0], partials[3]);
  const ValidationResult r = reduce_results(partials);
  CHECK(r.total_rows == 5);
  CHECK(r.invalid_rows == 2);
  REQUIRE(r.findings.size() == 2);
  CHECK(r.findings[0].row == 5);
  CHECK(r.findings[0].line == 6);
  CHECK(r.findings[0].byte == 24);
  CHECK(r.findings[0].field_number == 1);
  CHECK(r.findings[0].type == ErrorType::unique_error);
  CHECK(r.findings[0].message == "id: 8 repeats the value of row 3");
  CHECK(r.findings[1].row == 6);
  CHECK(r.findings[1].line == 7);
  CHECK(r.findings[1].byte == 28);
  CHECK(r.findings[1].message == "id: 7 repeats the value of row 2");
  CHECK(r.bytes_read == data.size());
  CHECK(report_without_timing(r) == serial_report(plan, data, Format::csv));
}

namespace {

PartialResult sample_partial() {
  const Plan plan = compile(executor_schema());
  const MapReduceValidator mr(plan, options_for(Format::csv));
  ChunkInfo info;
  return mr.map_validate_chunk("id,name,k1,k2,note\n1,\"a\nb\",1,a,z\nx,n,1,a,z\n1,n,2,b,z\n", info);
}

// The checksum of a serialized partial is XXH3-64 of everything before it, little-endian.
void reseal(std::string& bytes) {
  const std::uint64_t sum = XXH3_64bits(bytes.data(), bytes.size() - 8);
  for (std::size_t i = 0; i < 8; ++i) bytes[bytes.size() - 8 + i] = static_cast<char>((sum >> (8 * i)) & 0xFF);
}

std::string rejection(const std::string& bytes) {
  try {
    PartialResult::deserialize(bytes);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("map-reduce: deserialize rejects truncated, corrupted, foreign and future data", "[map-reduce]") {
  const std::string good = sample_partial().serialize();
  REQUIRE(rejection(good) == "accepted");
  CHECK(good.substr(0, 6) == "RGPART");
  SECTION("truncated anywhere") {
    for (std::size_t n = 0; n < good.size(); ++n) {
      INFO("first " << n << " bytes");
      REQUIRE(rejection(good.substr(0, n)) != "accepted");
    }
  }
  SECTION("any byte changed") {
    for (std::size_t i = 0; i < good.size(); ++i) {
      for (int flip : {0x01, 0x80}) {
        std::string bad = good;
        bad[i] = static_cast<char>(static_cast<unsigned char>(bad[i]) ^ flip);
        INFO("byte " << i << " xor " << flip);
        REQUIRE(rejection(bad) != "accepted");
      }
    }
    std::string bad = good;
    bad[good.size() / 2] = static_cast<char>(bad[good.size() / 2] ^ 0x10);
    CHECK_THAT(rejection(bad), Catch::Matchers::Contains("checksum"));
  }
  SECTION("wrong magic, other version, bytes after the end") {
    std::string magic = good;
    magic[0] = 'X';
    reseal(magic);
    CHECK_THAT(rejection(magic), Catch::Matchers::Contains("magic"));
    std::string version = good;
    version[6] = 2;  // the version, a little-endian u16 after the 6-byte magic
    reseal(version);
    CHECK_THAT(rejection(version), Catch::Matchers::Contains("version 2"));
    std::string longer = good;
    longer.insert(longer.size() - 8, "x");
    reseal(longer);
    CHECK_THAT(rejection(longer), Catch::Matchers::Contains("after the end"));
    CHECK(rejection("") != "accepted");
    CHECK(rejection("not a partial at all, just some text") != "accepted");
  }
}

namespace {

std::uint64_t u64_at(const std::string& bytes, std::size_t at) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  return v;
}

void put_u64(std::string& bytes, std::size_t at, std::uint64_t v) {
  for (std::size_t i = 0; i < 8; ++i) bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

// Where the last unique entry of a serialized partial starts. The format ends with the entries
// (61 bytes each, the row first), the unique values' text (a u64 length, then the bytes) and the
// checksum: the length is the u64 that counts exactly the bytes between it and the checksum.
std::size_t last_unique_entry(const std::string& bytes) {
  for (std::size_t at = bytes.size() - 16;; --at) {
    if (u64_at(bytes, at) == bytes.size() - 8 - at - 8) return at - 61;
    REQUIRE(at > 61);
  }
}

}  // namespace

TEST_CASE("map-reduce: partials whose counts cannot be right are refused", "[map-reduce]") {
  const PartialResult sample = sample_partial();
  const std::string good = sample.serialize();
  REQUIRE(sample.total_rows() == 3);
  const std::size_t last = last_unique_entry(good);
  // The last record's primary key (1,n,2,b,z), numbered after the header and the three rows before.
  REQUIRE(u64_at(good, last) == 3);
  SECTION("a unique value in a row the partial does not have") {
    std::string bad = good;
    put_u64(bad, last, 5);  // the partial numbers the header and 3 rows
    reseal(bad);
    CHECK_THAT(rejection(bad), Catch::Matchers::Contains("row the partial does not have"));
  }
  SECTION("unique values out of row order") {
    std::string bad = good;
    put_u64(bad, last, 0);
    reseal(bad);
    CHECK_THAT(rejection(bad), Catch::Matchers::Contains("out of row order"));
  }
  SECTION("more invalid rows than rows once the duplicates are counted") {
    // The range and counts: offset 0, the chunk's bytes, rows and lines consumed, 3 rows, 1 invalid.
    const std::uint64_t length = sample.range().length;
    std::size_t at = 0;
    while (!(u64_at(good, at) == 0 && u64_at(good, at + 8) == length && u64_at(good, at + 32) == 3 &&
             u64_at(good, at + 40) == 1)) {
      ++at;
      REQUIRE(at + 48 <= good.size());
    }
    std::string bad = good;
    put_u64(bad, at + 40, 3);  // every row invalid already: row 2's repeated id makes 4 of 3
    reseal(bad);
    REQUIRE(rejection(bad) == "accepted");
    try {
      reduce_results({PartialResult::deserialize(bad)});
      FAIL("reduced to more invalid rows than rows");
    } catch (const UsageError& e) {
      CHECK_THAT(e.what(), Catch::Matchers::Contains("more invalid rows than rows"));
    }
    CHECK(reduce_results({sample}).invalid_rows == 2);
  }
}

namespace {

// Where the counts of a serialized partial start: after the range and row counts (offset 0, the
// chunk's length, rows and lines consumed, rows, invalid rows), a u64 number of counts, then the
// counts, the number of findings and the findings (the first field of each is its row).
std::size_t counts_at(const std::string& bytes, const PartialResult& p) {
  for (std::size_t at = 0; at + 56 <= bytes.size(); ++at) {
    if (u64_at(bytes, at) == p.range().offset && u64_at(bytes, at + 8) == p.range().length &&
        u64_at(bytes, at + 32) == p.total_rows() && u64_at(bytes, at + 40) == p.invalid_rows_before_reduce()) {
      return at + 48;
    }
  }
  FAIL("no range and row counts in the partial");
  return 0;
}

}  // namespace

TEST_CASE("map-reduce: partials whose findings cannot be right are refused", "[map-reduce]") {
  const PartialResult sample = sample_partial();
  const std::string good = sample.serialize();
  const std::size_t counts = counts_at(good, sample);
  const std::uint64_t n_counts = u64_at(good, counts);
  const std::size_t findings = counts + 8 + 8 * n_counts;
  REQUIRE(u64_at(good, findings) == 1);  // row 3's id "x" is not an integer
  const std::size_t first_row = findings + 8;
  REQUIRE(u64_at(good, first_row) == 2);  // numbered from 0 within the partial: the header is 0
  std::size_t nonzero = 0;
  while (u64_at(good, counts + 8 + 8 * nonzero) == 0) ++nonzero;
  REQUIRE(nonzero < n_counts);
  SECTION("a finding in a row the partial does not have") {
    std::string bad = good;
    put_u64(bad, first_row, ~std::uint64_t{0});  // would wrap to row 0 when placed in the file
    reseal(bad);
    CHECK_THAT(rejection(bad), Catch::Matchers::Contains("row the partial does not have"));
  }
  SECTION("more findings than the partial's limit") {
    // The limit follows the magic, the version and the fingerprint (a u64 length and its bytes)
    // and the format byte.
    const std::size_t limit = 6 + 2 + 8 + u64_at(good, 8) + 1;
    REQUIRE(u64_at(good, limit) == 1000);
    std::string bad = good;
    put_u64(bad, limit, 0);
    reseal(bad);
    CHECK_THAT(rejection(bad), Catch::Matchers::Contains("more findings than its limit of 0"));
  }
  SECTION("more findings kept than counted") {
    std::string bad = good;
    put_u64(bad, counts + 8 + 8 * nonzero, 0);
    reseal(bad);
    CHECK_THAT(rejection(bad), Catch::Matchers::Contains("more findings than its counts say"));
  }
  SECTION("counts that add up past 2^64") {
    std::string bad = good;
    put_u64(bad, counts + 8 + 8 * ((nonzero + 1) % n_counts), ~std::uint64_t{0});
    reseal(bad);
    CHECK_THAT(rejection(bad), Catch::Matchers::Contains("past 2^64"));
  }
  SECTION("counts of several partials that add up past 2^64") {
    const Plan plan = compile(executor_schema());
    const MapReduceValidator mr(plan, options_for(Format::csv));
    const fs::path file = write_temp("map-reduce", "counts.csv", "id,name,k1,k2,note\nx,n,1,a,z\ny,n,2,a,z\n");
    const std::vector<ByteRange> ranges = mr.split_at(file, {29});
    REQUIRE(ranges.size() == 2);
    std::vector<PartialResult> partials;
    for (const ByteRange& r : ranges) {
      const PartialResult p = mr.map_file_range(file, r);
      std::string bytes = p.serialize();
      const std::size_t at = counts_at(bytes, p);
      std::size_t k = 0;
      while (u64_at(bytes, at + 8 + 8 * k) == 0) ++k;  // each partial's one type error
      put_u64(bytes, at + 8 + 8 * k, std::uint64_t{1} << 63);
      reseal(bytes);
      partials.push_back(PartialResult::deserialize(bytes));
    }
    try {
      reduce_results(partials);
      FAIL("reduced counts that wrap");
    } catch (const UsageError& e) {
      CHECK_THAT(e.what(), Catch::Matchers::Contains("more than 2^64 findings"));
    }
  }
}

TEST_CASE("map-reduce: reduce_results rejects partials that do not belong together", "[map-reduce]") {
  const Plan plan = compile(executor_schema());
  const std::string data = "id,name,k1,k2,note\n1,n,1,a,z\n2,n,2,a,z\n3,n,3,a,z\n";
  const fs::path file = write_temp("map-reduce", "reject.csv", data);
  const MapReduceValidator mr(plan, options_for(Format::csv));
  const std::vector<ByteRange> ranges = mr.split_at(file, {19, 29, 39});  // the record starts
  REQUIRE(ranges.size() == 4);
  std::vector<PartialResult> parts;
  for (const ByteRange& r : ranges) parts.push_back(mr.map_file_range(file, r));
  auto message = [](std::vector<PartialResult> p) {
    try {
      reduce_results(std::move(p));
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(message(parts) == "accepted");
  CHECK(message({}) != "accepted");
  SECTION("a gap") {
    std::vector<PartialResult> gap = parts;
    gap.erase(gap.begin() + 2);
    CHECK_THAT(message(gap), Catch::Matchers::Contains("uncovered"));
    std::vector<PartialResult> no_start(parts.begin() + 1, parts.end());
    CHECK_THAT(message(no_start), Catch::Matchers::Contains("uncovered"));
  }
  SECTION("the last ranges missing") {
    // map_file_range records the file's size, so a lost last task cannot pass unnoticed.
    const std::vector<PartialResult> head(parts.begin(), parts.end() - 2);
    CHECK_THAT(message(head), Catch::Matchers::Contains("of " + std::to_string(data.size())));
    CHECK_THAT(message(head), Catch::Matchers::Contains("missing"));
    // Partials of chunks in memory do not know the input's size: their set ends where they end.
    const MapReduceValidator in_memory(plan, options_for(Format::csv));
    std::vector<PartialResult> chunks = {in_memory.map_validate_chunk(std::string_view(data).substr(0, 29), ChunkInfo{})};
    CHECK(message(chunks) == "accepted");
    // One partial that knows the size is enough to catch the gap at the end.
    chunks.push_back(parts[2]);
    CHECK_THAT(message(chunks), Catch::Matchers::Contains("missing"));
  }
  SECTION("ranges of files of different sizes") {
    const fs::path longer = write_temp("map-reduce", "reject-longer.csv", data + "4,n,4,a,z\n");
    std::vector<PartialResult> mixed = parts;
    mixed.back() = mr.map_file_range(longer, ranges.back());
    CHECK_THAT(message(mixed), Catch::Matchers::Contains("different sizes"));
  }
  SECTION("an overlap") {
    std::vector<PartialResult> overlap = parts;
    overlap.push_back(parts[1]);
    CHECK_THAT(message(overlap), Catch::Matchers::Contains("overlap"));
    std::vector<PartialResult> other_cut = {parts[0], parts[1], mr.map_file_range(file, ByteRange{29, data.size() - 29})};
    CHECK(message(other_cut) == "accepted");
    other_cut.push_back(parts[3]);
    CHECK_THAT(message(other_cut), Catch::Matchers::Contains("overlap"));
  }
  SECTION("another schema or dialect") {
    Schema other = executor_schema();
    other.add("extra", Field::string());
    std::vector<PartialResult> mixed = parts;
    mixed[2] = MapReduceValidator(compile(other), options_for(Format::csv)).map_file_range(file, ranges[2]);
    CHECK_THAT(message(mixed), Catch::Matchers::Contains("different"));
    Dialect semicolon;
    semicolon.delimiter = ';';
    mixed[2] = MapReduceValidator(compile(executor_schema(), semicolon), options_for(Format::csv)).map_file_range(file, ranges[2]);
    CHECK_THAT(message(mixed), Catch::Matchers::Contains("different"));
  }
  SECTION("another max_findings") {
    std::vector<PartialResult> mixed = parts;
    mixed[1] = MapReduceValidator(plan, options_for(Format::csv, 3)).map_file_range(file, ranges[1]);
    CHECK_THAT(message(mixed), Catch::Matchers::Contains("finding limits"));
  }
}

TEST_CASE("map-reduce: a range holding records longer than the dialect allows", "[map-reduce]") {
  // map_file_range reads through a bounded buffer: records longer than max_record_bytes are
  // followed without being held, and reported as the serial Validator reports them.
  Dialect d;
  d.max_record_bytes = 4096;
  const Plan plan = compile(executor_schema(), d);
  std::string data = "id,name,k1,k2,note\n1,n,1,a,z\n";
  data += "2,\"" + std::string(10000, 'x') + "\n" + std::string(7000, 'y') + "\",2,a,z\r\n";  // quoted, spans a line
  data += "3,n,3,a,z\n4," + std::string(20000, 'w') + ",4,a,z\n5,n,5,a,z\n1,n,6,a,z";
  const fs::path file = write_temp("map-reduce", "oversized.csv", data);
  const MapReduceValidator mr(plan, options_for(Format::csv));
  const std::string expected = serial_report(plan, data, Format::csv);
  REQUIRE_THAT(expected, Catch::Matchers::Contains("record-too-large"));
  std::mt19937_64 rng(7);
  for (std::size_t parts : {1u, 2u, 3u, 5u}) {
    INFO(parts << " parts");
    require_ranges_reduce_to_serial(mr, file, mr.split(file, parts), expected, rng);
  }
}

TEST_CASE("map-reduce: files that cannot be mapped", "[map-reduce]") {
  const Plan plan = compile(executor_schema());
  const MapReduceValidator mr(plan, options_for(Format::csv));
  const std::string data = "id,name,k1,k2,note\n1,n,1,a,z\n";
  const fs::path file = write_temp("map-reduce", "short.csv", data);
  CHECK_THROWS_AS(mr.map_file_range(file, ByteRange{10, data.size()}), IoError);
  CHECK_THROWS_AS(mr.map_file_range(fs::path(ROWGUARD_TEST_TMP) / "map-reduce" / "missing.csv", ByteRange{0, 1}), IoError);
  // Compressed input cannot be cut into byte ranges.
  const fs::path gz = write_temp("map-reduce", "packed.csv", std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8));
  CHECK_THROWS_AS(mr.split(gz, 2), UsageError);
}
