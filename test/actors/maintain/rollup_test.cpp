// Rollups through the whole store, on a manual clock: months of data in
// seconds.
#include "actors/maintain/rollup.hpp"

#include <gtest/gtest.h>

#include "test/actors/test_dir.hpp"
#include "test/actors/tier_store.hpp"
#include "timeless/error.hpp"

using namespace timeless;
using namespace timeless::testing;

namespace {

uint64_t total_count(const std::vector<series_tier>& rows) {
  uint64_t n = 0;
  for (auto& s : rows)
    for (auto& b : s.buckets)
      n += b.count;
  return n;
}

const tier_bucket* find_bucket(const std::vector<series_tier>& rows,
                               int64_t bucket) {
  for (auto& s : rows)
    for (auto& b : s.buckets)
      if (b.bucket == bucket)
        return &b;
  return nullptr;
}

} // namespace

TEST(rollup, tier_rows_equal_raw_aggregates) {
  test_dir dir;
  manual_clock clock;
  auto s = open_tier_store(tier_options_for(dir.path, clock));
  ASSERT_TRUE(s);
  for (auto host : {"a", "b", "c"})
    ASSERT_TRUE(s->write(
        series_points_of("cpu", host, jan_2024, jan_2024 + 3 * day, minute)));
  clock.set(jan_2024 + 4 * day); // every segment is closed at checkpoint
  ASSERT_FALSE(s->flush(true));
  auto rep = s->rollup();
  ASSERT_TRUE(rep) << describe(rep.error());
  EXPECT_EQ(rep->points, 3u * 3 * 1440); // raw points, read once
  for (auto [tier, step] :
       {std::pair{"hourly", hour}, std::pair{"daily", day}}) {
    auto rows = tier_rows(*s, tier, "cpu");
    ASSERT_EQ(rows.size(), 3u);
    for (auto fn : {aggregate_fn::count, aggregate_fn::sum, aggregate_fn::min,
                    aggregate_fn::max, aggregate_fn::first, aggregate_fn::last,
                    aggregate_fn::avg}) {
      auto raw = agg(*s, "cpu", INT64_MIN, INT64_MAX, step, fn);
      ASSERT_EQ(raw.size(), 3u);
      for (size_t i = 0; i < 3; ++i) {
        ASSERT_EQ(raw[i].buckets.size(), rows[i].buckets.size()) << tier;
        for (size_t k = 0; k < raw[i].buckets.size(); ++k) {
          auto& b = rows[i].buckets[k];
          EXPECT_EQ(b.bucket, raw[i].buckets[k].bucket);
          double v = fn == aggregate_fn::count   ? double(b.count)
                     : fn == aggregate_fn::sum   ? b.sum
                     : fn == aggregate_fn::min   ? b.min
                     : fn == aggregate_fn::max   ? b.max
                     : fn == aggregate_fn::first ? b.first
                     : fn == aggregate_fn::last  ? b.last
                                                 : b.avg();
          EXPECT_DOUBLE_EQ(v, raw[i].buckets[k].value)
              << tier << " " << to_string(fn);
        }
      }
    }
  }
  auto monthly = tier_rows(*s, "monthly", "cpu");
  ASSERT_EQ(monthly.size(), 3u);
  ASSERT_EQ(monthly[0].buckets.size(), 1u);
  EXPECT_EQ(monthly[0].buckets[0].bucket, jan_2024);
  EXPECT_EQ(monthly[0].buckets[0].count, 3u * 1440);
}

TEST(rollup, late_points_update_their_bucket_and_its_parents) {
  // The original's late catch-up rewrote the previous day's daily row from
  // the last two hours only. Here: a full day, rolled up, then 24 late
  // points in its last two hours, rolled up again (and again).
  test_dir dir;
  manual_clock clock;
  auto s = open_tier_store(tier_options_for(dir.path, clock));
  ASSERT_TRUE(s);
  auto day_points =
      series_points_of("temp", "a", jan_2024, jan_2024 + day, 5 * minute);
  double day_sum = 0;
  for (auto& p : day_points)
    day_sum += p.value;
  ASSERT_TRUE(s->write(day_points));
  clock.set(jan_2024 + 2 * day);
  ASSERT_FALSE(s->flush(true));
  ASSERT_TRUE(s->rollup());
  auto daily = tier_rows(*s, "daily", "temp");
  ASSERT_EQ(daily.size(), 1u);
  ASSERT_EQ(daily[0].buckets.size(), 1u);
  EXPECT_EQ(daily[0].buckets[0].count, 288u);
  EXPECT_EQ(daily[0].buckets[0].sum, day_sum);

  std::vector<sample> late;
  double late_sum = 0;
  for (int i = 0; i < 24; ++i) {
    int64_t t = jan_2024 + 22 * hour + i * 5 * minute + 1000; // between points
    late.push_back(sample{"temp", {{"host", "a"}}, t, 100.0 + i});
    late_sum += 100.0 + i;
  }
  ASSERT_TRUE(s->write(late));
  ASSERT_FALSE(s->flush(true));
  for (int run = 0; run < 3; ++run) {
    auto rep = s->rollup();
    ASSERT_TRUE(rep);
    if (run > 0) {
      EXPECT_EQ(rep->rows, 0u); // nothing new: nothing rewritten
    }
    daily = tier_rows(*s, "daily", "temp");
    ASSERT_EQ(daily[0].buckets.size(), 1u);
    auto& d = daily[0].buckets[0];
    EXPECT_EQ(d.count, 288u + 24u);
    EXPECT_EQ(d.sum, day_sum + late_sum);
    EXPECT_EQ(d.max, 123.0);
    EXPECT_EQ(d.first_ts, jan_2024);
    auto hourly = tier_rows(*s, "hourly", "temp");
    auto* h22 = find_bucket(hourly, jan_2024 + 22 * hour);
    auto* h21 = find_bucket(hourly, jan_2024 + 21 * hour);
    ASSERT_TRUE(h22 && h21);
    EXPECT_EQ(h22->count, 24u);
    EXPECT_EQ(h21->count, 12u);
    auto monthly = tier_rows(*s, "monthly", "temp");
    EXPECT_EQ(total_count(monthly), 312u);
  }
}

TEST(rollup, one_tier_on_demand_and_then_the_rest) {
  test_dir dir;
  manual_clock clock;
  auto s = open_tier_store(tier_options_for(dir.path, clock));
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->write(
      series_points_of("m", "a", jan_2024, jan_2024 + day, 10 * minute)));
  clock.set(jan_2024 + 2 * day);
  ASSERT_FALSE(s->flush(true));
  ASSERT_TRUE(s->rollup("daily"));
  auto info = s->info();
  ASSERT_TRUE(info);
  ASSERT_EQ(info->tiers.size(), 3u);
  EXPECT_EQ(info->tiers[0].watermark, 0u);
  EXPECT_EQ(info->tiers[0].rows, 0u);
  EXPECT_EQ(info->tiers[1].watermark, info->segment_seq);
  EXPECT_EQ(info->tiers[1].rows, 1u);
  EXPECT_EQ(info->tiers[2].watermark, 0u);
  ASSERT_TRUE(s->rollup());
  info = s->info();
  EXPECT_EQ(info->tiers[0].rows, 24u);
  EXPECT_EQ(info->tiers[1].rows, 1u); // not merged twice
  EXPECT_EQ(total_count(tier_rows(*s, "daily", "m")), 144u);
  EXPECT_EQ(total_count(tier_rows(*s, "monthly", "m")), 144u);
  auto bad = s->rollup("weekly");
  ASSERT_FALSE(bad);
  EXPECT_EQ(code_of(bad.error()), errc::invalid_argument);
  EXPECT_NE(describe(bad.error()).find("'weekly'"), std::string::npos);
}

TEST(rollup, monthly_rows_follow_calendar_months) {
  test_dir dir;
  manual_clock clock;
  auto s = open_tier_store(tier_options_for(dir.path, clock));
  ASSERT_TRUE(s);
  int64_t feb = jan_2024 + 31 * day;
  int64_t mar = feb + 29 * day; // 2024 is a leap year
  std::vector<sample> pts{
      {"m", {}, feb - 1, 1.0},           // 2024-01-31T23:59:59.999
      {"m", {}, feb, 2.0},               // 2024-02-01
      {"m", {}, mar - hour, 3.0},        // 2024-02-29T23:00
      {"m", {}, mar, 4.0},               // 2024-03-01
      {"m", {}, feb + 29 * day - 1, 5.0} // still February
  };
  ASSERT_TRUE(s->write(pts));
  clock.set(mar + 2 * day);
  ASSERT_FALSE(s->flush(true));
  ASSERT_TRUE(s->rollup());
  auto monthly = tier_rows(*s, "monthly", "m");
  ASSERT_EQ(monthly.size(), 1u);
  auto& b = monthly[0].buckets;
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0].bucket, jan_2024);
  EXPECT_EQ(b[0].count, 1u);
  EXPECT_EQ(b[1].bucket, feb);
  EXPECT_EQ(b[1].count, 3u);
  EXPECT_EQ(b[1].first, 2.0);
  EXPECT_EQ(b[1].last, 5.0); // 2024-02-29T23:59:59.999, the latest
  EXPECT_EQ(b[2].bucket, mar);
  EXPECT_EQ(b[2].count, 1u);
}

TEST(rollup, watermarks_and_rows_survive_restart) {
  test_dir dir;
  manual_clock clock;
  auto opts = tier_options_for(dir.path, clock);
  {
    auto s = open_tier_store(opts);
    ASSERT_TRUE(s);
    ASSERT_TRUE(
        s->write(series_points_of("m", "a", jan_2024, jan_2024 + day, minute)));
    clock.set(jan_2024 + 2 * day);
    ASSERT_FALSE(s->flush(true));
    ASSERT_TRUE(s->rollup());
  }
  auto s = open_tier_store(opts);
  ASSERT_TRUE(s);
  auto rep = s->rollup();
  ASSERT_TRUE(rep);
  EXPECT_EQ(rep->segments, 0u);
  EXPECT_EQ(total_count(tier_rows(*s, "daily", "m")), 1440u);
}

TEST(rollup, a_changed_tier_resolution_is_refused_at_open) {
  test_dir dir;
  manual_clock clock;
  auto opts = tier_options_for(dir.path, clock);
  { ASSERT_TRUE(open_tier_store(opts)); }
  opts.tiers[0].resolution_ms = 30 * minute; // still divides a day
  auto s = blocking_store::open(opts);
  ASSERT_FALSE(s);
  EXPECT_NE(describe(s.error()).find("'hourly'"), std::string::npos)
      << describe(s.error());
}
