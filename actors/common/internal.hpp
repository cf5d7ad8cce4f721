#pragma once

// Internal actor interfaces and messages of the engine. Nothing here is
// public: callers see only timeless/store.hpp.
//
// Actor graph (one store):
//
//   store ──► registry ──(one batch per shard)──► shard[i] ──► builder[i]
//     │                                             │  WAL file     │
//     ├──► shard[i] (memory part of a read) ────────┘               ▼
//     └──► reader[k] (SQLite part of a read)                     writer
//
// Data flow and durability are described in docs/architecture.md.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/typed_actor.hpp>

#include "db/open_segment_table.hpp"
#include "db/rollup_table.hpp"
#include "db/segment_table.hpp"
#include "db/store_stats.hpp"
#include "db/wal_writer.hpp"
#include "timeless/messages.hpp"
#include "timeless/options.hpp"

namespace timeless::detail {

using ingest_atom = caf::atom_constant<caf::atom("ingest")>;
using ckpt_atom = caf::atom_constant<caf::atom("checkpoint")>;
using commit_atom = caf::atom_constant<caf::atom("commit")>;
using read_atom = caf::atom_constant<caf::atom("read")>;
using stats_atom = caf::atom_constant<caf::atom("stats")>;
using decode_atom = caf::atom_constant<caf::atom("decode")>;
using fence_atom = caf::atom_constant<caf::atom("fence")>;
using retire_atom = caf::atom_constant<caf::atom("retire")>;
using orphans_atom = caf::atom_constant<caf::atom("orphans")>;

/// Points of one series gathered for a read.
struct series_run {
  uint64_t series = 0;
  std::vector<int64_t> ts;
  std::vector<double> values;
};

/// One message per shard per write batch: new series definitions (written
/// to the shard's log before the points that use them) and the points.
struct shard_batch {
  std::vector<db::wal_series_def> defs;
  resolved_batch points;
};

/// A shard's whole buffer, moved to its builder in one message.
struct builder_input {
  /// The sending shard, whose backlog counter this message counts in.
  uint32_t shard = 0;
  std::vector<db::wal_series_def> defs;
  std::vector<uint64_t> series;
  std::vector<int64_t> ts;
  std::vector<double> values;
};

/// Stored rows of a read, not yet decoded: the series in positions
/// [first_slot, first_slot + slots) of the read and their rows.
struct raw_rows {
  size_t first_slot = 0;
  size_t slots = 0;
  struct row {
    /// Position of the row's series in the read.
    size_t slot;
    uint64_t series;
    /// The row's arrival seq (src_seq if compacted, else seq): orders a
    /// series' rows.
    uint64_t seq;
    std::vector<uint8_t> blob;
  };
  std::vector<row> rows;
};

/// The stored part of a read: decoded runs (one per series), or, for a
/// large read, raw rows split into parts for several readers to decode.
struct read_answer {
  std::vector<series_run> runs;
  std::vector<raw_rows> parts;
};

/// Everything one builder checkpoints in one SQLite transaction.
struct checkpoint_request {
  uint32_t shard = 0;
  /// Checkpoint tag of the builder (echoed back).
  uint64_t tag = 0;
  /// Buffer shard whose write-ahead log generation `wal_gen` is now fully
  /// in SQLite (the builder's own shard unless builders are not sharded).
  uint32_t wal_shard = 0;
  uint64_t wal_gen = 0;
  std::vector<db::wal_series_def> defs;
  std::vector<db::segment_row> closed;
  std::vector<db::open_segment_row> open;
  /// Log files to delete once committed.
  std::vector<std::string> obsolete_files;
};

/// The memory part of a read: points of the requested series held by a
/// shard and its builder, and the highest segment sequence number whose
/// rows the builder no longer holds (the SQLite part reads rows up to it).
struct memory_answer {
  uint64_t committed_seq = 0;
  std::vector<series_run> runs;
};

/// A configured rollup tier and its row id in the `tiers` table.
struct tier_slot {
  int64_t id = 0;
  tier_options opts;
  /// The tier's created_seq (db::tier_row).
  uint64_t created_seq = 0;
};

/// What one rollup step merges, in one writer transaction: for each tier,
/// the rows to merge and its watermark's move.
struct rollup_batch {
  struct tier_update {
    int64_t tier_id = 0;
    uint64_t from_watermark = 0;
    uint64_t to_watermark = 0;
    std::vector<db::rollup_row> rows;
  };
  std::vector<tier_update> tiers;
};

/// What one compaction step replaces, in one writer transaction; `mark`
/// is the seq up to which it looked (the meta value `compact_mark`).
struct compaction_batch {
  std::vector<db::compaction_group> groups;
  uint64_t mark = 0;
};

/// Shared counters between the registry and the actors it feeds: the
/// registry's view of each mailbox's depth (CAF 0.17 cannot read another
/// actor's mailbox safely).
struct backlog {
  explicit backlog(size_t shards)
      : shard_batches(shards), builder_inputs(shards), unchecked_bytes(shards) {
    // nop
  }
  std::vector<std::atomic<int64_t>> shard_batches;
  std::vector<std::atomic<int64_t>> builder_inputs;
  std::atomic<int64_t> writer_checkpoints{0};
  /// Per shard: log bytes not yet covered by a committed checkpoint.
  std::vector<std::atomic<uint64_t>> unchecked_bytes;
  /// Writes are refused while a shard's `unchecked_bytes` passes this
  /// (0: no limit). Bounds the points a builder holds when checkpoints
  /// fall behind.
  uint64_t max_unchecked_bytes = 0;
  std::atomic<uint64_t> refused{0};
  /// Write-ahead log failures; while non-zero, writes are refused.
  std::atomic<uint64_t> io_failures{0};
  /// The `raw_horizon` meta value (set by the writer, read by queries).
  std::atomic<int64_t> raw_horizon{INT64_MIN};
};

using backlog_ptr = std::shared_ptr<backlog>;

using writer_actor = caf::typed_actor<
    caf::replies_to<commit_atom, checkpoint_request>::with<uint64_t>,
    caf::replies_to<stats_atom>::with<db::store_stats>,
    /// Merges a rollup step in one transaction.
    caf::replies_to<rollup_atom, rollup_batch>::with<caf::ok_atom>,
    /// Swaps in a compaction step; replies what it replaced.
    caf::replies_to<compact_atom, compaction_batch>::with<compaction_report>,
    /// Deletes what is past retention at this time (ms) and vacuums.
    caf::replies_to<retention_atom, int64_t>::with<retention_report>,
    /// Series with no data left in SQLite.
    caf::replies_to<orphans_atom>::with<std::vector<uint64_t>>,
    /// Deletes those of the series that are still orphans; replies how many.
    caf::replies_to<retire_atom, std::vector<uint64_t>>::with<uint64_t>,
    /// Every tier with its row count.
    caf::replies_to<tier_atom>::with<std::vector<tier_info>>>;

using rollup_actor = caf::typed_actor<
    /// Rolls up the named tier ("" = all) until caught up.
    caf::replies_to<rollup_atom, std::string>::with<rollup_report>,
    caf::reacts_to<caf::tick_atom>>;

using retention_actor =
    caf::typed_actor<caf::replies_to<retention_atom>::with<retention_report>,
                     caf::reacts_to<caf::tick_atom>>;

using builder_actor = caf::typed_actor<
    caf::reacts_to<ingest_atom, builder_input>,
    /// Checkpoint; replies once committed.
    /// (wal shard, wal gen, obsolete log files, seal everything).
    caf::replies_to<ckpt_atom, uint32_t, uint64_t, std::vector<std::string>,
                    bool>::with<caf::ok_atom>,
    caf::replies_to<read_atom, std::vector<uint64_t>, int64_t, int64_t,
                    memory_answer>::with<memory_answer>,
    caf::replies_to<info_atom>::with<uint64_t>,
    /// The highest segment seq whose rows the builder no longer holds:
    /// UINT64_MAX when no checkpoint of it is in flight (it holds no row
    /// committed so far), else the highest seq of its answered ones.
    caf::replies_to<commit_atom>::with<uint64_t>>;

using compactor_actor =
    caf::typed_actor<caf::replies_to<compact_atom>::with<compaction_report>,
                     caf::reacts_to<caf::tick_atom>>;

using shard_actor = caf::typed_actor<
    caf::reacts_to<write_atom, shard_batch>,
    caf::replies_to<write_atom, shard_batch, bool>::with<caf::ok_atom>,
    caf::reacts_to<caf::tick_atom>,
    /// Sync the log (and with `true` checkpoint); replies when done.
    caf::replies_to<caf::flush_atom, bool>::with<caf::ok_atom>,
    caf::replies_to<read_atom, std::vector<uint64_t>, int64_t,
                    int64_t>::with<memory_answer>,
    caf::replies_to<info_atom>::with<uint64_t>,
    /// Seal everything, checkpoint, reply.
    caf::replies_to<close_atom>::with<caf::ok_atom>>;

using reader_actor = caf::typed_actor<
    /// Series ids, the committed seq of each id's builder, from, to.
    /// (ids, seq per id, from, to, readers available for decoding).
    caf::replies_to<read_atom, std::vector<uint64_t>, std::vector<uint64_t>,
                    int64_t, int64_t, uint32_t>::with<read_answer>,
    /// Decodes one part of a large read: runs for its slots, in order.
    caf::replies_to<decode_atom, raw_rows, int64_t,
                    int64_t>::with<std::vector<series_run>>,
    /// Latest point per series (runs of 0 or 1 point).
    caf::replies_to<latest_atom, std::vector<uint64_t>,
                    std::vector<uint64_t>>::with<std::vector<series_run>>,
    /// Rows of tier (id) for the series with from <= bucket <= to, ordered
    /// by series and bucket.
    caf::replies_to<tier_atom, int64_t, std::vector<uint64_t>, int64_t,
                    int64_t>::with<std::vector<db::rollup_row>>>;

using registry_actor = caf::typed_actor<
    caf::replies_to<write_atom, std::vector<sample>>::with<uint64_t>,
    caf::replies_to<write_atom, resolved_batch>::with<uint64_t>,
    caf::replies_to<resolve_atom,
                    std::vector<series_key>>::with<std::vector<uint64_t>>,
    caf::replies_to<series_atom, selector>::with<std::vector<series_info>>,
    caf::replies_to<metrics_atom>::with<std::vector<std::string>>,
    caf::replies_to<lnames_atom, std::string>::with<std::vector<std::string>>,
    caf::replies_to<lvalues_atom, std::string,
                    std::string>::with<std::vector<std::string>>,
    caf::replies_to<info_atom>::with<uint64_t>,
    /// The number of the last batch dispatched so far.
    caf::replies_to<fence_atom>::with<uint64_t>,
    /// Removes those of the series not written (nor resolved) after batch
    /// `fence`; replies with the removed ids.
    caf::replies_to<retire_atom, std::vector<uint64_t>,
                    uint64_t>::with<std::vector<uint64_t>>>;

} // namespace timeless::detail

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(timeless::detail::series_run)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<timeless::detail::series_run>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(timeless::detail::shard_batch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(timeless::detail::builder_input)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(timeless::detail::checkpoint_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(timeless::detail::memory_answer)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(timeless::detail::raw_rows)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(timeless::detail::read_answer)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(timeless::db::store_stats)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(timeless::detail::rollup_batch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(timeless::detail::compaction_batch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<timeless::db::rollup_row>)
