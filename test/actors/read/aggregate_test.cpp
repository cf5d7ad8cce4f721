#include "timeless/aggregate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

using namespace timeless;

namespace {

constexpr auto qnan = std::numeric_limits<double>::quiet_NaN();
constexpr auto inf = std::numeric_limits<double>::infinity();
constexpr auto min_ts = std::numeric_limits<int64_t>::min();
constexpr auto max_ts = std::numeric_limits<int64_t>::max();

/// Aggregates over the whole int64 range.
std::vector<bucket_value> agg(const std::vector<int64_t>& ts,
                              const std::vector<double>& values, int64_t width,
                              aggregate_fn fn, int64_t from = min_ts,
                              int64_t to = max_ts) {
  std::vector<bucket_value> out;
  aggregate_points(ts, values, from, to, width, fn, out);
  return out;
}

/// The value of the only bucket.
double one(const std::vector<int64_t>& ts, const std::vector<double>& values,
           aggregate_fn fn) {
  auto out = agg(ts, values, 1000000, fn);
  EXPECT_EQ(out.size(), 1u);
  return out.empty() ? -12345.0 : out[0].value;
}

// One bucket of width 1000000 holding six points 10 s apart.
const std::vector<int64_t> six_ts = {0, 10000, 20000, 30000, 40000, 50000};

} // namespace

// -- names --------------------------------------------------------------------

TEST(aggregate, names_round_trip) {
  for (auto fn :
       {aggregate_fn::avg, aggregate_fn::min, aggregate_fn::max,
        aggregate_fn::count, aggregate_fn::sum, aggregate_fn::first,
        aggregate_fn::last, aggregate_fn::rate, aggregate_fn::increase}) {
    aggregate_fn parsed = aggregate_fn::avg;
    ASSERT_TRUE(parse_aggregate_fn(to_string(fn), parsed)) << to_string(fn);
    EXPECT_EQ(parsed, fn);
  }
  EXPECT_EQ(to_string(aggregate_fn::increase), "increase");
}

TEST(aggregate, unknown_name_is_rejected_and_leaves_output) {
  auto fn = aggregate_fn::max;
  EXPECT_FALSE(parse_aggregate_fn("AVG", fn));
  EXPECT_FALSE(parse_aggregate_fn("", fn));
  EXPECT_FALSE(parse_aggregate_fn("median", fn));
  EXPECT_EQ(fn, aggregate_fn::max);
}

// -- bucket_start -------------------------------------------------------------

TEST(aggregate, bucket_start_of_positive_ts) {
  EXPECT_EQ(bucket_start(0, 60), 0);
  EXPECT_EQ(bucket_start(59, 60), 0);
  EXPECT_EQ(bucket_start(60, 60), 60);
  EXPECT_EQ(bucket_start(125, 60), 120);
}

TEST(aggregate, bucket_start_rounds_negative_ts_down) {
  EXPECT_EQ(bucket_start(-1, 60), -60);
  EXPECT_EQ(bucket_start(-60, 60), -60);
  EXPECT_EQ(bucket_start(-61, 60), -120);
}

TEST(aggregate, bucket_start_at_int64_extremes) {
  EXPECT_EQ(bucket_start(max_ts, 1), max_ts);
  EXPECT_EQ(bucket_start(min_ts, 1), min_ts);
  EXPECT_EQ(bucket_start(max_ts, 1000), max_ts - max_ts % 1000);
  // -2^63 is a multiple of 1024 ...
  EXPECT_EQ(bucket_start(min_ts, 1024), min_ts);
  EXPECT_EQ(bucket_start(min_ts + 1023, 1024), min_ts);
  // ... but not of 1000: that bucket starts below INT64_MIN, reported there.
  EXPECT_EQ(bucket_start(min_ts, 1000), min_ts);
  EXPECT_EQ(bucket_start(min_ts + 807, 1000), min_ts);
  EXPECT_EQ(bucket_start(min_ts + 808, 1000), min_ts + 808);
  EXPECT_EQ(bucket_start(0, max_ts), 0);
  EXPECT_EQ(bucket_start(-1, max_ts), min_ts + 1);
  EXPECT_EQ(bucket_start(min_ts + 1, max_ts), min_ts + 1);
  EXPECT_EQ(bucket_start(min_ts, max_ts), min_ts); // true start -2 * max
  EXPECT_EQ(bucket_start(max_ts, max_ts), max_ts);
}

// -- each function on hand-computed data --------------------------------------

TEST(aggregate, avg) {
  EXPECT_DOUBLE_EQ(one({1, 2, 3, 4}, {1, 2, 3, 10}, aggregate_fn::avg), 4.0);
}

TEST(aggregate, min_and_max) {
  EXPECT_EQ(one({1, 2, 3}, {5, -2, 7}, aggregate_fn::min), -2.0);
  EXPECT_EQ(one({1, 2, 3}, {5, -2, 7}, aggregate_fn::max), 7.0);
}

TEST(aggregate, sum_and_count) {
  EXPECT_EQ(one({1, 2, 3}, {5, -2, 7}, aggregate_fn::sum), 10.0);
  EXPECT_EQ(one({1, 2, 3}, {5, -2, 7}, aggregate_fn::count), 3.0);
}

TEST(aggregate, first_and_last) {
  EXPECT_EQ(one({1, 2, 3}, {5, -2, 7}, aggregate_fn::first), 5.0);
  EXPECT_EQ(one({1, 2, 3}, {5, -2, 7}, aggregate_fn::last), 7.0);
}

TEST(aggregate, first_and_last_on_tied_timestamps_follow_input_order) {
  std::vector<int64_t> ts = {1, 1, 5, 5};
  std::vector<double> v = {10, 11, 20, 21};
  EXPECT_EQ(one(ts, v, aggregate_fn::first), 10.0);
  EXPECT_EQ(one(ts, v, aggregate_fn::last), 21.0);
}

TEST(aggregate, increase_and_rate_of_monotonic_counter) {
  std::vector<double> v = {100, 200, 300, 400, 500, 600};
  EXPECT_EQ(one(six_ts, v, aggregate_fn::increase), 500.0);
  // 500 over 50 s.
  EXPECT_DOUBLE_EQ(one(six_ts, v, aggregate_fn::rate), 10.0);
}

TEST(aggregate, counter_reset_counts_post_reset_value_as_growth) {
  // The original skipped the 300 -> 50 pair: increase 400. Prometheus
  // semantics: 100 + 100 + 50 + 100 + 100 = 450.
  std::vector<double> v = {100, 200, 300, 50, 150, 250};
  EXPECT_EQ(one(six_ts, v, aggregate_fn::increase), 450.0);
  EXPECT_DOUBLE_EQ(one(six_ts, v, aggregate_fn::rate), 9.0); // 450 / 50 s
}

TEST(aggregate, reset_to_zero_adds_nothing) {
  std::vector<int64_t> ts = {0, 1000, 2000};
  EXPECT_EQ(one(ts, {5, 0, 3}, aggregate_fn::increase), 3.0);
}

TEST(aggregate, equal_counter_values_add_nothing) {
  std::vector<int64_t> ts = {0, 1000, 2000};
  EXPECT_EQ(one(ts, {7, 7, 7}, aggregate_fn::increase), 0.0);
  EXPECT_EQ(one(ts, {7, 7, 7}, aggregate_fn::rate), 0.0);
}

TEST(aggregate, rate_uses_milliseconds_span_in_seconds) {
  // 3 over 1.5 s.
  EXPECT_DOUBLE_EQ(one({0, 1500}, {0, 3}, aggregate_fn::rate), 2.0);
}

TEST(aggregate, increase_and_rate_need_two_points) {
  EXPECT_EQ(one({5}, {42}, aggregate_fn::increase), 0.0);
  EXPECT_EQ(one({5}, {42}, aggregate_fn::rate), 0.0);
}

TEST(aggregate, increase_and_rate_of_zero_time_span_are_zero) {
  EXPECT_EQ(one({5, 5, 5}, {1, 2, 3}, aggregate_fn::increase), 0.0);
  EXPECT_EQ(one({5, 5, 5}, {1, 2, 3}, aggregate_fn::rate), 0.0);
}

TEST(aggregate, increase_does_not_cross_bucket_boundaries) {
  auto out = agg({0, 500, 1000, 1500}, {0, 10, 100, 130}, 1000,
                 aggregate_fn::increase);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], (bucket_value{0, 10.0}));
  EXPECT_EQ(out[1], (bucket_value{1000, 30.0}));
}

TEST(aggregate, single_point_for_every_function) {
  EXPECT_EQ(one({7}, {3.5}, aggregate_fn::avg), 3.5);
  EXPECT_EQ(one({7}, {3.5}, aggregate_fn::min), 3.5);
  EXPECT_EQ(one({7}, {3.5}, aggregate_fn::max), 3.5);
  EXPECT_EQ(one({7}, {3.5}, aggregate_fn::sum), 3.5);
  EXPECT_EQ(one({7}, {3.5}, aggregate_fn::count), 1.0);
  EXPECT_EQ(one({7}, {3.5}, aggregate_fn::first), 3.5);
  EXPECT_EQ(one({7}, {3.5}, aggregate_fn::last), 3.5);
}

// -- bucketing and range ------------------------------------------------------

TEST(aggregate, empty_input_gives_no_buckets) {
  EXPECT_TRUE(agg({}, {}, 60, aggregate_fn::avg).empty());
}

TEST(aggregate, only_non_empty_buckets_in_ascending_order) {
  auto out = agg({0, 30, 60, 300, 301}, {1, 3, 5, 7, 9}, 60, aggregate_fn::avg);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], (bucket_value{0, 2.0}));
  EXPECT_EQ(out[1], (bucket_value{60, 5.0}));
  EXPECT_EQ(out[2], (bucket_value{300, 8.0}));
}

TEST(aggregate, results_are_appended) {
  std::vector<bucket_value> out{{-1, -1}};
  std::vector<int64_t> ts = {5};
  std::vector<double> v = {1};
  aggregate_points(ts, v, min_ts, max_ts, 10, aggregate_fn::sum, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1], (bucket_value{0, 1.0}));
}

TEST(aggregate, negative_timestamps_bucket_toward_negative_infinity) {
  auto out =
      agg({-61, -60, -1, 0, 59}, {1, 2, 3, 4, 5}, 60, aggregate_fn::count);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], (bucket_value{-120, 1.0}));
  EXPECT_EQ(out[1], (bucket_value{-60, 2.0}));
  EXPECT_EQ(out[2], (bucket_value{0, 2.0}));
}

TEST(aggregate, from_and_to_are_inclusive) {
  std::vector<int64_t> ts = {9, 10, 15, 20, 21};
  std::vector<double> v = {100, 1, 2, 3, 100};
  auto out = agg(ts, v, 1000, aggregate_fn::sum, 10, 20);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].value, 6.0);
}

TEST(aggregate, range_clips_inside_a_bucket) {
  // The bucket [0, 100) is reported, holding only the points in range.
  auto out = agg({0, 50, 99}, {1, 2, 4}, 100, aggregate_fn::first, 40, 200);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], (bucket_value{0, 2.0}));
}

TEST(aggregate, empty_or_inverted_range_gives_no_buckets) {
  EXPECT_TRUE(agg({1, 2, 3}, {1, 2, 3}, 10, aggregate_fn::sum, 4, 9).empty());
  EXPECT_TRUE(agg({1, 2, 3}, {1, 2, 3}, 10, aggregate_fn::sum, 3, 1).empty());
}

TEST(aggregate, single_timestamp_range) {
  auto out = agg({1, 2, 2, 3}, {1, 2, 5, 3}, 10, aggregate_fn::sum, 2, 2);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].value, 7.0);
}

TEST(aggregate, int64_extreme_timestamps) {
  auto out = agg({min_ts, min_ts + 1, 0, max_ts - 1, max_ts}, {1, 2, 3, 4, 5},
                 1000, aggregate_fn::sum);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], (bucket_value{min_ts, 3.0}));
  EXPECT_EQ(out[1], (bucket_value{0, 3.0}));
  EXPECT_EQ(out[2], (bucket_value{max_ts - max_ts % 1000, 9.0}));
}

TEST(aggregate, widest_buckets_split_the_int64_range) {
  auto out = agg({min_ts, min_ts + 1, -1, 0, max_ts - 1, max_ts},
                 {1, 2, 4, 8, 16, 32}, max_ts, aggregate_fn::sum);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0], (bucket_value{min_ts, 1.0}));
  EXPECT_EQ(out[1], (bucket_value{min_ts + 1, 6.0}));
  EXPECT_EQ(out[2], (bucket_value{0, 24.0}));
  EXPECT_EQ(out[3], (bucket_value{max_ts, 32.0}));
}

TEST(aggregate, rate_in_bucket_at_int64_extremes) {
  auto out = agg({max_ts - 1000, max_ts}, {0, 5}, 1000000, aggregate_fn::rate);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_DOUBLE_EQ(out[0].value, 5.0);
}

// -- NaN and infinities -------------------------------------------------------

TEST(aggregate, nan_propagates_through_avg_and_sum) {
  EXPECT_TRUE(std::isnan(one({1, 2}, {1, qnan}, aggregate_fn::avg)));
  EXPECT_TRUE(std::isnan(one({1, 2}, {qnan, 1}, aggregate_fn::sum)));
}

TEST(aggregate, min_and_max_ignore_nan_unless_all_are_nan) {
  EXPECT_EQ(one({1, 2, 3}, {qnan, 4, 2}, aggregate_fn::min), 2.0);
  EXPECT_EQ(one({1, 2, 3}, {4, qnan, 2}, aggregate_fn::max), 4.0);
  EXPECT_EQ(one({1, 2}, {3, qnan}, aggregate_fn::min), 3.0);
  EXPECT_TRUE(std::isnan(one({1, 2}, {qnan, qnan}, aggregate_fn::min)));
  EXPECT_TRUE(std::isnan(one({1, 2}, {qnan, qnan}, aggregate_fn::max)));
}

TEST(aggregate, count_includes_nan) {
  EXPECT_EQ(one({1, 2}, {qnan, qnan}, aggregate_fn::count), 2.0);
}

TEST(aggregate, first_and_last_return_nan_as_is) {
  EXPECT_TRUE(std::isnan(one({1, 2}, {qnan, 1}, aggregate_fn::first)));
  EXPECT_TRUE(std::isnan(one({1, 2}, {1, qnan}, aggregate_fn::last)));
}

TEST(aggregate, nan_anywhere_makes_increase_and_rate_nan) {
  for (auto v : {std::vector<double>{qnan, 1, 2}, {1, qnan, 2}, {1, 2, qnan}}) {
    EXPECT_TRUE(std::isnan(one({0, 1000, 2000}, v, aggregate_fn::increase)));
    EXPECT_TRUE(std::isnan(one({0, 1000, 2000}, v, aggregate_fn::rate)));
  }
}

TEST(aggregate, infinities_follow_ieee) {
  EXPECT_EQ(one({1, 2}, {1, inf}, aggregate_fn::sum), inf);
  EXPECT_TRUE(std::isnan(one({1, 2}, {-inf, inf}, aggregate_fn::avg)));
  EXPECT_EQ(one({1, 2, 3}, {1, -inf, inf}, aggregate_fn::min), -inf);
  EXPECT_EQ(one({1, 2, 3}, {1, -inf, inf}, aggregate_fn::max), inf);
  EXPECT_EQ(one({0, 1000}, {1, inf}, aggregate_fn::increase), inf);
}

TEST(aggregate, negative_zero_is_kept) {
  EXPECT_TRUE(std::signbit(one({1}, {-0.0}, aggregate_fn::first)));
  EXPECT_TRUE(std::signbit(one({1}, {-0.0}, aggregate_fn::min)));
}
