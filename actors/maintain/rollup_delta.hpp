#pragma once

// What newly committed segments add to each rollup tier. Rollups merge
// changes instead of recomputing buckets: every segment is merged into a
// tier exactly once (the tier's watermark is the highest merged segment
// seq), so a late point updates its bucket and the buckets above it, and a
// bucket whose raw points or finer rows are already gone is never rebuilt
// from what is left (the original overwrote a day's row with two hours).

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "db/rollup_table.hpp"
#include "timeless/options.hpp"

namespace timeless::detail {

/// Adds point (ts, v) to a summary row; `r.count == 0` means empty. Ties
/// keep the first point for `first` and the last one for `last`.
void add_point(db::rollup_row& r, int64_t ts, double v);

/// Merges `x` (later in arrival order) into `r` with the rules of
/// db::merge_rollups.
void merge_row(db::rollup_row& r, const db::rollup_row& x);

/// Accumulates the changes of a run of segments for every tier. The
/// finest tier's changes come from the points, each coarser tier's from the
/// finer tier's changes (the cascade; tiers must be nested, see
/// validate_tiers).
class rollup_delta {
 public:
  /// `watermarks[i]` is tier i's: a segment with seq <= it is already in
  /// tier i and is not added there again. `created_seqs[i]` (all 0 if
  /// empty) is tier i's created_seq: a compacted segment with a higher seq
  /// holds only points tier i already has (see db/schema.cpp).
  rollup_delta(std::vector<tier_options> tiers,
               std::vector<uint64_t> watermarks,
               std::vector<uint64_t> created_seqs = {});

  /// Adds the points of one segment of `series` (any order); `compacted`
  /// if compaction wrote it (src_seq set).
  void add_segment(uint64_t series, uint64_t seq, std::span<const int64_t> ts,
                   std::span<const double> values, bool compacted = false);

  /// Rows of tier `i`, sorted by series and bucket; clears them.
  std::vector<db::rollup_row> take_rows(size_t i);

  size_t tier_count() const { return tiers_.size(); }

 private:
  struct key {
    uint64_t series;
    int64_t bucket;
    bool operator==(const key&) const = default;
  };
  struct key_hash {
    size_t operator()(const key& k) const {
      return std::hash<uint64_t>{}(k.series * 0x9E3779B97F4A7C15ull ^
                                   static_cast<uint64_t>(k.bucket));
    }
  };
  std::vector<tier_options> tiers_;
  std::vector<uint64_t> watermarks_;
  std::vector<uint64_t> created_;
  std::vector<std::unordered_map<key, db::rollup_row, key_hash>> rows_;
  std::vector<db::rollup_row> level_;
  std::vector<db::rollup_row> next_;
};

} // namespace timeless::detail
