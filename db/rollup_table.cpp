#include "db/rollup_table.hpp"

#include <bit>
#include <cmath>
#include <limits>
#include <sqlite3.h>
#include <string>

namespace timeless::db {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// SQLite stores NaN as NULL; bind it so explicitly.
void bind_real(statement& stmt, int index, double value) {
  if (std::isnan(value))
    stmt.bind_null(index);
  else
    stmt.bind_double(index, value);
}

double column_real(statement& stmt, int col) {
  return stmt.column_is_null(col) ? nan : stmt.column_double(col);
}

} // namespace

status merge_rollups(database& db, int64_t tier_id,
                     std::span<const rollup_row> rows) {
  if (rows.empty())
    return status::ok();
  // Every expression on the right of SET sees the row's old values.
  status st;
  auto* stmt = db.prepare_cached(
      "INSERT INTO rollups(tier_id, series_id, bucket, count, sum, min, max,"
      " first_ts, first, last_ts, last)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
      " ON CONFLICT(tier_id, series_id, bucket) DO UPDATE SET"
      " count = count + excluded.count,"
      " sum = sum + excluded.sum,"
      " min = CASE WHEN min IS NULL THEN excluded.min"
      "  WHEN excluded.min IS NULL THEN min ELSE min(min, excluded.min) END,"
      " max = CASE WHEN max IS NULL THEN excluded.max"
      "  WHEN excluded.max IS NULL THEN max ELSE max(max, excluded.max) END,"
      " first = CASE WHEN excluded.first_ts < first_ts THEN excluded.first"
      "  ELSE first END,"
      " first_ts = min(first_ts, excluded.first_ts),"
      " last = CASE WHEN excluded.last_ts >= last_ts THEN excluded.last"
      "  ELSE last END,"
      " last_ts = max(last_ts, excluded.last_ts)",
      st);
  if (stmt == nullptr)
    return st;
  for (auto& r : rows) {
    if (r.series_id > static_cast<uint64_t>(INT64_MAX) || r.count == 0 ||
        r.count > static_cast<uint64_t>(INT64_MAX) || r.first_ts > r.last_ts)
      return status::invalid_argument(
          db.path() + ": rollup row (tier " + std::to_string(tier_id) +
          ", series " + std::to_string(r.series_id) + ", bucket " +
          std::to_string(r.bucket) +
          ") has a bad id, a zero count or first_ts after last_ts");
    scoped_reset guard{stmt};
    stmt->bind_int64(1, tier_id);
    stmt->bind_int64(2, static_cast<int64_t>(r.series_id));
    stmt->bind_int64(3, r.bucket);
    stmt->bind_int64(4, static_cast<int64_t>(r.count));
    bind_real(*stmt, 5, r.sum);
    bind_real(*stmt, 6, r.min);
    bind_real(*stmt, 7, r.max);
    stmt->bind_int64(8, r.first_ts);
    stmt->bind_int64(9, std::bit_cast<int64_t>(r.first));
    stmt->bind_int64(10, r.last_ts);
    stmt->bind_int64(11, std::bit_cast<int64_t>(r.last));
    if (st = stmt->run(); !st.is_ok())
      return st;
  }
  return status::ok();
}

status read_rollups(database& db, int64_t tier_id,
                    std::span<const uint64_t> series_ids, int64_t from,
                    int64_t to, const rollup_visitor& visit) {
  if (series_ids.empty() || from > to)
    return status::ok();
  status st;
  auto* stmt = db.prepare_cached(
      "SELECT series_id, bucket, count, sum, min, max, first_ts, first,"
      " last_ts, last FROM rollups"
      " WHERE tier_id = ?1 AND series_id IN (SELECT value FROM json_each(?2))"
      " AND bucket >= ?3 AND bucket <= ?4 ORDER BY series_id, bucket",
      st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  auto ids = json_ids(series_ids);
  stmt->bind_int64(1, tier_id);
  stmt->bind_text(2, ids);
  stmt->bind_int64(3, from);
  stmt->bind_int64(4, to);
  rollup_row r;
  return for_each_row(*stmt, [&](statement&) -> status {
    auto count = stmt->column_int64(2);
    if (count <= 0)
      return status::corruption(db.path() + ": rollup row with count " +
                                std::to_string(count));
    r.series_id = static_cast<uint64_t>(stmt->column_int64(0));
    r.bucket = stmt->column_int64(1);
    r.count = static_cast<uint64_t>(count);
    r.sum = column_real(*stmt, 3);
    r.min = column_real(*stmt, 4);
    r.max = column_real(*stmt, 5);
    r.first_ts = stmt->column_int64(6);
    r.first = std::bit_cast<double>(stmt->column_int64(7));
    r.last_ts = stmt->column_int64(8);
    r.last = std::bit_cast<double>(stmt->column_int64(9));
    visit(r);
    return status::ok();
  });
}

status delete_rollups_before(database& db, int64_t tier_id, int64_t first_kept,
                             uint64_t& deleted) {
  deleted = 0;
  // The primary key starts with (tier_id, series_id): one range per series.
  status st;
  auto* stmt = db.prepare_cached(
      "DELETE FROM rollups WHERE tier_id = ?1 AND series_id IN"
      " (SELECT DISTINCT series_id FROM rollups WHERE tier_id = ?1)"
      " AND bucket < ?2",
      st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  stmt->bind_int64(1, tier_id);
  stmt->bind_int64(2, first_kept);
  if (st = stmt->run(); !st.is_ok())
    return st;
  deleted = static_cast<uint64_t>(sqlite3_changes64(db.handle()));
  return status::ok();
}

status count_rollups(database& db, int64_t tier_id, uint64_t& rows) {
  rows = 0;
  status st;
  auto* stmt =
      db.prepare_cached("SELECT count(*) FROM rollups WHERE tier_id = ?1", st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  stmt->bind_int64(1, tier_id);
  bool row = false;
  if (st = stmt->step(row); !st.is_ok())
    return st;
  if (row)
    rows = static_cast<uint64_t>(stmt->column_int64(0));
  return status::ok();
}

} // namespace timeless::db
