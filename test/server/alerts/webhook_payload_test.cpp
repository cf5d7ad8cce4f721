#include "server/alerts/webhook_payload.hpp"

#include <limits>

#include <gtest/gtest.h>

using namespace timeless;
using namespace timeless::server;

namespace {

alert_rule sample_rule() {
  alert_rule r;
  r.id = 3;
  r.name = "cpu \"hot\"";
  r.metric = "cpu";
  r.condition = alert_condition::above;
  r.threshold = 90;
  r.aggregate = aggregate_fn::max;
  return r;
}

} // namespace

TEST(webhook_payload, percent_encoding_keeps_only_unreserved_bytes) {
  std::string out;
  append_percent_encoded(out, "aZ09-._~ &=?/#%+\"<\xc3\xa9");
  EXPECT_EQ(out, "aZ09-._~%20%26%3D%3F%2F%23%25%2B%22%3C%C3%A9");
}

TEST(webhook_payload, chart_url_is_absolute_and_encoded) {
  label_set labels = {{"host", "a&b=c"}, {"path", "/x y"}};
  EXPECT_EQ(chart_url("http://h:8428/", "cpu:total", labels),
            "http://h:8428/chart?metric=cpu%3Atotal&host=a%26b%3Dc&"
            "path=%2Fx%20y&from=-1h&theme=auto");
  EXPECT_EQ(chart_url("http://h", "m", {}),
            "http://h/chart?metric=m&from=-1h&theme=auto");
}

TEST(webhook_payload, firing_payload_has_every_field) {
  webhook_event ev;
  ev.kind = alert_notify::firing;
  ev.labels = {{"host", "a"}};
  ev.value = 93.5;
  ev.triggered_at = 1700000000000;
  ev.at = 1700000300000;
  EXPECT_EQ(webhook_payload(sample_rule(), ev, "http://127.0.0.1:8428"),
            "{\"alert\":\"cpu \\\"hot\\\"\",\"rule_id\":3,\"metric\":\"cpu\","
            "\"labels\":{\"host\":\"a\"},\"value\":93.5,\"threshold\":90,"
            "\"condition\":\"above\",\"aggregate\":\"max\","
            "\"state\":\"firing\","
            "\"triggered_at\":\"2023-11-14T22:13:20.000Z\","
            "\"at\":\"2023-11-14T22:18:20.000Z\","
            "\"url\":\"http://127.0.0.1:8428/chart?metric=cpu&host=a&"
            "from=-1h&theme=auto\"}");
}

TEST(webhook_payload, hostile_labels_are_escaped_in_json_and_url) {
  webhook_event ev;
  ev.kind = alert_notify::resolved;
  ev.labels = {{"q", "\"<\n&\\"}};
  ev.value = std::numeric_limits<double>::quiet_NaN();
  auto body = webhook_payload(sample_rule(), ev, "http://h");
  EXPECT_NE(body.find("\"labels\":{\"q\":\"\\\"<\\n&\\\\\"}"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("\"value\":null"), std::string::npos) << body;
  EXPECT_NE(body.find("\"state\":\"resolved\""), std::string::npos);
  EXPECT_NE(body.find("q=%22%3C%0A%26%5C&from"), std::string::npos) << body;
}
