#include "io/input.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "rowguard/error.hpp"

namespace rowguard::detail {
namespace {

std::string read_fd(int fd, const std::filesystem::path& path) {
  std::string out;
  char buf[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError(path, std::string("read failed: ") + std::strerror(errno));
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace

InputFile::InputFile(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw IoError(path, std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    throw IoError(path, std::string("cannot stat: ") + std::strerror(err));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw IoError(path, "is a directory");
  }
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    size_ = static_cast<std::size_t>(st.st_size);
    void* map = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map != MAP_FAILED) {
      ::madvise(map, size_, MADV_SEQUENTIAL);
      map_ = map;
      data_ = static_cast<const char*>(map);
      ::close(fd);
      return;
    }
  }
  try {
    owned_ = read_fd(fd, path);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  data_ = owned_.data();
  size_ = owned_.size();
}

InputFile::~InputFile() {
  if (map_) ::munmap(map_, size_);
}

std::string read_stream(std::istream& in, const std::string& name) {
  std::string out;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) out.append(buf, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw IoError(name, "read failed");
  return out;
}

std::string read_stdin() { return read_fd(STDIN_FILENO, "-"); }

}  // namespace rowguard::detail
