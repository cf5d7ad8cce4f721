#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "db/status.hpp"

namespace timeless::db {

/// A series definition carried in the log before the points that use it.
struct wal_series_def {
  uint64_t id = 0;
  std::string metric;
  /// Canonical label encoding (opaque here).
  std::string labels;
};

/// Appends records to one log file (format: db/wal_format.hpp). One
/// write(2) per record from a reused buffer; not thread-safe.
class wal_writer {
 public:
  /// Creates <dir>/wal-<shard>-<gen>.log (failing if it exists) and writes
  /// its header.
  static status create(const std::string& dir, uint32_t shard, uint64_t gen,
                       std::unique_ptr<wal_writer>& out);

  ~wal_writer();

  wal_writer(const wal_writer&) = delete;
  wal_writer& operator=(const wal_writer&) = delete;

  /// Appends one record. After an I/O error every later append fails too.
  status append(std::span<const wal_series_def> defs,
                std::span<const uint64_t> series, std::span<const int64_t> ts,
                std::span<const double> values);

  /// fdatasync.
  status sync();

  uint64_t bytes() const { return bytes_; }
  uint32_t shard() const { return shard_; }
  uint64_t gen() const { return gen_; }
  const std::string& path() const { return path_; }

 private:
  wal_writer(int fd, std::string path, uint32_t shard, uint64_t gen);
  status write_all(const uint8_t* data, size_t size);

  int fd_;
  std::string path_;
  uint32_t shard_;
  uint64_t gen_;
  uint64_t bytes_ = 0;
  bool failed_ = false;
  std::vector<uint8_t> buf_;
};

} // namespace timeless::db
