# What `cmake --install` puts where (docs/package.md), the CMake package
# (find_package(Timeless CONFIG) -> Timeless::timeless), timeless.pc and the
# Debian package (cmake/TimelessCPack.cmake). Included by the top
# CMakeLists.txt after the layers.
#
# The library is four static archives: libtimeless (actors/, the API),
# libtimeless_values (the code of the public value types: errors, labels,
# options), libtimeless_db and libtimeless_codec (internal, never named by a
# consumer). They are installed and exported as they are built rather than
# folded into one archive: each layer stays one target compiled once (the
# tests link the layer they test), CMake's exported link interface carries
# the order timeless -> timeless_values, timeless_db -> timeless_codec ->
# SQLite, zstd, and folding would need object libraries, whose objects do not propagate
# through link dependencies (every test program would have to list every
# layer below it). A consumer still names only Timeless::timeless (or
# `pkg-config --libs timeless`).
include(CMakePackageConfigHelpers)

set(TIMELESS_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Timeless)

if(TARGET timeless)
  install(TARGETS timeless timeless_values timeless_db timeless_codec
          EXPORT TimelessTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(EXPORT TimelessTargets NAMESPACE Timeless::
          DESTINATION ${TIMELESS_CMAKE_DIR})
endif()

# The public headers only: the engine's own headers (codec/, db/, actors/*)
# stay behind; test/CMakeLists.txt compiles each public header alone
# against include paths that hold nothing else.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/actors/include/timeless
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp")
install(FILES ${PROJECT_BINARY_DIR}/include/timeless/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/timeless)

install(TARGETS timeless_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/TimelessConfig.cmake.in
  ${PROJECT_BINARY_DIR}/TimelessConfig.cmake
  INSTALL_DESTINATION ${TIMELESS_CMAKE_DIR})
# 0.x: a new minor version may change the API.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/TimelessConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/TimelessConfig.cmake
              ${PROJECT_BINARY_DIR}/TimelessConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/TimelessDependencies.cmake
        DESTINATION ${TIMELESS_CMAKE_DIR})

# pkg-config: the prefix relative to the .pc file, so the file is right
# wherever `cmake --install --prefix` or the .deb puts it.
file(RELATIVE_PATH TIMELESS_PC_PREFIX_REL
     ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" TIMELESS_PC_PREFIX_REL "${TIMELESS_PC_PREFIX_REL}")
list(JOIN TIMELESS_PC_REQUIRES " " TIMELESS_PC_REQUIRES)
configure_file(${PROJECT_SOURCE_DIR}/cmake/timeless.pc.in
               ${PROJECT_BINARY_DIR}/timeless.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/timeless.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

include(${PROJECT_SOURCE_DIR}/cmake/TimelessCPack.cmake)
