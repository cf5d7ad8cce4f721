#pragma once

// What a route handler sees of one request: the request (its body already
// inflated), its decoded parameters, the connection's strand, the shared
// environment (the store bridge, the metrics, the options), and the two
// ways to answer: a whole response, or a chunked stream fed by a
// `chunk_source`. Handlers run on the connection's strand and must answer
// exactly once; store answers come back on the same strand (see
// server/bridge/store_bridge.hpp).

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "server/alerts/alert_service.hpp"
#include "server/bridge/store_bridge.hpp"
#include "server/http/limits.hpp"
#include "server/http/params.hpp"
#include "server/metrics/server_metrics.hpp"

namespace timeless::server {

namespace http = boost::beast::http;

using strand_type = boost::asio::strand<boost::asio::io_context::executor_type>;
using request_type = http::request<http::string_body>;
using response_type = http::response<http::string_body>;

/// Shared by every request of a server.
struct route_env {
  const store_bridge& bridge;
  server_metrics& metrics;
  const server_options& opts;
  /// The alert evaluator and its counters; null when the server runs
  /// without alerts (set before the first request).
  const alert_service* alerts = nullptr;
};

/// The body of a streamed answer, produced piece by piece: the connection
/// asks for the next piece only after it wrote the previous one, so a slow
/// reader slows the producer down and memory stays bounded.
class chunk_source {
 public:
  enum class state : uint8_t {
    /// More pieces follow.
    more,
    /// This is the last piece.
    last,
    /// Producing failed; the connection is closed without the final
    /// chunk, so the client sees a truncated answer.
    failed,
  };
  using emit_fn = std::function<void(std::string piece, state)>;

  virtual ~chunk_source() = default;

  /// Produces the next piece and calls `emit` exactly once, on the strand
  /// (possibly before returning).
  virtual void next(emit_fn emit) = 0;
};

/// The connection's side of an exchange.
class responder {
 public:
  virtual ~responder() = default;
  virtual void reply(response_type res) = 0;
  virtual void stream(std::string content_type,
                      std::shared_ptr<chunk_source> src) = 0;
};

/// One request and how to answer it.
struct exchange {
  request_type req;
  /// The path without the query string and the `/prometheus` prefix.
  std::string path;
  /// The query string's parameters, then a form body's.
  request_params params;
  /// Path segments a route pattern captured (`<name>`).
  std::vector<std::string> captures;
  /// The route's name (its pattern), for metrics.
  std::string route;
  strand_type ex;
  const route_env& env;
  std::shared_ptr<responder> out;

  exchange(strand_type ex, const route_env& env, std::shared_ptr<responder> r)
      : ex(std::move(ex)), env(env), out(std::move(r)) {
    // nop
  }

  void reply(response_type res) { out->reply(std::move(res)); }
};

using exchange_ptr = std::shared_ptr<exchange>;

} // namespace timeless::server
