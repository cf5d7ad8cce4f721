#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "db/status.hpp"
#include "db/wal_writer.hpp"

namespace timeless::db {

/// One decoded log record.
struct wal_record {
  std::vector<wal_series_def> defs;
  std::vector<uint64_t> series;
  std::vector<int64_t> ts;
  std::vector<double> values;
};

/// Reads a log file (format: db/wal_format.hpp), validating every field.
class wal_reader {
 public:
  /// Reads the whole file and validates its header.
  static status open_file(const std::string& path,
                          std::unique_ptr<wal_reader>& out);

  /// Reads from memory (the fuzz target); `bytes` must outlive the reader.
  static status open_memory(std::span<const uint8_t> bytes,
                            std::unique_ptr<wal_reader>& out);

  /// Reads the next record into `rec`. `end` is set at the end of the file,
  /// including a torn tail (see `tail_truncated`). A damaged record with
  /// more bytes after it returns `corruption`.
  status next(wal_record& rec, bool& end);

  bool tail_truncated() const { return torn_; }

  /// Byte offset of the next record.
  uint64_t offset() const { return pos_; }

  uint32_t shard() const { return shard_; }

  uint64_t gen() const { return gen_; }

 private:
  wal_reader() = default;
  status init(std::string name);

  std::vector<uint8_t> owned_;
  std::span<const uint8_t> bytes_;
  std::string name_;
  size_t pos_ = 0;
  bool torn_ = false;
  uint32_t shard_ = 0;
  uint64_t gen_ = 0;
};

} // namespace timeless::db
