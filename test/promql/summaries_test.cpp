#include "promql/summaries.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "promql/eval.hpp"
#include "promql/parse.hpp"

using namespace timeless::promql;

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
constexpr int64_t minute = 60'000;

/// A one-minute summary starting at minute `m`.
summary minute_summary(int64_t m, uint64_t count, double sum, double min,
                       double max, double last) {
  return summary{m * minute, minute, count, sum, min, max, last};
}

double eval_at(memory_storage& st, std::string_view q, int64_t t) {
  auto parsed = parse(q);
  EXPECT_TRUE(parsed.ok()) << parsed.error;
  auto r = eval_instant(*parsed.expression, t, st);
  EXPECT_TRUE(r.ok()) << r.error;
  if (r.val.vec.size() != 1)
    return -12345;
  return r.val.vec[0].v;
}

} // namespace

TEST(summaries, only_six_functions_read_them) {
  for (auto f : {"avg_over_time", "min_over_time", "max_over_time",
                 "sum_over_time", "count_over_time", "last_over_time"})
    EXPECT_TRUE(reads_summaries(f)) << f;
  for (auto f : {"rate", "increase", "stddev_over_time", "quantile_over_time",
                 "present_over_time", "changes"})
    EXPECT_FALSE(reads_summaries(f)) << f;
}

TEST(summaries, a_window_holds_those_starting_in_lo_to_hi) {
  std::vector<summary> ss;
  for (int64_t m = 0; m < 10; ++m)
    ss.push_back(minute_summary(m, 1, 1, 1, 1, 1));
  auto in = summaries_in(ss, 2 * minute, 5 * minute);
  ASSERT_EQ(in.size(), 3u); // starts 2, 3, 4: the one at 5 is after
  EXPECT_EQ(in.front().start, 2 * minute);
  EXPECT_EQ(in.back().start, 4 * minute);
  EXPECT_EQ(summaries_in(ss, 2 * minute + 1, 3 * minute).size(), 0u);
  EXPECT_EQ(summaries_in(ss, 20 * minute, 30 * minute).size(), 0u);
  EXPECT_EQ(summaries_in({}, 0, 10).size(), 0u);
}

TEST(summaries, combine_with_the_raw_points_after_them) {
  std::vector<summary> ss{minute_summary(0, 2, 3, 1, 2, 2),
                          minute_summary(1, 3, 12, 3, 5, 4)};
  std::vector<point> ps{{2 * minute, 6}, {2 * minute + 1, 0}};
  EXPECT_EQ(over_time("count_over_time", ss, ps), 7);
  EXPECT_EQ(over_time("sum_over_time", ss, ps), 21);
  EXPECT_EQ(over_time("avg_over_time", ss, ps), 3);
  EXPECT_EQ(over_time("min_over_time", ss, ps), 0);
  EXPECT_EQ(over_time("max_over_time", ss, ps), 6);
  EXPECT_EQ(over_time("last_over_time", ss, ps), 0); // the raw point
  EXPECT_EQ(over_time("last_over_time", ss, {}), 4); // the last summary
  EXPECT_FALSE(over_time("sum_over_time", {}, {}));
}

TEST(summaries, nan_rules_follow_prometheus) {
  // A bucket of NaNs only: min/max NaN, sum NaN. min_over_time is NaN only
  // when every value is.
  std::vector<summary> all_nan{
      minute_summary(0, 2, nan_value, nan_value, nan_value, nan_value)};
  EXPECT_TRUE(std::isnan(*over_time("min_over_time", all_nan, {})));
  EXPECT_TRUE(std::isnan(*over_time("sum_over_time", all_nan, {})));
  std::vector<point> ps{{minute * 5, 7}};
  EXPECT_EQ(over_time("min_over_time", all_nan, ps), 7);
  EXPECT_EQ(over_time("max_over_time", all_nan, ps), 7);
}

TEST(summaries, storage_keeps_one_summary_per_start) {
  memory_storage st;
  series s{{{"__name__", "m"}}, {}, {}, {}};
  s.summaries = {minute_summary(1, 1, 1, 1, 1, 1),
                 minute_summary(2, 1, 2, 2, 2, 2)};
  st.add(s);
  st.add(s); // fetched twice for two selectors
  s.summaries = {minute_summary(0, 1, 9, 9, 9, 9)};
  st.add(s); // out of order
  auto found = st.select({}, 0, 10 * minute);
  ASSERT_EQ(found.size(), 1u);
  ASSERT_EQ(found[0].summaries.size(), 3u);
  EXPECT_EQ(found[0].summaries[0].sum, 9);
  EXPECT_EQ(found[0].summaries[2].sum, 2);
  // A summary overlapping the window's start is selected.
  EXPECT_EQ(st.select({}, 2 * minute + 1, 2 * minute + 2)[0].summaries.size(),
            1u);
  EXPECT_TRUE(st.select({}, 3 * minute, 4 * minute).empty());
}

TEST(summaries, evaluator_reads_them_for_over_time_functions_only) {
  memory_storage st;
  series s{{{"__name__", "m"}}, {}, {}, {}};
  for (int64_t m = 0; m < 10; ++m)
    s.summaries.push_back(minute_summary(m, 2, 2.0 * m, 0, m, m));
  s.t_ms = {10 * minute, 11 * minute};
  s.v = {100, 200};
  st.add(s);
  // [5m, 10m]: summaries 5..9 (10 points, sum 70) and the point at 10m.
  EXPECT_EQ(eval_at(st, "count_over_time(m[5m])", 10 * minute), 11);
  EXPECT_EQ(eval_at(st, "sum_over_time(m[5m])", 10 * minute), 170);
  EXPECT_EQ(eval_at(st, "max_over_time(m[5m])", 10 * minute), 100);
  EXPECT_EQ(eval_at(st, "last_over_time(m[5m])", 9 * minute + 30'000), 9);
  // [2m, 4m]: summaries only.
  EXPECT_EQ(eval_at(st, "avg_over_time(m[2m])", 4 * minute), 2.5);
  // rate sees the two raw points only; before them, nothing.
  EXPECT_EQ(eval_at(st, "increase(m[1m])", 11 * minute), 100);
  EXPECT_EQ(eval_at(st, "rate(m[5m])", 5 * minute), -12345);
  EXPECT_EQ(eval_at(st, "absent_over_time(m[1m])", 5 * minute), -12345);
}
