#pragma once
// CSV tokenizer: finds record and field boundaries. It does not copy or unquote values; a field is
// the raw byte range between delimiters, decoded on demand by decode_field().
//
// The grammar is RFC 4180 with the Table Dialect options, read the way Python's csv module reads
// it: a quote is special only at the start of a field; after a closing quote, further characters
// are appended to the field; CRLF, LF and a lone CR all end a record; a line starting with the
// comment character is skipped whole, quotes and all.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rowguard/dialect.hpp"

namespace rowguard::detail::csv {

enum RecordFlag : std::uint8_t {
  terminated = 1,          // ended by a line break (not by the end of input)
  comment = 2,             // a comment line: not a row
  unterminated_quote = 4,  // a quoted field ran to the end of input
  too_large = 8,           // longer than max_record_bytes: fields not recorded
};

struct Record {
  std::uint64_t begin = 0;        // first byte, relative to the scanned buffer
  std::uint64_t end = 0;          // one past the last content byte (where the terminator starts)
  std::uint32_t first_field = 0;  // index of the first field in Batch::field_ends
  std::uint32_t field_count = 0;
  std::uint32_t line_breaks = 0;  // line breaks inside quoted or escaped content
  std::uint8_t flags = 0;
  std::uint64_t next_begin = 0;   // where the following record starts (after the terminator)
};

struct Batch {
  std::vector<std::uint32_t> field_ends;  // end of each field, relative to its record's begin
  std::vector<Record> records;
  void clear() noexcept {
    field_ends.clear();
    records.clear();
  }
};

class Scanner {
 public:
  explicit Scanner(const Dialect& dialect);

  // Appends up to `max_records` complete records from data[pos, size) to `out` and returns where
  // scanning stopped. Unless `at_eof`, a record whose terminator is not yet in the buffer (or that
  // ends in a CR that may be followed by LF) is left for the next call.
  std::size_t scan(const char* data, std::size_t size, std::size_t pos, bool at_eof,
                   std::size_t max_records, Batch& out) const;

  const Dialect& dialect() const noexcept { return dialect_; }

 private:
  Dialect dialect_;
  int escape_;   // -1 when the dialect has no escape character
  int comment_;  // -1 when the dialect has no comment character
};

// Decodes a field's raw bytes into its value: outer quotes removed, doubled quotes and escapes
// resolved, initial spaces skipped when the dialect says so. Returns a view of `raw` when no
// rewriting is needed, else of `scratch`.
std::string_view decode_field(std::string_view raw, const Dialect& dialect, std::string& scratch);

// True when every field of the record decodes to the empty string.
bool is_blank_record(const char* record, const std::uint32_t* field_ends, std::uint32_t field_count,
                     const Dialect& dialect, std::string& scratch);

}  // namespace rowguard::detail::csv
