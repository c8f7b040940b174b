// Reads CSV rows and checks them: the header binds columns to fields, then each row's cells are
// decoded and checked in column order, so findings come out in file order.
#include <simdjson.h>

#include <algorithm>

#include "check/cell_check.hpp"
#include "csv/header.hpp"
#include "csv/reader.hpp"
#include "csv/scanner.hpp"
#include "exec/finding_sink.hpp"

namespace rowguard::detail::csv {
namespace {

constexpr std::size_t batch_records = 1024;

bool starts_with_bom(const char* data, std::size_t size) {
  return size >= 3 && static_cast<unsigned char>(data[0]) == 0xEF && static_cast<unsigned char>(data[1]) == 0xBB &&
         static_cast<unsigned char>(data[2]) == 0xBF;
}

class CsvReader final : public RecordReader {
 public:
  CsvReader(const PlanImpl& plan, const Dialect& dialect, const ReaderStart& start, Kernel kernel)
      : plan_(plan), dialect_(dialect), scanner_(dialect, kernel), at_file_start_(start.at_file_start),
        header_pending_(start.at_file_start && dialect.header) {
    if (!dialect.header) {
      bind(positional_binding(plan));
    } else if (!start.at_file_start) {
      // Bind from the file's header record; its findings belong to the piece that holds it.
      Batch b;
      scanner_.scan(start.header_record.data(), start.header_record.size(), 0, true, 1, b);
      std::vector<LabelIssue> ignored;
      bool usable = !b.records.empty() && (b.records[0].flags & (too_large | unterminated_quote)) == 0;
      bind(usable ? bind_header(plan, labels_of(start.header_record.data(), b, 0), ignored)
                  : positional_binding(plan));
    }
    key_position_.assign(plan.fields.size(), -1);
    for (std::size_t k = 0; k < plan.composite_key.size(); ++k) {
      key_position_[plan.composite_key[k]] = static_cast<std::int32_t>(k);
    }
    key_parts_.resize(plan.composite_key.size());
    key_texts_.resize(plan.composite_key.size());
    key_present_.resize(plan.composite_key.size());
    has_composite_key_ = !plan.composite_key.empty();
    plain_fields_ = !dialect.escape_char && !dialect.skip_initial_space;
  }

  std::string_view kernel_name() const noexcept override {
    return scanner_.uses_kernel() ? to_string(scanner_.kernel()) : std::string_view("state-machine");
  }

  std::size_t read(const char* data, std::size_t size, std::uint64_t offset, bool at_eof, std::size_t max_records,
                   std::size_t max_findings, PartialResult& out) override {
    std::size_t pos = 0;
    if (at_file_start_) {
      if (size < 3 && !at_eof) return 0;  // wait until a byte-order mark can be recognised
      if (starts_with_bom(data, size)) pos = 3;
      at_file_start_ = false;
    }
    FindingSink sink(plan_, out, max_findings);
    std::size_t produced = 0;
    while (produced < max_records) {
      batch_.clear();
      std::size_t next = scanner_.scan(data, size, pos, at_eof, std::min(batch_records, max_records - produced), batch_);
      if (batch_.records.empty()) break;
      const Record& first = batch_.records.front();
      const Record& last = batch_.records.back();
      utf8_ok_ = simdjson::validate_utf8(data + first.begin, last.next_begin - first.begin);
      for (const Record& rec : batch_.records) process(data, offset, rec, sink, out);
      produced += batch_.records.size();
      pos = next;
    }
    if (at_eof && pos == size && header_pending_) {
      header_pending_ = false;
      report_missing_header(offset + pos, sink, out);
    }
    return pos;
  }

 private:
  std::vector<std::string> labels_of(const char* data, const Batch& b, std::size_t index) {
    const Record& rec = b.records[index];
    std::vector<std::string> labels;
    std::uint32_t begin = 0;
    for (std::uint32_t k = 0; k < rec.field_count; ++k) {
      std::uint32_t end = b.field_end(rec, k);
      labels.emplace_back(decode_field(std::string_view(data + rec.begin + begin, end - begin), dialect_, decode_scratch_));
      begin = end + 1;
    }
    return labels;
  }

  void bind(Binding b) {
    binding_ = std::move(b);
    field_column_.assign(plan_.fields.size(), -1);
    column_fields_.assign(binding_.column_field.size(), nullptr);
    for (std::size_t c = 0; c < binding_.column_field.size(); ++c) {
      std::int32_t f = binding_.column_field[c];
      if (f < 0) continue;
      field_column_[static_cast<std::size_t>(f)] = static_cast<std::int32_t>(c);
      column_fields_[c] = &plan_.fields[static_cast<std::size_t>(f)];
    }
    // quiet_row() serves when every bound column's field has a quick check, no composite key
    // needs the typed values, and unquoted cells are their own values.
    quiet_rows_ = plan_.composite_key.empty() && !dialect_.escape_char && !dialect_.skip_initial_space &&
                  binding_.column_field.size() >= binding_.expected_columns;
    unique_columns_.clear();
    for (std::uint32_t c = 0; c < binding_.expected_columns && quiet_rows_; ++c) {
      if (column_fields_[c] && !column_fields_[c]->quick_fn) quiet_rows_ = false;
      if (column_fields_[c] && column_fields_[c]->unique_slot >= 0) unique_columns_.push_back(c);
    }
  }

  void report_missing_header(std::uint64_t byte, FindingSink& sink, PartialResult& out) {
    sink.begin_header(out.lines_consumed, byte);
    for (const auto& f : plan_.fields) {
      sink.report(f.index, f.name, f.index + 1, ErrorType::missing_label, Constraint::none, "",
                  [&] { return "the input has no header row, so no label for field \"" + f.name + "\""; });
    }
  }

  void process_header(const char* data, std::uint64_t offset, const Record& rec, FindingSink& sink) {
    header_pending_ = false;
    sink.begin_header(line_, offset + rec.begin);
    if (rec.flags & (too_large | unterminated_quote)) {
      report_record_problem(data, offset, rec, sink);
      bind(positional_binding(plan_));
      return;
    }
    std::vector<LabelIssue> issues;
    bind(bind_header(plan_, labels_of(data, batch_, static_cast<std::size_t>(&rec - batch_.records.data())), issues));
    for (const auto& issue : issues) {
      std::uint32_t slot = issue.field >= 0 ? static_cast<std::uint32_t>(issue.field) : plan_.no_field_slot();
      std::string name = issue.field >= 0 ? plan_.fields[static_cast<std::size_t>(issue.field)].name : issue.label;
      sink.report(slot, name, issue.field_number, issue.type, Constraint::none, issue.label,
                  [&] { return issue.message; });
    }
  }

  void report_record_problem(const char* data, std::uint64_t, const Record& rec, FindingSink& sink) {
    std::string_view head(data + rec.begin, std::min<std::uint64_t>(rec.end - rec.begin, 84));
    if (rec.flags & too_large) {
      report_too_large(head, rec.end - rec.begin, sink);
    } else {
      sink.report(plan_.no_field_slot(), "", 0, ErrorType::unterminated_quote, Constraint::none, head,
                  [] { return std::string("a quoted field in this record is not closed before the end of the input"); });
    }
  }

  void report_too_large(std::string_view head, std::uint64_t length, FindingSink& sink) {
    sink.report(plan_.no_field_slot(), "", 0, ErrorType::record_too_large, Constraint::none, head, [&] {
      return "the record is " + std::to_string(length) + " bytes, over the limit of " +
             std::to_string(dialect_.max_record_bytes) + " bytes";
    });
  }

 public:
  void oversized(std::string_view head, std::uint64_t length, std::uint64_t inner_line_breaks, bool terminated,
                 bool comment_line, std::uint64_t offset, std::size_t max_findings, PartialResult& out) override {
    FindingSink sink(plan_, out, max_findings);
    line_ = out.lines_consumed;
    out.lines_consumed += inner_line_breaks + (terminated ? 1u : 0u);
    if (comment_line) return;
    if (header_pending_) {
      header_pending_ = false;
      sink.begin_header(line_, offset);
      report_too_large(head.substr(0, 84), length, sink);
      bind(positional_binding(plan_));
      return;
    }
    sink.begin_row(line_, offset);
    report_too_large(head.substr(0, 84), length, sink);
    sink.end_row();
  }

 private:
  void process(const char* data, std::uint64_t offset, const Record& rec, FindingSink& sink, PartialResult& out) {
    line_ = out.lines_consumed;
    out.lines_consumed += rec.line_breaks + ((rec.flags & terminated) ? 1u : 0u);
    if (rec.flags & comment) return;
    if (header_pending_) {
      // With skipBlankRows, blank lines before the header are skipped too.
      const bool blank = (rec.flags & (too_large | unterminated_quote)) == 0 &&
                         is_blank_record(data, batch_, rec, dialect_, decode_scratch_);
      if (!(blank && dialect_.skip_blank_rows)) {
        process_header(data, offset, rec, sink);
        span(offset, rec, sink, out, true);
      }
      return;
    }
    const std::uint64_t byte = offset + rec.begin;
    if (rec.flags & (too_large | unterminated_quote)) {
      sink.begin_row(line_, byte);
      report_record_problem(data, offset, rec, sink);
      sink.end_row();
      span(offset, rec, sink, out, false);
      return;
    }
    // A first field of three or more bytes cannot decode to empty (unless spaces are skipped).
    const bool maybe_blank = !plain_fields_ || rec.field_count == 0 || batch_.field_end(rec, 0) <= 2;
    if (maybe_blank && is_blank_record(data, batch_, rec, dialect_, decode_scratch_)) {
      if (dialect_.skip_blank_rows) return;
      sink.begin_row(line_, byte);
      sink.report(plan_.no_field_slot(), "", 0, ErrorType::blank_row, Constraint::none, "",
                  [] { return std::string("the row is blank"); });
      sink.end_row();
      span(offset, rec, sink, out, false);
      return;
    }
    sink.begin_row(line_, byte);
    const std::uint32_t* ends = batch_.field_ends.data() + rec.first_field;
    const auto origin = static_cast<std::uint32_t>(rec.begin);
    if (!quiet_row(data + rec.begin, ends, origin, rec.field_count)) {
      check_cells(data + rec.begin, ends, origin, rec.field_count, sink);
    } else {
      quiet_unique_values(data + rec.begin, ends, origin, sink);
    }
    sink.end_row();
    span(offset, rec, sink, out, false);
  }

  void span(std::uint64_t offset, const Record& rec, const FindingSink& sink, PartialResult& out, bool header) {
    if (out.want_spans) out.spans.push_back(RowSpan{offset + rec.begin, offset + rec.next_begin, sink.row(), sink.row_invalid(), header});
  }

  // True when check_cells would find nothing in the row, decided by a test most valid rows pass
  // in one tight loop: every column there, the batch valid UTF-8, and every bound cell unquoted,
  // present and passing its field's quick check (see quick_pass). False means only "ask
  // check_cells", which checks the row again from its first cell and reports what it finds.
  bool quiet_row(const char* row, const std::uint32_t* ends, std::uint32_t origin, std::uint32_t n_cells) const {
    if (!quiet_rows_ || n_cells != binding_.expected_columns || !utf8_ok_) return false;
    const char quote = dialect_.quote_char;
    std::uint32_t begin = 0;
    for (std::uint32_t col = 0; col < n_cells; ++col) {
      const std::uint32_t end = ends[col] - origin;
      const std::string_view value(row + begin, end - begin);
      begin = end + 1;
      const CompiledField* field = column_fields_[col];
      if (!field) continue;
      if (value.empty() || value.front() == quote || field->missing.is_missing(value) || !field->quick_fn(*field, value)) {
        return false;
      }
    }
    return true;
  }

  // The values of unique fields in a row quiet_row() passed: plain strings (the only unique fields
  // with a quick check), unquoted, whose keys are their text.
  void quiet_unique_values(const char* row, const std::uint32_t* ends, std::uint32_t origin, FindingSink& sink) {
    for (const std::uint32_t col : unique_columns_) {
      const std::uint32_t begin = col == 0 ? 0 : ends[col - 1] - origin + 1;
      const std::string_view value(row + begin, ends[col] - origin - begin);
      const CompiledField& f = *column_fields_[col];
      sink.unique_value(static_cast<std::uint32_t>(f.unique_slot), col + 1, unique_key_of_text(Type::string, value), value);
    }
  }

  // `ends`: the record's field ends as stored in the batch, from which `origin` (the record's
  // begin, modulo 2^32) is subtracted.
  void check_cells(const char* row, const std::uint32_t* ends, std::uint32_t origin, std::uint32_t n_cells,
                   FindingSink& sink) {
    const std::uint32_t expected = binding_.expected_columns;
    if (has_composite_key_) std::fill(key_present_.begin(), key_present_.end(), false);
    std::uint32_t begin = 0;
    for (std::uint32_t col = 0; col < n_cells; ++col) {
      const std::uint32_t end = ends[col] - origin;
      std::string_view raw(row + begin, end - begin);
      begin = end + 1;
      const std::uint32_t number = col + 1;
      if (col >= expected) {
        std::string_view value = decode_field(raw, dialect_, decode_scratch_);
        sink.report(plan_.no_field_slot(), "", number, ErrorType::extra_cell, Constraint::none, value, [&] {
          return "cell " + std::to_string(number) + " is beyond the " + std::to_string(expected) + " columns " +
                 (dialect_.header ? "of the header" : "of the schema");
        });
        continue;
      }
      const CompiledField* field = column_fields_[col];
      if (!field) {
        if (!utf8_ok_) {
          std::string_view value = decode_field(raw, dialect_, decode_scratch_);
          if (!is_valid_utf8(value)) sink.encoding(plan_.no_field_slot(), binding_.labels[col], number, value);
        }
        continue;
      }
      check_cell(*field, number, raw, sink);
    }
    for (std::uint32_t col = n_cells; col < expected; ++col) {
      const std::int32_t fi = binding_.column_field[col];
      std::uint32_t slot = fi >= 0 ? static_cast<std::uint32_t>(fi) : plan_.no_field_slot();
      std::string name = fi >= 0 ? plan_.fields[static_cast<std::size_t>(fi)].name
                                 : (col < binding_.labels.size() ? binding_.labels[col] : std::string());
      sink.report(slot, name, col + 1, ErrorType::missing_cell, Constraint::none, "", [&] {
        return (name.empty() ? std::string() : name + ": ") + "the row has " + std::to_string(n_cells) +
               (n_cells == 1 ? " cell" : " cells") + ", so cell " + std::to_string(col + 1) + " is missing";
      });
    }
    if (has_composite_key_) composite_key(sink);
  }

  void check_cell(const CompiledField& f, std::uint32_t number, std::string_view raw, FindingSink& sink) {
    // Most fields are unquoted and need no decoding.
    std::string_view value =
        plain_fields_ && (raw.empty() || raw.front() != dialect_.quote_char) ? raw : decode_field(raw, dialect_, decode_scratch_);
    if (!utf8_ok_ && !is_valid_utf8(value)) {
      sink.encoding(f.index, f.name, number, value);
      return;
    }
    TypedValue& typed = typed_;
    if (!sink.text_cell(f, number, value, number_scratch_, typed)) return;
    if (!has_composite_key_) return;
    if (std::int32_t k = key_position_[f.index]; k >= 0) {
      auto kk = static_cast<std::size_t>(k);
      key_parts_[kk].clear();
      append_canonical(typed, key_parts_[kk]);
      key_texts_[kk].assign(value.substr(0, 84));
      key_present_[kk] = true;
    }
  }

  void composite_key(FindingSink& sink) {
    if (std::find(key_present_.begin(), key_present_.end(), false) != key_present_.end()) return;
    key_buffer_.clear();
    key_text_.clear();
    for (std::size_t k = 0; k < key_parts_.size(); ++k) {
      key_buffer_ += key_parts_[k];
      if (k) key_text_ += ", ";
      key_text_ += key_texts_[k];
    }
    std::int32_t col = field_column_[plan_.composite_key.front()];
    sink.unique_value(static_cast<std::uint32_t>(plan_.composite_key_slot), static_cast<std::uint32_t>(col + 1),
                      unique_key_of_bytes(key_buffer_), key_text_);
  }

  const PlanImpl& plan_;
  Dialect dialect_;
  Scanner scanner_;
  Binding binding_;
  std::vector<std::int32_t> field_column_;
  std::vector<const CompiledField*> column_fields_;  // per column: its field, or null
  bool quiet_rows_ = false;                          // see quiet_row
  std::vector<std::uint32_t> unique_columns_;        // with quiet rows: the columns of unique fields
  bool at_file_start_;
  bool header_pending_;
  bool has_composite_key_ = false;
  bool plain_fields_ = false;  // no escape character, no initial spaces: unquoted fields are their value
  TypedValue typed_;
  bool utf8_ok_ = true;
  std::uint64_t line_ = 0;
  Batch batch_;
  std::string decode_scratch_;
  std::string number_scratch_;
  std::vector<std::int32_t> key_position_;
  std::vector<std::string> key_parts_;
  std::vector<std::string> key_texts_;
  std::vector<bool> key_present_;
  std::string key_buffer_;
  std::string key_text_;
};

}  // namespace

std::unique_ptr<RecordReader> make_csv_reader(const PlanImpl& plan, const Dialect& dialect, const ReaderStart& start,
                                              Kernel kernel) {
  return std::make_unique<CsvReader>(plan, dialect, start, kernel);
}

}  // namespace rowguard::detail::csv
