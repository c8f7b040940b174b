#pragma once
// A matcher for the simple patterns most schemas use — literals, ASCII character classes, bounded
// or unbounded repetition of one class, and alternation of such sequences (TX\d{10},
// [A-Z]{3}-\d{4}, [a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}, (USD|EUR|GBP)) — much faster than a
// general regex engine. compile() accepts only patterns whose RE2 meaning it reproduces exactly
// and returns nullopt for everything else; match() declines (returns nullopt) for text it does
// not handle (non-ASCII, very long), so the caller falls back to RE2 and results never differ.

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

namespace rowguard::detail {

class FastPattern {
 public:
  // The compiled form of `pattern` (whole-value match semantics), or nullopt when the pattern
  // uses anything outside the supported subset.
  static std::optional<FastPattern> compile(std::string_view pattern);

  // true / false when decided, nullopt when the text is outside what this matcher handles.
  std::optional<bool> match(std::string_view text) const noexcept {
    // The commonest case inline: one sequence of 8 to 16 fixed ASCII ranges (TX\d{10},
    // [A-Z]{3}-\d{4}-\d{4}), two overlapping words. Decided as match_swar decides it: a word with
    // a byte outside ASCII declines, unless an earlier word has already failed.
    if (two_words_ && text.size() == two_words_length_ && text.size() >= 8) {
      std::uint64_t first, last;
      std::memcpy(&first, text.data(), 8);
      std::memcpy(&last, text.data() + text.size() - 8, 8);
      if (first & ascii_high) return std::nullopt;
      if (!in_ranges(first, two_words_low_[0], two_words_high_[0])) return false;
      if (last & ascii_high) return std::nullopt;
      return in_ranges(last, two_words_low_[1], two_words_high_[1]);
    }
    return match_any(text);
  }

  // Texts longer than this are left to RE2.
  static constexpr std::size_t max_text = 256;

 private:
  struct CharClass {
    std::array<std::uint64_t, 2> bits{};  // membership of ASCII bytes 0..127
    bool contains(unsigned char c) const noexcept { return c < 128 && ((bits[c >> 6] >> (c & 63)) & 1); }
  };
  struct Atom {
    CharClass set;
    std::uint32_t min = 1;
    std::uint32_t max = 1;  // unbounded: max_text
  };
  static constexpr std::size_t swar_words = 4;  // fixed sequences up to 32 characters
  struct Sequence {
    std::vector<Atom> atoms;
    bool fixed = true;              // every atom has min == max
    std::uint32_t fixed_length = 0; // when fixed: the text length it matches
    std::vector<CharClass> by_position;  // when fixed: the class of each position
    // When fixed, at most 32 long and every position's class one contiguous byte range: the
    // ranges packed eight per word, checked a word at a time.
    bool swar = false;
    std::array<std::uint64_t, swar_words> low{};
    std::array<std::uint64_t, swar_words> high{};
    // The ranges of the last eight positions, for a length of 8 or more that is not a multiple of
    // 8: the text's last eight bytes are then checked as one word instead of byte by byte.
    std::uint64_t tail_low = 0;
    std::uint64_t tail_high = 0;
  };

  bool match_sequence(const Sequence& seq, std::string_view text) const noexcept;
  // nullopt when the text is not ASCII.
  static std::optional<bool> match_swar(const Sequence& seq, std::string_view text) noexcept;

  std::optional<bool> match_any(std::string_view text) const noexcept;

  // Per byte of ASCII words: (x | 0x80) - low keeps bit 7 iff x >= low, and (high | 0x80) - x
  // keeps it iff x <= high; no byte borrows from its neighbour.
  static constexpr std::uint64_t ascii_high = 0x8080808080808080ULL;
  static bool in_ranges(std::uint64_t x, std::uint64_t low, std::uint64_t high) noexcept {
    return (((x | ascii_high) - low) & ((high | ascii_high) - x) & ascii_high) == ascii_high;
  }

  std::vector<Sequence> alternatives_;
  // The inline case of match(): the ranges of the text's first and last eight bytes.
  bool two_words_ = false;
  std::uint32_t two_words_length_ = 0;
  std::array<std::uint64_t, 2> two_words_low_{};
  std::array<std::uint64_t, 2> two_words_high_{};
};

}  // namespace rowguard::detail
