# FindFastFloat
# -------------
# Finds the header-only fast_float library and defines FastFloat::fast_float. Uses the package's own
# CMake config when it is installed (Debian 12's libfast-float-dev has one), otherwise the header.
#
# Result variables: FastFloat_FOUND, FASTFLOAT_INCLUDE_DIR.
# No include guard: imported targets are visible only in the directory that creates them, so
# a find_package() from another directory must run this module again (targets are guarded below).

find_package(FastFloat CONFIG QUIET NO_MODULE)
if(TARGET FastFloat::fast_float)
  set(FastFloat_FOUND TRUE)
  return()
endif()

find_path(FASTFLOAT_INCLUDE_DIR NAMES fast_float/fast_float.h)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(FastFloat REQUIRED_VARS FASTFLOAT_INCLUDE_DIR)

if(FastFloat_FOUND AND NOT TARGET FastFloat::fast_float)
  add_library(FastFloat::fast_float INTERFACE IMPORTED)
  set_target_properties(FastFloat::fast_float PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${FASTFLOAT_INCLUDE_DIR}")
endif()
mark_as_advanced(FASTFLOAT_INCLUDE_DIR)
