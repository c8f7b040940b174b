#pragma once
/// CachedValidator: remembers validation results on disk so that validating an unchanged file
/// again costs about one read-and-hash of it instead of a full validation.
///
///   Plan plan = compile(schema);
///   CachedValidator cached(Validator(plan), CacheOptions{"/var/cache/rowguard"});
///   ValidationResult first = cached.validate_file("transactions.csv");   // miss: validates, stores
///   ValidationResult again = cached.validate_file("transactions.csv");   // hit: hash + read entry
///
/// The key of an entry is made of everything that can change a result: the content of the file
/// (content_hash(), never its name, size or modification time), Plan::fingerprint() (schema,
/// dialect and engine version), the format actually used, ValidateOptions::max_findings and the
/// cache format version. The tokenizer kernel is not part of it: every kernel gives the same result,
/// and a hit reports the kernel of the validation that stored it.
///
/// Each entry is one JSON file in the cache directory, named after its key and written atomically
/// (a unique temporary file renamed over the final name), so any number of threads and processes
/// may share one directory: a reader sees a whole old entry or a whole new one, never a mix. An
/// entry that is corrupt, truncated, of another cache version or for another key is a miss and is
/// replaced. Nothing is fsync'ed: after a crash an entry may be empty or cut short, which is such a
/// miss.
///
/// A hit costs one read of the file through a 256 KiB buffer and an XXH3 pass over it, on
/// CacheOptions::hash_threads threads, plus reading one small entry; bench/bench_cache.cpp
/// measures it against a miss and a plain validation. With CacheOptions::trust_file_stat a file
/// that has not changed since it was last hashed is not read again (see there for what that trusts).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "rowguard/plan.hpp"
#include "rowguard/result.hpp"
#include "rowguard/validator.hpp"

namespace rowguard {

/// Where a CachedValidator keeps its entries and how many it keeps.
struct CacheOptions {
  /// Directory of the entries, shared safely by threads and processes. The constructor creates it
  /// (with its parents) when it is missing.
  std::filesystem::path cache_dir;
  /// An entry stored longer ago than this is a miss and is removed; 0 means entries never expire.
  /// Negative is a UsageError.
  std::chrono::seconds ttl = std::chrono::hours(24);
  /// After each store, least-recently-used entries are removed until at most this many remain.
  std::size_t max_entries = 1000;
  /// ... and until their files hold at most this many bytes. An entry larger than this on its own
  /// is not stored.
  std::uint64_t max_bytes = std::uint64_t{256} << 20;
  /// Threads that hash a file's segments; 0 means std::thread::hardware_concurrency(). Any count
  /// gives the same key.
  unsigned hash_threads = 0;
  /// Off (the default): every call reads and hashes the file. On: after a file has been hashed, a
  /// stat record (one small entry file) remembers its content hash under its device, inode, size,
  /// modification time and status-change time (ctime), and a later call whose file still has all
  /// five skips the reading when the result's entry is there: a hit then costs a stat and two small
  /// reads, whatever the file's size. (A miss always hashes the file, and stores its result under
  /// the content just hashed, so a wrong record cannot mislead users of the cache that leave this
  /// off.) The kernel sets ctime to the current time when a write, truncation or change of the
  /// modification time begins, and no system call sets it to a chosen value, so content rewritten
  /// under the same size and mtime normally changes the ctime and is a miss. A record is only
  /// written for a file whose ctime was more than two seconds old when hashing began and whose stat
  /// did not change during the hash. What it cannot see: a single write still copying data more
  /// than two seconds after it began (its times were set at its start); writes through a shared
  /// memory map to pages already dirty; file systems that report the mtime as ctime (FAT, sshfs
  /// and other FUSE file systems); a network file system whose server clock lags this machine's by
  /// more than two seconds; and a clock stepped back onto a file's recorded times. Like git's index
  /// and ccache's file_stat_matches, it trades those for not reading the file.
  bool trust_file_stat = false;
};

/// What a cache holds now and what one CachedValidator did with it.
struct CacheStats {
  /// Entry files in the cache directory now, whoever wrote them (temporary files excluded): the
  /// results, and the stat records of CacheOptions::trust_file_stat.
  std::uint64_t entries = 0;
  /// Total size in bytes of those entry files.
  std::uint64_t bytes = 0;
  /// Calls of this CachedValidator answered from the cache.
  std::uint64_t hits = 0;
  /// Of those hits, the ones that did not read the file: its stat matched a stat record
  /// (CacheOptions::trust_file_stat).
  std::uint64_t stat_hits = 0;
  /// Calls that looked in the cache and validated: no entry, an expired, corrupt or foreign one.
  std::uint64_t misses = 0;
  /// Entries this CachedValidator removed to stay within max_entries and max_bytes.
  std::uint64_t evictions = 0;
  /// Entries this CachedValidator removed because they were older than the ttl (each also a miss).
  std::uint64_t expirations = 0;
  /// Result entries found corrupt, truncated, of another cache version or for another key (each
  /// also a miss; the entry is then replaced). Such stat records are ignored and replaced, uncounted.
  std::uint64_t rejected = 0;
  /// Calls that did not use the cache: use_cache false, standard input, pipes and other files that
  /// are not regular files, and files that did not hold as many bytes as their size says. Neither
  /// hits nor misses.
  std::uint64_t bypasses = 0;
  /// Results validated but not stored because writing the entry failed (the result was returned),
  /// and stat records that could not be written.
  std::uint64_t write_errors = 0;
};

/// Performs the real validation of one file, e.g. Validator::validate_file or any executor's.
using FileValidation = std::function<ValidationResult(const std::filesystem::path&)>;

/// A 128-bit digest.
struct ContentHash {
  std::uint64_t high = 0;
  std::uint64_t low = 0;

  /// 32 lowercase hexadecimal digits, high half first.
  std::string hex() const;
  friend bool operator==(const ContentHash&, const ContentHash&) = default;
};

/// Size of the segments of content_hash(); part of the definition of the key.
inline constexpr std::size_t content_hash_segment_bytes = std::size_t{4} << 20;

/// The content key of a cache entry, a hash tree with one level so that segments can be hashed in
/// parallel: XXH3-128 of each content_hash_segment_bytes segment (the last may be shorter), then
/// XXH3-128 of the total length (8 bytes, little-endian) followed by each segment digest in
/// XXH128_canonical_t form (16 bytes, big-endian). An empty input has no segments.
ContentHash content_hash(std::string_view bytes);

/// content_hash() of a file's bytes, read in blocks by `threads` threads (0: the hardware threads),
/// each hashing whole segments. Throws IoError naming the file when it cannot be opened or read, or
/// when it does not hold as many bytes as its size says (it changed while being read, or it is a
/// /proc or /sys file, whose sizes are nominal).
ContentHash content_hash_file(const std::filesystem::path& path, unsigned threads = 0);

/// Wraps a file validation with an on-disk result cache (see the top of this header). Safe to share
/// between threads: validate_file and get_cache_stats may be called concurrently.
class CachedValidator {
 public:
  /// `options` must be those the validation runs with (format and max_findings go into the key);
  /// `validate` performs the validation on a miss. Creates cache_dir when missing and checks that a
  /// file can be created in it: throws IoError naming cache_dir when it cannot be created or
  /// written, UsageError when it is empty, when max_entries or max_bytes is 0, when ttl is negative
  /// or when `validate` is empty.
  CachedValidator(Plan plan, ValidateOptions options, FileValidation validate, CacheOptions cache);
  /// Caches `validator`'s validate_file (the validator is copied; copies share the plan).
  CachedValidator(const Validator& validator, CacheOptions cache);
  ~CachedValidator();
  /// Moves the cache handle; the moved-from object may only be assigned to or destroyed.
  CachedValidator(CachedValidator&&) noexcept;
  /// Moves the cache handle; the moved-from object may only be assigned to or destroyed.
  CachedValidator& operator=(CachedValidator&&) noexcept;

  /// Validates a file, or returns the stored result of an earlier validation of the same content
  /// with the same key. A hit returns the stored counts, findings, bytes_read and kernel; in both
  /// cases elapsed_seconds is the wall time of this call (hashing included). With `use_cache` false
  /// the cache is neither read nor written and the validation's own result is returned; standard
  /// input ("-"), files that are not regular files (left unopened) and files that do not hold as
  /// many bytes as their size says (those of /proc and /sys, or a file changing while hashed) are
  /// treated the same way (all counted as bypasses). After a store, least-recently-used entries
  /// beyond the limits are removed, which costs one listing of the directory, and so are temporary
  /// files of writers that died (older than an hour). A hit sets the entry's modification time,
  /// its last use. A result is not stored when the file changed while it was validated (its size,
  /// times or inode differ), and a failure to store it is counted in CacheStats::write_errors,
  /// never thrown. Throws what the validation throws, UsageError when Format::automatic cannot
  /// tell the format from the name, and IoError when the file cannot be read.
  ValidationResult validate_file(const std::filesystem::path& file, bool use_cache = true) const;

  /// The entry file that holds (or would hold) the result for this file's current content.
  /// Throws like validate_file when the file cannot be read or its format not determined.
  std::filesystem::path entry_path(const std::filesystem::path& file) const;

  /// Entries and bytes in the cache directory now, and this validator's counters. Scans the
  /// directory, so it costs a directory listing.
  CacheStats get_cache_stats() const;

  /// The plan results are cached for.
  const Plan& plan() const noexcept;
  /// The options results are cached for.
  const ValidateOptions& options() const noexcept;
  /// The cache's options.
  const CacheOptions& cache_options() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rowguard
