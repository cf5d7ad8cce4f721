#include "server/alerts/webhook_sender.hpp"

#include <future>

#include <gtest/gtest.h>

#include "test/server/alerts/webhook_receiver.hpp"
#include "timeless/error.hpp"

using namespace std::chrono_literals;
using namespace timeless;
using namespace timeless::server;
using timeless::test::webhook_receiver;

namespace {

/// Short pauses so the tests run fast; outcomes, not times, are checked.
webhook_options fast(size_t attempts = 3) {
  webhook_options o;
  o.attempts = attempts;
  o.backoff = 10ms;
  o.attempt_timeout = 2000ms;
  return o;
}

/// Sends one delivery and waits for its outcome.
webhook_outcome deliver(webhook_sender& s, const std::string& url,
                        std::string body = "{}") {
  std::promise<webhook_outcome> p;
  auto f = p.get_future();
  s.send(url, std::move(body), [&p](webhook_outcome o) { p.set_value(o); });
  if (f.wait_for(30s) != std::future_status::ready)
    return {false, 0, "test: no outcome within 30 s"};
  return f.get();
}

/// A port nothing listens on: bound, then closed.
uint16_t dead_port() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor a{
      ioc, {boost::asio::ip::make_address("127.0.0.1"), 0}};
  auto port = a.local_endpoint().port();
  a.close();
  return port;
}

} // namespace

TEST(webhook_sender, parses_http_urls) {
  auto u = parse_http_url("http://example.com:9000/a/b?x=1#frag");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "example.com");
  EXPECT_EQ(u->port, "9000");
  EXPECT_EQ(u->target, "/a/b?x=1");
  auto plain = parse_http_url("http://h");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->port, "80");
  EXPECT_EQ(plain->target, "/");
  auto v6 = parse_http_url("http://[::1]:81?q");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->target, "/?q");
}

TEST(webhook_sender, refuses_bad_urls_naming_the_problem) {
  for (auto bad : {"https://h/", "ftp://h", "http://", "http://h:0/",
                   "http://h:65536/", "http://h:x/", "http://h:/",
                   "http://a b/", "http://[::1/", "http://u@h/", ""}) {
    auto u = parse_http_url(bad);
    EXPECT_FALSE(u) << bad;
    if (!u) {
      EXPECT_EQ(code_of(u.error()), errc::invalid_argument) << bad;
    }
  }
}

TEST(webhook_sender, posts_the_body_once_and_reports_ok) {
  webhook_receiver r;
  webhook_sender s{fast()};
  auto o = deliver(s, r.url(), "{\"a\":1}");
  EXPECT_TRUE(o.ok) << o.reason;
  EXPECT_EQ(o.attempts, 1u);
  EXPECT_EQ(r.bodies(), std::vector<std::string>{"{\"a\":1}"});
  EXPECT_EQ(s.in_flight(), 0u);
}

TEST(webhook_sender, retries_until_the_receiver_answers_200) {
  webhook_receiver r{[](size_t i) { return i < 2 ? 500u : 200u; }};
  webhook_sender s{fast(3)};
  auto o = deliver(s, r.url());
  EXPECT_TRUE(o.ok) << o.reason;
  EXPECT_EQ(o.attempts, 3u);
  EXPECT_EQ(r.calls(), 3u);
}

TEST(webhook_sender, gives_up_after_its_attempts_with_the_last_reason) {
  webhook_receiver r{[](size_t) { return 503u; }};
  webhook_sender s{fast(2)};
  auto o = deliver(s, r.url());
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.attempts, 2u);
  EXPECT_EQ(o.reason, "HTTP 503");
  EXPECT_EQ(r.calls(), 2u);
}

TEST(webhook_sender, dead_port_gives_up_after_n_attempts) {
  webhook_sender s{fast(3)};
  auto o = deliver(s, "http://127.0.0.1:" + std::to_string(dead_port()) + "/");
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.attempts, 3u);
  EXPECT_NE(o.reason.find("connect"), std::string::npos) << o.reason;
}

TEST(webhook_sender, bad_url_is_reported_without_an_attempt) {
  webhook_sender s{fast()};
  auto o = deliver(s, "https://example.com/");
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.attempts, 0u);
  EXPECT_NE(o.reason.find("only http://"), std::string::npos) << o.reason;
}

TEST(webhook_sender, silent_receiver_times_out) {
  webhook_receiver r{[](size_t) { return 0u; }};
  auto opts = fast(2);
  opts.attempt_timeout = 100ms;
  webhook_sender s{opts};
  auto o = deliver(s, r.url());
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.attempts, 2u);
  EXPECT_NE(o.reason.find("timeout"), std::string::npos) << o.reason;
}

// A receiver that never answers holds its delivery for the whole attempt
// timeout (an hour here); another delivery still completes meanwhile.
TEST(webhook_sender, silent_receiver_does_not_delay_another_delivery) {
  webhook_receiver silent{[](size_t) { return 0u; }};
  webhook_receiver good;
  auto opts = fast(1);
  opts.attempt_timeout = 3600s;
  webhook_sender s{opts};
  bool silent_done = false;
  s.send(silent.url(), "{}", [&](webhook_outcome) { silent_done = true; });
  ASSERT_TRUE(silent.wait_calls(1));
  auto o = deliver(s, good.url());
  EXPECT_TRUE(o.ok) << o.reason;
  EXPECT_EQ(s.in_flight(), 1u); // the silent one, still waiting
  s.stop();                     // abandons it without calling back
  EXPECT_FALSE(silent_done);
}

TEST(webhook_sender, refuses_beyond_max_in_flight) {
  webhook_receiver silent{[](size_t) { return 0u; }};
  auto opts = fast(1);
  opts.attempt_timeout = 3600s;
  opts.max_in_flight = 1;
  webhook_sender s{opts};
  s.send(silent.url(), "{}", [](webhook_outcome) {});
  auto o = deliver(s, silent.url());
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.attempts, 0u);
  EXPECT_EQ(o.reason, "too many webhook deliveries in flight");
}
