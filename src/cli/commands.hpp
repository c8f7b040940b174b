#pragma once
// The rowguard subcommands. Each returns the process exit code; usage mistakes throw
// cli::UsageError, set-up problems rowguard's error types.

#include <string>
#include <vector>

#include "rowguard/plan.hpp"

namespace rowguard::cli {

std::string version_text();
int run_validate(const std::vector<std::string>& args);
int run_lines(const std::vector<std::string>& args);
int run_split(const std::vector<std::string>& args);
int run_map(const std::vector<std::string>& args);
int run_reduce(const std::vector<std::string>& args);

class Args;
// The plan from --schema (and --dialect), warnings printed to stderr.
Plan load_plan(const Args& args);

}  // namespace rowguard::cli
