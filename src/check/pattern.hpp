#pragma once
// Whole-value pattern matching. Table Schema patterns must match the entire value, so every
// pattern is compiled anchored at both ends.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "check/fast_pattern.hpp"

namespace re2 {
class RE2;
}

namespace rowguard::detail {

class PatternMatcher {
 public:
  // Throws std::invalid_argument with RE2's explanation and the offending fragment when the
  // pattern does not compile (including Perl features RE2 does not have, such as lookaround).
  explicit PatternMatcher(const std::string& pattern);
  ~PatternMatcher();
  PatternMatcher(const PatternMatcher&) = delete;
  PatternMatcher& operator=(const PatternMatcher&) = delete;

  // Thread-safe: RE2 objects may be shared for matching.
  bool full_match(std::string_view text) const {
    if (fast_) {
      if (std::optional<bool> decided = fast_->match(text)) return *decided;
    }
    return full_match_re2(text);
  }

  // Whether the fast matcher serves this pattern (for tests and benchmarks).
  bool has_fast_path() const noexcept { return fast_.has_value(); }

 private:
  bool full_match_re2(std::string_view text) const;

  std::unique_ptr<re2::RE2> re_;
  std::optional<FastPattern> fast_;  // simple patterns; RE2 decides whatever it declines
};

}  // namespace rowguard::detail
