#include "server/alerts/alert_service.hpp"

#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

namespace timeless::server {

alert_service::alert_service(caf::actor_system& sys, store_actor store,
                             alert_config cfg, webhook_options webhook)
    : metrics_(std::make_shared<alert_metrics>()),
      sender_(std::make_shared<webhook_sender>(webhook)) {
  evaluator_ = spawn_alert_evaluator(sys, std::move(store), std::move(cfg),
                                     sender_, metrics_);
}

alert_service::~alert_service() {
  stop();
}

void alert_service::stop() {
  if (stopped_)
    return;
  stopped_ = true;
  sender_->stop();
  caf::anon_send_exit(evaluator_, caf::exit_reason::user_shutdown);
}

} // namespace timeless::server
