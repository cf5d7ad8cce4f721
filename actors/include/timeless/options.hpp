#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "timeless/labels.hpp"

namespace timeless {

/// When an acknowledged point is durable.
enum class durability : uint8_t {
  /// A batch is acknowledged once accepted; each shard appends it to its
  /// write-ahead log with one write(2) and syncs the log every
  /// `flush_interval`. Loss window: a process crash (kill -9) loses nothing
  /// the shard already appended (the OS keeps it); a machine crash loses at
  /// most the last `flush_interval` of acknowledged points.
  async,
  /// A batch is acknowledged only after its log records are fdatasync'ed:
  /// nothing acknowledged is ever lost. Slower.
  sync,
};

/// Switches for the seed's fixes, all on by default. Each exists so the
/// ablation benchmark can measure the store with one of them switched off.
struct ablation_switches {
  /// Group a batch by shard and send one message per shard (off: one
  /// message per point, as the original's per-point cast).
  bool bulk_write = true;
  /// Flush a shard by moving its whole buffer in one message (off: one
  /// message per series).
  bool single_pass_flush = true;
  /// Cache prepared statements (off: prepare every statement anew).
  bool statement_cache = true;
  /// Route points to the segment builder of their shard (off: every shard
  /// hands its points to builder 0, the original's single builder).
  bool sharded_builders = true;
  /// Read all series of a multi-series query with one SQL statement (off:
  /// one statement per series).
  bool one_query_multi_read = true;
};

/// Retention meaning "keep forever".
inline constexpr int64_t retention_forever = INT64_MAX;

/// One rollup tier: per series and bucket, avg, min, max, count, sum, first
/// and last of the points in the bucket. Tier k (k > 0) is computed from
/// tier k-1, tier 0 from raw points.
struct tier_options {
  /// Name (letters, digits, '_'; at most 32 characters), e.g. "hourly".
  std::string name;
  /// Bucket width in milliseconds (epoch-aligned, UTC). Ignored when
  /// `calendar_months` is set.
  int64_t resolution_ms = 3600 * 1000;
  /// Buckets are calendar months (UTC), not fixed-width spans.
  bool calendar_months = false;
  /// Rows whose bucket ends more than this long before now are deleted.
  int64_t retention_ms = retention_forever;
};

/// The original's default tiers: hourly kept 30 days, daily kept 365 days,
/// monthly (calendar months) kept forever.
std::vector<tier_options> default_tiers();

/// How a store is opened. Every field has a usable default except
/// `data_dir`.
struct store_options {
  /// Directory of the store; created if missing. Holds `timeless.db`
  /// (SQLite), `wal/` (write-ahead logs) and `LOCK`.
  std::string data_dir;
  /// Buffer shards and segment builders (one builder per shard). 0 picks
  /// the number of cores. May change between runs: series ids are stable
  /// and data is never bound to a shard index.
  uint32_t shards = 0;
  /// Width of a segment's time bucket (epoch-aligned), in milliseconds.
  int64_t segment_duration_ms = 4 * 3600 * 1000;
  /// Closed segments of one series written in one checkpoint (and later by
  /// compaction) are merged into blocks of at most this many points (fewer
  /// SQLite rows), spanning at most a quarter of `raw_retention_ms`:
  /// retention deletes whole blocks, so raw points outlive their retention
  /// by at most that.
  uint32_t block_points = 4096;
  /// A segment closes once its series has a point this much past the
  /// segment's end (late points within the grace join it), or once the
  /// wall clock is a whole segment duration past its end.
  int64_t close_grace_ms = 5 * 60 * 1000;
  /// A shard hands its buffer to its builder at this many points ...
  uint32_t flush_threshold = 10000;
  /// ... or at this interval, and syncs its write-ahead log then.
  std::chrono::milliseconds flush_interval{1000};
  /// Segments reach SQLite at checkpoints: at this interval, when a
  /// shard's write-ahead log passes `wal_rotate_bytes`, on `flush` with
  /// checkpoint requested, and at close.
  std::chrono::milliseconds checkpoint_interval{10000};
  uint64_t wal_rotate_bytes = 64ull << 20;
  durability mode = durability::async;
  /// Backpressure: a write is refused with `errc::backpressure` while a
  /// shard or builder has this many unprocessed batches, or the writer this
  /// many uncommitted checkpoints, or a shard's log holds more than
  /// 4 x `wal_rotate_bytes` not yet checkpointed.
  uint32_t max_backlog = 64;
  /// Query workers, each with its own read-only SQLite connection.
  /// 0 picks the number of shards.
  uint32_t readers = 0;
  /// Raw points older than this (by point time, against the store's clock)
  /// are deleted by retention, once every tier has rolled them up; whole
  /// stored blocks go, once their last point is older than the start of
  /// the finest tier's bucket holding now - raw_retention_ms.
  int64_t raw_retention_ms = 7 * 86400 * 1000ll;
  /// Rollup tiers, finest first. Empty: no rollups.
  std::vector<tier_options> tiers = default_tiers();
  /// Rollups run at this interval (0: only on demand).
  std::chrono::milliseconds rollup_interval{60 * 1000};
  /// Retention runs at this interval (0: only on demand).
  std::chrono::milliseconds retention_interval{3600 * 1000};
  /// Compaction (rollups first, then merging small segments into blocks of
  /// `block_points`) runs at this interval (0: only on demand).
  std::chrono::milliseconds compaction_interval{300 * 1000};
  /// Limits on metric and label names and values.
  name_limits limits;
  /// The clock (milliseconds since the epoch) for "now": default timestamps,
  /// idle-segment closing and the cutoffs of retention. Tests inject their
  /// own to run months of rollups and retention in seconds.
  std::function<int64_t()> clock;
  ablation_switches ablation;
};

/// Timestamp value meaning "now" in a sample.
inline constexpr int64_t now_timestamp = INT64_MIN;

} // namespace timeless
