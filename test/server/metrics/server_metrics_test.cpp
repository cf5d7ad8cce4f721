#include "server/metrics/server_metrics.hpp"

#include <gtest/gtest.h>

using namespace timeless::server;
using namespace std::chrono_literals;

TEST(server_metrics, counts_by_route_and_code) {
  server_metrics m;
  m.request("/api/v1/import", 204, 2ms);
  m.request("/api/v1/import", 204, 20ms);
  m.request("/api/v1/import", 400, 1ms);
  m.ingest("/api/v1/import", 10, 1);
  m.ingest("/api/v1/import", 5, 2);
  std::string out;
  m.render(out);
  EXPECT_NE(out.find("timeless_http_requests_total{route=\"/api/v1/import\","
                     "code=\"204\"} 2\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("code=\"400\"} 1\n"), std::string::npos);
  EXPECT_NE(out.find("timeless_ingested_points_total{route=\"/api/v1/"
                     "import\"} 15\n"),
            std::string::npos);
  EXPECT_NE(out.find("timeless_rejected_lines_total{route=\"/api/v1/"
                     "import\"} 3\n"),
            std::string::npos);
  // 1 ms and 2 ms fall in le=0.005, all three in le=0.05 and +Inf.
  EXPECT_NE(out.find("bucket{route=\"/api/v1/import\",le=\"0.001\"} 1\n"),
            std::string::npos);
  EXPECT_NE(out.find("bucket{route=\"/api/v1/import\",le=\"0.005\"} 2\n"),
            std::string::npos);
  EXPECT_NE(out.find("bucket{route=\"/api/v1/import\",le=\"0.05\"} 3\n"),
            std::string::npos);
  EXPECT_NE(out.find("bucket{route=\"/api/v1/import\",le=\"+Inf\"} 3\n"),
            std::string::npos);
  EXPECT_NE(out.find("_count{route=\"/api/v1/import\"} 3\n"),
            std::string::npos);
}

TEST(server_metrics, route_labels_are_escaped) {
  server_metrics m;
  m.request("a\"b\\c", 200, 1ms);
  std::string out;
  m.render(out);
  EXPECT_NE(out.find("route=\"a\\\"b\\\\c\""), std::string::npos) << out;
}
