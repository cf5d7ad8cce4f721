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
  for (;;) {
    bool row = false;
    if (st = stmt->step(row); !st.is_ok())
      return st;
    if (!row)
      return status::ok();
    auto labels = stmt->column_blob(2);
    out.push_back(series_row{static_cast<uint64_t>(stmt->column_int64(0)),
                             std::string{stmt->column_text(1)},
                             std::string{labels.begin(), labels.end()}});
  }
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

} // namespace timeless::db
