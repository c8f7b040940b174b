#include "check/cell_check.hpp"

#include <cmath>
#include <limits>

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

// The four bounds on a value of one ordered type. Written as "not (x >= min)" and so on, so that a
// NaN, which no comparison holds for, is outside every bound.
template <class T>
inline void check_bounds(const CompiledField& f, const T& x, T TypedValue::*member, CellVerdict& v) {
  if (f.minimum && !(x >= f.minimum->value.*member)) v.failed |= bit(Constraint::minimum);
  if (f.maximum && !(x <= f.maximum->value.*member)) v.failed |= bit(Constraint::maximum);
  if (f.exclusive_minimum && !(x > f.exclusive_minimum->value.*member)) v.failed |= bit(Constraint::exclusive_minimum);
  if (f.exclusive_maximum && !(x < f.exclusive_maximum->value.*member)) v.failed |= bit(Constraint::exclusive_maximum);
}

// Enum, lengths and pattern on text.
inline void check_text_rules(const CompiledField& f, const TypedValue& t, CellVerdict& v) {
  if (f.enum_set.active() && !f.enum_set.contains(t)) v.failed |= bit(Constraint::enumeration);
  if (f.min_length || f.max_length) {
    v.length = utf8_length(t.s);
    if (f.min_length && v.length < *f.min_length) v.failed |= bit(Constraint::min_length);
    if (f.max_length && v.length > *f.max_length) v.failed |= bit(Constraint::max_length);
  }
  if (f.pattern && !f.pattern->full_match(t.s)) v.failed |= bit(Constraint::pattern);
}

CellVerdict check_generic(const CompiledField& f, std::string_view text, TypedValue& typed, std::string& scratch);

CellVerdict check_plain_string(const CompiledField& f, std::string_view text, TypedValue& typed, std::string&) {
  CellVerdict v;
  typed.type = Type::string;
  typed.s = text;
  check_text_rules(f, typed, v);
  return v;
}

CellVerdict check_plain_number(const CompiledField& f, std::string_view text, TypedValue& typed, std::string&) {
  CellVerdict v;
  typed.type = Type::number;
  typed.s = text;
  if (parse_double(text, typed.d) != ParseStatus::ok) {
    v.type_problem = TypeProblem::not_number;
    return v;
  }
  if (f.enum_set.active() && !f.enum_set.contains(typed)) v.failed |= bit(Constraint::enumeration);
  if (f.has_bounds) check_bounds(f, typed.d, &TypedValue::d, v);
  return v;
}

CellVerdict check_plain_integer(const CompiledField& f, std::string_view text, TypedValue& typed, std::string&) {
  CellVerdict v;
  typed.type = Type::integer;
  typed.s = text;
  ParseStatus s = parse_int64(text, typed.i);
  if (s != ParseStatus::ok) {
    v.type_problem = s == ParseStatus::invalid ? TypeProblem::not_integer : TypeProblem::integer_out_of_range;
    return v;
  }
  if (f.enum_set.active() && !f.enum_set.contains(typed)) v.failed |= bit(Constraint::enumeration);
  if (f.has_bounds) check_bounds(f, typed.i, &TypedValue::i, v);
  return v;
}

CellVerdict check_iso_date(const CompiledField& f, std::string_view text, TypedValue& typed, std::string&) {
  CellVerdict v;
  typed.type = Type::date;
  typed.s = text;
  if (parse_iso_date(text, typed.i) != ParseStatus::ok) {
    v.type_problem = TypeProblem::not_date;
    return v;
  }
  if (f.enum_set.active() && !f.enum_set.contains(typed)) v.failed |= bit(Constraint::enumeration);
  if (f.has_bounds) check_bounds(f, typed.i, &TypedValue::i, v);
  return v;
}

CellVerdict check_iso_datetime(const CompiledField& f, std::string_view text, TypedValue& typed, std::string&) {
  CellVerdict v;
  typed.type = Type::datetime;
  typed.s = text;
  if (parse_iso_datetime(text, typed.t) != ParseStatus::ok) {
    v.type_problem = TypeProblem::not_datetime;
    return v;
  }
  if (f.enum_set.active() && !f.enum_set.contains(typed)) v.failed |= bit(Constraint::enumeration);
  if (f.has_bounds) check_bounds(f, typed.t, &TypedValue::t, v);
  return v;
}

}  // namespace

namespace {

// The integer bounds of quick_decimal_within. For a bound b and s = b * 10^f rounded, |s| < 2^52
// makes the rounding error at most 1/2, so an integer m >= ceil(s) + 1 exceeds b * 10^f exactly;
// m / 10^f then exceeds b, and so does its rounding, b being a double. Likewise below the upper
// bound. Larger products get bounds that nothing passes (floating point decides).
void set_scaled_bounds(CompiledField& f) {
  constexpr double limit = 4503599627370496.0;  // 2^52
  constexpr std::int64_t lowest = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t highest = std::numeric_limits<std::int64_t>::max();
  double scale = 1;
  for (std::size_t digits = 0; digits < f.quick_min_scaled.size(); ++digits, scale *= 10) {
    const double low = f.quick_min_number * scale, high = f.quick_max_number * scale;
    f.quick_min_scaled[digits] = f.quick_min_number == -std::numeric_limits<double>::infinity() ? lowest
                                 : std::fabs(low) < limit ? static_cast<std::int64_t>(std::ceil(low)) + 1
                                                          : highest;
    f.quick_max_scaled[digits] = f.quick_max_number == std::numeric_limits<double>::infinity() ? highest
                                 : std::fabs(high) < limit ? static_cast<std::int64_t>(std::floor(high)) - 1
                                                           : lowest;
  }
}

}  // namespace

void select_quick_check(CompiledField& f, bool in_composite_key) {
  f.quick = QuickCheck::none;
  f.quick_fn = nullptr;
  if (in_composite_key || (f.unique_slot >= 0 && f.checker != &check_plain_string)) return;
  if (f.enum_set.active() || f.exclusive_minimum || f.exclusive_maximum) return;
  if (f.checker == &check_plain_string) {
    f.quick = QuickCheck::string;
    f.quick_lengths = f.min_length || f.max_length;
    f.quick_min_length = f.min_length.value_or(0);
    f.quick_max_length = f.max_length.value_or(std::numeric_limits<std::uint64_t>::max());
  } else if (f.checker == &check_plain_number) {
    // Infinite bounds when absent: a NaN then fails the quick check and check_text judges it.
    f.quick = QuickCheck::number;
    f.quick_min_number = f.minimum ? f.minimum->value.d : -std::numeric_limits<double>::infinity();
    f.quick_max_number = f.maximum ? f.maximum->value.d : std::numeric_limits<double>::infinity();
    set_scaled_bounds(f);
  } else if (f.checker == &check_plain_integer) {
    f.quick = QuickCheck::integer;
    f.quick_min_integer = f.minimum ? f.minimum->value.i : std::numeric_limits<std::int64_t>::min();
    f.quick_max_integer = f.maximum ? f.maximum->value.i : std::numeric_limits<std::int64_t>::max();
  } else if (f.checker == &check_iso_date && !f.has_bounds) {
    f.quick = QuickCheck::date;
  } else if (f.checker == &check_iso_datetime && !f.has_bounds) {
    f.quick = QuickCheck::datetime;
  }
  switch (f.quick) {
    case QuickCheck::none: f.quick_fn = nullptr; break;
    case QuickCheck::string: f.quick_fn = &quick_pass_as<QuickCheck::string>; break;
    case QuickCheck::number: f.quick_fn = &quick_pass_as<QuickCheck::number>; break;
    case QuickCheck::integer: f.quick_fn = &quick_pass_as<QuickCheck::integer>; break;
    case QuickCheck::date: f.quick_fn = &quick_pass_as<QuickCheck::date>; break;
    case QuickCheck::datetime: f.quick_fn = &quick_pass_as<QuickCheck::datetime>; break;
  }
}

void check_rules(const CompiledField& f, const TypedValue& v, CellVerdict& verdict) {
  if (!f.has_value_rules) return;
  if (f.has_bounds) {
    switch (v.type) {
      case Type::integer:
      case Type::date: check_bounds(f, v.i, &TypedValue::i, verdict); break;
      case Type::number: check_bounds(f, v.d, &TypedValue::d, verdict); break;
      case Type::datetime: check_bounds(f, v.t, &TypedValue::t, verdict); break;
      default: break;
    }
  }
  check_text_rules(f, v, verdict);
}

CellChecker select_checker(const CompiledField& f) {
  switch (f.type) {
    case Type::string:
      if (f.string_format == StringFormat::plain) return &check_plain_string;
      break;
    case Type::number:
      if (f.plain_numbers) return &check_plain_number;
      break;
    case Type::integer:
      if (f.plain_numbers) return &check_plain_integer;
      break;
    case Type::date:
      if (f.temporal.empty()) return &check_iso_date;
      break;
    case Type::datetime:
      if (f.temporal.empty()) return &check_iso_datetime;
      break;
    default:
      break;
  }
  return &check_generic;
}

namespace {

CellVerdict check_generic(const CompiledField& f, std::string_view text, TypedValue& typed, std::string& scratch) {
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

}  // namespace

}  // namespace rowguard::detail
