#include <gtest/gtest.h>

#include "server/routes/series_params.hpp"
#include "test/server/server_fixture.hpp"

using namespace timeless;
using namespace timeless::server;
using test_http::http::field;
using test_http::http::status;

namespace {

class dashboard_route : public server_fixture {};

} // namespace

TEST_F(dashboard_route, empty_store) {
  auto res = get("/");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(res[field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(res[field::cache_control], "no-store");
  EXPECT_NE(res.body().find("No metrics yet"), std::string::npos);
  EXPECT_NE(res.body().find("<span id=\"series\">0</span>"), std::string::npos);
}

TEST_F(dashboard_route, charts_for_each_metric_with_filters) {
  ASSERT_TRUE(store_->write(std::vector<sample>{
      {"cpu", {{"host", "a"}}, 1000, 1},
      {"mem", {{"host", "a"}}, 1000, 2},
  }));
  auto res = get("/?from=-24h&host=a&_t=1700000000000");
  ASSERT_EQ(res.result(), status::ok);
  auto& b = res.body();
  EXPECT_NE(b.find("<span id=\"series\">2</span>"), std::string::npos);
  EXPECT_NE(
      b.find("/chart?metric=cpu&amp;from=-24h&amp;to=now&amp;host=a&amp;"),
      std::string::npos)
      << b;
  EXPECT_NE(b.find("/chart?metric=mem&amp;"), std::string::npos);
  // The cache-buster is not passed on as a label filter.
  EXPECT_EQ(b.find("_t=1700000000000"), std::string::npos);
}

TEST_F(dashboard_route, refresh_interval_is_bounded) {
  auto res = get("/?refresh=5");
  ASSERT_EQ(res.result(), status::ok);
  EXPECT_NE(res.body().find("data-refresh=\"5\""), std::string::npos);
  EXPECT_NE(res.body().find("href=\"/?from=-15m&amp;to=now&amp;refresh=5\""),
            std::string::npos);
  EXPECT_EQ(get("/?refresh=0").result(), status::ok);
  for (auto bad : {"-1", "86401", "1.5", "x", ""}) {
    auto r = get(std::string{"/?refresh="} + bad);
    EXPECT_EQ(r.result(), status::bad_request) << bad;
    EXPECT_NE(r.body().find("refresh must be whole seconds"),
              std::string::npos);
  }
}

TEST_F(dashboard_route, firing_rules_are_listed) {
  auto now = system_now_ms();
  ASSERT_TRUE(store_->write(std::vector<sample>{
      {"cpu", {{"host", "a"}}, now - 60'000, 97},
      {"cpu", {{"host", "b"}}, now - 60'000, 10},
  }));
  auto rule =
      post("/api/v1/alerts", "{\"name\":\"hot <cpu>\",\"metric\":\"cpu\","
                             "\"condition\":\"above\",\"threshold\":90}");
  ASSERT_EQ(rule.result(), status::created) << rule.body();
  ASSERT_EQ(post("/api/v1/alerts/evaluate", "").result(), status::ok);
  auto res = get("/");
  ASSERT_EQ(res.result(), status::ok);
  auto& b = res.body();
  EXPECT_NE(b.find("Active Alerts (1 firing)"), std::string::npos) << b;
  EXPECT_NE(b.find("<td>hot &lt;cpu&gt;</td><td>cpu</td><td>host=&quot;a"
                   "&quot;</td><td>97 above 90</td>"),
            std::string::npos)
      << b;
  EXPECT_EQ(b.find("host=&quot;b"), std::string::npos);
}
