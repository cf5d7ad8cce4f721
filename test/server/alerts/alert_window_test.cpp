#include "server/alerts/alert_window.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

using namespace timeless;
using namespace timeless::server;

namespace {

constexpr int64_t min = 60 * 1000;

alert_rule rule_for(int64_t duration, aggregate_fn fn = aggregate_fn::avg) {
  alert_rule r;
  r.metric = "cpu";
  r.labels = {{"host", "a"}, {"dc", "eu"}};
  r.duration = duration;
  r.aggregate = fn;
  return r;
}

} // namespace

TEST(alert_window, is_at_least_ten_minutes_ending_now) {
  auto w = window_of(rule_for(0), 100 * min);
  EXPECT_EQ(w.to, 100 * min);
  EXPECT_EQ(w.from, 90 * min);
  auto longer = window_of(rule_for(30 * min), 100 * min);
  EXPECT_EQ(longer.from, 70 * min);
}

TEST(alert_window, width_is_capped_and_start_saturates) {
  auto w = window_of(rule_for(std::numeric_limits<int64_t>::max()),
                     1000 * 86400 * 1000ll);
  EXPECT_EQ(w.to - w.from, max_alert_duration_ms);
  auto lo = std::numeric_limits<int64_t>::min();
  auto early = window_of(rule_for(0), lo + 5);
  EXPECT_EQ(early.from, lo);
}

TEST(alert_window, query_matches_metric_and_each_label_exactly) {
  auto q = window_query(rule_for(0), {10, 20});
  EXPECT_EQ(q.sel.metric, "cpu");
  ASSERT_EQ(q.sel.matchers.size(), 2u);
  EXPECT_EQ(q.sel.matchers[0].op, match_op::eq);
  EXPECT_EQ(q.sel.matchers[0].name, "host");
  EXPECT_EQ(q.sel.matchers[1].value, "eu");
  EXPECT_EQ(q.from, 10);
  EXPECT_EQ(q.to, 20);
}

TEST(alert_window, empty_window_has_no_value) {
  std::vector<int64_t> ts;
  std::vector<double> v;
  EXPECT_FALSE(window_value(ts, v, {0, 100}, aggregate_fn::avg));
  ts = {5, 200};
  v = {1, 2};
  EXPECT_FALSE(window_value(ts, v, {10, 100}, aggregate_fn::avg));
}

TEST(alert_window, both_ends_are_included_and_outside_points_ignored) {
  std::vector<int64_t> ts = {9, 10, 50, 100, 101};
  std::vector<double> v = {1000, 1, 2, 3, 1000};
  auto x = window_value(ts, v, {10, 100}, aggregate_fn::avg);
  ASSERT_TRUE(x);
  EXPECT_DOUBLE_EQ(*x, 2);
  auto n = window_value(ts, v, {10, 100}, aggregate_fn::count);
  EXPECT_EQ(*n, 3);
}

// The original took the last epoch-aligned bucket as wide as the window:
// at 10:03 with a 10-minute window that bucket began at 10:00 and held
// three minutes of points. The whole window is one bucket here, whatever
// the alignment.
TEST(alert_window, an_epoch_bucket_boundary_never_cuts_the_window) {
  auto now = 100 * min + 3 * min; // 3 minutes past a 10-minute boundary
  auto w = window_of(rule_for(0), now);
  std::vector<int64_t> ts;
  std::vector<double> v;
  for (int64_t t = w.from; t <= w.to; t += min) {
    ts.push_back(t);
    v.push_back(t < 100 * min ? 100.0 : 0.0); // high before the boundary
  }
  auto x = window_value(ts, v, w, aggregate_fn::max);
  ASSERT_TRUE(x);
  EXPECT_EQ(*x, 100);
  auto n = window_value(ts, v, w, aggregate_fn::count);
  EXPECT_EQ(*n, 11);
  auto first = window_value(ts, v, w, aggregate_fn::first);
  EXPECT_EQ(*first, 100);
}

TEST(alert_window, rate_and_increase_span_the_whole_window) {
  std::vector<int64_t> ts = {0, 60000, 120000};
  std::vector<double> v = {0, 60, 120};
  auto w = alert_window{0, 120000};
  EXPECT_DOUBLE_EQ(*window_value(ts, v, w, aggregate_fn::increase), 120);
  EXPECT_DOUBLE_EQ(*window_value(ts, v, w, aggregate_fn::rate), 1);
}

TEST(alert_window, negative_timestamps_across_the_epoch_are_one_bucket) {
  std::vector<int64_t> ts = {-5000, -1, 0, 5000};
  std::vector<double> v = {1, 2, 3, 4};
  auto x = window_value(ts, v, {-10000, 10000}, aggregate_fn::sum);
  ASSERT_TRUE(x);
  EXPECT_EQ(*x, 10);
}

TEST(alert_window, window_at_the_int64_extremes) {
  constexpr auto lo = std::numeric_limits<int64_t>::min();
  std::vector<int64_t> ts = {lo, lo + 1};
  std::vector<double> v = {1, 3};
  auto x = window_value(ts, v, {lo, lo + 1}, aggregate_fn::avg);
  ASSERT_TRUE(x);
  EXPECT_EQ(*x, 2);
}

TEST(alert_window, nan_points_follow_the_store_rules) {
  auto nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<int64_t> ts = {1, 2};
  std::vector<double> v = {nan, 5};
  EXPECT_TRUE(std::isnan(*window_value(ts, v, {0, 10}, aggregate_fn::avg)));
  EXPECT_EQ(*window_value(ts, v, {0, 10}, aggregate_fn::max), 5);
}
