#pragma once

// What compaction merges: adjacent small segments of one series become one
// block of at most `block_points` points. A store that checkpoints often
// (every 10 s by default) writes one row per series per closed 4 h segment;
// at one point per 5 minutes that is 48 points a row, and SQLite's per-row
// cost then outweighs the codec (3.5 instead of 2.1 bytes per point on the
// vs-vm workload). The builders merge only what one checkpoint seals;
// compaction merges across checkpoints, afterwards.

#include <cstdint>
#include <span>
#include <vector>

#include "codec/segment_codec.hpp"
#include "db/segment_table.hpp"
#include "timeless/error.hpp"

namespace timeless::detail {

/// A stored segment of one series as compaction sees it.
struct stored_segment {
  uint64_t seq = 0;
  uint64_t arrival = 0; ///< src_seq if compacted, else seq
  int64_t start_ts = 0;
  int64_t end_ts = 0;
  uint32_t point_count = 0;
  std::vector<uint8_t> blob;
};

/// Groups of indexes into `rows` (one series, ordered by start_ts, seq)
/// to merge, each of two or more rows. A row may join a group iff its seq
/// is <= `max_input_seq` and it has fewer than `block_points` points; a
/// group is a run of such rows adjacent in time order whose points add up
/// to at most `block_points` and that spans at most `max_span_ms` from its
/// first to its last timestamp (0: no limit). A group is dropped if a row
/// outside it arrived between two of its rows and overlaps its time range:
/// merging would change the order of equal timestamps.
std::vector<std::vector<size_t>>
plan_compaction(std::span<const stored_segment> rows, uint64_t max_input_seq,
                uint32_t block_points, int64_t max_span_ms = 0);

/// Decodes the rows of `group` (indexes into `rows`), merges their points
/// in arrival order, sorts them stably by time and encodes them into
/// `out.merged` (series `series_id`, src_seq the newest input's arrival
/// seq, seq left 0 for the writer); `out.inputs` gets the rows' seqs.
caf::error
merge_segments(uint64_t series_id, std::span<const stored_segment> rows,
               std::span<const size_t> group, codec::segment_decoder& dec,
               codec::segment_encoder& enc, db::compaction_group& out);

} // namespace timeless::detail
