// gzip and zstd input, detected by magic bytes and decompressed as a stream: whatever a file
// holds, validating it gives a result or throws IoError (corrupt or truncated data), the serial
// Validator and the StreamingValidator (64-byte buffer) agree on which and on the report, and a
// stream that decompresses whole validates exactly as its decompressed bytes do.
//
// Input: a mode byte, three bytes of a corruption (offset, xor value; none when the value is 0),
// then CSV text. Mode bit 0 set: the text is compressed here (bit 1: zstd, else gzip; bit 2: as
// two concatenated members / frames) and then corrupted; clear: the text is the file as it is.
#include <zlib.h>
#include <zstd.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_executors.hpp"

namespace {

using namespace rowguard;

std::string gzip(std::string_view text) {
  z_stream z{};
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) fuzz::broken("deflateInit2");
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) fuzz::broken("deflate");
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string zstd(std::string_view text) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3);
  if (ZSTD_isError(n)) fuzz::broken("ZSTD_compress");
  out.resize(n);
  return out;
}

// The report of validating the file, or nullopt for an IoError.
template <class Validate>
std::optional<std::string> outcome(Validate validate) {
  try {
    return fuzz::comparable_report(validate());
  } catch (const IoError&) {
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput in(data, size);
  const std::uint8_t mode = in.byte();
  const std::size_t hi = in.byte(), lo = in.byte();
  const std::uint8_t flip = in.byte();
  const std::string_view text = in.rest();
  std::string file(text);
  if (mode & 1) {
    if (mode & 4) {
      const std::string_view first = text.substr(0, text.size() / 2), second = text.substr(text.size() / 2);
      file = (mode & 2) ? zstd(first) + zstd(second) : gzip(first) + gzip(second);
    } else {
      file = (mode & 2) ? zstd(text) : gzip(text);
    }
    if (flip != 0 && !file.empty()) file[((hi << 8) | lo) % file.size()] ^= static_cast<char>(flip);
  }
  static const Plan plan = compile(fuzz::data_schema(0));
  ValidateOptions o;
  o.format = Format::csv;
  o.kernel = Kernel::scalar;
  StreamingOptions so;
  so.format = Format::csv;
  so.buffer_size = 64;
  const fuzz::MemoryFile memory(file);
  const std::optional<std::string> serial = outcome([&] { return Validator(plan, o).validate_file(memory.path()); });
  const std::optional<std::string> streamed =
      outcome([&] { return StreamingValidator(plan, so).validate_file(memory.path()); });
  if (serial.has_value() != streamed.has_value()) fuzz::broken("one validator threw IoError and the other did not");
  if (serial) fuzz::require_equal("StreamingValidator on compressed input", *serial, *streamed);
  if ((mode & 1) && flip == 0) {
    if (!serial) fuzz::broken("a whole compressed stream was refused");
    fuzz::require_equal("compressed against plain", fuzz::comparable_report(Validator(plan, o).validate_buffer(text, Format::csv)),
                        *serial);
  }
  return 0;
}
