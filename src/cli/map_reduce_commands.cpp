// rowguard split / map / reduce: validation spread over processes or machines. `split` prints byte
// ranges that start on record boundaries, `map` validates one range into a partial result (a
// versioned byte format, on stdout), `reduce` merges partials and prints the report `validate`
// would print for the whole file.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "rowguard/rowguard.hpp"

namespace rowguard::cli {
namespace {

constexpr const char* split_help = R"(Usage: rowguard split --parts N [--schema SCHEMA.json] [--dialect D.json] [--format F] FILE

Prints one "OFFSET LENGTH" line per byte range of FILE: at most N ranges of about equal size that
together cover the file, each starting on a record boundary (a quote-aware pass: a quoted field
holding line breaks is never cut). FILE must be plain (not compressed). Only the dialect matters
here; it comes from --dialect, or from a schema file that carries one.
)";

constexpr const char* map_help = R"(Usage: rowguard map --schema SCHEMA.json --offset A --length B [options] FILE

Validates bytes [A, A+B) of FILE (a range from `rowguard split`) and writes the partial result to
stdout in rowguard's partial-result format, for `rowguard reduce`.

Options:
  --schema FILE, --dialect FILE, --format FORMAT, --max-errors N, --kernel KERNEL
                       as for `rowguard validate`; use the same --max-errors for every range
)";

constexpr const char* reduce_help = R"(Usage: rowguard reduce [--report text|json] PARTIAL...

Merges partial results from `rowguard map` (in any order; together they must cover the file from
byte 0 without gaps) and prints the report exactly as `rowguard validate` would for the whole file.
Needs no schema: partials carry what merging needs. "-" reads one partial from standard input.
Exit codes: 0 every row valid, 1 some row invalid, 2 usage, I/O error or unusable partials.
)";

std::string read_all(const std::string& path) {
  if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path, std::string("cannot open: ") + std::strerror(errno));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The plan for split, which needs only a dialect: the schema's when one is given.
Plan split_plan(const Args& args) {
  if (args.get("--schema")) return load_plan(args);
  Schema any{{"value", Field::any()}};
  Dialect d;
  if (auto path = args.get("--dialect")) d = Dialect::from_file(*path);
  return compile(any, d);
}

}  // namespace

int run_split(const std::vector<std::string>& argv) {
  Args args(argv, {"--parts", "--schema", "--dialect", "--format"}, {"--help"});
  if (args.flag("--help")) {
    std::cout << split_help;
    return 0;
  }
  if (args.positional().size() != 1) throw UsageError("split takes exactly one FILE");
  const auto parts = args.count("--parts");
  if (!parts || *parts == 0) throw UsageError("split needs --parts N with N at least 1");
  ValidateOptions options;
  options.format = format_from_string(args.get_or("--format", "auto"));
  MapReduceValidator mr(split_plan(args), options);
  for (const ByteRange& r : mr.split(args.positional()[0], *parts)) std::cout << r.offset << ' ' << r.length << '\n';
  return 0;
}

int run_map(const std::vector<std::string>& argv) {
  Args args(argv, {"--schema", "--dialect", "--format", "--max-errors", "--kernel", "--offset", "--length"}, {"--help"});
  if (args.flag("--help")) {
    std::cout << map_help;
    return 0;
  }
  if (args.positional().size() != 1) throw UsageError("map takes exactly one FILE");
  const auto offset = args.count("--offset");
  const auto length = args.count("--length");
  if (!offset || !length) throw UsageError("map needs --offset and --length (from rowguard split)");
  ValidateOptions options;
  options.format = format_from_string(args.get_or("--format", "auto"));
  if (auto n = args.count("--max-errors")) options.max_findings = *n;
  options.kernel = kernel_from_string(args.get_or("--kernel", "auto"));
  MapReduceValidator mr(load_plan(args), options);
  const PartialResult partial = mr.map_file_range(args.positional()[0], ByteRange{*offset, *length});
  const std::string bytes = partial.serialize();
  std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  std::cout.flush();
  if (!std::cout) throw IoError("-", "writing the partial result failed");
  return 0;
}

int run_reduce(const std::vector<std::string>& argv) {
  Args args(argv, {"--report"}, {"--help"});
  if (args.flag("--help")) {
    std::cout << reduce_help;
    return 0;
  }
  if (args.positional().empty()) throw UsageError("reduce needs at least one PARTIAL file");
  const std::string report = args.get_or("--report", "text");
  if (report != "text" && report != "json") throw UsageError("--report must be text or json, got \"" + report + "\"");
  std::vector<PartialResult> partials;
  for (const std::string& path : args.positional()) {
    try {
      partials.push_back(PartialResult::deserialize(read_all(path)));
    } catch (const rowguard::UsageError& e) {
      throw rowguard::UsageError(path + ": " + e.what());
    }
  }
  const std::string source = partials.front().source().empty() ? "-" : partials.front().source();
  // Partials record their input's name and size, not its content (a map reads only its range), so
  // ranges of two files of one size would reduce together. The same file may have other names on
  // other machines, so differing names are a warning, not an error.
  for (const PartialResult& p : partials) {
    if (p.source() != partials.front().source()) {
      std::cerr << "rowguard: warning: the partials were mapped from inputs named differently (\"" << partials.front().source()
                << "\" and \"" << p.source() << "\"); they must be ranges of one file's bytes\n";
      break;
    }
  }
  const ValidationResult result = reduce_results(std::move(partials));
  if (report == "json") write_json_report(std::cout, result, source);
  else write_text_report(std::cout, result, source);
  std::cerr << summary_line(result, source) << "\n";
  return result.is_valid() ? 0 : 1;
}

}  // namespace rowguard::cli
