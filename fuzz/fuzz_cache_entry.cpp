// Cache entries and stat records, which other processes (or a full disk, or a user) may have
// written: whatever a file under the cache directory holds, reading it answers hit, absent,
// expired or rejected and never throws; a hit's result is whole (its counts add up) and survives
// being stored again. Mutations are applied to a real entry, so that most inputs keep its key and
// reach the reader of the result behind it.
//
// Input: a mode byte; two bytes of offset, one of a length to delete, then bytes to insert there
// (mode even: edits of a real entry), or the whole text (mode odd: taken as it is, and also read as
// a stat record).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "exec/cache_entry.hpp"
#include "fuzz_executors.hpp"

namespace {

using namespace rowguard;

// A result with findings of several kinds, counts and a truncated list.
const ValidationResult& stored_result() {
  static const ValidationResult result = [] {
    ValidateOptions o;
    o.format = Format::csv;
    o.max_findings = 3;
    return Validator(compile(fuzz::data_schema(1)), o)
        .validate_buffer("transaction_id,amount,timestamp,account_id\n"
                         "TX0000000001,10.50,2024-01-15T10:30:00Z,ACCT000001\n"
                         "TX1,0,2024-02-30T10:30:00Z,A\n"
                         "TX0000000003,\"1,5\",,\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\n"
                         "TX0000000004,10\n",
                         Format::csv);
  }();
  return result;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput in(data, size);
  static const Plan plan = compile(fuzz::data_schema(1));
  static const detail::KeyMaterial key =
      detail::make_key(ContentHash{0x0123456789abcdefULL, 0xfedcba9876543210ULL}, plan, Format::csv, 3);
  // Written a second ago on every call, so that it is never past the TTL of a long campaign.
  const std::int64_t created = detail::unix_now_ms() - 1000;
  const std::string entry = detail::serialize_entry(key, stored_result(), created);

  const std::uint8_t mode = in.byte();
  std::string text;
  if (mode & 1) {
    text = in.rest();
  } else {
    const std::size_t hi = in.byte(), lo = in.byte(), erase = in.byte();
    const std::size_t at = ((hi << 8) | lo) % (entry.size() + 1);
    text = entry;
    text.replace(at, erase, in.rest());
  }
  const fuzz::MemoryFile file(text);
  const std::chrono::seconds ttl((mode & 2) ? 3600 : 0);
  ValidationResult out;
  const detail::Lookup lookup = detail::read_entry(file.path(), key, ttl, out);
  if (text == entry && lookup != detail::Lookup::hit) fuzz::broken("a real entry was not a hit");
  if (lookup == detail::Lookup::hit) {
    if (out.total_rows != out.valid_rows + out.invalid_rows) fuzz::broken("a hit's row counts do not add up");
    if (out.findings.size() > key.max_findings) fuzz::broken("a hit holds more findings than max_findings");
    const std::string report = fuzz::comparable_report(out);
    if (text == entry) fuzz::require_equal("the stored result", fuzz::comparable_report(stored_result()), report);
    const fuzz::MemoryFile again(detail::serialize_entry(key, out, created));
    ValidationResult reread;
    if (detail::read_entry(again.path(), key, ttl, reread) != detail::Lookup::hit) {
      fuzz::broken("a hit stored again was not a hit");
    }
    fuzz::require_equal("a hit stored again", report, fuzz::comparable_report(reread));
  }
  if (mode & 1) {
    ContentHash content{};
    (void)detail::read_stat_record(file.path(), detail::FileStat{1, 2, 3, 4, 5}, content);
  }
  return 0;
}
