// The CSV tokenizer on its own: record and field boundaries, line-break counts, flags, incremental
// scanning and every dialect option, plus a property test against an independent reference
// splitter on generated records. Expected values are worked out by hand from the grammar in
// src/csv/scanner.hpp (RFC 4180 read the way Python's csv module reads it).
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "csv/scanner.hpp"
#include "rowguard/dialect.hpp"

using rowguard::Dialect;
using rowguard::detail::csv::Batch;
using rowguard::detail::csv::decode_field;
using rowguard::detail::csv::is_blank_record;
using rowguard::detail::csv::Record;
using rowguard::detail::csv::Scanner;
namespace flag = rowguard::detail::csv;

namespace {

using Rows = std::vector<std::vector<std::string>>;

// Decoded fields of record `index` of a batch scanned from `data` starting at buffer offset 0.
std::vector<std::string> fields_of(std::string_view data, const Batch& b, std::size_t index, const Dialect& d) {
  const Record& rec = b.records[index];
  std::vector<std::string> out;
  std::string scratch;
  std::uint32_t begin = 0;
  for (std::uint32_t k = 0; k < rec.field_count; ++k) {
    std::uint32_t end = b.field_end(rec, k);
    std::string_view raw = data.substr(static_cast<std::size_t>(rec.begin) + begin, end - begin);
    out.emplace_back(decode_field(raw, d, scratch));
    begin = end + 1;
  }
  return out;
}

// Scans the whole of `data` at end of input and returns the batch.
Batch scan_all(std::string_view data, const Dialect& d = {}) {
  Scanner scanner(d);
  Batch b;
  std::size_t stop = scanner.scan(data.data(), data.size(), 0, true, SIZE_MAX, b);
  REQUIRE(stop == data.size());
  return b;
}

// Decoded fields of every non-comment record.
Rows rows_of(std::string_view data, const Dialect& d = {}) {
  Batch b = scan_all(data, d);
  Rows rows;
  for (std::size_t i = 0; i < b.records.size(); ++i) {
    if (b.records[i].flags & flag::comment) continue;
    rows.push_back(fields_of(data, b, i, d));
  }
  return rows;
}

std::string decoded(std::string_view raw, const Dialect& d = {}) {
  std::string scratch;
  return std::string(decode_field(raw, d, scratch));
}

bool blank(std::string_view record, const Dialect& d = {}) {
  Batch b = scan_all(record, d);
  REQUIRE(b.records.size() == 1);
  std::string scratch;
  const Record& r = b.records[0];
  return is_blank_record(record.data(), b, r, d, scratch);
}

Dialect with_escape(char c) {
  Dialect d;
  d.escape_char = c;
  return d;
}

Dialect with_comment(char c) {
  Dialect d;
  d.comment_char = c;
  return d;
}

}  // namespace

TEST_CASE("scanner: plain records, field ends and record offsets", "[csv-scanner]") {
  std::string data = "a,bb,ccc\n1,22,\n";
  Batch b = scan_all(data);
  REQUIRE(b.records.size() == 2);
  const Record& r0 = b.records[0];
  CHECK(r0.begin == 0);
  CHECK(r0.end == 8);
  CHECK(r0.next_begin == 9);
  CHECK(r0.first_field == 0);
  CHECK(r0.field_count == 3);
  CHECK(r0.line_breaks == 0);
  CHECK(r0.flags == flag::terminated);
  // Field ends are stored from the buffer's start and read from the record's first byte: "a" ends
  // at 1, "bb" at 4, "ccc" at 8.
  CHECK(b.field_ends[0] == 1);
  CHECK(b.field_ends[1] == 4);
  CHECK(b.field_ends[2] == 8);
  CHECK(b.field_end(r0, 2) == 8);
  const Record& r1 = b.records[1];
  CHECK(r1.begin == 9);
  CHECK(r1.end == 14);
  CHECK(r1.next_begin == 15);
  CHECK(r1.first_field == 3);
  CHECK(r1.field_count == 3);
  CHECK(b.field_ends[3] == 10);
  CHECK(b.field_end(r1, 0) == 1);
  CHECK(b.field_end(r1, 1) == 4);
  CHECK(b.field_end(r1, 2) == 5);  // the trailing empty field ends where the record ends
  CHECK(fields_of(data, b, 1, {}) == std::vector<std::string>{"1", "22", ""});
}

TEST_CASE("scanner: quoting rules", "[csv-scanner]") {
  SECTION("a quoted field may hold the delimiter") {
    CHECK(rows_of("\"a,b\",c\n") == Rows{{"a,b", "c"}});
  }
  SECTION("a doubled quote inside quotes is one quote") {
    CHECK(rows_of("\"a\"\"b\",\"\"\"\"\n") == Rows{{"a\"b", "\""}});
  }
  SECTION("characters after a closing quote are appended") {
    CHECK(rows_of("\"a\"b,c\n") == Rows{{"ab", "c"}});
    CHECK(rows_of("\"a\" b\n") == Rows{{"a b"}});
    // After the closing quote a further quote is literal: "ab"c" reads as abc".
    CHECK(rows_of("\"ab\"c\"\n") == Rows{{"abc\""}});
  }
  SECTION("a quote inside an unquoted field is literal") {
    CHECK(rows_of("a\"b,c\"d\"\n") == Rows{{"a\"b", "c\"d\""}});
    CHECK(rows_of("5\" pipe,x\n") == Rows{{"5\" pipe", "x"}});
  }
  SECTION("an empty quoted field is empty") {
    CHECK(rows_of("\"\",a,\"\"\n") == Rows{{"", "a", ""}});
  }
  SECTION("a quoted field may hold line breaks of every kind") {
    CHECK(rows_of("\"a\nb\",\"c\r\nd\",\"e\rf\"\nx\n") == Rows{{"a\nb", "c\r\nd", "e\rf"}, {"x"}});
  }
  SECTION("delimiter after the closing quote ends the field") {
    Batch b = scan_all("\"a\",b\n");
    REQUIRE(b.records.size() == 1);
    CHECK(b.records[0].field_count == 2);
    CHECK(b.field_ends[0] == 3);
    CHECK(b.field_ends[1] == 5);
  }
}

TEST_CASE("scanner: line endings", "[csv-scanner]") {
  SECTION("CRLF ends a record and is skipped as one terminator") {
    Batch b = scan_all("a,b\r\nc,d\r\n");
    REQUIRE(b.records.size() == 2);
    CHECK(b.records[0].end == 3);
    CHECK(b.records[0].next_begin == 5);
    CHECK(b.records[1].begin == 5);
    CHECK(b.records[1].end == 8);
    CHECK(b.records[1].next_begin == 10);
    CHECK(rows_of("a,b\r\nc,d\r\n") == Rows{{"a", "b"}, {"c", "d"}});
  }
  SECTION("a lone CR ends a record") {
    Batch b = scan_all("a\rb\r");
    REQUIRE(b.records.size() == 2);
    CHECK(b.records[0].end == 1);
    CHECK(b.records[0].next_begin == 2);
    CHECK(b.records[1].begin == 2);
    CHECK(b.records[1].next_begin == 4);
    CHECK((b.records[1].flags & flag::terminated) != 0);
  }
  SECTION("mixed endings: CRLF, then CR then LF are two terminators") {
    // CR LF after "a" is one terminator; the next CR ends an empty record; then "b" LF.
    std::string data = "a\r\n\rb\n";
    Batch b = scan_all(data);
    REQUIRE(b.records.size() == 3);
    CHECK(b.records[0].next_begin == 3);
    CHECK(b.records[1].begin == 3);
    CHECK(b.records[1].end == 3);
    CHECK(b.records[1].next_begin == 4);
    CHECK(fields_of(data, b, 1, {}) == std::vector<std::string>{""});
    CHECK(fields_of(data, b, 2, {}) == std::vector<std::string>{"b"});
  }
  SECTION("LF CR is two terminators, not one") {
    Batch b = scan_all("a\n\rb");
    REQUIRE(b.records.size() == 3);
    CHECK(b.records[1].begin == 2);
    CHECK(b.records[1].end == 2);
    CHECK(b.records[2].begin == 3);
  }
  SECTION("the last line without a line break is a record") {
    std::string data = "a,b\nc,d";
    Batch b = scan_all(data);
    REQUIRE(b.records.size() == 2);
    CHECK(b.records[1].flags == 0);
    CHECK(b.records[1].end == 7);
    CHECK(b.records[1].next_begin == 7);
    CHECK(fields_of(data, b, 1, {}) == std::vector<std::string>{"c", "d"});
  }
  SECTION("a final line break does not make an extra record") {
    CHECK(scan_all("a\n").records.size() == 1);
    CHECK(scan_all("a\r\n").records.size() == 1);
    CHECK(scan_all("a\r").records.size() == 1);
  }
  SECTION("empty input has no records") {
    CHECK(scan_all("").records.empty());
  }
  SECTION("an empty line is a record with one empty field") {
    Batch b = scan_all("a\n\nb\n");
    REQUIRE(b.records.size() == 3);
    CHECK(b.records[1].begin == 2);
    CHECK(b.records[1].end == 2);
    CHECK(b.records[1].field_count == 1);
    CHECK(b.field_end(b.records[1], 0) == 0);
  }
}

TEST_CASE("scanner: line breaks inside records are counted", "[csv-scanner]") {
  auto breaks = [](std::string_view data, const Dialect& d = {}) {
    Batch b = scan_all(data, d);
    REQUIRE(!b.records.empty());
    return b.records[0].line_breaks;
  };
  CHECK(breaks("a,b\n") == 0);
  CHECK(breaks("\"a\nb\",c\n") == 1);
  CHECK(breaks("\"a\r\nb\"\n") == 1);   // CRLF counts once
  CHECK(breaks("\"a\rb\"\n") == 1);     // a lone CR counts
  CHECK(breaks("\"\n\n\",\"\r\"\n") == 3);
  CHECK(breaks("\"\r\r\n\"\n") == 2);   // CR, then CRLF
  CHECK(breaks("\"a\r\n\"\r\n") == 1);  // the record's own terminator is not counted
  // Unquoted line breaks end the record, so they never count.
  CHECK(breaks("ab\r\ncd\n") == 0);
  // Escaped line breaks count like quoted ones.
  CHECK(breaks("a\\\nb\n", with_escape('\\')) == 1);
  CHECK(breaks("a\\\r\nb\n", with_escape('\\')) == 1);
  CHECK(breaks("a\\\rb\n", with_escape('\\')) == 1);
  CHECK(breaks("\"a\\\nb\"\n", with_escape('\\')) == 1);

  // The next record starts after the quoted breaks.
  std::string data = "\"x\r\ny\",1\r\nz,2\r\n";
  Batch b = scan_all(data);
  REQUIRE(b.records.size() == 2);
  CHECK(b.records[0].end == 8);
  CHECK(b.records[1].begin == 10);
  CHECK(fields_of(data, b, 0, {}) == std::vector<std::string>{"x\r\ny", "1"});
  CHECK(fields_of(data, b, 1, {}) == std::vector<std::string>{"z", "2"});
}

TEST_CASE("scanner: comment lines", "[csv-scanner]") {
  Dialect d = with_comment('#');
  SECTION("a comment line is flagged and has no fields; quotes in it are ignored") {
    std::string data = "#x,\"y\n1,2\n";
    Batch b = scan_all(data, d);
    REQUIRE(b.records.size() == 2);
    CHECK(b.records[0].flags == (flag::comment | flag::terminated));
    CHECK(b.records[0].field_count == 0);
    CHECK(b.records[0].end == 5);
    CHECK(b.records[0].next_begin == 6);
    CHECK(b.records[0].line_breaks == 0);
    CHECK(b.records[1].flags == flag::terminated);
    CHECK(b.records[1].first_field == 0);
    CHECK(fields_of(data, b, 1, d) == std::vector<std::string>{"1", "2"});
  }
  SECTION("comment lines end at CRLF and lone CR") {
    CHECK(rows_of("#a\r\nx\r#b\ry\n", d) == Rows{{"x"}, {"y"}});
  }
  SECTION("the comment character elsewhere is ordinary text") {
    CHECK(rows_of("a#b,#c\n", d) == Rows{{"a#b", "#c"}});
    CHECK(rows_of("\"#a\"\n", d) == Rows{{"#a"}});
  }
  SECTION("a comment line at the end without a line break") {
    Batch b = scan_all("x\n#end", d);
    REQUIRE(b.records.size() == 2);
    CHECK(b.records[1].flags == flag::comment);
    CHECK(b.records[1].end == 6);
    CHECK(b.records[1].next_begin == 6);
  }
  SECTION("without a comment character the line is data") {
    CHECK(rows_of("#x,y\n") == Rows{{"#x", "y"}});
  }
}

TEST_CASE("scanner: unterminated quote at end of input", "[csv-scanner]") {
  std::string data = "a\n\"b,c\nd";
  Batch b = scan_all(data);
  REQUIRE(b.records.size() == 2);
  const Record& r = b.records[1];
  CHECK(r.begin == 2);
  CHECK(r.end == data.size());
  CHECK(r.next_begin == data.size());
  CHECK(r.flags == flag::unterminated_quote);
  CHECK(r.line_breaks == 1);
  CHECK(r.field_count == 1);
  CHECK(fields_of(data, b, 1, {}) == std::vector<std::string>{"b,c\nd"});

  // A quoted field closed exactly at the end is fine.
  Batch ok = scan_all("\"ab\"");
  REQUIRE(ok.records.size() == 1);
  CHECK(ok.records[0].flags == 0);

  // An escape inside quotes at the very end leaves the quote open.
  Batch esc = scan_all("\"ab\\", with_escape('\\'));
  REQUIRE(esc.records.size() == 1);
  CHECK(esc.records[0].flags == flag::unterminated_quote);
}

TEST_CASE("scanner: records over max_record_bytes", "[csv-scanner]") {
  Dialect d;
  d.max_record_bytes = 5;
  std::string data = "abcde\nabcdef\n\"a,b\nc\"\nx,y\n";
  Batch b = scan_all(data, d);
  REQUIRE(b.records.size() == 4);
  // Exactly the limit is allowed.
  CHECK(b.records[0].flags == flag::terminated);
  CHECK(b.records[0].field_count == 1);
  // One byte over: flagged, no fields recorded, but its extent is known.
  CHECK(b.records[1].flags == (flag::terminated | flag::too_large));
  CHECK(b.records[1].field_count == 0);
  CHECK(b.records[1].begin == 6);
  CHECK(b.records[1].end == 12);
  CHECK(b.records[1].next_begin == 13);
  // A multi-line quoted record of 7 bytes is too large too; its line breaks are still counted.
  CHECK((b.records[2].flags & flag::too_large) != 0);
  CHECK(b.records[2].field_count == 0);
  CHECK(b.records[2].line_breaks == 1);
  // The following record's fields are in the right place.
  CHECK(b.records[3].flags == flag::terminated);
  CHECK(b.records[3].first_field == 1);
  CHECK(fields_of(data, b, 3, d) == std::vector<std::string>{"x", "y"});
}

TEST_CASE("scanner: incremental scanning without end of input", "[csv-scanner]") {
  Scanner scanner{Dialect{}};
  SECTION("an incomplete last record is left for the next call") {
    std::string data = "a,b\nc,d";
    Batch b;
    std::size_t stop = scanner.scan(data.data(), data.size(), 0, false, SIZE_MAX, b);
    CHECK(stop == 4);
    REQUIRE(b.records.size() == 1);
    CHECK(b.field_ends.size() == 2);  // no fields of the incomplete record remain
    stop = scanner.scan(data.data(), data.size(), stop, true, SIZE_MAX, b);
    CHECK(stop == 7);
    REQUIRE(b.records.size() == 2);
    CHECK(b.records[1].begin == 4);
    CHECK(b.records[1].first_field == 2);
    CHECK(fields_of(data, b, 1, {}) == std::vector<std::string>{"c", "d"});
  }
  SECTION("a CR at the end of the buffer waits for a possible LF") {
    Batch b;
    CHECK(scanner.scan("a\r", 2, 0, false, SIZE_MAX, b) == 0);
    CHECK(b.records.empty());
    CHECK(b.field_ends.empty());
    // With the LF in view it is one CRLF terminator.
    CHECK(scanner.scan("a\r\n", 3, 0, false, SIZE_MAX, b) == 3);
    REQUIRE(b.records.size() == 1);
    CHECK(b.records[0].end == 1);
    CHECK(b.records[0].next_begin == 3);
    // At end of input the CR alone ends the record.
    Batch e;
    CHECK(scanner.scan("a\r", 2, 0, true, SIZE_MAX, e) == 2);
    REQUIRE(e.records.size() == 1);
    CHECK(e.records[0].next_begin == 2);
    // A CR followed by another byte needs no wait.
    Batch f;
    CHECK(scanner.scan("a\rb", 3, 0, false, SIZE_MAX, f) == 2);
    CHECK(f.records.size() == 1);
  }
  SECTION("an open quoted field waits") {
    Batch b;
    CHECK(scanner.scan("x\n\"a\nb", 6, 0, false, SIZE_MAX, b) == 2);
    CHECK(b.records.size() == 1);
    CHECK(b.field_ends.size() == 1);
  }
  SECTION("a quoted field closed at the buffer end still waits for its terminator") {
    Batch b;
    CHECK(scanner.scan("\"a\"", 3, 0, false, SIZE_MAX, b) == 0);
    CHECK(b.records.empty());
  }
  SECTION("an incomplete comment line waits") {
    Scanner cs{with_comment('#')};
    Batch b;
    CHECK(cs.scan("#abc", 4, 0, false, SIZE_MAX, b) == 0);
    CHECK(cs.scan("#abc\r", 5, 0, false, SIZE_MAX, b) == 0);
    CHECK(b.records.empty());
    CHECK(cs.scan("#abc\r\n", 6, 0, false, SIZE_MAX, b) == 6);
    REQUIRE(b.records.size() == 1);
    CHECK(b.records[0].next_begin == 6);
  }
  SECTION("scanning from a position inside the buffer") {
    std::string data = "skip\nx,y\n";
    Batch b;
    CHECK(scanner.scan(data.data(), data.size(), 5, true, SIZE_MAX, b) == data.size());
    REQUIRE(b.records.size() == 1);
    CHECK(b.records[0].begin == 5);
    CHECK(fields_of(data, b, 0, {}) == std::vector<std::string>{"x", "y"});
  }
}

TEST_CASE("scanner: max_records bounds one call", "[csv-scanner]") {
  Scanner scanner{Dialect{}};
  std::string data = "a\nb\nc\n";
  Batch b;
  CHECK(scanner.scan(data.data(), data.size(), 0, true, 0, b) == 0);
  CHECK(b.records.empty());
  CHECK(scanner.scan(data.data(), data.size(), 0, true, 2, b) == 4);
  CHECK(b.records.size() == 2);
  CHECK(scanner.scan(data.data(), data.size(), 4, true, 2, b) == 6);
  REQUIRE(b.records.size() == 3);
  CHECK(b.records[2].begin == 4);
  CHECK(b.records[2].first_field == 2);
  // Comment lines are records too and count against the bound.
  Scanner cs{with_comment('#')};
  Batch c;
  CHECK(cs.scan("#1\n#2\nx\n", 8, 0, true, 1, c) == 3);
  CHECK(c.records.size() == 1);
}

TEST_CASE("scanner: dialect delimiter and quote character", "[csv-scanner]") {
  Dialect semi;
  semi.delimiter = ';';
  CHECK(rows_of("a;b,c;\"d;e\"\n", semi) == Rows{{"a", "b,c", "d;e"}});
  Dialect tsv = Dialect::tsv();
  CHECK(rows_of("a\tb c\t\"x\ty\"\n", tsv) == Rows{{"a", "b c", "x\ty"}});
  Dialect single;
  single.quote_char = '\'';
  CHECK(rows_of("'a,b','it''s',\"c\"\n", single) == Rows{{"a,b", "it's", "\"c\""}});
}

TEST_CASE("scanner: doubleQuote false", "[csv-scanner]") {
  Dialect d;
  d.double_quote = false;
  // The second quote ends the quoted part; the rest is appended literally.
  CHECK(rows_of("\"a\"\"b\",c\n", d) == Rows{{"a\"b\"", "c"}});
  // A quote then a delimiter ends the field as usual.
  CHECK(rows_of("\"a,b\",c\n", d) == Rows{{"a,b", "c"}});
  // With an escape character, escaped quotes stay inside.
  Dialect e = d;
  e.escape_char = '\\';
  CHECK(rows_of("\"a\\\"b\",c\n", e) == Rows{{"a\"b", "c"}});
}

TEST_CASE("scanner: escapeChar", "[csv-scanner]") {
  Dialect d = with_escape('\\');
  SECTION("outside quotes") {
    CHECK(rows_of("a\\,b,c\n", d) == Rows{{"a,b", "c"}});
    CHECK(rows_of("a\\\\b,c\n", d) == Rows{{"a\\b", "c"}});
    CHECK(rows_of("\\\"a,b\n", d) == Rows{{"\"a", "b"}});  // an escaped quote does not open quotes
    CHECK(rows_of("a\\\nb,c\nd\n", d) == Rows{{"a\nb", "c"}, {"d"}});
    CHECK(rows_of("a\\\r\nb\nd\n", d) == Rows{{"a\r\nb"}, {"d"}});
  }
  SECTION("inside quotes") {
    CHECK(rows_of("\"a\\\"b\",c\n", d) == Rows{{"a\"b", "c"}});
    CHECK(rows_of("\"a\\\\\",c\n", d) == Rows{{"a\\", "c"}});
    CHECK(rows_of("\"a\"\"b\"\n", d) == Rows{{"a\"b"}});  // doubled quotes still work
  }
  SECTION("a dangling escape at the end of input keeps the escape character") {
    CHECK(rows_of("a\\", d) == Rows{{"a\\"}});
  }
  SECTION("without an escape character the backslash is ordinary") {
    CHECK(rows_of("a\\,b\n") == Rows{{"a\\", "b"}});
  }
}

TEST_CASE("scanner: skipInitialSpace", "[csv-scanner]") {
  Dialect d;
  d.skip_initial_space = true;
  CHECK(rows_of("a, b,  \"c,d\", e f \n", d) == Rows{{"a", "b", "c,d", "e f "}});
  // Without it, the spaces stay and the quote after them is literal, so the comma splits.
  CHECK(rows_of("a, b,  \"c,d\"\n") == Rows{{"a", " b", "  \"c", "d\""}});
  // Only spaces: the field is empty.
  CHECK(rows_of("   ,x\n", d) == Rows{{"", "x"}});
}

TEST_CASE("scanner: appending to a batch keeps earlier records", "[csv-scanner]") {
  Scanner scanner{Dialect{}};
  std::string one = "a,b\n";
  std::string two = "c,d,e\n";
  Batch b;
  scanner.scan(one.data(), one.size(), 0, true, SIZE_MAX, b);
  scanner.scan(two.data(), two.size(), 0, true, SIZE_MAX, b);
  REQUIRE(b.records.size() == 2);
  CHECK(b.records[1].first_field == 2);
  CHECK(b.records[1].field_count == 3);
  CHECK(b.field_ends.size() == 5);
  b.clear();
  CHECK(b.records.empty());
  CHECK(b.field_ends.empty());
}

TEST_CASE("decode_field: fast paths and rewriting", "[csv-scanner]") {
  Dialect d;
  std::string scratch = "untouched";
  SECTION("a plain field is returned as a view of the input") {
    std::string_view raw = "abc";
    std::string_view v = decode_field(raw, d, scratch);
    CHECK(v == "abc");
    CHECK(v.data() == raw.data());
  }
  SECTION("a simple quoted field is the inside of the quotes, without copying") {
    std::string_view raw = "\"a,b\"";
    std::string_view v = decode_field(raw, d, scratch);
    CHECK(v == "a,b");
    CHECK(v.data() == raw.data() + 1);
  }
  SECTION("rewriting cases") {
    CHECK(decoded("") == "");
    CHECK(decoded("\"\"") == "");
    CHECK(decoded("\"") == "");  // an unterminated empty quote
    CHECK(decoded("\"a\"\"b\"") == "a\"b");
    CHECK(decoded("\"a\"b") == "ab");
    CHECK(decoded("\"a\"b\"") == "ab\"");
    CHECK(decoded("\"\"\"\"") == "\"");
    CHECK(decoded("a\"b") == "a\"b");
    CHECK(decoded("\"abc") == "abc");
  }
  SECTION("initial spaces") {
    Dialect s;
    s.skip_initial_space = true;
    CHECK(decoded("  a b", s) == "a b");
    CHECK(decoded("  \"x\"\"y\"", s) == "x\"y");
    CHECK(decoded("   ", s) == "");
    CHECK(decoded("  a b") == "  a b");
  }
  SECTION("escapes") {
    Dialect e = with_escape('\\');
    CHECK(decoded("a\\,b", e) == "a,b");
    CHECK(decoded("\"a\\\"b\"", e) == "a\"b");
    CHECK(decoded("\\\\", e) == "\\");
    CHECK(decoded("ab\\", e) == "ab\\");
  }
}

TEST_CASE("is_blank_record: which records are blank", "[csv-scanner]") {
  CHECK(blank("\n"));
  CHECK(blank(","));
  CHECK(blank(",,\n"));
  CHECK(blank("\"\",\"\"\n"));
  CHECK(blank("\"\",,\"\""));
  CHECK_FALSE(blank("a"));
  CHECK_FALSE(blank(",a,"));
  CHECK_FALSE(blank("\"\"\"\"\n"));  // a single quote character
  CHECK_FALSE(blank(" ,\n"));
  CHECK_FALSE(blank("\"\" \n"));     // a space after the closing quote is content
  Dialect s;
  s.skip_initial_space = true;
  CHECK(blank(" ,   \"\"\n", s));
  CHECK(blank("     \n", s));
  CHECK_FALSE(blank("  x", s));
}

// ---- property test ------------------------------------------------------------------------------

namespace {

// An independent reader of the default dialect (comma, double quote, doubled quotes), written in
// the simplest way: one field at a time, a quoted part then any literal rest.
Rows reference_split(std::string_view s) {
  Rows rows;
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    std::vector<std::string> rec;
    while (true) {
      std::string f;
      if (i < n && s[i] == '"') {
        ++i;
        while (i < n) {
          if (s[i] == '"') {
            if (i + 1 < n && s[i + 1] == '"') {
              f += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          f += s[i++];
        }
      }
      while (i < n && s[i] != ',' && s[i] != '\n' && s[i] != '\r') f += s[i++];
      rec.push_back(f);
      if (i < n && s[i] == ',') {
        ++i;
        continue;
      }
      break;
    }
    if (i < n) i += (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') ? std::size_t{2} : std::size_t{1};
    rows.push_back(rec);
  }
  return rows;
}

struct Generated {
  std::string text;
  Rows rows;                               // the fields as generated
  std::vector<std::uint64_t> begins;       // byte offset of each record
  std::vector<std::uint32_t> line_breaks;  // breaks inside each record's quoted fields
};

Generated generate(std::mt19937& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  Generated g;
  const int records = 1 + pick(12);
  for (int r = 0; r < records; ++r) {
    g.begins.push_back(g.text.size());
    std::vector<std::string> fields;
    std::uint32_t breaks = 0;
    const int count = 1 + pick(5);
    for (int k = 0; k < count; ++k) {
      if (k) g.text += ',';
      std::string value;
      const bool quoted = pick(2) == 0 || count == 1;  // a lone empty field must be quoted
      const int len = pick(7);
      if (quoted) {
        g.text += '"';
        for (int c = 0; c < len; ++c) {
          switch (pick(9)) {
            case 0: g.text += "\"\""; value += '"'; break;
            case 1: g.text += ','; value += ','; break;
            case 2: g.text += '\n'; value += '\n'; break;
            case 3: g.text += "\r\n"; value += "\r\n"; break;
            case 4: g.text += '\r'; value += '\r'; break;
            case 5: g.text += ' '; value += ' '; break;
            case 6: g.text += "\xC3\xA9"; value += "\xC3\xA9"; break;
            default: g.text += 'a'; value += 'a'; break;
          }
        }
        g.text += '"';
        // Physical line breaks in the quoted part: LF, and CR unless an LF follows (a CR then an
        // LF written separately still read as one CRLF).
        for (std::size_t c = 0; c < value.size(); ++c) {
          if (value[c] == '\n' || (value[c] == '\r' && (c + 1 == value.size() || value[c + 1] != '\n'))) ++breaks;
        }
        // Sometimes text after the closing quote, which is appended (quotes there are literal).
        if (pick(6) == 0) {
          g.text += "x\"";
          value += "x\"";
        }
      } else {
        for (int c = 0; c < len; ++c) {
          // Never a quote first: that would open a quoted field.
          char ch = "ab '\""[pick(c == 0 ? 4 : 5)];
          g.text += ch;
          value += ch;
        }
      }
      fields.push_back(value);
    }
    g.rows.push_back(fields);
    g.line_breaks.push_back(breaks);
    const bool last = r + 1 == records;
    if (last && pick(3) == 0) break;  // the last record may lack a terminator
    static const char* const terminators[] = {"\n", "\r\n", "\r"};
    g.text += terminators[pick(3)];
  }
  return g;
}

}  // namespace

TEST_CASE("scanner: property test against a reference splitter on generated records", "[csv-scanner]") {
  std::mt19937 rng(20240611);
  const Dialect d;
  const Scanner scanner(d);
  for (int iteration = 0; iteration < 1500; ++iteration) {
    Generated g = generate(rng);
    INFO("input: " << g.text);

    // The reference and the generator agree (this checks the reference, not the scanner).
    REQUIRE(reference_split(g.text) == g.rows);

    // One call over the whole input.
    Batch b = scan_all(g.text, d);
    REQUIRE(b.records.size() == g.rows.size());
    for (std::size_t r = 0; r < b.records.size(); ++r) {
      CHECK(fields_of(g.text, b, r, d) == g.rows[r]);
      CHECK(b.records[r].begin == g.begins[r]);
      CHECK(b.records[r].line_breaks == g.line_breaks[r]);
      CHECK((b.records[r].flags & ~flag::terminated) == 0);
    }

    // The same input arriving in random slices: every record comes out once, identically.
    Batch inc;
    std::size_t pos = 0;
    std::size_t visible = 0;
    while (pos < g.text.size()) {
      visible = std::min(g.text.size(), visible + 1 + rng() % 9);
      const bool eof = visible == g.text.size();
      pos = scanner.scan(g.text.data(), visible, pos, eof, 1 + rng() % 3, inc);
      if (eof) {
        // Finish at end of input with whatever is left.
        pos = scanner.scan(g.text.data(), visible, pos, true, SIZE_MAX, inc);
      }
    }
    REQUIRE(inc.records.size() == b.records.size());
    for (std::size_t r = 0; r < b.records.size(); ++r) {
      CHECK(inc.records[r].begin == b.records[r].begin);
      CHECK(inc.records[r].end == b.records[r].end);
      CHECK(inc.records[r].next_begin == b.records[r].next_begin);
      CHECK(inc.records[r].flags == b.records[r].flags);
      CHECK(inc.records[r].line_breaks == b.records[r].line_breaks);
      CHECK(fields_of(g.text, inc, r, d) == g.rows[r]);
    }
  }
}
