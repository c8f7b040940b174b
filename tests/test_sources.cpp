// Byte sources: plain files, standard streams, gzip and zstd recognised by their magic bytes,
// truncated and corrupt compressed input. Compressed fixtures are made with zlib and libzstd
// (exec_support.hpp).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "exec_support.hpp"
#include "rowguard/rowguard.hpp"

using namespace rowguard;
using rowguard::test::gzip;
using rowguard::test::zstd;
namespace fs = std::filesystem;

namespace {

fs::path write(const std::string& name, const std::string& bytes) {
  const fs::path dir = rowguard::test::test_case_dir("sources");
  fs::create_directories(dir);
  fs::path p = dir / name;
  std::ofstream(p, std::ios::binary) << bytes;
  return p;
}

const Schema schema{{"id", Field::integer().required()}, {"name", Field::string()}};

// 2 data rows; row 3 (",x") misses its required id.
const std::string csv = "id,name\n1,a\n,x\n";

void expect_csv_result(const ValidationResult& r) {
  CHECK(r.total_rows == 2);
  CHECK(r.invalid_rows == 1);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].row == 3);
  CHECK(r.findings[0].byte == 12);
  CHECK(r.bytes_read == csv.size());  // decompressed bytes
}

}  // namespace

TEST_CASE("sources: gzip and zstd files are decompressed whatever their name", "[sources]") {
  Validator v(compile(schema));
  expect_csv_result(v.validate_file(write("plain.csv", csv)));
  expect_csv_result(v.validate_file(write("data.csv.gz", gzip(csv))));
  expect_csv_result(v.validate_file(write("data.csv.zst", zstd(csv))));
  // The magic bytes decide, not the name.
  expect_csv_result(v.validate_file(write("misnamed.csv", gzip(csv))));
}

TEST_CASE("sources: concatenated gzip members and zstd frames read as one input", "[sources]") {
  Validator v(compile(schema));
  const std::string rest = "2,b\n,y\n";  // rows 4 and 5; row 5 misses its id
  for (const std::string& bytes : {gzip(csv) + gzip(rest), zstd(csv) + zstd(rest)}) {
    ValidationResult r = v.validate_file(write("two.csv", bytes));
    CHECK(r.total_rows == 4);
    CHECK(r.invalid_rows == 2);
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[1].row == 5);
    CHECK(r.findings[1].byte == csv.size() + 4);
  }
}

TEST_CASE("sources: compressed streams through validate_stream", "[sources]") {
  Validator v(compile(schema));
  std::istringstream gz(gzip(csv));
  expect_csv_result(v.validate_stream(gz, Format::csv));
  std::istringstream zs(zstd(csv));
  expect_csv_result(v.validate_stream(zs, Format::csv));
}

TEST_CASE("sources: truncated or corrupt compressed input is an IoError naming the file", "[sources]") {
  Validator v(compile(schema));
  const std::string gz = gzip(csv);
  const std::string zs = zstd(csv);
  auto message_of = [&](const fs::path& p) {
    try {
      v.validate_file(p);
    } catch (const IoError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::string m = message_of(write("cut.csv.gz", gz.substr(0, gz.size() - 5)));
  CHECK(m.find("cut.csv.gz") != std::string::npos);
  CHECK(m.find("truncated gzip") != std::string::npos);
  m = message_of(write("cut.csv.zst", zs.substr(0, zs.size() - 3)));
  CHECK(m.find("truncated zstd") != std::string::npos);
  std::string bad = gz;
  bad[12] = static_cast<char>(bad[12] ^ 0x5A);  // inside the deflate data
  m = message_of(write("bad.csv.gz", bad));
  CHECK(m.find("bad.csv.gz") != std::string::npos);
  CHECK(m.find("gzip") != std::string::npos);
}

TEST_CASE("sources: a stream that failed to open is an IoError, not an empty input", "[sources]") {
  const Plan plan = compile(Schema{{"id", Field::integer()}});
  for (Format format : {Format::csv, Format::jsonl}) {
    INFO(to_string(format));
    std::ifstream missing_a(fs::path(ROWGUARD_TEST_TMP) / "sources" / "no-such-file.csv");
    CHECK_THROWS_AS(Validator(plan).validate_stream(missing_a, format), IoError);
    std::ifstream missing_b(fs::path(ROWGUARD_TEST_TMP) / "sources" / "no-such-file.csv");
    CHECK_THROWS_AS(StreamingValidator(plan).validate_stream(missing_b, format), IoError);
    std::ifstream missing_c(fs::path(ROWGUARD_TEST_TMP) / "sources" / "no-such-file.csv");
    CHECK_THROWS_AS(DistributedValidator(plan).validate_stream(missing_c, format), IoError);
  }
  // A stream at its end but not failed is an empty input.
  std::istringstream empty("");
  CHECK(Validator(plan).validate_stream(empty, Format::jsonl).total_rows == 0);
}

namespace {

// Reports positions, but cannot go back to one: after its size is measured the stream would read
// from its end.
class OneWayBuf : public std::stringbuf {
 public:
  explicit OneWayBuf(const std::string& s) : std::stringbuf(s, std::ios_base::in) {}

 protected:
  pos_type seekpos(pos_type, std::ios_base::openmode) override { return pos_type(off_type(-1)); }
};

}  // namespace

TEST_CASE("sources: a stream that cannot seek back after its size is measured is an IoError", "[sources]") {
  const Plan plan = compile(Schema{{"id", Field::integer()}});
  OneWayBuf buf("id\n1\n2\n");
  std::istream in(&buf);
  try {
    Validator(plan).validate_stream(in, Format::csv);
    FAIL("read a stream it could not put back");
  } catch (const IoError& e) {
    CHECK_THAT(e.what(), Catch::Matchers::Contains("could not seek back"));
  }
}

TEST_CASE("sources: a missing file and a directory are IoErrors", "[sources]") {
  Validator v(compile(schema));
  CHECK_THROWS_AS(v.validate_file(fs::path(ROWGUARD_TEST_TMP) / "sources" / "no-such-file.csv"), IoError);
  const fs::path dir = fs::path(ROWGUARD_TEST_TMP) / "sources" / "folder.csv";
  fs::create_directories(dir);
  CHECK_THROWS_AS(v.validate_file(dir), IoError);
}
