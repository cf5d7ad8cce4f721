#pragma once

#include <functional>
#include <memory>
#include <vector>

#include <caf/fwd.hpp>

#include "actors/common/internal.hpp"
#include "actors/write/series_index.hpp"
#include "timeless/options.hpp"

namespace timeless::detail {

/// Settings of the registry.
struct registry_config {
  name_limits limits;
  durability mode = durability::async;
  uint32_t max_backlog = 64;
  bool bulk_write = true;
  std::function<int64_t()> clock;
};

/// Spawns the series registry: the front of the write path. It validates a
/// batch, refuses it whole under backpressure, resolves (and registers)
/// series, and sends one message per shard. It also answers every question
/// about series names (selectors, metrics, label names and values).
registry_actor spawn_registry(caf::actor_system& sys, registry_config cfg,
                              std::unique_ptr<series_index> index,
                              std::vector<shard_actor> shards, backlog_ptr bl);

} // namespace timeless::detail
