# rowguard_add_isolated_object(<target> <name> SOURCE <file> ENTRY <symbol>
#                              [FLAGS <compile flags>...] [DEFINITIONS <definitions>...])
#
# Compiles <file> with extra instruction-set FLAGS into one relocatable object that exports only
# <symbol>, and adds it to <target>. The object is partially linked with its COMDAT groups
# dissolved (--force-group-allocation), then every other defined symbol is made local: inline
# functions compiled there for AVX2 or AVX-512 stay private to it, so the final link can never pick
# such a copy for baseline code (which would crash on CPUs without those instructions).
#
# The partial link needs GNU ld: lld learned --force-group-allocation only in version 17, and
# CMake picks ld.lld as CMAKE_LINKER for clang on Debian 12. ROWGUARD_PARTIAL_LINK_OK says whether
# a linker that can do it was found; without one, an object with no extra FLAGS is added as it is
# (baseline code needs no isolation) and callers must not ask for instruction-set FLAGS.
include_guard(GLOBAL)

find_program(ROWGUARD_PARTIAL_LINKER NAMES ld.bfd ld DOC "GNU ld, for partial links that dissolve COMDAT groups")
set(ROWGUARD_PARTIAL_LINK_OK FALSE)
if(ROWGUARD_PARTIAL_LINKER AND CMAKE_OBJCOPY)
  execute_process(COMMAND "${ROWGUARD_PARTIAL_LINKER}" --help OUTPUT_VARIABLE _rowguard_ld_help ERROR_QUIET)
  if(_rowguard_ld_help MATCHES "force-group-allocation")
    set(ROWGUARD_PARTIAL_LINK_OK TRUE)
  endif()
endif()

function(rowguard_add_isolated_object target name)
  cmake_parse_arguments(ARG "" "SOURCE;ENTRY" "FLAGS;DEFINITIONS" ${ARGN})
  set(objects ${target}_${name}_objects)
  add_library(${objects} OBJECT ${ARG_SOURCE})
  # -fno-gnu-unique: function-local statics of inline functions become ordinary weak symbols, which
  # objcopy can make local (it leaves STB_GNU_UNIQUE ones global).
  target_compile_options(${objects} PRIVATE ${ARG_FLAGS} $<$<CXX_COMPILER_ID:GNU>:-fno-gnu-unique>)
  target_compile_definitions(${objects} PRIVATE ${ARG_DEFINITIONS})
  target_compile_features(${objects} PRIVATE cxx_std_20)
  set_target_properties(${objects} PROPERTIES CXX_EXTENSIONS OFF POSITION_INDEPENDENT_CODE ON)
  # The same headers and usage requirements as the library proper.
  target_include_directories(${objects} PRIVATE
    $<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>)
  target_link_libraries(${objects} PRIVATE $<TARGET_PROPERTY:${target},LINK_LIBRARIES>)
  rowguard_set_warnings(${objects})

  if(NOT ROWGUARD_PARTIAL_LINK_OK)
    if(ARG_FLAGS)
      message(FATAL_ERROR "rowguard_add_isolated_object(${name}): no linker for the partial link that isolates it")
    endif()
    target_sources(${target} PRIVATE $<TARGET_OBJECTS:${objects}>)
    return()
  endif()
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${name}.o")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND "${ROWGUARD_PARTIAL_LINKER}" -r --force-group-allocation -o "${out}.linked" "$<TARGET_OBJECTS:${objects}>"
    COMMAND "${CMAKE_OBJCOPY}" "--keep-global-symbol=${ARG_ENTRY}" "${out}.linked" "${out}"
    DEPENDS ${objects} "$<TARGET_OBJECTS:${objects}>"
    COMMENT "Isolating ${name}: only ${ARG_ENTRY} stays global"
    VERBATIM COMMAND_EXPAND_LISTS)
  set_source_files_properties("${out}" PROPERTIES EXTERNAL_OBJECT TRUE GENERATED TRUE)
  target_sources(${target} PRIVATE "${out}")
  set_property(GLOBAL APPEND PROPERTY ROWGUARD_ISOLATED_OBJECTS "${out}|${ARG_ENTRY}")
endfunction()
