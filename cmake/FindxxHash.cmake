# FindxxHash
# ----------
# Finds xxHash (Debian's libxxhash-dev ships no CMake config) and defines xxHash::xxhash.
#
# Result variables: xxHash_FOUND, XXHASH_INCLUDE_DIR, XXHASH_LIBRARY.
# No include guard: imported targets are visible only in the directory that creates them, so
# a find_package() from another directory must run this module again (targets are guarded below).

find_path(XXHASH_INCLUDE_DIR NAMES xxhash.h)
find_library(XXHASH_LIBRARY NAMES xxhash)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(xxHash REQUIRED_VARS XXHASH_LIBRARY XXHASH_INCLUDE_DIR)

if(xxHash_FOUND AND NOT TARGET xxHash::xxhash)
  add_library(xxHash::xxhash UNKNOWN IMPORTED)
  set_target_properties(xxHash::xxhash PROPERTIES
    IMPORTED_LOCATION "${XXHASH_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${XXHASH_INCLUDE_DIR}")
endif()
mark_as_advanced(XXHASH_INCLUDE_DIR XXHASH_LIBRARY)
