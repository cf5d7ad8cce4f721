// Imports against a store that refuses batches for backpressure (a backlog
// limit of 1 and many writes in flight). Whether and how often the store
// refuses depends on timing, so these tests check what must hold either
// way: nothing is dropped silently.

#include "test/server/server_fixture.hpp"

using namespace timeless;
using namespace timeless::server;
using test_http::http::status;

namespace {

class ingest_backpressure : public server_fixture {
 protected:
  void SetUp() override {}

  void start_with(std::chrono::milliseconds retry_for) {
    auto o = test_options();
    o.max_body = 64 << 20;
    o.batch_points = 50;
    o.max_writes_in_flight = 16;
    o.backpressure_timeout = retry_for;
    auto so = store_opts();
    so.max_backlog = 1;
    auto st = blocking_store::open(so);
    ASSERT_TRUE(st);
    store_ = std::move(*st);
    auto srv = http_server::start(store_->system(), store_->handle(), o);
    ASSERT_TRUE(srv);
    server_ = std::move(*srv);
    port_ = server_->port();
  }

  static std::string body(int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
      out += "bp{s=\"" + std::to_string(i % 500) + "\"} 1 " +
             std::to_string(1'000'000 + i) + "\n";
    return out;
  }

  uint64_t refused() {
    auto info = store_->info();
    EXPECT_TRUE(info);
    return info ? info->refused_batches : 0;
  }
};

} // namespace

TEST_F(ingest_backpressure, retried_batches_store_every_point) {
  start_with(std::chrono::milliseconds{60000});
  auto res = post("/api/v1/import/prometheus", body(50000));
  ASSERT_EQ(res.result(), status::no_content) << res.body();
  EXPECT_EQ(count_points("bp"), 50000u);
  std::printf("batches refused for backpressure: %llu\n",
              static_cast<unsigned long long>(refused()));
}

TEST_F(ingest_backpressure, a_503_counts_exactly_what_was_stored) {
  start_with(std::chrono::milliseconds{0});
  auto res = post("/api/v1/import/prometheus", body(50000));
  if (res.result() == status::no_content) {
    EXPECT_EQ(count_points("bp"), 50000u);
    return;
  }
  ASSERT_EQ(res.result(), status::service_unavailable) << res.body();
  EXPECT_EQ(res[test_http::http::field::retry_after], "1");
  auto key = std::string{"\"accepted_points\":"};
  auto p = res.body().find(key);
  ASSERT_NE(p, std::string::npos) << res.body();
  auto accepted = std::stoull(res.body().substr(p + key.size()));
  EXPECT_EQ(count_points("bp"), accepted);
  EXPECT_LT(accepted, 50000u);
  EXPECT_GT(refused(), 0u);
}
