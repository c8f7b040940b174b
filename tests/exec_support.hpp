#pragma once
// Helpers shared by the executor tests (streaming, distributed, map-reduce): the report compared
// between executors, one schema with every whole-file rule, the dialects every executor must read
// alike, and generators of CSV and JSONL inputs full of what makes chunking hard - quoted line
// breaks of every kind, doubled and irregular quotes, comments, escapes, blank and ragged rows,
// duplicates for unique fields and a composite primary key; gzip and zstd compression; files under
// ROWGUARD_TEST_TMP.
//
// The serial Validator (scalar kernel) is the reference every executor is compared with.

#include <zlib.h>
#include <zstd.h>

#include <catch2/catch.hpp>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "csv/chunking.hpp"
#include "executor_schema.hpp"
#include "support.hpp"
#include "rowguard/rowguard.hpp"

namespace rowguard::test {

// The JSON report without the keys allowed to differ between executors: "kernel", "elapsed_s"
// and "rows_per_s" always come last, in that order.
inline std::string report_without_timing(const ValidationResult& r, const std::string& source = "input") {
  std::ostringstream out;
  write_json_report(out, r, source);
  std::string s = out.str();
  const auto at = s.rfind(",\"kernel\":");
  REQUIRE(at != std::string::npos);
  return s.substr(0, at);
}

// The reference result: the serial Validator with the scalar kernel.
inline ValidationResult serial_result(const Plan& plan, std::string_view data, Format format,
                                      std::size_t max_findings = 1000) {
  ValidateOptions o;
  o.format = format;
  o.kernel = Kernel::scalar;
  o.max_findings = max_findings;
  return Validator(plan, o).validate_buffer(data, format);
}

inline std::string serial_report(const Plan& plan, std::string_view data, Format format,
                                 std::size_t max_findings = 1000) {
  return report_without_timing(serial_result(plan, data, format, max_findings));
}

struct NamedDialect {
  std::string name;
  Dialect dialect;
};

// Every dialect option that changes how records are cut.
inline std::vector<NamedDialect> executor_dialects() {
  std::vector<NamedDialect> v;
  v.push_back({"default", Dialect{}});
  Dialect d;
  d.delimiter = ';';
  v.push_back({"semicolon", d});
  d = Dialect{};
  d.delimiter = '\t';
  d.quote_char = '\'';
  v.push_back({"tab, single quote", d});
  d = Dialect{};
  d.double_quote = false;
  v.push_back({"doubleQuote false", d});
  d = Dialect{};
  d.comment_char = '#';
  v.push_back({"commentChar #", d});
  d = Dialect{};
  d.escape_char = '\\';
  v.push_back({"escapeChar \\", d});
  d = Dialect{};
  d.skip_initial_space = true;
  v.push_back({"skipInitialSpace", d});
  d = Dialect{};
  d.header = false;
  v.push_back({"no header", d});
  d = Dialect{};
  d.escape_char = '\\';
  d.comment_char = '#';
  d.double_quote = false;
  d.skip_initial_space = true;
  d.skip_blank_rows = true;
  v.push_back({"escape, comment, no doubleQuote, skipInitialSpace, skipBlankRows", d});
  return v;
}

inline const char* random_break(std::mt19937_64& rng) {
  static const char* breaks[] = {"\n", "\r\n", "\r"};
  return breaks[rng() % 3];
}

// One cell; `column` picks values that make duplicates likely for id (0) and the key (2, 3).
inline std::string random_cell(std::mt19937_64& rng, const Dialect& d, std::size_t column) {
  const std::string q(1, d.quote_char), dl(1, d.delimiter);
  const std::string brk = random_break(rng);
  if (rng() % 3 != 0) {
    switch (column) {
      case 0: return std::to_string(rng() % 40);
      case 1: return "n" + std::to_string(rng() % 1000);
      case 2: return std::to_string(rng() % 4);
      case 3: return rng() % 2 ? "a" : "b";
      default: return "z";
    }
  }
  const std::size_t kinds = d.escape_char ? 18 : 15;
  switch (rng() % kinds) {
    case 0: return "";
    case 1: return "x";
    case 2: return q + "l" + brk + "m" + q;  // a quoted line break
    case 3: return q + brk + brk + "n" + q;  // two, at the start of the value
    case 4: return q + "a" + dl + "b" + q;
    case 5: return q + "a" + q + q + "b" + q;  // a doubled quote
    case 6: return "a" + q + "b";              // quotes inside an unquoted field
    case 7: return q + "c" + q + "d";          // text after a closing quote
    case 8: return q + "c" + q + "d" + brk;    // ... then a line break that ends the record
    case 9: return "averyveryverylongname";
    case 10: return "\xff";
    case 11: return " " + std::to_string(rng() % 5);
    case 12: return " " + q + "s" + dl + brk + "p" + q;
    case 13: return q + q;
    case 14: return "#" + q;
    case 15: return "e" + std::string(1, *d.escape_char) + dl + "f";
    case 16: return "g" + std::string(1, *d.escape_char) + brk + "h";  // an escaped line break
    default: return q + "i" + std::string(1, *d.escape_char) + q + brk + "j" + q;
  }
}

struct CsvShape {
  bool bom = false;
  bool unterminated_quote_at_end = false;
  bool final_line_break = true;
};

// Rows of the executor schema's columns until `target_bytes`, with a header when the dialect has
// one.
inline std::string random_csv(std::mt19937_64& rng, const Dialect& d, std::size_t target_bytes, const CsvShape& shape) {
  const std::string q(1, d.quote_char), dl(1, d.delimiter);
  std::string out;
  if (shape.bom) out += "\xEF\xBB\xBF";
  if (d.comment_char) out += std::string(1, *d.comment_char) + " a comment before the header " + q + "\n";
  if (d.header) out += "id" + dl + q + "name" + q + dl + "k1" + dl + "k2" + dl + "note\r\n";
  while (out.size() < target_bytes) {
    const auto kind = rng() % 20;
    if (kind == 0) {
      out += random_break(rng);  // a blank row
      continue;
    }
    if (kind == 1) {
      out += dl + dl + dl + dl + random_break(rng);  // a row of empty cells
      continue;
    }
    if (kind == 2 && d.comment_char) {
      out += std::string(1, *d.comment_char) + " note " + q + "open" + dl + random_break(rng);
      continue;
    }
    std::size_t cells = 5;
    if (kind == 3) cells = 1 + rng() % 7;  // ragged
    for (std::size_t c = 0; c < cells; ++c) {
      if (c) out += dl;
      out += random_cell(rng, d, c);
    }
    out += random_break(rng);
  }
  if (!shape.final_line_break) {
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  }
  if (shape.unterminated_quote_at_end) out += "7" + dl + q + "open" + "\r\nquote" + dl + "to the end\n";
  return out;
}

// Where DistributedValidator::validate_buffer cuts its candidate chunks of `data` (BufferFeed): a
// window of chunk_size bytes from the last cut, shortened to its last line break (grown by
// chunk_size while it has none). Returns the chunk starts that are certain while `data` may still
// grow past them.
inline std::vector<std::size_t> buffer_cuts(const std::string& data, std::size_t chunk_size) {
  std::vector<std::size_t> starts{0};
  std::size_t s = 0;
  while (true) {
    std::size_t end = s, cut = 0;
    while (cut == 0) {
      end += chunk_size;
      if (end >= data.size()) return starts;
      cut = detail::csv::cut_after_last_line_break(std::string_view(data).substr(s, end - s));
    }
    s += cut;
    starts.push_back(s);
  }
}

// A CSV file built so that, for validate_buffer with `chunk_size`, each candidate chunk ends near
// a line break inside a quoted field: the break (LF, CRLF or a lone CR, in turn) starts 3 bytes
// before to 2 bytes after the window's end, in turn. So chunks start inside quoted fields, and a
// CR ends one window with its LF starting the next.
inline std::string straddling_csv(const Dialect& d, std::size_t chunk_size, std::size_t records) {
  const std::string q(1, d.quote_char), dl(1, d.delimiter);
  static const char* breaks[] = {"\n", "\r\n", "\r"};
  static const int deltas[] = {-3, -2, -1, 0, 1, 2};
  std::string out;
  if (d.header) out += "id" + dl + "name" + dl + "k1" + dl + "k2" + dl + "note\n";
  for (std::size_t i = 0; i < records; ++i) {
    const std::size_t window_end = buffer_cuts(out, chunk_size).back() + chunk_size;
    const std::string prefix = std::to_string(i) + dl + "n" + dl + std::to_string(i % 3) + dl + "a" + dl + q;
    const auto target = static_cast<std::ptrdiff_t>(window_end) + deltas[(i / 3) % 6];
    std::ptrdiff_t pad = target - static_cast<std::ptrdiff_t>(out.size() + prefix.size());
    while (pad < 0) pad += static_cast<std::ptrdiff_t>(chunk_size);
    out += prefix + std::string(static_cast<std::size_t>(pad), 'p') + breaks[i % 3] + "t" + q + q + "u" + q + "\n";
  }
  return out;
}

// JSONL lines of the executor schema: valid ones, duplicates, type and rule errors, missing key
// parts, malformed JSON, non-objects, invalid UTF-8, blank lines, CRLF endings.
inline std::string random_jsonl(std::mt19937_64& rng, std::size_t target_bytes, bool final_line_break = true) {
  std::string out;
  while (out.size() < target_bytes) {
    const std::string id = std::to_string(rng() % 40);
    const std::string k1 = std::to_string(rng() % 4);
    const std::string k2 = rng() % 2 ? "a" : "b";
    std::string line;
    switch (rng() % 12) {
      case 0: line = ""; break;
      case 1: line = "   \t"; break;
      case 2: line = R"({"id": "x", "k1": 1, "k2": "c"})"; break;
      case 3: line = R"({"id": )" + id + R"(, "name": "averyveryverylongname", "k1": )" + k1 + "}"; break;
      case 4: line = "[1, 2, 3]"; break;
      case 5: line = R"({"id": )" + id + ","; break;
      case 6: line = "{\"id\": " + id + ", \"note\": \"\xff\", \"k1\": 0, \"k2\": \"z\"}"; break;
      default:
        line = R"({"id": )" + id + R"(, "name": "n)" + id + R"(", "k1": )" + k1 + R"(, "k2": ")" + k2 +
               R"(", "note": "line\nbreak"})";
    }
    out += line + (rng() % 5 == 0 ? "\r\n" : "\n");
  }
  if (!final_line_break) out.pop_back();
  return out;
}

inline std::string gzip(const std::string& data) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);  // +16: gzip wrapper
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

inline std::string zstd(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  REQUIRE(!ZSTD_isError(n));
  out.resize(n);
  return out;
}

inline std::filesystem::path write_temp(const std::string& dir, const std::string& name, const std::string& bytes) {
  const std::filesystem::path d = test_case_dir(dir);
  std::filesystem::create_directories(d);
  const std::filesystem::path p = d / name;
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
  REQUIRE(out.good());
  return p;
}

inline std::string read_whole_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace rowguard::test
