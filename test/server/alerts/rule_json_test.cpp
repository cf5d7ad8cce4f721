#include "server/alerts/rule_json.hpp"

#include <gtest/gtest.h>

#include "formats/error_text.hpp"

using namespace timeless;
using namespace timeless::server;

namespace {

/// The error text of parsing `body`, "" if it parses.
std::string error_of(std::string_view body) {
  auto r = parse_rule_json(body);
  return r ? std::string{} : formats::error_text(r.error());
}

} // namespace

TEST(rule_json, reads_the_originals_body) {
  auto r = parse_rule_json(
      R"({"name":"hot","metric":"cpu","condition":"below","threshold":-2.5,)"
      R"("labels":{"host":"a","dc":"eu"},"duration":300,"aggregate":"max",)"
      R"("webhook_url":"http://127.0.0.1:9/h","extra":[1,{"x":2}]})");
  ASSERT_TRUE(r) << formats::error_text(r.error());
  EXPECT_EQ(r->name, "hot");
  EXPECT_EQ(r->metric, "cpu");
  EXPECT_EQ(r->condition, alert_condition::below);
  EXPECT_EQ(r->threshold, -2.5);
  EXPECT_EQ(r->duration, 300000);
  EXPECT_EQ(r->aggregate, aggregate_fn::max);
  EXPECT_EQ(r->webhook_url, "http://127.0.0.1:9/h");
  ASSERT_EQ(r->labels.size(), 2u);
  EXPECT_EQ(r->labels[0].name, "dc"); // canonical: sorted
  EXPECT_TRUE(r->enabled);
}

TEST(rule_json, optional_fields_have_the_originals_defaults) {
  auto r = parse_rule_json(
      R"({"name":"n","metric":"m","condition":"above","threshold":1})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->duration, 0);
  EXPECT_EQ(r->aggregate, aggregate_fn::avg);
  EXPECT_TRUE(r->labels.empty());
  EXPECT_TRUE(r->webhook_url.empty());
}

TEST(rule_json, each_missing_required_field_is_named) {
  EXPECT_NE(error_of(R"({"metric":"m","condition":"above","threshold":1})")
                .find("requires \"name\""),
            std::string::npos);
  EXPECT_NE(error_of(R"({"name":"n","condition":"above","threshold":1})")
                .find("requires \"metric\""),
            std::string::npos);
  EXPECT_NE(error_of(R"({"name":"n","metric":"m","threshold":1})")
                .find("requires \"condition\""),
            std::string::npos);
  EXPECT_NE(error_of(R"({"name":"n","metric":"m","condition":"above"})")
                .find("requires \"threshold\""),
            std::string::npos);
}

TEST(rule_json, bad_values_are_named) {
  auto base = std::string{R"({"name":"n","metric":"m","condition":"above",)"
                          R"("threshold":1,)"};
  EXPECT_NE(error_of(base + R"("duration":-1})").find("\"duration\""),
            std::string::npos);
  EXPECT_NE(error_of(base + R"("duration":31536001})").find("\"duration\""),
            std::string::npos);
  EXPECT_EQ(error_of(base + R"("duration":31536000})"), "");
  EXPECT_NE(error_of(base + R"("aggregate":"median"})").find("\"aggregate\""),
            std::string::npos);
  EXPECT_NE(error_of(base + R"("labels":{"a":1}})").find("label \"a\""),
            std::string::npos);
  EXPECT_NE(error_of(base + R"("labels":[]})").find("\"labels\""),
            std::string::npos);
  EXPECT_NE(
      error_of(base + R"("webhook_url":"https://x/"})").find("only http://"),
      std::string::npos);
  EXPECT_NE(error_of(base + R"("enabled":1})").find("\"enabled\""),
            std::string::npos);
  EXPECT_NE(
      error_of(
          R"({"name":"n","metric":"m","condition":"sideways","threshold":1})")
          .find("\"condition\""),
      std::string::npos);
  EXPECT_NE(
      error_of(
          R"({"name":"n","metric":"m","condition":"above","threshold":"1"})")
          .find("\"threshold\""),
      std::string::npos);
  EXPECT_NE(error_of(R"({"name":"","metric":"m","condition":"above",)"
                     R"("threshold":1})")
                .find("\"name\""),
            std::string::npos);
  EXPECT_NE(error_of(R"({"name":"n","metric":"1bad","condition":"above",)"
                     R"("threshold":1})"),
            "");
  EXPECT_NE(error_of("[]").find("JSON object"), std::string::npos);
  EXPECT_NE(error_of(R"({"name":"n"} x)").find("junk"), std::string::npos);
  EXPECT_NE(error_of(R"({"name":)").find("\"name\""), std::string::npos);
  EXPECT_NE(error_of(""), "");
}

TEST(rule_json, lists_firing_series_in_prometheus_shape_and_rules) {
  alert_rule_states rs;
  rs.rule.id = 4;
  rs.rule.name = "hot";
  rs.rule.metric = "cpu";
  rs.rule.threshold = 90;
  rs.rule.duration = 300000;
  rs.rule.created_at = 1700000000500;
  alert_state firing;
  firing.rule_id = 4;
  firing.labels = {{"alertname", "series"}, {"host", "a\"<"}};
  firing.status = alert_status::firing;
  firing.triggered_at = 1700000000000;
  firing.last_value = 93.5;
  firing.delivery = "ok";
  alert_state ok;
  ok.rule_id = 4;
  ok.labels = {{"host", "b"}};
  ok.resolved_at = 1700000100000;
  rs.states = {firing, ok};
  auto out = alerts_json({rs});
  EXPECT_EQ(out,
            "{\"status\":\"success\",\"data\":{\"alerts\":[{\"labels\":{"
            "\"alertname\":\"hot\",\"host\":\"a\\\"<\"},\"annotations\":{},"
            "\"state\":\"firing\",\"activeAt\":\"2023-11-14T22:13:20.000Z\","
            "\"value\":\"93.5\"}],\"rules\":[{\"id\":4,\"name\":\"hot\","
            "\"metric\":\"cpu\",\"labels\":{},\"condition\":\"above\","
            "\"threshold\":90,\"duration\":300,\"aggregate\":\"avg\","
            "\"webhook_url\":null,\"enabled\":true,\"created_at\":1700000000,"
            "\"states\":[{\"series_labels\":{\"alertname\":\"series\",\"host\":"
            "\"a\\\"<\"},\"state\":\"firing\",\"triggered_at\":1700000000,"
            "\"resolved_at\":null,\"last_value\":93.5,\"delivery\":\"ok\"},"
            "{\"series_labels\":{\"host\":\"b\"},\"state\":\"ok\","
            "\"triggered_at\":null,\"resolved_at\":1700000100,\"last_value\":0,"
            "\"delivery\":null}]}]}}\n");
}

TEST(rule_json, empty_list) {
  EXPECT_EQ(alerts_json({}),
            "{\"status\":\"success\",\"data\":{\"alerts\":[],\"rules\":[]}}\n");
}
