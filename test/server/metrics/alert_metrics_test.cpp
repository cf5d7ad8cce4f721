#include "server/metrics/alert_metrics.hpp"

#include <gtest/gtest.h>

using namespace timeless;
using namespace timeless::server;

TEST(alert_metrics, counts_and_renders_every_counter) {
  alert_metrics m;
  m.evaluation(true);
  m.evaluation(true);
  m.evaluation(false);
  m.transition(alert_status::pending);
  m.transition(alert_status::firing);
  m.delivery(true, 3);
  m.delivery(false, 1);
  std::string out;
  m.render(out);
  for (auto line :
       {"timeless_alert_evaluations_total 2\n",
        "timeless_alert_evaluation_failures_total 1\n",
        "timeless_alert_transitions_total{state=\"pending\"} 1\n",
        "timeless_alert_transitions_total{state=\"firing\"} 1\n",
        "timeless_alert_transitions_total{state=\"resolved\"} 0\n",
        "timeless_alert_webhook_deliveries_total{outcome=\"ok\"} 1\n",
        "timeless_alert_webhook_deliveries_total{outcome=\"failed\"} "
        "1\n",
        "timeless_alert_webhook_retries_total 2\n",
        "# TYPE timeless_alert_transitions_total counter\n"})
    EXPECT_NE(out.find(line), std::string::npos) << line << out;
}
