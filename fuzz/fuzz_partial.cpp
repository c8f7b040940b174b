// PartialResult's byte format, which travels between processes and machines: whatever the bytes,
// deserialize either reads them or throws UsageError; what it reads serializes to bytes that read
// back the same, and reducing it either gives a result or throws UsageError.
//
// The first byte chooses whether the rest is taken as it is (most mutations then fail the
// checksum) or is sealed first: a correct checksum appended, so that the reader behind the
// checksum sees every mutation.
#include <xxhash.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rowguard;
  fuzz::FuzzInput in(data, size);
  const bool seal = (in.byte() & 1) != 0;
  std::string bytes(in.rest());
  if (seal) {
    const std::uint64_t checksum = XXH3_64bits(bytes.data(), bytes.size());
    for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<char>((checksum >> (8 * i)) & 0xFF));
  }
  PartialResult partial;
  try {
    partial = PartialResult::deserialize(bytes);
  } catch (const UsageError&) {
    return 0;
  }
  const std::string once = partial.serialize();
  fuzz::require_equal("serialize after deserialize", once, PartialResult::deserialize(once).serialize());
  for (std::size_t copies : {std::size_t{1}, std::size_t{2}}) {
    try {
      const ValidationResult result = reduce_results(std::vector<PartialResult>(copies, partial));
      if (result.invalid_rows > result.total_rows) fuzz::broken("more invalid rows than rows after reducing");
      (void)fuzz::comparable_report(result);
    } catch (const UsageError&) {
    }
  }
  return 0;
}
