#include "check/values.hpp"

#include <fast_float/fast_float.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace rowguard::detail {
namespace {

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at `p`; false if any is not a digit.
bool read_fixed(const char* p, int n, unsigned& out) noexcept {
  unsigned v = 0;
  for (int i = 0; i < n; ++i) {
    if (!is_digit(p[i])) return false;
    v = v * 10 + static_cast<unsigned>(p[i] - '0');
  }
  out = v;
  return true;
}

char lower_ascii(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower_ascii(a[i]) != lower_ascii(b[i])) return false;
  }
  return true;
}

constexpr std::array<std::string_view, 12> month_names{"january", "february", "march",     "april",
                                                        "may",     "june",     "july",      "august",
                                                        "september", "october", "november", "december"};

constexpr std::int64_t seconds_per_day = 86400;

// Parses "Z", "z", "+hh:mm", "+hhmm" or "+hh" at text[pos..]; returns the offset in seconds.
bool parse_offset(std::string_view text, std::size_t& pos, std::int64_t& offset) noexcept {
  if (pos >= text.size()) return false;
  char c = text[pos];
  if (c == 'Z' || c == 'z') {
    offset = 0;
    ++pos;
    return true;
  }
  if (c != '+' && c != '-') return false;
  std::size_t rest = text.size() - pos - 1;
  const char* p = text.data() + pos + 1;
  unsigned hh = 0, mm = 0;
  std::size_t used = 0;
  if (rest >= 5 && p[2] == ':') {
    if (!read_fixed(p, 2, hh) || !read_fixed(p + 3, 2, mm)) return false;
    used = 5;
  } else if (rest >= 4 && is_digit(p[2])) {
    if (!read_fixed(p, 2, hh) || !read_fixed(p + 2, 2, mm)) return false;
    used = 4;
  } else if (rest >= 2) {
    if (!read_fixed(p, 2, hh)) return false;
    used = 2;
  } else {
    return false;
  }
  if (hh > 23 || mm > 59) return false;
  offset = (c == '-' ? -1 : 1) * static_cast<std::int64_t>(hh * 3600 + mm * 60);
  pos += 1 + used;
  return true;
}

// Fractional seconds: one or more digits; the first nine are kept as nanoseconds.
bool parse_fraction(std::string_view text, std::size_t& pos, std::int32_t& nanos) noexcept {
  std::size_t start = pos;
  std::int32_t value = 0;
  int kept = 0;
  while (pos < text.size() && is_digit(text[pos])) {
    if (kept < 9) {
      value = value * 10 + (text[pos] - '0');
      ++kept;
    }
    ++pos;
  }
  if (pos == start) return false;
  for (; kept < 9; ++kept) value *= 10;
  nanos = value;
  return true;
}

}  // namespace

ParseStatus parse_int64(std::string_view text, std::int64_t& out) noexcept {
  const char* p = text.data();
  const char* end = p + text.size();
  bool negative = false;
  if (p != end && (*p == '+' || *p == '-')) {
    negative = *p == '-';
    ++p;
  }
  if (p == end) return ParseStatus::invalid;
  std::uint64_t value = 0;
  bool overflow = false;
  for (; p != end; ++p) {
    if (!is_digit(*p)) return ParseStatus::invalid;
    auto digit = static_cast<std::uint64_t>(*p - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) overflow = true;
    value = value * 10 + digit;
  }
  constexpr auto max_positive = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (overflow || value > max_positive + (negative ? 1 : 0)) return ParseStatus::out_of_range;
  // Negating in unsigned arithmetic keeps INT64_MIN exact.
  out = negative ? static_cast<std::int64_t>(~value + 1) : static_cast<std::int64_t>(value);
  return ParseStatus::ok;
}

namespace {

// Plain decimals ("123.45", "-7", ".5") are read exactly when one division does it (see
// exact_decimal). Anything else goes to fast_float.
bool parse_plain_decimal(std::string_view text, double& out) noexcept {
  bool negative = false;
  std::uint64_t mantissa = 0;
  std::size_t fraction = 0, digits = 0;
  return split_plain_decimal(text, negative, mantissa, fraction, digits) &&
         exact_decimal(negative, mantissa, fraction, out);
}

}  // namespace

ParseStatus parse_double(std::string_view text, double& out) noexcept {
  if (text.empty()) return ParseStatus::invalid;
  if (parse_plain_decimal(text, out)) return ParseStatus::ok;
  if (text == "NaN") {
    out = std::numeric_limits<double>::quiet_NaN();
    return ParseStatus::ok;
  }
  if (text == "INF" || text == "+INF") {
    out = std::numeric_limits<double>::infinity();
    return ParseStatus::ok;
  }
  if (text == "-INF") {
    out = -std::numeric_limits<double>::infinity();
    return ParseStatus::ok;
  }
  const char* p = text.data();
  const char* end = p + text.size();
  // fast_float takes no '+', so skip it here; one sign only ("+-1" is not a number).
  const char* first = p;
  if (*p == '+') first = ++p;
  else if (*p == '-') first = p + 1;
  // fast_float also reads "inf", "nan" and "infinity"; Table Schema allows only the spellings
  // above, so the first character after the sign must start a decimal number.
  if (first == end || !(is_digit(*first) || *first == '.')) return ParseStatus::invalid;
  double value = 0;
  auto result = fast_float::from_chars(p, end, value);
  if (result.ptr != end) return ParseStatus::invalid;
  if (result.ec != std::errc() && result.ec != std::errc::result_out_of_range) {
    return ParseStatus::invalid;
  }
  out = value;
  return ParseStatus::ok;
}

void civil_from_days(std::int64_t days, std::int64_t& year, unsigned& month, unsigned& day) noexcept {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
}

namespace {

// "YYYY-MM-DD" at p (ten readable bytes).
inline bool iso_date_at(const char* p, std::int64_t& days) noexcept {
  const int y1 = two_digits(p), y2 = two_digits(p + 2), m = two_digits(p + 5), d = two_digits(p + 8);
  if ((y1 | y2 | m | d) < 0 || p[4] != '-' || p[7] != '-') return false;
  const int year = y1 * 100 + y2;
  if (year == 0 || !is_valid_date(year, static_cast<unsigned>(m), static_cast<unsigned>(d))) return false;
  days = days_from_civil(year, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

}  // namespace

ParseStatus parse_iso_date(std::string_view text, std::int64_t& days) noexcept {
  if (text.size() != 10 || !iso_date_at(text.data(), days)) return ParseStatus::invalid;
  return ParseStatus::ok;
}

namespace {

// `WantValue` false: only whether the text is a datetime, without computing the instant.
template <bool WantValue>
ParseStatus read_iso_datetime(std::string_view text, Instant& out) noexcept {
  // Shortest form: YYYY-MM-DDThh:mm:ss (19 characters).
  if (text.size() < 19) return ParseStatus::invalid;
  const char* p = text.data();
  IsoDateTimeParts parts;
  if (!iso_datetime_start(p, parts)) return ParseStatus::invalid;
  const unsigned year = parts.year, month = parts.month, day = parts.day;
  const unsigned hh = parts.hour, mm = parts.minute, ss = parts.second;
  std::size_t pos = 19;
  std::int32_t nanos = 0;
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    ++pos;
    if (!parse_fraction(text, pos, nanos)) return ParseStatus::invalid;
  }
  std::int64_t offset = 0;
  if (pos + 1 == text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;  // the usual UTC designator, without a call
  } else if (pos < text.size() && !parse_offset(text, pos, offset)) {
    return ParseStatus::invalid;
  }
  if (pos != text.size()) return ParseStatus::invalid;
  if constexpr (WantValue) {
    // Second 60 (a leap second) counts as the start of the next minute.
    out.seconds = days_from_civil(year, month, day) * seconds_per_day + hh * 3600 + mm * 60 + ss - offset;
    out.nanos = nanos;
  }
  return ParseStatus::ok;
}

}  // namespace

ParseStatus parse_iso_datetime(std::string_view text, Instant& out) noexcept { return read_iso_datetime<true>(text, out); }

bool is_iso_datetime_any(std::string_view text) noexcept {
  Instant unused;
  return read_iso_datetime<false>(text, unused) == ParseStatus::ok;
}

// ---- strptime-style formats ----------------------------------------------------------------

struct TemporalFormat::Parts {
  std::int64_t year = 1900;
  unsigned month = 1, day = 1, yday = 0;
  unsigned hour = 0, minute = 0, second = 0;
  std::int32_t nanos = 0;
  int pm = -1;  // -1: no %p; 0: AM; 1: PM
  bool hour12 = false;
  std::int64_t offset = 0;
};

TemporalFormat::TemporalFormat(std::string_view format) {
  for (std::size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if (c != '%') {
      ops_.push_back({0, c});
      continue;
    }
    if (i + 1 >= format.size()) throw std::invalid_argument("format ends with a lone '%'");
    char d = format[++i];
    switch (d) {
      case 'Y': case 'y': case 'm': case 'd': case 'j': case 'H': case 'I': case 'p':
      case 'M': case 'S': case 'f': case 'z': case 'b': case 'B':
        ops_.push_back({d, 0});
        break;
      case '%':
        ops_.push_back({0, '%'});
        break;
      default:
        throw std::invalid_argument(std::string("unsupported directive %") + d);
    }
  }
}

bool TemporalFormat::parse_parts(std::string_view text, Parts& parts) const noexcept {
  std::size_t pos = 0;
  // Reads 1..max_digits digits (as strptime does for numeric fields).
  auto read_number = [&](int max_digits, unsigned& out) {
    unsigned v = 0;
    int n = 0;
    while (n < max_digits && pos < text.size() && is_digit(text[pos])) {
      v = v * 10 + static_cast<unsigned>(text[pos] - '0');
      ++pos;
      ++n;
    }
    out = v;
    return n > 0;
  };
  for (const Op& op : ops_) {
    unsigned v = 0;
    switch (op.directive) {
      case 0:
        if (pos >= text.size() || text[pos] != op.literal) return false;
        ++pos;
        break;
      case 'Y':
        if (pos + 4 > text.size() || !read_fixed(text.data() + pos, 4, v)) return false;
        pos += 4;
        parts.year = v;
        break;
      case 'y':
        if (pos + 2 > text.size() || !read_fixed(text.data() + pos, 2, v)) return false;
        pos += 2;
        parts.year = v < 69 ? 2000 + v : 1900 + v;  // POSIX pivot, as Python's strptime
        break;
      case 'm':
        if (!read_number(2, v)) return false;
        parts.month = v;
        break;
      case 'd':
        if (!read_number(2, v)) return false;
        parts.day = v;
        break;
      case 'j':
        if (!read_number(3, v) || v < 1 || v > 366) return false;
        parts.yday = v;
        break;
      case 'H':
        if (!read_number(2, v) || v > 23) return false;
        parts.hour = v;
        break;
      case 'I':
        if (!read_number(2, v) || v < 1 || v > 12) return false;
        parts.hour = v;
        parts.hour12 = true;
        break;
      case 'p': {
        if (pos + 2 > text.size()) return false;
        std::string_view ampm = text.substr(pos, 2);
        if (iequals(ampm, "AM")) parts.pm = 0;
        else if (iequals(ampm, "PM")) parts.pm = 1;
        else return false;
        pos += 2;
        break;
      }
      case 'M':
        if (!read_number(2, v) || v > 59) return false;
        parts.minute = v;
        break;
      case 'S':
        if (!read_number(2, v) || v > 60) return false;
        parts.second = v;
        break;
      case 'f':
        if (!parse_fraction(text, pos, parts.nanos)) return false;
        break;
      case 'z':
        if (!parse_offset(text, pos, parts.offset)) return false;
        break;
      case 'b':
      case 'B': {
        bool matched = false;
        for (unsigned m = 0; m < 12 && !matched; ++m) {
          std::string_view name = month_names[m];
          std::string_view want = op.directive == 'b' ? name.substr(0, 3) : name;
          if (pos + want.size() <= text.size() && iequals(text.substr(pos, want.size()), want)) {
            parts.month = m + 1;
            pos += want.size();
            matched = true;
          }
        }
        if (!matched) return false;
        break;
      }
      default:
        return false;
    }
  }
  if (pos != text.size()) return false;
  if (parts.hour12) {
    if (parts.pm < 0) return false;
    parts.hour = parts.hour % 12 + (parts.pm == 1 ? 12u : 0u);
  }
  if (parts.yday != 0) {
    std::int64_t jan1 = days_from_civil(parts.year, 1, 1);
    std::int64_t y = 0;
    civil_from_days(jan1 + parts.yday - 1, y, parts.month, parts.day);
    if (y != parts.year) return false;
  }
  return parts.year >= 1 && is_valid_date(parts.year, parts.month, parts.day);
}

ParseStatus TemporalFormat::parse_date(std::string_view text, std::int64_t& days) const noexcept {
  Parts parts;
  if (!parse_parts(text, parts)) return ParseStatus::invalid;
  days = days_from_civil(parts.year, parts.month, parts.day);
  return ParseStatus::ok;
}

ParseStatus TemporalFormat::parse_datetime(std::string_view text, Instant& out) const noexcept {
  Parts parts;
  if (!parse_parts(text, parts)) return ParseStatus::invalid;
  std::int64_t days = days_from_civil(parts.year, parts.month, parts.day);
  out.seconds = days * seconds_per_day + parts.hour * 3600 + parts.minute * 60 + parts.second -
                parts.offset;
  out.nanos = parts.nanos;
  return ParseStatus::ok;
}

// ---- UTF-8 -----------------------------------------------------------------------------------

std::size_t first_invalid_utf8(std::string_view text) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // Skip ASCII eight bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t word;
      __builtin_memcpy(&word, s + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;       // no overlongs
      else if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;       // no overlongs
      else if (c == 0xF4) hi = 0x8F;  // nothing past U+10FFFF
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return n;
}

namespace {

// Length of the maximal subpart at the start of `bad`, which begins an invalid sequence: a lead
// byte and the continuation bytes that were still valid before the sequence broke off. Unicode
// (section 3.9, "U+FFFD Substitution of Maximal Subparts") and the WHATWG decoder replace each
// maximal subpart by one U+FFFD, so a truncated "\xE2\x82" becomes one replacement, not two.
std::size_t invalid_subpart_length(std::string_view bad) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(bad.data());
  unsigned char c = s[0];
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    else if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;
  } else {
    return 1;  // never a lead byte
  }
  std::size_t n = 1;
  while (n < len && n < bad.size()) {
    unsigned char b = s[n];
    bool ok = n == 1 ? (b >= lo && b <= hi) : (b & 0xC0) == 0x80;
    if (!ok) break;
    ++n;
  }
  return n;
}

}  // namespace

bool is_valid_utf8(std::string_view text) noexcept { return first_invalid_utf8(text) == text.size(); }

std::uint64_t utf8_length_any(std::string_view text) noexcept {
  // Code points = bytes - continuation bytes (10xxxxxx), counted eight bytes at a time: a byte is a
  // continuation when bit 7 is set and bit 6 is clear.
  constexpr std::uint64_t high = 0x8080808080808080ULL;
  const char* p = text.data();
  std::size_t n = text.size();
  std::uint64_t continuation = 0;
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    // One bit per byte at bit 7: shift to bit 0 and add the bytes with a multiply (baseline x86-64
    // has no POPCNT instruction).
    const std::uint64_t flags = (w & ~(w << 1) & high) >> 7;
    continuation += (flags * 0x0101010101010101ULL) >> 56;
  }
  if (n > 0) {
    std::uint64_t w = 0;
    if (text.size() >= 8) {
      // Reload the last eight bytes and drop the ones already counted: no loop over the tail.
      std::memcpy(&w, text.data() + text.size() - 8, 8);
      w >>= 8 * (8 - n);
    } else {
      for (std::size_t i = 0; i < n; ++i) w |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
    }
    const std::uint64_t flags = (w & ~(w << 1) & high) >> 7;
    continuation += (flags * 0x0101010101010101ULL) >> 56;
  }
  return text.size() - continuation;
}

std::string display_value(std::string_view text, std::size_t max_bytes) {
  std::string out;
  out.reserve(text.size() < max_bytes ? text.size() : max_bytes);
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t bad = first_invalid_utf8(text.substr(i));
    std::size_t good_end = i + bad;
    // Copy the valid run, stopping at a character boundary within the budget.
    for (std::size_t j = i; j < good_end; ) {
      auto c = static_cast<unsigned char>(text[j]);
      std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      if (out.size() + len > max_bytes) return out;
      out.append(text.data() + j, len);
      j += len;
    }
    if (good_end >= text.size()) break;
    if (out.size() + 3 > max_bytes) return out;
    out.append("\xEF\xBF\xBD");
    i = good_end + invalid_subpart_length(text.substr(good_end));
  }
  return out;
}

// ---- string formats --------------------------------------------------------------------------

bool is_email(std::string_view text) noexcept {
  // A practical check, not RFC 5322: one '@', a non-empty local part, a dotted domain of
  // non-empty labels, no whitespace or control characters.
  std::size_t at = text.find('@');
  if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
  }
  std::string_view domain = text.substr(at + 1);
  if (domain.empty() || domain.find('.') == std::string_view::npos) return false;
  if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos) {
    return false;
  }
  return true;
}

bool is_uri(std::string_view text) noexcept {
  // RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ':' and a non-empty rest
  // without whitespace or control characters.
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= text.size()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!alpha(text[0])) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    char c = text[i];
    if (!(alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.')) return false;
  }
  for (char c : text.substr(colon + 1)) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
  }
  return true;
}

bool is_uuid(std::string_view text) noexcept {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!(is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

bool is_base64(std::string_view text) noexcept {
  if (text.size() % 4 != 0) return false;
  std::size_t padding = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '+' ||
                    c == '/';
    if (c == '=') {
      ++padding;
      if (i + 2 < text.size()) return false;  // padding only in the last two positions
    } else if (!alphabet || padding > 0) {
      return false;
    }
  }
  return padding <= 2;
}

// ---- formatting for messages -----------------------------------------------------------------

std::string format_double(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "INF" : "-INF";
  // Plain decimals read best ("1000000", "0.0001"); very large or small magnitudes use exponents.
  const double magnitude = std::fabs(value);
  const bool plain = magnitude == 0 || (magnitude >= 1e-5 && magnitude < 1e16);
  std::array<char, 64> buf{};
  auto result = std::to_chars(buf.data(), buf.data() + buf.size(), value,
                              plain ? std::chars_format::fixed : std::chars_format::scientific);
  return std::string(buf.data(), result.ptr);
}

}  // namespace rowguard::detail
