// JSON and text reports. The JSON writer escapes by hand (no allocation per value beyond the
// output string) and prints keys in a fixed order, so equal results give byte-equal reports.
#include "rowguard/report.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <string>
#include <vector>

#include "check/values.hpp"

namespace rowguard {
namespace {

std::string with_commas(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  int count = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (count && count % 3 == 0) out.push_back(',');
    out.push_back(*it);
    ++count;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string human_rate(double per_second) {
  if (per_second >= 1e9) return fixed(per_second / 1e9, 2) + "G";
  if (per_second >= 1e6) return fixed(per_second / 1e6, 2) + "M";
  if (per_second >= 1e3) return fixed(per_second / 1e3, 1) + "K";
  return fixed(per_second, 0);
}

std::string human_bytes(std::uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  return u == 0 ? std::to_string(bytes) + " B" : fixed(v, 1) + " " + units[u];
}

void append_uint(std::string& out, std::uint64_t v) { out += std::to_string(v); }

void append_double(std::string& out, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  out += buf;
}

// Appends the character of `s` at `i` (UTF-8, `len` bytes) as the text report shows it and
// returns the display columns it takes. Line breaks and tabs become spaces; other control
// characters (C0, DEL and the C1 range U+0080-U+009F), which data may carry to make a terminal
// move the cursor, change colours or set its title, are shown escaped (\x1b, \u009b).
std::size_t append_shown(std::string& out, std::string_view s, std::size_t i, std::size_t len) {
  const auto c = static_cast<unsigned char>(s[i]);
  char buf[8];
  if (len == 1 && (c == '\n' || c == '\r' || c == '\t')) {
    out.push_back(' ');
    return 1;
  }
  if (len == 1 && (c < 0x20 || c == 0x7F)) {
    std::snprintf(buf, sizeof buf, "\\x%02x", c);
    out += buf;
    return 4;
  }
  if (len == 2 && c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(s[i + 1]));
    out += buf;
    return 6;
  }
  out.append(s.substr(i, len));
  return 1;
}

std::size_t utf8_sequence_length(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

// `s` as the text report shows it (see append_shown), whole.
std::string shown(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = std::min(utf8_sequence_length(static_cast<unsigned char>(s[i])), s.size() - i);
    append_shown(out, s, i, len);
    i += len;
  }
  return out;
}

// Pads or cuts `s` to `width` display columns, counting UTF-8 characters.
std::string cell(std::string_view s, std::size_t width) {
  std::string out;
  std::size_t columns = 0;
  for (std::size_t i = 0; i < s.size() && columns < width;) {
    const std::size_t len = std::min(utf8_sequence_length(static_cast<unsigned char>(s[i])), s.size() - i);
    columns += append_shown(out, s, i, len);
    i += len;
  }
  if (columns < width) out.append(width - columns, ' ');
  return out;
}

double rows_per_second(const ValidationResult& r) {
  return r.elapsed_seconds > 0 ? static_cast<double>(r.total_rows) / r.elapsed_seconds : 0.0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  // JSON text is UTF-8 (RFC 8259 section 8.1). Finding values are already cleaned, but a source
  // name (a file name is any bytes) or a caller's text may not be: show bad bytes as U+FFFD.
  std::string cleaned;
  if (!detail::is_valid_utf8(text)) {
    cleaned = detail::display_value(text, text.size() * 3);
    text = cleaned;
  }
  out.push_back('"');
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

void write_json_report(std::ostream& os, const ValidationResult& r, std::string_view source) {
  std::string out;
  out.reserve(512 + r.findings.size() * 200);
  auto key = [&out](std::string_view k) {
    if (out.back() != '{') out.push_back(',');
    append_json_string(out, k);
    out.push_back(':');
  };
  auto optional_string = [&out](std::string_view s) {
    if (s.empty()) out += "null";
    else append_json_string(out, s);
  };
  out.push_back('{');
  key("source");
  append_json_string(out, source);
  key("valid");
  out += r.is_valid() ? "true" : "false";
  key("total_rows");
  append_uint(out, r.total_rows);
  key("valid_rows");
  append_uint(out, r.valid_rows);
  key("invalid_rows");
  append_uint(out, r.invalid_rows);
  key("error_counts");
  out.push_back('[');
  for (std::size_t i = 0; i < r.error_counts.size(); ++i) {
    const ErrorCount& c = r.error_counts[i];
    if (i) out.push_back(',');
    out.push_back('{');
    key("field");
    optional_string(c.field);
    key("type");
    append_json_string(out, to_string(c.type));
    key("constraint");
    optional_string(to_string(c.constraint));
    key("count");
    append_uint(out, c.count);
    out.push_back('}');
  }
  out.push_back(']');
  key("errors");
  out.push_back('[');
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    if (i) out.push_back(',');
    out.push_back('{');
    key("row");
    append_uint(out, f.row);
    key("line");
    append_uint(out, f.line);
    key("byte");
    append_uint(out, f.byte);
    key("field");
    optional_string(f.field);
    key("field_number");
    if (f.field_number == 0) out += "null";
    else append_uint(out, f.field_number);
    key("type");
    append_json_string(out, to_string(f.type));
    key("constraint");
    optional_string(to_string(f.constraint));
    key("message");
    append_json_string(out, f.message);
    key("value");
    append_json_string(out, f.value);
    out.push_back('}');
  }
  out.push_back(']');
  key("errors_truncated");
  out += r.findings_truncated ? "true" : "false";
  key("bytes");
  append_uint(out, r.bytes_read);
  key("kernel");
  append_json_string(out, r.kernel);
  key("elapsed_s");
  append_double(out, r.elapsed_seconds);
  key("rows_per_s");
  append_double(out, rows_per_second(r));
  out += "}\n";
  os << out;
}

std::string summary_line(const ValidationResult& r, std::string_view source) {
  std::string s = shown(source);
  s += r.is_valid() ? ": valid, " : ": INVALID, ";
  s += with_commas(r.total_rows) + " rows";
  if (!r.is_valid()) {
    s += ", " + with_commas(r.invalid_rows) + " invalid, " + with_commas(r.total_findings()) + " findings";
  }
  s += ", " + human_bytes(r.bytes_read) + " in " + fixed(r.elapsed_seconds, 3) + " s (" +
       human_rate(rows_per_second(r)) + " rows/s)";
  return s;
}

void write_text_report(std::ostream& os, const ValidationResult& r, std::string_view source,
                       std::size_t max_table_rows) {
  std::string out = summary_line(r, source) + "\n";
  if (!r.error_counts.empty()) {
    std::size_t fw = 7;
    for (const auto& c : r.error_counts) fw = std::max(fw, std::min<std::size_t>(c.field.size(), 30));
    out += "\nFindings by field and type\n";
    out += "  " + cell("field", fw) + "  " + cell("type", 18) + "  " + cell("constraint", 16) + "  count\n";
    for (const auto& c : r.error_counts) {
      out += "  " + cell(c.field.empty() ? "(none)" : c.field, fw) + "  " + cell(to_string(c.type), 18) + "  " +
             cell(to_string(c.constraint), 16) + "  " + with_commas(c.count) + "\n";
    }
  }
  if (!r.findings.empty() && max_table_rows > 0) {
    std::size_t shown = std::min(max_table_rows, r.findings.size());
    out += "\nFirst " + std::to_string(shown) + " of " + with_commas(r.total_findings()) + " findings\n";
    out += "  " + cell("row", 10) + "  " + cell("line", 10) + "  " + cell("byte", 12) + "  " + cell("field", 16) +
           "  " + cell("type", 18) + "  message\n";
    for (std::size_t i = 0; i < shown; ++i) {
      const Finding& f = r.findings[i];
      out += "  " + cell(std::to_string(f.row), 10) + "  " + cell(std::to_string(f.line), 10) + "  " +
             cell(std::to_string(f.byte), 12) + "  " + cell(f.field.empty() ? "-" : f.field, 16) + "  " +
             cell(to_string(f.type), 18) + "  " + cell(f.message, 200) + "\n";
    }
    // Trailing padding from the last column is noise.
    std::string trimmed;
    std::size_t start = 0;
    while (start < out.size()) {
      std::size_t nl = out.find('\n', start);
      std::string line = out.substr(start, nl - start);
      while (!line.empty() && line.back() == ' ') line.pop_back();
      trimmed += line + "\n";
      start = nl + 1;
    }
    out = std::move(trimmed);
  }
  os << out;
}

}  // namespace rowguard
