// A file descriptor that closes itself, and errno messages: shared by the file-reading code.
#pragma once

#include <unistd.h>

#include <cstring>
#include <string>

namespace rowguard::detail {

inline std::string errno_text(const char* what, int err) { return std::string(what) + ": " + std::strerror(err); }

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes now and reports whether the close succeeded (a failed close can mean a failed write).
  bool close() {
    int fd = fd_;
    fd_ = -1;
    return fd < 0 || ::close(fd) == 0;
  }

 private:
  int fd_;
};

}  // namespace rowguard::detail
