#pragma once

// `timeless info`: what a store holds, from `blocking_store::info()`; and
// `timeless --version`: the versions of this build.

#include <ostream>
#include <string>

#include <caf/error.hpp>

#include "timeless/messages.hpp"
#include "timeless/options.hpp"

namespace timeless::apps {

/// The info as aligned lines: series, points, segments, bytes, retention,
/// the schema and segment format versions, and one line per rollup tier.
std::string format_info(const store_info& x);

/// The info as one JSON object with the field names of `store_info`
/// (`raw_retention_ms` and tier `retention_ms` are null for forever,
/// `raw_horizon` null before retention first ran) and `tiers` an array.
std::string info_json(const store_info& x);

/// `timeless --version`: the release (project(VERSION)), the segment format
/// version written and the oldest read, the SQLite schema version and the
/// write-ahead log format version (timeless/version.hpp), one per line.
std::string version_text();

/// Opens the existing store (never creates one) and prints its info.
caf::error run_info(const store_options& opts, bool json, std::ostream& out);

} // namespace timeless::apps
