# Strict warnings for rowguard's own targets only; never propagated to consumers.
include_guard(GLOBAL)

function(rowguard_set_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${ROWGUARD_WARNINGS_AS_ERRORS}>:/WX>)
  else()
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Wnon-virtual-dtor
      -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough
      # GCC 12 reports -Wrestrict on ordinary std::string concatenation (GCC bug 105329).
      $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
      $<$<BOOL:${ROWGUARD_WARNINGS_AS_ERRORS}>:-Werror>)
  endif()
endfunction()
