#pragma once

// `timeless serve`: the HTTP server (server/, docs/server.md) on a store,
// until SIGINT or SIGTERM.

#include <cstddef>
#include <string>

#include <caf/error.hpp>

#include "server/http/limits.hpp"
#include "timeless/options.hpp"

namespace timeless::apps {

/// `timeless serve`'s settings as given on the command line.
struct serve_config {
  store_options store;
  /// HOST:PORT; port 0 picks a free one (printed at start).
  std::string listen = "127.0.0.1:8428";
  /// Largest request body, before and after inflation (parse_size).
  std::string max_body = "64MiB";
  /// I/O threads (0: 2).
  size_t threads = 0;
  /// Time to read one request, and an idle connection's lifetime.
  std::string read_timeout = "30s";
  /// Longest a PromQL query may take (server_options::query_timeout).
  std::string query_timeout = "2m";
  /// Most points one PromQL query may load (query_max_samples).
  std::string max_samples = "50000000";
  /// Longest PromQL query text (server_options::max_query_length).
  std::string max_query_length = "64KiB";
  /// Labels per series (name_limits::max_labels), "" keeps the store's.
  std::string max_labels_per_series;
  /// Bytes of one label value (name_limits::max_value_bytes), a size as
  /// `parse_size` reads it; "" keeps the store's.
  std::string max_label_value_length;
  /// Most series one read may select (server_options).
  std::string max_series_per_query = "300000";
  /// Token file (server/http/auth.hpp); empty: no authentication.
  std::string auth_token_file;
  /// Alert evaluations on the timer (server_options::alert_interval);
  /// "0" evaluates only on demand.
  std::string alert_interval = "60s";
  /// The server's URL for webhook chart links; "" derives it from --listen.
  std::string external_url;
  /// One webhook attempt's time limit (server_options::webhook_timeout).
  std::string webhook_timeout = "5s";
  /// Attempts per webhook delivery (server_options::webhook_attempts).
  std::string webhook_attempts = "3";
};

/// Checks `cfg` into server options; errors name the flag.
caf::expected<server::server_options>
make_server_options(const serve_config& cfg);

/// Returns `cfg.store` with the serve flags that bound the store's series
/// (`--max-labels-per-series`, `--max-label-value-length`) applied; errors
/// name the flag.
caf::expected<store_options> make_serve_store_options(const serve_config& cfg);

/// Opens (or creates) the store, serves it until SIGINT or SIGTERM, then
/// stops accepting, answers the requests in flight, closes the store and
/// returns. Logs one line at start and one at stop to stderr.
caf::error run_serve(const serve_config& cfg);

} // namespace timeless::apps
