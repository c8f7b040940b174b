#pragma once
#include <memory>

#include "exec/reader.hpp"

namespace rowguard::detail::jsonl {

// A reader of JSON Lines.
std::unique_ptr<RecordReader> make_jsonl_reader(const PlanImpl& plan, const ReaderStart& start, Kernel kernel);

}  // namespace rowguard::detail::jsonl
