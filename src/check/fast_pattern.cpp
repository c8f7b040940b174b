#include "check/fast_pattern.hpp"

#include <cstring>

namespace rowguard::detail {
namespace {

using Bits = std::array<std::uint64_t, 2>;

void add(Bits& b, unsigned char c) { b[c >> 6] |= std::uint64_t{1} << (c & 63); }
void add_range(Bits& b, unsigned char lo, unsigned char hi) {
  for (unsigned c = lo; c <= hi; ++c) add(b, static_cast<unsigned char>(c));
}
Bits complement(const Bits& b) { return Bits{~b[0], ~b[1]}; }  // within ASCII: the text is ASCII-only
void merge(Bits& into, const Bits& b) {
  into[0] |= b[0];
  into[1] |= b[1];
}

// RE2's Perl classes are ASCII-only: \d [0-9], \w [0-9A-Za-z_], \s [\t\n\f\r ].
bool perl_class(char c, Bits& out) {
  Bits b{};
  switch (c) {
    case 'd': case 'D': add_range(b, '0', '9'); break;
    case 'w': case 'W':
      add_range(b, '0', '9');
      add_range(b, 'A', 'Z');
      add_range(b, 'a', 'z');
      add(b, '_');
      break;
    case 's': case 'S':
      for (char s : {'\t', '\n', '\f', '\r', ' '}) add(b, static_cast<unsigned char>(s));
      break;
    default: return false;
  }
  out = (c >= 'A' && c <= 'Z') ? complement(b) : b;
  return true;
}

// Punctuation that is literal when escaped, in or out of a class.
bool escapable(char c) { return std::strchr("\\.^$|?*+()[]{}-/ _,:;=!@#%&~`'\"<>", c) != nullptr && c != '\0'; }

bool is_ascii_printable(char c) { return c >= 0x20 && c < 0x7F; }

// A small recursive-descent parser of the supported subset. Any construct it does not know
// makes compile() give up, so RE2 keeps that pattern.
class Parser {
 public:
  explicit Parser(std::string_view p) : p_(p) {}
  bool at_end() const { return i_ >= p_.size(); }
  char peek() const { return p_[i_]; }
  std::size_t pos() const { return i_; }
  void skip() { ++i_; }

  // One atom's character set: a literal, an escape, '.', or a bracket class.
  bool atom(Bits& set) {
    set = Bits{};
    char c = p_[i_];
    if (c == '.') {
      ++i_;
      set = complement(Bits{});
      set[0] &= ~(std::uint64_t{1} << '\n');  // '.' does not match a newline by default
      return true;
    }
    if (c == '[') return bracket(set);
    if (c == '\\') {
      if (i_ + 1 >= p_.size()) return false;
      char e = p_[i_ + 1];
      if (perl_class(e, set)) {
        i_ += 2;
        return true;
      }
      if (!escapable(e)) return false;
      add(set, static_cast<unsigned char>(e));
      i_ += 2;
      return true;
    }
    if (!is_ascii_printable(c) || std::strchr("()|*+?{}^$", c)) return false;
    add(set, static_cast<unsigned char>(c));
    ++i_;
    return true;
  }

  // Quantifier after an atom: ?, *, +, {n}, {n,}, {n,m}, each optionally lazy (laziness does not
  // change whether a whole-value match exists).
  bool quantifier(std::uint32_t& min, std::uint32_t& max) {
    min = max = 1;
    if (at_end()) return true;
    char c = p_[i_];
    if (c == '?') min = 0, max = 1, ++i_;
    else if (c == '*') min = 0, max = FastPattern::max_text, ++i_;
    else if (c == '+') min = 1, max = FastPattern::max_text, ++i_;
    else if (c == '{') {
      std::size_t j = i_ + 1;
      auto number = [&](std::uint32_t& out) {
        std::size_t start = j;
        std::uint32_t v = 0;
        while (j < p_.size() && p_[j] >= '0' && p_[j] <= '9' && j - start < 4) v = v * 10 + static_cast<std::uint32_t>(p_[j++] - '0');
        out = v;
        // RE2 takes a count with a leading zero ({09}) for literal text; that is left to RE2.
        if (j - start > 1 && p_[start] == '0') return false;
        return j > start && (j >= p_.size() || p_[j] < '0' || p_[j] > '9');
      };
      if (!number(min)) return false;
      if (j < p_.size() && p_[j] == '}') {
        max = min;
      } else if (j < p_.size() && p_[j] == ',') {
        ++j;
        if (j < p_.size() && p_[j] == '}') max = FastPattern::max_text;
        else if (!number(max) || max < min) return false;
      } else {
        return false;
      }
      if (j >= p_.size() || p_[j] != '}' || min > 1000 || (max != FastPattern::max_text && max > 1000)) return false;
      i_ = j + 1;
    } else {
      return true;
    }
    if (!at_end() && p_[i_] == '?') ++i_;  // lazy
    if (!at_end() && std::strchr("?*+{", p_[i_])) return false;  // stacked quantifiers
    return true;
  }

 private:
  bool bracket(Bits& set) {
    std::size_t j = i_ + 1;
    bool negate = false;
    if (j < p_.size() && p_[j] == '^') negate = true, ++j;
    // A ']' right after '[' (or '[^') would be literal in RE2; keep that to RE2.
    if (j < p_.size() && p_[j] == ']') return false;
    Bits b{};
    bool any = false;
    while (j < p_.size() && p_[j] != ']') {
      unsigned char lo = 0;
      if (p_[j] == '\\') {
        if (j + 1 >= p_.size()) return false;
        Bits perl{};
        if (perl_class(p_[j + 1], perl)) {
          merge(b, perl);
          j += 2;
          any = true;
          continue;
        }
        if (!escapable(p_[j + 1])) return false;
        lo = static_cast<unsigned char>(p_[j + 1]);
        j += 2;
      } else if (p_[j] == '[') {
        return false;  // POSIX classes such as [:alpha:]
      } else {
        if (!is_ascii_printable(p_[j])) return false;
        lo = static_cast<unsigned char>(p_[j]);
        ++j;
      }
      // A range lo-hi, unless '-' is the last character of the class.
      if (j + 1 < p_.size() && p_[j] == '-' && p_[j + 1] != ']') {
        unsigned char hi = 0;
        if (p_[j + 1] == '\\') {
          if (j + 2 >= p_.size() || !escapable(p_[j + 2])) return false;
          hi = static_cast<unsigned char>(p_[j + 2]);
          j += 3;
        } else {
          if (!is_ascii_printable(p_[j + 1]) || p_[j + 1] == '[') return false;
          hi = static_cast<unsigned char>(p_[j + 1]);
          j += 2;
        }
        if (hi < lo) return false;
        add_range(b, lo, hi);
      } else {
        add(b, lo);
      }
      any = true;
    }
    if (j >= p_.size() || !any) return false;
    set = negate ? complement(b) : b;
    i_ = j + 1;
    return true;
  }

  std::string_view p_;
  std::size_t i_ = 0;
};

}  // namespace

std::optional<FastPattern> FastPattern::compile(std::string_view pattern) {
  // Anchors at the very ends are implied by whole-value matching.
  if (!pattern.empty() && pattern.front() == '^') pattern.remove_prefix(1);
  if (!pattern.empty() && pattern.back() == '$' && (pattern.size() < 2 || pattern[pattern.size() - 2] != '\\')) {
    pattern.remove_suffix(1);
  }
  // One optional group around everything: (a|b) or (?:a|b).
  if (pattern.size() >= 2 && pattern.front() == '(' && pattern.back() == ')') {
    std::string_view inner = pattern.substr(1, pattern.size() - 2);
    if (inner.substr(0, 2) == "?:") inner.remove_prefix(2);
    if (inner.find_first_of("()") == std::string_view::npos) pattern = inner;
  }
  if (pattern.empty()) return std::nullopt;

  FastPattern fp;
  Parser parser(pattern);
  Sequence seq;
  auto finish = [&]() -> bool {
    if (seq.atoms.empty()) return false;  // an empty alternative
    std::uint64_t total = 0;
    for (const Atom& a : seq.atoms) {
      if (a.min != a.max) seq.fixed = false;
      total += a.min;
    }
    if (seq.fixed) {
      if (total > max_text) return false;
      seq.fixed_length = static_cast<std::uint32_t>(total);
      for (const Atom& a : seq.atoms) {
        for (std::uint32_t k = 0; k < a.min; ++k) seq.by_position.push_back(a.set);
      }
      seq.swar = total <= swar_words * 8;
      const std::size_t tail_start = total >= 8 ? total - 8 : 0;
      for (std::size_t i = 0; seq.swar && i < seq.by_position.size(); ++i) {
        unsigned lo = 128, hi = 0;
        for (unsigned c = 0; c < 128; ++c) {
          if (seq.by_position[i].contains(static_cast<unsigned char>(c))) {
            lo = c < lo ? c : lo;
            hi = c;
          }
        }
        for (unsigned c = lo; c <= hi && seq.swar; ++c) seq.swar = seq.by_position[i].contains(static_cast<unsigned char>(c));
        if (lo > hi) seq.swar = false;
        const unsigned shift = static_cast<unsigned>(i % 8) * 8;
        seq.low[i / 8] |= std::uint64_t{lo} << shift;
        seq.high[i / 8] |= std::uint64_t{hi} << shift;
        if (total >= 8 && i >= tail_start) {
          seq.tail_low |= std::uint64_t{lo} << ((i - tail_start) * 8);
          seq.tail_high |= std::uint64_t{hi} << ((i - tail_start) * 8);
        }
      }
      // Padding past the end is zero bytes in the text, inside the range [0, 0].
    }
    fp.alternatives_.push_back(std::move(seq));
    seq = Sequence{};
    return true;
  };
  while (!parser.at_end()) {
    if (parser.peek() == '|') {
      parser.skip();
      if (!finish() || parser.at_end()) return std::nullopt;
      continue;
    }
    Atom a;
    Bits set{};
    if (!parser.atom(set)) return std::nullopt;
    a.set.bits = set;
    if (!parser.quantifier(a.min, a.max)) return std::nullopt;
    seq.atoms.push_back(a);
    if (seq.atoms.size() > 64) return std::nullopt;
  }
  if (!finish()) return std::nullopt;
  if (fp.alternatives_.size() == 1) {
    const Sequence& only = fp.alternatives_.front();
    const std::uint32_t n = only.fixed_length;
    if (only.swar && n >= 8 && n <= 16) {
      fp.two_words_ = true;
      fp.two_words_length_ = n;
      fp.two_words_low_ = {only.low[0], n == 8 ? only.low[0] : n == 16 ? only.low[1] : only.tail_low};
      fp.two_words_high_ = {only.high[0], n == 8 ? only.high[0] : n == 16 ? only.high[1] : only.tail_high};
    }
  }
  return fp;
}

bool FastPattern::match_sequence(const Sequence& seq, std::string_view text) const noexcept {
  const std::size_t n = text.size();
  if (seq.fixed) {
    if (n != seq.fixed_length) return false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!seq.by_position[i].contains(static_cast<unsigned char>(text[i]))) return false;
    }
    return true;
  }
  // The set of text positions reachable after each atom, as a bitset: atom (C, min, max) from
  // start s reaches s+min .. s+min(max, run of C at s).
  constexpr std::size_t words = (max_text + 1 + 63) / 64;
  std::uint64_t reach[words] = {1};
  std::uint64_t next[words];
  std::uint32_t run[max_text + 1];
  for (const Atom& a : seq.atoms) {
    run[n] = 0;
    for (std::size_t i = n; i-- > 0;) run[i] = a.set.contains(static_cast<unsigned char>(text[i])) ? run[i + 1] + 1 : 0;
    std::memset(next, 0, sizeof next);
    bool any = false;
    for (std::size_t w = 0; w < words; ++w) {
      for (std::uint64_t bits = reach[w]; bits; bits &= bits - 1) {
        const std::size_t s = w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits));
        if (s > n || run[s] < a.min) continue;
        const std::size_t hi = s + (run[s] < a.max ? run[s] : a.max);
        for (std::size_t t = s + a.min; t <= hi; ++t) next[t >> 6] |= std::uint64_t{1} << (t & 63);
        any = true;
      }
    }
    if (!any) return false;
    std::memcpy(reach, next, sizeof reach);
  }
  return (reach[n >> 6] >> (n & 63)) & 1;
}

std::optional<bool> FastPattern::match_swar(const Sequence& seq, std::string_view text) noexcept {
  const std::size_t n = text.size();
  auto check = [&](std::uint64_t x, std::uint64_t low, std::uint64_t high) -> int {
    if (x & ascii_high) return -1;  // not ASCII: RE2 counts code points
    return in_ranges(x, low, high) ? 1 : 0;
  };
  std::size_t w = 0;
  for (; (w + 1) * 8 <= n; ++w) {
    std::uint64_t x;
    std::memcpy(&x, text.data() + w * 8, 8);
    int r = check(x, seq.low[w], seq.high[w]);
    if (r < 0) return std::nullopt;
    if (r == 0) return false;
  }
  if (w * 8 < n) {
    std::uint64_t x = 0;
    int r;
    if (n >= 8) {
      std::memcpy(&x, text.data() + n - 8, 8);  // the last eight bytes, overlapping the words above
      r = check(x, seq.tail_low, seq.tail_high);
    } else {
      for (std::size_t i = 0; i < n; ++i) x |= std::uint64_t{static_cast<unsigned char>(text[i])} << (8 * i);
      r = check(x, seq.low[0], seq.high[0]);
    }
    if (r < 0) return std::nullopt;
    if (r == 0) return false;
  }
  return true;
}

std::optional<bool> FastPattern::match_any(std::string_view text) const noexcept {
  if (text.size() > max_text) return std::nullopt;
  bool ascii_known = false;
  auto is_ascii = [&] {
    for (char c : text) {
      if (static_cast<unsigned char>(c) >= 0x80) return false;
    }
    return true;
  };
  for (const Sequence& seq : alternatives_) {
    if (seq.swar) {
      // An ASCII text of another length cannot match; whether the text is ASCII is settled below.
      if (text.size() != seq.fixed_length) continue;
      std::optional<bool> r = match_swar(seq, text);
      if (!r) return std::nullopt;
      if (*r) return true;
      ascii_known = true;
      continue;
    }
    if (!ascii_known) {
      if (!is_ascii()) return std::nullopt;  // code points: RE2's business
      ascii_known = true;
    }
    if (match_sequence(seq, text)) return true;
  }
  if (!ascii_known && !is_ascii()) return std::nullopt;
  return false;
}

}  // namespace rowguard::detail
