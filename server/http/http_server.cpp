#include "server/http/http_server.hpp"

#include <cstdio>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>

#include "server/bridge/store_bridge.hpp"
#include "server/http/listener.hpp"
#include "server/routes/routes.hpp"
#include "timeless/error.hpp"

namespace timeless::server {

namespace net = boost::asio;

struct http_server::impl {
  server_options opts;
  net::io_context ioc;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  server_metrics metrics;
  store_bridge bridge;
  route_env env;
  std::unique_ptr<alert_service> alerts;
  router routes;
  session_registry registry;
  std::shared_ptr<listener> accept;
  std::vector<std::thread> threads;
  bool stopped = false;

  impl(caf::actor_system& sys, store_actor store, server_options o)
      : opts(std::move(o)), ioc(static_cast<int>(opts.threads)),
        work(net::make_work_guard(ioc)),
        bridge(sys, std::move(store), opts.store_timeout), env{bridge, metrics,
                                                               opts},
        routes(make_router()) {
    // nop
  }
};

http_server::http_server(std::unique_ptr<impl> p) : impl_(std::move(p)) {
  // nop
}

http_server::~http_server() {
  stop();
}

caf::expected<std::unique_ptr<http_server>>
http_server::start(caf::actor_system& sys, store_actor store,
                   server_options opts) {
  if (opts.threads == 0)
    opts.threads = 2;
  boost::system::error_code ec;
  auto addr = net::ip::make_address(opts.address, ec);
  if (ec)
    return make_error(errc::invalid_argument, "bad listen address '" +
                                                  opts.address +
                                                  "': " + ec.message());
  auto p = std::make_unique<impl>(sys, std::move(store), std::move(opts));
  p->accept =
      std::make_shared<listener>(p->ioc, p->routes, p->env, p->registry);
  if (auto err = p->accept->open({addr, p->opts.port}))
    return err;
  alert_config acfg;
  acfg.interval = p->opts.alert_interval;
  acfg.external_url = p->opts.external_url;
  if (acfg.external_url.empty()) {
    auto host = addr.is_v6() ? "[" + p->opts.address + "]" : p->opts.address;
    acfg.external_url =
        "http://" + host + ":" + std::to_string(p->accept->port());
  }
  acfg.clock = p->opts.alert_clock;
  acfg.store_timeout = p->opts.store_timeout;
  webhook_options wopts;
  wopts.attempt_timeout = p->opts.webhook_timeout;
  wopts.attempts = p->opts.webhook_attempts;
  wopts.backoff = p->opts.webhook_backoff;
  p->alerts = std::make_unique<alert_service>(sys, p->bridge.store(),
                                              std::move(acfg), wopts);
  p->env.alerts = p->alerts.get();
  p->accept->run();
  for (size_t i = 0; i < p->opts.threads; ++i)
    p->threads.emplace_back([io = &p->ioc] { io->run(); });
  return std::unique_ptr<http_server>(new http_server(std::move(p)));
}

uint16_t http_server::port() const {
  return impl_->accept->port();
}

size_t http_server::requests_in_flight() const {
  return impl_->metrics.in_flight();
}

void http_server::stop() {
  if (!impl_ || impl_->stopped)
    return;
  impl_->stopped = true;
  // No more evaluations or webhook calls; a request waiting for the
  // evaluator gets its error and is answered.
  if (impl_->alerts)
    impl_->alerts->stop();
  impl_->accept->stop();
  impl_->registry.shutdown_all();
  if (!impl_->registry.wait_empty(impl_->opts.shutdown_timeout)) {
    std::fprintf(stderr,
                 "timeless serve: requests still in flight after %lld ms; "
                 "stopping anyway\n",
                 static_cast<long long>(impl_->opts.shutdown_timeout.count()));
    impl_->ioc.stop();
  }
  impl_->work.reset();
  for (auto& t : impl_->threads)
    t.join();
  impl_->threads.clear();
  // Store answers still on their way hold strands of `ioc`: wait for them
  // to let go before the io_context can be destroyed.
  impl_->bridge.wait_idle(impl_->opts.store_timeout);
}

} // namespace timeless::server
