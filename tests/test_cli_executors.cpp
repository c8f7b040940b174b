// End-to-end tests of the rowguard command's executors (ROWGUARD_CLI): `validate --mode serial |
// stream | parallel` and its defaults, --workers, --chunk-size, --batch-rows, --progress,
// --invalid-out / --valid-out, --cache-dir / --no-cache / --cache-trust-stat, and split / map / reduce. Every mode must
// print the serial report (timing aside). Each test runs the binary in its own directory under
// ROWGUARD_TEST_TMP with stdout and stderr captured in files; stderr is therefore never a terminal.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "exec_support.hpp"
#include "rowguard/rowguard.hpp"

#ifdef ROWGUARD_CLI

#include "cli/progress.hpp"
#include "cli_support.hpp"

using namespace rowguard;
using namespace rowguard::test;
namespace fs = std::filesystem;

namespace {

// executor_schema() as a Table Schema descriptor.
constexpr const char* schema_json = R"({
  "fields": [
    {"name": "id", "type": "integer", "constraints": {"unique": true}},
    {"name": "name", "type": "string", "constraints": {"maxLength": 12}},
    {"name": "k1", "type": "integer"},
    {"name": "k2", "type": "string"},
    {"name": "note", "type": "string"}
  ],
  "primaryKey": ["k1", "k2"]
})";

// The JSON report line without "kernel", "elapsed_s" and "rows_per_s" (always last, in that order).
std::string without_timing(const std::string& json_line) {
  const auto at = json_line.rfind(",\"kernel\":");
  REQUIRE(at != std::string::npos);
  return json_line.substr(0, at);
}

// The rows of every "rowguard: progress:" line on stderr.
std::vector<std::uint64_t> progress_rows(const std::string& err) {
  static const std::regex rows(R"(, (\d+) rows, )");
  std::vector<std::uint64_t> out;
  for (const std::string& line : split_lines(err)) {
    if (line.rfind("rowguard: progress: ", 0) != 0) continue;
    std::smatch m;
    REQUIRE(std::regex_search(line, m, rows));
    out.push_back(std::stoull(m[1].str()));
  }
  return out;
}

// A sandbox with the schema and a generated CSV of a few hundred rows (data.csv) and its gzip
// form (data.csv.gz).
struct Generated {
  Sandbox box;
  std::string csv;
  ValidationResult serial;
};

Generated generated(const std::string& name) {
  std::mt19937_64 rng(606);
  Generated g{Sandbox("cli-executors", name), random_csv(rng, Dialect{}, 20000, CsvShape{}), {}};
  g.box.write("schema.json", schema_json);
  g.box.write("data.csv", g.csv);
  g.box.write("data.csv.gz", gzip(g.csv));
  g.serial = serial_result(compile(executor_schema()), g.csv, Format::csv);
  return g;
}

}  // namespace

TEST_CASE("cli-executors: every mode prints the serial report", "[cli-executors]") {
  Generated g = generated("modes");
  REQUIRE(!g.serial.is_valid());
  const std::string expected = report_without_timing(g.serial, "data.csv");
  for (const std::string mode : {"serial", "stream", "parallel"}) {
    for (const std::vector<std::string>& extra :
         {std::vector<std::string>{}, {"--workers", "1"}, {"--workers", "3", "--chunk-size", "64"},
          {"--chunk-size", "1K"}, {"--chunk-size", "2k"}, {"--chunk-size", "1M"}, {"--batch-rows", "1"},
          {"--batch-rows", "7"}, {"--max-errors", "3"}, {"--kernel", "scalar"}}) {
      std::vector<std::string> args = {"validate", "--schema", "schema.json", "--report", "json", "--mode", mode};
      args.insert(args.end(), extra.begin(), extra.end());
      args.push_back("data.csv");
      std::string options;
      for (const std::string& a : extra) options += a + " ";
      INFO("--mode " << mode << " " << options);
      const Run r = g.box.run(args);
      CHECK(r.code == 1);
      const std::vector<std::string> lines = split_lines(r.out);
      REQUIRE(lines.size() == 1);
      if (extra.size() == 2 && extra[0] == "--max-errors") {
        CHECK(without_timing(lines[0]) ==
              report_without_timing(serial_result(compile(executor_schema()), g.csv, Format::csv, 3), "data.csv"));
      } else {
        CHECK(without_timing(lines[0]) == expected);
      }
    }
  }
  // Standard input and gzip input too.
  for (const std::string mode : {"serial", "stream", "parallel"}) {
    INFO("--mode " << mode);
    Run r = g.box.run({"validate", "--schema", "schema.json", "--report", "json", "--format", "csv", "--mode", mode,
                       "--chunk-size", "100", "-"},
                      "data.csv");
    CHECK(r.code == 1);
    CHECK(without_timing(split_lines(r.out).at(0)) == report_without_timing(g.serial, "-"));
    r = g.box.run({"validate", "--schema", "schema.json", "--report", "json", "--mode", mode, "--chunk-size", "100",
                   "data.csv.gz"});
    CHECK(r.code == 1);
    CHECK(without_timing(split_lines(r.out).at(0)) == report_without_timing(g.serial, "data.csv.gz"));
  }
}

TEST_CASE("cli-executors: the default mode is parallel for a plain file, stream for stdin and gzip", "[cli-executors]") {
  // With --progress always the first progress line shows the rows done when it was printed: after
  // the first 64-byte chunk in parallel mode, after the first batch (all rows here) in stream
  // mode, after the first piece of 65,536 rows (all rows here) in serial mode.
  Generated g = generated("defaults");
  const std::uint64_t rows = g.serial.total_rows;
  const std::vector<std::string> common = {"validate", "--schema", "schema.json", "--progress", "always",
                                           "--chunk-size", "64", "--batch-rows", "100000"};
  auto first_progress = [&](std::vector<std::string> args, const std::optional<std::string>& in = std::nullopt) {
    std::vector<std::string> all = common;
    all.insert(all.end(), args.begin(), args.end());
    const Run r = g.box.run(all, in);
    CHECK(r.code == 1);
    const std::vector<std::uint64_t> seen = progress_rows(r.err);
    return seen.empty() ? std::optional<std::uint64_t>() : std::optional<std::uint64_t>(seen.front());
  };
  // Forced modes show what to expect.
  const auto parallel = first_progress({"--mode", "parallel", "data.csv"});
  REQUIRE(parallel.has_value());
  CHECK(*parallel < rows / 10);
  CHECK(first_progress({"--mode", "stream", "data.csv"}) == rows);
  CHECK(first_progress({"--mode", "serial", "data.csv"}) == rows);
  // The defaults.
  const auto plain = first_progress({"data.csv"});
  REQUIRE(plain.has_value());
  CHECK(*plain < rows / 10);
  CHECK(first_progress({"--format", "csv", "-"}, "data.csv") == rows);
  CHECK(first_progress({"data.csv.gz"}) == rows);
}

TEST_CASE("cli-executors: bad executor options exit 2 with a message", "[cli-executors]") {
  Generated g = generated("bad-options");
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"--mode", "fast"}, {"--workers", "0"}, {"--workers", "x"}, {"--workers", "-2"},
        {"--chunk-size", "0"}, {"--chunk-size", "12Q"}, {"--chunk-size", "-5"}, {"--chunk-size", "K"},
        {"--chunk-size", "17179869184G"}, {"--chunk-size", "18014398509481984K"},
        {"--chunk-size", ""}, {"--batch-rows", "0"}, {"--batch-rows", "many"}, {"--progress", "sometimes"},
        {"--workers"}}) {
    std::vector<std::string> args = {"validate", "--schema", "schema.json"};
    args.insert(args.end(), bad.begin(), bad.end());
    if (bad.size() > 1) args.push_back("data.csv");
    std::string shown;
    for (const std::string& a : bad) shown += a + " ";
    INFO(shown);
    const Run r = g.box.run(args);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(contains(r.err, "rowguard: "));
    CHECK(contains(r.err, bad[0]));
  }
}

TEST_CASE("cli-executors: --progress", "[cli-executors]") {
  Generated g = generated("progress");
  const Run quiet = g.box.run({"validate", "--schema", "schema.json", "--report", "json", "data.csv"});
  for (const std::string mode : {"stream", "parallel"}) {
    INFO("--mode " << mode);
    const Run always = g.box.run({"validate", "--schema", "schema.json", "--report", "json", "--progress", "always",
                                  "--mode", mode, "--chunk-size", "256", "--batch-rows", "5", "data.csv"});
    CHECK(always.code == 1);
    CHECK(!progress_rows(always.err).empty());
    // Plain lines, no terminal control characters; the report on stdout is untouched.
    CHECK(always.err.find('\r') == std::string::npos);
    CHECK(always.err.find('\x1b') == std::string::npos);
    CHECK(without_timing(always.out) == without_timing(quiet.out));
    CHECK(split_lines(always.out).size() == 1);
    for (const std::string when : {"never", "auto"}) {
      const Run none = g.box.run({"validate", "--schema", "schema.json", "--report", "json", "--progress", when,
                                  "--mode", mode, "--chunk-size", "256", "--batch-rows", "5", "data.csv"});
      CHECK(none.code == 1);
      CHECK_FALSE(contains(none.err, "progress"));
      CHECK(split_lines(none.err).size() == 1);  // the summary line only
      CHECK(without_timing(none.out) == without_timing(quiet.out));
    }
  }
}

TEST_CASE("cli-executors: the progress bar of a file that grew past its size stays full", "[cli-executors]") {
  // The bar is drawn only on a terminal; here stderr goes to a file for the test to read.
  const fs::path captured = write_temp("cli-executors", "progress-bar.txt", "");
  std::fflush(stderr);
  const int saved = ::dup(2);
  REQUIRE(saved >= 0);
  const int fd = ::open(captured.c_str(), O_WRONLY | O_TRUNC);
  REQUIRE(fd >= 0);
  ::dup2(fd, 2);
  ::close(fd);
  bool threw = false;
  try {
    cli::ProgressDisplay display("grown.csv", true, true);
    display.update(3 << 20, std::uint64_t{1} << 20, 10, 1);  // three times the size taken at the start
  } catch (...) {
    threw = true;
  }
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  CHECK_FALSE(threw);
  const std::string drawn = read_whole_file(captured);
  CHECK_THAT(drawn, Catch::Matchers::Contains("[########################] 100% 3.0 MiB/1.0 MiB"));
}

TEST_CASE("cli-executors: --invalid-out and --valid-out copy records byte for byte", "[cli-executors]") {
  Sandbox box("cli-executors", "routing");
  box.write("schema.json", R"({"fields": [
    {"name": "id", "type": "integer", "constraints": {"unique": true}},
    {"name": "amount", "type": "number", "constraints": {"minimum": 0.01}},
    {"name": "note", "type": "string"}]})");
  box.write("data.csv",
            "id,amount,note\r\n"
            "1,5.0,\"two\nlines\"\r\n"  // valid, a quoted line break
            "2,-3.5,low\n"              // amount below the minimum
            "1,2,again\n"               // id repeats row 2
            "3,7,\"ok\"\"\"\n"          // valid
            "x,7,bad id");              // not an integer; no final line break
  box.write("data.jsonl",
            "{\"id\": 1, \"amount\": 5}\n"
            "\n"
            "{\"id\": 1, \"amount\": 6}\r\n"
            "{\"id\": 2, \"amount\": 0}\n"
            "{\"id\": 3, \"amount\": 1, \"note\": \"a\"}\n");
  for (const std::vector<std::string>& mode :
       {std::vector<std::string>{}, {"--mode", "stream"}, {"--batch-rows", "1"}}) {
    INFO((mode.empty() ? std::string("default mode") : mode[0] + " " + mode[1]));
    std::vector<std::string> args = {"validate", "--schema", "schema.json", "--invalid-out", "bad.csv", "--valid-out",
                                     "good.csv"};
    args.insert(args.end(), mode.begin(), mode.end());
    args.push_back("data.csv");
    Run r = box.run(args);
    CHECK(r.code == 1);
    CHECK(read_whole_file(box.dir() / "good.csv") == "id,amount,note\r\n1,5.0,\"two\nlines\"\r\n3,7,\"ok\"\"\"\n");
    CHECK(read_whole_file(box.dir() / "bad.csv") == "id,amount,note\r\n2,-3.5,low\n1,2,again\nx,7,bad id");

    args = {"validate", "--schema", "schema.json", "--invalid-out", "bad.jsonl", "--valid-out", "good.jsonl"};
    args.insert(args.end(), mode.begin(), mode.end());
    args.push_back("data.jsonl");
    r = box.run(args);
    CHECK(r.code == 1);
    CHECK(read_whole_file(box.dir() / "good.jsonl") ==
          "{\"id\": 1, \"amount\": 5}\n{\"id\": 3, \"amount\": 1, \"note\": \"a\"}\n");
    CHECK(read_whole_file(box.dir() / "bad.jsonl") == "{\"id\": 1, \"amount\": 6}\r\n{\"id\": 2, \"amount\": 0}\n");
  }
  // One output alone, from standard input.
  Run r = box.run({"validate", "--schema", "schema.json", "--format", "csv", "--invalid-out", "only-bad.csv", "-"},
                  "data.csv");
  CHECK(r.code == 1);
  CHECK(read_whole_file(box.dir() / "only-bad.csv") == "id,amount,note\r\n2,-3.5,low\n1,2,again\nx,7,bad id");
  // Rejected: two input files, or a mode other than stream.
  r = box.run({"validate", "--schema", "schema.json", "--invalid-out", "x.csv", "data.csv", "data.csv"});
  CHECK(r.code == 2);
  CHECK(contains(r.err, "exactly one input FILE"));
  for (const std::string mode : {"parallel", "serial"}) {
    INFO(mode);
    r = box.run({"validate", "--schema", "schema.json", "--valid-out", "x.csv", "--mode", mode, "data.csv"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "--mode stream only"));
    CHECK(r.out.empty());
  }
  // Rejected before anything is opened: an output that is the input (it would be emptied before it
  // is read), by its name or by another path to it, and both outputs on one file.
  const std::string data = read_whole_file(box.dir() / "data.csv");
  for (const std::vector<std::string>& outputs :
       {std::vector<std::string>{"--invalid-out", "data.csv"}, {"--valid-out", "./data.csv"},
        {"--invalid-out", "../" + box.dir().filename().string() + "/data.csv"}}) {
    INFO(outputs[0] << " " << outputs[1]);
    r = box.run({"validate", "--schema", "schema.json", outputs[0], outputs[1], "data.csv"});
    CHECK(r.code == 2);
    CHECK(contains(r.err, "names the input file"));
    CHECK(read_whole_file(box.dir() / "data.csv") == data);
  }
  r = box.run({"validate", "--schema", "schema.json", "--invalid-out", "same.csv", "--valid-out", "./same.csv", "data.csv"});
  CHECK(r.code == 2);
  CHECK(contains(r.err, "name the same file"));
  CHECK_FALSE(std::filesystem::exists(box.dir() / "same.csv"));
}

TEST_CASE("cli-executors: split, map and reduce give the validate report", "[cli-executors]") {
  Generated g = generated("map-reduce");
  g.box.write("valid.csv", "id,name,k1,k2,note\n1,a,1,a,z\n2,\"b\nc\",1,b,z\n3,d,2,a,z\n");
  for (const std::string file : {"data.csv", "valid.csv"}) {
    for (const std::string parts : {"1", "3", "16"}) {
      INFO(file << ", " << parts << " parts");
      const Run split = g.box.run({"split", "--parts", parts, file});
      REQUIRE(split.code == 0);
      const std::vector<std::string> lines = split_lines(split.out);
      REQUIRE(!lines.empty());
      REQUIRE(lines.size() <= std::stoull(parts));
      const std::uint64_t size = fs::file_size(g.box.dir() / file);
      std::uint64_t expected_offset = 0;
      std::vector<std::string> partials;
      for (const std::string& line : lines) {
        std::istringstream in(line);
        std::uint64_t offset = 0, length = 0;
        REQUIRE(static_cast<bool>(in >> offset >> length));
        CHECK(offset == expected_offset);
        expected_offset = offset + length;
        const std::string part = "part" + std::to_string(partials.size()) + ".bin";
        const Run map = g.box.run({"map", "--schema", "schema.json", "--offset", std::to_string(offset), "--length",
                                   std::to_string(length), file},
                                  std::nullopt, part);
        REQUIRE(map.code == 0);
        CHECK(map.out.rfind("RGPART", 0) == 0);
        partials.push_back(part);
      }
      CHECK(expected_offset == size);
      const Run validate = g.box.run({"validate", "--schema", "schema.json", "--report", "json", file});
      std::vector<std::string> reduce_args = {"reduce", "--report", "json"};
      reduce_args.insert(reduce_args.end(), partials.rbegin(), partials.rend());  // any order
      const Run reduce = g.box.run(reduce_args);
      CHECK(reduce.code == validate.code);
      CHECK(reduce.code == (std::string(file) == "valid.csv" ? 0 : 1));
      CHECK(without_timing(reduce.out) == without_timing(validate.out));
      CHECK_FALSE(contains(reduce.err, "warning"));
      // A partial missing in the middle leaves a gap.
      if (partials.size() >= 3) {
        const Run gap = g.box.run({"reduce", partials[0], partials[2]});
        CHECK(gap.code == 2);
        CHECK(contains(gap.err, "uncovered"));
        CHECK(gap.out.empty());
      }
      // The partial of the last range missing: the partials know the file's size.
      if (partials.size() >= 2) {
        std::vector<std::string> all_but_last = {"reduce"};
        all_but_last.insert(all_but_last.end(), partials.begin(), partials.end() - 1);
        const Run short_run = g.box.run(all_but_last);
        CHECK(short_run.code == 2);
        CHECK(contains(short_run.err, "of " + std::to_string(size) + ": the partials for the rest of the input are missing"));
        CHECK(short_run.out.empty());
      }
    }
  }
  const Run bad = g.box.run({"reduce", "schema.json"});
  CHECK(bad.code == 2);
  CHECK(contains(bad.err, "schema.json"));
  // Ranges of two files of one size reduce (a partial knows its file's name and size, not its
  // content), with a warning naming both.
  g.box.write("fa.csv", "id,name\n1,a\n2,b\n");
  g.box.write("fb.csv", "id,name\nx,a\ny,b\n");
  const Run a = g.box.run({"map", "--schema", "schema.json", "--offset", "0", "--length", "12", "fa.csv"});
  const Run b = g.box.run({"map", "--schema", "schema.json", "--offset", "12", "--length", "4", "fb.csv"});
  REQUIRE(a.code == 0);
  REQUIRE(b.code == 0);
  g.box.write("a.rgp", a.out);
  g.box.write("b.rgp", b.out);
  const Run mixed = g.box.run({"reduce", "a.rgp", "b.rgp"});
  CHECK(contains(mixed.err, "warning: the partials were mapped from inputs named differently (\"fa.csv\" and \"fb.csv\")"));
}

TEST_CASE("cli-executors: --cache-dir answers a second run from the cache; --no-cache leaves it alone",
          "[cli-executors]") {
  Generated g = generated("cache");
  const fs::path cache = g.box.dir() / "cache";
  auto entries = [&] {
    std::size_t n = 0;
    if (fs::exists(cache)) {
      for (const auto& e : fs::directory_iterator(cache)) if (e.is_regular_file()) ++n;
    }
    return n;
  };
  const Run skipped = g.box.run({"validate", "--schema", "schema.json", "--report", "json", "--cache-dir", "cache",
                                 "--no-cache", "data.csv"});
  CHECK(skipped.code == 1);
  CHECK_FALSE(fs::exists(cache));
  const std::string expected = report_without_timing(g.serial, "data.csv");
  CHECK(without_timing(skipped.out) == expected);
  for (const std::string mode : {"serial", "stream", "parallel"}) {
    INFO("--mode " << mode);
    fs::remove_all(cache);
    const Run first = g.box.run({"validate", "--schema", "schema.json", "--report", "json", "--cache-dir", "cache",
                                 "--mode", mode, "data.csv"});
    CHECK(first.code == 1);
    CHECK(without_timing(first.out) == expected);
    CHECK(entries() == 1);
    const Run second = g.box.run({"validate", "--schema", "schema.json", "--report", "json", "--cache-dir", "cache",
                                  "--mode", mode, "data.csv"});
    CHECK(second.code == 1);
    CHECK(without_timing(second.out) == expected);
    CHECK(entries() == 1);
    // --no-cache neither reads nor writes it.
    const auto before = fs::last_write_time(*fs::directory_iterator(cache));
    const Run bypass = g.box.run({"validate", "--schema", "schema.json", "--report", "json", "--cache-dir", "cache",
                                  "--no-cache", "--mode", mode, "data.csv"});
    CHECK(without_timing(bypass.out) == expected);
    CHECK(entries() == 1);
    CHECK(fs::last_write_time(*fs::directory_iterator(cache)) == before);
  }
}

TEST_CASE("cli-executors: a cache directory that cannot be used is a warning, and the run validates",
          "[cli-executors]") {
  Generated g = generated("cache-unusable");
  // A file where the directory should be, and a directory under it: neither can be made.
  for (const std::string dir : {"schema.json", "schema.json/cache"}) {
    INFO("--cache-dir " << dir);
    const Run run = g.box.run({"validate", "--schema", "schema.json", "--report", "json", "--cache-dir", dir, "data.csv"});
    CHECK(run.code == 1);  // the data's verdict, not an error
    CHECK(without_timing(run.out) == report_without_timing(g.serial, "data.csv"));
    CHECK(contains(run.err, "warning: validating without the cache"));
    CHECK(contains(run.err, dir));
    CHECK(fs::is_regular_file(g.box.dir() / "schema.json"));
  }
}

// With --cache-trust-stat a run also stores a stat record once the file is two seconds old, and a
// later run answers from it without reading the file: pointed at another file's content, the
// record makes the run print that file's report, which only the record can have told it; without
// the option the file is hashed and its own report printed.
TEST_CASE("cli-executors: --cache-trust-stat stores a stat record and answers from it", "[cli-executors]") {
  Generated g = generated("cache-trust-stat");
  const std::string other = g.csv.substr(0, g.csv.find('\n', g.csv.size() / 3) + 1);
  g.box.write("other.csv", other);
  const ValidationResult other_result = serial_result(compile(executor_schema()), other, Format::csv);
  REQUIRE(other_result.total_rows != g.serial.total_rows);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // the files' ctimes must settle
  auto run = [&](const std::string& file, bool trust) {
    std::vector<std::string> args = {"validate", "--schema", "schema.json", "--report", "json", "--cache-dir", "cache"};
    if (trust) args.push_back("--cache-trust-stat");
    args.push_back(file);
    return g.box.run(args);
  };
  auto record_of_data = [&] {
    const std::string hex = content_hash_file(g.box.dir() / "data.csv").hex();
    fs::path found;
    for (const auto& e : fs::directory_iterator(g.box.dir() / "cache")) {
      const std::string name = e.path().filename().string();
      if (name.ends_with(".stat.json") && contains(read_whole_file(e.path()), hex)) found = e.path();
    }
    return found;
  };
  for (const std::string file : {"data.csv", "other.csv"}) {
    const Run r = run(file, true);
    CHECK(r.code == 1);
  }
  const fs::path record = record_of_data();
  REQUIRE(!record.empty());
  std::size_t results = 0;
  for (const auto& e : fs::directory_iterator(g.box.dir() / "cache")) {
    if (!e.path().filename().string().ends_with(".stat.json")) ++results;
  }
  CHECK(results == 2);

  const Run trusted = run("data.csv", true);
  CHECK(without_timing(trusted.out) == report_without_timing(g.serial, "data.csv"));

  const std::string data_hex = content_hash_file(g.box.dir() / "data.csv").hex();
  const std::string other_hex = content_hash_file(g.box.dir() / "other.csv").hex();
  std::string text = read_whole_file(record);
  text.replace(text.find(data_hex), data_hex.size(), other_hex);
  g.box.write(fs::relative(record, g.box.dir()).string(), text);
  const Run misled = run("data.csv", true);
  CHECK(without_timing(misled.out) == report_without_timing(other_result, "data.csv"));
  const Run hashed = run("data.csv", false);
  CHECK(without_timing(hashed.out) == report_without_timing(g.serial, "data.csv"));
}

// The record outputs need the records, so a run that writes them bypasses the cache: the second
// run, whose file is unchanged, must still fill both files.
TEST_CASE("cli-executors: --invalid-out is written when the cache holds the file's result", "[cli-executors]") {
  Sandbox box("cli-executors", "routing-cache");
  box.write("schema.json", R"({"fields": [{"name": "id", "type": "integer"}]})");
  box.write("data.csv", "id\n1\nx\n");
  for (int run = 0; run < 2; ++run) {
    INFO("run " << run);
    const Run r = box.run({"validate", "--schema", "schema.json", "--cache-dir", "cache", "--invalid-out", "bad.csv",
                           "--valid-out", "good.csv", "data.csv"});
    CHECK(r.code == 1);
    CHECK(read_whole_file(box.dir() / "bad.csv") == "id\nx\n");
    CHECK(read_whole_file(box.dir() / "good.csv") == "id\n1\n");
  }
}

#endif  // ROWGUARD_CLI
