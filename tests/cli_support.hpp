// Running the rowguard binary (ROWGUARD_CLI) from tests: a private working directory per test
// case, the command's exit code and captured stdout and stderr.
#pragma once

#include <sys/wait.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "exec_support.hpp"

namespace rowguard::test {

struct Run {
  int code = -1;
  std::string out;
  std::string err;
};

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  return q + "'";
}

inline std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// A private working directory for one test case, ROWGUARD_TEST_TMP/<group>/<name>; the CLI runs
// inside it so that file names in its messages are the short names written here.
class Sandbox {
 public:
  Sandbox(const std::string& group, const std::string& name)
      : dir_(std::filesystem::path(ROWGUARD_TEST_TMP) / group / name) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }

  std::filesystem::path write(const std::string& name, const std::string& content) const {
    const std::filesystem::path path = dir_ / name;
    std::ofstream out(path, std::ios::binary);
    out << content;
    REQUIRE(out.good());
    return path;
  }

  // Runs `rowguard args...` with stdin from `stdin_file` (a name in the sandbox) or /dev/null;
  // stdout is kept in the sandbox as `stdout_file` (partial results are read back from there).
  Run run(const std::vector<std::string>& args, const std::optional<std::string>& stdin_file = std::nullopt,
          const std::string& stdout_file = "stdout.txt") const {
    std::string cmd = "cd " + shell_quote(dir_.string()) + " && timeout 120 " + shell_quote(ROWGUARD_CLI);
    for (const std::string& a : args) cmd += " " + shell_quote(a);
    cmd += " < " + (stdin_file ? shell_quote(*stdin_file) : std::string("/dev/null"));
    cmd += " > " + shell_quote((dir_ / stdout_file).string()) + " 2> " + shell_quote((dir_ / "stderr.txt").string());
    const int status = std::system(cmd.c_str());
    Run r;
    REQUIRE(status != -1);
    REQUIRE(WIFEXITED(status));
    r.code = WEXITSTATUS(status);
    REQUIRE(r.code != 124);  // timeout(1): the command hung
    r.out = read_whole_file(dir_ / stdout_file);
    r.err = read_whole_file(dir_ / "stderr.txt");
    return r;
  }

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

}  // namespace rowguard::test
