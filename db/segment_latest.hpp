#pragma once

#include <cstdint>

#include "db/database.hpp"
#include "db/status.hpp"

namespace timeless::db {

/// Finds the end timestamp of the segment of `series_id` (with arrival seq <=
/// `max_seq`) that starts last. Every segment ending later starts at most
/// one segment span before it, so a caller finds the newest point with one
/// `read_segments` from that timestamp on. `found` is false when the series
/// has no segment.
status latest_segment_end(database& db, uint64_t series_id, uint64_t max_seq,
                          int64_t& end_ts, bool& found);

} // namespace timeless::db
