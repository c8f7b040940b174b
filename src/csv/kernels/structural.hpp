#pragma once
// The bitmask CSV tokenizer shared by every instruction set. Each kernel classifies 64 bytes at a
// time into bitmasks of quotes, delimiters, CRs and LFs; the generic algorithm (structural_impl.hpp)
// turns them into the same records and fields the reference state machine finds.
//
// It covers the dialects without an escape character, comment character or initial-space skipping,
// and records whose quotes are regular (a quote opens a field or closes one). Anything else is
// reported back so the caller can hand that one record to the state machine.

#include <cstddef>
#include <cstdint>

#include "csv/scanner.hpp"

namespace rowguard::detail::csv::kernels {

// One 64-byte block classified: bit i describes byte i.
struct Masks {
  std::uint64_t quote;
  std::uint64_t delim;
  std::uint64_t cr;
  std::uint64_t lf;
};

struct KernelDialect {
  char delimiter;
  char quote;
  bool double_quote;
  std::size_t max_record_bytes;
};

// Fixed-capacity output arrays, owned by the caller. Kernels write records and field ends and
// advance the counts; they never allocate.
struct Output {
  Record* records;
  std::size_t record_capacity;
  std::size_t record_count;
  std::uint32_t* field_ends;
  std::size_t field_capacity;
  std::size_t field_count;
};

enum class Stop : std::uint8_t {
  done,         // all complete records in range were written (or max_records reached)
  irregular,    // the record at `pos` has a quote the bitmask algorithm cannot interpret
  need_fields,  // the record at `pos` has more fields than the field array can hold
};

struct Result {
  std::size_t pos;  // where the next record starts
  Stop stop;
};

// For a chunk that ends just after a line break: whether it ends inside a quoted field when it
// starts at a record start, and when it starts inside a quoted field; and whether either reading
// met a quote the bitmask algorithm cannot interpret (then the state machine must decide).
struct Transfer {
  bool quoted_at_end_from_record;
  bool quoted_at_end_from_quoted;
  bool irregular_from_record;
  bool irregular_from_quoted;
};

using TransferFn = Transfer (*)(const char* data, std::size_t size, const KernelDialect& dialect);
Transfer transfer_scalar(const char* data, std::size_t size, const KernelDialect& dialect);
Transfer transfer_avx2(const char* data, std::size_t size, const KernelDialect& dialect);
Transfer transfer_avx512(const char* data, std::size_t size, const KernelDialect& dialect);

using ScanFn = Result (*)(const char* data, std::size_t size, std::size_t pos, bool at_eof, std::size_t max_records,
                          const KernelDialect& dialect, Output& out);

Result scan_scalar(const char* data, std::size_t size, std::size_t pos, bool at_eof, std::size_t max_records,
                   const KernelDialect& dialect, Output& out);
Result scan_avx2(const char* data, std::size_t size, std::size_t pos, bool at_eof, std::size_t max_records,
                 const KernelDialect& dialect, Output& out);
Result scan_avx512(const char* data, std::size_t size, std::size_t pos, bool at_eof, std::size_t max_records,
                   const KernelDialect& dialect, Output& out);
// The same with VBMI2's byte compression: only for CPUs that have it (cpu_has_avx512_vbmi2()).
Result scan_avx512_vbmi2(const char* data, std::size_t size, std::size_t pos, bool at_eof, std::size_t max_records,
                         const KernelDialect& dialect, Output& out);

}  // namespace rowguard::detail::csv::kernels
