#include "server/chart/ticks.hpp"

#include <cfloat>
#include <cmath>
#include <limits>
#include <set>

#include <gtest/gtest.h>

using namespace timeless::chart;

namespace {

constexpr int64_t sec = 1000;
constexpr int64_t minute = 60 * sec;
constexpr int64_t hour = 60 * minute;
constexpr int64_t day = 24 * hour;
/// 2024-01-01T00:00:00Z, a Monday.
constexpr int64_t jan_2024 = 1'704'067'200'000;

/// True if `step` is 1, 2 or 5 times a power of ten.
bool nice_step(double step) {
  auto mag = std::pow(10.0, std::floor(std::log10(step)));
  auto m = step / mag;
  return std::fabs(m - 1) < 1e-9 || std::fabs(m - 2) < 1e-9 ||
         std::fabs(m - 5) < 1e-9 || std::fabs(m - 10) < 1e-9;
}

void expect_sane(double lo, double hi) {
  auto t = nice_value_ticks(lo, hi);
  ASSERT_FALSE(t.values.empty()) << lo << " " << hi;
  EXPECT_TRUE(nice_step(t.step)) << t.step;
  EXPECT_LE(t.values.size(), 12u) << lo << " " << hi;
  for (size_t i = 0; i < t.values.size(); ++i) {
    EXPECT_TRUE(std::isfinite(t.values[i]));
    EXPECT_GE(t.values[i], lo);
    EXPECT_LE(t.values[i], hi);
    if (i > 0) {
      EXPECT_LT(t.values[i - 1], t.values[i]);
    }
  }
  auto labels = value_labels(t);
  ASSERT_EQ(labels.size(), t.values.size());
  std::set<std::string> distinct(labels.begin(), labels.end());
  EXPECT_EQ(distinct.size(), labels.size()) << lo << " " << hi;
  for (auto& l : labels) {
    EXPECT_EQ(l.find("nan"), std::string::npos) << l;
    EXPECT_EQ(l.find("inf"), std::string::npos) << l;
    EXPECT_NE(l, "-0");
  }
}

} // namespace

TEST(value_ticks, zero_to_hundred) {
  auto t = nice_value_ticks(0, 100);
  EXPECT_EQ(t.values, (std::vector<double>{0, 20, 40, 60, 80, 100}));
  EXPECT_EQ(t.step, 20);
  EXPECT_EQ(value_labels(t),
            (std::vector<std::string>{"0", "20", "40", "60", "80", "100"}));
}

TEST(value_ticks, only_multiples_of_the_step_inside_the_range) {
  auto t = nice_value_ticks(-0.95, 10.95);
  EXPECT_EQ(t.step, 2);
  EXPECT_EQ(t.values, (std::vector<double>{0, 2, 4, 6, 8, 10}));
}

TEST(value_ticks, none_for_an_empty_or_non_finite_range) {
  EXPECT_TRUE(nice_value_ticks(1, 1).values.empty());
  EXPECT_TRUE(nice_value_ticks(2, 1).values.empty());
  auto nan = std::numeric_limits<double>::quiet_NaN();
  auto inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(nice_value_ticks(nan, 1).values.empty());
  EXPECT_TRUE(nice_value_ticks(0, inf).values.empty());
  EXPECT_TRUE(nice_value_ticks(-inf, inf).values.empty());
  EXPECT_TRUE(value_labels(value_ticks{}).empty());
}

TEST(value_ticks, steps_are_one_two_five_times_a_power_of_ten) {
  double ranges[][2] = {{0, 1},      {0, 7},        {3, 4},
                        {-50, 50},   {0, 0.003},    {99.5, 100.5},
                        {0, 1e6},    {1e9, 1.2e9},  {-1e-6, 1e-6},
                        {0, 123456}, {17.3, 17.31}, {-2.5e7, -2.4e7}};
  for (auto& r : ranges)
    expect_sane(r[0], r[1]);
}

TEST(value_ticks, the_whole_double_range) {
  expect_sane(-DBL_MAX, DBL_MAX);
  expect_sane(0, DBL_MAX);
  expect_sane(DBL_MAX / 2, DBL_MAX);
}

TEST(value_ticks, tiny_ranges) {
  expect_sane(1e-300, 3e-300);
  expect_sane(0, 4 * DBL_MIN);
  expect_sane(-1e-20, 1e-20);
  // A range narrower than the values' magnitude resolves too.
  expect_sane(1e15, 1e15 + 8);
}

TEST(value_labels, thousands_and_millions) {
  EXPECT_EQ(value_labels(nice_value_ticks(0, 5000)),
            (std::vector<std::string>{"0", "1K", "2K", "3K", "4K", "5K"}));
  EXPECT_EQ(
      value_labels(nice_value_ticks(0, 2'500'000)),
      (std::vector<std::string>{"0", "0.5M", "1.0M", "1.5M", "2.0M", "2.5M"}));
  EXPECT_EQ(value_labels(nice_value_ticks(0, 4e9)).back(), "4G");
  EXPECT_EQ(value_labels(nice_value_ticks(0, 4e12)).back(), "4T");
  EXPECT_EQ(value_labels(nice_value_ticks(1e9, 1.2e9)).back(), "1.20G");
}

TEST(value_labels, decimals_follow_the_step) {
  EXPECT_EQ(value_labels(nice_value_ticks(0, 1)),
            (std::vector<std::string>{"0", "0.2", "0.4", "0.6", "0.8", "1.0"}));
  EXPECT_EQ(value_labels(nice_value_ticks(0, 0.05)).back(), "0.05");
  // -0.4 + 0.2 * 2 is not exactly 0: still "0", never "-0.0".
  auto l = value_labels(nice_value_ticks(-0.4, 0.4));
  EXPECT_NE(std::find(l.begin(), l.end(), "0"), l.end());
  for (auto& x : l)
    EXPECT_NE(x.rfind("-0", 0) == 0 &&
                  x.find_first_not_of("-0.") == std::string::npos,
              true)
        << x;
}

TEST(value_labels, scientific_beyond_the_units) {
  auto huge = value_labels(nice_value_ticks(0, 3e20));
  EXPECT_EQ(huge.front(), "0");
  EXPECT_EQ(huge.back(), "3e+20");
  auto tiny = value_labels(nice_value_ticks(1e-300, 3e-300));
  EXPECT_NE(tiny.front().find("e-30"), std::string::npos) << tiny.front();
}

TEST(time_ticks, one_hour_snaps_to_ten_minutes) {
  auto t = nice_time_ticks(jan_2024 + 7 * minute, jan_2024 + hour + 7 * minute);
  EXPECT_EQ(t.step_ms, 10 * minute);
  ASSERT_EQ(t.ts.size(), 6u);
  EXPECT_EQ(t.ts.front(), jan_2024 + 10 * minute);
  for (auto ts : t.ts)
    EXPECT_EQ(ts % t.step_ms, 0);
}

TEST(time_ticks, snapped_steps) {
  EXPECT_EQ(nice_time_ticks(0, 60 * sec).step_ms, 30 * sec);
  EXPECT_EQ(nice_time_ticks(0, 6 * minute).step_ms, minute);
  EXPECT_EQ(nice_time_ticks(0, 6 * minute + 1).step_ms, 5 * minute);
  EXPECT_EQ(nice_time_ticks(0, day).step_ms, 6 * hour);
  EXPECT_EQ(nice_time_ticks(0, 6 * day).step_ms, day);
  EXPECT_EQ(nice_time_ticks(0, 30 * day).step_ms, 5 * day);
}

TEST(time_ticks, a_tick_on_the_start_when_aligned) {
  auto t = nice_time_ticks(jan_2024, jan_2024 + hour);
  EXPECT_EQ(t.ts.front(), jan_2024);
  EXPECT_EQ(t.ts.back(), jan_2024 + hour);
}

TEST(time_ticks, none_for_an_empty_range) {
  EXPECT_TRUE(nice_time_ticks(5, 5).ts.empty());
  EXPECT_TRUE(nice_time_ticks(6, 5).ts.empty());
}

TEST(time_ticks, int64_extremes_do_not_overflow) {
  auto t = nice_time_ticks(INT64_MIN, INT64_MAX);
  ASSERT_FALSE(t.ts.empty());
  EXPECT_LE(t.ts.size(), max_ticks);
  for (size_t i = 1; i < t.ts.size(); ++i)
    EXPECT_LT(t.ts[i - 1], t.ts[i]);
  auto near_max = nice_time_ticks(INT64_MAX - day, INT64_MAX);
  EXPECT_FALSE(near_max.ts.empty());
  for (auto ts : near_max.ts)
    EXPECT_GE(ts, INT64_MAX - day);
  auto near_min = nice_time_ticks(INT64_MIN, INT64_MIN + day);
  for (auto ts : near_min.ts)
    EXPECT_LE(ts, INT64_MIN + day);
}

TEST(time_label, by_span) {
  auto t = jan_2024 + 13 * hour + 5 * minute; // Mon 2024-01-01 13:05 UTC
  EXPECT_EQ(time_label(t, hour, 10 * minute), "13:05");
  EXPECT_EQ(time_label(t + 7 * sec, 2 * minute, 30 * sec), "13:05:07");
  EXPECT_EQ(time_label(t, day, hour), "13:05");
  EXPECT_EQ(time_label(t, day + 1, hour), "Mon 13:05");
  EXPECT_EQ(time_label(t + 6 * day, 7 * day, day), "Sun 13:05");
  EXPECT_EQ(time_label(t + 59 * day, 30 * day, 5 * day), "2/29"); // leap
  EXPECT_EQ(time_label(t, 400 * day, 60 * day), "2024-01-01");
}

TEST(time_label, before_the_epoch_and_at_the_extremes) {
  EXPECT_EQ(time_label(-minute, hour, 10 * minute), "23:59");
  EXPECT_EQ(time_label(-minute, 2 * day, day), "Wed 23:59");
  EXPECT_EQ(time_label(-minute, 30 * day, day), "12/31");
  EXPECT_EQ(time_label(0, 30 * day, day), "1/1");
  EXPECT_FALSE(time_label(INT64_MIN, INT64_MAX, day).empty());
  EXPECT_FALSE(time_label(INT64_MAX, INT64_MAX, day).empty());
}
