#pragma once

#include <chrono>
#include <functional>

#include <caf/fwd.hpp>

#include "actors/common/internal.hpp"
#include "timeless/store.hpp"

namespace timeless::detail {

/// Settings of the retention actor.
struct retention_actor_config {
  /// Runs on this interval (0: only on demand).
  std::chrono::milliseconds interval{0};
  std::function<int64_t()> clock;
};

/// Spawns the retention actor. One run: roll up every tier (so raw data is
/// summarised before it goes), have the writer delete what is past
/// retention, then remove series with no data left anywhere. That last part
/// is fenced against writes: the registry names the last batch it has
/// dispatched, the store checkpoints (everything up to that batch is then
/// in SQLite), the writer lists series with no data in SQLite, and the
/// registry removes only those no batch after the fence wrote or resolved;
/// the writer then deletes their rows if they are still empty. So a series
/// whose points are only in memory is never removed (the original removed
/// them and crashed beyond 500 series). Runs one at a time.
retention_actor spawn_retention(caf::actor_system& sys, writer_actor writer,
                                rollup_actor rollup, registry_actor registry,
                                store_actor store, retention_actor_config cfg);

} // namespace timeless::detail
