#include "db/series_table.hpp"

#include <cassert>
#include <cstdint>
#include <limits>
#include <sqlite3.h>

namespace timeless::db {

namespace {

std::span<const uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

/// Called when an INSERT OR IGNORE changed nothing: ok if `row` is already
/// stored as given.
status check_existing(database& db, const series_row& row) {
  status st;
  auto* stmt = db.prepare_cached(
      "SELECT id FROM series WHERE id = ?1 AND metric = ?2 AND labels = ?3",
      st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  stmt->bind_int64(1, static_cast<int64_t>(row.id));
  stmt->bind_text(2, row.metric);
  stmt->bind_blob(3, bytes_of(row.labels));
  bool found = false;
  if (st = stmt->step(found); !st.is_ok())
    return st;
  if (found)
    return status::ok();
  return status::invalid_argument(
      db.path() + ": series " + std::to_string(row.id) + " (metric '" +
      row.metric + "') conflicts with a stored series of the same id or the " +
      "same metric and labels");
}

} // namespace

status load_series(database& db, std::vector<series_row>& out) {
  status st;
  auto* stmt = db.prepare_cached(
      "SELECT id, metric, labels FROM series ORDER BY id", st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  return for_each_row(*stmt, [&](statement&) {
    auto labels = stmt->column_blob(2);
    out.push_back(series_row{static_cast<uint64_t>(stmt->column_int64(0)),
                             std::string{stmt->column_text(1)},
                             std::string{labels.begin(), labels.end()}});
  });
}

status insert_series(database& db, std::span<const series_row> rows) {
  status st;
  auto* stmt = db.prepare_cached(
      "INSERT OR IGNORE INTO series(id, metric, labels) VALUES(?1, ?2, ?3)",
      st);
  if (stmt == nullptr)
    return st;
  for (const auto& row : rows) {
    if (row.id > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      return status::invalid_argument(db.path() + ": series id " +
                                      std::to_string(row.id) +
                                      " does not fit an INTEGER");
    {
      scoped_reset guard{stmt};
      stmt->bind_int64(1, static_cast<int64_t>(row.id));
      stmt->bind_text(2, row.metric);
      stmt->bind_blob(3, bytes_of(row.labels));
      if (st = stmt->run(); !st.is_ok())
        return st;
    }
    if (sqlite3_changes(db.handle()) == 0) {
      if (st = check_existing(db, row); !st.is_ok())
        return st;
    }
  }
  return status::ok();
}

namespace {

// A series has data when a segment, an open-segment snapshot or a rollup row
// names it. Each test is an index lookup per series (open_segments through
// one ephemeral index of its ids), so no compound SELECT grows with the
// number of series (the original's UNION ALL failed beyond 500).
constexpr const char* orphan_condition =
    " NOT EXISTS (SELECT 1 FROM segments WHERE series_id = s.id)"
    " AND NOT EXISTS (SELECT 1 FROM rollups WHERE tier_id IN"
    "  (SELECT id FROM tiers) AND series_id = s.id)"
    " AND s.id NOT IN (SELECT series_id FROM open_segments)";

} // namespace

status find_orphan_series(database& db, std::vector<uint64_t>& out) {
  static const std::string sql = std::string{"SELECT id FROM series s WHERE"} +
                                 orphan_condition + " ORDER BY id";
  status st;
  auto* stmt = db.prepare_cached(sql.c_str(), st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  return for_each_row(*stmt, [&](statement&) {
    out.push_back(static_cast<uint64_t>(stmt->column_int64(0)));
  });
}

status delete_orphan_series(database& db, std::span<const uint64_t> ids,
                            uint64_t& deleted) {
  deleted = 0;
  static const std::string sql =
      std::string{"DELETE FROM series AS s WHERE s.id = ?1 AND"} +
      orphan_condition;
  status st;
  auto* stmt = db.prepare_cached(sql.c_str(), st);
  if (stmt == nullptr)
    return st;
  for (auto id : ids) {
    if (id > static_cast<uint64_t>(INT64_MAX))
      continue;
    scoped_reset guard{stmt};
    stmt->bind_int64(1, static_cast<int64_t>(id));
    if (st = stmt->run(); !st.is_ok())
      return st;
    deleted += static_cast<uint64_t>(sqlite3_changes(db.handle()));
  }
  return status::ok();
}

} // namespace timeless::db
