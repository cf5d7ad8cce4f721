#include "db/statement.hpp"

#include <cassert>
#include <sqlite3.h>

#include "db/database.hpp"

namespace timeless::db {

statement::statement(database* owner, sqlite3_stmt* stmt)
    : owner_(owner), stmt_(stmt) {
  assert(owner_ != nullptr);
  assert(stmt_ != nullptr);
}

void statement::note_bind(int rc, int index) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) {
    bind_rc_ = rc;
    bind_index_ = index;
  }
}

void statement::bind_int64(int index, int64_t value) {
  note_bind(sqlite3_bind_int64(stmt_, index, value), index);
}

void statement::bind_double(int index, double value) {
  note_bind(sqlite3_bind_double(stmt_, index, value), index);
}

void statement::bind_null(int index) {
  note_bind(sqlite3_bind_null(stmt_, index), index);
}

void statement::bind_blob(int index, std::span<const uint8_t> bytes) {
  // A null pointer would bind NULL; a zero-length BLOB needs a non-null one.
  static const uint8_t empty = 0;
  const void* p = bytes.empty() ? &empty : bytes.data();
  note_bind(sqlite3_bind_blob64(stmt_, index, p, bytes.size(), SQLITE_STATIC),
            index);
}

void statement::bind_text(int index, std::string_view text) {
  static const char empty = 0;
  const char* p = text.empty() ? &empty : text.data();
  note_bind(sqlite3_bind_text64(stmt_, index, p, text.size(), SQLITE_STATIC,
                                SQLITE_UTF8),
            index);
}

status statement::step(bool& row) {
  row = false;
  if (bind_rc_ != SQLITE_OK) {
    return owner_->error(bind_rc_, "binding parameter " +
                                       std::to_string(bind_index_) + " of \"" +
                                       sql() + "\"");
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    row = true;
    return status::ok();
  }
  if (rc == SQLITE_DONE)
    return status::ok();
  return owner_->error(rc, std::string{"executing \""} + sql() + "\"");
}

status statement::run() {
  bool row = false;
  auto st = step(row);
  if (st.is_ok() && row)
    return status::internal(std::string{"statement returned a row: \""} +
                            sql() + "\"");
  return st;
}

int64_t statement::column_int64(int col) {
  return sqlite3_column_int64(stmt_, col);
}

double statement::column_double(int col) {
  return sqlite3_column_double(stmt_, col);
}

bool statement::column_is_null(int col) {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

std::span<const uint8_t> statement::column_blob(int col) {
  auto p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, col));
  auto n = sqlite3_column_bytes(stmt_, col);
  if (p == nullptr)
    return {};
  return {p, static_cast<size_t>(n)};
}

std::string_view statement::column_text(int col) {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  auto n = sqlite3_column_bytes(stmt_, col);
  if (p == nullptr)
    return {};
  return {p, static_cast<size_t>(n)};
}

void statement::reset() {
  // The return value repeats the error of the last step, already reported.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_rc_ = SQLITE_OK;
  bind_index_ = 0;
}

const char* statement::sql() const {
  return sqlite3_sql(stmt_);
}

std::string json_ids(std::span<const uint64_t> ids) {
  std::string out;
  out.reserve(ids.size() * 8 + 2);
  out += '[';
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i != 0)
      out += ',';
    out += std::to_string(ids[i]);
  }
  out += ']';
  return out;
}

} // namespace timeless::db
