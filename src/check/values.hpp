#pragma once
// Parsers for the lexical forms of typed values. Pure functions over string views: no allocation,
// no locale, no exceptions. Each returns a ParseStatus and writes the value on success.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rowguard::detail {

enum class ParseStatus : std::uint8_t { ok, invalid, out_of_range };

// A point in time: seconds since 1970-01-01T00:00:00Z plus nanoseconds.
struct Instant {
  std::int64_t seconds = 0;
  std::int32_t nanos = 0;
  friend auto operator<=>(const Instant&, const Instant&) = default;
  friend bool operator==(const Instant&, const Instant&) = default;
};

// Optional sign ('+' or '-') then one or more ASCII digits; out_of_range past int64.
ParseStatus parse_int64(std::string_view text, std::int64_t& out) noexcept;

// Table Schema number: decimal or exponent notation with an optional sign, or exactly "NaN",
// "INF", "+INF", "-INF". Out-of-range magnitudes become +-infinity or zero as in IEEE 754.
ParseStatus parse_double(std::string_view text, double& out) noexcept;

// A plain decimal ("123.45", "-7", ".5", "5."): an optional sign, digits, an optional point and
// digits, at least one digit in all and at most 19. Its value is (negative ? -1 : 1) * mantissa /
// 10^fraction, `digits` counting both parts; parse_double reads the same text to that value,
// correctly rounded. False for any other text (the outputs are then meaningless).
inline bool split_plain_decimal(std::string_view text, bool& negative, std::uint64_t& mantissa, std::size_t& fraction,
                                std::size_t& digits) noexcept {
  const char* p = text.data();
  const char* const end = p + text.size();
  negative = p != end && *p == '-';
  if (p != end && (*p == '-' || *p == '+')) ++p;
  auto digit = [](char c) { return static_cast<unsigned>(static_cast<unsigned char>(c) - '0'); };
  // Integer digits, then an optional '.' and fraction digits: two plain loops, nothing else.
  std::uint64_t m = 0;
  const char* const start = p;
  for (; p < end && digit(*p) < 10; ++p) m = m * 10 + digit(*p);
  const char* const integer_end = p;
  std::size_t f = 0;
  if (p < end && *p == '.') {
    const char* const fraction_start = ++p;
    for (; p < end && digit(*p) < 10; ++p) m = m * 10 + digit(*p);
    f = static_cast<std::size_t>(p - fraction_start);
  }
  // (At most 19 digits cannot overflow 64 bits.)
  digits = static_cast<std::size_t>(integer_end - start) + f;
  mantissa = m;
  fraction = f;
  return p == end && digits != 0 && digits <= 19;
}

// The double nearest (negative ? -1 : 1) * mantissa / 10^fraction, for fraction <= 19, when one
// division gives it exactly (Clinger's fast path: a mantissa of at most 2^53 and an exactly
// representable power of ten); false otherwise.
inline bool exact_decimal(bool negative, std::uint64_t mantissa, std::size_t fraction, double& out) noexcept {
  static constexpr double powers[20] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,
                                        1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19};
  if (mantissa > (std::uint64_t{1} << 53) || fraction >= 20) return false;
  const double value = static_cast<double>(mantissa) / powers[fraction];
  out = negative ? -value : value;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date; the date must exist. Howard Hinnant's
// days_from_civil, exact for the whole calendar; inline because every date and datetime cell
// computes it.
inline std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

inline bool is_valid_date(std::int64_t year, unsigned month, unsigned day) noexcept {
  // The days of months 1-12 beyond 28, two bits each: no table load and no branch on the common
  // path, which dates spread over every month and day would mispredict.
  constexpr std::uint32_t beyond_28 = (3u << 2) | (1u << 4) | (3u << 6) | (2u << 8) | (3u << 10) | (2u << 12) |
                                      (3u << 14) | (3u << 16) | (2u << 18) | (3u << 20) | (2u << 22) | (3u << 24);
  const unsigned last_day = 28 + ((beyond_28 >> (2 * (month & 15))) & 3);
  const bool ok = (month - 1 < 12) & (day - 1 < last_day);
  // Only 29 February needs the leap-year rule.
  if (month == 2 && day == 29) [[unlikely]] return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return ok;
}
// The inverse, for messages and tests.
void civil_from_days(std::int64_t days, std::int64_t& year, unsigned& month, unsigned& day) noexcept;

// "YYYY-MM-DD", years 0001-9999.
ParseStatus parse_iso_date(std::string_view text, std::int64_t& days) noexcept;

// RFC 3339 / ISO 8601 extended: date, 'T' (or 't' or ' '), hh:mm:ss, optional fraction, optional
// offset (Z, +hh:mm, +hhmm, +hh). Without an offset the time is taken as UTC.
ParseStatus parse_iso_datetime(std::string_view text, Instant& out) noexcept;

// Two ASCII digits at p as a number, or a negative value. Straight-line: the date and time fields
// sit at fixed positions, so no loop (and no mispredicted loop exit) is needed.
inline int two_digits(const char* p) noexcept {
  const unsigned a = static_cast<unsigned>(static_cast<unsigned char>(p[0])) - '0';
  const unsigned b = static_cast<unsigned>(static_cast<unsigned char>(p[1])) - '0';
  return (a < 10 && b < 10) ? static_cast<int>(a * 10 + b) : -1;
}

// The fixed part of an ISO datetime, "YYYY-MM-DDThh:mm:ss", at p (19 readable bytes): whether its
// digits and separators are in place (the date-time separator at 10 excepted, which the caller
// checks) and its six numbers, hours to 23, minutes to 59 and seconds to 60 (a leap second, which
// RFC 3339 allows). Date validity is the caller's.
struct IsoDateTimeParts {
  unsigned year, month, day, hour, minute, second;
};

#if defined(__SSE2__)
// Two overlapping 16-byte loads, at 0 and at 3 (the last one ends at byte 19), checked against
// the layout in one compare each; the two-digit numbers come out of 16-bit lanes, pairs at even
// offsets directly and pairs at odd offsets from the load shifted by one byte.
inline bool iso_datetime_parts(const char* p, IsoDateTimeParts& out) noexcept {
  const __m128i zero = _mm_set1_epi8('0');
  const __m128i a = _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), zero);      // bytes 0-15
  const __m128i b = _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 3)), zero);  // bytes 3-18
  const __m128i nine = _mm_set1_epi8(9);
  const auto digits_a = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(a, nine), a)));
  const auto digits_b = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(b, nine), b)));
  // '-' at 4 and 7, ':' at 13 (in a) and 16 (offset 13 in b).
  const __m128i separators = _mm_setr_epi8(0, 0, 0, 0, '-' - '0', 0, 0, '-' - '0', 0, 0, 0, 0, 0, ':' - '0', 0, 0);
  const auto seps_a = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(a, separators)));
  const auto seps_b = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(b, separators)));
  constexpr unsigned want_digits_a = 0b1101101101101111;  // 0-3, 5-6, 8-9, 11-12, 14-15
  constexpr unsigned want_seps = 0b0010000010010000;      // 4, 7, 13
  if ((digits_a & want_digits_a) != want_digits_a || (seps_a & want_seps) != want_seps ||
      (digits_b & 0xC000u) != 0xC000u || (seps_b & 0x2000u) == 0) {
    return false;
  }
  // Lane k of pairs(v): v[2k] * 10 + v[2k + 1].
  auto pairs = [](__m128i v) {
    return _mm_add_epi16(_mm_mullo_epi16(_mm_and_si128(v, _mm_set1_epi16(0xFF)), _mm_set1_epi16(10)), _mm_srli_epi16(v, 8));
  };
  const __m128i even = pairs(a);                      // lanes: 0 YY, 1 YY, 4 DD, 7 mm
  const __m128i odd = pairs(_mm_srli_si128(a, 1));    // lanes: 2 MM (5-6), 5 hh (11-12)
  const __m128i tail = pairs(b);                      // lane 7: ss (17-18)
  out.year = static_cast<unsigned>(_mm_extract_epi16(even, 0) * 100 + _mm_extract_epi16(even, 1));
  out.month = static_cast<unsigned>(_mm_extract_epi16(odd, 2));
  out.day = static_cast<unsigned>(_mm_extract_epi16(even, 4));
  out.hour = static_cast<unsigned>(_mm_extract_epi16(odd, 5));
  out.minute = static_cast<unsigned>(_mm_extract_epi16(even, 7));
  out.second = static_cast<unsigned>(_mm_extract_epi16(tail, 7));
  return out.hour <= 23 && out.minute <= 59 && out.second <= 60;
}
#else
inline bool iso_datetime_parts(const char* p, IsoDateTimeParts& out) noexcept {
  const int y1 = two_digits(p), y2 = two_digits(p + 2), mo = two_digits(p + 5), d = two_digits(p + 8);
  const int h = two_digits(p + 11), mi = two_digits(p + 14), s = two_digits(p + 17);
  if ((y1 | y2 | mo | d | h | mi | s) < 0 || p[4] != '-' || p[7] != '-' || p[13] != ':' || p[16] != ':') return false;
  out = {static_cast<unsigned>(y1 * 100 + y2), static_cast<unsigned>(mo), static_cast<unsigned>(d),
         static_cast<unsigned>(h), static_cast<unsigned>(mi), static_cast<unsigned>(s)};
  return out.hour <= 23 && out.minute <= 59 && out.second <= 60;
}
#endif

// The fixed part at p as a datetime: iso_datetime_parts, the date-time separator ('T', 't' or a
// space) and a date that exists in years 0001-9999.
inline bool iso_datetime_start(const char* p, IsoDateTimeParts& parts) noexcept {
  const char sep = p[10];
  return iso_datetime_parts(p, parts) && (sep == 'T' || sep == 't' || sep == ' ') && parts.year != 0 &&
         is_valid_date(parts.year, parts.month, parts.day);
}

// Whether parse_iso_datetime would accept `text`, without computing the instant. The commonest
// form, "YYYY-MM-DDThh:mm:ssZ", is decided inline; is_iso_datetime_any decides every form.
bool is_iso_datetime_any(std::string_view text) noexcept;
inline bool is_iso_datetime(std::string_view text) noexcept {
  if (text.size() == 20 && (text[19] == 'Z' || text[19] == 'z')) {
    IsoDateTimeParts parts;
    return iso_datetime_start(text.data(), parts);
  }
  return is_iso_datetime_any(text);
}

// A strptime-style format compiled once. Supported directives: %Y %y %m %d %j %H %I %p %M %S %f
// %z %b %B %%; every other character must match literally.
class TemporalFormat {
 public:
  TemporalFormat() = default;
  // Throws std::invalid_argument naming the directive when the format uses one not supported.
  explicit TemporalFormat(std::string_view format);

  bool empty() const noexcept { return ops_.empty(); }
  ParseStatus parse_date(std::string_view text, std::int64_t& days) const noexcept;
  ParseStatus parse_datetime(std::string_view text, Instant& out) const noexcept;

 private:
  struct Op {
    char directive;  // 0 for a literal
    char literal;
  };
  struct Parts;
  bool parse_parts(std::string_view text, Parts& parts) const noexcept;
  std::vector<Op> ops_;
};

// Whole-value UTF-8 validation (RFC 3629: no overlongs, no surrogates, max U+10FFFF).
bool is_valid_utf8(std::string_view text) noexcept;
// Position of the first invalid byte, or text.size() when valid.
std::size_t first_invalid_utf8(std::string_view text) noexcept;
// Number of code points of valid UTF-8 text.
std::uint64_t utf8_length_any(std::string_view text) noexcept;
inline std::uint64_t utf8_length(std::string_view text) noexcept {
  // Most lengths are checked on short ASCII values: 8 to 32 bytes are read as four overlapping
  // words (the first and last 16 bytes), and without a high bit among them every byte is a code
  // point.
  const std::size_t n = text.size();
  if (n >= 8 && n <= 32) {
    const char* p = text.data();
    const std::size_t second = n >= 16 ? 8 : 0;  // (8..15 bytes: the first word twice)
    std::uint64_t w[4];
    std::memcpy(&w[0], p, 8);
    std::memcpy(&w[1], p + second, 8);
    std::memcpy(&w[2], p + n - 8 - second, 8);
    std::memcpy(&w[3], p + n - 8, 8);
    if (((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ULL) == 0) return n;
  }
  return utf8_length_any(text);
}
// `text` cut to at most `max_bytes` on a character boundary, invalid sequences replaced by U+FFFD.
std::string display_value(std::string_view text, std::size_t max_bytes = 80);

// String formats from Table Schema.
bool is_email(std::string_view text) noexcept;
bool is_uri(std::string_view text) noexcept;
bool is_uuid(std::string_view text) noexcept;
bool is_base64(std::string_view text) noexcept;

// The shortest text that reads back as the same double, in plain decimals for magnitudes from
// 1e-5 to 1e16 ("0.01", "1000000") and in exponent form beyond ("1e+300"); "NaN", "INF", "-INF".
std::string format_double(double value);

}  // namespace rowguard::detail
