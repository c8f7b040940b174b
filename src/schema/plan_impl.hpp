#pragma once
// The compiled plan as executors see it: one CompiledField per schema field with every rule turned
// into typed constants and ready-to-run matchers. Immutable after compile().

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "check/enum_set.hpp"
#include "check/pattern.hpp"
#include "check/typed_value.hpp"
#include "check/values.hpp"
#include "rowguard/dialect.hpp"
#include "rowguard/schema.hpp"

namespace rowguard::detail {

enum class StringFormat : std::uint8_t { plain, email, uri, uuid, binary };

// Fields whose every rule can be decided without a verdict (see quick_pass in
// check/cell_check.hpp): plain strings without enum; plain numbers and integers with at most
// inclusive bounds; ISO dates and datetimes without rules. Never a field feeding a unique set.
enum class QuickCheck : std::uint8_t { none, string, number, integer, date, datetime };

struct CompiledField;
struct CellVerdict;
// Parses a present text value as the field's type and runs its rules (check/cell_check.hpp); the
// compiler picks one specialised for the field's type, format and rules.
using CellChecker = CellVerdict (*)(const CompiledField& field, std::string_view text, TypedValue& typed,
                                    std::string& scratch);

// The values that mean "missing" for one field.
class MissingValues {
 public:
  MissingValues() = default;
  explicit MissingValues(std::vector<std::string> values);
  bool is_missing(std::string_view text) const noexcept {
    if (only_empty_) return text.empty();
    for (const auto& v : values_) {
      if (v == text) return true;
    }
    return false;
  }

 private:
  std::vector<std::string> values_;
  bool only_empty_ = true;
};

// A bound compiled to the field's type, with its schema text for messages.
struct CompiledBound {
  TypedValue value;
  std::string text;
};

struct CompiledField {
  std::string name;
  std::uint32_t index = 0;  // position in the schema, 0-based
  Type type = Type::string;
  StringFormat string_format = StringFormat::plain;
  std::string format_text;       // the schema's format, for messages
  TemporalFormat temporal;       // empty: the ISO default
  bool required = false;
  bool unique = false;           // unique on its own (not as part of a composite key)
  std::int32_t unique_slot = -1; // index into the plan's unique sets, or -1
  MissingValues missing;
  std::vector<std::string> true_values;
  std::vector<std::string> false_values;
  // Number syntax; `plain_numbers` means the defaults, so no rewriting is needed.
  bool plain_numbers = true;
  char decimal_char = '.';
  std::string group_char;
  bool bare_number = true;

  std::optional<CompiledBound> minimum, maximum, exclusive_minimum, exclusive_maximum;
  std::optional<std::uint64_t> min_length, max_length;
  std::unique_ptr<PatternMatcher> pattern;
  std::string pattern_text;
  EnumSet enum_set;
  std::string enum_text;  // "a, b, c" for messages

  std::vector<std::string> json_path;  // name split on '.' for nested JSON objects

  bool has_value_rules = false;  // any of enum, bounds, lengths, pattern
  bool has_bounds = false;       // any of the four bounds
  CellChecker checker = nullptr;

  // The quick check and what it compares with: inclusive bounds (the type's extremes when a bound
  // is absent) and code-point lengths.
  QuickCheck quick = QuickCheck::none;
  bool (*quick_fn)(const CompiledField&, std::string_view) = nullptr;  // quick_pass_as<quick>, or none
  bool quick_lengths = false;
  std::uint64_t quick_min_length = 0;
  std::uint64_t quick_max_length = 0;
  double quick_min_number = 0;
  double quick_max_number = 0;
  // For plain decimals of at most 18 digits, by the number f of fraction digits: the signed digits
  // m (value m / 10^f) are within the quick bounds for certain when quick_min_scaled[f] <= m <=
  // quick_max_scaled[f]; outside those, the value is decided in floating point.
  std::array<std::int64_t, 19> quick_min_scaled{};
  std::array<std::int64_t, 19> quick_max_scaled{};
  std::int64_t quick_min_integer = 0;
  std::int64_t quick_max_integer = 0;
};

// JSON key lookup: the schema's dotted paths as a tree, one node per object level.
struct JsonKeyNode {
  struct Child {
    std::string key;
    std::int32_t field = -1;              // a schema field ends here
    std::unique_ptr<JsonKeyNode> nested;  // deeper paths continue here
    std::uint64_t prefix = 0;             // the key's first (up to) eight bytes, for a quick test
    // At most 64 bytes, none of them a quote, a backslash or a control character: then the key's
    // JSON text is the key itself, and raw key bytes can be compared with it directly.
    bool plain = false;
    // A plain key of at most 15 bytes with its closing quote, as the two words that 16 bytes
    // holding it read as, and the masks of its bytes (all zero for other keys): raw JSON text
    // starting with the key's first byte names this key when its first 16 bytes agree under them.
    std::uint64_t quoted[2] = {0, 0};
    std::uint64_t quoted_mask[2] = {0, 0};
  };
  std::vector<Child> children;

  static std::uint64_t prefix_of(std::string_view key) noexcept {
    std::uint64_t p = 0;
    for (std::size_t i = 0; i < key.size() && i < 8; ++i) p |= std::uint64_t{static_cast<unsigned char>(key[i])} << (8 * i);
    return p;
  }
  const Child* find(std::string_view key) const noexcept {
    const std::uint64_t p = prefix_of(key);
    for (const auto& c : children) {
      if (c.prefix == p && c.key.size() == key.size() &&
          (key.size() <= 8 || std::memcmp(c.key.data() + 8, key.data() + 8, key.size() - 8) == 0)) {
        return &c;
      }
    }
    return nullptr;
  }
};

struct PlanImpl {
  Schema schema;
  Dialect dialect;
  std::vector<CompiledField> fields;
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>> index_by_name;
  // A composite primary key (two or more fields); single-field keys become unique fields.
  std::vector<std::uint32_t> composite_key;
  std::int32_t composite_key_slot = -1;
  std::uint32_t unique_slots = 0;
  JsonKeyNode json_root;
  std::string fingerprint;

  // Slot used for counts of problems not tied to a schema field.
  std::uint32_t no_field_slot() const noexcept { return static_cast<std::uint32_t>(fields.size()); }
  const CompiledField* find_field(std::string_view name) const;
};

}  // namespace rowguard::detail
