# cmake -DNM=<nm> -DOBJECT=<file.o> -DENTRY=<symbol> -P isa_isolation.cmake
#
# An object compiled for AVX2 or AVX-512 must export nothing but its entry point; any other global
# (an inline function, a template instantiation) could be picked by the linker for baseline code.
execute_process(COMMAND "${NM}" --defined-only --extern-only "${OBJECT}"
                OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nm failed on ${OBJECT}")
endif()
string(REGEX REPLACE "\n$" "" out "${out}")
string(REPLACE "\n" ";" lines "${out}")
set(globals "")
foreach(line IN LISTS lines)
  string(REGEX REPLACE "^[0-9a-fA-F ]+ [A-Za-z] " "" name "${line}")
  list(APPEND globals "${name}")
endforeach()
if(NOT globals STREQUAL "${ENTRY}")
  message(FATAL_ERROR "${OBJECT} must define only ${ENTRY} globally, but defines: ${globals}")
endif()
message(STATUS "${OBJECT}: only ${ENTRY} is global")
