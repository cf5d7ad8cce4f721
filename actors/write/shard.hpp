#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <caf/fwd.hpp>

#include "actors/common/internal.hpp"
#include "timeless/options.hpp"

namespace timeless::detail {

/// Settings of one buffer shard.
struct shard_config {
  uint32_t index = 0;
  std::string wal_dir;
  /// First log generation this shard writes.
  uint64_t first_gen = 1;
  uint32_t flush_threshold = 10000;
  std::chrono::milliseconds flush_interval{1000};
  std::chrono::milliseconds checkpoint_interval{10000};
  uint64_t wal_rotate_bytes = 64ull << 20;
  durability mode = durability::async;
  bool single_pass_flush = true;
};

/// Spawns buffer shard `cfg.index`. It appends every batch it receives to
/// its write-ahead log (one write per batch), buffers the points and moves
/// the buffer to its builder at `flush_threshold` points, at every
/// `flush_interval` tick (when it also syncs the log) and before every
/// read. It rotates its log and asks its builder for a checkpoint at every
/// `checkpoint_interval` and once the log passes `wal_rotate_bytes`.
/// Fails if the first log file cannot be created.
caf::expected<shard_actor> spawn_shard(caf::actor_system& sys, shard_config cfg,
                                       builder_actor builder, backlog_ptr bl);

} // namespace timeless::detail
