#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/status.hpp"

namespace timeless::db {

/// A log file found in a log directory.
struct wal_file {
  std::string path;
  uint32_t shard = 0;
  uint64_t gen = 0;
  uint64_t size = 0;
};

/// <dir>/wal-<shard, 6 digits>-<gen, 12 digits>.log
std::string wal_file_path(const std::string& dir, uint32_t shard, uint64_t gen);

/// Lists the log files of `dir` sorted by (gen, shard), ignoring every
/// other name. A missing directory lists nothing.
status list_wal_files(const std::string& dir, std::vector<wal_file>& out);

status remove_wal_file(const std::string& path);

} // namespace timeless::db
