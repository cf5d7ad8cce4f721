#include "server/metrics/alert_metrics.hpp"

#include "server/metrics/prom_text.hpp"

namespace timeless::server {

namespace {

void header(std::string& out, const char* name, const char* help) {
  append_metric_header(out, name, help, "counter");
}

void line(std::string& out, const char* name, const char* labels, uint64_t x) {
  out += name;
  out += labels;
  out += ' ';
  out += std::to_string(x);
  out += '\n';
}

} // namespace

void alert_metrics::render(std::string& out) const {
  header(out, "timeless_alert_evaluations_total",
         "Alert evaluations completed (on the timer and on demand).");
  line(out, "timeless_alert_evaluations_total", "", evaluations_.load());
  header(out, "timeless_alert_evaluation_failures_total",
         "Alert evaluations that failed (the store did not answer).");
  line(out, "timeless_alert_evaluation_failures_total", "", failures_.load());
  header(out, "timeless_alert_transitions_total",
         "Changes of a series' alert state, by the state entered.");
  line(out, "timeless_alert_transitions_total", "{state=\"ok\"}",
       transitions(alert_status::ok));
  line(out, "timeless_alert_transitions_total", "{state=\"pending\"}",
       transitions(alert_status::pending));
  line(out, "timeless_alert_transitions_total", "{state=\"firing\"}",
       transitions(alert_status::firing));
  line(out, "timeless_alert_transitions_total", "{state=\"resolved\"}",
       transitions(alert_status::resolved));
  header(out, "timeless_alert_webhook_deliveries_total",
         "Webhook deliveries ended, by outcome (after their retries).");
  line(out, "timeless_alert_webhook_deliveries_total", "{outcome=\"ok\"}",
       delivered_.load());
  line(out, "timeless_alert_webhook_deliveries_total", "{outcome=\"failed\"}",
       failed_.load());
  header(out, "timeless_alert_webhook_retries_total",
         "Webhook attempts after a delivery's first.");
  line(out, "timeless_alert_webhook_retries_total", "", retries_.load());
}

} // namespace timeless::server
