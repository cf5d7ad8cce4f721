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

} // namespace timeless::db
