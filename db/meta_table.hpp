#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "db/database.hpp"
#include "db/status.hpp"

namespace timeless::db {

/// Well-known keys of the `meta` table.
namespace meta_key {
/// INTEGER: the schema version of the file (see db/schema.hpp).
inline constexpr std::string_view schema_version = "schema_version";
/// INTEGER: max(end_ts - start_ts) over every segment ever inserted; the
/// lower bound of read_segments' primary-key range scan.
inline constexpr std::string_view segment_max_span = "segment_max_span";
/// INTEGER: the largest seq of any segment ever inserted (never lowered).
inline constexpr std::string_view segment_max_seq = "segment_max_seq";
/// INTEGER: the highest cutoff retention has applied to segments.
inline constexpr std::string_view raw_horizon = "raw_horizon";
/// INTEGER: series ids below this may have been used by series retention
/// removed; the registry assigns new ids from at least here.
inline constexpr std::string_view series_next_id = "series_next_id";
/// INTEGER: compaction has looked at every segment with seq <= this.
inline constexpr std::string_view compact_mark = "compact_mark";
} // namespace meta_key

/// Sets `key` to the INTEGER `value`, replacing any value.
status put_meta(database& db, std::string_view key, int64_t value);

/// Reads the INTEGER at `key`: not_found if absent, corruption if the value
/// is not an INTEGER.
status get_meta(database& db, std::string_view key, int64_t& value);

/// Sets `key` to the TEXT `value`, replacing any value.
status put_meta_text(database& db, std::string_view key,
                     std::string_view value);

/// Reads the TEXT at `key`: not_found if absent, corruption if the value is
/// not TEXT.
status get_meta_text(database& db, std::string_view key, std::string& value);

/// Removes `key`; ok if it was absent.
status erase_meta(database& db, std::string_view key);

} // namespace timeless::db
