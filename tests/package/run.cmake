# Builds and runs the consumer project against rowguard. Run with cmake -P:
#   MODE=find_package   installs ROWGUARD_BUILD_DIR into WORK_DIR/prefix with cmake --install and
#                       builds the consumer with find_package(rowguard CONFIG) from that prefix only.
#   MODE=fetchcontent   builds the consumer with FetchContent pointed at ROWGUARD_SOURCE_DIR
#                       (fully disconnected: nothing is downloaded).
#   MODE=build_tree     builds the consumer with find_package(rowguard CONFIG) from the build tree
#                       itself (rowguard_DIR=ROWGUARD_BUILD_DIR), as the build-tree export allows.
# Required: MODE, ROWGUARD_BUILD_DIR, ROWGUARD_SOURCE_DIR, WORK_DIR. Optional: CONSUMER_SOURCE_DIR,
# GENERATOR, GENERATOR_PLATFORM, GENERATOR_TOOLSET, MAKE_PROGRAM, BUILD_TYPE, CXX_COMPILER,
# CXX_COMPILER_LAUNCHER, JOBS.
cmake_minimum_required(VERSION 3.20)

foreach(var IN ITEMS MODE ROWGUARD_BUILD_DIR ROWGUARD_SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run.cmake: ${var} is required")
  endif()
endforeach()
if(NOT MODE MATCHES "^(find_package|fetchcontent|build_tree)$")
  message(FATAL_ERROR "run.cmake: MODE must be find_package, fetchcontent or build_tree, got \"${MODE}\"")
endif()
# The consumer knows two ways to get rowguard; the build tree is found like an installed package.
set(consumer_mode "${MODE}")
if(MODE STREQUAL "build_tree")
  set(consumer_mode find_package)
endif()
if(NOT CONSUMER_SOURCE_DIR)
  set(CONSUMER_SOURCE_DIR "${CMAKE_CURRENT_LIST_DIR}/consumer")
endif()
if(NOT BUILD_TYPE)
  set(BUILD_TYPE Release)
endif()
if(NOT JOBS)
  cmake_host_system_information(RESULT JOBS QUERY NUMBER_OF_LOGICAL_CORES)
endif()

# Runs one step and stops the test with its output when it fails.
function(step description)
  message(STATUS "[${MODE}] ${description}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc COMMAND_ECHO STDOUT)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "[${MODE}] ${description} failed (${rc})")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(consumer_build "${WORK_DIR}/build")

set(configure_args -S "${CONSUMER_SOURCE_DIR}" -B "${consumer_build}"
  "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
  "-DROWGUARD_CONSUMER_MODE=${consumer_mode}"
  # Only what this test provides may be found: no user or system package registries.
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
  -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)
if(GENERATOR)
  list(APPEND configure_args -G "${GENERATOR}")
endif()
if(GENERATOR_PLATFORM)
  list(APPEND configure_args -A "${GENERATOR_PLATFORM}")
endif()
if(GENERATOR_TOOLSET)
  list(APPEND configure_args -T "${GENERATOR_TOOLSET}")
endif()
if(MAKE_PROGRAM)
  list(APPEND configure_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
if(CXX_COMPILER)
  list(APPEND configure_args "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
endif()
if(CXX_COMPILER_LAUNCHER)
  list(APPEND configure_args "-DCMAKE_CXX_COMPILER_LAUNCHER=${CXX_COMPILER_LAUNCHER}")
endif()

if(MODE STREQUAL "find_package")
  set(prefix "${WORK_DIR}/prefix")
  step("install rowguard into ${prefix}"
    "${CMAKE_COMMAND}" --install "${ROWGUARD_BUILD_DIR}" --prefix "${prefix}" --config "${BUILD_TYPE}")
  foreach(installed IN ITEMS include/rowguard/rowguard.hpp include/rowguard/version.hpp)
    if(NOT EXISTS "${prefix}/${installed}")
      message(FATAL_ERROR "[${MODE}] the install lacks ${installed}")
    endif()
  endforeach()
  file(GLOB_RECURSE config_files "${prefix}/*/rowguardConfig.cmake")
  if(NOT config_files)
    message(FATAL_ERROR "[${MODE}] the install lacks rowguardConfig.cmake")
  endif()
  list(APPEND configure_args "-DCMAKE_PREFIX_PATH=${prefix}")
  set(expected_package_dir "${prefix}")
elseif(MODE STREQUAL "build_tree")
  list(APPEND configure_args "-Drowguard_DIR=${ROWGUARD_BUILD_DIR}")
  set(expected_package_dir "${ROWGUARD_BUILD_DIR}")
else()
  list(APPEND configure_args
    "-DROWGUARD_SOURCE_DIR=${ROWGUARD_SOURCE_DIR}"
    -DFETCHCONTENT_FULLY_DISCONNECTED=ON
    -DFETCHCONTENT_QUIET=OFF)
endif()

step("configure the consumer" "${CMAKE_COMMAND}" ${configure_args})

if(consumer_mode STREQUAL "find_package")
  # The package must come from where this mode put it (the fresh install, or the build tree).
  file(STRINGS "${consumer_build}/CMakeCache.txt" rowguard_dir_line REGEX "^rowguard_DIR:")
  string(REGEX REPLACE "^rowguard_DIR:[A-Z]+=" "" rowguard_dir "${rowguard_dir_line}")
  file(REAL_PATH "${rowguard_dir}" rowguard_dir)
  file(REAL_PATH "${expected_package_dir}" real_expected)
  string(FIND "${rowguard_dir}/" "${real_expected}/" at)
  if(NOT at EQUAL 0)
    message(FATAL_ERROR "[${MODE}] rowguard was found in ${rowguard_dir}, not in ${expected_package_dir}")
  endif()
endif()

step("build the consumer" "${CMAKE_COMMAND}" --build "${consumer_build}" --config "${BUILD_TYPE}" --parallel ${JOBS})
set(exe_suffix "")
if(CMAKE_HOST_WIN32)
  set(exe_suffix ".exe")
endif()
step("run the consumer" "${consumer_build}/bin/rowguard_consumer${exe_suffix}")
