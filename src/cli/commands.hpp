#pragma once
// The rowguard subcommands. Each returns the process exit code; usage mistakes throw
// cli::UsageError, set-up problems rowguard's error types.

#include <string>
#include <vector>

namespace rowguard::cli {

std::string version_text();
int run_validate(const std::vector<std::string>& args);
int run_lines(const std::vector<std::string>& args);

}  // namespace rowguard::cli
