#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "db/status.hpp"

namespace timeless::db {

/// One row of the `series` table.
struct series_row {
  uint64_t id;
  std::string metric;
  /// The engine's canonical label encoding; opaque bytes here (a BLOB).
  std::string labels;
};

/// Appends every series to `out`, ordered by id.
status load_series(database& db, std::vector<series_row>& out);

/// Inserts `rows` with their given ids, in the caller's transaction. A row
/// already stored identically is skipped (idempotent replay); a row whose id
/// or (metric, labels) is stored with different contents is rejected with
/// invalid_argument naming the id, and nothing after it is inserted.
status insert_series(database& db, std::span<const series_row> rows);

/// Appends to `out`, ascending, the ids of series with no data left in the
/// file: no segment, no open-segment snapshot and no rollup row of any tier.
/// Retention's candidates for removal (points still in memory are the
/// engine's to rule out).
status find_orphan_series(database& db, std::vector<uint64_t>& out);

/// Deletes those of `ids` that are still orphans (see find_orphan_series),
/// in the caller's transaction; `deleted` counts them.
status delete_orphan_series(database& db, std::span<const uint64_t> ids,
                            uint64_t& deleted);

} // namespace timeless::db
