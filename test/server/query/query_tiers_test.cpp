// PromQL over data whose raw points retention deleted: the query job reads
// the rollup tier's buckets there (server/bridge/tier_layout.hpp,
// promql/summaries.hpp). A store on a manual clock: one series with a
// point every minute for three days, raw kept one day, one hourly tier;
// after retention the raw horizon is day 2 and the answers before it come
// from hourly rows.

#include <cctype>
#include <cstdio>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "server/http/http_server.hpp"
#include "test/actors/test_dir.hpp"
#include "test/actors/tier_store.hpp"
#include "test/server/http_client.hpp"
#include "timeless/error.hpp"

using namespace timeless;
using namespace timeless::server;
using namespace timeless::testing;
using test_http::http::status;

namespace {

/// The [time, "value"] pairs of a one-series matrix answer, by time (ms).
std::map<int64_t, double> values_of(const std::string& body) {
  std::map<int64_t, double> out;
  auto at = body.find("\"values\":[");
  if (at == std::string::npos)
    return out;
  at += 10;
  double t = 0;
  char v[64];
  int used = 0;
  while (std::sscanf(body.c_str() + at, "[%lf,\"%63[^\"]\"]%n", &t, v, &used) ==
         2) {
    out[static_cast<int64_t>(t * 1000)] = std::stod(v);
    at += static_cast<size_t>(used);
    if (body[at] != ',')
      break;
    ++at;
  }
  return out;
}

class query_tiers : public ::testing::Test {
 protected:
  void SetUp() override {
    auto o = tier_options_for(dir_.path, clock_);
    o.raw_retention_ms = day;
    o.tiers = {tier_options{"hourly", hour, false, 365 * day}};
    store_ = open_tier_store(o);
    ASSERT_TRUE(store_);
    ASSERT_TRUE(store_->write(
        series_points_of("cpu", "a", jan_2024, jan_2024 + 3 * day, minute)));
    clock_.set(jan_2024 + 3 * day);
    ASSERT_FALSE(store_->flush(true));
    server_options so;
    so.port = 0;
    so.threads = 1;
    auto srv = http_server::start(store_->system(), store_->handle(), so);
    ASSERT_TRUE(srv) << describe(srv.error());
    server_ = std::move(*srv);
  }

  void TearDown() override {
    if (server_)
      server_->stop();
    server_.reset();
    store_.reset();
  }

  /// `q` over days 1 to 3 at hourly steps.
  std::map<int64_t, double> hourly(const std::string& q) {
    auto target = "/api/v1/query_range?query=" + test_http::url_encode(q) +
                  "&start=" + std::to_string((jan_2024 + day) / 1000) +
                  "&end=" + std::to_string((jan_2024 + 3 * day) / 1000) +
                  "&step=3600";
    auto res = test_http::request(server_->port(), test_http::http::verb::get,
                                  target, {});
    EXPECT_EQ(res.result(), status::ok) << res.body();
    return values_of(res.body());
  }

  /// Sum and count of the raw points with lo <= t <= hi (as written).
  static std::pair<double, double> raw_window(int64_t lo, int64_t hi) {
    double sum = 0, n = 0;
    for (int64_t t = jan_2024, i = 0; t < jan_2024 + 3 * day; t += minute, ++i)
      if (t >= lo && t <= hi) {
        sum += static_cast<double>(i % 50);
        n += 1;
      }
    return {sum, n};
  }

  test_dir dir_;
  manual_clock clock_;
  std::unique_ptr<blocking_store> store_;
  std::unique_ptr<http_server> server_;
};

} // namespace

TEST_F(query_tiers, over_time_functions_read_tier_rows_where_raw_is_gone) {
  // Before retention every window is raw: [t - 1h, t], both ends.
  auto before = hourly("count_over_time(cpu[1h])");
  ASSERT_EQ(before.size(), 49u);
  for (auto& [t, v] : before)
    EXPECT_EQ(v, raw_window(t - hour, t).second) << t;
  EXPECT_EQ(before[jan_2024 + 2 * day], 61);

  clock_.set(jan_2024 + 3 * day + 30 * minute);
  auto rep = store_->enforce_retention();
  ASSERT_TRUE(rep) << describe(rep.error());
  ASSERT_GT(rep->segments, 0u);
  auto info = store_->info();
  ASSERT_TRUE(info);
  int64_t seam = info->raw_horizon;
  ASSERT_EQ(seam, jan_2024 + 2 * day);

  auto count = hourly("count_over_time(cpu[1h])");
  auto sum = hourly("sum_over_time(cpu[1h])");
  auto avg = hourly("avg_over_time(cpu[1h])");
  auto last = hourly("last_over_time(cpu[1h])");
  auto max = hourly("max_over_time(cpu[1h])");
  ASSERT_EQ(count.size(), 49u);
  ASSERT_EQ(sum.size(), 49u);
  for (auto& [t, n] : count) {
    // Before the seam a window is the hour bucket [t - 1h, t): the point
    // at t - 1h counts, the one at t is in the next bucket. At the seam
    // the bucket before it and the raw point at t; after it, all raw.
    auto [s, c] =
        t < seam ? raw_window(t - hour, t - 1) : raw_window(t - hour, t);
    EXPECT_EQ(n, c) << t;
    EXPECT_EQ(sum[t], s) << t;
    EXPECT_DOUBLE_EQ(avg[t], s / c) << t;
    EXPECT_EQ(max[t], 49) << t;
  }
  // last: the value of the last point before t (tier) or at t (raw).
  int64_t t0 = jan_2024 + day + hour; // a step in the tier's part
  int64_t i0 = (t0 - jan_2024) / minute;
  EXPECT_EQ(last[t0], static_cast<double>((i0 - 1) % 50));
  int64_t t1 = seam + hour;
  int64_t i1 = (t1 - jan_2024) / minute;
  EXPECT_EQ(last[t1], static_cast<double>(i1 % 50));
}

TEST_F(query_tiers, other_functions_see_only_raw_points) {
  clock_.set(jan_2024 + 3 * day + 30 * minute);
  ASSERT_TRUE(store_->enforce_retention());
  // rate needs raw points: nothing before the seam, values after it.
  auto rate = hourly("rate(cpu[1h])");
  ASSERT_FALSE(rate.empty());
  EXPECT_GE(rate.begin()->first, jan_2024 + 2 * day + hour);
  // An instant selector has no raw point before the seam either.
  auto plain = hourly("cpu");
  ASSERT_FALSE(plain.empty());
  EXPECT_GE(plain.begin()->first, jan_2024 + 2 * day);
}
