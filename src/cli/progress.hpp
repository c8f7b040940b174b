#pragma once
// Progress on stderr: a bar redrawn in place when stderr is a terminal, plain lines about once a
// second when progress is forced on something else (a log file, a pipe).

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace rowguard::cli {

class ProgressDisplay {
 public:
  // `terminal`: draw a bar in place; otherwise print plain lines.
  ProgressDisplay(std::string name, bool enabled, bool terminal)
      : name_(std::move(name)), enabled_(enabled), terminal_(terminal), start_(std::chrono::steady_clock::now()) {}

  void update(std::uint64_t bytes, std::optional<std::uint64_t> total, std::uint64_t rows, std::uint64_t invalid) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    const auto gap = terminal_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(1000);
    if (drawn_ && now - last_ < gap) return;
    last_ = now;
    drawn_ = true;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    std::string line;
    if (total && *total > 0) {
      // A file that grows while it is read passes the size taken at the start.
      const double share = std::min(1.0, static_cast<double>(bytes) / static_cast<double>(*total));
      if (terminal_) {
        const int width = 24;
        const int filled = static_cast<int>(share * width + 0.5);
        line += "[" + std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(width - filled), '.') + "] ";
      }
      line += format("%3.0f%% ", share * 100) + mib(bytes) + "/" + mib(*total);
    } else {
      line += mib(bytes);
    }
    line += format(", %llu rows, %llu invalid", static_cast<unsigned long long>(rows), static_cast<unsigned long long>(invalid));
    if (seconds > 0) line += format(", %.2fM rows/s", static_cast<double>(rows) / seconds / 1e6);
    if (terminal_) std::fprintf(stderr, "\r\x1b[K%s %s", name_.c_str(), line.c_str());
    else std::fprintf(stderr, "rowguard: progress: %s: %s\n", name_.c_str(), line.c_str());
    std::fflush(stderr);
  }

  // Clears the bar so that the summary line starts clean.
  void finish() {
    if (enabled_ && terminal_ && drawn_) std::fprintf(stderr, "\r\x1b[K");
  }

 private:
  template <class... A>
  static std::string format(const char* f, A... a) {
    char buf[128];
    std::snprintf(buf, sizeof buf, f, a...);
    return buf;
  }
  static std::string mib(std::uint64_t bytes) { return format("%.1f MiB", static_cast<double>(bytes) / (1 << 20)); }

  std::string name_;
  bool enabled_;
  bool terminal_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace rowguard::cli
