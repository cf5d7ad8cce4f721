#include <atomic>
#include <chrono>
#include <thread>

#include "server/http/gzip.hpp"
#include "test/server/server_fixture.hpp"

using namespace timeless;
using namespace timeless::server;
using test_http::client;
using test_http::http::field;
using test_http::http::status;
using test_http::http::verb;

namespace {

class http_server_test : public server_fixture {};

std::string prom_lines(int n, const std::string& metric = "m") {
  std::string out;
  for (int i = 0; i < n; ++i)
    out += metric + "{i=\"" + std::to_string(i % 100) + "\"} " +
           std::to_string(i) + " " + std::to_string(1'000'000 + i) + "\n";
  return out;
}

} // namespace

TEST_F(http_server_test, keep_alive_serves_several_requests_on_one_connection) {
  client c{port_};
  for (int i = 0; i < 3; ++i) {
    auto res = c.send(verb::post, "/api/v1/import/prometheus",
                      "k " + std::to_string(i) + " " +
                          std::to_string(1000 + i) + "\n");
    ASSERT_EQ(res.result(), status::no_content);
    EXPECT_TRUE(res.keep_alive());
  }
  auto res = c.send(verb::get, "/api/v1/export?match[]=k");
  ASSERT_EQ(res.result(), status::ok);
  EXPECT_EQ(parse_export(res.body()).size(), 3u);
  res = c.send(verb::get, "/nope");
  EXPECT_EQ(res.result(), status::not_found);
  res = c.send(verb::get, "/health");
  EXPECT_EQ(res.result(), status::ok);
}

TEST_F(http_server_test, gzip_request_body) {
  auto body = prom_lines(5000);
  auto res = post("/api/v1/import/prometheus", gzip(body),
                  {{field::content_encoding, "gzip"}});
  ASSERT_EQ(res.result(), status::no_content) << res.body();
  EXPECT_EQ(count_points("m"), 5000u);
}

TEST_F(http_server_test, bad_gzip_and_unknown_encodings) {
  auto res = post("/api/v1/import/prometheus", "not gzip",
                  {{field::content_encoding, "gzip"}});
  EXPECT_EQ(res.result(), status::bad_request);
  EXPECT_NE(res.body().find("gzip"), std::string::npos);
  res = post("/api/v1/import/prometheus", "x 1",
             {{field::content_encoding, "br"}});
  EXPECT_EQ(res.result(), status::unsupported_media_type);
  EXPECT_NE(res.body().find("'br'"), std::string::npos);
}

TEST_F(http_server_test, gzip_responses_only_when_accepted_and_long) {
  get("/health"); // some metrics to make /metrics long
  auto plain = get("/metrics");
  ASSERT_EQ(plain.result(), status::ok);
  EXPECT_EQ(plain[field::content_encoding], "");
  ASSERT_GT(plain.body().size(), 1024u);
  auto zipped = get("/metrics", {{field::accept_encoding, "gzip, deflate"}});
  ASSERT_EQ(zipped.result(), status::ok);
  EXPECT_EQ(zipped[field::content_encoding], "gzip");
  std::string out;
  std::string why;
  ASSERT_EQ(gunzip(zipped.body(), 1 << 20, out, why), gunzip_status::ok);
  EXPECT_NE(out.find("timeless_http_requests_total"), std::string::npos);
  // Short answers stay plain.
  auto small =
      get("/api/v1/label/__name__/values", {{field::accept_encoding, "gzip"}});
  EXPECT_EQ(small[field::content_encoding], "");
}

TEST_F(http_server_test, chunked_request_body) {
  client c{port_};
  std::string a = "c1 1 1000\nc1 2 20";
  std::string b = "00\nc2 3 3000\n";
  auto hex = [](size_t n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%zx", n);
    return std::string{buf};
  };
  c.write_raw("POST /api/v1/import/prometheus HTTP/1.1\r\nHost: x\r\n"
              "Transfer-Encoding: chunked\r\n\r\n" +
              hex(a.size()) + "\r\n" + a + "\r\n" + hex(b.size()) + "\r\n" + b +
              "\r\n0\r\n\r\n");
  auto res = c.read();
  ASSERT_EQ(res.result(), status::no_content) << res.body();
  EXPECT_EQ(count_points("c1"), 2u);
  EXPECT_EQ(count_points("c2"), 1u);
}

TEST_F(http_server_test, unknown_route_and_wrong_method) {
  auto res = get("/api/v2/nothing");
  EXPECT_EQ(res.result(), status::not_found);
  EXPECT_NE(res.body().find("/api/v2/nothing"), std::string::npos);
  res = test_http::request(port_, verb::put, "/api/v1/labels");
  EXPECT_EQ(res.result(), status::method_not_allowed);
  EXPECT_EQ(res[field::allow], "GET, POST");
  EXPECT_NE(res.body().find("PUT"), std::string::npos);
}

TEST_F(http_server_test, body_over_the_limit_is_413) {
  // Refused from the Content-Length alone, before the body is read.
  client c{port_};
  c.write_raw("POST /api/v1/import/prometheus HTTP/1.1\r\nHost: x\r\n"
              "Content-Length: 2097152\r\n\r\nx 1\n");
  auto res = c.read();
  EXPECT_EQ(res.result(), status::payload_too_large);
  EXPECT_NE(res.body().find("1 MiB"), std::string::npos) << res.body();
  EXPECT_FALSE(res.keep_alive());
}

TEST_F(http_server_test, chunked_body_over_the_limit_is_413) {
  client c{port_};
  std::string chunk(512 * 1024, '\n');
  c.write_raw("POST /api/v1/import/prometheus HTTP/1.1\r\nHost: x\r\n"
              "Transfer-Encoding: chunked\r\n\r\n");
  for (int i = 0; i < 3; ++i)
    c.write_raw("80000\r\n" + chunk + "\r\n");
  auto res = c.read();
  EXPECT_EQ(res.result(), status::payload_too_large);
}

TEST_F(http_server_test, gzip_bomb_is_413_after_inflation) {
  auto bomb = gzip(std::string(8 << 20, '\n'));
  ASSERT_LT(bomb.size(), 1u << 20);
  auto res = post("/api/v1/import/prometheus", bomb,
                  {{field::content_encoding, "gzip"}});
  EXPECT_EQ(res.result(), status::payload_too_large);
  EXPECT_NE(res.body().find("after gzip inflation"), std::string::npos);
}

TEST_F(http_server_test, headers_over_the_limit_are_431) {
  client c{port_};
  c.write_raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " +
              std::string(70 * 1024, 'a') + "\r\n\r\n");
  auto res = c.read();
  EXPECT_EQ(res.result(), status::request_header_fields_too_large);
}

TEST_F(http_server_test, malformed_request_is_400) {
  client c{port_};
  c.write_raw("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n");
  auto res = c.read();
  EXPECT_EQ(res.result(), status::bad_request);
  EXPECT_NE(res.body().find("malformed HTTP request"), std::string::npos);
}

TEST_F(http_server_test, bad_query_string_is_400) {
  auto res = get("/api/v1/labels?match[]=%G1");
  EXPECT_EQ(res.result(), status::bad_request);
  EXPECT_NE(res.body().find("percent"), std::string::npos);
}

TEST_F(http_server_test, expect_100_continue) {
  client c{port_};
  c.write_raw("POST /api/v1/import/prometheus HTTP/1.1\r\nHost: x\r\n"
              "Expect: 100-continue\r\nContent-Length: 9\r\n\r\n");
  auto interim = c.read();
  EXPECT_EQ(interim.result(), status::continue_);
  c.write_raw("e 1 1000\n");
  auto res = c.read();
  EXPECT_EQ(res.result(), status::no_content);
  EXPECT_EQ(count_points("e"), 1u);
}

class http_server_timeout : public server_fixture {
 protected:
  void SetUp() override {
    auto o = test_options();
    o.read_timeout = std::chrono::milliseconds{300};
    start(o);
  }
};

TEST_F(http_server_timeout, slow_sender_is_cut_off_without_blocking_others) {
  client slow{port_};
  slow.write_raw("POST /api/v1/import/prometheus HTTP/1.1\r\nHost: x\r\n"
                 "Content-Length: 100\r\n\r\nx 1");
  // Meanwhile other connections are served.
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(get("/health").result(), status::ok);
  // The stalled request never completes: the server closes it.
  boost::beast::error_code ec;
  auto rest = slow.read_to_end(ec);
  EXPECT_TRUE(ec);
  EXPECT_EQ(rest, "");
  EXPECT_EQ(count_points("x"), 0u);
}

TEST_F(http_server_timeout, idle_keep_alive_connection_is_closed) {
  client c{port_};
  EXPECT_EQ(c.send(verb::get, "/health").result(), status::ok);
  boost::beast::error_code ec;
  c.read_to_end(ec);
  EXPECT_TRUE(ec);
}

TEST_F(http_server_test, stop_answers_the_request_in_flight) {
  // A body large enough to be in flight for a while (many batches).
  auto body = prom_lines(30000, "big");
  server_->stop();
  server_.reset();
  store_.reset();
  auto o = test_options();
  o.max_body = 64 << 20;
  o.batch_points = 1000;
  o.max_writes_in_flight = 1;
  start(o);
  std::atomic<int> code{0};
  std::thread t{[&] {
    auto res = post("/api/v1/import/prometheus", body);
    code = res.result_int();
  }};
  while (server_->requests_in_flight() == 0 && code == 0)
    std::this_thread::yield();
  bool stopped_in_flight = server_->requests_in_flight() > 0;
  server_->stop();
  t.join();
  EXPECT_TRUE(stopped_in_flight);
  EXPECT_EQ(code, 204);
  // New connections are refused once stopped.
  EXPECT_THROW(client{port_}, boost::system::system_error);
  server_.reset();
  ASSERT_FALSE(store_->close());
  store_.reset();
  auto reopened = blocking_store::open(store_opts());
  ASSERT_TRUE(reopened);
  store_ = std::move(*reopened);
  EXPECT_EQ(count_points("big"), 30000u);
}
