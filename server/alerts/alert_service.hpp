#pragma once

// Alerts for one store, ready to run: the webhook sender, the evaluator
// and their counters, started together and stopped together. The HTTP
// server owns one (`http_server::start`); an application embedding the
// store without the server can own one too and ask its evaluator.

#include <memory>

#include "server/alerts/alert_evaluator.hpp"
#include "server/alerts/webhook_sender.hpp"
#include "server/metrics/alert_metrics.hpp"

namespace timeless::server {

class alert_service {
 public:
  /// Starts the sender and spawns the evaluator (its timer runs at once).
  alert_service(caf::actor_system& sys, store_actor store, alert_config cfg,
                webhook_options webhook = {});

  /// Stops (see `stop`).
  ~alert_service();

  alert_service(const alert_service&) = delete;
  alert_service& operator=(const alert_service&) = delete;

  const alert_evaluator_actor& evaluator() const { return evaluator_; }

  const alert_metrics& metrics() const { return *metrics_; }

  /// Abandons deliveries in flight, then stops the evaluator (an
  /// evaluation under way ends where it is; states already written stay).
  /// Idempotent.
  void stop();

 private:
  std::shared_ptr<alert_metrics> metrics_;
  std::shared_ptr<webhook_sender> sender_;
  alert_evaluator_actor evaluator_;
  bool stopped_ = false;
};

} // namespace timeless::server
