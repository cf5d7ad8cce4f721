#pragma once

// The writer's rollup and retention transactions (see actors/write/writer.cpp).

#include <cstdint>
#include <vector>

#include "actors/common/internal.hpp"
#include "db/database.hpp"
#include "db/status.hpp"

namespace timeless::detail {

/// What retention keeps.
struct retention_config {
  int64_t raw_retention_ms = retention_forever;
  std::vector<tier_slot> tiers;
};

/// Merges a rollup step and moves the watermarks, in one transaction. A
/// watermark that is not where the step expects it refuses the whole step.
db::status commit_rollup(db::database& db, const rollup_batch& batch);

/// In one transaction: deletes segments ending before now - raw retention
/// that every tier has merged (all of them without tiers), raises the
/// `raw_horizon` meta value to that cutoff when segments went, and deletes
/// tier rows whose bucket ended before now - the tier's retention. Then
/// returns the free pages to the file system (incremental vacuum) and
/// reports it all. `horizon` is the raw horizon afterwards.
db::status apply_retention(db::database& db, int64_t now,
                           const retention_config& cfg,
                           retention_report& report, int64_t& horizon);

/// The `raw_horizon` meta value, INT64_MIN if absent.
db::status read_raw_horizon(db::database& db, int64_t& horizon);

/// Every configured tier with its watermark and row count.
db::status read_tier_infos(db::database& db,
                           const std::vector<tier_slot>& tiers,
                           std::vector<tier_info>& out);

} // namespace timeless::detail
