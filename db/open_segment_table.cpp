#include "db/open_segment_table.hpp"

#include <limits>
#include <string>

namespace timeless::db {

status replace_open_segments(database& db, uint32_t shard,
                             std::span<const open_segment_row> rows) {
  status st;
  auto* del =
      db.prepare_cached("DELETE FROM open_segments WHERE shard = ?1", st);
  if (del == nullptr)
    return st;
  {
    scoped_reset guard{del};
    del->bind_int64(1, shard);
    if (st = del->run(); !st.is_ok())
      return st;
  }
  auto* ins = db.prepare_cached(
      "INSERT INTO open_segments(shard, series_id, start_ts, data)"
      " VALUES(?1, ?2, ?3, ?4)",
      st);
  if (ins == nullptr)
    return st;
  for (const auto& row : rows) {
    if (row.shard != shard)
      return status::invalid_argument(
          db.path() + ": open segment of series " +
          std::to_string(row.series_id) + " belongs to shard " +
          std::to_string(row.shard) + ", not " + std::to_string(shard));
    if (row.series_id >
        static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      return status::invalid_argument(db.path() + ": series id " +
                                      std::to_string(row.series_id) +
                                      " does not fit an INTEGER");
    scoped_reset guard{ins};
    ins->bind_int64(1, shard);
    ins->bind_int64(2, static_cast<int64_t>(row.series_id));
    ins->bind_int64(3, row.start_ts);
    ins->bind_blob(4, row.data);
    if (st = ins->run(); !st.is_ok())
      return st;
  }
  return status::ok();
}

status delete_open_segments_from(database& db, uint32_t first_shard) {
  status st;
  auto* stmt =
      db.prepare_cached("DELETE FROM open_segments WHERE shard >= ?1", st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  stmt->bind_int64(1, first_shard);
  return stmt->run();
}

status
load_open_segments(database& db,
                   const std::function<void(const open_segment_row&)>& visit) {
  status st;
  auto* stmt = db.prepare_cached(
      "SELECT shard, series_id, start_ts, data FROM open_segments"
      " ORDER BY shard, series_id, start_ts",
      st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  open_segment_row row;
  return for_each_row(*stmt, [&](statement&) {
    row.shard = static_cast<uint32_t>(stmt->column_int64(0));
    row.series_id = static_cast<uint64_t>(stmt->column_int64(1));
    row.start_ts = stmt->column_int64(2);
    auto blob = stmt->column_blob(3);
    row.data.assign(blob.begin(), blob.end());
    visit(row);
  });
}

} // namespace timeless::db
