// A main for the fuzz targets when they are built without libFuzzer: runs the target once on each
// file named on the command line, and on each file of each directory named (not recursively, in
// name order). Used by the tests to replay the corpus, and to reproduce a failure under a debugger.
//
//   TARGET [--prefix=HEX] PATH...
//
// --prefix=HEX puts the bytes HEX spells (two digits a byte) before every input named after it:
// the option bytes a target reads first, so that files written for other tools (the conformance
// suites) reach the target as the text after the options.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

bool hex_bytes(std::string_view hex, std::string& out) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return false;
  out.clear();
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

bool run_file(const std::filesystem::path& path, const std::string& prefix) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return false;
  }
  const std::string bytes = prefix + std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t runs = 0;
  bool ok = true;
  std::string prefix;
  for (int i = 1; i < argc; ++i) {
    const std::string_view option(argv[i]);
    if (option.starts_with("--prefix=")) {
      if (!hex_bytes(option.substr(9), prefix)) {
        std::fprintf(stderr, "--prefix takes hexadecimal digits, two a byte: %s\n", argv[i]);
        return 2;
      }
      continue;
    }
    const std::filesystem::path arg(argv[i]);
    std::error_code ec;
    if (std::filesystem::is_directory(arg, ec)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::directory_iterator(arg)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        ok = run_file(f, prefix) && ok;
        ++runs;
      }
    } else {
      ok = run_file(arg, prefix) && ok;
      ++runs;
    }
  }
  std::printf("%zu inputs run\n", runs);
  return ok && runs > 0 ? 0 : 1;
}
