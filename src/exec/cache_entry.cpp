// Cache entries: one JSON file per result, read back only when every byte of the key matches. See
// cache_entry.hpp.
#include "exec/cache_entry.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <simdjson.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <limits>
#include <string>
#include <utility>

#include "check/values.hpp"
#include "io/fd.hpp"
#include "rowguard/report.hpp"

namespace rowguard::detail {
namespace {

namespace dom = simdjson::dom;

template <class Integer>
void append_number(std::string& out, Integer v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void append_key(std::string& out, std::string_view key) {
  if (out.back() != '{') out.push_back(',');
  out.push_back('"');
  out += key;
  out += "\":";
}

// JSON strings are UTF-8; a string that is not (a header label may hold any bytes) is written as
// {"hex": "..."} so that it comes back byte for byte.
void append_exact_string(std::string& out, std::string_view s) {
  if (detail::is_valid_utf8(s)) {
    append_json_string(out, s);
    return;
  }
  static constexpr char digits[] = "0123456789abcdef";
  out += "{\"hex\":\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  out += "\"}";
}

void append_constraint(std::string& out, Constraint c) {
  if (c == Constraint::none) out += "null";
  else append_json_string(out, to_string(c));
}

// Readers of one entry: each returns false for anything but exactly the expected shape.
bool read_u64(dom::object o, std::string_view key, std::uint64_t& out) {
  return o.at_key(key).get_uint64().get(out) == simdjson::SUCCESS;
}

bool read_exact_string(dom::element e, std::string& out) {
  std::string_view s;
  if (e.get_string().get(s) == simdjson::SUCCESS) {
    out.assign(s);
    return true;
  }
  if (e.at_key("hex").get_string().get(s) != simdjson::SUCCESS || s.size() % 2 != 0) return false;
  out.clear();
  for (std::size_t i = 0; i < s.size(); i += 2) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(s.data() + i, s.data() + i + 2, value, 16);
    if (ec != std::errc() || end != s.data() + i + 2) return false;
    out.push_back(static_cast<char>(value));
  }
  return true;
}

bool read_string_field(dom::object o, std::string_view key, std::string& out) {
  dom::element e;
  return o.at_key(key).get(e) == simdjson::SUCCESS && read_exact_string(e, out);
}

bool read_type(dom::object o, ErrorType& out) {
  std::string_view s;
  if (o.at_key("type").get_string().get(s) != simdjson::SUCCESS) return false;
  auto t = error_type_from_string(s);
  if (!t) return false;
  out = *t;
  return true;
}

bool read_constraint(dom::object o, Constraint& out) {
  dom::element e;
  if (o.at_key("constraint").get(e) != simdjson::SUCCESS) return false;
  if (e.is_null()) {
    out = Constraint::none;
    return true;
  }
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) return false;
  auto c = constraint_from_string(s);
  if (!c || *c == Constraint::none) return false;
  out = *c;
  return true;
}

bool read_result(dom::object o, std::size_t max_findings, ValidationResult& r) {
  bool truncated = false;
  dom::array counts, findings;
  if (!read_u64(o, "total_rows", r.total_rows) || !read_u64(o, "valid_rows", r.valid_rows) ||
      !read_u64(o, "invalid_rows", r.invalid_rows) || !read_u64(o, "bytes_read", r.bytes_read) ||
      !read_string_field(o, "kernel", r.kernel) ||
      o.at_key("findings_truncated").get_bool().get(truncated) != simdjson::SUCCESS ||
      o.at_key("error_counts").get_array().get(counts) != simdjson::SUCCESS ||
      o.at_key("findings").get_array().get(findings) != simdjson::SUCCESS) {
    return false;
  }
  r.findings_truncated = truncated;
  if (r.valid_rows > r.total_rows || r.invalid_rows != r.total_rows - r.valid_rows || findings.size() > max_findings) {
    return false;
  }
  for (dom::element item : counts) {
    dom::object c;
    ErrorCount count;
    if (item.get_object().get(c) != simdjson::SUCCESS || !read_string_field(c, "field", count.field) ||
        !read_type(c, count.type) || !read_constraint(c, count.constraint) || !read_u64(c, "count", count.count)) {
      return false;
    }
    r.error_counts.push_back(std::move(count));
  }
  for (dom::element item : findings) {
    dom::object f;
    Finding finding;
    std::uint64_t field_number = 0;
    if (item.get_object().get(f) != simdjson::SUCCESS || !read_u64(f, "row", finding.row) ||
        !read_u64(f, "line", finding.line) || !read_u64(f, "byte", finding.byte) ||
        !read_string_field(f, "field", finding.field) || !read_u64(f, "field_number", field_number) ||
        field_number > UINT32_MAX || !read_type(f, finding.type) || !read_constraint(f, finding.constraint) ||
        !read_string_field(f, "message", finding.message) || !read_string_field(f, "value", finding.value)) {
      return false;
    }
    finding.field_number = static_cast<std::uint32_t>(field_number);
    r.findings.push_back(std::move(finding));
  }
  return true;
}

// The whole file at `path`: hit, absent (no such file) or rejected (unreadable, not a file).
Lookup read_whole(const std::filesystem::path& path, simdjson::padded_string& text) {
  // Non-blocking, so that a FIFO put in an entry's place cannot hang the open.
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) return errno == ENOENT ? Lookup::absent : Lookup::rejected;
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return Lookup::rejected;
  const auto size = static_cast<std::size_t>(st.st_size);
  text = simdjson::padded_string(size);
  for (std::size_t done = 0; done < size;) {
    ssize_t got = ::read(fd.get(), text.data() + done, size - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return Lookup::rejected;
    done += static_cast<std::size_t>(got);
  }
  return Lookup::hit;
}

bool read_i64(dom::object o, std::string_view key, std::int64_t& out) {
  return o.at_key(key).get_int64().get(out) == simdjson::SUCCESS;
}

// Bumped whenever the stat record layout changes; part of its name.
constexpr std::uint64_t stat_record_version = 1;

// 32 hex digits of XXH3-128 over `text`: the names of entries and stat records.
std::string xxh128_hex(const std::string& text) {
  XXH128_hash_t h = XXH3_128bits(text.data(), text.size());
  return ContentHash{h.high64, h.low64}.hex();
}

bool parse_hex128(std::string_view hex, ContentHash& out) {
  if (hex.size() != 32) return false;
  for (std::size_t half = 0; half < 2; ++half) {
    std::uint64_t v = 0;
    const char* begin = hex.data() + 16 * half;
    auto [end, ec] = std::from_chars(begin, begin + 16, v, 16);
    if (ec != std::errc() || end != begin + 16) return false;
    (half == 0 ? out.high : out.low) = v;
  }
  return true;
}

}  // namespace

std::string stat_record_name(const FileStat& s) {
  const std::string all = "rowguard-stat " + std::to_string(stat_record_version) + "\ndev " + std::to_string(s.dev) +
                          "\nino " + std::to_string(s.ino) + "\nsize " + std::to_string(s.size) + "\nmtime_ns " +
                          std::to_string(s.mtime_ns) + "\nctime_ns " + std::to_string(s.ctime_ns);
  return xxh128_hex(all) + ".stat.json";
}

std::string serialize_stat_record(const FileStat& s, const ContentHash& content) {
  std::string out = "{";
  append_key(out, "rowguard_stat");
  append_number(out, stat_record_version);
  append_key(out, "dev");
  append_number(out, s.dev);
  append_key(out, "ino");
  append_number(out, s.ino);
  append_key(out, "size");
  append_number(out, s.size);
  append_key(out, "mtime_ns");
  append_number(out, s.mtime_ns);
  append_key(out, "ctime_ns");
  append_number(out, s.ctime_ns);
  append_key(out, "content");
  append_json_string(out, content.hex());
  out += "}\n";
  return out;
}

bool read_stat_record(const std::filesystem::path& path, const FileStat& s, ContentHash& content) {
  simdjson::padded_string text;
  if (read_whole(path, text) != Lookup::hit) return false;
  dom::parser parser;
  dom::object root;
  FileStat r;
  std::uint64_t version = 0;
  std::string_view hex;
  return parser.parse(text).get_object().get(root) == simdjson::SUCCESS && read_u64(root, "rowguard_stat", version) &&
         version == stat_record_version && read_u64(root, "dev", r.dev) && read_u64(root, "ino", r.ino) &&
         read_u64(root, "size", r.size) && read_i64(root, "mtime_ns", r.mtime_ns) &&
         read_i64(root, "ctime_ns", r.ctime_ns) && r == s &&
         root.at_key("content").get_string().get(hex) == simdjson::SUCCESS && parse_hex128(hex, content);
}

KeyMaterial make_key(const ContentHash& content, const Plan& plan, Format format, std::size_t max_findings) {
  KeyMaterial k;
  k.content = content.hex();
  k.plan = plan.fingerprint();
  k.format = to_string(format);
  k.max_findings = max_findings;
  std::string all = "rowguard-cache " + std::to_string(cache_format_version) + "\ncontent " + k.content +
                    "\nplan " + k.plan + "\nformat " + std::string(k.format) + "\nmax_findings " +
                    std::to_string(k.max_findings);
  k.key = xxh128_hex(all);
  return k;
}

std::string serialize_entry(const KeyMaterial& k, const ValidationResult& r, std::int64_t created_ms) {
  std::string out;
  out.reserve(512 + r.findings.size() * 200 + r.error_counts.size() * 80);
  out.push_back('{');
  append_key(out, "rowguard_cache");
  append_number(out, cache_format_version);
  append_key(out, "key");
  append_json_string(out, k.key);
  append_key(out, "content");
  append_json_string(out, k.content);
  append_key(out, "plan");
  append_json_string(out, k.plan);
  append_key(out, "format");
  append_json_string(out, k.format);
  append_key(out, "max_findings");
  append_number(out, k.max_findings);
  append_key(out, "created_ms");
  append_number(out, static_cast<std::uint64_t>(std::max<std::int64_t>(created_ms, 0)));
  append_key(out, "result");
  out.push_back('{');
  append_key(out, "total_rows");
  append_number(out, r.total_rows);
  append_key(out, "valid_rows");
  append_number(out, r.valid_rows);
  append_key(out, "invalid_rows");
  append_number(out, r.invalid_rows);
  append_key(out, "bytes_read");
  append_number(out, r.bytes_read);
  append_key(out, "kernel");
  append_exact_string(out, r.kernel);
  append_key(out, "findings_truncated");
  out += r.findings_truncated ? "true" : "false";
  append_key(out, "error_counts");
  out.push_back('[');
  for (std::size_t i = 0; i < r.error_counts.size(); ++i) {
    const ErrorCount& c = r.error_counts[i];
    out += i ? ",{" : "{";
    append_key(out, "field");
    append_exact_string(out, c.field);
    append_key(out, "type");
    append_json_string(out, to_string(c.type));
    append_key(out, "constraint");
    append_constraint(out, c.constraint);
    append_key(out, "count");
    append_number(out, c.count);
    out.push_back('}');
  }
  out += "]";
  append_key(out, "findings");
  out.push_back('[');
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    out += i ? ",{" : "{";
    append_key(out, "row");
    append_number(out, f.row);
    append_key(out, "line");
    append_number(out, f.line);
    append_key(out, "byte");
    append_number(out, f.byte);
    append_key(out, "field");
    append_exact_string(out, f.field);
    append_key(out, "field_number");
    append_number(out, f.field_number);
    append_key(out, "type");
    append_json_string(out, to_string(f.type));
    append_key(out, "constraint");
    append_constraint(out, f.constraint);
    append_key(out, "message");
    append_exact_string(out, f.message);
    append_key(out, "value");
    append_exact_string(out, f.value);
    out.push_back('}');
  }
  out += "]}}\n";
  return out;
}

Lookup read_entry(const std::filesystem::path& path, const KeyMaterial& k, std::chrono::seconds ttl,
                  ValidationResult& out) {
  simdjson::padded_string text;
  if (Lookup got = read_whole(path, text); got != Lookup::hit) return got;
  dom::parser parser;
  dom::object root;
  if (parser.parse(text).get_object().get(root) != simdjson::SUCCESS) return Lookup::rejected;
  std::uint64_t version = 0, max_findings = 0, created_ms = 0;
  constexpr auto max_created_ms = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  std::string_view key, content, plan, format;
  dom::object result;
  if (!read_u64(root, "rowguard_cache", version) || version != cache_format_version ||
      root.at_key("key").get_string().get(key) != simdjson::SUCCESS || key != k.key ||
      root.at_key("content").get_string().get(content) != simdjson::SUCCESS || content != k.content ||
      root.at_key("plan").get_string().get(plan) != simdjson::SUCCESS || plan != k.plan ||
      root.at_key("format").get_string().get(format) != simdjson::SUCCESS || format != k.format ||
      !read_u64(root, "max_findings", max_findings) || max_findings != k.max_findings ||
      !read_u64(root, "created_ms", created_ms) || created_ms > max_created_ms ||
      root.at_key("result").get_object().get(result) != simdjson::SUCCESS) {
    return Lookup::rejected;
  }
  ValidationResult r;
  if (!read_result(result, static_cast<std::size_t>(k.max_findings), r)) return Lookup::rejected;
  if (ttl.count() > 0) {
    // In seconds and milliseconds apart, so that no ttl overflows a count of milliseconds.
    const std::int64_t age_ms = unix_now_ms() - static_cast<std::int64_t>(created_ms);
    const std::int64_t age_s = age_ms / 1000;
    if (age_s > ttl.count() || (age_s == ttl.count() && age_ms % 1000 > 0)) return Lookup::expired;
  }
  out = std::move(r);
  return Lookup::hit;
}

}  // namespace rowguard::detail
