// The `annotations` table of the catalog (format: db/catalog_db.cpp).

#include "db/catalog_db.hpp"

#include <algorithm>

#include <sqlite3.h>

namespace timeless::db {

namespace {

constexpr const char* insert_sql =
    "INSERT INTO annotations(ts, title, description, tags, crc)"
    " VALUES(?1, ?2, ?3, ?4, 0)";
constexpr const char* set_crc_sql =
    "UPDATE annotations SET crc = ?2 WHERE id = ?1";
constexpr const char* range_sql =
    "SELECT id, ts, title, description, tags, crc FROM annotations"
    " WHERE ts >= ?1 AND ts <= ?2 ORDER BY ts, id";
constexpr const char* delete_sql = "DELETE FROM annotations WHERE id = ?1";

} // namespace

status catalog_db::add_note(note_row& row) {
  auto tags = encode_tags(row.tags);
  int64_t id = 0;
  auto st = with_transaction(*db_, [&]() -> status {
    status st;
    auto* ins = db_->prepare_cached(insert_sql, st);
    if (ins == nullptr)
      return st;
    {
      scoped_reset guard{ins};
      ins->bind_int64(1, row.ts);
      ins->bind_text(2, row.title);
      ins->bind_text(3, row.description);
      ins->bind_blob(
          4, {reinterpret_cast<const uint8_t*>(tags.data()), tags.size()});
      if (st = ins->run(); !st.is_ok())
        return st;
    }
    // The CRC covers the id, known only once inserted.
    id = sqlite3_last_insert_rowid(db_->handle());
    note_row stored = row;
    stored.id = id;
    auto* upd = db_->prepare_cached(set_crc_sql, st);
    if (upd == nullptr)
      return st;
    scoped_reset guard{upd};
    upd->bind_int64(1, id);
    upd->bind_int64(2, row_crc(stored));
    return upd->run();
  });
  if (st.is_ok())
    row.id = id;
  return st;
}

status catalog_db::notes(int64_t from, int64_t to,
                         std::span<const std::string> tags,
                         std::vector<note_row>& out) {
  out.clear();
  status st;
  auto* stmt = db_->prepare_cached(range_sql, st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  stmt->bind_int64(1, from);
  stmt->bind_int64(2, to);
  return for_each_row(*stmt, [&](statement& s) {
    note_row r;
    r.id = s.column_int64(0);
    r.ts = s.column_int64(1);
    r.title = std::string{s.column_text(2)};
    r.description = std::string{s.column_text(3)};
    auto raw = s.column_blob(4);
    bool ok = decode_tags(
        {reinterpret_cast<const char*>(raw.data()), raw.size()}, r.tags);
    if (!ok || row_crc(r) != s.column_int64(5)) {
      note_damage("annotations", "id " + std::to_string(r.id));
      return;
    }
    if (!tags.empty() && std::ranges::none_of(r.tags, [&](const auto& t) {
          return std::ranges::find(tags, t) != tags.end();
        }))
      return;
    out.push_back(std::move(r));
  });
}

status catalog_db::delete_note(int64_t id, bool& found) {
  found = false;
  status st;
  auto* stmt = db_->prepare_cached(delete_sql, st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  stmt->bind_int64(1, id);
  if (st = stmt->run(); !st.is_ok())
    return st;
  found = sqlite3_changes(db_->handle()) > 0;
  return status::ok();
}

} // namespace timeless::db
