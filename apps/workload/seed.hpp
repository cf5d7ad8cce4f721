#pragma once

// The "seed" workload: the ingest simulator's default batch, `devices` x
// `metrics` (100 x 20 = 2,000 entries) per collection cycle, with the value
// shapes of real monitoring data (docs/workloads.md lists them):
//   gauges    cpu %, memory and disk bytes, temperatures (slow drift plus
//             noise), load, latency (with spikes), supply voltage;
//   counters  network octets, requests, errors, uptime, disk I/O time:
//             monotonic, reset to near zero when their device reboots;
//   constants memory and disk totals, `up` (1, 0 in the reboot cycle);
//   integers  process and file descriptor counts, fan speed, signal dBm.
// Deterministic from the seed and identical on every platform: only
// splitmix64 and +, -, *, /, floor, fabs (no libm transcendental, no
// std:: distribution). Each series draws from its own stream, so a series'
// values do not depend on how many devices or metrics there are.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace timeless::workload {

/// What to generate: the batch size, the time between cycles, the seed and
/// the timestamp of cycle 0 (unix ms; the daily rhythm follows it).
struct seed_options {
  int devices = 100;
  int metrics = 20;
  int64_t interval_ms = 10000;
  uint64_t seed = 42;
  int64_t t0_ms = 1792872000000;
};

/// How a metric's values behave over time.
enum class value_shape {
  gauge,    ///< goes up and down; may be fractional
  counter,  ///< never decreases except at a reset (a device reboot)
  constant, ///< repeats its previous value almost always
  integer,  ///< goes up and down in whole numbers
};

/// Generates the seed workload cycle by cycle.
class seed_workload {
 public:
  explicit seed_workload(seed_options opts);

  const seed_options& options() const { return opts_; }

  /// The metric names, `metrics` of them. The first 20 are distinct kinds;
  /// beyond that the kinds repeat with a suffix ("cpu_usage_percent_1").
  const std::vector<std::string>& metric_names() const { return names_; }

  /// The shape of metric `metric`.
  value_shape shape(int metric) const;

  /// Labels of device `dev` for metric `metric`, sorted by name: `host`
  /// ("dev-<dev>"), `region` ("eu-west", ...) and the metric's own
  /// (`interface`, `mountpoint`, `sensor`, `method`, `code`, ...); the
  /// metric name itself is not among them. Replaces `out`.
  void labels(int dev, int metric,
              std::vector<std::pair<std::string, std::string>>& out) const;

  /// The timestamp of cycle `cycle`: t0_ms + cycle * interval_ms.
  int64_t timestamp_ms(uint64_t cycle) const {
    return opts_.t0_ms + static_cast<int64_t>(cycle) * opts_.interval_ms;
  }

  /// The values of cycle `cycle` for all devices x metrics into `out`
  /// (resized to devices * metrics), in (dev, metric) order: entry
  /// dev * metrics + metric. Cycles are meant to be asked for in order
  /// (O(devices * metrics) each); asking for the same cycle again is free,
  /// jumping ahead generates the cycles between, going back replays from 0.
  void cycle_values(uint64_t cycle, std::vector<double>& out);

 private:
  struct device_state {
    uint64_t rng;
    double size;   ///< hardware size class: 1, 2, 4 or 8
    double load;   ///< typical utilisation in [0.1, 0.7)
    int region;    ///< index into the region names
    bool rebooted; ///< in the current cycle
  };
  struct series_state {
    uint64_t rng;
    double value; ///< the last value emitted
    double aux;   ///< per-kind: drift, baseline, integer accumulator, ...
  };

  void reset();
  void step();
  double next_value(int kind, const device_state& dev, series_state& s,
                    double daily);

  seed_options opts_;
  std::vector<std::string> names_;
  std::vector<device_state> devices_;
  std::vector<series_state> series_;
  uint64_t next_cycle_ = 0; ///< the cycle step() generates next
};

} // namespace timeless::workload
