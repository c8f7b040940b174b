#include "check/pattern.hpp"

#include <re2/re2.h>

#include <stdexcept>

namespace rowguard::detail {

PatternMatcher::PatternMatcher(const std::string& pattern) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_log_errors(false);  // the library never prints; the error is reported instead
  options.set_never_capture(true);
  options.set_max_mem(64 << 20);
  re_ = std::make_unique<re2::RE2>(pattern, options);
  if (!re_->ok()) {
    std::string message = re_->error();
    if (!re_->error_arg().empty() && message.find(re_->error_arg()) == std::string::npos) {
      message += ": " + re_->error_arg();
    }
    throw std::invalid_argument(message);
  }
  fast_ = FastPattern::compile(pattern);
}

PatternMatcher::~PatternMatcher() = default;

bool PatternMatcher::full_match_re2(std::string_view text) const {
  return RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

}  // namespace rowguard::detail
