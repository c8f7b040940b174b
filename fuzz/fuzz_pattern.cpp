// The fast pattern matcher against RE2: for every pattern RE2 compiles (with the options rowguard
// uses) and the fast matcher accepts, every text the fast matcher decides must get RE2's answer.
// Input: the pattern, a NUL byte, then texts separated by NUL bytes.
#include <re2/re2.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "check/fast_pattern.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using rowguard::detail::FastPattern;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t end = input.find('\0');
  const std::string pattern(input.substr(0, end));
  RE2::Options options;  // as rowguard's PatternMatcher compiles patterns
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_log_errors(false);
  options.set_never_capture(true);
  options.set_max_mem(64 << 20);
  const RE2 re(pattern, options);
  if (!re.ok()) return 0;
  const std::optional<FastPattern> fast = FastPattern::compile(pattern);
  if (!fast) return 0;
  input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
  while (true) {
    const std::size_t next = input.find('\0');
    const std::string_view text = input.substr(0, next);
    if (const std::optional<bool> decided = fast->match(text)) {
      const bool expected = RE2::FullMatch(re2::StringPiece(text.data(), text.size()), re);
      if (*decided != expected) {
        const std::string what = "pattern /" + pattern + "/ on \"" + std::string(text) + "\"";
        rowguard::fuzz::mismatch(what.c_str(), expected ? "match" : "no match",
                                 *decided ? "match" : "no match");
      }
    }
    if (next == std::string_view::npos) break;
    input.remove_prefix(next + 1);
  }
  return 0;
}
