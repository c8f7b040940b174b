#include "check/cell_check.hpp"

#include <cmath>

namespace rowguard::detail {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Rewrites a number written with a custom decimal separator, grouping character or surrounding
// text into plain syntax in `scratch`.
std::string_view normalize_number(const CompiledField& f, std::string_view text, std::string& scratch) {
  if (!f.bare_number) {
    std::size_t begin = 0;
    while (begin < text.size() && !is_digit(text[begin]) && text[begin] != '-' && text[begin] != '+' &&
           text[begin] != f.decimal_char) {
      ++begin;
    }
    std::size_t end = text.size();
    while (end > begin && !is_digit(text[end - 1])) --end;
    text = text.substr(begin, end - begin);
  }
  scratch.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!f.group_char.empty() && text.compare(i, f.group_char.size(), f.group_char) == 0) {
      i += f.group_char.size() - 1;
      continue;
    }
    char c = text[i];
    if (c == f.decimal_char) c = '.';
    else if (c == '.' && f.decimal_char != '.') return std::string_view("x");  // a '.' is not allowed
    scratch.push_back(c);
  }
  return scratch;
}

bool matches_any(const std::vector<std::string>& values, std::string_view text) noexcept {
  for (const auto& v : values) {
    if (v == text) return true;
  }
  return false;
}

template <class T>
int compare(const T& a, const T& b) noexcept {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// Three-way comparison of two values of the same type; NaN compares unordered (returns 2).
int compare_typed(const TypedValue& a, const TypedValue& b) noexcept {
  switch (a.type) {
    case Type::integer:
    case Type::date:
      return compare(a.i, b.i);
    case Type::number:
      if (std::isnan(a.d) || std::isnan(b.d)) return 2;
      return compare(a.d, b.d);
    case Type::datetime:
      return compare(a.t, b.t);
    default:
      return 0;
  }
}

}  // namespace

void check_rules(const CompiledField& f, const TypedValue& v, CellVerdict& verdict) {
  if (!f.has_value_rules) return;
  if (f.enum_set.active() && !f.enum_set.contains(v)) verdict.failed |= bit(Constraint::enumeration);
  // A NaN is outside every bound: no comparison with it holds.
  if (f.minimum) {
    int c = compare_typed(v, f.minimum->value);
    if (c == -1 || c == 2) verdict.failed |= bit(Constraint::minimum);
  }
  if (f.maximum) {
    int c = compare_typed(v, f.maximum->value);
    if (c == 1 || c == 2) verdict.failed |= bit(Constraint::maximum);
  }
  if (f.exclusive_minimum) {
    int c = compare_typed(v, f.exclusive_minimum->value);
    if (c != 1) verdict.failed |= bit(Constraint::exclusive_minimum);
  }
  if (f.exclusive_maximum) {
    int c = compare_typed(v, f.exclusive_maximum->value);
    if (c != -1) verdict.failed |= bit(Constraint::exclusive_maximum);
  }
  if (f.min_length || f.max_length) {
    verdict.length = utf8_length(v.s);
    if (f.min_length && verdict.length < *f.min_length) verdict.failed |= bit(Constraint::min_length);
    if (f.max_length && verdict.length > *f.max_length) verdict.failed |= bit(Constraint::max_length);
  }
  if (f.pattern && !f.pattern->full_match(v.s)) verdict.failed |= bit(Constraint::pattern);
}

CellVerdict check_text(const CompiledField& f, std::string_view text, TypedValue& typed,
                       std::string& scratch) {
  CellVerdict verdict;
  typed.type = f.type;
  typed.s = text;
  switch (f.type) {
    case Type::string:
      switch (f.string_format) {
        case StringFormat::plain: break;
        case StringFormat::email:
          if (!is_email(text)) verdict.type_problem = TypeProblem::not_email;
          break;
        case StringFormat::uri:
          if (!is_uri(text)) verdict.type_problem = TypeProblem::not_uri;
          break;
        case StringFormat::uuid:
          if (!is_uuid(text)) verdict.type_problem = TypeProblem::not_uuid;
          break;
        case StringFormat::binary:
          if (!is_base64(text)) verdict.type_problem = TypeProblem::not_base64;
          break;
      }
      break;
    case Type::any:
      break;
    case Type::integer: {
      std::string_view digits = f.plain_numbers ? text : normalize_number(f, text, scratch);
      ParseStatus s = parse_int64(digits, typed.i);
      if (s == ParseStatus::invalid) verdict.type_problem = TypeProblem::not_integer;
      else if (s == ParseStatus::out_of_range) verdict.type_problem = TypeProblem::integer_out_of_range;
      break;
    }
    case Type::number: {
      std::string_view digits = f.plain_numbers ? text : normalize_number(f, text, scratch);
      if (parse_double(digits, typed.d) != ParseStatus::ok) verdict.type_problem = TypeProblem::not_number;
      break;
    }
    case Type::boolean:
      if (matches_any(f.true_values, text)) typed.i = 1;
      else if (matches_any(f.false_values, text)) typed.i = 0;
      else verdict.type_problem = TypeProblem::not_boolean;
      break;
    case Type::date: {
      ParseStatus s = f.temporal.empty() ? parse_iso_date(text, typed.i) : f.temporal.parse_date(text, typed.i);
      if (s != ParseStatus::ok) verdict.type_problem = TypeProblem::not_date;
      break;
    }
    case Type::datetime: {
      ParseStatus s = f.temporal.empty() ? parse_iso_datetime(text, typed.t)
                                         : f.temporal.parse_datetime(text, typed.t);
      if (s != ParseStatus::ok) verdict.type_problem = TypeProblem::not_datetime;
      break;
    }
  }
  if (verdict.type_problem == TypeProblem::none) check_rules(f, typed, verdict);
  return verdict;
}

}  // namespace rowguard::detail
