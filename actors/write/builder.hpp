#pragma once

#include <memory>

#include <caf/fwd.hpp>

#include "actors/common/internal.hpp"
#include "actors/write/series_buffer.hpp"

namespace timeless::detail {

/// Settings of one segment builder.
struct builder_config {
  uint32_t shard = 0;
  buffer_policy policy;
  /// The store's clock (ms).
  std::function<int64_t()> clock;
  /// Highest segment seq in SQLite when the store opened.
  uint64_t committed_seq = 0;
};

/// Spawns segment builder `cfg.shard`. It owns the in-memory points of its
/// shard's series (`series_buffer`, preloaded by recovery), and at each
/// checkpoint encodes closed segments and open-segment snapshots and has
/// the writer commit them.
builder_actor spawn_builder(caf::actor_system& sys, builder_config cfg,
                            std::unique_ptr<series_buffer> preloaded,
                            writer_actor writer, backlog_ptr bl);

} // namespace timeless::detail
