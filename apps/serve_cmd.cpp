#include "apps/serve_cmd.hpp"

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <pthread.h>
#include <string_view>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include "formats/duration.hpp"
#include "formats/error_text.hpp"
#include "server/alerts/webhook_sender.hpp"
#include "server/http/http_server.hpp"
#include "timeless/error.hpp"
#include "timeless/store.hpp"

namespace timeless::apps {

namespace {

/// Parses a positive decimal integer of at most 18 digits.
std::optional<uint64_t> parse_count(std::string_view text) {
  if (text.empty() || text.size() > 18)
    return std::nullopt;
  uint64_t n = 0;
  for (auto c : text) {
    if (c < '0' || c > '9')
      return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  if (n == 0)
    return std::nullopt;
  return n;
}

} // namespace

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
  auto qt = formats::parse_duration_ms(cfg.query_timeout);
  if (!qt)
    return make_error(errc::invalid_argument,
                      "--query-timeout: " + formats::error_text(qt.error()));
  if (*qt <= 0)
    return make_error(errc::invalid_argument,
                      "--query-timeout: must be positive");
  o.query_timeout = std::chrono::milliseconds{*qt};
  auto samples = parse_count(cfg.max_samples);
  if (!samples || *samples > static_cast<uint64_t>(INT64_MAX))
    return make_error(errc::invalid_argument,
                      "--max-samples: '" + cfg.max_samples +
                          "' is not a positive integer");
  o.query_max_samples = static_cast<int64_t>(*samples);
  auto qlen = server::parse_size(cfg.max_query_length);
  if (!qlen)
    return make_error(errc::invalid_argument,
                      "--max-query-length: " +
                          formats::error_text(qlen.error()));
  o.max_query_length = *qlen;
  auto series = parse_count(cfg.max_series_per_query);
  if (!series)
    return make_error(errc::invalid_argument,
                      "--max-series-per-query: '" + cfg.max_series_per_query +
                          "' is not a positive integer");
  o.max_series_per_query = static_cast<size_t>(*series);
  if (!cfg.auth_token_file.empty()) {
    auto tokens = server::load_auth_tokens(cfg.auth_token_file);
    if (!tokens)
      return make_error(errc::invalid_argument,
                        "--auth-token-file: " +
                            formats::error_text(tokens.error()));
    o.auth = std::move(*tokens);
  }
  if (cfg.alert_interval == "0") {
    o.alert_interval = std::chrono::milliseconds{0};
  } else {
    auto ai = formats::parse_duration_ms(cfg.alert_interval);
    if (!ai)
      return make_error(errc::invalid_argument,
                        "--alert-interval: " + formats::error_text(ai.error()));
    if (*ai <= 0)
      return make_error(errc::invalid_argument,
                        "--alert-interval: must be positive (or 0)");
    o.alert_interval = std::chrono::milliseconds{*ai};
  }
  if (!cfg.external_url.empty()) {
    if (auto u = server::parse_http_url(cfg.external_url); !u)
      return make_error(errc::invalid_argument,
                        "--external-url: " + formats::error_text(u.error()));
    o.external_url = cfg.external_url;
  }
  auto wt = formats::parse_duration_ms(cfg.webhook_timeout);
  if (!wt)
    return make_error(errc::invalid_argument,
                      "--webhook-timeout: " + formats::error_text(wt.error()));
  if (*wt <= 0)
    return make_error(errc::invalid_argument,
                      "--webhook-timeout: must be positive");
  o.webhook_timeout = std::chrono::milliseconds{*wt};
  auto wa = parse_count(cfg.webhook_attempts);
  if (!wa || *wa > 100)
    return make_error(errc::invalid_argument,
                      "--webhook-attempts: '" + cfg.webhook_attempts +
                          "' is not an integer from 1 to 100");
  o.webhook_attempts = static_cast<size_t>(*wa);
  return o;
}

caf::expected<store_options> make_serve_store_options(const serve_config& cfg) {
  auto o = cfg.store;
  if (!cfg.max_labels_per_series.empty()) {
    auto n = parse_count(cfg.max_labels_per_series);
    if (!n)
      return make_error(errc::invalid_argument,
                        "--max-labels-per-series: '" +
                            cfg.max_labels_per_series +
                            "' is not a positive integer");
    o.limits.max_labels = static_cast<size_t>(*n);
  }
  if (!cfg.max_label_value_length.empty()) {
    auto n = server::parse_size(cfg.max_label_value_length);
    if (!n)
      return make_error(errc::invalid_argument,
                        "--max-label-value-length: " +
                            formats::error_text(n.error()));
    o.limits.max_value_bytes = *n;
  }
  return o;
}

caf::error run_serve(const serve_config& cfg) {
  auto opts = make_server_options(cfg);
  if (!opts)
    return opts.error();
  auto store_opts = make_serve_store_options(cfg);
  if (!store_opts)
    return store_opts.error();
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
  auto store = spawn_store(sys, *store_opts);
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
