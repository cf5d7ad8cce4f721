# `cpack -G DEB` in a build tree: one Debian package, timeless, with the
# command, the headers, the static libraries, the CMake package and
# timeless.pc under /usr. One package rather than a timeless/libtimeless-dev
# split: the library is static, so the "runtime" half would be the command
# alone. It therefore depends on the shared libraries the command loads and
# on the -dev packages a consumer's find_package(Timeless) and
# `pkg-config --libs timeless` need (cmake/TimelessDependencies.cmake).
# scripts/downstream.sh --deb builds, installs, uses and removes it.
set(CPACK_PACKAGE_NAME timeless)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Timeless")
set(CPACK_PACKAGE_CONTACT "Timeless maintainers <timeless@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "embedded time-series database on CAF (library, headers, command)")
set(CPACK_PACKAGE_DESCRIPTION
    "Timeless stores metrics in SQLite segments compressed with zstd; it runs
inside a CAF application or behind a blocking C++ facade. This package holds
the timeless command, the C++ headers, the static libraries, the CMake package
(find_package(Timeless)) and timeless.pc.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
# Runtime (what ldd shows for bin/timeless), then the development packages.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libc6, libgcc-s1, libstdc++6, libcaf-core0.17 (>= 0.17.6), libsqlite3-0, \
libzstd1, zlib1g, libre2-9, libprotobuf32, libsnappy1v5, libcaf-dev (>= 0.17.6), libsqlite3-dev, libzstd-dev, \
libre2-dev")
include(CPack)
