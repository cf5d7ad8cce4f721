#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "codec/segment_codec.hpp"
#include "db/open_segment_table.hpp"
#include "db/segment_table.hpp"

namespace timeless::detail {

/// When segments close and how they are cut into rows.
struct buffer_policy {
  /// Segment bucket width (epoch-aligned), milliseconds.
  int64_t segment_ms = 4 * 3600 * 1000;
  /// A segment closes once its series has a point this far past its end.
  int64_t grace_ms = 5 * 60 * 1000;
  /// Closed segments of a series merge into rows of at most this many
  /// points ...
  uint32_t block_points = 4096;
  /// ... spanning at most this many ms from first to last point (0: no
  /// limit). Retention deletes whole rows, so a row this long outlives raw
  /// retention by up to this much.
  int64_t block_span_ms = 0;
};

/// Points of one series, in arrival order until sealed.
struct point_run {
  std::vector<int64_t> ts;
  std::vector<double> values;
};

/// The in-memory part of one segment builder: every point of its series
/// that is not yet in SQLite. Points land in open segments (one per series
/// and time bucket); a segment is sealed once closed; sealed segments are
/// encoded into SQLite rows at a checkpoint and dropped when the writer
/// reports the checkpoint committed. Not thread-safe: owned by one actor.
class series_buffer {
 public:
  explicit series_buffer(buffer_policy policy);

  /// Adds one point. Hot path: one hash lookup, amortized O(1).
  void add(uint64_t series, int64_t ts, double value);

  /// Adds columns of points (all three spans of equal length).
  void add(std::span<const uint64_t> series, std::span<const int64_t> ts,
           std::span<const double> values);

  /// Seals every open segment that is closed at wall-clock `now`: its
  /// series has a point `grace_ms` past its end, or `now` is a whole
  /// segment past its end.
  void seal_closed(int64_t now);

  /// Seals every open segment (before a clean close).
  void seal_all();

  /// Encodes the rows of checkpoint `tag` (> every earlier tag): every
  /// sealed segment not yet sent, merged per series into blocks, becomes
  /// a row of `closed` (seq left 0 for the writer); every open segment
  /// becomes a snapshot row of `open` for shard `shard`. Sent segments stay
  /// readable here until `committed(tag)`.
  void checkpoint(uint64_t tag, uint32_t shard, codec::segment_encoder& enc,
                  std::vector<db::segment_row>& closed,
                  std::vector<db::open_segment_row>& open);

  /// Drops the sealed segments sent with a checkpoint tag <= `tag`.
  void committed(uint64_t tag);

  /// Marks the sealed segments sent with checkpoint `tag` unsent again
  /// (its commit failed; the next checkpoint retries them).
  void uncommit(uint64_t tag);

  /// Appends the points of `series` with from <= ts <= to (in no
  /// particular order).
  void collect(uint64_t series, int64_t from, int64_t to,
               std::vector<int64_t>& ts, std::vector<double>& values) const;

  /// Points held (open and sealed).
  uint64_t points() const { return points_; }

  /// Series with at least one point held.
  size_t series_count() const { return series_.size(); }

 private:
  struct open_segment {
    int64_t bucket;
    point_run run;
  };

  struct sealed_segment {
    point_run run;
    /// Checkpoint tag that carried it to the writer; 0 while unsent.
    uint64_t tag = 0;
  };

  struct series_state {
    std::vector<open_segment> open;
    std::vector<sealed_segment> sealed;
    int64_t max_ts = INT64_MIN;
  };

  int64_t bucket_of(int64_t ts) const;
  void seal(series_state& st, size_t open_index);

  buffer_policy policy_;
  std::unordered_map<uint64_t, series_state> series_;
  uint64_t points_ = 0;
  /// Reused scratch for sorting and encoding.
  point_run scratch_;
  std::vector<uint32_t> order_;
};

} // namespace timeless::detail
