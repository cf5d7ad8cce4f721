#pragma once

#include <cstdint>

#include "db/database.hpp"
#include "db/status.hpp"

namespace timeless::db {

/// Sizes of a store, for the stats API and the storage benchmarks.
struct store_stats {
  uint64_t series = 0;
  uint64_t segments = 0;
  /// SUM(point_count) over segments.
  uint64_t points = 0;
  /// SUM(length(data)) over segments: the real BLOB bytes.
  uint64_t segment_bytes = 0;
  uint64_t open_segments = 0;
  uint64_t open_segment_bytes = 0;
  uint64_t page_size = 0;
  uint64_t page_count = 0;
  uint64_t freelist_count = 0;
  /// The meta value `segment_max_seq` (0 before the first segment).
  uint64_t max_seq = 0;
};

/// Fills `out` in one read of the file (one statement, one snapshot).
status read_stats(database& db, store_stats& out);

} // namespace timeless::db
