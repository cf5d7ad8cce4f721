// The SQLite schema of a Timeless store, version 4 (see also docs/format.md).
//
// One SQLite file per store. Every connection sets, on open:
//
//   page_size=4096           new files only, before the first table; chosen
//                            by measuring file bytes per point (files made
//                            before version 4 keep 32768)
//   auto_vacuum=INCREMENTAL  new files only, before the first table; lets
//                            `PRAGMA incremental_vacuum` return free pages
//   journal_mode=WAL         persistent in the file; readers run concurrently
//                            with the one writer
//   synchronous=NORMAL       writer; OFF or FULL by open_options::sync
//   journal_size_limit=64MiB writer; truncates the -wal file after checkpoints
//   busy_timeout=5000        ms (sqlite3_busy_timeout)
//   temp_store=MEMORY
//   cache_size=-65536        writer (64 MiB); -16384 (16 MiB) on readers
//
// Readers open with SQLITE_OPEN_READONLY and require WAL mode and exactly
// this schema version. Integers are SQLite INTEGERs (signed 64-bit);
// timestamps are int64 milliseconds since the Unix epoch; ids and seqs are
// unsigned 64-bit values below 2^63.
//
// meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID
//   Small key/value table; value is an INTEGER or TEXT. Keys:
//     'schema_version'   INTEGER, the version of this file (4).
//     'segment_max_span' INTEGER, max(end_ts - start_ts) over every segment
//                        ever inserted (never lowered); absent before the
//                        first segment.
//     'segment_max_seq'  INTEGER, the largest seq of any segment ever
//                        inserted (never lowered); absent before the first
//                        segment.
//     'wal_gen.<shard>'  INTEGER, see actors/write/writer.cpp.
//     'raw_horizon'      INTEGER, the highest cutoff retention has applied
//                        to segments (never lowered): raw points before it
//                        may be gone, so queries read tiers there; absent
//                        until retention first deletes segments.
//     'series_next_id'   INTEGER, one more than the highest id of a series
//                        retention removed (ids are never reused).
//     'compact_mark'     INTEGER, every segment with seq <= it has been
//                        looked at by compaction (version 3); absent before
//                        the first compaction.
//
// series(id INTEGER PRIMARY KEY, metric TEXT NOT NULL,
//        labels BLOB NOT NULL, UNIQUE(metric, labels))
//   The series registry. `id` is assigned by the engine; `labels` holds the
//   engine's canonical label encoding, opaque here.
//
// segments(series_id INTEGER NOT NULL, start_ts INTEGER NOT NULL,
//          end_ts INTEGER NOT NULL, seq INTEGER PRIMARY KEY,
//          point_count INTEGER NOT NULL, src_seq INTEGER,
//          pack INTEGER NOT NULL, pack_off INTEGER NOT NULL,
//          pack_len INTEGER NOT NULL)
// INDEX segments_by_series ON segments(series_id, start_ts)
//   Closed segments. start_ts/end_ts are the timestamps of the first and last
//   point, point_count the number of points, seq the engine's sequence number
//   (unique and increasing in commit order; two segments of a series may
//   start at the same timestamp and are both kept). The codec's blob is
//   bytes [pack_off, pack_off + pack_len) of packs.data where packs.id =
//   pack (version 4; before, a `data BLOB` column). src_seq (version 3) is
//   NULL for a segment as the engine wrote it; compaction replaces adjacent
//   small segments of a series by one row with a new seq whose src_seq is
//   the highest seq of the rows it replaced (< seq). Readers order and fence
//   a row by coalesce(src_seq, seq), its place in arrival order. seq is the
//   rowid: rows are appended in commit order, so the table's leaves fill
//   completely, rollups find the rows committed after their watermark with
//   a rowid range scan, and the index (series_id, start_ts, rowid) serves
//   the per-series range scans.
//
// packs(id INTEGER PRIMARY KEY, data BLOB NOT NULL, live INTEGER NOT NULL)
//   Version 4. The blobs of the segments one transaction inserts,
//   concatenated in insertion order into packs of up to 256 KiB
//   (db/pack_table.hpp): a pack's overflow pages are full, where one row per
//   blob left the end of most pages empty. live is the number of bytes of
//   data that segments still refer to; a pack is deleted in the transaction
//   that takes it to 0. Bytes no segment refers to are dead until then.
//
// open_segments(shard INTEGER NOT NULL, series_id INTEGER NOT NULL,
//               start_ts INTEGER NOT NULL, data BLOB NOT NULL,
//               PRIMARY KEY(shard, series_id, start_ts)) WITHOUT ROWID
//   Recovery snapshots of the segments still open in memory: one set per
//   engine shard, replaced wholesale at every checkpoint.
//
// metric_metadata(metric TEXT PRIMARY KEY,
//                 type TEXT NOT NULL DEFAULT 'gauge', unit TEXT,
//                 description TEXT) WITHOUT ROWID
//   Per-metric metadata.
//
// tiers(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
//       resolution_ms INTEGER NOT NULL, calendar_months INTEGER NOT NULL,
//       retention_ms INTEGER NOT NULL, watermark INTEGER NOT NULL,
//       created_seq INTEGER NOT NULL DEFAULT 0)
//   The rollup tiers the store was opened with (version 2). resolution_ms is
//   the bucket width (0 with calendar_months = 1: UTC calendar months),
//   retention_ms how long rows are kept (2^63 - 1: forever), watermark the
//   highest segment seq whose points are merged into the tier's rows (every
//   segment with seq <= watermark is, none above it is). A compacted row
//   (src_seq not NULL) counts like any other row if its seq <= created_seq
//   (it is older than the tier); a newer one never enters the tier, because
//   compaction merges only rows every tier already holds.
//   created_seq (version 3) is 'segment_max_seq' when the tier was added,
//   0 for tiers older than version 3 (no compacted row predates them).
//
// rollups(tier_id INTEGER NOT NULL, series_id INTEGER NOT NULL,
//         bucket INTEGER NOT NULL, count INTEGER NOT NULL, sum REAL,
//         min REAL, max REAL, first_ts INTEGER NOT NULL,
//         first INTEGER NOT NULL, last_ts INTEGER NOT NULL,
//         last INTEGER NOT NULL,
//         PRIMARY KEY(tier_id, series_id, bucket)) WITHOUT ROWID
//   One row per tier, series and non-empty bucket (version 2). bucket is the
//   bucket's start (ms); count the points; sum their IEEE sum (NULL: NaN,
//   as SQLite stores NaN as NULL); min/max over the non-NaN values (NULL:
//   every value was NaN); first/last the value at the lowest/highest
//   timestamp as its IEEE-754 bit pattern (a signed INTEGER, so NaN payloads
//   survive) with those timestamps. avg is sum / count, computed on read.
//
// Migrations: migrations()[i] moves a file from version i to i + 1 inside
// BEGIN IMMEDIATE ... COMMIT together with the new 'schema_version'. A file
// of a newer version than `schema_version` is refused.

#include "db/schema.hpp"

#include <cassert>
#include <string>

#include "db/meta_table.hpp"
#include "db/pack_table.hpp"
#include "db/reclaim.hpp"

namespace timeless::db {

namespace {

status migrate_0_to_1(database& db) {
  return db.exec(
      "CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
      "CREATE TABLE series(id INTEGER PRIMARY KEY, metric TEXT NOT NULL,"
      " labels BLOB NOT NULL, UNIQUE(metric, labels));"
      "CREATE TABLE segments(series_id INTEGER NOT NULL,"
      " start_ts INTEGER NOT NULL, end_ts INTEGER NOT NULL,"
      " seq INTEGER NOT NULL, point_count INTEGER NOT NULL,"
      " data BLOB NOT NULL, PRIMARY KEY(series_id, start_ts, seq));"
      "CREATE TABLE open_segments(shard INTEGER NOT NULL,"
      " series_id INTEGER NOT NULL, start_ts INTEGER NOT NULL,"
      " data BLOB NOT NULL, PRIMARY KEY(shard, series_id, start_ts))"
      " WITHOUT ROWID;"
      "CREATE TABLE metric_metadata(metric TEXT PRIMARY KEY,"
      " type TEXT NOT NULL DEFAULT 'gauge', unit TEXT, description TEXT)"
      " WITHOUT ROWID;");
}

status migrate_1_to_2(database& db) {
  return db.exec(
      "CREATE TABLE segments_v2(series_id INTEGER NOT NULL,"
      " start_ts INTEGER NOT NULL, end_ts INTEGER NOT NULL,"
      " seq INTEGER PRIMARY KEY, point_count INTEGER NOT NULL,"
      " data BLOB NOT NULL);"
      "INSERT INTO segments_v2 SELECT series_id, start_ts, end_ts, seq,"
      " point_count, data FROM segments ORDER BY seq;"
      "DROP TABLE segments;"
      "ALTER TABLE segments_v2 RENAME TO segments;"
      "CREATE INDEX segments_by_series ON segments(series_id, start_ts);"
      "CREATE TABLE tiers(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
      " resolution_ms INTEGER NOT NULL, calendar_months INTEGER NOT NULL,"
      " retention_ms INTEGER NOT NULL, watermark INTEGER NOT NULL);"
      "CREATE TABLE rollups(tier_id INTEGER NOT NULL,"
      " series_id INTEGER NOT NULL, bucket INTEGER NOT NULL,"
      " count INTEGER NOT NULL, sum REAL, min REAL, max REAL,"
      " first_ts INTEGER NOT NULL, first INTEGER NOT NULL,"
      " last_ts INTEGER NOT NULL, last INTEGER NOT NULL,"
      " PRIMARY KEY(tier_id, series_id, bucket)) WITHOUT ROWID;");
}

status migrate_2_to_3(database& db) {
  return db.exec("ALTER TABLE segments ADD COLUMN src_seq INTEGER;"
                 "ALTER TABLE tiers ADD COLUMN created_seq INTEGER NOT NULL"
                 " DEFAULT 0;");
}

status migrate_3_to_4(database& db) {
  if (auto st = db.exec(
          "CREATE TABLE packs(id INTEGER PRIMARY KEY, data BLOB NOT NULL,"
          " live INTEGER NOT NULL);"
          "CREATE TABLE segments_v4(series_id INTEGER NOT NULL,"
          " start_ts INTEGER NOT NULL, end_ts INTEGER NOT NULL,"
          " seq INTEGER PRIMARY KEY, point_count INTEGER NOT NULL,"
          " src_seq INTEGER, pack INTEGER NOT NULL, pack_off INTEGER NOT NULL,"
          " pack_len INTEGER NOT NULL);");
      !st.is_ok())
    return st;
  // The blobs move into packs in seq order, as the engine would have
  // written them.
  status st;
  auto* rows = db.prepare_cached(
      "SELECT series_id, start_ts, end_ts, seq, point_count, src_seq, data"
      " FROM segments ORDER BY seq",
      st);
  if (rows == nullptr)
    return st;
  auto* insert = db.prepare_cached(
      "INSERT INTO segments_v4 VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", st);
  if (insert == nullptr)
    return st;
  {
    scoped_reset guard{rows};
    pack_writer packs{db};
    st = for_each_row(*rows, [&](statement&) -> status {
      auto blob = rows->column_blob(6);
      int64_t pack = 0;
      int64_t offset = 0;
      if (st = packs.add(blob, pack, offset); !st.is_ok())
        return st;
      scoped_reset guard_insert{insert};
      for (int i = 0; i < 5; ++i)
        insert->bind_int64(i + 1, rows->column_int64(i));
      if (rows->column_is_null(5))
        insert->bind_null(6);
      else
        insert->bind_int64(6, rows->column_int64(5));
      insert->bind_int64(7, pack);
      insert->bind_int64(8, offset);
      insert->bind_int64(9, static_cast<int64_t>(blob.size()));
      if (st = insert->run(); !st.is_ok())
        return st;
      return status::ok();
    });
    if (!st.is_ok())
      return st;
    if (st = packs.finish(); !st.is_ok())
      return st;
  }
  return db.exec("DROP TABLE segments;"
                 "ALTER TABLE segments_v4 RENAME TO segments;"
                 "CREATE INDEX segments_by_series ON segments(series_id,"
                 " start_ts);");
}

constexpr migration all_migrations[] = {migrate_0_to_1, migrate_1_to_2,
                                        migrate_2_to_3, migrate_3_to_4};

static_assert(std::size(all_migrations) == schema_version,
              "one migration per schema version");

status version_mismatch(database& db, int64_t found) {
  std::string msg = db.path() + ": schema version " + std::to_string(found);
  if (found > schema_version)
    msg += " is newer than this build supports (" +
           std::to_string(schema_version) + "); use a newer Timeless";
  else
    msg += " is older than this build's (" + std::to_string(schema_version) +
           "); open the store read-write to migrate it";
  return status::invalid_argument(std::move(msg));
}

} // namespace

std::span<const migration> migrations() {
  return all_migrations;
}

status read_schema_version(database& db, int64_t& version) {
  status st;
  auto* stmt = db.prepare_cached(
      "SELECT (SELECT count(*) FROM sqlite_schema WHERE name = 'meta'),"
      " (SELECT count(*) FROM sqlite_schema)",
      st);
  if (stmt == nullptr)
    return st;
  int64_t has_meta = 0;
  int64_t objects = 0;
  {
    scoped_reset guard{stmt};
    bool row = false;
    if (st = stmt->step(row); !st.is_ok())
      return st;
    assert(row);
    has_meta = stmt->column_int64(0);
    objects = stmt->column_int64(1);
  }
  if (has_meta == 0) {
    if (objects != 0)
      return status::corruption(db.path() +
                                ": not a Timeless store (no meta table)");
    version = 0;
    return status::ok();
  }
  st = get_meta(db, meta_key::schema_version, version);
  if (st.is_not_found())
    return status::corruption(db.path() + ": meta table has no '" +
                              std::string{meta_key::schema_version} + "'");
  return st;
}

status migrate(database& db) {
  int64_t version = 0;
  if (auto st = read_schema_version(db, version); !st.is_ok())
    return st;
  if (version > schema_version)
    return version_mismatch(db, version);
  for (auto v = version; v < schema_version; ++v) {
    auto st = with_transaction(db, [&db, v] {
      // Another writer may have migrated since the check; re-read inside
      // the write lock.
      int64_t now = 0;
      if (auto st = read_schema_version(db, now); !st.is_ok())
        return st;
      if (now != v)
        return now > v ? status::ok() : version_mismatch(db, now);
      if (auto st = all_migrations[v](db); !st.is_ok())
        return st;
      return put_meta(db, meta_key::schema_version, v + 1);
    });
    if (!st.is_ok())
      return st;
  }
  // A migration that rebuilt a table (3 -> 4 moves every blob) leaves the
  // old pages free: give them back.
  if (version > 0 && version < schema_version) {
    uint64_t freed = 0;
    if (auto st = reclaim_free_pages(db, freed); !st.is_ok())
      return st;
  }
  return check_schema_version(db);
}

status check_schema_version(database& db) {
  int64_t version = 0;
  if (auto st = read_schema_version(db, version); !st.is_ok())
    return st;
  if (version != schema_version)
    return version_mismatch(db, version);
  return status::ok();
}

} // namespace timeless::db
