#pragma once

// `timeless export`: every point of the series some selectors match (or of
// every series), as VictoriaMetrics JSON lines (see jsonl_parser.hpp and
// json_writer.hpp). `timeless import --format jsonl` of the output gives the
// same data back, bit for bit except NaN payloads.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "timeless/options.hpp"

namespace timeless::apps {

/// What to export.
struct export_config {
  store_options store;
  /// Selectors (timeless/selector.hpp), e.g. `cpu{host=~"dev_1.*"}`,
  /// exported one after the other (a series two of them match is written
  /// twice). None: every metric of the store, in name order.
  std::vector<std::string> match;
  int64_t from = INT64_MIN;
  int64_t to = INT64_MAX;
  /// A series with more points is written as several lines of at most
  /// this many points each, in time order.
  size_t points_per_line = 10'000;
};

/// What an export wrote.
struct export_report {
  uint64_t series = 0;
  uint64_t points = 0;
  uint64_t lines = 0;
};

/// Opens the existing store in `cfg.store.data_dir` (never creates one)
/// and writes the lines to `out`. Fails on a bad selector, a missing or
/// locked store, or a failed query, before writing anything.
caf::expected<export_report> run_export(const export_config& cfg,
                                        std::ostream& out);

} // namespace timeless::apps
