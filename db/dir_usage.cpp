#include "db/dir_usage.hpp"

#include <filesystem>

namespace timeless::db {

uint64_t directory_bytes(const std::string& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator();
       it.increment(ec)) {
    std::error_code ec2;
    if (it->is_regular_file(ec2))
      total += it->file_size(ec2);
  }
  return total;
}

} // namespace timeless::db
