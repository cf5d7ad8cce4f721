#pragma once

// The HTTP server of `timeless serve`: a listener and its connections on a
// pool of I/O threads, the route table of server/routes/, and the bridge
// to a store's actors. See docs/server.md.

#include <memory>

#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

#include "server/http/limits.hpp"
#include "timeless/store.hpp"

namespace timeless::server {

class http_server {
 public:
  /// Binds `opts.address:opts.port` and starts serving `store` (which
  /// lives in `sys`; both must outlive the server). Fails with
  /// `errc::io_error` when the address cannot be bound.
  static caf::expected<std::unique_ptr<http_server>>
  start(caf::actor_system& sys, store_actor store, server_options opts);

  ~http_server();

  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  /// The port bound (the free port picked for port 0).
  uint16_t port() const;

  /// Requests read and handed to a route, not yet answered.
  size_t requests_in_flight() const;

  /// Stops accepting, closes idle connections, waits (up to
  /// `shutdown_timeout`) for every request in flight to be answered, then
  /// stops the I/O threads. Idempotent. Call from a thread that is not one
  /// of the server's I/O threads. Does not close the store.
  void stop();

 private:
  struct impl;
  explicit http_server(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

} // namespace timeless::server
