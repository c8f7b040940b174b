// The fast pattern matcher must agree with RE2 on every pattern it accepts, over generated
// strings: random ones, near misses and strings built to match.
#include <re2/re2.h>

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "check/fast_pattern.hpp"
#include "check/pattern.hpp"

using rowguard::detail::FastPattern;
using rowguard::detail::PatternMatcher;

namespace {

// Patterns of the kinds real schemas use, all inside the fast subset.
const std::vector<std::string> fast_patterns = {
    R"(TX\d{10})",
    R"([A-Z]{3}-\d{4})",
    R"([a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,})",
    R"(USD|EUR|GBP)",
    R"((USD|EUR|GBP))",
    R"((?:red|green|blue))",
    R"(^\d{4}-\d{2}-\d{2}$)",
    R"(\w+)",
    R"(\s*\d+\s*)",
    R"([^,]{1,5})",
    R"(a.c)",
    R"(x?y*z+)",
    R"([A-F0-9]{8}-[A-F0-9]{4})",
    R"(\d{2,4}|[a-z]{3})",
    R"([-+]?\d+(?:))",  // rejected below: an empty group
    R"(ab+?c)",
    R"(\.\-\/)",
    R"([\d\-]{3,})",
    R"(\D\W\S)",
    R"(a{0,2}b{3,}c)",
};

// Characters generated strings are made of: the patterns' own, the neighbours of every range
// boundary ('/' ':' before and after digits, '@' '[' around capitals, '`' '{' around small
// letters), and whitespace.
const std::string alphabet =
    "TXABCDEFGHIJKLMNOPQRSTUVWYZabcdefghijklmnopqrstuvwxyz0123456789 -_.@%+,/:[`{\t\n\f\r";

std::string random_string(std::mt19937_64& rng, std::size_t max_length) {
  std::string s;
  const std::size_t n = rng() % (max_length + 1);
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = rng() % 40;
    if (r == 0) s += "\xc3\xa9";  // a non-ASCII character (the matcher leaves those to RE2)
    else s += alphabet[rng() % alphabet.size()];
  }
  return s;
}

}  // namespace

TEST_CASE("fast pattern: agrees with RE2 on every accepted pattern", "[fast-pattern]") {
  std::mt19937_64 rng(42);
  RE2::Options options;
  options.set_log_errors(false);
  std::size_t accepted = 0, decided = 0, matches = 0;
  for (const std::string& pattern : fast_patterns) {
    const auto fast = FastPattern::compile(pattern);
    const RE2 re(pattern, options);
    REQUIRE(re.ok());
    if (!fast) continue;
    ++accepted;
    // Strings that RE2 says match, found among many random tries, plus random and edited ones.
    std::vector<std::string> inputs;
    for (int i = 0; i < 4000; ++i) inputs.push_back(random_string(rng, 24));
    for (const char* s : {"TX0123456789", "TX012345678", "ABC-1234", "a.b@example.com", "USD", "EUR", "red", "2024-01-31",
                          "", "  42 ", "abc", "xyzz", "0A1B2C3D-00FF", "1234", "ab", "abbbc", ".-/", "1-2-3", "a b",
                          "bbbc", "aabbbc", "TX\xc3\xa9" "012345678"}) {
      inputs.emplace_back(s);
    }
    for (const std::string& text : inputs) {
      const std::optional<bool> got = fast->match(text);
      if (!got) continue;  // left to RE2
      ++decided;
      const bool expected = RE2::FullMatch(text, re);
      matches += expected ? 1 : 0;
      INFO("pattern " << pattern << " text \"" << text << "\"");
      REQUIRE(*got == expected);
    }
  }
  CHECK(accepted >= 17);
  CHECK(decided > 50000);
  CHECK(matches > 100);  // the comparison covered matching strings, not only failures
}

TEST_CASE("fast pattern: declines what it cannot reproduce exactly", "[fast-pattern]") {
  for (const char* pattern : {"(ab)+", "a|", "(?i)abc", "[[:alpha:]]+", "a\\b", "\\pL+", "[]a]", "x{2,1}", "é+",
                              "(a|b)c", "a{,3}", "^a|b$x", "\\d{09}", "a{1,02}"}) {
    INFO(pattern);
    CHECK_FALSE(FastPattern::compile(pattern).has_value());
  }
  // Text outside ASCII, or very long, is left to RE2 rather than guessed.
  const auto fp = FastPattern::compile("[^,]{1,5}");
  REQUIRE(fp.has_value());
  CHECK_FALSE(fp->match("\xc3\xa9t\xc3\xa9").has_value());
  CHECK_FALSE(fp->match(std::string(FastPattern::max_text + 1, 'a')).has_value());
}

TEST_CASE("fast pattern: PatternMatcher gives RE2's answer either way", "[fast-pattern]") {
  const PatternMatcher simple(R"([^,]{1,5})");
  CHECK(simple.has_fast_path());
  CHECK(simple.full_match("abc"));
  CHECK(simple.full_match("\xc3\xa9t\xc3\xa9"));  // three code points: RE2 decides, and matches
  CHECK_FALSE(simple.full_match("abcdef"));
  const PatternMatcher complex(R"((ab)+)");
  CHECK_FALSE(complex.has_fast_path());
  CHECK(complex.full_match("abab"));
  // RE2 reads a count with a leading zero as literal text, not as nine repetitions (found by
  // fuzz_pattern; the fast matcher used to take it for {9}).
  RE2::Options options;
  options.set_log_errors(false);
  const RE2 re(R"(TX\d{09})", options);
  const PatternMatcher leading_zero(R"(TX\d{09})");
  for (const char* text : {"TX012345678", "TX5{09}"}) {
    INFO(text);
    CHECK(leading_zero.full_match(text) == RE2::FullMatch(text, re));
  }
  CHECK_FALSE(leading_zero.full_match("TX012345678"));
}

TEST_CASE("fast pattern: fixed-length patterns agree with RE2 with every position edited", "[fast-pattern]") {
  // Fixed lengths of 3 to 31 characters, so that each word of the word-at-a-time check, the last
  // (overlapping) word and the short byte path all meet a wrong character at every position.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"(TX\d{10})", "TX0123456789"},
      {R"([A-F0-9]{8}-[A-F0-9]{4})", "0A1B2C3D-00FF"},
      {R"(^\d{4}-\d{2}-\d{2}$)", "2024-01-31"},
      {R"(\d{9})", "123456789"},
      {R"([a-c]{15})", "abcabcabcabcabc"},
      {R"([A-Z]{2}\d{2}[A-Z0-9]{27})", "GB82WEST12345698765432ABCDEFGHI"},
      {R"(a.c)", "abc"},
      {R"(\d{7})", "1234567"},
      {R"([0-9A-F]{8})", "DEADBEEF"},
      {R"([a-z]{4}\d{12})", "abcd012345678901"},
  };
  RE2::Options options;
  options.set_log_errors(false);
  for (const auto& [pattern, matching] : cases) {
    const auto fast = FastPattern::compile(pattern);
    REQUIRE(fast);
    const RE2 re(pattern, options);
    REQUIRE(RE2::FullMatch(matching, re));
    REQUIRE(fast->match(matching) == std::optional<bool>(true));
    for (std::size_t at = 0; at < matching.size(); ++at) {
      for (char c : alphabet) {
        std::string text = matching;
        text[at] = c;
        const std::optional<bool> got = fast->match(text);
        INFO("pattern " << pattern << " text \"" << text << "\"");
        REQUIRE(got.has_value());
        CHECK(*got == RE2::FullMatch(text, re));
      }
    }
  }
}

TEST_CASE("fast pattern: bytes outside ASCII are left to RE2 wherever they fall", "[fast-pattern]") {
  // Eight to sixteen positions are decided inline on two words (the first and last eight bytes);
  // a byte outside ASCII in either declines, and PatternMatcher then gives RE2's answer.
  RE2::Options options;
  options.set_log_errors(false);
  for (const auto& [pattern, matching] : std::vector<std::pair<std::string, std::string>>{
           {R"(TX\d{10})", "TX0123456789"}, {R"([0-9A-F]{8})", "DEADBEEF"}, {R"(.{16})", "abcdefghijklmnop"}}) {
    const auto fast = FastPattern::compile(pattern);
    REQUIRE(fast);
    const PatternMatcher matcher(pattern);
    const RE2 re(pattern, options);
    for (std::size_t at = 0; at + 1 < matching.size(); ++at) {
      std::string text = matching;
      text.replace(at, 2, "\xc3\xa9");  // one code point in two bytes
      INFO("pattern " << pattern << " text \"" << text << "\"");
      CHECK_FALSE(fast->match(text).has_value());
      CHECK(matcher.full_match(text) == RE2::FullMatch(text, re));
    }
  }
}
