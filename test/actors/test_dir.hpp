#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

#include <unistd.h>

/// A fresh temporary directory, removed with everything in it at scope end.
struct test_dir {
  std::string path;
  test_dir() {
    auto base = std::filesystem::temp_directory_path() /
                ("timeless-test-" + std::to_string(::getpid()) + "-" +
                 std::to_string(counter()++));
    std::filesystem::remove_all(base);
    std::filesystem::create_directories(base);
    path = base.string();
  }
  ~test_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
};
