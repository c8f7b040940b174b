# FindRE2
# -------
# Finds RE2 (Debian's libre2-dev ships no CMake config) and defines the imported target RE2::re2.
#
# Result variables: RE2_FOUND, RE2_INCLUDE_DIR, RE2_LIBRARY.
# No include guard: imported targets are visible only in the directory that creates them, so
# a find_package() from another directory must run this module again (targets are guarded below).

find_package(re2 CONFIG QUIET)
if(TARGET re2::re2)
  if(NOT TARGET RE2::re2)
    add_library(RE2::re2 INTERFACE IMPORTED)
    set_target_properties(RE2::re2 PROPERTIES INTERFACE_LINK_LIBRARIES re2::re2)
  endif()
  set(RE2_FOUND TRUE)
  return()
endif()

find_path(RE2_INCLUDE_DIR NAMES re2/re2.h)
find_library(RE2_LIBRARY NAMES re2)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(RE2 REQUIRED_VARS RE2_LIBRARY RE2_INCLUDE_DIR)

if(RE2_FOUND AND NOT TARGET RE2::re2)
  find_package(Threads REQUIRED)
  add_library(RE2::re2 UNKNOWN IMPORTED)
  set_target_properties(RE2::re2 PROPERTIES
    IMPORTED_LOCATION "${RE2_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${RE2_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES Threads::Threads)
endif()
mark_as_advanced(RE2_INCLUDE_DIR RE2_LIBRARY)
