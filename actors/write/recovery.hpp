#pragma once

#include <memory>
#include <string>
#include <vector>

#include <caf/error.hpp>

#include "actors/write/series_buffer.hpp"
#include "actors/write/series_index.hpp"
#include "db/database.hpp"

namespace timeless::detail {

/// What opening a store found and rebuilt.
struct recovered_state {
  std::unique_ptr<series_index> index;
  /// One buffer per (new) shard, holding every point not in a closed
  /// SQLite segment.
  std::vector<std::unique_ptr<series_buffer>> buffers;
  /// Highest segment seq in SQLite.
  uint64_t max_seq = 0;
  /// First log generation of this run (above every existing one).
  uint64_t next_gen = 1;
  /// Points replayed from write-ahead logs.
  uint64_t replayed_points = 0;
  /// Log files whose tail was torn (a crash mid-write), and damaged ones.
  uint32_t torn_logs = 0;
  std::vector<std::string> damaged_logs;
};

/// Rebuilds the in-memory state of a store from SQLite (series, open
/// segment snapshots) and the write-ahead logs newer than each shard's last
/// checkpoint, routing every point by series id to one of `shards` buffers
/// (to buffer 0 when `sharded` is false). If anything was replayed it then
/// checkpoints it all in one transaction and deletes the old logs, so the
/// run starts from a clean state whatever the previous shard count was.
caf::error recover(db::database& db, const std::string& wal_dir,
                   uint32_t shards, bool sharded, const buffer_policy& policy,
                   int64_t now, recovered_state& out);

} // namespace timeless::detail
