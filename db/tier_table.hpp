#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "db/status.hpp"

namespace timeless::db {

/// One row of the `tiers` table (see db/schema.cpp).
struct tier_row {
  int64_t id = 0;
  std::string name;
  /// Bucket width in ms; 0 when `calendar_months`.
  int64_t resolution_ms = 0;
  bool calendar_months = false;
  int64_t retention_ms = 0;
  /// Highest segment seq merged into the tier's rows.
  uint64_t watermark = 0;
  /// The highest segment seq when the tier was added: a compacted segment
  /// with a higher seq holds only points the tier already has.
  uint64_t created_seq = 0;
};

/// Appends every stored tier to `out`, ordered by id.
status load_tiers(database& db, std::vector<tier_row>& out);

/// Makes the stored tiers match `wanted` (name, resolution_ms,
/// calendar_months, retention_ms; id and watermark are ignored) in one
/// transaction and fills `out` with the stored rows in the order of
/// `wanted`. A new tier is added with watermark 0 and created_seq the
/// highest segment seq so far; a changed retention is
/// updated. A stored tier whose resolution differs, or that `wanted` lacks,
/// is refused with invalid_argument naming it: its rows would be wrong or
/// orphaned, and raw data they summarise may already be gone.
status sync_tiers(database& db, std::span<const tier_row> wanted,
                  std::vector<tier_row>& out);

/// Sets the watermark of tier `id`, in the caller's transaction, provided
/// it is still `expected` (else invalid_argument: a second rollup ran).
status advance_watermark(database& db, int64_t id, uint64_t expected,
                         uint64_t watermark);

} // namespace timeless::db
