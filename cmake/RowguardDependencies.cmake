# Every dependency comes from a Debian 12 package. simdjson, oneTBB and Google Benchmark ship CMake
# package configs; RE2, xxHash and fast_float are found through the small modules beside this file
# (fast_float's module prefers the package's own config when it exists).
include_guard(GLOBAL)

find_package(Threads REQUIRED)
find_package(simdjson 3 CONFIG REQUIRED)
find_package(FastFloat MODULE REQUIRED)
find_package(RE2 MODULE REQUIRED)
find_package(xxHash MODULE REQUIRED)
find_package(TBB CONFIG REQUIRED)
find_package(ZLIB REQUIRED)
find_package(zstd CONFIG REQUIRED)
if(TARGET zstd::libzstd_shared)
  set(ROWGUARD_ZSTD_TARGET zstd::libzstd_shared)
else()
  set(ROWGUARD_ZSTD_TARGET zstd::libzstd_static)
endif()
