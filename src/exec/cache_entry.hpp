// The cache's entries: the key of a lookup, and the JSON file that stores one result.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "rowguard/cached.hpp"
#include "rowguard/plan.hpp"
#include "rowguard/result.hpp"

namespace rowguard::detail {

// Bumped whenever the entry layout or the meaning of the key changes; part of the key.
inline constexpr std::uint64_t cache_format_version = 1;

// What an entry must say to answer a lookup.
struct KeyMaterial {
  std::string content;      // content_hash hex
  std::string plan;         // Plan::fingerprint
  std::string_view format;  // csv, tsv or jsonl
  std::uint64_t max_findings = 0;
  std::string key;  // hex of XXH3-128 over all of the above and the version: the file name
};

KeyMaterial make_key(const ContentHash& content, const Plan& plan, Format format, std::size_t max_findings);

// The entry's text: the key material, the creation time and the whole result.
std::string serialize_entry(const KeyMaterial& k, const ValidationResult& r, std::int64_t created_ms);

enum class Lookup { hit, absent, expired, rejected };

// Reads the entry at `path` into `out` when it is whole, of this version, for exactly this key and
// younger than the ttl (0: no limit).
Lookup read_entry(const std::filesystem::path& path, const KeyMaterial& k, std::chrono::seconds ttl,
                  ValidationResult& out);

// What the file system says about one version of a file (see CacheOptions::trust_file_stat).
struct FileStat {
  std::uint64_t dev = 0;
  std::uint64_t ino = 0;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;
  friend bool operator==(const FileStat&, const FileStat&) = default;
};

// The name of the stat record of one file version: "<32 hex digits>.stat.json", the digits those
// of XXH3-128 over the record's version and the FileStat.
std::string stat_record_name(const FileStat& s);

// A stat record's text: the FileStat and the content hash it was found with.
std::string serialize_stat_record(const FileStat& s, const ContentHash& content);

// Reads the stat record at `path` into `content` when it is whole, of this version and for exactly
// `s`; false otherwise (absent, corrupt or another file's).
bool read_stat_record(const std::filesystem::path& path, const FileStat& s, ContentHash& content);

inline std::int64_t unix_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace rowguard::detail
