// Unit tests for the lexical value parsers (src/check/values.hpp) and the per-cell checks
// (src/check/cell_check.hpp). Every expected value is worked out by hand from Table Schema,
// RFC 3339, RFC 3629 or the Gregorian calendar, never by calling the code under test.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <limits>
#include <regex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "check/cell_check.hpp"
#include "check/values.hpp"
#include "rowguard/plan.hpp"
#include "rowguard/schema.hpp"

using rowguard::detail::Instant;
using rowguard::detail::ParseStatus;

namespace Catch {
template <>
struct StringMaker<ParseStatus> {
  static std::string convert(ParseStatus s) {
    switch (s) {
      case ParseStatus::ok: return "ok";
      case ParseStatus::invalid: return "invalid";
      case ParseStatus::out_of_range: return "out_of_range";
    }
    return "?";
  }
};
template <>
struct StringMaker<Instant> {
  static std::string convert(const Instant& t) {
    return "{" + std::to_string(t.seconds) + "s, " + std::to_string(t.nanos) + "ns}";
  }
};
template <>
struct StringMaker<rowguard::detail::TypeProblem> {
  static std::string convert(rowguard::detail::TypeProblem p) {
    return "TypeProblem#" + std::to_string(static_cast<int>(p));
  }
};
}  // namespace Catch

namespace {

namespace rd = rowguard::detail;

// xorshift64: a small, seeded generator for the generated-input tests.
struct XorShift {
  std::uint64_t state;
  std::uint64_t operator()() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  }
};

// Unix time of 2024-01-01T00:00:00Z: 54 years of 365 days since 1970 plus 13 leap days
// (1972..2020), i.e. 19723 days of 86400 s.
constexpr std::int64_t days_2024_01_01 = 19723;
constexpr std::int64_t unix_2024_01_01 = days_2024_01_01 * 86400;  // 1704067200

ParseStatus int_status(std::string_view text) {
  std::int64_t v = 0;
  return rd::parse_int64(text, v);
}

ParseStatus double_status(std::string_view text) {
  double v = 0;
  return rd::parse_double(text, v);
}

ParseStatus date_status(std::string_view text) {
  std::int64_t v = 0;
  return rd::parse_iso_date(text, v);
}

ParseStatus datetime_status(std::string_view text) {
  Instant t;
  return rd::parse_iso_datetime(text, t);
}

Instant instant_of(std::string_view text) {
  Instant t;
  INFO("datetime: " << text);
  REQUIRE(rd::parse_iso_datetime(text, t) == ParseStatus::ok);
  return t;
}

std::int64_t date_of(std::string_view text) {
  std::int64_t days = 0;
  INFO("date: " << text);
  REQUIRE(rd::parse_iso_date(text, days) == ParseStatus::ok);
  return days;
}

const std::string replacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

}  // namespace

// ---- integers --------------------------------------------------------------------------------

TEST_CASE("parse_int64 reads signed decimal integers", "[values]") {
  std::int64_t v = -1;
  CHECK(rd::parse_int64("0", v) == ParseStatus::ok);
  CHECK(v == 0);
  CHECK(rd::parse_int64("42", v) == ParseStatus::ok);
  CHECK(v == 42);
  CHECK(rd::parse_int64("+42", v) == ParseStatus::ok);
  CHECK(v == 42);
  CHECK(rd::parse_int64("-42", v) == ParseStatus::ok);
  CHECK(v == -42);
  CHECK(rd::parse_int64("-0", v) == ParseStatus::ok);
  CHECK(v == 0);
  CHECK(rd::parse_int64("007", v) == ParseStatus::ok);
  CHECK(v == 7);
  CHECK(rd::parse_int64("00000000000000000000000001", v) == ParseStatus::ok);
  CHECK(v == 1);
}

TEST_CASE("parse_int64 is exact at the int64 boundaries", "[values]") {
  std::int64_t v = 0;
  CHECK(rd::parse_int64("9223372036854775807", v) == ParseStatus::ok);
  CHECK(v == std::numeric_limits<std::int64_t>::max());
  CHECK(rd::parse_int64("+9223372036854775807", v) == ParseStatus::ok);
  CHECK(v == std::numeric_limits<std::int64_t>::max());
  CHECK(rd::parse_int64("-9223372036854775808", v) == ParseStatus::ok);
  CHECK(v == std::numeric_limits<std::int64_t>::min());
  CHECK(rd::parse_int64("-9223372036854775807", v) == ParseStatus::ok);
  CHECK(v == std::numeric_limits<std::int64_t>::min() + 1);

  CHECK(int_status("9223372036854775808") == ParseStatus::out_of_range);
  CHECK(int_status("+9223372036854775808") == ParseStatus::out_of_range);
  CHECK(int_status("-9223372036854775809") == ParseStatus::out_of_range);
  // Past uint64 as well: 2^64 and far beyond.
  CHECK(int_status("18446744073709551615") == ParseStatus::out_of_range);
  CHECK(int_status("18446744073709551616") == ParseStatus::out_of_range);
  CHECK(int_status("-18446744073709551616") == ParseStatus::out_of_range);
  CHECK(int_status("99999999999999999999999999999999999999") == ParseStatus::out_of_range);
}

TEST_CASE("parse_int64 leaves the output alone on failure", "[values]") {
  std::int64_t v = 123;
  CHECK(rd::parse_int64("abc", v) == ParseStatus::invalid);
  CHECK(v == 123);
  CHECK(rd::parse_int64("9223372036854775808", v) == ParseStatus::out_of_range);
  CHECK(v == 123);
}

TEST_CASE("parse_int64 rejects everything that is not sign + digits", "[values]") {
  for (std::string_view text : {"", "+", "-", " 1", "1 ", " ", "1 2", "1.0", "1.", ".1", "1e3", "0x10",
                                "+-1", "-+1", "--1", "++1", "1-", "1,000", "1_000", "abc", "NaN", "INF",
                                "\t1", "1\n", "١"}) {
    INFO("text: \"" << text << "\"");
    CHECK(int_status(text) == ParseStatus::invalid);
  }
  // A non-digit after an overflowing prefix is still a syntax error, not a range error.
  CHECK(int_status("99999999999999999999x") == ParseStatus::invalid);
}

// ---- numbers ---------------------------------------------------------------------------------

TEST_CASE("parse_double reads decimal and exponent notation", "[values]") {
  struct Case {
    std::string_view text;
    double value;
  };
  const Case cases[] = {
      {"0", 0.0},        {"1", 1.0},          {"-1", -1.0},        {"+1", 1.0},        {"1.5", 1.5},
      {"-1.5", -1.5},    {"+1.5", 1.5},       {"1.", 1.0},         {".5", 0.5},        {"-.5", -0.5},
      {"+.5", 0.5},      {"1e3", 1000.0},     {"1E3", 1000.0},     {"1e+3", 1000.0},   {"1e-3", 0.001},
      {"2.5E-1", 0.25},  {"-2.5e2", -250.0},  {"0.01", 0.01},      {"007.25", 7.25},   {"1.e2", 100.0},
      {"123456789012", 123456789012.0},       {"9007199254740993", 9007199254740992.0},  // ties to even
  };
  for (const auto& c : cases) {
    INFO("text: " << c.text);
    double v = -42;
    REQUIRE(rd::parse_double(c.text, v) == ParseStatus::ok);
    CHECK(v == c.value);
  }
  double neg_zero = 1;
  REQUIRE(rd::parse_double("-0", neg_zero) == ParseStatus::ok);
  CHECK(neg_zero == 0.0);
  CHECK(std::signbit(neg_zero));
}

TEST_CASE("parse_double accepts exactly the Table Schema spellings of NaN and infinity", "[values]") {
  double v = 0;
  REQUIRE(rd::parse_double("NaN", v) == ParseStatus::ok);
  CHECK(std::isnan(v));
  REQUIRE(rd::parse_double("INF", v) == ParseStatus::ok);
  CHECK(v == std::numeric_limits<double>::infinity());
  REQUIRE(rd::parse_double("+INF", v) == ParseStatus::ok);
  CHECK(v == std::numeric_limits<double>::infinity());
  REQUIRE(rd::parse_double("-INF", v) == ParseStatus::ok);
  CHECK(v == -std::numeric_limits<double>::infinity());

  for (std::string_view text : {"nan", "NAN", "-NaN", "+NaN", "inf", "Inf", "-inf", "+inf", "infinity",
                                "Infinity", "-Infinity", "INFINITY", "INF ", " INF", "NaN1", "INFx"}) {
    INFO("text: " << text);
    CHECK(double_status(text) == ParseStatus::invalid);
  }
}

TEST_CASE("parse_double rejects malformed numbers", "[values]") {
  for (std::string_view text : {"", "+", "-", ".", "+.", "-.", "e3", ".e3", "1e", "1e+", "1e-", "1.5.2",
                                "1..5", "--1", "++1", "+-1", "-+1", "1-", " 1", "1 ", "1 000", "1,5",
                                "1,000.5", "0x1p3", "0x10", "abc", "1a", "$1", "1%", "\t1", "1\n",
                                "1e3.5", "e"}) {
    INFO("text: \"" << text << "\"");
    CHECK(double_status(text) == ParseStatus::invalid);
  }
}

TEST_CASE("parse_double agrees with strtod on generated decimals of every length", "[values]") {
  // The oracle: the JSON-like decimal grammar Table Schema numbers follow, written as a regular
  // expression, and glibc's correctly rounded strtod for the value. Strings of 1 to 20 characters,
  // mostly digits, with signs, points and exponents anywhere, so that every position of the
  // two-word fast path holds each of them.
  const std::regex grammar(R"([+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?)");
  const std::string rare = ".-+eE x";
  XorShift next{0x2545F4914F6CDD1DULL};
  std::size_t accepted = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string s;
    const std::size_t length = 1 + next() % 20;
    for (std::size_t k = 0; k < length; ++k) {
      s += next() % 8 == 0 ? rare[next() % rare.size()] : static_cast<char>('0' + next() % 10);
    }
    double ours = 0;
    const ParseStatus status = rd::parse_double(s, ours);
    INFO("text: \"" << s << "\"");
    const bool valid = std::regex_match(s, grammar);
    REQUIRE((status == ParseStatus::ok) == valid);
    if (!valid) continue;
    ++accepted;
    const double expected = std::strtod(s.c_str(), nullptr);
    REQUIRE(std::signbit(ours) == std::signbit(expected));
    REQUIRE(ours == expected);
  }
  CHECK(accepted > 50000);
}

TEST_CASE("parse_double turns out-of-range magnitudes into infinity or zero", "[values]") {
  double v = 0;
  REQUIRE(rd::parse_double("1e400", v) == ParseStatus::ok);
  CHECK(v == std::numeric_limits<double>::infinity());
  REQUIRE(rd::parse_double("-1e400", v) == ParseStatus::ok);
  CHECK(v == -std::numeric_limits<double>::infinity());
  v = 1;
  REQUIRE(rd::parse_double("1e-400", v) == ParseStatus::ok);
  CHECK(v == 0.0);
  v = 1;
  REQUIRE(rd::parse_double("-1e-400", v) == ParseStatus::ok);
  CHECK(v == 0.0);
  CHECK(std::signbit(v));
  // The largest finite double is still finite.
  REQUIRE(rd::parse_double("1.7976931348623157e308", v) == ParseStatus::ok);
  CHECK(v == std::numeric_limits<double>::max());
}

// ---- calendar --------------------------------------------------------------------------------

TEST_CASE("days_from_civil counts days from 1970-01-01", "[values]") {
  CHECK(rd::days_from_civil(1970, 1, 1) == 0);
  CHECK(rd::days_from_civil(1970, 1, 2) == 1);
  CHECK(rd::days_from_civil(1969, 12, 31) == -1);
  CHECK(rd::days_from_civil(1971, 1, 1) == 365);
  CHECK(rd::days_from_civil(1973, 1, 1) == 365 + 366 + 365);  // 1972 is a leap year
  // 30 years of 365 days plus the 7 leap days 1972..1996.
  CHECK(rd::days_from_civil(2000, 1, 1) == 10957);
  CHECK(rd::days_from_civil(2000, 3, 1) == 10957 + 31 + 29);
  CHECK(rd::days_from_civil(2024, 1, 1) == days_2024_01_01);
  // Python: date(1, 1, 1).toordinal() == 1 and date(1970, 1, 1).toordinal() == 719163.
  CHECK(rd::days_from_civil(1, 1, 1) == -719162);
  // Python: date(9999, 12, 31).toordinal() == 3652059.
  CHECK(rd::days_from_civil(9999, 12, 31) == 3652059 - 719163);
  // The proleptic calendar continues before year 1: year 0 is a leap year (divisible by 400).
  CHECK(rd::days_from_civil(0, 3, 1) - rd::days_from_civil(0, 2, 28) == 2);
  CHECK(rd::days_from_civil(1, 1, 1) - rd::days_from_civil(0, 1, 1) == 366);
  CHECK(rd::days_from_civil(-1, 1, 1) - rd::days_from_civil(-2, 1, 1) == 365);
}

TEST_CASE("days_from_civil and civil_from_days agree with a day-by-day calendar walk", "[values]") {
  // An independent oracle: walk the Gregorian calendar one day at a time from 0001-01-01 to
  // 9999-12-31 and compare both conversions at every step.
  auto month_days = [](std::int64_t y, unsigned m) -> unsigned {
    static constexpr unsigned table[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29u : table[m - 1];
  };
  std::int64_t year = 1;
  unsigned month = 1, day = 1;
  std::int64_t serial = -719162;
  std::int64_t mismatches = 0;
  std::int64_t steps = 0;
  while (year <= 9999) {
    if (rd::days_from_civil(year, month, day) != serial) ++mismatches;
    std::int64_t y = 0;
    unsigned m = 0, d = 0;
    rd::civil_from_days(serial, y, m, d);
    if (y != year || m != month || d != day) ++mismatches;
    if (!rd::is_valid_date(year, month, day)) ++mismatches;
    ++serial;
    ++steps;
    if (++day > month_days(year, month)) {
      day = 1;
      if (++month > 12) {
        month = 1;
        ++year;
      }
    }
  }
  CHECK(mismatches == 0);
  // 400 years hold 146097 days, so 0001..9999 hold 25 * 146097 - 366 (year 10000 is left out:
  // it would be the leap year 10000).
  CHECK(steps == 25 * 146097 - 366);
}

TEST_CASE("civil_from_days handles dates before the epoch and before year 1", "[values]") {
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  rd::civil_from_days(-1, y, m, d);
  CHECK(y == 1969);
  CHECK(m == 12u);
  CHECK(d == 31u);
  rd::civil_from_days(-719162 - 1, y, m, d);
  CHECK(y == 0);
  CHECK(m == 12u);
  CHECK(d == 31u);
  rd::civil_from_days(-719162 - 366, y, m, d);  // year 0 is a leap year
  CHECK(y == 0);
  CHECK(m == 1u);
  CHECK(d == 1u);
}

TEST_CASE("is_valid_date knows month lengths and leap years", "[values]") {
  CHECK(rd::is_valid_date(2024, 2, 29));
  CHECK_FALSE(rd::is_valid_date(2023, 2, 29));
  CHECK_FALSE(rd::is_valid_date(1900, 2, 29));
  CHECK(rd::is_valid_date(2000, 2, 29));
  CHECK_FALSE(rd::is_valid_date(2100, 2, 29));
  CHECK(rd::is_valid_date(1600, 2, 29));
  CHECK(rd::is_valid_date(2024, 4, 30));
  CHECK_FALSE(rd::is_valid_date(2024, 4, 31));
  CHECK(rd::is_valid_date(2024, 12, 31));
  CHECK_FALSE(rd::is_valid_date(2024, 12, 32));
  CHECK_FALSE(rd::is_valid_date(2024, 0, 1));
  CHECK_FALSE(rd::is_valid_date(2024, 13, 1));
  CHECK_FALSE(rd::is_valid_date(2024, 1, 0));
}

// ---- ISO dates -------------------------------------------------------------------------------

TEST_CASE("parse_iso_date reads YYYY-MM-DD", "[values]") {
  CHECK(date_of("1970-01-01") == 0);
  CHECK(date_of("1969-12-31") == -1);
  CHECK(date_of("2000-01-01") == 10957);
  CHECK(date_of("2024-01-01") == days_2024_01_01);
  CHECK(date_of("2024-02-29") == days_2024_01_01 + 31 + 28);
  CHECK(date_of("2024-03-01") == days_2024_01_01 + 31 + 29);
  CHECK(date_of("2024-12-31") == days_2024_01_01 + 365);
  CHECK(date_of("0001-01-01") == -719162);
  CHECK(date_of("9999-12-31") == 3652059 - 719163);
}

TEST_CASE("parse_iso_date applies Gregorian leap-year rules", "[values]") {
  CHECK(date_status("2000-02-29") == ParseStatus::ok);  // divisible by 400
  CHECK(date_status("1900-02-29") == ParseStatus::invalid);  // divisible by 100, not by 400
  CHECK(date_status("2100-02-29") == ParseStatus::invalid);
  CHECK(date_status("2024-02-29") == ParseStatus::ok);
  CHECK(date_status("2023-02-29") == ParseStatus::invalid);
  CHECK(date_status("2024-02-30") == ParseStatus::invalid);
  CHECK(date_status("0004-02-29") == ParseStatus::ok);
  // 1900-03-01 is the day after 1900-02-28; 2000-03-01 is two days after 2000-02-28.
  CHECK(date_of("1900-03-01") - date_of("1900-02-28") == 1);
  CHECK(date_of("2000-03-01") - date_of("2000-02-28") == 2);
}

TEST_CASE("parse_iso_date checks month and day ranges", "[values]") {
  const char* const last_days[] = {"2023-01-31", "2023-02-28", "2023-03-31", "2023-04-30",
                                   "2023-05-31", "2023-06-30", "2023-07-31", "2023-08-31",
                                   "2023-09-30", "2023-10-31", "2023-11-30", "2023-12-31"};
  const char* const past_end[] = {"2023-01-32", "2023-02-29", "2023-03-32", "2023-04-31",
                                  "2023-05-32", "2023-06-31", "2023-07-32", "2023-08-32",
                                  "2023-09-31", "2023-10-32", "2023-11-31", "2023-12-32"};
  for (const char* text : last_days) {
    INFO(text);
    CHECK(date_status(text) == ParseStatus::ok);
  }
  for (const char* text : past_end) {
    INFO(text);
    CHECK(date_status(text) == ParseStatus::invalid);
  }
  CHECK(date_status("2023-00-10") == ParseStatus::invalid);
  CHECK(date_status("2023-13-10") == ParseStatus::invalid);
  CHECK(date_status("2023-01-00") == ParseStatus::invalid);
  CHECK(date_status("2023-99-99") == ParseStatus::invalid);
}

TEST_CASE("parse_iso_date rejects year 0000 and malformed text", "[values]") {
  CHECK(date_status("0000-01-01") == ParseStatus::invalid);
  for (std::string_view text : {"", "2024", "2024-01", "2024-1-01", "2024-01-1", "24-01-01", "02024-01-01",
                                "2024-01-011", "2024-01-01 ", " 2024-01-01", "2024/01/01", "2024.01.01",
                                "20240101", "2024-01-01T00:00:00", "+2024-01-01", "-2024-01-01",
                                "2a24-01-01", "2024-0a-01", "2024-01-0a", "2024--1-01", "2024-01--1",
                                "2024_01_01"}) {
    INFO("text: \"" << text << "\"");
    CHECK(date_status(text) == ParseStatus::invalid);
  }
}

// ---- RFC 3339 datetimes ----------------------------------------------------------------------

TEST_CASE("parse_iso_datetime reads RFC 3339 timestamps", "[values]") {
  CHECK(instant_of("1970-01-01T00:00:00Z") == Instant{0, 0});
  CHECK(instant_of("1969-12-31T23:59:59Z") == Instant{-1, 0});
  CHECK(instant_of("2024-01-01T00:00:00Z") == Instant{unix_2024_01_01, 0});
  // 12:34:56 is 45296 seconds into the day.
  CHECK(instant_of("2024-01-01T12:34:56Z") == Instant{unix_2024_01_01 + 45296, 0});
  CHECK(instant_of("2024-01-01T23:59:59Z") == Instant{unix_2024_01_01 + 86399, 0});
  // Without an offset the time is taken as UTC.
  CHECK(instant_of("2024-01-01T12:34:56") == Instant{unix_2024_01_01 + 45296, 0});
}

TEST_CASE("parse_iso_datetime accepts T, t and space as the separator", "[values]") {
  const Instant expected{unix_2024_01_01 + 3661, 0};
  CHECK(instant_of("2024-01-01T01:01:01Z") == expected);
  CHECK(instant_of("2024-01-01t01:01:01Z") == expected);
  CHECK(instant_of("2024-01-01 01:01:01Z") == expected);
  CHECK(instant_of("2024-01-01t01:01:01z") == expected);
  CHECK(datetime_status("2024-01-01_01:01:01Z") == ParseStatus::invalid);
  CHECK(datetime_status("2024-01-01x01:01:01Z") == ParseStatus::invalid);
  CHECK(datetime_status("2024-01-0101:01:01Z") == ParseStatus::invalid);
}

TEST_CASE("parse_iso_datetime reads fractional seconds to the nanosecond", "[values]") {
  CHECK(instant_of("2024-01-01T00:00:00.5Z") == Instant{unix_2024_01_01, 500000000});
  CHECK(instant_of("2024-01-01T00:00:00.123Z") == Instant{unix_2024_01_01, 123000000});
  CHECK(instant_of("2024-01-01T00:00:00.000001Z") == Instant{unix_2024_01_01, 1000});
  CHECK(instant_of("2024-01-01T00:00:00.000000001Z") == Instant{unix_2024_01_01, 1});
  CHECK(instant_of("2024-01-01T00:00:00.999999999Z") == Instant{unix_2024_01_01, 999999999});
  // Digits past the ninth are below a nanosecond and dropped.
  CHECK(instant_of("2024-01-01T00:00:00.1234567891234Z") == Instant{unix_2024_01_01, 123456789});
  CHECK(instant_of("2024-01-01T00:00:00.25") == Instant{unix_2024_01_01, 250000000});
  CHECK(instant_of("2024-01-01T00:00:00.25+01:00") == Instant{unix_2024_01_01 - 3600, 250000000});
  CHECK(datetime_status("2024-01-01T00:00:00.Z") == ParseStatus::invalid);
  CHECK(datetime_status("2024-01-01T00:00:00.") == ParseStatus::invalid);
  CHECK(datetime_status("2024-01-01T00:00:00.5.5Z") == ParseStatus::invalid);
  CHECK(datetime_status("2024-01-01T00:00:00.a") == ParseStatus::invalid);
}

TEST_CASE("parse_iso_datetime applies Z, +hh:mm, +hhmm and +hh offsets", "[values]") {
  const Instant midnight_utc{unix_2024_01_01, 0};
  CHECK(instant_of("2024-01-01T00:00:00Z") == midnight_utc);
  CHECK(instant_of("2024-01-01T00:00:00z") == midnight_utc);
  CHECK(instant_of("2024-01-01T00:00:00+00:00") == midnight_utc);
  CHECK(instant_of("2024-01-01T00:00:00-00:00") == midnight_utc);
  CHECK(instant_of("2024-01-01T01:00:00+01:00") == midnight_utc);
  CHECK(instant_of("2024-01-01T01:00:00+0100") == midnight_utc);
  CHECK(instant_of("2024-01-01T01:00:00+01") == midnight_utc);
  CHECK(instant_of("2023-12-31T19:00:00-05:00") == midnight_utc);
  CHECK(instant_of("2023-12-31T19:00:00-0500") == midnight_utc);
  CHECK(instant_of("2023-12-31T19:00:00-05") == midnight_utc);
  CHECK(instant_of("2024-01-01T05:30:00+05:30") == midnight_utc);
  CHECK(instant_of("2024-01-01T05:45:00+0545") == midnight_utc);
  CHECK(instant_of("2024-01-01T23:59:00+23:59") == midnight_utc);
  CHECK(instant_of("2023-12-31T00:01:00-23:59") == midnight_utc);
  // Offsets move instants across a leap day.
  CHECK(instant_of("2024-03-01T00:30:00+01:00") == instant_of("2024-02-29T23:30:00Z"));
}

TEST_CASE("parse_iso_datetime instants compare across offsets", "[values]") {
  // Ten o'clock in Paris (+01:00 in winter) is nine UTC, which is earlier than ten UTC.
  Instant paris = instant_of("2024-01-15T10:00:00+01:00");
  Instant utc = instant_of("2024-01-15T10:00:00Z");
  Instant new_york = instant_of("2024-01-15T04:00:00-05:00");
  CHECK(paris < utc);
  CHECK(new_york == paris);
  CHECK(instant_of("2024-01-15T09:00:00.5Z") > paris);
  CHECK(instant_of("2024-01-15T08:59:59.999999999Z") < paris);
}

TEST_CASE("parse_iso_datetime rejects invalid offsets", "[values]") {
  for (std::string_view text :
       {"2024-01-01T00:00:00+", "2024-01-01T00:00:00+1", "2024-01-01T00:00:00+1:00", "2024-01-01T00:00:00+01:0",
        "2024-01-01T00:00:00+010", "2024-01-01T00:00:00+01:000", "2024-01-01T00:00:00+01:00:00",
        "2024-01-01T00:00:00+24:00", "2024-01-01T00:00:00+01:60", "2024-01-01T00:00:00+2400",
        "2024-01-01T00:00:00+ab:cd", "2024-01-01T00:00:00 +01:00", "2024-01-01T00:00:00ZZ",
        "2024-01-01T00:00:00Z ", "2024-01-01T00:00:00UTC", "2024-01-01T00:00:00GMT", "2024-01-01T00:00:00X",
        "2024-01-01T00:00:00*01:00", "2024-01-01T00:00:00+01-00"}) {
    INFO("text: \"" << text << "\"");
    CHECK(datetime_status(text) == ParseStatus::invalid);
  }
}

TEST_CASE("parse_iso_datetime checks hours, minutes and seconds", "[values]") {
  CHECK(datetime_status("2024-01-01T23:59:59Z") == ParseStatus::ok);
  CHECK(datetime_status("2024-01-01T24:00:00Z") == ParseStatus::invalid);
  CHECK(datetime_status("2024-01-01T25:00:00Z") == ParseStatus::invalid);
  CHECK(datetime_status("2024-01-01T00:60:00Z") == ParseStatus::invalid);
  CHECK(datetime_status("2024-01-01T00:00:61Z") == ParseStatus::invalid);
  CHECK(datetime_status("2024-01-01T99:99:99Z") == ParseStatus::invalid);
  // RFC 3339 allows a leap second; it reads as 60 seconds past the minute.
  CHECK(instant_of("2016-12-31T23:59:60Z").seconds == instant_of("2016-12-31T23:59:59Z").seconds + 1);
  CHECK(instant_of("2016-12-31T23:59:60Z") == instant_of("2017-01-01T00:00:00Z"));
}

TEST_CASE("parse_iso_datetime rejects malformed text", "[values]") {
  for (std::string_view text :
       {"", "2024-01-01", "2024-01-01T", "2024-01-01T00:00", "2024-01-01T00:00Z", "2024-01-01T0:00:00Z",
        "2024-01-01T00:0:00Z", "2024-01-01T00:00:0Z", "2024-01-01T00-00-00Z", "2024-01-01T000000Z",
        "2024-1-01T00:00:00Z", "0000-01-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z",
        "2024-01-01T0a:00:00Z", "2024-01-01T00:0a:00Z", "2024-01-01T00:00:0aZ", " 2024-01-01T00:00:00Z",
        "2024-01-01T00:00:00 ", "2024-01-01T00:00:00Zjunk"}) {
    INFO("text: \"" << text << "\"");
    CHECK(datetime_status(text) == ParseStatus::invalid);
  }
}

namespace {
// A plain reading of the fixed part "YYYY-MM-DDThh:mm:ss" of an RFC 3339 datetime, byte by byte,
// with the Gregorian calendar's month lengths: the reference for the checks below.
bool reference_fixed_part(std::string_view t) {
  if (t.size() < 19) return false;
  auto digits = [&](std::size_t at, std::size_t n, unsigned& value) {
    value = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      value = value * 10 + static_cast<unsigned>(t[i] - '0');
    }
    return true;
  };
  unsigned year, month, day, hour, minute, second;
  if (!digits(0, 4, year) || t[4] != '-' || !digits(5, 2, month) || t[7] != '-' || !digits(8, 2, day) ||
      (t[10] != 'T' && t[10] != 't' && t[10] != ' ') || !digits(11, 2, hour) || t[13] != ':' ||
      !digits(14, 2, minute) || t[16] != ':' || !digits(17, 2, second)) {
    return false;
  }
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const unsigned lengths[12] = {31, leap ? 29u : 28u, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= lengths[month - 1] && hour <= 23 &&
         minute <= 59 && second <= 60;
}
}  // namespace

TEST_CASE("datetimes with any byte of their fixed part replaced are judged as a plain reading judges them",
          "[values]") {
  // Every byte value at each of the 19 positions, after which the usual tails follow.
  std::size_t valid = 0;
  for (std::string_view tail : {"Z", "z", "", ".123Z", "+05:30"}) {
    for (std::size_t at = 0; at < 19; ++at) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string text = std::string("2024-02-29T23:59:60") + std::string(tail);
        text[at] = static_cast<char>(byte);
        const bool expected = reference_fixed_part(text);
        INFO("text: \"" << text << "\"");
        CHECK((datetime_status(text) == ParseStatus::ok) == expected);
        CHECK(rd::is_iso_datetime(text) == expected);
        valid += expected ? 1 : 0;
      }
    }
  }
  // Each position has its own set of accepted bytes (ten digits, one or three separators), but
  // 2024 -> 2025..2029, 2100, ... breaks 29 February, and 23 -> 24-29 or 60 -> 61-69 break the time.
  CHECK(valid > 5 * 19);
}

TEST_CASE("dates of every month and day in leap and common years are judged by the calendar", "[values]") {
  for (unsigned year : {0u, 1u, 4u, 100u, 400u, 1900u, 1999u, 2000u, 2023u, 2024u, 2100u, 2400u, 9996u, 9999u}) {
    for (unsigned month = 0; month <= 19; ++month) {
      for (unsigned day = 0; day <= 39; ++day) {
        char text[32];
        std::snprintf(text, sizeof text, "%04u-%02u-%02uT12:00:00Z", year, month, day);
        INFO("text: " << text);
        CHECK((datetime_status(text) == ParseStatus::ok) == reference_fixed_part(text));
        CHECK(rd::is_iso_datetime(text) == reference_fixed_part(text));
        std::int64_t days = 0;
        CHECK((rd::parse_iso_date(std::string_view(text, 10), days) == ParseStatus::ok) == reference_fixed_part(text));
      }
    }
  }
}

// ---- strptime-style formats ------------------------------------------------------------------

namespace {

ParseStatus fmt_date(const char* format, std::string_view text, std::int64_t& days) {
  rd::TemporalFormat f(format);
  return f.parse_date(text, days);
}

ParseStatus fmt_date_status(const char* format, std::string_view text) {
  std::int64_t days = 0;
  return fmt_date(format, text, days);
}

std::int64_t fmt_date_of(const char* format, std::string_view text) {
  std::int64_t days = 0;
  INFO("format " << format << ", text " << text);
  REQUIRE(fmt_date(format, text, days) == ParseStatus::ok);
  return days;
}

Instant fmt_instant_of(const char* format, std::string_view text) {
  rd::TemporalFormat f(format);
  Instant t;
  INFO("format " << format << ", text " << text);
  REQUIRE(f.parse_datetime(text, t) == ParseStatus::ok);
  return t;
}

ParseStatus fmt_datetime_status(const char* format, std::string_view text) {
  rd::TemporalFormat f(format);
  Instant t;
  return f.parse_datetime(text, t);
}

}  // namespace

TEST_CASE("TemporalFormat %Y %m %d read calendar dates", "[values]") {
  CHECK(fmt_date_of("%Y-%m-%d", "2024-02-29") == days_2024_01_01 + 59);
  CHECK(fmt_date_of("%d/%m/%Y", "29/02/2024") == days_2024_01_01 + 59);
  CHECK(fmt_date_of("%m/%d/%Y", "02/29/2024") == days_2024_01_01 + 59);
  CHECK(fmt_date_of("%d.%m.%Y", "1.2.2024") == days_2024_01_01 + 31);  // one-digit day and month
  CHECK(fmt_date_of("%Y%m%d", "20240101") == days_2024_01_01);
  CHECK(fmt_date_status("%d/%m/%Y", "30/02/2024") == ParseStatus::invalid);
  CHECK(fmt_date_status("%d/%m/%Y", "29/02/2023") == ParseStatus::invalid);
  CHECK(fmt_date_status("%d/%m/%Y", "01/13/2024") == ParseStatus::invalid);
  CHECK(fmt_date_status("%d/%m/%Y", "00/01/2024") == ParseStatus::invalid);
  CHECK(fmt_date_status("%d/%m/%Y", "01/00/2024") == ParseStatus::invalid);
  CHECK(fmt_date_status("%d/%m/%Y", "01/01/0000") == ParseStatus::invalid);
  CHECK(fmt_date_status("%d/%m/%Y", "01/01/24") == ParseStatus::invalid);  // %Y wants four digits
  CHECK(fmt_date_status("%d/%m/%Y", "2024-01-01") == ParseStatus::invalid);
  CHECK(fmt_date_status("%d/%m/%Y", "01-01-2024") == ParseStatus::invalid);  // literal mismatch
  CHECK(fmt_date_status("%d/%m/%Y", "01/01/2024 ") == ParseStatus::invalid);  // trailing text
  CHECK(fmt_date_status("%d/%m/%Y", "01/01/") == ParseStatus::invalid);      // text too short
  CHECK(fmt_date_status("%d/%m/%Y", "") == ParseStatus::invalid);
  CHECK(fmt_date_status("%d/%m/%Y", "aa/01/2024") == ParseStatus::invalid);
}

TEST_CASE("TemporalFormat %y uses the POSIX century pivot", "[values]") {
  // POSIX strptime: 69-99 are 1969-1999, 00-68 are 2000-2068.
  CHECK(fmt_date_of("%y-%m-%d", "24-01-01") == days_2024_01_01);
  CHECK(fmt_date_of("%y-%m-%d", "68-01-01") == rd::days_from_civil(2068, 1, 1));
  CHECK(fmt_date_of("%y-%m-%d", "69-01-01") == rd::days_from_civil(1969, 1, 1));
  CHECK(fmt_date_of("%y-%m-%d", "70-01-01") == 0);
  CHECK(fmt_date_of("%y-%m-%d", "99-12-31") == 10957 - 1);
  CHECK(fmt_date_of("%y-%m-%d", "00-01-01") == 10957);
  CHECK(fmt_date_status("%y-%m-%d", "2024-01-01") == ParseStatus::invalid);
  CHECK(fmt_date_status("%y-%m-%d", "4-01-01") == ParseStatus::invalid);
}

TEST_CASE("TemporalFormat %j reads the day of the year", "[values]") {
  CHECK(fmt_date_of("%Y-%j", "2024-001") == days_2024_01_01);
  CHECK(fmt_date_of("%Y-%j", "2024-060") == days_2024_01_01 + 59);  // 31 + 29: 2024-02-29
  CHECK(fmt_date_of("%Y-%j", "2023-060") == rd::days_from_civil(2023, 3, 1));  // 31 + 28 + 1
  CHECK(fmt_date_of("%Y-%j", "2024-366") == days_2024_01_01 + 365);
  CHECK(fmt_date_of("%Y-%j", "2024-32") == days_2024_01_01 + 31);  // February 1st
  CHECK(fmt_date_status("%Y-%j", "2023-366") == ParseStatus::invalid);
  CHECK(fmt_date_status("%Y-%j", "2024-000") == ParseStatus::invalid);
  CHECK(fmt_date_status("%Y-%j", "2024-367") == ParseStatus::invalid);
}

TEST_CASE("TemporalFormat %H %M %S %f read the time of day", "[values]") {
  CHECK(fmt_instant_of("%Y-%m-%d %H:%M:%S", "2024-01-01 12:34:56") == Instant{unix_2024_01_01 + 45296, 0});
  CHECK(fmt_instant_of("%Y-%m-%d %H:%M", "2024-01-01 23:59") == Instant{unix_2024_01_01 + 86340, 0});
  CHECK(fmt_instant_of("%Y-%m-%d %H:%M:%S.%f", "2024-01-01 00:00:01.5") == Instant{unix_2024_01_01 + 1, 500000000});
  CHECK(fmt_instant_of("%Y-%m-%d %H:%M:%S.%f", "2024-01-01 00:00:01.000123") ==
        Instant{unix_2024_01_01 + 1, 123000});
  CHECK(fmt_instant_of("%Y-%m-%d %H:%M:%S", "2024-01-01 23:59:60") == Instant{unix_2024_01_01 + 86400, 0});
  CHECK(fmt_datetime_status("%Y-%m-%d %H:%M:%S", "2024-01-01 24:00:00") == ParseStatus::invalid);
  CHECK(fmt_datetime_status("%Y-%m-%d %H:%M:%S", "2024-01-01 00:60:00") == ParseStatus::invalid);
  CHECK(fmt_datetime_status("%Y-%m-%d %H:%M:%S", "2024-01-01 00:00:61") == ParseStatus::invalid);
  CHECK(fmt_datetime_status("%Y-%m-%d %H:%M:%S.%f", "2024-01-01 00:00:01.") == ParseStatus::invalid);
  CHECK(fmt_datetime_status("%Y-%m-%d %H:%M:%S", "2024-01-01 aa:00:00") == ParseStatus::invalid);
}

TEST_CASE("TemporalFormat %I and %p read a 12-hour clock", "[values]") {
  const char* format = "%Y-%m-%d %I:%M %p";
  CHECK(fmt_instant_of(format, "2024-01-01 12:30 AM") == Instant{unix_2024_01_01 + 30 * 60, 0});
  CHECK(fmt_instant_of(format, "2024-01-01 01:15 AM") == Instant{unix_2024_01_01 + 3600 + 15 * 60, 0});
  CHECK(fmt_instant_of(format, "2024-01-01 12:30 PM") == Instant{unix_2024_01_01 + 12 * 3600 + 30 * 60, 0});
  CHECK(fmt_instant_of(format, "2024-01-01 01:15 pm") == Instant{unix_2024_01_01 + 13 * 3600 + 15 * 60, 0});
  CHECK(fmt_instant_of(format, "2024-01-01 11:59 Pm") == Instant{unix_2024_01_01 + 23 * 3600 + 59 * 60, 0});
  CHECK(fmt_datetime_status(format, "2024-01-01 13:00 PM") == ParseStatus::invalid);
  CHECK(fmt_datetime_status(format, "2024-01-01 00:00 AM") == ParseStatus::invalid);
  CHECK(fmt_datetime_status(format, "2024-01-01 10:00 XM") == ParseStatus::invalid);
  CHECK(fmt_datetime_status(format, "2024-01-01 10:00 A") == ParseStatus::invalid);
}

TEST_CASE("TemporalFormat %z reads UTC offsets", "[values]") {
  const char* format = "%Y-%m-%dT%H:%M:%S%z";
  const Instant midnight_utc{unix_2024_01_01, 0};
  CHECK(fmt_instant_of(format, "2024-01-01T01:00:00+01:00") == midnight_utc);
  CHECK(fmt_instant_of(format, "2024-01-01T01:00:00+0100") == midnight_utc);
  CHECK(fmt_instant_of(format, "2024-01-01T01:00:00+01") == midnight_utc);
  CHECK(fmt_instant_of(format, "2023-12-31T19:00:00-05:00") == midnight_utc);
  CHECK(fmt_instant_of(format, "2024-01-01T00:00:00Z") == midnight_utc);
  CHECK(fmt_datetime_status(format, "2024-01-01T00:00:00") == ParseStatus::invalid);
  CHECK(fmt_datetime_status(format, "2024-01-01T00:00:00+25:00") == ParseStatus::invalid);
  CHECK(fmt_datetime_status(format, "2024-01-01T00:00:00UTC") == ParseStatus::invalid);
}

TEST_CASE("TemporalFormat %b and %B read English month names in any case", "[values]") {
  const std::int64_t march_5 = days_2024_01_01 + 31 + 29 + 4;
  CHECK(fmt_date_of("%d %b %Y", "05 Mar 2024") == march_5);
  CHECK(fmt_date_of("%d %b %Y", "05 mar 2024") == march_5);
  CHECK(fmt_date_of("%d %b %Y", "05 MAR 2024") == march_5);
  CHECK(fmt_date_of("%d %B %Y", "05 March 2024") == march_5);
  CHECK(fmt_date_of("%d %B %Y", "05 MARCH 2024") == march_5);
  CHECK(fmt_date_of("%b %d, %Y", "Dec 31, 2024") == days_2024_01_01 + 365);
  CHECK(fmt_date_of("%B %d, %Y", "May 1, 2024") == days_2024_01_01 + 31 + 29 + 31 + 30);
  CHECK(fmt_date_of("%B %d, %Y", "September 1, 2024") == rd::days_from_civil(2024, 9, 1));
  CHECK(fmt_date_of("%b %Y", "Jun 2024") == rd::days_from_civil(2024, 6, 1));
  CHECK(fmt_date_of("%b %Y", "Jul 2024") == rd::days_from_civil(2024, 7, 1));
  CHECK(fmt_date_status("%d %B %Y", "05 Mar 2024") == ParseStatus::invalid);
  CHECK(fmt_date_status("%d %b %Y", "05 March 2024") == ParseStatus::invalid);
  CHECK(fmt_date_status("%d %b %Y", "05 Sept 2024") == ParseStatus::invalid);
  CHECK(fmt_date_status("%d %b %Y", "05 Mrz 2024") == ParseStatus::invalid);
  CHECK(fmt_date_status("%d %b %Y", "31 Feb 2024") == ParseStatus::invalid);
}

TEST_CASE("TemporalFormat %% matches a percent sign and other characters match literally", "[values]") {
  CHECK(fmt_date_of("%Y%%%m%%%d", "2024%01%01") == days_2024_01_01);
  CHECK(fmt_date_status("%Y%%%m%%%d", "2024-01-01") == ParseStatus::invalid);
  CHECK(fmt_date_status("%Y%%%m%%%d", "2024%%01%01") == ParseStatus::invalid);
  CHECK(fmt_date_of("day %d of %m, %Y", "day 1 of 1, 2024") == days_2024_01_01);
  CHECK(fmt_date_status("day %d of %m, %Y", "Day 1 of 1, 2024") == ParseStatus::invalid);
}

TEST_CASE("TemporalFormat parse_date ignores the time and parse_datetime keeps it", "[values]") {
  CHECK(fmt_date_of("%Y-%m-%d %H:%M", "2024-01-01 23:59") == days_2024_01_01);
  // A datetime format without time directives is midnight UTC.
  CHECK(fmt_instant_of("%d/%m/%Y", "01/01/2024") == Instant{unix_2024_01_01, 0});
}

TEST_CASE("TemporalFormat rejects unsupported directives with std::invalid_argument", "[values]") {
  for (const char* format : {"%Q", "%a", "%A", "%e", "%Z", "%c", "%x", "%X", "%s", "%G", "%V", "%U", "%-d",
                             "%Y-%m-%d %T", "%Y-%m-%", "%"}) {
    INFO("format: " << format);
    CHECK_THROWS_AS(rd::TemporalFormat(format), std::invalid_argument);
  }
  // The message names the directive at fault.
  CHECK_THROWS_WITH(rd::TemporalFormat("%d/%Q/%Y"), Catch::Matchers::Contains("%Q"));
  CHECK_NOTHROW(rd::TemporalFormat("%Y %y %m %d %j %H %I %p %M %S %f %z %b %B %%"));
  CHECK(rd::TemporalFormat().empty());
  CHECK_FALSE(rd::TemporalFormat("%Y").empty());
}

// ---- UTF-8 -----------------------------------------------------------------------------------

TEST_CASE("is_valid_utf8 accepts well-formed UTF-8 of every length", "[values]") {
  for (std::string_view text : {"", "plain ascii", "\xC2\x80",  // U+0080, first 2-byte
                                "\xDF\xBF",                      // U+07FF, last 2-byte
                                "\xC3\xA9",                      // é
                                "\xE0\xA0\x80",                  // U+0800, first 3-byte
                                "\xED\x9F\xBF",                  // U+D7FF, just below the surrogates
                                "\xEE\x80\x80",                  // U+E000, just above them
                                "\xEF\xBF\xBF",                  // U+FFFF
                                "\xE2\x82\xAC",                  // €
                                "\xF0\x90\x80\x80",              // U+10000, first 4-byte
                                "\xF0\x9F\x98\x80",              // 😀
                                "\xF4\x8F\xBF\xBF",              // U+10FFFF, the last code point
                                "h\xC3\xA9llo w\xC3\xB6rld \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80!"}) {
    INFO("bytes: " << text.size());
    CHECK(rd::is_valid_utf8(text));
    CHECK(rd::first_invalid_utf8(text) == text.size());
  }
  // NUL is a valid one-byte character.
  CHECK(rd::is_valid_utf8(std::string_view("a\0b", 3)));
}

TEST_CASE("is_valid_utf8 rejects what RFC 3629 forbids", "[values]") {
  struct Case {
    std::string_view text;
    const char* why;
  };
  const Case cases[] = {
      {"\x80", "lone continuation byte"},
      {"\xBF", "lone continuation byte"},
      {"\xC0\x80", "overlong NUL"},
      {"\xC1\xBF", "overlong 2-byte"},
      {"\xE0\x80\x80", "overlong 3-byte NUL"},
      {"\xE0\x9F\xBF", "overlong U+07FF"},
      {"\xF0\x80\x80\x80", "overlong 4-byte NUL"},
      {"\xF0\x8F\xBF\xBF", "overlong U+FFFF"},
      {"\xED\xA0\x80", "surrogate U+D800"},
      {"\xED\xBF\xBF", "surrogate U+DFFF"},
      {"\xED\xA0\xBD\xED\xB8\x80", "CESU-8 surrogate pair"},
      {"\xF4\x90\x80\x80", "U+110000"},
      {"\xF5\x80\x80\x80", "lead byte F5"},
      {"\xF7\xBF\xBF\xBF", "lead byte F7"},
      {"\xF8\x88\x80\x80\x80", "5-byte form"},
      {"\xFC\x84\x80\x80\x80\x80", "6-byte form"},
      {"\xFE", "byte FE"},
      {"\xFF", "byte FF"},
      {"\xC3", "truncated 2-byte"},
      {"\xE2\x82", "truncated 3-byte"},
      {"\xF0\x9F\x98", "truncated 4-byte"},
      {"\xE2\x82" "A", "3-byte cut short by ASCII"},
      {"\xC3" "A", "2-byte cut short by ASCII"},
      {"\xF0\x9F" "AB", "4-byte cut short by ASCII"},
      {"\xC3\xC3\xA9", "lead byte followed by a lead byte"},
  };
  for (const auto& c : cases) {
    INFO(c.why);
    CHECK_FALSE(rd::is_valid_utf8(c.text));
    CHECK(rd::first_invalid_utf8(c.text) == 0u);
  }
}

TEST_CASE("first_invalid_utf8 reports the position of the first bad sequence", "[values]") {
  CHECK(rd::first_invalid_utf8("abc\xFF") == 3u);
  CHECK(rd::first_invalid_utf8("0123456789\xC3(") == 10u);
  CHECK(rd::first_invalid_utf8("\xC3\xA9\x80") == 2u);
  CHECK(rd::first_invalid_utf8("abcdefgh\xE2\x82") == 8u);  // truncated at the very end
  CHECK(rd::first_invalid_utf8("abcdefghijklmnopqrstuvw\xED\xA0\x80xyz") == 23u);
  CHECK(rd::first_invalid_utf8("\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xF0\x9F\x98\x80\xC0\xAF") == 13u);
  CHECK(rd::first_invalid_utf8("abcdefghijklmnop") == 16u);
  // Only the first problem counts.
  CHECK(rd::first_invalid_utf8("ab\xFF\xFF\xFF") == 2u);
}

TEST_CASE("utf8_length counts code points", "[values]") {
  CHECK(rd::utf8_length("") == 0u);
  CHECK(rd::utf8_length("abc") == 3u);
  CHECK(rd::utf8_length("h\xC3\xA9llo") == 5u);                          // héllo
  CHECK(rd::utf8_length("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E") == 3u);  // 日本語
  CHECK(rd::utf8_length("\xF0\x9F\x98\x80") == 1u);                      // 😀
  CHECK(rd::utf8_length("a\xF0\x9F\x98\x80" "b") == 3u);
  CHECK(rd::utf8_length("\xC2\x80\xE0\xA0\x80\xF4\x8F\xBF\xBF") == 3u);
  CHECK(rd::utf8_length(std::string(1000, 'x')) == 1000u);
}

TEST_CASE("utf8_length: every size up to 40 with a multi-byte character at every position", "[values]") {
  // Reference: a code point starts at every byte that is not a continuation byte (10xxxxxx).
  auto starts = [](const std::string& s) {
    std::uint64_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n;
  };
  const std::string characters[] = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"};
  for (std::size_t size = 0; size <= 40; ++size) {
    const std::string ascii(size, 'k');
    CHECK(rd::utf8_length(ascii) == size);
    for (const std::string& c : characters) {
      for (std::size_t at = 0; at + c.size() <= size; ++at) {
        std::string s = ascii;
        s.replace(at, c.size(), c);
        INFO("size " << size << " at " << at);
        CHECK(rd::utf8_length(s) == starts(s));
      }
    }
  }
}

TEST_CASE("display_value cuts to 80 bytes on a character boundary", "[values]") {
  CHECK(rd::display_value("short") == "short");
  CHECK(rd::display_value("") == "");
  CHECK(rd::display_value(std::string(80, 'a')) == std::string(80, 'a'));
  CHECK(rd::display_value(std::string(100, 'a')) == std::string(80, 'a'));
  // A two-byte character that would end at byte 81 is left out whole; one ending at 80 stays.
  CHECK(rd::display_value(std::string(79, 'a') + "\xC3\xA9") == std::string(79, 'a'));
  CHECK(rd::display_value(std::string(78, 'a') + "\xC3\xA9") == std::string(78, 'a') + "\xC3\xA9");
  CHECK(rd::display_value(std::string(78, 'a') + "\xE2\x82\xAC") == std::string(78, 'a'));
  CHECK(rd::display_value(std::string(77, 'a') + "\xE2\x82\xAC" + "zzz") == std::string(77, 'a') + "\xE2\x82\xAC");
  CHECK(rd::display_value(std::string(77, 'a') + "\xF0\x9F\x98\x80") == std::string(77, 'a'));
  CHECK(rd::display_value(std::string(76, 'a') + "\xF0\x9F\x98\x80") == std::string(76, 'a') + "\xF0\x9F\x98\x80");
  // Forty two-byte characters fill 80 bytes exactly; a forty-first does not fit.
  std::string e_acute;
  for (int i = 0; i < 41; ++i) e_acute += "\xC3\xA9";
  CHECK(rd::display_value(e_acute) == e_acute.substr(0, 80));
  // Other budgets.
  CHECK(rd::display_value("abcdef", 3) == "abc");
  CHECK(rd::display_value("a\xC3\xA9", 2) == "a");
  CHECK(rd::display_value("abc", 0) == "");
}

TEST_CASE("display_value replaces invalid UTF-8 with U+FFFD", "[values]") {
  CHECK(rd::display_value("a\xFF" "b") == "a" + replacement + "b");
  CHECK(rd::display_value("\xFF\xFE") == replacement + replacement);
  CHECK(rd::display_value("\x80" "abc") == replacement + "abc");
  CHECK(rd::display_value("abc\xC3") == "abc" + replacement);
  // A sequence cut short is one maximal subpart and becomes one U+FFFD (Unicode 15, section 3.9,
  // "U+FFFD Substitution of Maximal Subparts"; the WHATWG decoder does the same).
  CHECK(rd::display_value("\xE2\x82" "A") == replacement + "A");
  CHECK(rd::display_value("\xF0\x9F\x98" "x") == replacement + "x");
  CHECK(rd::display_value("x\xF0\x9F\x98") == "x" + replacement);
  // Bytes that can never start or continue a valid sequence are replaced one by one:
  // C0 is never a lead byte; ED A0 is a surrogate, so ED is a maximal subpart of its own;
  // F4 90 is past U+10FFFF.
  CHECK(rd::display_value("\xC0\x80") == replacement + replacement);
  CHECK(rd::display_value("\xED\xA0\x80") == replacement + replacement + replacement);
  CHECK(rd::display_value("\xF4\x90\x80\x80") == replacement + replacement + replacement + replacement);
  // Valid text around the bad bytes is kept.
  CHECK(rd::display_value("\xC3\xA9\xFF\xC3\xA9") == "\xC3\xA9" + replacement + "\xC3\xA9");
}

TEST_CASE("display_value keeps replacement characters within the byte budget", "[values]") {
  CHECK(rd::display_value(std::string(77, 'a') + "\xFF") == std::string(77, 'a') + replacement);
  CHECK(rd::display_value(std::string(78, 'a') + "\xFF") == std::string(78, 'a'));
  CHECK(rd::display_value(std::string(200, '\xFF')) ==
        [] {
          std::string s;
          for (int i = 0; i < 26; ++i) s += "\xEF\xBF\xBD";  // 26 * 3 = 78 bytes; a 27th would be 81
          return s;
        }());
  std::string out = rd::display_value(std::string(50, 'a') + "\xFF\xFE\xC0" + std::string(50, 'b'));
  CHECK(out.size() <= 80u);
  CHECK(out == std::string(50, 'a') + replacement + replacement + replacement + std::string(21, 'b'));
}

// ---- string formats --------------------------------------------------------------------------

TEST_CASE("is_email accepts plausible addresses only", "[values]") {
  for (std::string_view text : {"a@b.co", "first.last@example.com", "user+tag@sub.example.org",
                                "x@a.b.c.d", "\xC3\xA9@example.fr"}) {
    INFO(text);
    CHECK(rd::is_email(text));
  }
  for (std::string_view text : {"", "plain", "@example.com", "user@", "user@example", "user@@example.com",
                                "a@b@c.com", "user@.example.com", "user@example.com.", "user@example..com",
                                "us er@example.com", "user@exa mple.com", "user@example.com ", "\tuser@example.com",
                                "user\x7F@example.com"}) {
    INFO(text);
    CHECK_FALSE(rd::is_email(text));
  }
}

TEST_CASE("is_uri needs an RFC 3986 scheme and a non-empty rest", "[values]") {
  for (std::string_view text : {"http://example.com", "https://example.com/a?b=c#d", "mailto:a@b.c",
                                "urn:isbn:0451450523", "file:///tmp/x", "a+b-c.d:x", "H2:x"}) {
    INFO(text);
    CHECK(rd::is_uri(text));
  }
  for (std::string_view text : {"", "example.com", ":x", "http:", "1http://x", "+a:x", "ht tp://x",
                                "ht_tp://x", "http://exa mple.com", "http://x\n", "http://x\x7F", "/path/only"}) {
    INFO(text);
    CHECK_FALSE(rd::is_uri(text));
  }
}

TEST_CASE("is_uuid accepts 8-4-4-4-12 hex groups", "[values]") {
  CHECK(rd::is_uuid("123e4567-e89b-12d3-a456-426614174000"));
  CHECK(rd::is_uuid("123E4567-E89B-12D3-A456-426614174000"));
  CHECK(rd::is_uuid("00000000-0000-0000-0000-000000000000"));
  CHECK_FALSE(rd::is_uuid(""));
  CHECK_FALSE(rd::is_uuid("123e4567e89b12d3a456426614174000"));       // no dashes
  CHECK_FALSE(rd::is_uuid("123e4567-e89b-12d3-a456-42661417400"));    // 35 characters
  CHECK_FALSE(rd::is_uuid("123e4567-e89b-12d3-a456-4266141740000"));  // 37 characters
  CHECK_FALSE(rd::is_uuid("123e456-7e89b-12d3-a456-426614174000"));   // dash in the wrong place
  CHECK_FALSE(rd::is_uuid("123e4567-e89b-12d3-a456-42661417400g"));   // not hex
  CHECK_FALSE(rd::is_uuid("{23e4567-e89b-12d3-a456-426614174000}"));
}

TEST_CASE("is_base64 accepts padded standard base64", "[values]") {
  for (std::string_view text : {"", "TWFu", "TWE=", "TQ==", "SGVsbG8gd29ybGQ=", "+/+/", "AAAAAAAA"}) {
    INFO(text);
    CHECK(rd::is_base64(text));
  }
  for (std::string_view text : {"T", "TW", "TWF", "TWFuT", "T===", "====", "=AAA", "A=AA", "TW=u", "TWF-",
                                "TWF_", "TW Fu", "TWFu\n", "TWE=TWFu", "TQ==="}) {
    INFO(text);
    CHECK_FALSE(rd::is_base64(text));
  }
}

// ---- number formatting -----------------------------------------------------------------------

TEST_CASE("format_double writes the shortest text that reads back, plain where it reads best", "[values]") {
  CHECK(rd::format_double(0.01) == "0.01");
  CHECK(rd::format_double(1e300) == "1e+300");
  CHECK(rd::format_double(std::numeric_limits<double>::quiet_NaN()) == "NaN");
  CHECK(rd::format_double(std::numeric_limits<double>::infinity()) == "INF");
  CHECK(rd::format_double(-std::numeric_limits<double>::infinity()) == "-INF");
  CHECK(rd::format_double(0.0) == "0");
  CHECK(rd::format_double(-2.5) == "-2.5");
  CHECK(rd::format_double(100.0) == "100");
  CHECK(rd::format_double(0.1 + 0.2) == "0.30000000000000004");
  CHECK(rd::format_double(1000000.5) == "1000000.5");
  // C++ to_chars picks the shorter of fixed and scientific, fixed on a tie.
  CHECK(rd::format_double(10000.0) == "10000");
  CHECK(rd::format_double(1e6) == "1000000");
  CHECK(rd::format_double(0.001) == "0.001");
  CHECK(rd::format_double(1e-4) == "0.0001");
  CHECK(rd::format_double(1e-6) == "1e-06");
  CHECK(rd::format_double(1e16) == "1e+16");
  CHECK(rd::format_double(9999999999999998.0) == "9999999999999998");
  // Every finite value reads back exactly.
  for (double v : {0.01, 1.0 / 3.0, 2.0 / 3.0, 1e-300, 5e-324, 1.7976931348623157e308, 123456.789, -0.1,
                   9007199254740993.0, 3.141592653589793}) {
    double back = 0;
    REQUIRE(rd::parse_double(rd::format_double(v), back) == ParseStatus::ok);
    CHECK(back == v);
  }
}

// ---- cell checks over compiled fields --------------------------------------------------------

namespace {

using rowguard::Constraint;
using rowguard::Field;
using rowguard::detail::bit;
using rowguard::detail::CellVerdict;
using rowguard::detail::TypedValue;
using rowguard::detail::TypeProblem;

// A one-field plan; the field is called "v".
rowguard::Plan plan_of(Field field) { return rowguard::compile(rowguard::Schema{{"v", std::move(field)}}); }

struct Checked {
  CellVerdict verdict;
  TypedValue typed;
};

Checked check(const rowguard::Plan& plan, std::string_view text) {
  Checked out;
  std::string scratch;
  out.verdict = rd::check_text(plan.impl().fields[0], text, out.typed, scratch);
  return out;
}

TypeProblem type_problem(const rowguard::Plan& plan, std::string_view text) {
  return check(plan, text).verdict.type_problem;
}

std::uint16_t failed(const rowguard::Plan& plan, std::string_view text) {
  Checked c = check(plan, text);
  INFO("text " << text);
  CHECK(c.verdict.type_problem == TypeProblem::none);
  return c.verdict.failed;
}

}  // namespace

TEST_CASE("check_text on string fields: plain text and the string formats", "[values]") {
  auto plain = plan_of(Field::string());
  CHECK(check(plain, "anything at all").verdict.ok());
  CHECK(check(plain, "").verdict.ok());
  CHECK(check(plain, "anything").typed.s == "anything");

  auto email = plan_of(Field::string().format("email"));
  CHECK(check(email, "a@b.co").verdict.ok());
  CHECK(type_problem(email, "not an email") == TypeProblem::not_email);

  auto uri = plan_of(Field::string().format("uri"));
  CHECK(check(uri, "https://example.com").verdict.ok());
  CHECK(type_problem(uri, "example.com") == TypeProblem::not_uri);

  auto uuid = plan_of(Field::string().format("uuid"));
  CHECK(check(uuid, "123e4567-e89b-12d3-a456-426614174000").verdict.ok());
  CHECK(type_problem(uuid, "123e4567") == TypeProblem::not_uuid);

  auto binary = plan_of(Field::string().format("binary"));
  CHECK(check(binary, "TWFu").verdict.ok());
  CHECK(type_problem(binary, "TWF") == TypeProblem::not_base64);

  auto any = plan_of(Field::any());
  CHECK(check(any, "12").verdict.ok());
  CHECK(check(any, "\xC3\xA9").verdict.ok());
}

TEST_CASE("check_text on integer fields: type and range", "[values]") {
  auto plan = plan_of(Field::integer());
  Checked c = check(plan, "-42");
  CHECK(c.verdict.ok());
  CHECK(c.typed.i == -42);
  CHECK(check(plan, "9223372036854775807").typed.i == std::numeric_limits<std::int64_t>::max());
  CHECK(type_problem(plan, "4.2") == TypeProblem::not_integer);
  CHECK(type_problem(plan, "1e3") == TypeProblem::not_integer);
  CHECK(type_problem(plan, "abc") == TypeProblem::not_integer);
  CHECK(type_problem(plan, " 1") == TypeProblem::not_integer);
  CHECK(type_problem(plan, "9223372036854775808") == TypeProblem::integer_out_of_range);
  CHECK(type_problem(plan, "-9223372036854775809") == TypeProblem::integer_out_of_range);
}

TEST_CASE("check_text applies inclusive and exclusive bounds", "[values]") {
  auto inclusive = plan_of(Field::integer().min(0).max(10));
  CHECK(failed(inclusive, "0") == 0);
  CHECK(failed(inclusive, "10") == 0);
  CHECK(failed(inclusive, "5") == 0);
  CHECK(failed(inclusive, "-1") == bit(Constraint::minimum));
  CHECK(failed(inclusive, "11") == bit(Constraint::maximum));

  auto exclusive = plan_of(Field::integer().exclusive_min(0).exclusive_max(10));
  CHECK(failed(exclusive, "1") == 0);
  CHECK(failed(exclusive, "9") == 0);
  CHECK(failed(exclusive, "0") == bit(Constraint::exclusive_minimum));
  CHECK(failed(exclusive, "10") == bit(Constraint::exclusive_maximum));

  auto number = plan_of(Field::number().min(0.01).max(1'000'000.0));
  CHECK(failed(number, "0.01") == 0);
  CHECK(failed(number, "1e6") == 0);
  CHECK(failed(number, "0.00999") == bit(Constraint::minimum));
  CHECK(failed(number, "1000000.0001") == bit(Constraint::maximum));
  CHECK(failed(number, "-3.5") == bit(Constraint::minimum));
  CHECK(failed(number, "INF") == bit(Constraint::maximum));
  CHECK(failed(number, "-INF") == bit(Constraint::minimum));
  // No comparison with NaN holds, so NaN is outside both bounds.
  CHECK(failed(number, "NaN") == (bit(Constraint::minimum) | bit(Constraint::maximum)));

  auto exclusive_number = plan_of(Field::number().exclusive_min(0).exclusive_max(1));
  CHECK(failed(exclusive_number, "0.5") == 0);
  CHECK(failed(exclusive_number, "0") == bit(Constraint::exclusive_minimum));
  CHECK(failed(exclusive_number, "-0") == bit(Constraint::exclusive_minimum));
  CHECK(failed(exclusive_number, "1.0") == bit(Constraint::exclusive_maximum));
  CHECK(failed(exclusive_number, "NaN") ==
        (bit(Constraint::exclusive_minimum) | bit(Constraint::exclusive_maximum)));
}

TEST_CASE("check_text bounds on dates and datetimes", "[values]") {
  auto date = plan_of(Field::date().min("2024-01-01").max("2024-12-31"));
  CHECK(failed(date, "2024-01-01") == 0);
  CHECK(failed(date, "2024-12-31") == 0);
  CHECK(failed(date, "2023-12-31") == bit(Constraint::minimum));
  CHECK(failed(date, "2025-01-01") == bit(Constraint::maximum));
  CHECK(check(date, "2024-02-29").typed.i == days_2024_01_01 + 59);
  CHECK(type_problem(date, "2023-02-29") == TypeProblem::not_date);
  CHECK(type_problem(date, "01/01/2024") == TypeProblem::not_date);

  auto datetime = plan_of(Field::datetime().max("2024-01-01T00:00:00Z"));
  CHECK(failed(datetime, "2024-01-01T00:30:00+01:00") == 0);  // 2023-12-31T23:30Z
  CHECK(failed(datetime, "2024-01-01T00:00:00Z") == 0);
  CHECK(failed(datetime, "2024-01-01T00:30:00Z") == bit(Constraint::maximum));
  CHECK(failed(datetime, "2023-12-31T19:00:01-05:00") == bit(Constraint::maximum));
  CHECK(type_problem(datetime, "2024-01-01") == TypeProblem::not_datetime);

  auto exclusive = plan_of(Field::datetime().exclusive_max("2024-01-01T00:00:00Z"));
  CHECK(failed(exclusive, "2024-01-01T01:00:00+01:00") == bit(Constraint::exclusive_maximum));
  CHECK(failed(exclusive, "2023-12-31T23:59:59.999Z") == 0);
}

TEST_CASE("check_text on dates and datetimes with a format", "[values]") {
  auto date = plan_of(Field::date().format("%d/%m/%Y").min("01/01/2024"));
  CHECK(check(date, "29/02/2024").typed.i == days_2024_01_01 + 59);
  CHECK(failed(date, "29/02/2024") == 0);
  CHECK(failed(date, "31/12/2023") == bit(Constraint::minimum));
  CHECK(type_problem(date, "2024-02-29") == TypeProblem::not_date);
  CHECK(type_problem(date, "30/02/2024") == TypeProblem::not_date);

  auto datetime = plan_of(Field::datetime().format("%d/%m/%Y %H:%M"));
  CHECK(check(datetime, "01/01/2024 01:01").typed.t == Instant{unix_2024_01_01 + 3660, 0});
  CHECK(type_problem(datetime, "2024-01-01T01:01:00Z") == TypeProblem::not_datetime);
}

TEST_CASE("check_text counts string length in code points", "[values]") {
  auto plan = plan_of(Field::string().min_length(2).max_length(3));
  Checked one = check(plan, "\xC3\xA9");  // é: two bytes, one character
  CHECK(one.verdict.failed == bit(Constraint::min_length));
  CHECK(one.verdict.length == 1u);
  CHECK(failed(plan, "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E") == 0);  // 日本語: nine bytes, three characters
  CHECK(failed(plan, "ab") == 0);
  Checked four = check(plan, "abcd");
  CHECK(four.verdict.failed == bit(Constraint::max_length));
  CHECK(four.verdict.length == 4u);
  CHECK(failed(plan, "") == bit(Constraint::min_length));
}

TEST_CASE("check_text matches patterns against the whole value", "[values]") {
  auto letters = plan_of(Field::string().pattern("[a-z]+"));
  CHECK(failed(letters, "abc") == 0);
  CHECK(failed(letters, "abc1") == bit(Constraint::pattern));
  CHECK(failed(letters, "1abc") == bit(Constraint::pattern));
  CHECK(failed(letters, "") == bit(Constraint::pattern));
  // Anchoring must hold for alternations too: "a|b" does not match "ab".
  auto alternation = plan_of(Field::string().pattern("a|b"));
  CHECK(failed(alternation, "a") == 0);
  CHECK(failed(alternation, "b") == 0);
  CHECK(failed(alternation, "ab") == bit(Constraint::pattern));
  // Patterns see characters, not bytes.
  auto one_char = plan_of(Field::string().pattern("."));
  CHECK(failed(one_char, "\xC3\xA9") == 0);
  CHECK(failed(one_char, "ab") == bit(Constraint::pattern));
  auto tx = plan_of(Field::string().pattern(R"(TX\d{10})"));
  CHECK(failed(tx, "TX0123456789") == 0);
  CHECK(failed(tx, "TX012345678") == bit(Constraint::pattern));
  CHECK(failed(tx, "TX01234567890") == bit(Constraint::pattern));
}

TEST_CASE("check_text pattern semantics hold for common schema patterns", "[values]") {
  // Each pattern with texts it must and must not match as a whole value (RE2 syntax: \d, \w and
  // \s are ASCII classes; '.' does not match a newline).
  struct Case {
    const char* pattern;
    std::vector<std::string> match;
    std::vector<std::string> no_match;
  };
  const Case cases[] = {
      {"(USD|EUR|GBP)", {"USD", "EUR", "GBP"}, {"EURO", "eur", "", "USDEUR", "US"}},
      {"(?:USD|EUR)", {"EUR"}, {"EU", "EURUSD"}},
      {R"([A-Z]{3}-\d{4})", {"ABC-1234"}, {"ABC-123", "abc-1234", "ABC-12345", "ABC1234", "ABCD-1234"}},
      {"^abc$", {"abc"}, {"abcabc", "ab", "xabc"}},
      {"a{2,3}", {"aa", "aaa"}, {"a", "aaaa", ""}},
      {"a{2,}", {"aa", "aaaaaaa"}, {"a", "aab"}},
      {"a{0}b", {"b"}, {"ab"}},
      {R"(\w+)", {"snake_case9", "X"}, {"kebab-case", "", "with space"}},
      {R"(\s*x\s*)", {"x", " \t x\n"}, {"x y"}},
      {R"(\D+)", {"abc", "-_-"}, {"a1"}},
      {"[^,]+", {"a b", "x"}, {"a,b", ","}},
      {"[a-]+", {"a-a", "-"}, {"b"}},
      {"a+?b", {"ab", "aaab"}, {"aaa", "b"}},
      {".*", {"", "anything at all"}, {"line\nbreak"}},
      {"[^a]", {"\n", "b", "\xC3\xA9"}, {"a", "bb"}},
      {R"([a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,})", {"john.doe@example.com", "a+b@c.io"},
       {"John@example.com", "a@b.c", "a@b", "@b.co"}},
      {"colou?r", {"color", "colour"}, {"colouur", "colr"}},
      {R"(\d{3})", {"123"}, {"\xD9\xA1\xD9\xA2\xD9\xA3", "12", "1234"}},  // Arabic-Indic digits are not \d
      {R"(\$\d+\.\d{2})", {"$12.50"}, {"12.50", "$12.5"}},
      {"caf.", {"cafe", "caf\xC3\xA9"}, {"caf", "cafe\xCC\x81"}},  // "café" precomposed is 4 characters
  };
  for (const auto& c : cases) {
    auto plan = plan_of(Field::string().pattern(c.pattern));
    for (const auto& text : c.match) {
      INFO("pattern " << c.pattern << " must match \"" << text << "\"");
      CHECK(failed(plan, text) == 0);
    }
    for (const auto& text : c.no_match) {
      INFO("pattern " << c.pattern << " must not match \"" << text << "\"");
      CHECK(failed(plan, text) == bit(Constraint::pattern));
    }
  }
  // Long values are matched whole as well.
  auto as = plan_of(Field::string().pattern("a+"));
  CHECK(failed(as, std::string(300, 'a')) == 0);
  CHECK(failed(as, std::string(300, 'a') + "b") == bit(Constraint::pattern));
  auto fixed = plan_of(Field::string().pattern("[ab]{300}"));
  CHECK(failed(fixed, std::string(300, 'b')) == 0);
  CHECK(failed(fixed, std::string(299, 'b')) == bit(Constraint::pattern));
}

TEST_CASE("check_text compares enum members as typed values", "[values]") {
  auto integers = plan_of(Field::integer().one_of({1, 2, 3}));
  CHECK(failed(integers, "2") == 0);
  CHECK(failed(integers, "02") == 0);
  CHECK(failed(integers, "+3") == 0);
  CHECK(failed(integers, "4") == bit(Constraint::enumeration));

  auto numbers = plan_of(Field::number().one_of({1.5, 2}));
  CHECK(failed(numbers, "1.50") == 0);
  CHECK(failed(numbers, "2.0") == 0);
  CHECK(failed(numbers, "2e0") == 0);
  CHECK(failed(numbers, "2.5") == bit(Constraint::enumeration));

  auto strings = plan_of(Field::string().one_of({"a", "b"}));
  CHECK(failed(strings, "a") == 0);
  CHECK(failed(strings, "A") == bit(Constraint::enumeration));
  CHECK(failed(strings, "a ") == bit(Constraint::enumeration));

  auto dates = plan_of(Field::date().one_of({"2024-01-01"}));
  CHECK(failed(dates, "2024-01-01") == 0);
  CHECK(failed(dates, "2024-01-02") == bit(Constraint::enumeration));

  auto datetimes = plan_of(Field::datetime().one_of({"2024-01-01T00:00:00Z"}));
  CHECK(failed(datetimes, "2024-01-01T01:00:00+01:00") == 0);
  CHECK(failed(datetimes, "2024-01-01T01:00:00Z") == bit(Constraint::enumeration));

  auto booleans = plan_of(Field::boolean().one_of({true}));
  CHECK(failed(booleans, "1") == 0);
  CHECK(failed(booleans, "TRUE") == 0);
  CHECK(failed(booleans, "false") == bit(Constraint::enumeration));
}

TEST_CASE("check_text on boolean fields uses trueValues and falseValues", "[values]") {
  auto plan = plan_of(Field::boolean());
  for (std::string_view t : {"true", "True", "TRUE", "1"}) {
    Checked c = check(plan, t);
    CHECK(c.verdict.ok());
    CHECK(c.typed.i == 1);
  }
  for (std::string_view f : {"false", "False", "FALSE", "0"}) {
    Checked c = check(plan, f);
    CHECK(c.verdict.ok());
    CHECK(c.typed.i == 0);
  }
  for (std::string_view bad : {"yes", "no", "tRUE", "t", "", " true", "2"}) {
    INFO(bad);
    CHECK(type_problem(plan, bad) == TypeProblem::not_boolean);
  }
  auto custom = plan_of(Field::boolean().true_values({"Y", "yes"}).false_values({"N"}));
  CHECK(check(custom, "yes").typed.i == 1);
  CHECK(check(custom, "N").typed.i == 0);
  CHECK(type_problem(custom, "true") == TypeProblem::not_boolean);
  CHECK(type_problem(custom, "0") == TypeProblem::not_boolean);
}

TEST_CASE("check_text honours decimalChar, groupChar and bareNumber", "[values]") {
  auto comma_decimal = plan_of(Field::number().decimal_char(","));
  CHECK(check(comma_decimal, "1,5").typed.d == 1.5);
  CHECK(type_problem(comma_decimal, "1.5") == TypeProblem::not_number);

  auto european = plan_of(Field::number().decimal_char(",").group_char("."));
  CHECK(check(european, "1.234.567,89").typed.d == 1234567.89);
  CHECK(check(european, "-0,5").typed.d == -0.5);

  auto grouped_integer = plan_of(Field::integer().group_char(","));
  CHECK(check(grouped_integer, "1,000,000").typed.i == 1000000);
  CHECK(check(grouped_integer, "1000").typed.i == 1000);
  CHECK(type_problem(plan_of(Field::integer()), "1,000") == TypeProblem::not_integer);

  auto space_grouped = plan_of(Field::number().group_char(" "));
  CHECK(check(space_grouped, "1 000.5").typed.d == 1000.5);

  auto currency = plan_of(Field::number().bare_number(false));
  CHECK(check(currency, "$12.50").typed.d == 12.5);
  CHECK(check(currency, "12%").typed.d == 12.0);
  CHECK(check(currency, "EUR 7").typed.d == 7.0);
  CHECK(type_problem(plan_of(Field::number()), "$12.50") == TypeProblem::not_number);

  auto integer_currency = plan_of(Field::integer().bare_number(false).group_char(","));
  CHECK(check(integer_currency, "1,000 EUR").typed.i == 1000);

  // Bounds apply to the normalised value.
  auto bounded = plan_of(Field::number().decimal_char(",").max(1.5));
  CHECK(failed(bounded, "1,5") == 0);
  CHECK(failed(bounded, "1,6") == bit(Constraint::maximum));
}

TEST_CASE("check_text skips the rules when the type is wrong", "[values]") {
  auto plan = plan_of(Field::integer().min(0).one_of({1, 2}));
  Checked c = check(plan, "abc");
  CHECK(c.verdict.type_problem == TypeProblem::not_integer);
  CHECK(c.verdict.failed == 0);
}

TEST_CASE("check_text reports every broken rule at once", "[values]") {
  auto plan = plan_of(Field::string().min_length(5).pattern("[0-9]+").one_of({"12345"}));
  CHECK(failed(plan, "ab") ==
        (bit(Constraint::min_length) | bit(Constraint::pattern) | bit(Constraint::enumeration)));
  CHECK(failed(plan, "12345") == 0);
  CHECK(failed(plan, "123456") == bit(Constraint::enumeration));
}

TEST_CASE("describe_cell writes the message the issue asks for", "[values]") {
  auto plan = rowguard::compile(rowguard::Schema{{"amount", Field::number().required().min(0.01).max(1'000'000.0)}});
  const auto& field = plan.impl().fields[0];
  TypedValue typed;
  std::string scratch;
  CellVerdict verdict = rd::check_text(field, "-3.5", typed, scratch);
  REQUIRE(verdict.failed == bit(Constraint::minimum));
  CHECK(rd::describe_cell(field, rowguard::ErrorType::constraint_error, Constraint::minimum, verdict, "-3.5") ==
        "amount: -3.5 is below the minimum 0.01");
}

TEST_CASE("parse_iso_datetime rejects a non-digit at every digit position", "[values]") {
  // Every one of the 14 digits of YYYY-MM-DDThh:mm:ss, replaced in turn by characters just
  // outside '0'..'9', by a letter and by a byte above 0x7F.
  const std::string good = "2024-06-15T12:34:56Z";
  rd::Instant t;
  REQUIRE(rd::parse_iso_datetime(good, t) == ParseStatus::ok);
  for (std::size_t pos : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u, 11u, 12u, 14u, 15u, 17u, 18u}) {
    for (char bad : {'/', ':', 'a', '\xB1'}) {
      std::string s = good;
      s[pos] = bad;
      INFO("position " << pos << " holds '" << bad << "': " << s);
      CHECK(rd::parse_iso_datetime(s, t) == ParseStatus::invalid);
    }
  }
  for (std::size_t pos : {4u, 7u, 13u, 16u}) {  // the separators must be what they are
    std::string s = good;
    s[pos] = '0';
    CHECK(rd::parse_iso_datetime(s, t) == ParseStatus::invalid);
  }
}

TEST_CASE("quick_pass passes exactly the values check_text finds nothing wrong with", "[values]") {
  // quick_pass may only say "ask check_text" for a value check_text accepts in one case: a NaN
  // with no bounds (the quick bounds are infinite, and NaN compares false with them). Otherwise
  // the two must agree, on hand-picked edge values and on random strings over the characters
  // numbers, dates, times and the patterns below are made of.
  struct Case {
    const char* name;
    Field field;
    rowguard::detail::QuickCheck expected;
  };
  using rowguard::detail::QuickCheck;
  const Case cases[] = {
      {"string lengths", Field::string().min_length(3).max_length(6), QuickCheck::string},
      {"string min length", Field::string().min_length(9), QuickCheck::string},
      {"string pattern", Field::string().pattern(R"(TX\d{3})"), QuickCheck::string},
      {"string pattern and lengths", Field::string().pattern(R"([A-Z]{1,3}-\d+)").max_length(5), QuickCheck::string},
      {"string without rules", Field::string(), QuickCheck::string},
      {"number bounds", Field::number().min(0.01).max(1'000'000.0), QuickCheck::number},
      {"number without bounds", Field::number(), QuickCheck::number},
      {"number minimum", Field::number().min(-5.0), QuickCheck::number},
      {"integer bounds", Field::integer().min(std::int64_t{-10}).max(std::int64_t{10}), QuickCheck::integer},
      {"integer without bounds", Field::integer(), QuickCheck::integer},
      {"date", Field::date(), QuickCheck::date},
      {"datetime", Field::datetime(), QuickCheck::datetime},
  };
  std::vector<std::string> values = {"0", "-0", "+1", "0.01", "0.009", "1000000", "1000000.01", "1e6", "1e-2", "NaN",
                                     "INF", "-INF", ".5", "5.", "-5", "-5.01", "10", "-10", "11", "-11",
                                     "9223372036854775807", "9223372036854775808", "-9223372036854775809", "abc",
                                     "abcdef", "abcdefg", "ab", "h\xC3\xA9llo", "\xC3\xA9\xC3\xA9\xC3\xA9", "TX123",
                                     "TX1234", "tx123", "AB-7", "ABCD-7", "A-", "2024-02-29", "2023-02-29",
                                     "2024-13-01", "2024-06-15T12:34:56Z", "2024-06-15T12:34:56.5+02:00",
                                     "2024-06-15 23:59:60", "2024-06-15T24:00:00", "2024-06-15T12:34:56Zx",
                                     "0000-01-01", "0000-01-01T00:00:00"};
  const std::string alphabet = "0123456789.-+eE:TZ XA\xC3\xA9";
  XorShift next{0x9E3779B97F4A7C15ULL};
  for (int i = 0; i < 4000; ++i) {
    std::string s;
    const std::size_t length = 1 + next() % 24;
    for (std::size_t k = 0; k < length; ++k) s += alphabet[next() % alphabet.size()];
    values.push_back(s);
    // A valid value of each kind with one character replaced.
    for (std::string base : {"2024-06-15T12:34:56Z", "1234.56", "TX123", "-7"}) {
      base[next() % base.size()] = alphabet[next() % alphabet.size()];
      values.push_back(base);
    }
  }
  for (const Case& c : cases) {
    auto plan = plan_of(c.field);
    const auto& f = plan.impl().fields[0];
    INFO("field: " << c.name);
    REQUIRE(f.quick == c.expected);
    std::size_t passed = 0;
    for (const std::string& v : values) {
      const bool quick = rd::quick_pass(f, v);
      Checked full = check(plan, v);
      double x = 0;
      const bool nan = f.type == rowguard::Type::number && rd::parse_double(v, x) == ParseStatus::ok && std::isnan(x);
      INFO("value \"" << v << "\"");
      if (quick || !nan) CHECK(quick == full.verdict.ok());
      passed += quick ? 1 : 0;
    }
    CHECK(passed > 0);
  }
}

TEST_CASE("quick number bounds on the digits agree with floating point at the bounds", "[values]") {
  // quick_decimal_within decides without a division. It may say "decide in floating point" for
  // a value within the bounds, never "within" for one outside: here on decimals of 1 to 18 digits
  // at and next to each bound (the last digit moved by up to 3), where rounding decides.
  const std::pair<double, double> bounds[] = {{0.01, 1'000'000.0}, {-5.5, -0.1},     {1e-7, 2e-7},
                                              {0.1, 0.3},          {-1e15, 1e15},    {123456.789, 4503599627.370496},
                                              {0.0, 0.0},          {-0.3, 1e-18},
                                              {0.30000000000000004, 1.0000000000000002}, {1.0 / 3, 2.0 / 3}};
  std::size_t shortcut = 0;
  for (const auto& [low, high] : bounds) {
    auto plan = plan_of(Field::number().min(low).max(high));
    const auto& f = plan.impl().fields[0];
    REQUIRE(f.quick == rd::QuickCheck::number);
    for (const double bound : {low, high}) {
      for (int fraction = 0; fraction <= 17; ++fraction) {
        const double scaled = std::nearbyint(bound * std::pow(10.0, fraction));
        if (std::fabs(scaled) >= 1e18) continue;
        for (int delta = -3; delta <= 3; ++delta) {
          const auto m = static_cast<std::int64_t>(scaled) + delta;
          std::string digits = std::to_string(m < 0 ? -m : m);
          if (digits.size() <= static_cast<std::size_t>(fraction)) {
            digits.insert(0, static_cast<std::size_t>(fraction) + 1 - digits.size(), '0');
          }
          if (fraction > 0) digits.insert(digits.size() - static_cast<std::size_t>(fraction), ".");
          const std::string text = (m < 0 ? "-" : "") + digits;
          bool negative = false;
          std::uint64_t mantissa = 0;
          std::size_t frac = 0, count = 0;
          REQUIRE(rd::split_plain_decimal(text, negative, mantissa, frac, count));
          double x = 0;
          REQUIRE(rd::parse_double(text, x) == ParseStatus::ok);
          INFO("bounds [" << low << ", " << high << "], value " << text);
          if (count <= 18 && rd::quick_decimal_within(f, negative, mantissa, frac)) {
            CHECK((x >= low && x <= high));
            ++shortcut;
          }
          CHECK(rd::quick_pass(f, text) == (x >= low && x <= high));
        }
      }
    }
  }
  CHECK(shortcut > 100);
  // Well inside the bounds the digits decide: the financial schema's amounts take no division.
  auto plan = plan_of(Field::number().min(0.01).max(1'000'000.0));
  for (const char* amount : {"556018.57", "0.02", "999999.98", "12", "7.5"}) {
    bool negative = false;
    std::uint64_t mantissa = 0;
    std::size_t fraction = 0, count = 0;
    REQUIRE(rd::split_plain_decimal(amount, negative, mantissa, fraction, count));
    CHECK(rd::quick_decimal_within(plan.impl().fields[0], negative, mantissa, fraction));
  }
}

TEST_CASE("quick_pass is off for fields a verdict or a unique set needs", "[values]") {
  using rowguard::detail::QuickCheck;
  const Field fields[] = {Field::integer().unique(),
                          Field::number().unique(),
                          Field::date().unique(),
                          Field::string().format("email").unique(),
                          Field::string().one_of({std::string("a"), std::string("b")}),
                          Field::string().format("email"),
                          Field::number().exclusive_min(0.0),
                          Field::integer().exclusive_max(std::int64_t{5}),
                          Field::datetime().min(std::string("2024-01-01T00:00:00Z")),
                          Field::date().format("%d/%m/%Y"),
                          Field::boolean()};
  for (const Field& field : fields) {
    auto plan = plan_of(field);
    CHECK(plan.impl().fields[0].quick == QuickCheck::none);
  }
  // A unique plain string keeps its quick check: its key is made from its text.
  CHECK(plan_of(Field::string().unique()).impl().fields[0].quick == QuickCheck::string);
  CHECK(plan_of(Field::string().pattern("[a-z]+").unique()).impl().fields[0].quick == QuickCheck::string);
  // Fields of a composite primary key feed a unique set too, strings included.
  rowguard::Schema schema{{"a", Field::string()}, {"b", Field::integer()}};
  schema.primary_key({"a", "b"});
  auto plan = rowguard::compile(schema);
  CHECK(plan.impl().fields[0].quick == QuickCheck::none);
  CHECK(plan.impl().fields[1].quick == QuickCheck::none);
}
