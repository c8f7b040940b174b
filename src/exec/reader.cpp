#include "exec/reader.hpp"

#include "csv/reader.hpp"
#include "jsonl/reader.hpp"
#include "rowguard/error.hpp"

namespace rowguard::detail {

Dialect effective_dialect(const PlanImpl& plan, Format format) {
  Dialect d = plan.dialect;
  if (format == Format::tsv) {
    // compile() checked the dialect with its own delimiter; the tab must not clash either.
    d.delimiter = '\t';
    if (d.quote_char == '\t' || d.escape_char == '\t' || d.comment_char == '\t') {
      throw UsageError("TSV input is delimited by tabs, so the dialect's quote, escape and comment characters "
                       "cannot be a tab");
    }
  }
  return d;
}

std::unique_ptr<RecordReader> make_reader(const PlanImpl& plan, Format format, const ReaderStart& start,
                                          Kernel kernel) {
  switch (format) {
    case Format::csv:
    case Format::tsv:
      return csv::make_csv_reader(plan, effective_dialect(plan, format), start, kernel);
    case Format::jsonl:
      return jsonl::make_jsonl_reader(plan, start, kernel);
    case Format::automatic:
      break;
  }
  throw UsageError("the input format must be csv, tsv or jsonl here, not auto");
}

}  // namespace rowguard::detail
