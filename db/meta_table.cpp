#include "db/meta_table.hpp"

#include <sqlite3.h>

namespace timeless::db {

namespace {

constexpr const char* put_sql =
    "INSERT INTO meta(key, value) VALUES(?1, ?2) "
    "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
constexpr const char* get_sql = "SELECT value FROM meta WHERE key = ?1";

status put(database& db, std::string_view key, int64_t* i,
           std::string_view* text) {
  status st;
  auto* stmt = db.prepare_cached(put_sql, st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  stmt->bind_text(1, key);
  if (i != nullptr)
    stmt->bind_int64(2, *i);
  else
    stmt->bind_text(2, *text);
  return stmt->run();
}

/// Positions `stmt` on the row of `key`, or returns not_found.
status find(database& db, statement*& stmt, std::string_view key) {
  status st;
  stmt = db.prepare_cached(get_sql, st);
  if (stmt == nullptr)
    return st;
  stmt->bind_text(1, key);
  bool row = false;
  if (st = stmt->step(row); !st.is_ok())
    return st;
  if (!row)
    return status::not_found(db.path() + ": meta key '" + std::string{key} +
                             "' not found");
  return status::ok();
}

std::string wrong_type(database& db, std::string_view key, const char* want) {
  return db.path() + ": meta key '" + std::string{key} + "' does not hold an " +
         want;
}

} // namespace

status put_meta(database& db, std::string_view key, int64_t value) {
  return put(db, key, &value, nullptr);
}

status put_meta_text(database& db, std::string_view key,
                     std::string_view value) {
  return put(db, key, nullptr, &value);
}

status get_meta(database& db, std::string_view key, int64_t& value) {
  statement* stmt = nullptr;
  auto st = find(db, stmt, key);
  scoped_reset guard{stmt};
  if (!st.is_ok())
    return st;
  if (sqlite3_column_type(stmt->handle(), 0) != SQLITE_INTEGER)
    return status::corruption(wrong_type(db, key, "INTEGER"));
  value = stmt->column_int64(0);
  return status::ok();
}

status get_meta_text(database& db, std::string_view key, std::string& value) {
  statement* stmt = nullptr;
  auto st = find(db, stmt, key);
  scoped_reset guard{stmt};
  if (!st.is_ok())
    return st;
  if (sqlite3_column_type(stmt->handle(), 0) != SQLITE_TEXT)
    return status::corruption(wrong_type(db, key, "TEXT"));
  value = std::string{stmt->column_text(0)};
  return status::ok();
}

status erase_meta(database& db, std::string_view key) {
  status st;
  auto* stmt = db.prepare_cached("DELETE FROM meta WHERE key = ?1", st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  stmt->bind_text(1, key);
  return stmt->run();
}

} // namespace timeless::db
