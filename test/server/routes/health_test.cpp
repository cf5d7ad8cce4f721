#include "test/server/server_fixture.hpp"

using namespace timeless;
using namespace timeless::server;
using test_http::http::status;

namespace {

class health_route : public server_fixture {};

} // namespace

TEST_F(health_route, health_reports_the_store) {
  ASSERT_TRUE(store_->write(
      std::vector<sample>{{"cpu", {}, 1000, 1}, {"cpu", {}, 2000, 2}}));
  auto res = get("/health");
  ASSERT_EQ(res.result(), status::ok);
  EXPECT_EQ(
      res.body().rfind("{\"status\":\"ok\",\"series\":1,\"points\":2,", 0), 0u)
      << res.body();
  EXPECT_NE(res.body().find("\"storage_bytes\":"), std::string::npos);
  EXPECT_NE(res.body().find("\"segments\":"), std::string::npos);
  EXPECT_NE(res.body().find("\"shards\":2"), std::string::npos);
}

TEST_F(health_route, metrics_count_requests_and_show_the_store) {
  ASSERT_EQ(post("/api/v1/import/prometheus", "x 1 1000\ny 2 1000\n").result(),
            status::no_content);
  get("/nowhere");
  auto res = get("/metrics");
  ASSERT_EQ(res.result(), status::ok);
  auto& b = res.body();
  EXPECT_NE(b.find("timeless_http_requests_total{route=\"/api/v1/import/"
                   "prometheus\",code=\"204\"} 1\n"),
            std::string::npos)
      << b;
  EXPECT_NE(b.find("timeless_http_requests_total{route=\"unknown\",code="
                   "\"404\"} 1\n"),
            std::string::npos);
  EXPECT_NE(b.find("timeless_ingested_points_total{route=\"/api/v1/import/"
                   "prometheus\"} 2\n"),
            std::string::npos);
  EXPECT_NE(b.find("timeless_http_request_duration_seconds_count{route=\"/api/"
                   "v1/import/prometheus\"} 1\n"),
            std::string::npos);
  EXPECT_NE(b.find("timeless_store_series 2\n"), std::string::npos);
  EXPECT_NE(b.find("timeless_store_buffered_points "), std::string::npos);
  EXPECT_NE(b.find("timeless_store_refused_batches_total 0\n"),
            std::string::npos);
  EXPECT_NE(b.find("timeless_store_bytes_on_disk "), std::string::npos);
  EXPECT_NE(b.find("timeless_http_requests_in_flight 1\n"), std::string::npos);
}
