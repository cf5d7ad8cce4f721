#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include <caf/fwd.hpp>

#include "actors/common/internal.hpp"
#include "db/database.hpp"

namespace timeless::detail {

/// Settings of the compactor.
struct compactor_config {
  /// Merged segments hold at most this many points and span at most this
  /// many ms (0: no limit).
  uint32_t block_points = 4096;
  int64_t block_span_ms = 0;
  /// Runs on this interval (0: only on demand).
  std::chrono::milliseconds interval{0};
  /// Segments scanned per step (bounds the memory of one step).
  size_t segments_per_step = 1024;
};

/// Spawns the compactor. One run: roll up every tier, ask every builder
/// for its committed seq, then, in steps of `segments_per_step` segments
/// scanned in seq order from the meta value `compact_mark`, read with its
/// own read-only connection each series that has a small new segment
/// (with the segment before it), plan and encode merged blocks
/// (actors/maintain/compaction.hpp) and have the writer swap them in, one
/// transaction per step. Only segments with seq <= every tier's watermark
/// and every builder's committed seq are merged: every tier holds their
/// points (so no tier counts them twice) and no builder holds them in
/// memory (so reads see them exactly once). Runs one at a time.
compactor_actor spawn_compactor(caf::actor_system& sys,
                                std::unique_ptr<db::database> db,
                                writer_actor writer, rollup_actor rollup,
                                std::vector<builder_actor> builders,
                                compactor_config cfg);

} // namespace timeless::detail
