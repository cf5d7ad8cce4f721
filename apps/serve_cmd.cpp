#include "apps/serve_cmd.hpp"

#include <csignal>
#include <cstdio>
#include <pthread.h>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include "formats/duration.hpp"
#include "formats/error_text.hpp"
#include "server/http/http_server.hpp"
#include "timeless/error.hpp"
#include "timeless/store.hpp"

namespace timeless::apps {

caf::expected<server::server_options>
make_server_options(const serve_config& cfg) {
  server::server_options o;
  if (auto err = server::parse_listen(cfg.listen, o.address, o.port))
    return make_error(errc::invalid_argument,
                      "--listen: " + formats::error_text(err));
  auto body = server::parse_size(cfg.max_body);
  if (!body)
    return make_error(errc::invalid_argument,
                      "--max-body: " + formats::error_text(body.error()));
  o.max_body = *body;
  auto timeout = formats::parse_duration_ms(cfg.read_timeout);
  if (!timeout)
    return make_error(errc::invalid_argument,
                      "--read-timeout: " +
                          formats::error_text(timeout.error()));
  if (*timeout <= 0)
    return make_error(errc::invalid_argument,
                      "--read-timeout: must be positive");
  o.read_timeout = std::chrono::milliseconds{*timeout};
  o.threads = cfg.threads;
  return o;
}

caf::error run_serve(const serve_config& cfg) {
  auto opts = make_server_options(cfg);
  if (!opts)
    return opts.error();
  // Every thread started from here on (CAF's, Asio's) inherits the mask,
  // so the signals wait for sigwait below.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);
  caf::actor_system_config sys_cfg;
  add_message_types(sys_cfg);
  sys_cfg.set("scheduler.max-throughput", 100);
  caf::actor_system sys{sys_cfg};
  auto store = spawn_store(sys, cfg.store);
  if (!store)
    return store.error();
  auto srv = server::http_server::start(sys, *store, *opts);
  if (!srv) {
    caf::scoped_actor self{sys};
    self->request(*store, caf::infinite, close_atom::value)
        .receive([](caf::ok_atom) {}, [](caf::error&) {});
    return srv.error();
  }
  std::fprintf(stderr, "timeless serve: listening on %s:%u (data dir %s)\n",
               opts->address.c_str(), static_cast<unsigned>((*srv)->port()),
               cfg.store.data_dir.c_str());
  std::fflush(stderr);
  int sig = 0;
  sigwait(&sigs, &sig);
  std::fprintf(stderr, "timeless serve: %s: stopping\n",
               sig == SIGINT ? "SIGINT" : "SIGTERM");
  (*srv)->stop();
  caf::error result;
  {
    caf::scoped_actor self{sys};
    self->request(*store, caf::infinite, close_atom::value)
        .receive([](caf::ok_atom) {},
                 [&](caf::error& err) { result = std::move(err); });
  }
  if (result)
    return result;
  std::fprintf(stderr, "timeless serve: stopped; the store is closed\n");
  return {};
}

} // namespace timeless::apps
