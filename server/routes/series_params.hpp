#pragma once

// Which series and which time range a read request names, in either form:
//
// - Prometheus / VictoriaMetrics: one or more `match[]` selectors
//   (`match` is taken too), each a PromQL series selector as Prometheus'
//   ParseMetricSelector takes it: any matchers on `__name__` and the other
//   labels (`{job="x"}`, `{__name__=~"cpu.*"}`), at least one of which does
//   not match the empty string; and `start`, `end`; without them the range
//   is unbounded;
// - the original's (no `match[]`): `metric=NAME` plus every parameter not
//   in the reserved list (metric from to start end step aggregate width
//   height label_key theme) as an exact label filter, and `start`/`from`,
//   `end`/`to`, defaulting to the last hour (now - 3600 s .. now).
//
// Times are read by formats::parse_time_ms: RFC 3339, unix seconds with a
// fraction, unix milliseconds (13 digits), `now`, `-1h`, `now-30m`. Unlike
// the original, a time that does not parse is an error, not a default.

#include <cstdint>
#include <string>
#include <vector>

#include <caf/expected.hpp>

#include "promql/matcher.hpp"
#include "server/http/params.hpp"
#include "timeless/selector.hpp"

namespace timeless::server {

/// One selector of a read request. `metric` is set when the selector names
/// its metric exactly (`cpu`, `{__name__="cpu"}`, the original's
/// `metric=cpu`); `name_matchers` are its other conditions on `__name__`
/// (`{__name__=~"cpu|mem"}`); `matchers` its conditions on the other
/// labels, as the store takes them.
struct series_selector {
  std::string metric;
  std::vector<promql::matcher> name_matchers;
  std::vector<label_matcher> matchers;
};

/// The store's matcher for a PromQL matcher (=, !=, =~, !~ map one to
/// one; both are fully anchored RE2).
match_op to_store_op(promql::matcher::op k);

struct series_request {
  std::vector<series_selector> selectors;
  int64_t from = INT64_MIN;
  int64_t to = INT64_MAX;
  /// `start` or `end` (`from`, `to`) was given: the metadata routes list
  /// only series with a point in [from, to], as Prometheus does.
  bool ranged = false;
};

/// True if a selector of `sels` names no metric exactly, so that the
/// store's metric names are needed to expand it.
bool needs_metric_names(const std::vector<series_selector>& sels);

/// The store selectors of `sels`, in order: a selector naming its metric
/// gives one (if its name matchers accept the name), any other one per
/// name of `metric_names` its name matchers accept.
std::vector<selector>
expand_selectors(const std::vector<series_selector>& sels,
                 const std::vector<std::string>& metric_names);

/// Reads the selectors and the range of `p`. With `required`, a request
/// naming no series fails ("missing match[] or metric parameter");
/// otherwise it gives no selectors. Errors are `errc::invalid_argument`
/// naming the parameter.
caf::expected<series_request>
parse_series_request(const request_params& p, int64_t now_ms, bool required);

/// The system clock in unix milliseconds.
int64_t system_now_ms();

} // namespace timeless::server
