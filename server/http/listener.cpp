#include "server/http/listener.hpp"

#include <cstdio>

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "timeless/error.hpp"

namespace timeless::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

listener::listener(net::io_context& ioc, const router& routes,
                   const route_env& env, session_registry& registry)
    : ioc_(ioc), acceptor_(net::make_strand(ioc)), routes_(routes), env_(env),
      registry_(registry) {
  // nop
}

caf::error listener::open(const tcp::endpoint& ep) {
  boost::system::error_code ec;
  auto fail = [&](const char* what) {
    return make_error(errc::io_error, std::string{"cannot "} + what + " " +
                                          ep.address().to_string() + ":" +
                                          std::to_string(ep.port()) + ": " +
                                          ec.message());
  };
  if (acceptor_.open(ep.protocol(), ec))
    return fail("open a socket for");
  if (acceptor_.set_option(net::socket_base::reuse_address(true), ec))
    return fail("set SO_REUSEADDR on");
  if (acceptor_.bind(ep, ec))
    return fail("bind");
  if (acceptor_.listen(net::socket_base::max_listen_connections, ec))
    return fail("listen on");
  return {};
}

uint16_t listener::port() const {
  boost::system::error_code ec;
  auto ep = acceptor_.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void listener::run() {
  net::post(acceptor_.get_executor(),
            [self = shared_from_this()] { self->do_accept(); });
}

void listener::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ec;
    self->acceptor_.close(ec);
  });
}

void listener::do_accept() {
  auto ex = net::make_strand(ioc_);
  acceptor_.async_accept(
      ex, [self = shared_from_this(), ex](boost::system::error_code ec,
                                          tcp::socket socket) {
        if (ec == net::error::operation_aborted || !self->acceptor_.is_open())
          return;
        if (ec) {
          std::fprintf(stderr, "timeless serve: accept failed: %s\n",
                       ec.message().c_str());
        } else {
          // No Nagle: a streamed answer's last small chunk would otherwise
          // wait for the client's delayed ACK of the one before (40 ms on
          // Linux: an export of one day took 48 ms instead of 1).
          boost::system::error_code opt_ec;
          socket.set_option(tcp::no_delay(true), opt_ec);
          std::make_shared<session>(std::move(socket), ex, self->routes_,
                                    self->env_, self->registry_)
              ->start();
        }
        self->do_accept();
      });
}

} // namespace timeless::server
