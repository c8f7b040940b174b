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
#include <memory>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "rowguard/dialect.hpp"
#include "rowguard/kernels.hpp"

namespace rowguard::detail::csv {

enum RecordFlag : std::uint8_t {
  terminated = 1,          // ended by a line break (not by the end of input)
  comment = 2,             // a comment line: not a row
  unterminated_quote = 4,  // a quoted field ran to the end of input
  too_large = 8,           // longer than max_record_bytes: fields not recorded
};

// Trivial on purpose: kernels fill arrays of these without the arrays being zeroed first.
struct Record {
  std::uint64_t begin;        // first byte, relative to the scanned buffer
  std::uint64_t end;          // one past the last content byte (where the terminator starts)
  std::uint32_t first_field;  // index of the first field in Batch::field_ends
  std::uint32_t field_count;
  std::uint32_t line_breaks;  // line breaks inside quoted or escaped content
  std::uint8_t flags;
  std::uint64_t next_begin;   // where the following record starts (after the terminator)
};

// A std::allocator whose resize() leaves new trivial elements uninitialized, so that growing an
// output array before a kernel writes it costs nothing.
template <class T>
struct UninitializedAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <class U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

struct Batch {
  // Where each field ends (at its delimiter or the record's end), as an offset from the start of the
  // scanned buffer modulo 2^32: field_end() turns it into an offset from the record's first byte,
  // exact for any record shorter than 4 GiB.
  std::vector<std::uint32_t, UninitializedAllocator<std::uint32_t>> field_ends;
  std::vector<Record, UninitializedAllocator<Record>> records;
  std::uint32_t field_end(const Record& r, std::uint32_t k) const noexcept {
    return field_ends[r.first_field + k] - static_cast<std::uint32_t>(r.begin);
  }
  void clear() noexcept {
    field_ends.clear();
    records.clear();
  }
};

namespace kernels {
struct Result;
struct Output;
struct KernelDialect;
}  // namespace kernels

class Scanner {
 public:
  // The reference: a byte-at-a-time state machine.
  explicit Scanner(const Dialect& dialect);
  // A bitmask kernel (automatic resolves as resolve_kernel() does). Dialects with an escape or
  // comment character, or initial-space skipping, still use the state machine, as do records
  // with an irregular quote (see kernels/structural_impl.hpp).
  //
  // Within a kernel, `variant` picks the fastest code this CPU runs (the AVX-512 kernel has one
  // variant for CPUs with VBMI2) or the kernel's baseline, which tests hold to the same results.
  enum class Variant : std::uint8_t { best, baseline };
  Scanner(const Dialect& dialect, Kernel kernel, Variant variant = Variant::best);

  // Appends up to `max_records` complete records from data[pos, size) to `out` and returns where
  // scanning stopped. Unless `at_eof`, a record whose terminator is not yet in the buffer (or that
  // ends in a CR that may be followed by LF) is left for the next call.
  std::size_t scan(const char* data, std::size_t size, std::size_t pos, bool at_eof,
                   std::size_t max_records, Batch& out) const;

  const Dialect& dialect() const noexcept { return dialect_; }
  // The kernel that tokenizes this dialect: scalar, avx2 or avx512, or automatic for the state
  // machine.
  Kernel kernel() const noexcept { return kernel_; }
  // False when the state machine tokenizes everything (no kernel, or a dialect kernels do not cover).
  bool uses_kernel() const noexcept { return kernel_fn_ != nullptr; }

 private:
  using KernelFn = kernels::Result (*)(const char*, std::size_t, std::size_t, bool, std::size_t,
                                       const kernels::KernelDialect&, kernels::Output&);
  std::size_t scan_state_machine(const char* data, std::size_t size, std::size_t pos, bool at_eof,
                                 std::size_t max_records, Batch& out) const;
  std::size_t scan_with_kernel(const char* data, std::size_t size, std::size_t pos, bool at_eof,
                               std::size_t max_records, Batch& out) const;

  Dialect dialect_;
  Kernel kernel_ = Kernel::automatic;
  KernelFn kernel_fn_ = nullptr;
  int escape_;   // -1 when the dialect has no escape character
  int comment_;  // -1 when the dialect has no comment character
};

// Decodes a field's raw bytes into its value: outer quotes removed, doubled quotes and escapes
// resolved, initial spaces skipped when the dialect says so. Returns a view of `raw` when no
// rewriting is needed, else of `scratch`.
std::string_view decode_field(std::string_view raw, const Dialect& dialect, std::string& scratch);

// True when every field of the record decodes to the empty string.
bool is_blank_record(const char* data, const Batch& batch, const Record& record, const Dialect& dialect,
                     std::string& scratch);

}  // namespace rowguard::detail::csv
