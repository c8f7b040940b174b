// CachedValidator: a result cache in a directory of JSON entries, keyed by a hash tree of the file's
// content and everything else that can change a result. See include/rowguard/cached.hpp.
#include "rowguard/cached.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <mutex>
#include <thread>
#include <vector>

#include "exec/cache_entry.hpp"
#include "io/content_hash.hpp"
#include "io/fd.hpp"
#include "rowguard/error.hpp"

namespace rowguard {
namespace {

using detail::errno_text;
using detail::Fd;
using detail::FileStat;
using detail::KeyMaterial;
using detail::Lookup;

// A temporary file older than this belongs to a writer that died; it is removed on the next scan.
constexpr std::int64_t stale_temp_ns = std::int64_t{3600} * 1'000'000'000;

std::int64_t to_ns(const struct timespec& t) { return std::int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec; }

// Sets a file's access and modification times to now. Explicit times (not UTIME_NOW, which the
// kernel takes from a coarse clock) keep the least-recently-used order exact.
struct Now {
  struct timespec times[2];
  Now() {
    ::clock_gettime(CLOCK_REALTIME, &times[0]);
    times[1] = times[0];
  }
};
void touch_fd(int fd) { ::futimens(fd, Now().times); }
void touch_path(const std::filesystem::path& path) { ::utimensat(AT_FDCWD, path.c_str(), Now().times, 0); }

// A result (<32 hex digits>.json) or a stat record (<32 hex digits>.stat.json).
bool is_entry_name(std::string_view name) {
  if (name.size() < 32 || (name.substr(32) != ".json" && name.substr(32) != ".stat.json")) return false;
  return std::all_of(name.begin(), name.begin() + 32, [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool is_temp_name(std::string_view name) { return name.starts_with(".tmp-"); }

// A name no other writer uses at the same time: process, thread and a per-process counter.
std::string temp_name(std::string_view what) {
  static std::atomic<std::uint64_t> counter{0};
  std::string name = ".tmp-" + std::string(what) + "-" + std::to_string(::getpid()) + "-" +
                     std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id())) + "-" +
                     std::to_string(counter.fetch_add(1));
  return name;
}

// Writes `text` to a fresh temporary file in `dir` and renames it to `final_name` (when given; else
// removes it). Returns 0 or the errno of the step that failed.
int write_atomically(const std::filesystem::path& dir, std::string_view what, const std::string& text,
                     const std::string* final_name) {
  const std::filesystem::path temp = dir / temp_name(what);
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
  if (fd.get() < 0) return errno;
  int err = 0;
  for (std::size_t done = 0; done < text.size() && err == 0;) {
    ssize_t put = ::write(fd.get(), text.data() + done, text.size() - done);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) err = put < 0 ? errno : EIO;
    else done += static_cast<std::size_t>(put);
  }
  if (err == 0) touch_fd(fd.get());
  if (!fd.close() && err == 0) err = errno;
  if (err == 0 && final_name != nullptr && ::rename(temp.c_str(), (dir / *final_name).c_str()) != 0) err = errno;
  if (err != 0 || final_name == nullptr) ::unlink(temp.c_str());
  return err;
}

struct DirEntry {
  std::string name;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
};

// The entries of the cache directory; removes stale temporary files on the way when asked.
std::vector<DirEntry> list_entries(const std::filesystem::path& dir, bool sweep_temps) {
  std::vector<DirEntry> out;
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return out;
  struct timespec now {};
  ::clock_gettime(CLOCK_REALTIME, &now);
  const int dfd = ::dirfd(d);
  while (const struct dirent* e = ::readdir(d)) {
    std::string_view name = e->d_name;
    const bool entry = is_entry_name(name);
    if (!entry && !(sweep_temps && is_temp_name(name))) continue;
    struct stat st {};
    if (::fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) continue;
    if (!entry) {
      if (to_ns(now) - to_ns(st.st_mtim) > stale_temp_ns) ::unlinkat(dfd, e->d_name, 0);
      continue;
    }
    out.push_back(DirEntry{std::string(name), static_cast<std::uint64_t>(st.st_size), to_ns(st.st_mtim)});
  }
  ::closedir(d);
  return out;
}

FileStat file_stat(const struct stat& st) {
  return FileStat{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                  static_cast<std::uint64_t>(st.st_size), to_ns(st.st_mtim), to_ns(st.st_ctim)};
}

std::int64_t realtime_now_ns() {
  struct timespec now {};
  ::clock_gettime(CLOCK_REALTIME, &now);
  return to_ns(now);
}

// A stat record is written only for a file whose ctime is at least this much older than the start
// of its hashing: file times come from a coarse clock (one tick, a few milliseconds), so a write
// in the same tick as the recorded ctime would leave it unchanged. See CacheOptions::trust_file_stat.
constexpr std::int64_t stat_settle_ns = std::int64_t{2} * 1'000'000'000;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

// ---- CachedValidator -------------------------------------------------------------------------------

struct CachedValidator::Impl {
  Plan plan;
  ValidateOptions options;
  FileValidation validate;
  CacheOptions cache;

  std::atomic<std::uint64_t> hits{0}, stat_hits{0}, misses{0}, evictions{0}, expirations{0}, rejected{0}, bypasses{0},
      write_errors{0};
  std::mutex evict_mutex;  // one eviction scan at a time in this process

  Impl(Plan p, ValidateOptions o, FileValidation v, CacheOptions c)
      : plan(std::move(p)), options(o), validate(std::move(v)), cache(std::move(c)) {}

  Format resolve_format(const std::filesystem::path& file) const {
    return options.format == Format::automatic ? format_from_path(file) : options.format;
  }

  // Removes least-recently-used entries until the directory is within both limits.
  void evict() {
    std::lock_guard<std::mutex> lock(evict_mutex);
    std::vector<DirEntry> entries = list_entries(cache.cache_dir, true);
    std::uint64_t bytes = 0;
    for (const auto& e : entries) bytes += e.size;
    std::size_t count = entries.size();
    if (count <= cache.max_entries && bytes <= cache.max_bytes) return;
    std::sort(entries.begin(), entries.end(), [](const DirEntry& a, const DirEntry& b) {
      return a.mtime_ns != b.mtime_ns ? a.mtime_ns < b.mtime_ns : a.name < b.name;
    });
    for (const auto& e : entries) {
      if (count <= cache.max_entries && bytes <= cache.max_bytes) break;
      // Another process may have removed it first; then it is gone all the same, but not by us.
      if (::unlink((cache.cache_dir / e.name).c_str()) == 0) evictions.fetch_add(1, std::memory_order_relaxed);
      --count;
      bytes -= e.size;
    }
  }

  std::filesystem::path entry_of(const KeyMaterial& k) const { return cache.cache_dir / (k.key + ".json"); }

  // Writes one entry file atomically; true when it was written (the caller then evicts), a failure
  // counted in write_errors.
  bool write_entry(std::string_view what, const std::string& text, const std::string& name) {
    if (write_atomically(cache.cache_dir, what, text, &name) == 0) return true;
    write_errors.fetch_add(1, std::memory_order_relaxed);
    return false;
  }

  // The entry of a result.
  bool store(const KeyMaterial& k, const ValidationResult& r) {
    const std::string text = detail::serialize_entry(k, r, detail::unix_now_ms());
    if (text.size() > cache.max_bytes) return false;  // would be evicted at once
    return write_entry(k.key, text, k.key + ".json");
  }

  // Remembers the content hash of a file version whose ctime was settled when hashing began.
  bool store_stat(const FileStat& st, const ContentHash& content, std::int64_t hashing_began_ns) {
    if (st.ctime_ns > hashing_began_ns - stat_settle_ns) return false;
    return write_entry("stat", detail::serialize_stat_record(st, content), detail::stat_record_name(st));
  }
};

CachedValidator::CachedValidator(Plan plan, ValidateOptions options, FileValidation validate, CacheOptions cache) {
  if (cache.cache_dir.empty()) throw UsageError("CacheOptions::cache_dir is empty");
  if (cache.max_entries == 0) throw UsageError("CacheOptions::max_entries must be at least 1");
  if (cache.max_bytes == 0) throw UsageError("CacheOptions::max_bytes must be at least 1");
  if (cache.ttl.count() < 0) throw UsageError("CacheOptions::ttl must not be negative (0: entries never expire)");
  if (!validate) throw UsageError("CachedValidator needs a validation function");
  std::error_code ec;
  std::filesystem::create_directories(cache.cache_dir, ec);
  if (ec) throw IoError(cache.cache_dir, "cannot create the cache directory: " + ec.message());
  if (!std::filesystem::is_directory(cache.cache_dir, ec)) {
    throw IoError(cache.cache_dir, "the cache directory is not a directory");
  }
  if (int err = write_atomically(cache.cache_dir, "probe", "probe\n", nullptr); err != 0) {
    throw IoError(cache.cache_dir, errno_text("cannot write in the cache directory", err));
  }
  impl_ = std::make_unique<Impl>(std::move(plan), options, std::move(validate), std::move(cache));
}

CachedValidator::CachedValidator(const Validator& validator, CacheOptions cache)
    : CachedValidator(validator.plan(), validator.options(),
                      [validator](const std::filesystem::path& file) { return validator.validate_file(file); },
                      std::move(cache)) {}

CachedValidator::~CachedValidator() = default;
CachedValidator::CachedValidator(CachedValidator&&) noexcept = default;
CachedValidator& CachedValidator::operator=(CachedValidator&&) noexcept = default;

const Plan& CachedValidator::plan() const noexcept { return impl_->plan; }
const ValidateOptions& CachedValidator::options() const noexcept { return impl_->options; }
const CacheOptions& CachedValidator::cache_options() const noexcept { return impl_->cache; }

ValidationResult CachedValidator::validate_file(const std::filesystem::path& file, bool use_cache) const {
  Impl& m = *impl_;
  if (!use_cache || file == "-") {
    m.bypasses.fetch_add(1, std::memory_order_relaxed);
    return m.validate(file);
  }
  const auto start = std::chrono::steady_clock::now();
  const Format format = m.resolve_format(file);
  // A pipe or device cannot be read twice, and a directory is the validation's error to report:
  // those are left to the validation, unopened (opening a FIFO here would take its writer's data,
  // or wait for one). Opening is non-blocking in case the name became a FIFO meanwhile.
  auto bypass = [&] {
    m.bypasses.fetch_add(1, std::memory_order_relaxed);
    return m.validate(file);
  };
  struct stat named {};
  if (::stat(file.c_str(), &named) == 0 && !S_ISREG(named.st_mode)) return bypass();
  Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) throw IoError(file, errno_text("cannot open", errno));
  struct stat before {};
  if (::fstat(fd.get(), &before) != 0) throw IoError(file, errno_text("cannot stat", errno));
  if (!S_ISREG(before.st_mode)) {
    fd.close();
    return bypass();
  }
  const FileStat st = file_stat(before);
  const std::filesystem::path stat_entry =
      m.cache.trust_file_stat ? m.cache.cache_dir / detail::stat_record_name(st) : std::filesystem::path();
  ContentHash content;
  bool from_stat = m.cache.trust_file_stat && detail::read_stat_record(stat_entry, st, content);
  std::int64_t hashing_began_ns = 0;
  bool hashed_unchanged = false;  // hashed here, and the file's stat was the same after the hash
  // False when the file does not hold as many bytes as its size says: a file changing, or one of
  // /proc or /sys, whose sizes are nominal. No key would describe its content.
  auto hash_file = [&] {
    hashing_began_ns = realtime_now_ns();
    try {
      content = detail::hash_open_file(fd.get(), st.size, m.cache.hash_threads, file);
    } catch (const detail::SizeMismatch&) {
      return false;
    }
    struct stat hashed {};
    hashed_unchanged = ::fstat(fd.get(), &hashed) == 0 && file_stat(hashed) == st;
    return true;
  };
  if (!from_stat && !hash_file()) {
    fd.close();
    return bypass();
  }
  KeyMaterial key;
  ValidationResult result;
  auto look_up = [&] {
    key = detail::make_key(content, m.plan, format, m.options.max_findings);
    return detail::read_entry(m.entry_of(key), key, m.cache.ttl, result);
  };
  Lookup lookup = look_up();
  if (from_stat && lookup != Lookup::hit) {
    // A stat record answers hits only. A miss is stored under the key of the content just hashed,
    // so a record that is wrong (see CacheOptions::trust_file_stat) never files a result under
    // another content's key; a wrong record is then rewritten.
    from_stat = false;
    if (!hash_file()) {
      fd.close();
      return bypass();
    }
    lookup = look_up();
  }
  fd.close();
  const std::filesystem::path entry = m.entry_of(key);

  switch (lookup) {
    case Lookup::hit:
      touch_path(entry);
      m.hits.fetch_add(1, std::memory_order_relaxed);
      if (from_stat) {
        touch_path(stat_entry);
        m.stat_hits.fetch_add(1, std::memory_order_relaxed);
      }
      if (m.cache.trust_file_stat && hashed_unchanged && m.store_stat(st, content, hashing_began_ns)) m.evict();
      result.elapsed_seconds = seconds_since(start);
      return result;
    case Lookup::expired:
      if (::unlink(entry.c_str()) == 0) m.expirations.fetch_add(1, std::memory_order_relaxed);
      break;
    case Lookup::rejected: m.rejected.fetch_add(1, std::memory_order_relaxed); break;
    case Lookup::absent: break;
  }
  m.misses.fetch_add(1, std::memory_order_relaxed);
  result = m.validate(file);
  // A file changed while it was validated has no single content the result belongs to.
  struct stat after {};
  if (::stat(file.c_str(), &after) == 0 && file_stat(after) == st) {
    const bool stat_stored = m.cache.trust_file_stat && hashed_unchanged && m.store_stat(st, content, hashing_began_ns);
    if (m.store(key, result) || stat_stored) m.evict();
  }
  result.elapsed_seconds = seconds_since(start);
  return result;
}

std::filesystem::path CachedValidator::entry_path(const std::filesystem::path& file) const {
  const Format format = impl_->resolve_format(file);
  const ContentHash content = content_hash_file(file, impl_->cache.hash_threads);
  return impl_->entry_of(detail::make_key(content, impl_->plan, format, impl_->options.max_findings));
}

CacheStats CachedValidator::get_cache_stats() const {
  const Impl& m = *impl_;
  CacheStats s;
  for (const auto& e : list_entries(m.cache.cache_dir, false)) {
    ++s.entries;
    s.bytes += e.size;
  }
  s.hits = m.hits.load(std::memory_order_relaxed);
  s.stat_hits = m.stat_hits.load(std::memory_order_relaxed);
  s.misses = m.misses.load(std::memory_order_relaxed);
  s.evictions = m.evictions.load(std::memory_order_relaxed);
  s.expirations = m.expirations.load(std::memory_order_relaxed);
  s.rejected = m.rejected.load(std::memory_order_relaxed);
  s.bypasses = m.bypasses.load(std::memory_order_relaxed);
  s.write_errors = m.write_errors.load(std::memory_order_relaxed);
  return s;
}

}  // namespace rowguard
