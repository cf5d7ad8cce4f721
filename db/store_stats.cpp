#include "db/store_stats.hpp"

#include <cassert>

#include "db/first_row.hpp"

namespace timeless::db {

status read_stats(database& db, store_stats& out) {
  // length() of a BLOB is its byte count (of a TEXT, its characters: the
  // original's artifact); the data columns are always BLOBs here. A
  // segment's blob is pack_len bytes of its pack.
  return with_first_row(
      db,
      "SELECT (SELECT count(*) FROM series),"
      " count(*), coalesce(sum(point_count), 0),"
      " coalesce(sum(pack_len), 0),"
      " (SELECT count(*) FROM open_segments),"
      " (SELECT coalesce(sum(length(data)), 0) FROM open_segments),"
      " (SELECT page_size FROM pragma_page_size),"
      " (SELECT page_count FROM pragma_page_count),"
      " (SELECT freelist_count FROM pragma_freelist_count),"
      " (SELECT coalesce(max(value), 0) FROM meta"
      "  WHERE key = 'segment_max_seq')"
      " FROM segments",
      [&](statement& stmt, [[maybe_unused]] bool row) {
        assert(row);
        auto u = [&stmt](int col) {
          return static_cast<uint64_t>(stmt.column_int64(col));
        };
        out = store_stats{u(0), u(1), u(2), u(3), u(4),
                          u(5), u(6), u(7), u(8), u(9)};
        return status::ok();
      });
}

} // namespace timeless::db
