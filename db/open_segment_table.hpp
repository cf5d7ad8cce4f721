#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "db/database.hpp"
#include "db/status.hpp"

namespace timeless::db {

/// A recovery snapshot of one segment still open in memory.
struct open_segment_row {
  uint32_t shard;
  uint64_t series_id;
  int64_t start_ts;
  std::vector<uint8_t> data;
};

/// Replaces the snapshot of `shard` with `rows` (DELETE WHERE shard = ? then
/// INSERT), in the caller's transaction. Every row must belong to `shard`
/// (invalid_argument otherwise); (series_id, start_ts) must be unique among
/// them.
status replace_open_segments(database& db, uint32_t shard,
                             std::span<const open_segment_row> rows);

/// Deletes the snapshots of every shard >= first_shard (after the number of
/// shards decreased).
status delete_open_segments_from(database& db, uint32_t first_shard);

/// Visits every snapshot row, ordered by shard, series_id, start_ts. The
/// row's bytes are valid only during the call.
status
load_open_segments(database& db,
                   const std::function<void(const open_segment_row&)>& visit);

} // namespace timeless::db
