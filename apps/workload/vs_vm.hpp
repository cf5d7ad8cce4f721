#pragma once

// The "vs-vm" workload: the data set the original compared itself with
// VictoriaMetrics on, reproduced bit for bit from the reference generator
// ../shared/workloads/gen_vs_vm.py (see docs/workloads.md).
//
// 10 metrics x `devices` hosts (`host="dev_<d>"`), one point every 300 s.
// The value of metric m on host d at unix second ts is, in doubles:
//   n    = crc32("<ts>:<d>:<metric name>") / 2^32   (zlib's CRC-32)
//   dh   = crc32("<d>") / 2^32
//   hour = floor(ts / 3600) mod 24
//   day  = 0.5 + 0.5 * sin((hour - 4) / 24 * 2 * pi)
//   v    = round(VALUE_FN[m](day, n, dh), 2)        (Python's round)
// with VALUE_FN evaluated left to right and no FMA contraction.

#include <cstdint>
#include <cstdio>
#include <string>
#include <type_traits>
#include <vector>

namespace timeless::workload {

/// What to generate: `days` days of `devices` hosts from unix second `t0`;
/// `prefix` is prepended to every metric name.
struct vs_vm_options {
  int64_t t0 = 1792872000;
  int days = 30;
  int devices = 50;
  std::string prefix;
};

/// Seconds between two points of a series.
inline constexpr int64_t vs_vm_step = 300;

/// Points per series per day (86400 / 300).
inline constexpr int vs_vm_points_per_day = 288;

/// The 10 metric names in scrape order: cpu_usage, mem_usage, disk_usage,
/// load_avg, if_in_octets, if_out_octets, temperature, signal_power,
/// ping_latency, bandwidth_util.
const std::vector<std::string>& vs_vm_metrics();

/// The value of metric `metric_index` (into vs_vm_metrics()) on host
/// `dev_<dev>` at unix second `ts_seconds`; bit-identical to gen_vs_vm.py.
double vs_vm_value(int64_t ts_seconds, int dev, int metric_index);

namespace detail {

using vs_vm_visit_fn = void (*)(void* ctx, int metric, int dev, double value);

/// The engine behind vs_vm_for_each_point.
void vs_vm_visit(int64_t ts_seconds, int devices, vs_vm_visit_fn fn, void* ctx);

} // namespace detail

/// All points of one timestamp in scrape order (host, then metric): calls
/// `visit(metric_index, dev, value)` for dev in [0, devices) and every
/// metric. Allocates nothing; shares the CRC of "<ts>:" and "<dev>:" between
/// the points, so it is faster than calling vs_vm_value per point.
template <class Visit>
void vs_vm_for_each_point(int64_t ts_seconds, int devices, Visit&& visit) {
  detail::vs_vm_visit(
      ts_seconds, devices,
      [](void* ctx, int metric, int dev, double value) {
        (*static_cast<std::remove_reference_t<Visit>*>(ctx))(metric, dev,
                                                             value);
      },
      const_cast<void*>(static_cast<const void*>(&visit)));
}

/// Python's `round(x, 2)`: the double nearest to the exact decimal value of
/// `x` rounded half-even to 2 decimals. Infinities and NaN pass through.
double python_round2(double x);

/// Writes Python's `repr(x)` (shortest round-trip digits; fixed notation
/// with at least one decimal for 1e-4 <= |x| < 1e16, else "1.5e+16" style)
/// to `buf`, which must hold 32 characters. Returns the end of the text.
char* python_float_repr(double x, char* buf);

/// Writes the data set as Prometheus text exposition, byte-identical to
/// `gen_vs_vm.py --format prometheus`: one line per point, timestamps in ms,
/// ordered by timestamp, then host, then metric.
void write_vs_vm_prometheus(const vs_vm_options& opts, std::FILE* out);

/// Writes the data set as VictoriaMetrics JSON lines, byte-identical to
/// `gen_vs_vm.py --format jsonl`: one line per series per day.
void write_vs_vm_jsonl(const vs_vm_options& opts, std::FILE* out);

} // namespace timeless::workload
