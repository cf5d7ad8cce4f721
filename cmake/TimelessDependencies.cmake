# The libraries that libtimeless (and its internal archives timeless_db and
# timeless_codec) link against: the one list of them. The build
# (CMakeLists.txt) and a consumer's find_package(Timeless)
# (TimelessConfig.cmake, which installs this file beside itself) both
# include it; a new dependency is added here and only here.
#
# timeless_dependency(<pkg-config module> <find_package arguments>) is
# defined by the includer: the build runs find_package(... REQUIRED) and
# collects the module names for the Requires line of timeless.pc ("-": none;
# Threads becomes -pthread there); the package config runs
# find_dependency(...), which marks Timeless not found if one is missing.

timeless_dependency(- Threads)
timeless_dependency(sqlite3 SQLite3)
timeless_dependency(libzstd zstd CONFIG)

# CAF 0.17.6 on Debian ships neither a CMake config nor a .pc file: find it
# by hand and make the imported targets CAF::core and CAF::io (unless the
# consumer already made them, or found a CAF that ships its own).
if(NOT TARGET CAF::core)
  find_path(CAF_INCLUDE_DIR caf/all.hpp)
  find_library(CAF_CORE_LIBRARY caf_core)
  find_library(CAF_IO_LIBRARY caf_io)
  if(NOT CAF_INCLUDE_DIR OR NOT CAF_CORE_LIBRARY OR NOT CAF_IO_LIBRARY)
    set(timeless_missing_dependency
        "CAF 0.17 (caf/all.hpp, libcaf_core, libcaf_io; Debian: libcaf-dev)")
    return()
  endif()
  add_library(CAF::core UNKNOWN IMPORTED)
  set_target_properties(CAF::core PROPERTIES
    IMPORTED_LOCATION "${CAF_CORE_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${CAF_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES Threads::Threads)
  if(NOT TARGET CAF::io)
    add_library(CAF::io UNKNOWN IMPORTED)
    set_target_properties(CAF::io PROPERTIES
      IMPORTED_LOCATION "${CAF_IO_LIBRARY}" INTERFACE_LINK_LIBRARIES CAF::core)
  endif()
endif()

# RE2 (the label matchers' regular expressions): Debian ships only a
# pkg-config file, so the imported target is PkgConfig::RE2.
if(NOT TARGET PkgConfig::RE2)
  find_package(PkgConfig QUIET)
  if(PKG_CONFIG_FOUND)
    pkg_check_modules(RE2 QUIET IMPORTED_TARGET GLOBAL re2)
  endif()
  if(NOT TARGET PkgConfig::RE2)
    set(timeless_missing_dependency "RE2 (pkg-config re2; Debian: libre2-dev)")
    return()
  endif()
endif()
list(APPEND TIMELESS_PC_REQUIRES re2)
