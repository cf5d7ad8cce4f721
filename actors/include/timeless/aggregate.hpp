#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <caf/meta/type_name.hpp>

namespace timeless {

/// How the points of one time bucket become one value.
enum class aggregate_fn : uint8_t {
  avg,
  min,
  max,
  count,
  sum,
  first,
  last,
  rate,
  increase,
};

/// Returns the name of `x`: "avg", "min", ..., "increase".
std::string to_string(aggregate_fn x);

/// Sets `out` to the function named `name` ("avg", ..., exact lower case)
/// and returns true, or returns false leaving `out` unchanged.
bool parse_aggregate_fn(std::string_view name, aggregate_fn& out);

/// The aggregate of one bucket; `bucket` is the bucket's start in
/// milliseconds since the epoch.
struct bucket_value {
  int64_t bucket = 0;
  double value = 0;

  friend bool operator==(const bucket_value&, const bucket_value&) = default;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, bucket_value& x) {
  return f(caf::meta::type_name("timeless::bucket_value"), x.bucket, x.value);
}

/// Returns the start of the epoch-aligned bucket of width `width_ms` (> 0)
/// holding `ts`: floor(ts / width_ms) * width_ms, rounding toward negative
/// infinity (-1 is in bucket -width_ms). The lowest bucket of the int64 range
/// may start below INT64_MIN; its start is reported as INT64_MIN.
int64_t bucket_start(int64_t ts, int64_t width_ms);

/// Aggregates the points with from <= ts <= to into epoch-aligned buckets of
/// `width_ms` (> 0) and appends one value per non-empty bucket to `out`, in
/// ascending bucket order. Point i is (ts[i], values[i]); `ts` is sorted
/// ascending (equal timestamps allowed, kept in input order). Runs in one
/// pass, allocating nothing but the growth of `out`.
///
/// Per bucket:
/// - avg, sum: IEEE arithmetic, so one NaN makes the result NaN, as does
///   +Inf together with -Inf;
/// - min, max: NaN values are ignored; the result is NaN only if every value
///   is NaN (as Prometheus' min_over_time / max_over_time);
/// - count: the number of points, NaN ones included;
/// - first, last: the value at the lowest / highest timestamp; on ties the
///   first / last in input order (the original took the first of the tied
///   last points);
/// - increase: the sum over adjacent pairs (v1, v2) of v2 - v1 if v2 >= v1,
///   else v2: a counter reset counts the value after the reset as growth,
///   as in Prometheus. Deliberately unlike the original, which skipped reset
///   pairs and so lost the growth since the reset. A NaN value makes it NaN;
/// - rate: increase / ((last ts - first ts) / 1000), per second.
/// Both increase and rate are 0.0 for a bucket with fewer than 2 points or
/// whose points all share one timestamp (as the original's rate). Pairs that
/// cross a bucket boundary are not used: a bucket's growth is its own.
void aggregate_points(std::span<const int64_t> ts,
                      std::span<const double> values, int64_t from, int64_t to,
                      int64_t width_ms, aggregate_fn fn,
                      std::vector<bucket_value>& out);

} // namespace timeless
