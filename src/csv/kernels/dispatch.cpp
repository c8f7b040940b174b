// Runs a bitmask kernel over a buffer, growing the output arrays as needed and handing records
// with irregular quotes to the state machine, one at a time.
#include <algorithm>

#include "csv/kernels/structural.hpp"
#include "csv/scanner.hpp"
#include "util/cpu.hpp"

namespace rowguard::detail::csv {

Scanner::Scanner(const Dialect& dialect, Kernel kernel, Variant variant) : Scanner(dialect) {
  const bool covered = !dialect.escape_char && !dialect.comment_char && !dialect.skip_initial_space;
  kernel_ = resolve_kernel(kernel);
  if (!covered) return;
  switch (kernel_) {
    case Kernel::scalar: kernel_fn_ = &kernels::scan_scalar; break;
    case Kernel::avx2: kernel_fn_ = &kernels::scan_avx2; break;
    case Kernel::avx512:
      kernel_fn_ = variant == Variant::best && cpu_has_avx512_vbmi2() ? &kernels::scan_avx512_vbmi2 : &kernels::scan_avx512;
      break;
    case Kernel::automatic: break;
  }
}

std::size_t Scanner::scan_with_kernel(const char* data, std::size_t size, std::size_t pos, bool at_eof,
                                      std::size_t max_records, Batch& out) const {
  const kernels::KernelDialect kd{dialect_.delimiter, dialect_.quote_char, dialect_.double_quote,
                                  dialect_.max_record_bytes};
  // Output arrays grow a window at a time; their new elements are left uninitialized.
  constexpr std::size_t window = 4096;
  std::size_t produced = 0;
  // Room for about eight fields a record, plus the kernel's write-ahead slack; doubled on demand.
  std::size_t field_room = std::min(max_records, window) * 8 + 256;
  while (produced < max_records && pos < size) {
    const std::size_t want = std::min(max_records - produced, window);
    const std::size_t r0 = out.records.size();
    const std::size_t f0 = out.field_ends.size();
    out.records.resize(r0 + want);
    out.field_ends.resize(f0 + field_room);
    kernels::Output o{out.records.data(), r0 + want, r0, out.field_ends.data(), f0 + field_room, f0};
    const kernels::Result r = kernel_fn_(data, size, pos, at_eof, want, kd, o);
    out.records.resize(o.record_count);
    out.field_ends.resize(o.field_count);
    produced += o.record_count - r0;
    pos = r.pos;
    switch (r.stop) {
      case kernels::Stop::done:
        if (o.record_count - r0 < want) return pos;  // the rest of the buffer holds no complete record
        break;
      case kernels::Stop::need_fields:
        field_room *= 2;
        break;
      case kernels::Stop::irregular: {
        const std::size_t before = out.records.size();
        pos = scan_state_machine(data, size, pos, at_eof, 1, out);
        if (out.records.size() == before) return pos;  // the record is incomplete
        ++produced;
        break;
      }
    }
  }
  return pos;
}

}  // namespace rowguard::detail::csv
