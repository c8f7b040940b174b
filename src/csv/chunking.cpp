#include "csv/chunking.hpp"

#include "csv/kernels/structural.hpp"

namespace rowguard::detail::csv {
namespace {

// The reference tokenizer's states (csv/scanner.cpp), plus the record start and a comment line.
enum class S : std::uint8_t { record_start, start_field, in_field, in_quoted, quote_in_quoted, escape, escape_in_quoted, comment };

S from(LineState s) {
  switch (s) {
    case LineState::record: return S::record_start;
    case LineState::quoted: return S::in_quoted;
    case LineState::unquoted_field: return S::in_field;
  }
  return S::record_start;
}

// Runs the state machine over `text` from `start`. Stops just after the first line break that
// ends a record when `stop_at_record_end`; returns the position reached and the state.
struct Run {
  std::size_t pos;
  S state;
  bool ended_record;
};

Run run(const Dialect& d, std::string_view text, S s, bool stop_at_record_end) {
  const char delim = d.delimiter, quote = d.quote_char;
  const int escape = d.escape_char ? static_cast<unsigned char>(*d.escape_char) : -1;
  const int comment = d.comment_char ? static_cast<unsigned char>(*d.comment_char) : -1;
  const std::size_t n = text.size();
  // A line break that ends a record (a CRLF counts once).
  auto end_record = [&](std::size_t& i) {
    if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
    s = S::record_start;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const char c = text[i];
    const bool is_break = c == '\n' || c == '\r';
    switch (s) {
      case S::record_start:
        if (static_cast<unsigned char>(c) == comment) {
          s = S::comment;
          break;
        }
        s = S::start_field;
        [[fallthrough]];
      case S::start_field:
        if (c == quote) {
          s = S::in_quoted;
          break;
        }
        if (d.skip_initial_space && c == ' ') break;
        [[fallthrough]];
      case S::in_field:
        if (c == delim) s = S::start_field;
        else if (is_break) end_record(i);
        else if (static_cast<unsigned char>(c) == escape) s = S::escape;
        else s = S::in_field;
        break;
      case S::in_quoted:
        if (c == quote) s = d.double_quote ? S::quote_in_quoted : S::in_field;
        else if (static_cast<unsigned char>(c) == escape) s = S::escape_in_quoted;
        break;
      case S::quote_in_quoted:
        if (c == quote) s = S::in_quoted;
        else if (c == delim) s = S::start_field;
        else if (is_break) end_record(i);
        else s = S::in_field;
        break;
      case S::escape:
      case S::escape_in_quoted:
        // An escaped CRLF is one escaped line break, as in the tokenizer.
        if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
        s = s == S::escape ? S::in_field : S::in_quoted;
        break;
      case S::comment:
        if (is_break) end_record(i);
        break;
    }
    if (stop_at_record_end && s == S::record_start) return Run{i + 1, s, true};
  }
  return Run{n, s, false};
}

LineState to_line_state(S s) {
  switch (s) {
    case S::in_quoted:
    case S::escape_in_quoted: return LineState::quoted;
    case S::in_field:
    case S::escape: return LineState::unquoted_field;
    default: return LineState::record;
  }
}

}  // namespace

RecordSkipper::RecordSkipper(const Dialect& dialect) : dialect_(dialect), state_(static_cast<std::uint8_t>(S::record_start)) {}

bool RecordSkipper::quote_open() const noexcept {
  const auto s = static_cast<S>(state_);
  return s == S::in_quoted || s == S::escape_in_quoted;
}

void RecordSkipper::finish() noexcept {
  if (ended_) return;
  if (pending_cr_ && pending_cr_ends_record_) {
    terminated_ = true;  // a lone CR at the very end
  } else if (pending_cr_) {
    ++breaks_;  // a lone CR inside a quoted field
    ++length_;
  }
  pending_cr_ = false;
  ended_ = true;
}

std::size_t RecordSkipper::feed(std::string_view bytes) {
  const Dialect& d = dialect_;
  const int escape = d.escape_char ? static_cast<unsigned char>(*d.escape_char) : -1;
  const int comment = d.comment_char ? static_cast<unsigned char>(*d.comment_char) : -1;
  S s = static_cast<S>(state_);
  std::size_t i = 0;
  if (pending_escaped_cr_) {
    pending_escaped_cr_ = false;
    if (!bytes.empty() && bytes[0] == '\n') {
      i = 1;  // the escaped CRLF's LF, already counted as one line break
      ++length_;
    }
  }
  if (pending_cr_) {
    pending_cr_ = false;
    const bool lf = !bytes.empty() && bytes[0] == '\n';
    if (pending_cr_ends_record_) {
      ended_ = terminated_ = true;
      return lf ? 1 : 0;
    }
    // Inside quotes: a CRLF counts as one line break (its LF is counted below), a lone CR as one.
    if (!lf) ++breaks_;
    ++length_;
  }
  for (; i < bytes.size(); ++i) {
    const char c = bytes[i];
    const bool is_break = c == '\n' || c == '\r';
    bool record_ends = false;
    switch (s) {
      case S::record_start:
        if (static_cast<unsigned char>(c) == comment) {
          s = S::comment;
          comment_ = true;
          break;
        }
        s = S::start_field;
        [[fallthrough]];
      case S::start_field:
        if (c == d.quote_char) {
          s = S::in_quoted;
          break;
        }
        if (d.skip_initial_space && c == ' ') break;
        [[fallthrough]];
      case S::in_field:
        if (c == d.delimiter) s = S::start_field;
        else if (is_break) record_ends = true;
        else if (static_cast<unsigned char>(c) == escape) s = S::escape;
        else s = S::in_field;
        break;
      case S::in_quoted:
        if (c == d.quote_char) s = d.double_quote ? S::quote_in_quoted : S::in_field;
        else if (static_cast<unsigned char>(c) == escape) s = S::escape_in_quoted;
        else if (c == '\n') ++breaks_;
        else if (c == '\r') {
          if (i + 1 == bytes.size()) {
            pending_cr_ = true;
            pending_cr_ends_record_ = false;
            state_ = static_cast<std::uint8_t>(s);
            return std::string_view::npos;
          }
          if (bytes[i + 1] != '\n') ++breaks_;
        }
        break;
      case S::quote_in_quoted:
        if (c == d.quote_char) s = S::in_quoted;
        else if (c == d.delimiter) s = S::start_field;
        else if (is_break) record_ends = true;
        else s = S::in_field;
        break;
      case S::escape:
      case S::escape_in_quoted:
        if (c == '\n' || c == '\r') ++breaks_;
        if (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') {
          ++i;  // an escaped CRLF is one escaped line break
          ++length_;
        } else if (c == '\r' && i + 1 == bytes.size()) {
          pending_escaped_cr_ = true;
        }
        s = s == S::escape ? S::in_field : S::in_quoted;
        break;
      case S::comment:
        if (is_break) record_ends = true;
        break;
    }
    if (record_ends) {
      if (c == '\r' && i + 1 == bytes.size()) {
        pending_cr_ = true;
        pending_cr_ends_record_ = true;
        state_ = static_cast<std::uint8_t>(s);
        return std::string_view::npos;
      }
      ended_ = terminated_ = true;
      return (c == '\r' && bytes[i + 1] == '\n') ? i + 2 : i + 1;
    }
    ++length_;
  }
  state_ = static_cast<std::uint8_t>(s);
  return std::string_view::npos;
}

LineState advance(const Dialect& dialect, std::string_view text, LineState start) {
  return to_line_state(run(dialect, text, from(start), false).state);
}

std::size_t first_record_start(const Dialect& dialect, std::string_view text, LineState start) {
  if (start == LineState::record) return 0;
  const Run r = run(dialect, text, from(start), true);
  return r.ended_record ? r.pos : std::string_view::npos;
}

ChunkTransfer chunk_transfer(const Dialect& d, Kernel kernel, std::string_view chunk) {
  ChunkTransfer t;
  const bool covered = !d.escape_char && !d.comment_char && !d.skip_initial_space;
  kernels::TransferFn fn = nullptr;
  if (covered) {
    switch (kernel) {
      case Kernel::scalar: fn = &kernels::transfer_scalar; break;
      case Kernel::avx2: fn = &kernels::transfer_avx2; break;
      case Kernel::avx512: fn = &kernels::transfer_avx512; break;
      case Kernel::automatic: break;
    }
  }
  if (fn) {
    const kernels::KernelDialect kd{d.delimiter, d.quote_char, d.double_quote, d.max_record_bytes};
    const kernels::Transfer k = fn(chunk.data(), chunk.size(), kd);
    t.end[0] = k.irregular_from_record ? advance(d, chunk, LineState::record)
                                       : (k.quoted_at_end_from_record ? LineState::quoted : LineState::record);
    t.end[1] = k.irregular_from_quoted ? advance(d, chunk, LineState::quoted)
                                       : (k.quoted_at_end_from_quoted ? LineState::quoted : LineState::record);
  } else {
    t.end[0] = advance(d, chunk, LineState::record);
    t.end[1] = advance(d, chunk, LineState::quoted);
  }
  // Only an escape character can leave a line break inside an unquoted field.
  t.end[2] = d.escape_char ? advance(d, chunk, LineState::unquoted_field) : LineState::unquoted_field;
  return t;
}

std::size_t cut_after_last_line_break(std::string_view text) {
  for (std::size_t i = text.size(); i-- > 0;) {
    const char c = text[i];
    if (c == '\n') return i + 1;
    // A CR counts only when what follows is known not to be its LF.
    if (c == '\r' && i + 1 < text.size() && text[i + 1] != '\n') return i + 1;
  }
  return 0;
}

}  // namespace rowguard::detail::csv
