#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "db/database.hpp"
#include "db/status.hpp"

namespace timeless::db {

/// One closed (final) segment: the codec's blob of one series' points.
struct segment_row {
  uint64_t series_id;
  /// Timestamps of the first and last point (ms); start_ts <= end_ts.
  int64_t start_ts;
  int64_t end_ts;
  uint32_t point_count;
  /// The engine's sequence number: unique, increasing in commit order.
  uint64_t seq;
  std::vector<uint8_t> data;
  /// 0 for a segment as the engine wrote it; for a compacted segment the
  /// highest seq of the segments it replaced (< seq): its place in arrival
  /// order (see db/schema.cpp).
  uint64_t src_seq = 0;
};

/// Inserts `rows` in the caller's transaction and raises the meta values
/// `segment_max_span` and `segment_max_seq` if needed. seq is unique across
/// the table (it is the rowid). Never replaces a stored row: a row whose seq
/// is already stored with identical contents is skipped (idempotent replay);
/// with different contents it is rejected with invalid_argument naming the
/// key. A seq of 0 is invalid_argument. start_ts > end_ts, a span
/// end_ts - start_ts beyond int64, an id or seq of 2^63 or more, or a
/// src_seq not below seq, is invalid_argument.
status insert_segments(database& db, std::span<const segment_row> rows);

/// Receives one segment; `blob` is valid only during the call. `arrival` is
/// its place in arrival order (seq, or src_seq for a compacted segment).
using segment_visitor = std::function<void(
    uint64_t series_id, int64_t start_ts, int64_t end_ts, uint32_t point_count,
    uint64_t seq, uint64_t arrival, std::span<const uint8_t> blob)>;

/// Visits, with one SQL statement for all of `series_ids`, every segment with
/// end_ts >= from AND start_ts <= to AND arrival <= max_seq, ordered by
/// series_id, start_ts, seq. The primary-key range scan of each series starts
/// at from - segment_max_span, so it does not read a series' whole history.
/// Duplicate ids are visited once.
status read_segments(database& db, std::span<const uint64_t> series_ids,
                     int64_t from, int64_t to, uint64_t max_seq,
                     const segment_visitor& visit);

/// Visits, in seq order, at most `limit` segments with seq > after_seq: the
/// rows committed after a rollup watermark (a rowid range scan).
status read_segments_after(database& db, uint64_t after_seq, size_t limit,
                           const segment_visitor& visit);

/// Deletes every segment with end_ts < cutoff and seq <= max_seq (retention
/// of segments already rolled up); `deleted` is the number of rows removed.
status delete_segments_ending_before(database& db, int64_t cutoff,
                                     uint64_t max_seq, uint64_t& deleted);

/// A segment compaction may merge: one with seq in (after_seq, max_seq]
/// and fewer than `below_points` points.
struct compaction_candidate {
  uint64_t series_id;
  int64_t start_ts;
};

/// Scans, in seq order, at most `limit` segments with seq in (after_seq,
/// max_seq] and appends those with point_count < below_points to `out`.
/// `scanned_to` is the seq up to which every segment was scanned (max_seq
/// when fewer than `limit` rows were left).
status read_compaction_candidates(database& db, uint64_t after_seq,
                                  uint64_t max_seq, uint32_t below_points,
                                  size_t limit,
                                  std::vector<compaction_candidate>& out,
                                  uint64_t& scanned_to);

/// The start_ts of the last segment of `series_id` (by start_ts, seq)
/// that starts before `ts`; not_found if there is none.
status read_start_before(database& db, uint64_t series_id, int64_t ts,
                         int64_t& start_ts);

/// Segments of one series that compaction replaces by `merged`.
struct compaction_group {
  std::vector<uint64_t> inputs;
  segment_row merged;
};

/// In one transaction: for each group whose inputs are all still stored,
/// deletes them and inserts `merged` with seq `next_seq++` (its src_seq
/// must be set; `merged` is moved from); skips a group any of whose inputs is
/// gone (retention ran in between). Then raises the meta value `compact_mark`
/// to `mark`. `replaced` and `written` count the rows deleted and inserted,
/// `points` the points of the rows inserted.
status replace_segments(database& db, std::span<compaction_group> groups,
                        uint64_t mark, uint64_t& next_seq, uint64_t& replaced,
                        uint64_t& written, uint64_t& points);

/// The meta value `compact_mark` (0 before the first compaction).
uint64_t compaction_mark(database& db);

/// The largest seq ever inserted (kept in the meta table, so deleting
/// segments does not lower it); 0 before the first segment or on error.
uint64_t max_segment_seq(database& db);

} // namespace timeless::db
