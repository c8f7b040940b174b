// The scalar CSV tokenizer: a byte-at-a-time state machine. It is the reference that every SIMD
// kernel must reproduce exactly.
#include "csv/scanner.hpp"

#include <cstring>

namespace rowguard::detail::csv {
namespace {

enum class State : std::uint8_t {
  start_field,       // at the first byte of a field
  in_field,          // inside an unquoted field (quotes are literal here)
  in_quoted,         // inside a quoted field
  quote_in_quoted,   // just read a quote inside a quoted field
  escape,            // after the escape character outside quotes
  escape_in_quoted,  // after the escape character inside quotes
};

constexpr bool is_break(char c) noexcept { return c == '\n' || c == '\r'; }

}  // namespace

Scanner::Scanner(const Dialect& dialect)
    : dialect_(dialect),
      escape_(dialect.escape_char ? static_cast<unsigned char>(*dialect.escape_char) : -1),
      comment_(dialect.comment_char ? static_cast<unsigned char>(*dialect.comment_char) : -1) {}

std::size_t Scanner::scan(const char* data, std::size_t size, std::size_t pos, bool at_eof,
                          std::size_t max_records, Batch& out) const {
  if (kernel_fn_) return scan_with_kernel(data, size, pos, at_eof, max_records, out);
  return scan_state_machine(data, size, pos, at_eof, max_records, out);
}

std::size_t Scanner::scan_state_machine(const char* data, std::size_t size, std::size_t pos, bool at_eof,
                                        std::size_t max_records, Batch& out) const {
  const char delim = dialect_.delimiter;
  const char quote = dialect_.quote_char;
  const bool double_quote = dialect_.double_quote;
  const bool skip_space = dialect_.skip_initial_space;
  const std::size_t limit = dialect_.max_record_bytes;
  std::size_t produced = 0;

  while (produced < max_records && pos < size) {
    const std::size_t start = pos;
    const std::size_t fields_mark = out.field_ends.size();
    Record rec{};
    rec.begin = start;
    rec.first_field = static_cast<std::uint32_t>(fields_mark);

    // Length of the line break at i (1 or 2), or 0 when a CR at the end of a partial buffer may
    // still be followed by LF.
    auto terminator_length = [&](std::size_t i) -> std::size_t {
      if (data[i] == '\n') return 1;
      if (i + 1 < size) return data[i + 1] == '\n' ? 2 : 1;
      return at_eof ? 1 : 0;
    };

    if (comment_ >= 0 && static_cast<unsigned char>(data[start]) == comment_) {
      std::size_t i = start;
      while (i < size && !is_break(data[i])) ++i;
      if (i == size) {
        if (!at_eof) return start;
        rec.end = rec.next_begin = size;
      } else {
        std::size_t t = terminator_length(i);
        if (t == 0) return start;
        rec.end = i;
        rec.next_begin = i + t;
        rec.flags |= terminated;
      }
      rec.flags |= comment;
      out.records.push_back(rec);
      ++produced;
      pos = rec.next_begin;
      continue;
    }

    State state = State::start_field;
    std::size_t i = start;
    bool ended = false;
    for (; i < size; ++i) {
      const char c = data[i];
      switch (state) {
        case State::start_field:
          if (c == quote) {
            state = State::in_quoted;
            continue;
          }
          if (skip_space && c == ' ') continue;
          [[fallthrough]];
        case State::in_field:
          if (c == delim) {
            out.field_ends.push_back(static_cast<std::uint32_t>(i));
            state = State::start_field;
          } else if (is_break(c)) {
            ended = true;
          } else if (static_cast<unsigned char>(c) == escape_) {
            state = State::escape;
          } else {
            state = State::in_field;
          }
          break;
        case State::in_quoted:
          if (c == quote) {
            state = double_quote ? State::quote_in_quoted : State::in_field;
          } else if (static_cast<unsigned char>(c) == escape_) {
            state = State::escape_in_quoted;
          } else if (c == '\n' || (c == '\r' && (i + 1 >= size || data[i + 1] != '\n'))) {
            ++rec.line_breaks;  // CRLF counts once, at its LF
          }
          break;
        case State::quote_in_quoted:
          if (c == quote) {
            state = State::in_quoted;
          } else if (c == delim) {
            out.field_ends.push_back(static_cast<std::uint32_t>(i));
            state = State::start_field;
          } else if (is_break(c)) {
            ended = true;
          } else {
            state = State::in_field;
          }
          break;
        case State::escape:
        case State::escape_in_quoted:
          if (c == '\n' || (c == '\r' && (i + 1 >= size || data[i + 1] != '\n'))) ++rec.line_breaks;
          if (c == '\r' && i + 1 < size && data[i + 1] == '\n') {
            // An escaped CRLF is one escaped line break: keep both bytes literal.
            ++i;
            ++rec.line_breaks;
          }
          state = state == State::escape ? State::in_field : State::in_quoted;
          break;
      }
      if (ended) break;
    }

    if (ended) {
      std::size_t t = terminator_length(i);
      if (t == 0) {
        out.field_ends.resize(fields_mark);
        return start;
      }
      rec.end = i;
      rec.next_begin = i + t;
      rec.flags |= terminated;
    } else {
      if (!at_eof) {
        out.field_ends.resize(fields_mark);
        return start;
      }
      rec.end = rec.next_begin = size;
      if (state == State::in_quoted || state == State::escape_in_quoted) rec.flags |= unterminated_quote;
    }
    out.field_ends.push_back(static_cast<std::uint32_t>(rec.end));
    rec.field_count = static_cast<std::uint32_t>(out.field_ends.size() - fields_mark);
    if (rec.end - rec.begin > limit) {
      rec.flags |= too_large;
      out.field_ends.resize(fields_mark);
      rec.field_count = 0;
    }
    out.records.push_back(rec);
    ++produced;
    pos = rec.next_begin;
  }
  return pos;
}

std::string_view decode_field(std::string_view raw, const Dialect& d, std::string& scratch) {
  const char quote = d.quote_char;
  const int escape = d.escape_char ? static_cast<unsigned char>(*d.escape_char) : -1;
  // Fast paths: a plain unquoted field, or a quoted field with no quote or escape inside.
  if (raw.empty()) return raw;
  bool leading_space = d.skip_initial_space && raw.front() == ' ';
  if (!leading_space) {
    if (raw.front() != quote) {
      if (escape < 0 || std::memchr(raw.data(), escape, raw.size()) == nullptr) return raw;
    } else if (raw.size() >= 2 && raw.back() == quote) {
      std::string_view inner = raw.substr(1, raw.size() - 2);
      if (std::memchr(inner.data(), quote, inner.size()) == nullptr &&
          (escape < 0 || std::memchr(inner.data(), escape, inner.size()) == nullptr)) {
        return inner;
      }
    }
  }
  // General case: run the field part of the scanner's state machine, keeping content bytes.
  scratch.clear();
  State state = State::start_field;
  for (char c : raw) {
    switch (state) {
      case State::start_field:
        if (c == quote) {
          state = State::in_quoted;
          continue;
        }
        if (d.skip_initial_space && c == ' ') continue;
        [[fallthrough]];
      case State::in_field:
        if (static_cast<unsigned char>(c) == escape) state = State::escape;
        else {
          scratch.push_back(c);
          state = State::in_field;
        }
        break;
      case State::in_quoted:
        if (c == quote) state = d.double_quote ? State::quote_in_quoted : State::in_field;
        else if (static_cast<unsigned char>(c) == escape) state = State::escape_in_quoted;
        else scratch.push_back(c);
        break;
      case State::quote_in_quoted:
        scratch.push_back(c);
        state = c == quote ? State::in_quoted : State::in_field;
        break;
      case State::escape:
      case State::escape_in_quoted:
        scratch.push_back(c);
        state = state == State::escape ? State::in_field : State::in_quoted;
        break;
    }
  }
  // A dangling escape at the very end keeps the escape character itself.
  if (state == State::escape || state == State::escape_in_quoted) scratch.push_back(static_cast<char>(escape));
  return scratch;
}

bool is_blank_record(const char* data, const Batch& batch, const Record& rec, const Dialect& dialect,
                     std::string& scratch) {
  const char* record = data + rec.begin;
  std::uint32_t begin = 0;
  for (std::uint32_t k = 0; k < rec.field_count; ++k) {
    std::uint32_t end = batch.field_end(rec, k);
    std::uint32_t len = end - begin;
    if (len != 0) {
      // Only a few spellings can decode to empty: "", or spaces when they are skipped.
      if (len > 2 && !dialect.skip_initial_space) return false;
      if (!decode_field(std::string_view(record + begin, len), dialect, scratch).empty()) return false;
    }
    begin = end + 1;
  }
  return true;
}

}  // namespace rowguard::detail::csv
