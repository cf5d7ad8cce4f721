#pragma once

// Accepts TCP connections and starts a `session` for each, on a strand of
// its own.

#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <caf/error.hpp>

#include "server/http/session.hpp"

namespace timeless::server {

class listener : public std::enable_shared_from_this<listener> {
 public:
  listener(boost::asio::io_context& ioc, const router& routes,
           const route_env& env, session_registry& registry);

  /// Opens, binds and listens on `ep`; fails with `errc::io_error` naming
  /// the address and the reason.
  caf::error open(const boost::asio::ip::tcp::endpoint& ep);

  /// The port bound (after `open`).
  uint16_t port() const;

  /// Starts accepting.
  void run();

  /// Stops accepting (thread-safe).
  void stop();

 private:
  void do_accept();

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  const router& routes_;
  const route_env& env_;
  session_registry& registry_;
};

} // namespace timeless::server
