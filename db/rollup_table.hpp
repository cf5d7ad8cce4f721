#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "db/database.hpp"
#include "db/status.hpp"

namespace timeless::db {

/// The summary of one series' points in one tier bucket (a `rollups` row).
struct rollup_row {
  uint64_t series_id = 0;
  /// The bucket's start (ms).
  int64_t bucket = 0;
  uint64_t count = 0;
  /// IEEE sum; NaN if any value was NaN (or +Inf met -Inf).
  double sum = 0;
  /// Over the non-NaN values; NaN if every value was NaN.
  double min = 0;
  double max = 0;
  /// Value at the lowest timestamp (the earlier-merged one on ties).
  int64_t first_ts = 0;
  double first = 0;
  /// Value at the highest timestamp (the later-merged one on ties).
  int64_t last_ts = 0;
  double last = 0;
};

/// Merges `rows` into tier `tier_id`, in the caller's transaction: a new
/// (series, bucket) is inserted, an existing one combined with it (counts
/// and sums added, min of mins, max of maxes, the earlier first and the
/// later last). One upsert per row; SQLite does the combining. first and
/// last keep their bit patterns (NaN payloads included).
status merge_rollups(database& db, int64_t tier_id,
                     std::span<const rollup_row> rows);

/// Receives one row (valid during the call).
using rollup_visitor = std::function<void(const rollup_row&)>;

/// Visits, with one SQL statement, the rows of tier `tier_id` for
/// `series_ids` with from <= bucket <= to, ordered by series_id, bucket.
status read_rollups(database& db, int64_t tier_id,
                    std::span<const uint64_t> series_ids, int64_t from,
                    int64_t to, const rollup_visitor& visit);

/// Deletes the rows of tier `tier_id` with bucket < first_kept.
status delete_rollups_before(database& db, int64_t tier_id, int64_t first_kept,
                             uint64_t& deleted);

/// The number of rows of tier `tier_id`.
status count_rollups(database& db, int64_t tier_id, uint64_t& rows);

} // namespace timeless::db
