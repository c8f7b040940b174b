// The rowguard command: validate files, or judge records from a pipe one at a time.
// Reports go to stdout; summaries, warnings and diagnostics to stderr.
// Exit codes: 0 every row valid, 1 some row invalid, 2 usage, schema or I/O error.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "rowguard/error.hpp"
#include "rowguard/version.hpp"

namespace {

constexpr const char* main_help = R"(rowguard - fast validation of CSV and JSONL files against a Table Schema

Usage:
  rowguard validate --schema SCHEMA.json [options] FILE...
  rowguard lines --schema SCHEMA.json --format jsonl|csv [options] < records
  rowguard split --parts N FILE
  rowguard map --schema SCHEMA.json --offset A --length B FILE > PART
  rowguard reduce [--report text|json] PART...
  rowguard --version
  rowguard COMMAND --help

Commands:
  validate   validate whole files and report counts and findings
  lines      read records from standard input and print one verdict per record
  split      print byte ranges of a file that start on record boundaries
  map        validate one byte range into a partial result
  reduce     merge partial results into the report for the whole file

Exit codes: 0 every row valid, 1 some row invalid, 2 usage, schema or I/O error.
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.empty()) {  // a usage error: the help goes where errors go
      std::cerr << main_help;
      return 2;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      std::cout << main_help;
      return 0;
    }
    if (args[0] == "--version") {
      std::cout << rowguard::cli::version_text();
      return 0;
    }
    std::string command = args[0];
    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (command == "validate") return rowguard::cli::run_validate(rest);
    if (command == "lines") return rowguard::cli::run_lines(rest);
    if (command == "split") return rowguard::cli::run_split(rest);
    if (command == "map") return rowguard::cli::run_map(rest);
    if (command == "reduce") return rowguard::cli::run_reduce(rest);
    throw rowguard::cli::UsageError("unknown command \"" + command + "\"");
  } catch (const rowguard::cli::UsageError& e) {
    std::cerr << "rowguard: " << e.what() << "\nTry 'rowguard --help'.\n";
    return 2;
  } catch (const rowguard::UsageError& e) {
    std::cerr << "rowguard: " << e.what() << "\n";
    return 2;
  } catch (const rowguard::SchemaError& e) {
    std::cerr << "rowguard: schema error: " << e.what() << "\n";
    return 2;
  } catch (const rowguard::IoError& e) {
    std::cerr << "rowguard: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "rowguard: " << e.what() << "\n";
    return 2;
  }
}
