#pragma once

// `timeless rollup`, `timeless retention` and `timeless compact`: run the
// store's background maintenance once, now, and report what it did.

#include <ostream>
#include <string>

#include <caf/error.hpp>

#include "timeless/messages.hpp"
#include "timeless/options.hpp"

namespace timeless::apps {

/// The report as aligned lines, or as one JSON object with the field names
/// of `rollup_report`.
std::string format_rollup(const rollup_report& r);
std::string rollup_json(const rollup_report& r);

/// The report as aligned lines, or as one JSON object with the field names
/// of `retention_report` (`raw_cutoff` null when raw points are kept
/// forever).
std::string format_retention_report(const retention_report& r);
std::string retention_json(const retention_report& r);

/// The report as aligned lines, or as one JSON object with the field names
/// of `compaction_report`.
std::string format_compaction(const compaction_report& r);
std::string compaction_json(const compaction_report& r);

/// Opens the existing store, compacts it once (rolling up first) and prints
/// the report.
caf::error run_compact(const store_options& opts, bool json, std::ostream& out);

/// Opens the existing store, rolls up `tier` (every tier if empty) and
/// prints the report. An unknown tier fails naming it.
caf::error run_rollup(const store_options& opts, const std::string& tier,
                      bool json, std::ostream& out);

/// Opens the existing store, enforces retention once (rolling up first) and
/// prints the report.
caf::error run_retention(const store_options& opts, bool json,
                         std::ostream& out);

} // namespace timeless::apps
