// Many slow senders at once (stalled headers, stalled bodies, one byte at a
// time) do not keep a well-behaved client from being served, and each is
// cut off by the read timeout; the store is intact afterwards.

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test/server/robust_fixture.hpp"

using namespace timeless;
using namespace timeless::server;

class slow_senders : public robust_fixture {
 protected:
  void SetUp() override {
    auto o = robust_options();
    o.read_timeout = std::chrono::milliseconds{1500};
    start(o);
    auto r =
        post("/api/v1/import/prometheus",
             "ref{s=\"0\"} 1 1700000000000\nref{s=\"1\"} 2 1700000000000\n");
    ASSERT_EQ(r.result_int(), 204) << r.body();
    before_ = export_ref();
  }
};

TEST_F(slow_senders, good_client_is_served_while_many_stall) {
  constexpr int stalled = 60;
  std::vector<std::unique_ptr<test_http::client>> slow;
  for (int i = 0; i < stalled; ++i) {
    auto c = std::make_unique<test_http::client>(port_);
    switch (i % 3) {
      case 0: // half a request line
        c->write_raw("POST /api/v1/imp");
        break;
      case 1: // headers done, a body of 1000 bytes with 20 sent
        c->write_raw("POST /api/v1/import/prometheus HTTP/1.1\r\nHost: x\r\n"
                     "Content-Length: 1000\r\n\r\nslow{a=\"1\"} 1 17000");
        break;
      default: // a chunked body that never ends
        c->write_raw("POST /api/v1/import HTTP/1.1\r\nHost: x\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"metric\":");
        break;
    }
    slow.push_back(std::move(c));
  }
  // While all of them wait, a good client imports, exports and queries.
  for (int round = 0; round < 5; ++round) {
    auto r =
        post("/api/v1/import/prometheus",
             "good{r=\"" + std::to_string(round) + "\"} 1 1700000000000\n");
    EXPECT_EQ(r.result_int(), 204) << r.body();
    EXPECT_EQ(get("/api/v1/export?match[]=ref").body(), before_);
    auto q = get("/api/v1/query?query=count(good)&time=1700000000");
    EXPECT_EQ(q.result_int(), 200) << q.body();
    EXPECT_NE(q.body().find("\"" + std::to_string(round + 1) + "\""),
              std::string::npos)
        << q.body();
  }
  // Each slow sender is cut off by the read timeout: the server closes the
  // connection (with a 408 or without an answer), it never hangs.
  for (auto& c : slow) {
    test_http::beast::error_code ec;
    auto got = c->read_to_end(ec);
    EXPECT_TRUE(ec) << got;
    if (!got.empty()) {
      EXPECT_EQ(got.rfind("HTTP/1.1 4", 0), 0u) << got;
    }
  }
  EXPECT_EQ(count_points("slow"), 0u);
  expect_store_intact();
}
