#pragma once
#include <memory>

#include "exec/reader.hpp"

namespace rowguard::detail::csv {

// A reader of delimited text in `dialect`.
std::unique_ptr<RecordReader> make_csv_reader(const PlanImpl& plan, const Dialect& dialect, const ReaderStart& start,
                                              Kernel kernel);

}  // namespace rowguard::detail::csv
