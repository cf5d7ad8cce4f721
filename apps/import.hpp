#pragma once

// `timeless import`: backfills a store from Prometheus text exposition or
// VictoriaMetrics JSON lines. Streams: each file is read line by line into
// batches of about `batch_points` points written through the blocking
// store (a batch is written on a second thread while the next one is
// parsed), so memory stays flat for any file size. Every rejected line is
// reported as `FILE:LINE: reason`; the lines around it are kept.

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "timeless/options.hpp"

namespace timeless::apps {

/// What to import.
struct import_config {
  /// "prometheus" or "jsonl".
  std::string format = "prometheus";
  /// Files to read in order; "-" (or no file at all) reads stdin.
  std::vector<std::string> files;
  /// Points per store write (a JSON line is never split).
  size_t batch_points = 10'000;
  /// Show progress on stderr for files of at least `progress_min_bytes`.
  bool progress = true;
  uint64_t progress_min_bytes = 64ull << 20;
  store_options store;
  /// "Now" for counting points older than the raw retention (default: the
  /// system clock).
  std::function<int64_t()> clock;
};

/// What an import did.
struct import_report {
  std::string format;
  uint64_t files = 0;
  uint64_t lines = 0;
  uint64_t points = 0;
  uint64_t rejected_lines = 0;
  /// Accepted points older than now minus the raw retention.
  uint64_t old_points = 0;
  int64_t raw_retention_ms = retention_forever;
  /// Seconds from opening the store to closing it (everything durable).
  double seconds = 0;
  /// A file could not be opened or the store failed: the import stopped
  /// (points written before stay written) or never started.
  bool failed = false;

  /// 0: every line accepted; 1: some lines rejected; 2: `failed`.
  int exit_status() const { return failed ? 2 : rejected_lines > 0 ? 1 : 0; }
};

/// Runs the import. Rejected lines, failures and the retention notice go to
/// `err` (written by the thread that flushes batches, never concurrently);
/// the caller prints the report.
import_report run_import(const import_config& cfg, std::ostream& err);

/// The report as aligned lines, e.g. "  points accepted   8640000".
std::string format_import_report(const import_report& r);

/// The report as one JSON object.
std::string import_report_json(const import_report& r);

} // namespace timeless::apps
