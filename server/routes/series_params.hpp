#pragma once

// Which series and which time range a read request names, in either form:
//
// - Prometheus / VictoriaMetrics: one or more `match[]` selectors
//   (timeless::parse_selector; `match` is taken too) and `start`, `end`;
//   without them the range is unbounded;
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

#include "server/http/params.hpp"
#include "timeless/selector.hpp"

namespace timeless::server {

struct series_request {
  std::vector<selector> selectors;
  int64_t from = INT64_MIN;
  int64_t to = INT64_MAX;
  /// Whether `start`, `end`, `from` or `to` was given: the metadata routes
  /// then list only series with points in [from, to].
  bool windowed = false;
};

/// Reads the selectors and the range of `p`. With `required`, a request
/// naming no series fails ("missing match[] or metric parameter");
/// otherwise it gives no selectors. Errors are `errc::invalid_argument`
/// naming the parameter.
caf::expected<series_request>
parse_series_request(const request_params& p, int64_t now_ms, bool required);

/// The system clock in unix milliseconds.
int64_t system_now_ms();

} // namespace timeless::server
