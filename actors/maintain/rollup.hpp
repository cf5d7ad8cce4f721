#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include <caf/fwd.hpp>

#include "actors/common/internal.hpp"
#include "db/database.hpp"

namespace timeless::detail {

/// Settings of the rollup actor.
struct rollup_config {
  std::vector<tier_slot> tiers;
  /// Each tier's watermark when the store opened.
  std::vector<uint64_t> watermarks;
  /// Rollup runs on this interval (0: only on demand).
  std::chrono::milliseconds interval{0};
  /// Segments read per step (bounds the memory of one step).
  size_t segments_per_step = 2048;
};

/// Spawns the rollup actor. It reads, with its own read-only connection,
/// the segments committed after the lowest watermark of the tiers asked
/// for, in seq order and steps of `segments_per_step`; decodes them;
/// computes each tier's changes (the finest from the points, each coarser
/// one from the finer one's changes); and has the writer merge them and
/// move the watermarks in one transaction per step. Requests run one after
/// another; a request replies once its tiers have merged every segment
/// committed before it started.
rollup_actor spawn_rollup(caf::actor_system& sys,
                          std::unique_ptr<db::database> db, writer_actor writer,
                          rollup_config cfg);

} // namespace timeless::detail
