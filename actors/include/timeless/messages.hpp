#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/atom.hpp>
#include <caf/meta/type_name.hpp>

#include "timeless/aggregate.hpp"
#include "timeless/labels.hpp"
#include "timeless/selector.hpp"
#include "timeless/version.hpp"

namespace timeless {

// -- atoms (at most 10 characters) --------------------------------------------

using write_atom = caf::atom_constant<caf::atom("write")>;
using resolve_atom = caf::atom_constant<caf::atom("resolve")>;
using query_atom = caf::atom_constant<caf::atom("query")>;
using agg_atom = caf::atom_constant<caf::atom("aggregate")>;
using latest_atom = caf::atom_constant<caf::atom("latest")>;
using info_atom = caf::atom_constant<caf::atom("info")>;
using metrics_atom = caf::atom_constant<caf::atom("metrics")>;
using lnames_atom = caf::atom_constant<caf::atom("labelnames")>;
using lvalues_atom = caf::atom_constant<caf::atom("labelvals")>;
using series_atom = caf::atom_constant<caf::atom("series")>;
using close_atom = caf::atom_constant<caf::atom("close")>;
using rollup_atom = caf::atom_constant<caf::atom("rollup")>;
using retention_atom = caf::atom_constant<caf::atom("retention")>;
using compact_atom = caf::atom_constant<caf::atom("compact")>;
using tier_atom = caf::atom_constant<caf::atom("tier")>;
using backup_atom = caf::atom_constant<caf::atom("backup")>;

// -- writes -------------------------------------------------------------------

/// One point of a series named by metric and labels. `ts` is in
/// milliseconds; `now_timestamp` means the store's clock.
struct sample {
  std::string metric;
  label_set labels;
  int64_t ts = 0;
  double value = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sample& x) {
  return f(caf::meta::type_name("timeless::sample"), x.metric, x.labels, x.ts,
           x.value);
}

/// A series named by metric and labels, for `resolve_atom`.
struct series_key {
  std::string metric;
  label_set labels;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, series_key& x) {
  return f(caf::meta::type_name("timeless::series_key"), x.metric, x.labels);
}

/// Points of already resolved series, columnar: the fast path. Point i is
/// (series[i], ts[i], values[i]); all three have the same length.
struct resolved_batch {
  std::vector<uint64_t> series;
  std::vector<int64_t> ts;
  std::vector<double> values;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, resolved_batch& x) {
  return f(caf::meta::type_name("timeless::resolved_batch"), x.series, x.ts,
           x.values);
}

// -- queries ------------------------------------------------------------------

/// Raw points of every series matching `sel` with from <= ts <= to.
struct raw_query {
  selector sel;
  int64_t from = INT64_MIN;
  int64_t to = INT64_MAX;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, raw_query& x) {
  return f(caf::meta::type_name("timeless::raw_query"), x.sel, x.from, x.to);
}

/// Bucketed aggregates of every series matching `sel`.
struct agg_query {
  selector sel;
  int64_t from = INT64_MIN;
  int64_t to = INT64_MAX;
  /// Bucket width in milliseconds (> 0); buckets are epoch-aligned.
  int64_t step = 60000;
  aggregate_fn fn = aggregate_fn::avg;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, agg_query& x) {
  return f(caf::meta::type_name("timeless::agg_query"), x.sel, x.from, x.to,
           x.step, x.fn);
}

/// One series of a raw answer: points sorted by time (equal timestamps keep
/// their arrival order).
struct series_points {
  std::string metric;
  label_set labels;
  std::vector<int64_t> ts;
  std::vector<double> values;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, series_points& x) {
  return f(caf::meta::type_name("timeless::series_points"), x.metric, x.labels,
           x.ts, x.values);
}

/// One series of an aggregate answer (non-empty buckets only).
struct series_buckets {
  std::string metric;
  label_set labels;
  std::vector<bucket_value> buckets;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, series_buckets& x) {
  return f(caf::meta::type_name("timeless::series_buckets"), x.metric, x.labels,
           x.buckets);
}

/// A series as listed by `series_atom`.
struct series_info {
  uint64_t id = 0;
  std::string metric;
  label_set labels;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, series_info& x) {
  return f(caf::meta::type_name("timeless::series_info"), x.id, x.metric,
           x.labels);
}

// -- rollup tiers -------------------------------------------------------------

/// Rows of one rollup tier for every series matching `sel` with
/// from <= bucket start <= to.
struct tier_query {
  std::string tier;
  selector sel;
  int64_t from = INT64_MIN;
  int64_t to = INT64_MAX;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, tier_query& x) {
  return f(caf::meta::type_name("timeless::tier_query"), x.tier, x.sel, x.from,
           x.to);
}

/// One bucket of a rollup tier: the summary of a series' points in it.
struct tier_bucket {
  /// The bucket's start (ms).
  int64_t bucket = 0;
  uint64_t count = 0;
  /// IEEE sum: NaN if a value was NaN (or +Inf met -Inf).
  double sum = 0;
  /// Over the non-NaN values; NaN if all were NaN.
  double min = 0;
  double max = 0;
  /// Values at the lowest and highest timestamp, and those timestamps.
  int64_t first_ts = 0;
  double first = 0;
  int64_t last_ts = 0;
  double last = 0;

  double avg() const { return sum / static_cast<double>(count); }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, tier_bucket& x) {
  return f(caf::meta::type_name("timeless::tier_bucket"), x.bucket, x.count,
           x.sum, x.min, x.max, x.first_ts, x.first, x.last_ts, x.last);
}

/// One series of a tier answer.
struct series_tier {
  std::string metric;
  label_set labels;
  std::vector<tier_bucket> buckets;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, series_tier& x) {
  return f(caf::meta::type_name("timeless::series_tier"), x.metric, x.labels,
           x.buckets);
}

/// What `rollup_atom` did.
struct rollup_report {
  /// Segments read (each once, however many tiers took it).
  uint64_t segments = 0;
  uint64_t points = 0;
  /// Tier rows inserted or updated.
  uint64_t rows = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, rollup_report& x) {
  return f(caf::meta::type_name("timeless::rollup_report"), x.segments,
           x.points, x.rows);
}

/// What `compact_atom` did.
struct compaction_report {
  /// Small segments replaced, by `segments_written` merged ones.
  uint64_t segments_replaced = 0;
  uint64_t segments_written = 0;
  /// Points in the merged segments.
  uint64_t points = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, compaction_report& x) {
  return f(caf::meta::type_name("timeless::compaction_report"),
           x.segments_replaced, x.segments_written, x.points);
}

/// What `backup_atom` copied (docs/format.md "Backups").
struct backup_report {
  /// The backup directory.
  std::string path;
  /// Files copied (the manifest not counted) and their bytes.
  uint64_t files = 0;
  uint64_t bytes = 0;
  /// Time from the request to the written manifest, checkpoint included.
  int64_t duration_ms = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, backup_report& x) {
  return f(caf::meta::type_name("timeless::backup_report"), x.path, x.files,
           x.bytes, x.duration_ms);
}

/// What `retention_atom` deleted.
struct retention_report {
  /// Raw points before this time (ms) were due: the start of the finest
  /// tier's bucket holding now - raw retention; INT64_MIN with raw
  /// retention forever.
  int64_t raw_cutoff = INT64_MIN;
  uint64_t segments = 0;
  uint64_t tier_rows = 0;
  /// Series removed because none of their data remained anywhere.
  uint64_t series = 0;
  /// Bytes returned to the file system by the incremental vacuum.
  uint64_t bytes_reclaimed = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, retention_report& x) {
  return f(caf::meta::type_name("timeless::retention_report"), x.raw_cutoff,
           x.segments, x.tier_rows, x.series, x.bytes_reclaimed);
}

/// A tier as `info_atom` reports it.
struct tier_info {
  std::string name;
  int64_t resolution_ms = 0;
  bool calendar_months = false;
  int64_t retention_ms = 0;
  /// Highest segment seq merged into the tier.
  uint64_t watermark = 0;
  uint64_t rows = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, tier_info& x) {
  return f(caf::meta::type_name("timeless::tier_info"), x.name, x.resolution_ms,
           x.calendar_months, x.retention_ms, x.watermark, x.rows);
}

/// What `info_atom` reports.
struct store_info {
  uint64_t series = 0;
  /// Points in SQLite segments (closed, checkpointed).
  uint64_t stored_points = 0;
  uint64_t segments = 0;
  /// Points only in memory (and the write-ahead log): buffers, open and
  /// not yet checkpointed segments.
  uint64_t buffered_points = 0;
  /// Bytes of SQLite segment blobs (their true length).
  uint64_t segment_bytes = 0;
  /// Every byte of every file in the data directory.
  uint64_t bytes_on_disk = 0;
  /// bytes_on_disk / (stored_points + buffered_points), 0 when empty.
  double bytes_per_point = 0;
  uint32_t shards = 0;
  /// Batches refused with `errc::backpressure` since open.
  uint64_t refused_batches = 0;
  std::string data_dir;
  int64_t raw_retention_ms = 0;
  /// Raw points before this time (ms) may be deleted (aggregates read tiers
  /// there); INT64_MIN until retention first deletes segments.
  int64_t raw_horizon = INT64_MIN;
  /// Highest segment seq committed.
  uint64_t segment_seq = 0;
  std::vector<tier_info> tiers;
  /// Rows of the catalog (catalog.db) skipped since open because their
  /// checksum did not match (each counted once).
  uint64_t catalog_damaged_rows = 0;
  /// The SQLite schema version of the store's file: opening a store
  /// migrates its file to this build's version (or refuses a newer one), so
  /// an open store is always at `timeless::schema_version`.
  int64_t schema_version = timeless::schema_version;
  /// The newest segment format version the store writes (older segments
  /// keep theirs; every version from `min_segment_format_version` is read).
  uint32_t segment_format_version = timeless::segment_format_version;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, store_info& x) {
  return f(caf::meta::type_name("timeless::store_info"), x.series,
           x.stored_points, x.segments, x.buffered_points, x.segment_bytes,
           x.bytes_on_disk, x.bytes_per_point, x.shards, x.refused_batches,
           x.data_dir, x.raw_retention_ms, x.raw_horizon, x.segment_seq,
           x.tiers, x.catalog_damaged_rows, x.schema_version,
           x.segment_format_version);
}

} // namespace timeless
