#pragma once

// `timeless sim`: the ingest simulator. Writes a workload through the native
// batch API (series resolved once, then one resolved batch per collection
// cycle), makes it durable, reopens the store, reads it back and times the
// six queries of ../shared/workloads/README.md.

#include <cstdint>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "timeless/options.hpp"

namespace timeless::apps {

/// What to simulate.
struct sim_config {
  /// "seed" (the scaling plan's batch) or "vs-vm" (the comparison data set).
  std::string workload = "seed";
  int devices = 100;
  int metrics = 20;
  int64_t interval_ms = 10'000;
  /// Collection cycles; one batch of devices x metrics points each.
  int64_t cycles = 4320;
  /// First timestamp (ms).
  int64_t t0_ms = 1'792'872'000'000;
  /// Repetitions of each timed query.
  int query_runs = 200;
  /// Print progress to stderr.
  bool progress = true;
  /// Checkpoint (flush with checkpoint) after every this many cycles, as a
  /// live store does as time passes; 0: only once, after the last cycle.
  int64_t checkpoint_every = 0;
  /// After ingest, measure the directory, compact the store, measure again.
  bool compact = false;
  store_options store;
};

/// Latency of one query, microseconds.
struct query_timing {
  std::string id;
  std::string what;
  double p50_us = 0;
  double p99_us = 0;
  /// Points (or buckets) in its answer.
  uint64_t answer = 0;
};

/// The simulator's report (its JSON form is documented in docs/sim.md).
struct sim_report {
  std::string workload;
  uint64_t series = 0;
  uint64_t points = 0;
  /// Wall seconds from the first write to a durable, checkpointed flush.
  double seconds = 0;
  double points_per_second = 0;
  double cpu_seconds = 0;
  double cpu_seconds_per_million = 0;
  uint64_t bytes_on_disk = 0;
  double bytes_per_point = 0;
  uint64_t refused_batches = 0;
  /// With `compact`: the directory's bytes before compaction, what it did
  /// and its wall seconds (bytes_on_disk is then measured after it).
  uint64_t bytes_before_compaction = 0;
  uint64_t segments_replaced = 0;
  uint64_t segments_written = 0;
  double compaction_seconds = 0;
  /// Points read back over all series equal points written.
  bool read_back_ok = false;
  uint64_t read_back_points = 0;
  std::vector<query_timing> queries;
};

/// Runs the simulation into `cfg.store.data_dir` (which should be empty).
caf::expected<sim_report> run_sim(const sim_config& cfg);

/// The report as an aligned, human-readable table.
std::string format_report(const sim_report& r);

/// The report as one JSON object.
std::string report_json(const sim_report& r);

} // namespace timeless::apps
