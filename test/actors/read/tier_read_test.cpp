#include "actors/read/tier_read.hpp"

#include <cmath>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "actors/maintain/rollup_delta.hpp"
#include "actors/maintain/tiers.hpp"
#include "test/actors/tier_store.hpp"

using namespace timeless;
using namespace timeless::detail;

namespace {

using timeless::testing::day;
using timeless::testing::hour;
using timeless::testing::minute;

std::vector<tier_slot> slots() {
  return {{1, {"hourly", hour, false, retention_forever}},
          {2, {"daily", day, false, retention_forever}},
          {3, {"monthly", 0, true, retention_forever}}};
}

} // namespace

TEST(tier_read, plan_picks_the_coarsest_tier_dividing_the_step) {
  auto p = plan_tier_read(slots(), day, 10 * day);
  EXPECT_EQ(p.tier, 1u);
  EXPECT_TRUE(p.rebucket);
  EXPECT_EQ(p.seam, 10 * day);
  p = plan_tier_read(slots(), 6 * hour, 10 * day + 1);
  EXPECT_EQ(p.tier, 0u);
  EXPECT_TRUE(p.rebucket);
  EXPECT_EQ(p.seam, 10 * day + 6 * hour); // next step bucket
  p = plan_tier_read(slots(), 7 * day, 3 * day);
  EXPECT_EQ(p.tier, 1u);
}

TEST(tier_read, finer_step_gets_the_finest_tier_buckets_before_the_seam) {
  // A 1-minute step where raw data is gone: hourly rows, each its own
  // bucket (coarser than asked, only where nothing finer exists).
  auto p = plan_tier_read(slots(), minute, 10 * day + 90 * minute);
  EXPECT_EQ(p.tier, 0u);
  EXPECT_FALSE(p.rebucket);
  EXPECT_EQ(p.seam, 10 * day + 2 * hour);
}

TEST(tier_read, rows_rebucketed_give_the_raw_answer) {
  // Random points in 3 days; hourly rows re-bucketed into 6-hour steps
  // must give what aggregate_points gives on the raw points.
  std::mt19937_64 rng{3};
  std::uniform_int_distribution<int64_t> t{0, 3 * day - 1};
  std::uniform_int_distribution<int> v{-50, 50};
  std::vector<int64_t> ts;
  std::vector<double> vs;
  for (int i = 0; i < 2000; ++i)
    ts.push_back(t(rng));
  std::sort(ts.begin(), ts.end());
  for (size_t i = 0; i < ts.size(); ++i)
    vs.push_back(v(rng));
  rollup_delta delta{{{"hourly", hour, false, retention_forever}}, {0}};
  delta.add_segment(1, 1, ts, vs);
  auto rows = delta.take_rows(0);
  tier_plan plan{0, true, INT64_MAX};
  for (auto fn : {aggregate_fn::avg, aggregate_fn::min, aggregate_fn::max,
                  aggregate_fn::count, aggregate_fn::sum, aggregate_fn::first,
                  aggregate_fn::last}) {
    std::vector<bucket_value> from_rows;
    std::vector<bucket_value> from_raw;
    aggregate_rows(rows, plan, 6 * hour, fn, from_rows);
    aggregate_points(ts, vs, INT64_MIN, INT64_MAX, 6 * hour, fn, from_raw);
    ASSERT_EQ(from_rows.size(), from_raw.size()) << to_string(fn);
    for (size_t i = 0; i < from_raw.size(); ++i) {
      EXPECT_EQ(from_rows[i].bucket, from_raw[i].bucket);
      EXPECT_DOUBLE_EQ(from_rows[i].value, from_raw[i].value) << to_string(fn);
    }
  }
}

TEST(tier_read, increase_counts_growth_across_rows_and_resets) {
  // A counter 0..59 per minute in hour 0, reset, 0..59 in hour 1: hourly
  // rows (first 0, last 59) twice. One 2-hour bucket: 59 + 0 (reset: the
  // value after it counts as growth) + 59.
  std::vector<int64_t> ts;
  std::vector<double> vs;
  for (int h = 0; h < 2; ++h)
    for (int m = 0; m < 60; ++m) {
      ts.push_back(h * hour + m * minute);
      vs.push_back(m);
    }
  rollup_delta delta{{{"hourly", hour, false, retention_forever}}, {0}};
  delta.add_segment(1, 1, ts, vs);
  auto rows = delta.take_rows(0);
  tier_plan plan{0, true, INT64_MAX};
  std::vector<bucket_value> out;
  aggregate_rows(rows, plan, 2 * hour, aggregate_fn::increase, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].value, 118.0);
  out.clear();
  aggregate_rows(rows, plan, 2 * hour, aggregate_fn::rate, out);
  EXPECT_DOUBLE_EQ(out[0].value, 118.0 / ((119 * minute) / 1000.0));
  // A bucket of one row with one point: no growth.
  out.clear();
  std::vector<db::rollup_row> one(1);
  add_point(one[0], 5, 3.0);
  aggregate_rows(one, plan, hour, aggregate_fn::rate, out);
  EXPECT_EQ(out[0].value, 0.0);
}

TEST(tier_read, a_nan_makes_increase_nan_as_on_raw_points) {
  std::vector<db::rollup_row> rows(2);
  rows[0].bucket = 0;
  add_point(rows[0], 10, 1.0);
  add_point(rows[0], 20, std::numeric_limits<double>::quiet_NaN());
  rows[1].bucket = hour;
  add_point(rows[1], hour + 10, 5.0);
  add_point(rows[1], hour + 20, 6.0);
  tier_plan plan{0, true, INT64_MAX};
  std::vector<bucket_value> out;
  aggregate_rows(rows, plan, 2 * hour, aggregate_fn::increase, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(std::isnan(out[0].value));
  // The raw path agrees.
  std::vector<int64_t> ts{10, 20, hour + 10, hour + 20};
  std::vector<double> vs{1.0, std::numeric_limits<double>::quiet_NaN(), 5.0,
                         6.0};
  std::vector<bucket_value> raw;
  aggregate_points(ts, vs, 0, 2 * hour, 2 * hour, aggregate_fn::increase, raw);
  ASSERT_EQ(raw.size(), 1u);
  EXPECT_TRUE(std::isnan(raw[0].value));
}

TEST(tier_read, unrebucketed_rows_keep_their_own_buckets) {
  std::vector<db::rollup_row> rows(2);
  rows[0].bucket = 0;
  add_point(rows[0], 10, 1.0);
  rows[1].bucket = hour;
  add_point(rows[1], hour + 10, 3.0);
  tier_plan plan{0, false, 2 * hour};
  std::vector<bucket_value> out;
  aggregate_rows(rows, plan, minute, aggregate_fn::avg, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], (bucket_value{0, 1.0}));
  EXPECT_EQ(out[1], (bucket_value{hour, 3.0}));
}
