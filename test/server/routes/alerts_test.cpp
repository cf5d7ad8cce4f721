// The alert routes end to end: rules over HTTP, evaluation on demand, the
// Prometheus-shaped listing, /metrics, and a webhook receiver on
// 127.0.0.1 that sees exactly one call per transition.

#include <atomic>
#include <memory>

#include "test/server/alerts/webhook_receiver.hpp"
#include "test/server/server_fixture.hpp"

namespace timeless::server {

namespace {

constexpr int64_t t0 = 1'700'000'000'000;

class alerts_routes : public server_fixture {
 protected:
  void SetUp() override {
    auto o = test_options();
    o.alert_interval = std::chrono::milliseconds{0};
    o.external_url = "http://dash.example:8428/";
    o.webhook_attempts = 1;
    o.alert_clock = [now = now_] { return now->load(); };
    start(o);
  }

  test_http::response del(const std::string& target) {
    return test_http::request(port_, test_http::http::verb::delete_, target);
  }

  std::shared_ptr<std::atomic<int64_t>> now_ =
      std::make_shared<std::atomic<int64_t>>(t0);
};

bool has(const std::string& body, const std::string& part) {
  return body.find(part) != std::string::npos;
}

} // namespace

TEST_F(alerts_routes, create_list_and_delete_a_rule) {
  auto created = post("/api/v1/alerts",
                      R"({"name":"hot","metric":"cpu","condition":"above",)"
                      R"("threshold":90,"labels":{"host":"a"},"duration":60})");
  ASSERT_EQ(created.result_int(), 201u) << created.body();
  EXPECT_EQ(created.body(), "{\"id\":1,\"status\":\"created\"}\n");
  auto list = get("/api/v1/alerts");
  ASSERT_EQ(list.result_int(), 200u);
  EXPECT_TRUE(has(list.body(), "\"alerts\":[]")) << list.body();
  EXPECT_TRUE(has(list.body(), "\"name\":\"hot\",\"metric\":\"cpu\","
                               "\"labels\":{\"host\":\"a\"}"))
      << list.body();
  EXPECT_TRUE(has(list.body(), "\"duration\":60")) << list.body();
  EXPECT_EQ(del("/api/v1/alerts/1").result_int(), 200u);
  EXPECT_TRUE(has(get("/api/v1/alerts").body(), "\"rules\":[]"));
}

TEST_F(alerts_routes, bad_bodies_and_ids_are_named) {
  auto r = post("/api/v1/alerts", R"({"name":"x","metric":"cpu"})");
  EXPECT_EQ(r.result_int(), 400u);
  EXPECT_TRUE(has(r.body(), "requires \\\"condition\\\"")) << r.body();
  auto d = del("/api/v1/alerts/abc");
  EXPECT_EQ(d.result_int(), 400u);
  EXPECT_TRUE(has(d.body(), "positive integer")) << d.body();
  auto missing = del("/api/v1/alerts/99");
  EXPECT_EQ(missing.result_int(), 404u);
  EXPECT_TRUE(has(missing.body(), "no alert rule with id 99"));
  EXPECT_EQ(get("/api/v1/alerts/evaluate").result_int(), 405u);
}

TEST_F(alerts_routes, evaluation_fires_once_lists_and_counts) {
  test::webhook_receiver hook;
  auto created = post("/api/v1/alerts",
                      R"({"name":"hot","metric":"cpu","condition":"above",)"
                      R"("threshold":90,"webhook_url":")" +
                          hook.url() + "\"}");
  ASSERT_EQ(created.result_int(), 201u) << created.body();
  ASSERT_TRUE(store_->write({sample{"cpu", {{"host", "a b"}}, t0, 95}}));
  auto ev = post("/api/v1/alerts/evaluate", "");
  ASSERT_EQ(ev.result_int(), 200u) << ev.body();
  EXPECT_EQ(ev.body(), "{\"status\":\"success\",\"data\":{\"rules\":1,"
                       "\"series\":1,\"transitions\":1,"
                       "\"notifications\":1}}\n");
  ASSERT_TRUE(hook.wait_calls(1));
  EXPECT_EQ(post("/api/v1/alerts/evaluate", "").result_int(), 200u);
  auto list = get("/prometheus/api/v1/alerts");
  ASSERT_EQ(list.result_int(), 200u);
  EXPECT_TRUE(has(list.body(),
                  "\"alerts\":[{\"labels\":{\"alertname\":\"hot\",\"host\":"
                  "\"a b\"},\"annotations\":{},\"state\":\"firing\","
                  "\"activeAt\":\"2023-11-14T22:13:20.000Z\","
                  "\"value\":\"95\"}]"))
      << list.body();
  EXPECT_EQ(hook.calls(), 1u);
  EXPECT_TRUE(has(hook.bodies()[0],
                  "\"url\":\"http://dash.example:8428/chart?metric=cpu&"
                  "host=a%20b&from=-1h&theme=auto\""))
      << hook.bodies()[0];
  auto m = get("/metrics").body();
  EXPECT_TRUE(has(m, "timeless_alert_evaluations_total 2\n")) << m;
  EXPECT_TRUE(has(m, "timeless_alert_transitions_total{state=\"firing\"} 1\n"));
}

} // namespace timeless::server
