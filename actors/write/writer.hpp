#pragma once

#include <memory>

#include <caf/fwd.hpp>

#include "actors/common/internal.hpp"
#include "actors/write/tier_writes.hpp"
#include "db/database.hpp"

namespace timeless::detail {

/// Spawns the writer: the only actor that writes SQLite. It commits each
/// builder's checkpoint in one transaction (series definitions, closed
/// segments, the shard's open-segment snapshot and its log generation),
/// then deletes the log files the checkpoint made obsolete. Replies with
/// the highest sequence number given to a row of that checkpoint.
/// It also merges rollup steps, replaces compacted segments, applies
/// retention and removes orphan series, each in one transaction.
writer_actor spawn_writer(caf::actor_system& sys,
                          std::unique_ptr<db::database> db, uint64_t first_seq,
                          backlog_ptr bl, retention_config retention = {});

/// Commits one checkpoint synchronously; used by the writer and by
/// recovery (before any actor runs). Assigns row seqs from `next_seq`.
db::status commit_checkpoint(db::database& db, checkpoint_request& req,
                             uint64_t& next_seq);

} // namespace timeless::detail
