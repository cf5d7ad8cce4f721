#pragma once

// The bounds of every request and the other settings of the HTTP server,
// and the text forms `timeless serve` takes them in.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

#include "server/http/auth.hpp"

namespace timeless::server {

/// Settings of an `http_server`.
struct server_options {
  /// Address to bind; loopback unless told otherwise.
  std::string address = "127.0.0.1";
  /// Port to bind; 0 picks a free one (see `http_server::port`).
  uint16_t port = 8428;
  /// I/O threads (0: 2).
  size_t threads = 0;
  /// Largest request body, before and after gzip inflation (413 beyond).
  size_t max_body = 64 * 1024 * 1024;
  /// Largest request line plus headers (431 beyond).
  size_t max_header = 64 * 1024;
  /// Time allowed to read one whole request (header and body), counted
  /// from the moment the server starts waiting for it: an idle keep-alive
  /// connection and a slow sender are both cut off after it.
  std::chrono::milliseconds read_timeout{30000};
  /// Time allowed to write one response (or one chunk of a stream).
  std::chrono::milliseconds write_timeout{30000};
  /// Time a store request may take before the answer is 503/500.
  std::chrono::milliseconds store_timeout{60000};
  /// Points per write request to the store.
  size_t batch_points = 10000;
  /// Write requests of one import in flight at once.
  size_t max_writes_in_flight = 4;
  /// How long an import retries batches the store refuses for
  /// backpressure before answering 503.
  std::chrono::milliseconds backpressure_timeout{5000};
  /// An exported series with more points is written as several lines.
  size_t export_points_per_line = 10000;
  /// Responses shorter than this are never gzipped.
  size_t gzip_min_bytes = 1024;
  /// How long `stop` waits for requests in flight.
  std::chrono::milliseconds shutdown_timeout{30000};
  /// The longest a PromQL query may take (fetch and evaluation); a
  /// `timeout` parameter can only shorten it (503 `timeout` beyond).
  std::chrono::milliseconds query_timeout{120000};
  /// The most points one PromQL query may fetch, and the evaluator's
  /// sample limit (eval_options::max_samples); 422 beyond.
  int64_t query_max_samples = 50'000'000;
  /// The longest PromQL query text, in bytes (400 `bad_data` beyond), as
  /// VictoriaMetrics' -search.maxQueryLen; nesting is bounded separately
  /// by the parser (promql::max_nesting_depth).
  size_t max_query_length = 64 * 1024;
  /// The most series one read may select: a PromQL query, or the series
  /// and label routes with `match[]` (422 beyond, naming the flag), as
  /// VictoriaMetrics' -search.maxUniqueTimeseries. Exports stream and are
  /// not capped.
  size_t max_series_per_query = 300'000;
  /// Bearer tokens every route but /health needs (empty: no
  /// authentication; see server/http/auth.hpp).
  auth_tokens auth;
  /// Alert rules are evaluated on a timer at this interval (0: only on
  /// demand, `POST /api/v1/alerts/evaluate`).
  std::chrono::milliseconds alert_interval{60000};
  /// The server's address as webhook receivers reach it, for the chart
  /// links of webhook calls; empty: "http://<address>:<bound port>".
  std::string external_url;
  /// Time one webhook attempt may take, and attempts per delivery.
  std::chrono::milliseconds webhook_timeout{5000};
  size_t webhook_attempts = 3;
  /// Pause before the first webhook retry, doubled before each next one.
  std::chrono::milliseconds webhook_backoff{1000};
  /// The clock of alert evaluations (ms since the epoch); the system
  /// clock if empty. Tests inject their own.
  std::function<int64_t()> alert_clock;
};

/// Parses a byte size: digits with an optional unit B, K/KB/KiB, M/MB/MiB,
/// G/GB/GiB (all powers of 1024, any case), e.g. "64MiB", "1048576",
/// "512k". Fails with `errc::invalid_argument` on anything else, zero, or
/// overflow.
caf::expected<size_t> parse_size(std::string_view text);

/// Parses "HOST:PORT" (IPv6 hosts in brackets, "[::1]:8428") into
/// `address` and `port`.
caf::error parse_listen(std::string_view text, std::string& address,
                        uint16_t& port);

} // namespace timeless::server
