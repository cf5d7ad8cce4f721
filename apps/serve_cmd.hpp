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
};

/// Checks `cfg` into server options; errors name the flag.
caf::expected<server::server_options>
make_server_options(const serve_config& cfg);

/// Opens (or creates) the store, serves it until SIGINT or SIGTERM, then
/// stops accepting, answers the requests in flight, closes the store and
/// returns. Logs one line at start and one at stop to stderr.
caf::error run_serve(const serve_config& cfg);

} // namespace timeless::apps
