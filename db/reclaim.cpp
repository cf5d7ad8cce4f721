#include "db/reclaim.hpp"

#include "db/first_row.hpp"
#include <algorithm>

namespace timeless::db {

namespace {

status pragma_int(database& db, const char* sql, int64_t& value) {
  return with_first_row(db, sql, [&](statement& stmt, bool row) {
    value = row ? stmt.column_int64(0) : 0;
    return status::ok();
  });
}

} // namespace

status reclaim_free_pages(database& db, uint64_t& bytes) {
  bytes = 0;
  int64_t page_size = 0;
  int64_t free_before = 0;
  int64_t free_after = 0;
  if (auto st = pragma_int(db, "PRAGMA page_size", page_size); !st.is_ok())
    return st;
  if (auto st = pragma_int(db, "PRAGMA freelist_count", free_before);
      !st.is_ok())
    return st;
  if (auto st = db.exec("PRAGMA incremental_vacuum"); !st.is_ok())
    return st;
  if (auto st = pragma_int(db, "PRAGMA freelist_count", free_after);
      !st.is_ok())
    return st;
  bytes = static_cast<uint64_t>(std::max<int64_t>(0, free_before - free_after) *
                                page_size);
  // The deletions sit in SQLite's -wal file until a checkpoint: without
  // this the directory grows when rows are deleted.
  return db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

} // namespace timeless::db
