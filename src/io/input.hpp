#pragma once
// Whole-input byte sources for the serial Validator: a read-only memory map of a regular file, or
// the bytes of a stream read to its end.

#include <cstddef>
#include <filesystem>
#include <istream>
#include <string>
#include <string_view>

namespace rowguard::detail {

// Maps a file read-only; falls back to reading it when it cannot be mapped (pipes, devices).
class InputFile {
 public:
  // Throws IoError naming the file and the cause.
  explicit InputFile(const std::filesystem::path& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  std::string_view bytes() const noexcept { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  void* map_ = nullptr;
  std::string owned_;
};

// Reads a stream to its end; throws IoError (naming `name`) on a read error.
std::string read_stream(std::istream& in, const std::string& name);
// Reads standard input to its end.
std::string read_stdin();

}  // namespace rowguard::detail
