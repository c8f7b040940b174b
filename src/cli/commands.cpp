#include "cli/commands.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/args.hpp"
#include "cli/progress.hpp"
#include "rowguard/rowguard.hpp"

namespace rowguard::cli {
namespace {

constexpr const char* validate_help = R"(Usage: rowguard validate --schema SCHEMA.json [options] FILE...

Validates each FILE ("-" for standard input; gzip and zstd are read as they are) against a
Frictionless Table Schema.

Options:
  --schema FILE        Table Schema descriptor (JSON) [required]
  --dialect FILE       Table Dialect descriptor (JSON) for CSV input; overrides a "dialect" object
                       in the schema file (which may also be a Data Package resource descriptor)
  --format FORMAT      auto (from the extension), csv, tsv or jsonl [default: auto]
  --max-errors N       findings to list in file order; 0 lists none (counts stay complete) [default: 1000]
  --report FORMAT      text or json [default: text]
  --kernel KERNEL      auto, scalar, avx2 or avx512: the tokenizer to run; every kernel gives the
                       same result [default: auto, or the ROWGUARD_KERNEL environment variable]

Execution (every mode gives the same result):
  --mode MODE          serial, stream or parallel [default: parallel for plain files, stream for
                       standard input, pipes and compressed input]
  --workers N          threads for --mode parallel [default: every hardware thread]
  --chunk-size BYTES   bytes per chunk for --mode parallel; K, M, G suffixes [default: 1M]
  --batch-rows N       rows per batch for --mode stream (progress granularity) [default: 100000]
  --cache-dir DIR      keep results in DIR, keyed by the file's content, the schema and the options;
                       an unchanged file is answered from the cache [default: no cache]
  --no-cache           do not read or write the cache even if --cache-dir is given
  --cache-trust-stat   skip reading a file whose device, inode, size, mtime and ctime are those it
                       had when last hashed: a hit then costs a stat, not a read of the file
                       (needs --cache-dir; off by default: some writes and file systems keep the stat)
  --progress WHEN      auto (a bar when stderr is a terminal), always (plain lines when it is not)
                       or never [default: auto]
  --invalid-out FILE   copy the invalid records, byte for byte, to FILE (a CSV header first)
  --valid-out FILE     copy the valid records likewise (these two need one input FILE, run
                       --mode stream and bypass the cache)
  -h, --help           show this help

The report goes to stdout (with --report json, one JSON object per FILE, one per line); a one-line
summary per file goes to stderr.
Exit codes: 0 every row valid, 1 some row invalid, 2 usage, schema or I/O error.
)";

constexpr const char* lines_help = R"(Usage: rowguard lines --schema SCHEMA.json --format jsonl|csv|tsv [options] < records

Reads records from standard input and writes one JSON verdict per record to stdout as soon as the
record is read (flushed per line), for use at the end of a pipe:
  {"record":1,"line":1,"valid":true}
  {"record":2,"line":2,"valid":false,"errors":[{"field":...,"type":...,"message":...}]}
CSV records have their columns in schema order; a quoted field may span lines. Whole-file rules
(unique, primary key) are not applied to single records.

Options:
  --schema FILE        Table Schema descriptor (JSON) [required]
  --format FORMAT      jsonl (or ndjson), csv or tsv [required]
  --dialect FILE       Table Dialect descriptor (JSON) for CSV input
  --skip-header        skip the first CSV record (a header line)
  -h, --help           show this help

Exit codes: 0 every record valid, 1 some record invalid, 2 usage, schema or I/O error.
)";

}  // namespace

Plan load_plan(const Args& args) {
  auto schema_path = args.get("--schema");
  if (!schema_path) throw UsageError("--schema is required");
  Schema schema = Schema::from_file(*schema_path);
  for (const auto& w : schema.warnings()) std::cerr << "rowguard: warning: " << *schema_path << ": " << w << "\n";
  // --dialect wins over a dialect carried in the schema file.
  Dialect dialect = schema.dialect().value_or(Dialect{});
  auto dialect_path = args.get("--dialect");
  if (dialect_path) dialect = Dialect::from_file(*dialect_path);
  try {
    return compile(schema, dialect);
  } catch (const SchemaError& e) {
    // compile() knows no file names; contradictions found there must still name the file at fault
    // (its dialect messages start with "dialect: ").
    const bool in_dialect = dialect_path && std::string_view(e.what()).starts_with("dialect: ");
    throw SchemaError(e.field(), e.keyword(), (in_dialect ? *dialect_path : *schema_path) + ": " + e.what());
  }
}

namespace {

void append_finding_json(std::string& out, const Finding& f) {
  out += "{\"field\":";
  if (f.field.empty()) out += "null";
  else append_json_string(out, f.field);
  out += ",\"field_number\":";
  out += f.field_number ? std::to_string(f.field_number) : "null";
  out += ",\"type\":";
  append_json_string(out, to_string(f.type));
  out += ",\"constraint\":";
  if (f.constraint == Constraint::none) out += "null";
  else append_json_string(out, to_string(f.constraint));
  out += ",\"message\":";
  append_json_string(out, f.message);
  out += ",\"value\":";
  append_json_string(out, f.value);
  out += "}";
}

}  // namespace

std::string version_text() {
  std::string kernels;
  for (Kernel k : supported_kernels()) kernels += (kernels.empty() ? "" : " ") + std::string(to_string(k));
  std::string text = std::string("rowguard ") + version_string + "\n" + "kernels supported here: " + kernels + "\n";
  try {
    text += "kernel selected: " + std::string(to_string(resolve_kernel(Kernel::automatic))) + "\n";
  } catch (const rowguard::UsageError& e) {
    text += std::string("kernel selected: none (") + e.what() + ")\n";
  }
  return text;
}

namespace {

enum class Mode { serial, stream, parallel };

// A byte count with an optional K, M or G (binary) suffix.
std::size_t byte_size(const std::string& option, const std::string& text) {
  std::size_t pos = 0;
  unsigned long long n = 0;
  try {
    n = std::stoull(text, &pos);
  } catch (const std::exception&) {
    pos = 0;
  }
  unsigned shift = 0;
  if (pos > 0 && pos + 1 == text.size()) {
    switch (text[pos]) {
      case 'k': case 'K': shift = 10; break;
      case 'm': case 'M': shift = 20; break;
      case 'g': case 'G': shift = 30; break;
      default: pos = 0;
    }
    if (pos) ++pos;
  }
  if (pos == 0 || pos != text.size() || text[0] == '-' || n == 0) {
    throw UsageError(option + " must be a positive byte count such as 65536 or 4M, got \"" + text + "\"");
  }
  if (n > (std::numeric_limits<std::size_t>::max() >> shift)) {
    throw UsageError(option + " is too large: \"" + text + "\"");
  }
  return static_cast<std::size_t>(n) << shift;
}

// Plain, uncompressed regular files can be cut into chunks; everything else is read as a stream.
bool splittable(const std::string& file) {
  if (file == "-") return false;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return false;
  std::ifstream in(file, std::ios::binary);
  unsigned char m[4] = {0, 0, 0, 0};
  in.read(reinterpret_cast<char*>(m), 4);
  const bool gzip = m[0] == 0x1F && m[1] == 0x8B;
  const bool zstd = m[0] == 0x28 && m[1] == 0xB5 && m[2] == 0x2F && m[3] == 0xFD;
  return !gzip && !zstd;
}

// Whether two paths name one file: the same path, or (both existing) the same inode.
bool same_file(const std::string& a, const std::string& b) {
  if (std::filesystem::path(a).lexically_normal() == std::filesystem::path(b).lexically_normal()) return true;
  std::error_code ec;
  return std::filesystem::equivalent(a, b, ec) && !ec;
}

// The record outputs are truncated when opened, before the input is read: an output that is the
// input would empty it, and two outputs on one file would overwrite each other's records.
void check_record_outputs(const std::string& input, const std::optional<std::string>& invalid_path,
                          const std::optional<std::string>& valid_path) {
  for (const auto* out : {&invalid_path, &valid_path}) {
    if (*out && input != "-" && same_file(**out, input)) {
      throw UsageError((out == &invalid_path ? "--invalid-out" : "--valid-out") + std::string(" names the input file \"") +
                       input + "\"");
    }
  }
  if (invalid_path && valid_path && same_file(*invalid_path, *valid_path)) {
    throw UsageError("--invalid-out and --valid-out name the same file \"" + *invalid_path + "\"");
  }
}

std::unique_ptr<std::ofstream> open_output(const std::optional<std::string>& path) {
  if (!path) return nullptr;
  auto out = std::make_unique<std::ofstream>(*path, std::ios::binary | std::ios::trunc);
  if (!*out) throw IoError(*path, std::string("cannot create: ") + std::strerror(errno));
  return out;
}

}  // namespace

int run_validate(const std::vector<std::string>& argv) {
  Args args(argv,
            {"--schema", "--dialect", "--format", "--max-errors", "--report", "--kernel", "--mode", "--workers",
             "--chunk-size", "--batch-rows", "--cache-dir", "--progress", "--invalid-out", "--valid-out"},
            {"--help", "--no-cache", "--cache-trust-stat"});
  if (args.flag("--help")) {
    std::cout << validate_help;
    return 0;
  }
  const std::vector<std::string>& files = args.positional();
  if (files.empty()) throw UsageError("validate needs at least one FILE (\"-\" for standard input)");
  const std::string report = args.get_or("--report", "text");
  if (report != "text" && report != "json") throw UsageError("--report must be text or json, got \"" + report + "\"");
  ValidateOptions options;
  options.format = format_from_string(args.get_or("--format", "auto"));
  if (auto n = args.count("--max-errors")) options.max_findings = *n;
  options.kernel = kernel_from_string(args.get_or("--kernel", "auto"));

  std::optional<Mode> forced_mode;
  if (auto m = args.get("--mode")) {
    if (*m == "serial") forced_mode = Mode::serial;
    else if (*m == "stream") forced_mode = Mode::stream;
    else if (*m == "parallel") forced_mode = Mode::parallel;
    else throw UsageError("--mode must be serial, stream or parallel, got \"" + *m + "\"");
  }
  const auto invalid_path = args.get("--invalid-out");
  const auto valid_path = args.get("--valid-out");
  const bool routing = invalid_path || valid_path;
  if (args.flag("--cache-trust-stat") && !args.get("--cache-dir")) {
    throw UsageError("--cache-trust-stat needs --cache-dir");
  }
  if (routing && files.size() != 1) throw UsageError("--invalid-out and --valid-out take exactly one input FILE");
  if (routing && forced_mode && *forced_mode != Mode::stream) {
    throw UsageError("--invalid-out and --valid-out run in --mode stream only");
  }
  if (routing) check_record_outputs(files.front(), invalid_path, valid_path);
  const std::string progress_when = args.get_or("--progress", "auto");
  if (progress_when != "auto" && progress_when != "always" && progress_when != "never") {
    throw UsageError("--progress must be auto, always or never, got \"" + progress_when + "\"");
  }
  const bool stderr_terminal = ::isatty(STDERR_FILENO) != 0;
  const bool show_progress = progress_when == "always" || (progress_when == "auto" && stderr_terminal);

  DistributedOptions parallel_options;
  static_cast<ValidateOptions&>(parallel_options) = options;
  if (auto n = args.count("--workers")) {
    if (*n == 0) throw UsageError("--workers must be at least 1");
    parallel_options.workers = *n;
  }
  if (auto c = args.get("--chunk-size")) parallel_options.chunk_size = byte_size("--chunk-size", *c);
  StreamingOptions stream_options;
  static_cast<ValidateOptions&>(stream_options) = options;
  if (auto n = args.count("--batch-rows")) {
    if (*n == 0) throw UsageError("--batch-rows must be at least 1");
    stream_options.batch_rows = *n;
  }

  const Plan plan = load_plan(args);
  const Validator serial(plan, options);
  const StreamingValidator streaming(plan, stream_options);
  const DistributedValidator parallel(plan, parallel_options);
  auto outputs_invalid = open_output(invalid_path);
  auto outputs_valid = open_output(valid_path);

  // Runs one file in the mode chosen for it.
  auto run_one = [&](const std::filesystem::path& file) -> ValidationResult {
    const std::string name = file.string();
    const Mode mode = routing ? Mode::stream : forced_mode.value_or(splittable(name) ? Mode::parallel : Mode::stream);
    ProgressDisplay display(name, show_progress, stderr_terminal);
    ValidationResult r;
    switch (mode) {
      case Mode::serial:
        r = serial.validate_file(file, [&](const StreamProgress& p) {
          display.update(p.bytes_done, p.total_bytes, p.rows, p.invalid_rows);
        });
        break;
      case Mode::stream: {
        BatchStream stream = streaming.open(file);
        if (routing) stream.route_records(outputs_valid.get(), outputs_invalid.get());
        while (stream.next()) {
          const StreamProgress p = stream.progress();
          display.update(p.bytes_done, p.total_bytes, p.rows, p.invalid_rows);
        }
        r = stream.result();
        break;
      }
      case Mode::parallel:
        r = parallel.validate_file(file, [&](const ChunkProgress& p) { display.update(p.bytes, p.total_bytes, p.rows, p.invalid_rows); });
        break;
    }
    display.finish();
    return r;
  };

  std::optional<CachedValidator> cache;
  if (auto dir = args.get("--cache-dir"); dir && dir->empty()) throw UsageError("--cache-dir needs a directory");
  if (auto dir = args.get("--cache-dir"); dir && !args.flag("--no-cache")) {
    CacheOptions c;
    c.cache_dir = *dir;
    c.trust_file_stat = args.flag("--cache-trust-stat");
    // The cache only saves time: a directory that cannot be made or written (a full or read-only
    // disk, a file in its place) costs this run its cache, not its validation.
    try {
      cache.emplace(plan, options, run_one, c);
    } catch (const IoError& e) {
      std::cerr << "rowguard: warning: validating without the cache: " << e.what() << "\n";
    }
  }

  int exit_code = 0;
  for (const std::string& file : files) {
    ValidationResult result;
    try {
      // The cache needs the whole file's content, so standard input bypasses it; so do runs that
      // copy records out, which must read them.
      result = cache && file != "-" ? cache->validate_file(file, !routing) : run_one(file);
    } catch (const IoError& e) {
      std::cerr << "rowguard: " << e.what() << "\n";
      exit_code = 2;
      continue;
    } catch (const rowguard::UsageError& e) {
      std::cerr << "rowguard: " << e.what() << "\n";
      exit_code = 2;
      continue;
    }
    if (report == "json") write_json_report(std::cout, result, file);
    else write_text_report(std::cout, result, file);
    std::cout.flush();
    std::cerr << summary_line(result, file) << "\n";
    if (!result.is_valid() && exit_code == 0) exit_code = 1;
  }
  for (auto* out : {outputs_invalid.get(), outputs_valid.get()}) {
    if (out && !out->flush()) {
      std::cerr << "rowguard: writing the record outputs failed\n";
      exit_code = 2;
    }
  }
  return exit_code;
}

int run_lines(const std::vector<std::string>& argv) {
  Args args(argv, {"--schema", "--dialect", "--format"}, {"--help", "--skip-header"});
  if (args.flag("--help")) {
    std::cout << lines_help;
    return 0;
  }
  if (!args.positional().empty()) throw UsageError("lines reads standard input and takes no FILE");
  auto format_name = args.get("--format");
  if (!format_name) throw UsageError("--format is required (jsonl, csv or tsv)");
  // No "auto" here: standard input has no extension to tell.
  Format format = Format::automatic;
  try {
    format = format_from_string(*format_name);
  } catch (const rowguard::UsageError&) {
  }
  if (format != Format::jsonl && format != Format::csv && format != Format::tsv) {
    throw UsageError("--format must be jsonl (or ndjson), csv or tsv, got \"" + *format_name + "\"");
  }
  Plan plan = load_plan(args);
  if (format == Format::tsv) {
    Dialect d = plan.dialect();
    d.delimiter = '\t';
    plan = compile(plan.schema(), d);
  }
  LineProcessor processor(plan);
  bool skip = format != Format::jsonl && args.flag("--skip-header");
  bool all_valid = true;
  std::uint64_t record_number = 0;
  std::string out;
  auto judge = [&](std::string_view record, std::uint64_t first_line) {
    if (skip) {
      skip = false;
      return;
    }
    ++record_number;
    LineResult r = format == Format::jsonl ? processor.process_json(record) : processor.process_csv(record);
    out.clear();
    out += "{\"record\":" + std::to_string(record_number) + ",\"line\":" + std::to_string(first_line) +
           ",\"valid\":" + (r.valid ? "true" : "false");
    if (!r.valid) {
      all_valid = false;
      out += ",\"errors\":[";
      for (std::size_t i = 0; i < r.errors.size(); ++i) {
        if (i) out += ",";
        append_finding_json(out, r.errors[i]);
      }
      out += "]";
    }
    out += "}\n";
    std::cout << out << std::flush;
  };
  // Physical line breaks: LF, CRLF (once) and a lone CR.
  auto line_breaks = [](std::string_view s) {
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n'))) ++n;
    }
    return n;
  };

  std::string line;
  std::string pending;            // CSV text not yet cut into records
  std::uint64_t line_number = 0;  // JSONL: lines read so far
  std::uint64_t next_line = 1;    // CSV: physical line where the next record starts
  bool first = true;
  while (std::getline(std::cin, line)) {
    if (first && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a byte-order mark
    first = false;
    if (format == Format::jsonl) {
      ++line_number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank lines are not records
      judge(line, line_number);
      continue;
    }
    // A CSV record may span lines (quoted line breaks) and one line may hold several records
    // (lone-CR line ends): cut every complete record, keep the rest.
    pending += line;
    pending += '\n';
    while (std::size_t length = processor.csv_record_length(pending)) {
      std::string_view record(pending.data(), length);
      // A comment line is not a record, as in a file: no verdict, no record number.
      const auto comment = processor.plan().dialect().comment_char;
      if (!comment || record.front() != *comment) judge(record, next_line);
      next_line += line_breaks(record);
      pending.erase(0, length);
    }
  }
  if (!pending.empty()) judge(pending, next_line);  // an unterminated quote at end of input
  if (std::cin.bad()) throw IoError("-", "read failed");
  return all_valid ? 0 : 1;
}

}  // namespace rowguard::cli
