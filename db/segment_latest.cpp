#include "db/segment_latest.hpp"

namespace timeless::db {

status latest_segment_end(database& db, uint64_t series_id, uint64_t max_seq,
                          int64_t& end_ts, bool& found) {
  status st;
  auto* stmt =
      db.prepare_cached("SELECT end_ts FROM segments WHERE series_id = ?1"
                        " AND coalesce(src_seq, seq) <= ?2 "
                        "ORDER BY start_ts DESC LIMIT 1",
                        st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  stmt->bind_int64(1, static_cast<int64_t>(series_id));
  stmt->bind_int64(2, static_cast<int64_t>(max_seq));
  bool row = false;
  if (st = stmt->step(row); !st.is_ok())
    return st;
  found = row;
  if (row)
    end_ts = stmt->column_int64(0);
  return status::ok();
}

} // namespace timeless::db
