#pragma once

// The parameters of `/api/v1/query` and `/api/v1/query_range`, read as
// Prometheus' API (web/api/v1/api.go) reads them:
//
// - a time (`time`, `start`, `end`) is a float of unix seconds
//   ("1700000000", "1700000000.5", rounded to milliseconds) or RFC 3339
//   ("2023-11-14T22:13:20.5Z"); relative forms (`now`, `-1h`, `now-30m`)
//   are accepted too (formats/time_parse.hpp). Otherwise: `invalid
//   parameter "start": cannot parse "x" to a valid timestamp`;
// - a duration (`step`, `timeout`) is a float of seconds ("60", "0.5") or a
//   Prometheus duration ("60s", "1m", "1h30m"); otherwise `invalid
//   parameter "step": cannot parse "x" to a valid duration`;
// - `query` is required: `invalid parameter "query": ...`;
// - a range query needs end >= start ("end timestamp must not be before
//   start time"), step > 0 ("zero or negative query resolution step widths
//   are not accepted. Try a positive integer") and (end - start) / step <=
//   11000 ("exceeded maximum resolution of 11,000 points per timeseries.
//   Try decreasing the query resolution (?step=XX)").
//
// Unlike Prometheus a missing `time`/`end` is now, a missing `start` is end
// minus one hour and a missing `step` is 60 s (the original's defaults).
//
// The original's form of query_range (no `query`): `metric=NAME`, every
// parameter outside the reserved list as an `=` label filter, `from`/`to`
// (or `start`/`end`; also `-1h`, `now`, unix seconds), `step` (default 60)
// and `aggregate` (avg min max sum count last rate; default avg) become the
// PromQL query `<fn>(NAME{l="v",...}[<step>s])`: `avg_over_time` ...
// `last_over_time`, `rate`. `first` has no PromQL function and is an error.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

#include "server/http/params.hpp"

namespace timeless::server {

/// A query as the routes read it.
struct query_request {
  std::string query;
  /// An instant query evaluates at `start_ms` (== `end_ms`) with step 0.
  bool range = false;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  int64_t step_ms = 0;
  /// The `timeout` parameter, if given (else 0).
  std::chrono::milliseconds timeout{0};
};

/// Parses a Prometheus API time into unix milliseconds.
caf::expected<int64_t> parse_prom_time(std::string_view text, int64_t now_ms);

/// Parses a Prometheus API duration into milliseconds (may be <= 0).
caf::expected<int64_t> parse_prom_duration(std::string_view text);

/// Reads the parameters of an instant (`range` false) or range query.
/// Errors are `errc::invalid_argument` with Prometheus' message.
caf::expected<query_request> parse_query_request(const request_params& p,
                                                 bool range, int64_t now_ms);

} // namespace timeless::server
