# Install rules: headers, the library, the CLI, and a relocatable CMake package so that
# find_package(rowguard CONFIG) gives consumers the rowguard::rowguard target.
include_guard(GLOBAL)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(ROWGUARD_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/rowguard")

install(TARGETS rowguard EXPORT rowguardTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/rowguard DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp")
if(TARGET rowguard_cli)
  install(TARGETS rowguard_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

install(EXPORT rowguardTargets NAMESPACE rowguard:: DESTINATION ${ROWGUARD_CMAKE_DIR})
export(EXPORT rowguardTargets NAMESPACE rowguard::
  FILE "${PROJECT_BINARY_DIR}/rowguardTargets.cmake")

configure_package_config_file(cmake/rowguardConfig.cmake.in
  "${PROJECT_BINARY_DIR}/rowguardConfig.cmake"
  INSTALL_DESTINATION ${ROWGUARD_CMAKE_DIR})
write_basic_package_version_file("${PROJECT_BINARY_DIR}/rowguardConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
# The build tree is a usable package too (rowguard_DIR=<build dir>): its config needs the Find
# modules beside it, as the installed one has them.
foreach(find_module IN ITEMS FindRE2 FindxxHash FindFastFloat)
  configure_file(cmake/${find_module}.cmake "${PROJECT_BINARY_DIR}/${find_module}.cmake" COPYONLY)
endforeach()
install(FILES
  "${PROJECT_BINARY_DIR}/rowguardConfig.cmake"
  "${PROJECT_BINARY_DIR}/rowguardConfigVersion.cmake"
  cmake/FindRE2.cmake cmake/FindxxHash.cmake cmake/FindFastFloat.cmake
  DESTINATION ${ROWGUARD_CMAKE_DIR})
