// The limit flags of `timeless serve` as a process: each one takes effect
// on the requests it bounds, and a bad value stops the command at start
// (exit 2) with a message naming the flag.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test/actors/test_dir.hpp"
#include "test/server/http_client.hpp"
#include "test/server/serve_process.hpp"

using namespace timeless;

namespace {

bool has(const std::string& body, const std::string& part) {
  return body.find(part) != std::string::npos;
}

test_http::response post(uint16_t port, const std::string& target,
                         std::string body) {
  return test_http::request(port, test_http::http::verb::post, target,
                            std::move(body));
}

test_http::response get(uint16_t port, const std::string& target) {
  return test_http::request(port, test_http::http::verb::get, target);
}

/// Runs `timeless serve` with `flags`, expecting it to refuse to start.
void expect_refused(const std::vector<std::string>& flags,
                    const std::string& flag) {
  test_dir dir;
  test_serve::serve_process proc{dir.path + "/data", dir.path + "/serve.log",
                                 flags};
  ASSERT_TRUE(proc.ok());
  auto st = proc.wait();
  ASSERT_TRUE(WIFEXITED(st)) << proc.log();
  EXPECT_EQ(WEXITSTATUS(st), 2) << proc.log();
  EXPECT_TRUE(has(proc.log(), flag)) << proc.log();
  EXPECT_FALSE(has(proc.log(), "listening on")) << proc.log();
}

} // namespace

TEST(serve_flags, label_limits_take_effect) {
  test_dir dir;
  test_serve::serve_process proc{
      dir.path + "/data",
      dir.path + "/serve.log",
      {"--max-labels-per-series", "2", "--max-label-value-length", "8"}};
  ASSERT_TRUE(proc.ok());
  auto port = proc.wait_port();
  ASSERT_NE(port, 0) << proc.log();
  auto r = post(port, "/api/v1/import/prometheus",
                "two{a=\"1\",b=\"2\"} 1 1700000000000\n"
                "three{a=\"1\",b=\"2\",c=\"3\"} 1 1700000000000\n"
                "short{a=\"12345678\"} 1 1700000000000\n"
                "long{a=\"123456789\"} 1 1700000000000\n");
  EXPECT_EQ(r.result_int(), 400) << r.body();
  EXPECT_TRUE(has(r.body(), "\"accepted_points\":2")) << r.body();
  EXPECT_TRUE(has(r.body(), "{\"line\":2,")) << r.body();
  EXPECT_TRUE(has(r.body(), "at most 2 are allowed")) << r.body();
  EXPECT_TRUE(has(r.body(), "{\"line\":4,")) << r.body();
  EXPECT_TRUE(has(r.body(), "at most 8 are allowed")) << r.body();
  EXPECT_EQ(proc.stop(), 0) << proc.log();
}

TEST(serve_flags, query_limits_take_effect) {
  test_dir dir;
  test_serve::serve_process proc{
      dir.path + "/data",
      dir.path + "/serve.log",
      {"--max-samples", "10", "--max-query-length", "100"}};
  ASSERT_TRUE(proc.ok());
  auto port = proc.wait_port();
  ASSERT_NE(port, 0) << proc.log();
  std::string body;
  for (int i = 0; i < 20; ++i)
    body += "q 1 " + std::to_string(1700000000000 + i * 1000) + "\n";
  ASSERT_EQ(post(port, "/api/v1/import/prometheus", body).result_int(), 204);
  // 20 points in the window: over --max-samples 10.
  auto r = get(port, "/api/v1/query?query=count_over_time(q[1m])"
                     "&time=1700000030");
  EXPECT_EQ(r.result_int(), 422) << r.body();
  EXPECT_TRUE(has(r.body(), "too many samples")) << r.body();
  // 5 points: within it.
  r = get(port, "/api/v1/query?query=count_over_time(q[4s])&time=1700000004");
  EXPECT_EQ(r.result_int(), 200) << r.body();
  EXPECT_TRUE(has(r.body(), "\"5\"")) << r.body();
  // 101 bytes of query: over --max-query-length 100.
  r = get(port, "/api/v1/query?query=" + std::string(101, '1'));
  EXPECT_EQ(r.result_int(), 400) << r.body();
  EXPECT_TRUE(has(r.body(), "at most 100 are allowed (--max-query-length)"))
      << r.body();
  EXPECT_EQ(proc.stop(), 0) << proc.log();
}

TEST(serve_flags, query_timeout_takes_effect) {
  test_dir dir;
  test_serve::serve_process proc{
      dir.path + "/data", dir.path + "/serve.log", {"--query-timeout", "1ms"}};
  ASSERT_TRUE(proc.ok());
  auto port = proc.wait_port();
  ASSERT_NE(port, 0) << proc.log();
  std::string body;
  for (int s = 0; s < 50; ++s)
    for (int i = 0; i < 400; ++i)
      body += "slowq{s=\"" + std::to_string(s) + "\"} " + std::to_string(i) +
              " " + std::to_string(1700000000000 + i * 1000) + "\n";
  ASSERT_EQ(post(port, "/api/v1/import/prometheus", body).result_int(), 204);
  // 20,000 points, 50 series, 400 steps of a subquery: far more than 1 ms.
  auto r =
      get(port, "/api/v1/query_range?query=sum(max_over_time(rate(slowq[1m])"
                "[5m:1s]))&start=1700000000&end=1700000400&step=1");
  EXPECT_EQ(r.result_int(), 503) << r.body().substr(0, 300);
  EXPECT_TRUE(has(r.body(), "\"errorType\":\"timeout\"")) << r.body();
  EXPECT_EQ(proc.stop(), 0) << proc.log();
}

TEST(serve_flags, bad_values_are_refused_at_start_naming_the_flag) {
  expect_refused({"--query-timeout", "soon"}, "--query-timeout");
  expect_refused({"--query-timeout", "0s"}, "--query-timeout");
  expect_refused({"--max-samples", "0"}, "--max-samples");
  expect_refused({"--max-samples", "lots"}, "--max-samples");
  expect_refused({"--max-labels-per-series", "0"}, "--max-labels-per-series");
  expect_refused({"--max-label-value-length", "-3"},
                 "--max-label-value-length");
  expect_refused({"--max-query-length", "0"}, "--max-query-length");
}
