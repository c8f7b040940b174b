// CachedValidator: hits and misses, what the key covers, entries that are corrupt or expired,
// concurrent writers (threads and a second process), least-recently-used eviction and the stats.
// Every file lives in its own directory under ROWGUARD_TEST_TMP/cached.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xxhash.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "datagen.hpp"
#include "support.hpp"

using namespace rowguard;
namespace fs = std::filesystem;
using rowguard::test::brief;
using rowguard::test::Strings;

namespace {

// A fresh, empty directory for one test.
fs::path sandbox(const std::string& name) {
  fs::path dir = fs::path(ROWGUARD_TEST_TMP) / "cached" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  REQUIRE(out.good());
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The entry files (named <32 hex digits>.json) in a cache directory.
Strings entry_names(const fs::path& dir) {
  Strings names;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string n = e.path().filename().string();
    if (n.size() == 37 && n.ends_with(".json")) names.push_back(n);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The JSON report without its timing keys, which differ between any two runs.
std::string stable_report(const ValidationResult& r) {
  std::ostringstream out;
  write_json_report(out, r, "data");
  static const std::regex timing(R"re(,"(elapsed_s|rows_per_s)":[^,}]*)re");
  return std::regex_replace(out.str(), timing, "");
}

const Schema schema{{"id", Field::integer().required()}, {"name", Field::string().max_length(3)}};

// Row 2 valid; row 3 (byte 13, line 3) lacks its required id; row 4 (byte 16, line 4) has a
// non-integer id and a name of 4 characters (maxLength 3). 23 bytes.
const std::string csv = "id,name\n1,ab\n,x\nz,abcd\n";
const Strings csv_findings{"3,1,constraint-error,required", "4,1,type-error", "4,2,constraint-error,maxLength"};

void expect_csv_result(const ValidationResult& r) {
  CHECK(r.total_rows == 3);
  CHECK(r.valid_rows == 1);
  CHECK(r.invalid_rows == 2);
  CHECK(r.bytes_read == 23);
  CHECK(brief(r) == csv_findings);
  REQUIRE(r.findings.size() == 3);
  CHECK(r.findings[0].byte == 13);
  CHECK(r.findings[0].line == 3);
  CHECK(r.findings[1].byte == 16);
  CHECK(r.findings[2].value == "abcd");
  CHECK(r.error_counts.size() == 3);
  CHECK(!r.findings_truncated);
}

// A real Validator behind a counter of how often it actually ran.
struct Counted {
  Plan plan;
  ValidateOptions options;
  std::shared_ptr<std::atomic<int>> calls = std::make_shared<std::atomic<int>>(0);

  explicit Counted(const Schema& s = schema, ValidateOptions o = {}) : plan(compile(s)), options(o) {}

  FileValidation function() const {
    Validator v(plan, options);
    auto counter = calls;
    return [v, counter](const fs::path& p) {
      ++*counter;
      return v.validate_file(p);
    };
  }
  CachedValidator cached(const fs::path& dir, CacheOptions cache = {}) const {
    cache.cache_dir = dir;
    return CachedValidator(plan, options, function(), cache);
  }
  int count() const { return calls->load(); }
};

// Sets an entry's created_ms to `ms_ago` milliseconds before now, leaving the rest intact.
void age_entry(const fs::path& entry, long long ms_ago) {
  const long long now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::string text = read_file(entry);
  std::string aged = std::regex_replace(text, std::regex(R"("created_ms":\d+)"),
                                        "\"created_ms\":" + std::to_string(std::max(0LL, now - ms_ago)));
  REQUIRE(aged != text);
  write_file(entry, aged);
}

std::string without_created(const std::string& entry) {
  return std::regex_replace(entry, std::regex(R"("created_ms":\d+)"), "");
}

void set_age(const fs::path& entry, std::chrono::seconds ago) {
  fs::last_write_time(entry, fs::file_time_type::clock::now() - ago);
}

}  // namespace

TEST_CASE("cached: content_hash is the documented one-level hash tree", "[cached]") {
  auto reference = [](const std::string& bytes) {
    std::string root(8, '\0');
    for (int i = 0; i < 8; ++i) root[static_cast<std::size_t>(i)] = static_cast<char>((bytes.size() >> (8 * i)) & 0xFF);
    for (std::size_t pos = 0; pos < bytes.size(); pos += content_hash_segment_bytes) {
      const std::size_t len = std::min(content_hash_segment_bytes, bytes.size() - pos);
      XXH128_canonical_t c;
      XXH128_canonicalFromHash(&c, XXH3_128bits(bytes.data() + pos, len));
      root.append(reinterpret_cast<const char*>(c.digest), 16);
    }
    XXH128_hash_t h = XXH3_128bits(root.data(), root.size());
    return ContentHash{h.high64, h.low64};
  };
  const fs::path dir = sandbox("hash");
  std::string big(2 * content_hash_segment_bytes + 5, '\0');
  datagen::Random random(7);
  for (char& c : big) c = static_cast<char>(random.below(256));
  for (const std::string& bytes : {std::string(), std::string("a"), csv, big}) {
    const ContentHash expected = reference(bytes);
    CHECK(content_hash(bytes) == expected);
    write_file(dir / "data.bin", bytes);
    for (unsigned threads : {1u, 2u, 3u, 0u}) CHECK(content_hash_file(dir / "data.bin", threads) == expected);
  }
  // Three segments, one changed byte in the last: a different key.
  std::string changed = big;
  changed.back() = static_cast<char>(changed.back() ^ 1);
  CHECK(content_hash(changed) != content_hash(big));
  CHECK(ContentHash{0x0123456789abcdefULL, 0xfedcba9876543210ULL}.hex() == "0123456789abcdeffedcba9876543210");
  CHECK_THROWS_AS(content_hash_file(dir / "missing.bin"), IoError);
}

TEST_CASE("cached: a miss validates and stores, a hit returns the stored result without validating", "[cached]") {
  const fs::path dir = sandbox("hit");
  const fs::path data = dir / "data.csv";
  write_file(data, csv);
  Counted counted;
  CachedValidator cached = counted.cached(dir / "cache");

  const ValidationResult miss = cached.validate_file(data);
  expect_csv_result(miss);
  CHECK(counted.count() == 1);
  CacheStats s = cached.get_cache_stats();
  CHECK(s.misses == 1);
  CHECK(s.hits == 0);
  CHECK(s.entries == 1);
  const Strings names = entry_names(dir / "cache");
  REQUIRE(names.size() == 1);
  CHECK(dir / "cache" / names[0] == cached.entry_path(data));
  CHECK(s.bytes == fs::file_size(dir / "cache" / names[0]));

  const ValidationResult hit = cached.validate_file(data);
  CHECK(counted.count() == 1);  // not recomputed
  expect_csv_result(hit);
  CHECK(hit.findings == miss.findings);
  CHECK(hit.error_counts == miss.error_counts);
  CHECK(hit.kernel == miss.kernel);
  CHECK(hit.elapsed_seconds > 0);
  CHECK(stable_report(hit) == stable_report(miss));
  s = cached.get_cache_stats();
  CHECK(s.hits == 1);
  CHECK(s.misses == 1);
  CHECK(s.entries == 1);
  CHECK(s.evictions == 0);
  CHECK(s.rejected == 0);

  // The convenience constructor wraps a Validator and finds the same entry.
  CachedValidator wrapper(Validator(counted.plan), CacheOptions{dir / "cache"});
  expect_csv_result(wrapper.validate_file(data));
  CHECK(wrapper.get_cache_stats().hits == 1);
  // The content is the key, not the name: a copy elsewhere hits too.
  write_file(dir / "copy.csv", csv);
  expect_csv_result(cached.validate_file(dir / "copy.csv"));
  CHECK(counted.count() == 1);
}

TEST_CASE("cached: an entry carries every string byte for byte", "[cached]") {
  const fs::path dir = sandbox("strings");
  const fs::path data = dir / "data.csv";
  // A header label that is not UTF-8 (an encoding-error finding), a quoted id with a quote, a
  // newline, a backslash and a tab (type-error), and "étés", 4 characters (maxLength).
  write_file(data, "id,name,\xff\xfe\n\"x\"\"\n\\\t\",\xc3\xa9t\xc3\xa9s,1\n");
  Counted counted;
  CachedValidator cached = counted.cached(dir / "cache");
  const ValidationResult miss = cached.validate_file(data);
  CHECK(brief(miss) == Strings{"1,3,encoding-error", "2,1,type-error", "2,2,constraint-error,maxLength"});
  REQUIRE(miss.findings.size() == 3);
  CHECK(miss.findings[1].value == "x\"\n\\\t");
  const ValidationResult hit = cached.validate_file(data);
  CHECK(counted.count() == 1);
  CHECK(hit.findings == miss.findings);
  CHECK(hit.error_counts == miss.error_counts);
  CHECK(stable_report(hit) == stable_report(miss));

  // Any wrapped validation may return strings that are not UTF-8 (JSON cannot hold them as
  // strings); they come back unchanged, as do control characters and the largest counts.
  ValidationResult odd;
  odd.total_rows = UINT64_MAX;
  odd.invalid_rows = UINT64_MAX;
  odd.error_counts.push_back(ErrorCount{"\xff\xfe", ErrorType::extra_label, Constraint::none, 1});
  odd.error_counts.push_back(ErrorCount{"", ErrorType::unique_error, Constraint::unique, UINT64_MAX});
  odd.findings.push_back(Finding{1, 1, 0, "\xff\xfe", 3, ErrorType::extra_label, Constraint::none,
                                 std::string("bad \x01\x7f\0 label", 14), "\xc3"});
  odd.findings_truncated = true;
  odd.bytes_read = 12345;
  odd.kernel = "made-up";
  int calls = 0;
  CachedValidator synthetic(counted.plan, {}, [&](const fs::path&) { ++calls; return odd; },
                            CacheOptions{dir / "synthetic"});
  synthetic.validate_file(data);
  CHECK_THAT(read_file(synthetic.entry_path(data)), Catch::Matchers::Contains(R"("field":{"hex":"fffe"})"));
  const ValidationResult back = synthetic.validate_file(data);
  CHECK(calls == 1);
  CHECK(back.total_rows == odd.total_rows);
  CHECK(back.valid_rows == 0);
  CHECK(back.invalid_rows == odd.invalid_rows);
  CHECK(back.error_counts == odd.error_counts);
  CHECK(back.findings == odd.findings);
  CHECK(back.findings_truncated);
  CHECK(back.bytes_read == 12345);
  CHECK(back.kernel == "made-up");
}

TEST_CASE("cached: content changed with the same size and mtime is a miss", "[cached]") {
  const fs::path dir = sandbox("same-mtime");
  const fs::path data = dir / "data.csv";
  write_file(data, csv);
  Counted counted;
  CachedValidator cached = counted.cached(dir / "cache");
  expect_csv_result(cached.validate_file(data));
  const auto mtime = fs::last_write_time(data);

  // Same 23 bytes but row 4's id is now 9: only row 3 (required) and row 4's name remain.
  std::string changed = csv;
  changed[16] = '9';
  REQUIRE(changed.size() == csv.size());
  write_file(data, changed);
  fs::last_write_time(data, mtime);
  REQUIRE(fs::file_size(data) == 23);
  REQUIRE(fs::last_write_time(data) == mtime);

  const ValidationResult r = cached.validate_file(data);
  CHECK(counted.count() == 2);
  CHECK(brief(r) == Strings{"3,1,constraint-error,required", "4,2,constraint-error,maxLength"});
  CHECK(cached.get_cache_stats().misses == 2);
  CHECK(cached.get_cache_stats().entries == 2);
}

// The stat records of trust_file_stat, on one file: a record is written only once the file's ctime
// is two seconds old; while the file's stat matches it, a hit does not read the file; a corrupt,
// foreign or wrong record is ignored and replaced; another file renamed over it (another inode)
// and content rewritten under the same size and mtime (the ctime moves) are misses.
TEST_CASE("cached: trust_file_stat skips reading a file whose stat matches its record", "[cached]") {
  const fs::path dir = sandbox("trust-stat");
  const fs::path data = dir / "data.csv";
  const fs::path cache_dir = dir / "cache";
  write_file(data, csv);
  Counted counted;
  CacheOptions options;
  options.trust_file_stat = true;
  CachedValidator cached = counted.cached(cache_dir, options);
  auto stat_records = [&] {
    Strings names;
    for (const auto& e : fs::directory_iterator(cache_dir)) {
      std::string n = e.path().filename().string();
      if (n.ends_with(".stat.json")) names.push_back(n);
    }
    return names;
  };

  // Just written: its ctime is too recent for a record, so each call hashes the file. (Checked
  // only while the file is younger than the two seconds, which a very slow machine might exceed.)
  auto written = std::chrono::steady_clock::now();
  auto fresh = [&] { return std::chrono::steady_clock::now() - written < std::chrono::milliseconds(1500); };
  expect_csv_result(cached.validate_file(data));
  expect_csv_result(cached.validate_file(data));
  CHECK(counted.count() == 1);
  CHECK(cached.get_cache_stats().hits == 1);
  CHECK(cached.get_cache_stats().stat_hits == 0);
  if (fresh()) CHECK(stat_records().empty());

  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  expect_csv_result(cached.validate_file(data));  // hashed; now settled, so the record is written
  REQUIRE(stat_records().size() == 1);
  const fs::path record = cache_dir / stat_records()[0];
  const std::string record_text = read_file(record);
  CHECK(record_text.starts_with("{\"rowguard_stat\":1,"));
  CHECK(record_text.find("\"content\":\"" + content_hash_file(data).hex() + "\"") != std::string::npos);
  CHECK(cached.get_cache_stats().stat_hits == 0);
  CHECK(cached.get_cache_stats().entries == 2);  // the result and the stat record

  const ValidationResult from_record = cached.validate_file(data);
  expect_csv_result(from_record);
  CHECK(cached.get_cache_stats().hits == 3);
  CHECK(cached.get_cache_stats().stat_hits == 1);
  CHECK(counted.count() == 1);

  // A validator without trust_file_stat hashes the file and does not count a stat hit.
  CachedValidator plain = counted.cached(cache_dir);
  expect_csv_result(plain.validate_file(data));
  CHECK(plain.get_cache_stats().hits == 1);
  CHECK(plain.get_cache_stats().stat_hits == 0);

  // A corrupt record is not trusted: the file is hashed and the record written again.
  write_file(record, record_text.substr(0, record_text.size() / 2));
  expect_csv_result(cached.validate_file(data));
  CHECK(cached.get_cache_stats().stat_hits == 1);
  CHECK(read_file(record) == record_text);
  expect_csv_result(cached.validate_file(data));
  CHECK(cached.get_cache_stats().stat_hits == 2);

  // A record naming another file version is not trusted either (here: another size).
  std::string foreign = std::regex_replace(record_text, std::regex(R"("size":23)"), "\"size\":24");
  REQUIRE(foreign != record_text);
  write_file(record, foreign);
  expect_csv_result(cached.validate_file(data));
  CHECK(cached.get_cache_stats().stat_hits == 2);
  CHECK(read_file(record) == record_text);

  // A record whose content has no result entry: the file is hashed after all and its result
  // stored under the content just hashed, never the record's; the record is then rewritten.
  const fs::path entry = cached.entry_path(data);
  fs::remove(entry);
  const std::string other_hex(32, '0');
  std::string forged = std::regex_replace(record_text, std::regex(R"("content":"[0-9a-f]{32}")"),
                                          "\"content\":\"" + other_hex + "\"");
  REQUIRE(forged != record_text);
  write_file(record, forged);
  expect_csv_result(cached.validate_file(data));
  CHECK(counted.count() == 2);
  CHECK(fs::exists(entry));
  CHECK(entry_names(cache_dir) == Strings{entry.filename().string()});
  CHECK(read_file(record) == record_text);
  expect_csv_result(cached.validate_file(data));
  CHECK(cached.get_cache_stats().stat_hits == 3);

  // Another file of the same size and mtime renamed over it: another inode, so the record does not
  // match. Row 2's id is now "q".
  const auto mtime = fs::last_write_time(data);
  std::string replaced = csv;
  replaced[8] = 'q';
  write_file(dir / "replacement.csv", replaced);
  fs::last_write_time(dir / "replacement.csv", mtime);
  fs::rename(dir / "replacement.csv", data);
  REQUIRE(fs::last_write_time(data) == mtime);
  CHECK(brief(cached.validate_file(data)) ==
        Strings{"2,1,type-error", "3,1,constraint-error,required", "4,1,type-error", "4,2,constraint-error,maxLength"});
  CHECK(counted.count() == 3);
  CHECK(cached.get_cache_stats().stat_hits == 3);

  // Same 23 bytes, same mtime, new content: the ctime moved, so the record does not match.
  std::string changed = csv;
  changed[16] = '9';
  write_file(data, changed);
  written = std::chrono::steady_clock::now();
  fs::last_write_time(data, mtime);
  REQUIRE(fs::last_write_time(data) == mtime);
  const ValidationResult r = cached.validate_file(data);
  CHECK(brief(r) == Strings{"3,1,constraint-error,required", "4,2,constraint-error,maxLength"});
  CHECK(counted.count() == 4);
  CHECK(cached.get_cache_stats().stat_hits == 3);
  if (fresh()) CHECK(stat_records().size() == 1);  // the new version is too recent for a record of its own
}

TEST_CASE("cached: the plan, max_findings and the format used are part of the key", "[cached]") {
  const fs::path dir = sandbox("key");
  const fs::path data = dir / "data.csv";
  write_file(data, csv);
  const fs::path cache = dir / "cache";

  Counted base;
  CachedValidator a = base.cached(cache);
  expect_csv_result(a.validate_file(data));

  // Format::csv is what automatic resolves .csv to: the same entry.
  Counted explicit_csv(schema, ValidateOptions{Format::csv, 1000, Kernel::automatic});
  expect_csv_result(explicit_csv.cached(cache).validate_file(data));
  CHECK(explicit_csv.count() == 0);
  // Another kernel gives the same result, so it shares the entry.
  Counted scalar(schema, ValidateOptions{Format::automatic, 1000, Kernel::scalar});
  expect_csv_result(scalar.cached(cache).validate_file(data));
  CHECK(scalar.count() == 0);
  CHECK(entry_names(cache).size() == 1);

  // max_findings 1: one finding kept, truncated, a second entry.
  Counted one(schema, ValidateOptions{Format::automatic, 1, Kernel::automatic});
  CachedValidator b = one.cached(cache);
  ValidationResult r = b.validate_file(data);
  CHECK(one.count() == 1);
  CHECK(brief(r) == Strings{"3,1,constraint-error,required"});
  CHECK(r.findings_truncated);
  CHECK(b.validate_file(data).findings_truncated);
  CHECK(one.count() == 1);
  CHECK(entry_names(cache).size() == 2);

  // TSV reads "id,name" as one column: a different result under a different entry.
  Counted tsv(schema, ValidateOptions{Format::tsv, 1000, Kernel::automatic});
  CachedValidator c = tsv.cached(cache);
  r = c.validate_file(data);
  CHECK(tsv.count() == 1);
  CHECK(brief(r) != csv_findings);
  CHECK(entry_names(cache).size() == 3);

  // Another schema (maxLength 4 accepts "abcd"): another plan fingerprint, another entry.
  const Schema looser{{"id", Field::integer().required()}, {"name", Field::string().max_length(4)}};
  Counted other(looser);
  r = other.cached(cache).validate_file(data);
  CHECK(other.count() == 1);
  CHECK(brief(r) == Strings{"3,1,constraint-error,required", "4,1,type-error"});
  CHECK(entry_names(cache).size() == 4);

  // Each validator still hits its own entry.
  expect_csv_result(a.validate_file(data));
  CHECK(base.count() == 1);
  CHECK(a.get_cache_stats().hits == 1);
}

TEST_CASE("cached: a corrupt, truncated or foreign entry is a miss and is replaced", "[cached]") {
  const fs::path dir = sandbox("corrupt");
  const fs::path data = dir / "data.csv";
  const fs::path other = dir / "other.csv";
  write_file(data, csv);
  write_file(other, "id,name\n1,ab\n");
  Counted counted;
  CachedValidator cached = counted.cached(dir / "cache");
  expect_csv_result(cached.validate_file(data));
  cached.validate_file(other);
  const fs::path entry = cached.entry_path(data);
  const std::string good = read_file(entry);
  const std::string foreign = read_file(cached.entry_path(other));
  REQUIRE(good.find("\"rowguard_cache\":1,") != std::string::npos);
  REQUIRE(good.find("\"valid_rows\":1,") != std::string::npos);

  const std::vector<std::pair<std::string, std::string>> corruptions{
      {"garbage", std::string("\0\xff not json at all", 18)},
      {"empty", ""},
      {"truncated", good.substr(0, good.size() / 2)},
      {"cut before the last brace", good.substr(0, good.rfind('}'))},
      {"valid JSON, not an object", "[1,2,3]"},
      {"valid JSON, wrong shape", R"({"rowguard_cache":1,"key":[],"result":{}})"},
      {"another version", std::regex_replace(good, std::regex(R"("rowguard_cache":1,)"), R"("rowguard_cache":2,)")},
      {"counts that do not add up", std::regex_replace(good, std::regex(R"("valid_rows":1,)"), R"("valid_rows":7,)")},
      {"counts that add up only modulo 2^64",
       std::regex_replace(
           std::regex_replace(good, std::regex(R"("valid_rows":1,)"), R"("valid_rows":18446744073709551615,)"),
           std::regex(R"("invalid_rows":2,)"), R"("invalid_rows":4,)")},
      {"a creation time beyond any clock",
       std::regex_replace(good, std::regex(R"("created_ms":\d+)"), R"("created_ms":9223372036854775808)")},
      {"an unknown error type", std::regex_replace(good, std::regex("type-error"), "typo-error")},
      {"another key's entry", foreign},
  };
  int calls = counted.count();
  std::uint64_t rejected = 0, hits = cached.get_cache_stats().hits;
  for (const auto& [what, text] : corruptions) {
    INFO(what);
    write_file(entry, text);
    expect_csv_result(cached.validate_file(data));
    CHECK(counted.count() == ++calls);
    CHECK(cached.get_cache_stats().rejected == ++rejected);
    CHECK(without_created(read_file(entry)) == without_created(good));
    expect_csv_result(cached.validate_file(data));  // replaced: a hit again
    CHECK(counted.count() == calls);
    CHECK(cached.get_cache_stats().hits == ++hits);
  }
  // A FIFO where the entry should be: not opened for reading (it would wait for a writer), and
  // replaced.
  fs::remove(entry);
  REQUIRE(::mkfifo(entry.c_str(), 0600) == 0);
  expect_csv_result(cached.validate_file(data));
  CHECK(fs::is_regular_file(entry));
  // A directory where the entry should be: a miss that cannot be replaced, still a correct result.
  fs::remove(entry);
  fs::create_directories(entry / "sub");
  expect_csv_result(cached.validate_file(data));
  CHECK(cached.get_cache_stats().write_errors == 1);
}

// Inputs the cache cannot key are validated without it: a FIFO (opened only by the validation,
// so its writer's bytes all reach it) and a file holding more bytes than its size says.
TEST_CASE("cached: FIFOs and files of nominal size bypass the cache", "[cached]") {
  const fs::path dir = sandbox("bypass");
  Counted counted;
  CachedValidator cached = counted.cached(dir / "cache");
  const fs::path fifo = dir / "pipe.csv";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::thread writer([&] { write_file(fifo, csv); });
  expect_csv_result(cached.validate_file(fifo));
  writer.join();
  CHECK(cached.get_cache_stats().bypasses == 1);
  CHECK(cached.get_cache_stats().entries == 0);

  // /proc files report a size of 0 but hold text.
  const fs::path proc = "/proc/self/status";
  REQUIRE(fs::exists(proc));
  const fs::path link = dir / "status.csv";
  fs::create_symlink(proc, link);
  CHECK_THROWS_AS(content_hash_file(link), IoError);
  const ValidationResult r = cached.validate_file(link);
  CHECK(r.total_rows > 0);
  CHECK(cached.get_cache_stats().bypasses == 2);
  CHECK(cached.get_cache_stats().entries == 0);
}

TEST_CASE("cached: threads and a second process writing the same entry leave it whole", "[cached]") {
  const fs::path dir = sandbox("concurrent");
  const fs::path data = dir / "data.csv";
  write_file(data, csv);
  const fs::path cache = dir / "cache";
  Counted counted;
  const fs::path entry = counted.cached(cache).entry_path(data);
  constexpr int rounds = 40;

  // Each round removes the entry, so most calls miss and store it again while others read it.
  auto hammer = [&](const CachedValidator& cached) {
    int wrong = 0;
    for (int i = 0; i < rounds; ++i) {
      std::error_code ec;
      fs::remove(entry, ec);
      if (brief(cached.validate_file(data)) != csv_findings) ++wrong;
    }
    return wrong;
  };

  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    int code = 0;
    try {
      CachedValidator own = counted.cached(cache);
      code = hammer(own) != 0 ? 1 : own.get_cache_stats().rejected != 0 ? 2 : 0;
    } catch (...) {
      code = 3;
    }
    ::_exit(code);
  }
  CachedValidator shared = counted.cached(cache);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back([&] { wrong += hammer(shared); });
  for (auto& t : threads) t.join();
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(wrong == 0);
  // No reader ever saw a partial entry, and none was left behind.
  CHECK(shared.get_cache_stats().rejected == 0);
  CHECK(shared.get_cache_stats().hits + shared.get_cache_stats().misses == 4 * rounds);

  expect_csv_result(shared.validate_file(data));  // make sure an entry exists
  const int calls = counted.count();
  expect_csv_result(shared.validate_file(data));
  CHECK(counted.count() == calls);  // and it is whole: a hit
  for (const auto& e : fs::directory_iterator(cache)) CHECK(e.path().filename().string().rfind(".tmp-", 0) != 0);
}

TEST_CASE("cached: an entry older than the ttl is a miss and is removed", "[cached]") {
  const fs::path dir = sandbox("ttl");
  const fs::path data = dir / "data.csv";
  write_file(data, csv);
  Counted counted;
  CachedValidator cached = counted.cached(dir / "cache", CacheOptions{{}, std::chrono::seconds(1)});
  expect_csv_result(cached.validate_file(data));
  expect_csv_result(cached.validate_file(data));
  CHECK(counted.count() == 1);  // younger than a second: a hit

  const fs::path entry = cached.entry_path(data);
  age_entry(entry, 5000);
  expect_csv_result(cached.validate_file(data));
  CHECK(counted.count() == 2);
  CacheStats s = cached.get_cache_stats();
  CHECK(s.expirations == 1);
  CHECK(s.misses == 2);
  CHECK(s.hits == 1);
  CHECK(s.entries == 1);  // stored again, fresh
  expect_csv_result(cached.validate_file(data));
  CHECK(counted.count() == 2);

  // A ttl of 0 never expires, even an entry from 1970.
  CachedValidator forever = counted.cached(dir / "cache", CacheOptions{{}, std::chrono::seconds(0)});
  age_entry(entry, 1LL << 50);
  expect_csv_result(forever.validate_file(data));
  CHECK(counted.count() == 2);
  CHECK(forever.get_cache_stats().hits == 1);

  // The longest ttl does not overflow into "expired": the 1970 entry is still a hit.
  CachedValidator longest = counted.cached(dir / "cache", CacheOptions{{}, std::chrono::seconds::max()});
  expect_csv_result(longest.validate_file(data));
  CHECK(counted.count() == 2);
  CHECK(longest.get_cache_stats().hits == 1);
  // ... and a negative one is refused.
  CHECK_THROWS_AS(counted.cached(dir / "cache", CacheOptions{{}, std::chrono::seconds(-1)}), UsageError);
}

TEST_CASE("cached: max_entries evicts the least recently used entries", "[cached]") {
  const fs::path dir = sandbox("lru-entries");
  const fs::path cache = dir / "cache";
  Counted counted;
  CachedValidator cached = counted.cached(cache, CacheOptions{{}, std::chrono::hours(24), 2});
  std::vector<fs::path> files;
  for (const char* name : {"a", "b", "c"}) {
    files.push_back(dir / (std::string(name) + ".csv"));
    write_file(files.back(), std::string("id,name\n1,") + name + "\n");
  }
  auto entry = [&](int i) { return cached.entry_path(files[static_cast<std::size_t>(i)]); };

  cached.validate_file(files[0]);
  cached.validate_file(files[1]);
  set_age(entry(0), std::chrono::seconds(30));
  set_age(entry(1), std::chrono::seconds(20));  // b used after a
  cached.validate_file(files[0]);               // a hit makes a the most recently used
  CHECK(counted.count() == 2);
  cached.validate_file(files[2]);  // 3 entries > 2: b goes
  CHECK(fs::exists(entry(0)));
  CHECK(!fs::exists(entry(1)));
  CHECK(fs::exists(entry(2)));
  CacheStats s = cached.get_cache_stats();
  CHECK(s.evictions == 1);
  CHECK(s.entries == 2);

  cached.validate_file(files[1]);  // a miss again; now a (used before c was stored) goes
  CHECK(counted.count() == 4);
  CHECK(!fs::exists(entry(0)));
  CHECK(fs::exists(entry(1)));
  CHECK(fs::exists(entry(2)));
  CHECK(cached.get_cache_stats().evictions == 2);
  CHECK(cached.get_cache_stats().entries == 2);
}

// Stat records are entries for the limits: with room for two, storing a second file's result and
// record evicts the first file's pair, least recently used first.
TEST_CASE("cached: stat records count toward max_entries and are evicted like results", "[cached]") {
  const fs::path dir = sandbox("lru-stat");
  const fs::path cache = dir / "cache";
  Counted counted;
  CacheOptions options{{}, std::chrono::hours(24), 2};
  options.trust_file_stat = true;
  CachedValidator cached = counted.cached(cache, options);
  const fs::path a = dir / "a.csv", b = dir / "b.csv";
  write_file(a, "id,name\n1,a\n");
  write_file(b, "id,name\n1,b\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // the files' ctimes must settle
  auto names = [&] {
    Strings out;
    for (const auto& e : fs::directory_iterator(cache)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  };

  cached.validate_file(a);  // a's result and record
  const Strings a_pair = names();
  REQUIRE(a_pair.size() == 2);
  for (const auto& n : a_pair) set_age(cache / n, std::chrono::seconds(30));
  cached.validate_file(b);  // b's pair: four entries, so a's pair goes
  const Strings b_pair = names();
  CHECK(b_pair.size() == 2);
  for (const auto& n : a_pair) CHECK(std::find(b_pair.begin(), b_pair.end(), n) == b_pair.end());
  CacheStats s = cached.get_cache_stats();
  CHECK(s.entries == 2);
  CHECK(s.evictions == 2);
  cached.validate_file(b);
  CHECK(cached.get_cache_stats().stat_hits == 1);
  cached.validate_file(a);  // a miss again
  CHECK(counted.count() == 3);
  CHECK(cached.get_cache_stats().stat_hits == 1);
}

TEST_CASE("cached: max_bytes evicts the least recently used entries", "[cached]") {
  const fs::path dir = sandbox("lru-bytes");
  Counted counted;
  std::vector<fs::path> files;
  for (const char* name : {"a", "b", "c"}) {
    files.push_back(dir / (std::string(name) + ".csv"));
    write_file(files.back(), std::string("id,name\n1,") + name + "\n");
  }
  // The three entries have the same size: one valid row, no findings, names of equal length.
  CachedValidator measure = counted.cached(dir / "measure");
  for (const auto& f : files) measure.validate_file(f);
  const std::uint64_t size = fs::file_size(measure.entry_path(files[0]));
  CHECK(fs::file_size(measure.entry_path(files[1])) == size);
  CHECK(measure.get_cache_stats().bytes == 3 * size);

  CachedValidator cached = counted.cached(dir / "cache", CacheOptions{{}, std::chrono::hours(24), 1000, 3 * size - 1});
  cached.validate_file(files[0]);
  cached.validate_file(files[1]);
  set_age(cached.entry_path(files[0]), std::chrono::seconds(20));
  set_age(cached.entry_path(files[1]), std::chrono::seconds(30));  // b is the least recently used
  cached.validate_file(files[2]);                                  // 3 * size bytes > limit: b goes
  CHECK(fs::exists(cached.entry_path(files[0])));
  CHECK(!fs::exists(cached.entry_path(files[1])));
  CHECK(fs::exists(cached.entry_path(files[2])));
  CacheStats s = cached.get_cache_stats();
  CHECK(s.evictions == 1);
  CHECK(s.entries == 2);
  CHECK(s.bytes == 2 * size);

  // An entry larger than max_bytes on its own is not stored; the result is still returned.
  CachedValidator tiny = counted.cached(dir / "tiny", CacheOptions{{}, std::chrono::hours(24), 1000, 10});
  CHECK(tiny.validate_file(files[0]).total_rows == 1);
  CHECK(tiny.get_cache_stats().entries == 0);
  CHECK(tiny.get_cache_stats().write_errors == 0);
}

TEST_CASE("cached: use_cache false neither reads nor writes the cache", "[cached]") {
  const fs::path dir = sandbox("bypass");
  const fs::path data = dir / "data.csv";
  write_file(data, csv);
  Counted counted;
  CachedValidator cached = counted.cached(dir / "cache");
  expect_csv_result(cached.validate_file(data, false));
  CHECK(counted.count() == 1);
  CHECK(entry_names(dir / "cache").empty());
  expect_csv_result(cached.validate_file(data));  // a miss: the bypass stored nothing
  expect_csv_result(cached.validate_file(data, false));
  CHECK(counted.count() == 3);  // an entry exists, but is not read
  CacheStats s = cached.get_cache_stats();
  CHECK(s.bypasses == 2);
  CHECK(s.misses == 1);
  CHECK(s.hits == 0);
  CHECK(s.entries == 1);
}

TEST_CASE("cached: stats count entries only; stale temporary files are swept", "[cached]") {
  const fs::path dir = sandbox("stats");
  const fs::path cache = dir / "cache";
  fs::create_directories(cache);
  write_file(cache / "notes.txt", "not an entry");
  write_file(cache / ".tmp-0123-1-2-3", "a writer died here");
  write_file(cache / ".tmp-4567-1-2-3", "a writer is still writing");
  set_age(cache / ".tmp-0123-1-2-3", std::chrono::hours(2));
  const fs::path data = dir / "data.csv";
  write_file(data, csv);
  Counted counted;
  CachedValidator cached = counted.cached(cache);
  CacheStats s = cached.get_cache_stats();
  CHECK(s.entries == 0);
  CHECK(s.bytes == 0);
  cached.validate_file(data);
  s = cached.get_cache_stats();
  CHECK(s.entries == 1);
  CHECK(s.bytes == fs::file_size(cached.entry_path(data)));
  CHECK(!fs::exists(cache / ".tmp-0123-1-2-3"));  // swept after the store
  CHECK(fs::exists(cache / ".tmp-4567-1-2-3"));   // recent: left alone
  CHECK(fs::exists(cache / "notes.txt"));
}

TEST_CASE("cached: a file changed while it is validated is not stored", "[cached]") {
  const fs::path dir = sandbox("changing");
  const fs::path data = dir / "data.csv";
  write_file(data, csv);
  Validator validator(compile(schema));
  int calls = 0;
  CachedValidator cached(validator.plan(), validator.options(),
                         [&](const fs::path& p) {
                           ++calls;
                           std::ofstream(p, std::ios::binary | std::ios::app) << "5,e\n";
                           return validator.validate_file(p);
                         },
                         CacheOptions{dir / "cache"});
  CHECK(cached.validate_file(data).total_rows == 4);
  CHECK(cached.get_cache_stats().entries == 0);
  CHECK(cached.validate_file(data).total_rows == 5);
  CHECK(calls == 2);
}

TEST_CASE("cached: set-up problems are errors that name the directory or file", "[cached]") {
  const fs::path dir = sandbox("errors");
  Counted counted;
  CHECK_THROWS_AS(counted.cached(""), UsageError);
  CHECK_THROWS_AS(counted.cached(dir / "c", CacheOptions{{}, std::chrono::hours(1), 0}), UsageError);
  CHECK_THROWS_AS(CachedValidator(counted.plan, {}, FileValidation{}, CacheOptions{dir / "c"}), UsageError);

  write_file(dir / "plain-file", "x");
  for (const fs::path& bad : {dir / "plain-file", dir / "plain-file" / "cache"}) {
    try {
      counted.cached(bad);
      FAIL("no IoError for " << bad);
    } catch (const IoError& e) {
      CHECK(e.path() == bad);
      CHECK_THAT(std::string(e.what()), Catch::Matchers::Contains(bad.string()));
    }
  }

  CachedValidator cached = counted.cached(dir / "cache");
  CHECK_THROWS_AS(cached.validate_file(dir / "missing.csv"), IoError);
  write_file(dir / "data.unknown", csv);
  CHECK_THROWS_AS(cached.validate_file(dir / "data.unknown"), UsageError);

  // The directory disappears after construction: the result is returned, the failed store counted.
  const fs::path data = dir / "data.csv";
  write_file(data, csv);
  fs::remove_all(dir / "cache");
  write_file(dir / "cache", "now a file");
  expect_csv_result(cached.validate_file(data));
  CHECK(cached.get_cache_stats().write_errors == 1);
  CHECK(cached.get_cache_stats().entries == 0);
}
