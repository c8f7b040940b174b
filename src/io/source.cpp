#include "io/source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "rowguard/error.hpp"

namespace rowguard::detail {
namespace {

class FdSource final : public ByteSource {
 public:
  FdSource(int fd, bool owned, std::string name, std::optional<std::uint64_t> size)
      : fd_(fd), owned_(owned), name_(std::move(name)), size_(size) {}
  ~FdSource() override {
    if (owned_) ::close(fd_);
  }
  FdSource(const FdSource&) = delete;
  FdSource& operator=(const FdSource&) = delete;

  std::size_t read(char* dst, std::size_t n) override {
    while (true) {
      ssize_t got = ::read(fd_, dst, n);
      if (got >= 0) return static_cast<std::size_t>(got);
      if (errno != EINTR) throw IoError(name_, std::string("read failed: ") + std::strerror(errno));
    }
  }
  std::optional<std::uint64_t> size() const override { return size_; }
  const std::string& name() const override { return name_; }

 private:
  int fd_;
  bool owned_;
  std::string name_;
  std::optional<std::uint64_t> size_;
};

// A stream that can seek (a std::istringstream, a std::ifstream on a regular file) says how many
// bytes it has left, so that a small input gets a small buffer and progress a total; one that
// cannot (a pipe, a custom stream buffer) is read to its end without.
// `lost` is set when the stream could not be put back where it was.
std::optional<std::uint64_t> bytes_left(std::istream& in, bool& lost) {
  std::streambuf* buf = in.rdbuf();
  if (buf == nullptr) return std::nullopt;
  const std::streampos here = buf->pubseekoff(0, std::ios_base::cur, std::ios_base::in);
  if (here == std::streampos(-1)) return std::nullopt;
  const std::streampos end = buf->pubseekoff(0, std::ios_base::end, std::ios_base::in);
  lost = buf->pubseekpos(here, std::ios_base::in) != here;
  if (lost || end == std::streampos(-1) || end < here) return std::nullopt;
  return static_cast<std::uint64_t>(end - here);
}

class IstreamSource final : public ByteSource {
 public:
  IstreamSource(std::istream& in, std::string name) : in_(in), name_(std::move(name)), size_(bytes_left(in, lost_)) {}
  std::size_t read(char* dst, std::size_t n) override {
    // A stream that failed before the first read (an ifstream that could not open its file) is
    // not an empty input.
    if (!started_ && in_.fail()) throw IoError(name_, "the stream is in a failed state (was it opened?)");
    if (lost_) throw IoError(name_, "the stream could not seek back to its position after its size was measured");
    started_ = true;
    in_.read(dst, static_cast<std::streamsize>(n));
    if (in_.bad()) throw IoError(name_, "read failed");
    return static_cast<std::size_t>(in_.gcount());
  }
  std::optional<std::uint64_t> size() const override { return size_; }
  const std::string& name() const override { return name_; }

 private:
  std::istream& in_;
  std::string name_;
  bool lost_ = false;
  std::optional<std::uint64_t> size_;
  bool started_ = false;
};

// A byte range of a file: reads stop at its end, and a file that ends before it is an error.
class RangeSource final : public ByteSource {
 public:
  RangeSource(std::unique_ptr<ByteSource> file, std::uint64_t offset, std::uint64_t length)
      : file_(std::move(file)), offset_(offset), left_(length) {}
  std::size_t read(char* dst, std::size_t n) override {
    if (left_ == 0) return 0;
    const std::size_t got = file_->read(dst, static_cast<std::size_t>(std::min<std::uint64_t>(n, left_)));
    if (got == 0) {
      throw IoError(name(), "the file ends at byte " + std::to_string(offset_) + ", inside the range being read");
    }
    left_ -= got;
    offset_ += got;
    return got;
  }
  std::optional<std::uint64_t> size() const override { return left_; }
  const std::string& name() const override { return file_->name(); }

 private:
  std::unique_ptr<ByteSource> file_;
  std::uint64_t offset_;  // of the next byte read
  std::uint64_t left_;
};

// Gives back bytes already read (to recognise the format) before reading on.
class PrefixedSource final : public ByteSource {
 public:
  PrefixedSource(std::unique_ptr<ByteSource> inner, std::string prefix)
      : owned_(std::move(inner)), inner_(owned_.get()), prefix_(std::move(prefix)) {}
  PrefixedSource(ByteSource& inner, std::string prefix) : inner_(&inner), prefix_(std::move(prefix)) {}
  std::size_t read(char* dst, std::size_t n) override {
    if (used_ < prefix_.size()) {
      std::size_t k = std::min(n, prefix_.size() - used_);
      std::memcpy(dst, prefix_.data() + used_, k);
      used_ += k;
      return k;
    }
    return inner_->read(dst, n);
  }
  std::optional<std::uint64_t> size() const override { return inner_->size(); }
  const std::string& name() const override { return inner_->name(); }

 private:
  std::unique_ptr<ByteSource> owned_;
  ByteSource* inner_;
  std::string prefix_;
  std::size_t used_ = 0;
};

constexpr std::size_t compressed_chunk = std::size_t{1} << 16;

// gzip (and zlib) streams, including several gzip members one after another.
class GzipSource final : public ByteSource {
 public:
  explicit GzipSource(std::unique_ptr<ByteSource> inner) : inner_(std::move(inner)), in_(compressed_chunk) {
    if (inflateInit2(&z_, 15 + 32) != Z_OK) throw IoError(inner_->name(), "cannot start gzip decompression");
  }
  ~GzipSource() override { inflateEnd(&z_); }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  std::size_t read(char* dst, std::size_t n) override {
    z_.next_out = reinterpret_cast<Bytef*>(dst);
    z_.avail_out = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
    while (z_.avail_out > 0) {
      if (z_.avail_in == 0 && !input_done_) {
        std::size_t got = inner_->read(in_.data(), in_.size());
        if (got == 0) input_done_ = true;
        z_.next_in = reinterpret_cast<Bytef*>(in_.data());
        z_.avail_in = static_cast<uInt>(got);
      }
      if (z_.avail_in == 0 && input_done_) {
        if (in_member_) throw IoError(inner_->name(), "truncated gzip data (the input ends inside a compressed member)");
        break;
      }
      in_member_ = true;
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        in_member_ = false;
        inflateReset(&z_);  // another member may follow
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        throw IoError(inner_->name(), std::string("corrupt gzip data: ") + (z_.msg ? z_.msg : zError(rc)));
      }
    }
    return n - z_.avail_out;
  }
  const std::string& name() const override { return inner_->name(); }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::vector<char> in_;
  z_stream z_{};
  bool input_done_ = false;
  bool in_member_ = false;
};

// Zstandard frames, one or several.
class ZstdSource final : public ByteSource {
 public:
  explicit ZstdSource(std::unique_ptr<ByteSource> inner)
      : inner_(std::move(inner)), stream_(ZSTD_createDStream()), in_(compressed_chunk) {
    if (!stream_) throw IoError(inner_->name(), "cannot start zstd decompression");
    ZSTD_initDStream(stream_);
  }
  ~ZstdSource() override { ZSTD_freeDStream(stream_); }
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;

  std::size_t read(char* dst, std::size_t n) override {
    ZSTD_outBuffer out{dst, n, 0};
    while (out.pos < out.size) {
      if (input_.pos == input_.size && !input_done_) {
        std::size_t got = inner_->read(in_.data(), in_.size());
        if (got == 0) input_done_ = true;
        input_ = ZSTD_inBuffer{in_.data(), got, 0};
      }
      if (input_.pos == input_.size && input_done_) {
        if (pending_ != 0) throw IoError(inner_->name(), "truncated zstd data (the input ends inside a frame)");
        break;
      }
      pending_ = ZSTD_decompressStream(stream_, &out, &input_);
      if (ZSTD_isError(pending_)) throw IoError(inner_->name(), std::string("corrupt zstd data: ") + ZSTD_getErrorName(pending_));
    }
    return out.pos;
  }
  const std::string& name() const override { return inner_->name(); }

 private:
  std::unique_ptr<ByteSource> inner_;
  ZSTD_DStream* stream_;
  std::vector<char> in_;
  ZSTD_inBuffer input_{nullptr, 0, 0};
  bool input_done_ = false;
  std::size_t pending_ = 0;
};

enum class Compression { none, gzip, zstd };

// The first (up to) 4 bytes of `source`, and the compression their magic bytes name.
std::pair<std::string, Compression> read_magic(ByteSource& source) {
  std::string head(4, '\0');
  std::size_t got = 0;
  while (got < head.size()) {
    std::size_t n = source.read(head.data() + got, head.size() - got);
    if (n == 0) break;
    got += n;
  }
  head.resize(got);
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(head[i]); };
  Compression c = Compression::none;
  if (got >= 2 && byte(0) == 0x1F && byte(1) == 0x8B) c = Compression::gzip;
  if (got >= 4 && byte(0) == 0x28 && byte(1) == 0xB5 && byte(2) == 0x2F && byte(3) == 0xFD) c = Compression::zstd;
  return {std::move(head), c};
}

// Recognises gzip and zstd by their magic bytes and decompresses them as a stream.
std::unique_ptr<ByteSource> decompressing(std::unique_ptr<ByteSource> raw) {
  auto [head, compression] = read_magic(*raw);
  auto source = std::make_unique<PrefixedSource>(std::move(raw), std::move(head));
  if (compression == Compression::gzip) return std::make_unique<GzipSource>(std::move(source));
  if (compression == Compression::zstd) return std::make_unique<ZstdSource>(std::move(source));
  return source;
}

}  // namespace

std::unique_ptr<ByteSource> open_source(const std::filesystem::path& path) {
  if (path == "-") return decompressing(std::make_unique<FdSource>(STDIN_FILENO, false, "-", std::nullopt));
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
  std::optional<std::uint64_t> size;
  if (S_ISREG(st.st_mode)) {
    size = static_cast<std::uint64_t>(st.st_size);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  return decompressing(std::make_unique<FdSource>(fd, true, path.string(), size));
}

std::unique_ptr<ByteSource> open_source_at(const std::filesystem::path& path, std::uint64_t offset) {
  // A plain regular file is read from `offset` on; compressed input is decompressed from its start
  // and read past.
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(path, ec);
  if (!ec) {
    auto head = open_range_source(path, 0, std::min<std::uint64_t>(size, 4));
    if (read_magic(*head).second == Compression::none) {
      if (offset > size) throw IoError(path, "the file is shorter than byte " + std::to_string(offset));
      return open_range_source(path, offset, size - offset);
    }
  }
  auto source = open_source(path);
  std::vector<char> scratch(std::size_t{256} << 10);
  for (std::uint64_t left = offset; left > 0;) {
    const std::size_t got = source->read(scratch.data(), static_cast<std::size_t>(std::min<std::uint64_t>(left, scratch.size())));
    if (got == 0) throw IoError(path, "the input ended at byte " + std::to_string(offset - left) +
                                          " while it was read again from byte " + std::to_string(offset));
    left -= got;
  }
  return source;
}

std::unique_ptr<ByteSource> open_range_source(const std::filesystem::path& path, std::uint64_t offset,
                                              std::uint64_t length) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw IoError(path, std::string("cannot open: ") + std::strerror(errno));
  auto file = std::make_unique<FdSource>(fd, true, path.string(), std::nullopt);
  if (::lseek(fd, static_cast<off_t>(offset), SEEK_SET) < 0) {
    throw IoError(path, std::string("cannot seek to byte ") + std::to_string(offset) + ": " + std::strerror(errno));
  }
  ::posix_fadvise(fd, static_cast<off_t>(offset), static_cast<off_t>(length), POSIX_FADV_SEQUENTIAL);
  return std::make_unique<RangeSource>(std::move(file), offset, length);
}

std::unique_ptr<ByteSource> prefixed_source(std::string prefix, ByteSource& rest) {
  return std::make_unique<PrefixedSource>(rest, std::move(prefix));
}

std::unique_ptr<ByteSource> istream_source(std::istream& in, std::string name) {
  return decompressing(std::make_unique<IstreamSource>(in, std::move(name)));
}

}  // namespace rowguard::detail
