// The `metadata` table of the catalog (format: db/catalog_db.cpp).

#include "db/catalog_db.hpp"

namespace timeless::db {

namespace {

constexpr const char* get_one_sql =
    "SELECT metric, type, unit, help, crc FROM metadata WHERE metric = ?1";
constexpr const char* get_all_sql =
    "SELECT metric, type, unit, help, crc FROM metadata ORDER BY metric";
constexpr const char* put_sql =
    "INSERT OR REPLACE INTO metadata(metric, type, unit, help, crc)"
    " VALUES(?1, ?2, ?3, ?4, ?5)";

meta_row read_row(statement& stmt, int64_t& crc) {
  meta_row r;
  r.metric = std::string{stmt.column_text(0)};
  r.type = std::string{stmt.column_text(1)};
  r.unit = std::string{stmt.column_text(2)};
  r.help = std::string{stmt.column_text(3)};
  crc = stmt.column_int64(4);
  return r;
}

/// What `stored` becomes with `update`: empty unit or help and the type
/// "unknown" keep what is stored.
meta_row merge(const meta_row& stored, const meta_row& update) {
  meta_row out = stored;
  if (update.type != "unknown")
    out.type = update.type;
  if (!update.unit.empty())
    out.unit = update.unit;
  if (!update.help.empty())
    out.help = update.help;
  return out;
}

} // namespace

status catalog_db::put_metadata(std::span<const meta_row> rows,
                                size_t& written) {
  written = 0;
  size_t n = 0;
  auto st = with_transaction(*db_, [&]() -> status {
    for (auto& update : rows) {
      status st;
      auto* get = db_->prepare_cached(get_one_sql, st);
      if (get == nullptr)
        return st;
      meta_row next = update;
      {
        scoped_reset guard{get};
        get->bind_text(1, update.metric);
        bool row = false;
        if (st = get->step(row); !st.is_ok())
          return st;
        if (row) {
          int64_t crc = 0;
          auto stored = read_row(*get, crc);
          if (row_crc(stored) == crc) {
            next = merge(stored, update);
            if (next == stored)
              continue;
          }
          // A damaged row is replaced by the update.
        }
      }
      auto* put = db_->prepare_cached(put_sql, st);
      if (put == nullptr)
        return st;
      scoped_reset guard{put};
      put->bind_text(1, next.metric);
      put->bind_text(2, next.type);
      put->bind_text(3, next.unit);
      put->bind_text(4, next.help);
      put->bind_int64(5, row_crc(next));
      if (st = put->run(); !st.is_ok())
        return st;
      ++n;
    }
    return status::ok();
  });
  if (st.is_ok())
    written = n;
  return st;
}

status catalog_db::metadata(std::string_view metric,
                            std::vector<meta_row>& out) {
  out.clear();
  status st;
  auto* stmt =
      db_->prepare_cached(metric.empty() ? get_all_sql : get_one_sql, st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  if (!metric.empty())
    stmt->bind_text(1, metric);
  return for_each_row(*stmt, [&](statement& s) {
    int64_t crc = 0;
    auto r = read_row(s, crc);
    if (row_crc(r) != crc) {
      note_damage("metadata", "'" + r.metric + "'");
      return;
    }
    out.push_back(std::move(r));
  });
}

} // namespace timeless::db
