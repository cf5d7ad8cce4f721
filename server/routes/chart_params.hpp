#pragma once

// The parameters of `GET /chart` (routes/chart.cpp):
//
//   metric      required, the metric charted
//   from, start the range's start (`start` wins), default now - 1 h
//   to, end     the range's end (`end` wins), default now
//   step        bucket width: a duration ("30s", "5m") or bare seconds;
//               default (to - from) / 200 rounded up to a nice step (1 s,
//               2 s, 5 s, 10 s, 15 s, 30 s, 1 m, ... 30 m, 1 h, 2 h, 3 h,
//               6 h, 12 h, whole days): at most 200 buckets, aligned with
//               the rollup tiers' buckets (the original: max((to - from) /
//               200, 1 s), any width); at most 11,000 buckets per series
//   aggregate   avg (default), min, max, count, sum, first, last, rate,
//               increase
//   width       800, height 300: pixels, each 100 to 4000
//   theme       light, dark or auto (default)
//   label_key   the label naming series in the legend (default: the one
//               with the most distinct values)
//   _anything   ignored: every name starting with '_' is reserved, so the
//               dashboard's cache-buster `_t` is not a label filter (the
//               original's refresh bug)
//   NAME=VALUE  every other parameter: series whose label NAME equals
//               VALUE (an empty VALUE: series without the label)
//
// Times are read by formats::parse_time_ms (unix seconds or ms, RFC 3339,
// `now`, `-1h`, `now-30m`). Unlike the original, a parameter that does not
// parse is an error naming it, never a silent default.

#include <cstdint>
#include <string>

#include <caf/expected.hpp>

#include "server/chart/svg_chart.hpp"
#include "server/http/params.hpp"
#include "timeless/aggregate.hpp"
#include "timeless/selector.hpp"

namespace timeless::server {

/// Most buckets one series may have (as Prometheus' query_range).
inline constexpr int64_t max_chart_points = 11000;

/// Most series one chart draws; the rest are left out (and the chart
/// says so).
inline constexpr size_t max_chart_series = 50;

struct chart_request {
  /// The metric and the label filters (equality matchers).
  selector sel;
  int64_t from = 0;
  int64_t to = 0;
  int64_t step = 1000;
  aggregate_fn fn = aggregate_fn::avg;
  /// Width, height, theme and label key (no note).
  chart::chart_options opts;
};

/// The step of a chart over `span_ms` without a `step` parameter.
int64_t default_chart_step(uint64_t span_ms);

/// True for the parameters that are not label filters.
bool is_chart_reserved(std::string_view name);

/// Reads a chart request; relative times count back from `now_ms`.
/// Errors are `errc::invalid_argument` naming the parameter.
caf::expected<chart_request> parse_chart_request(const request_params& p,
                                                 int64_t now_ms);

} // namespace timeless::server
