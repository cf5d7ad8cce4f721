// Retention and the query router through the whole store, on a manual
// clock: expired raw data and tier rows go, series go only when none of
// their data remains anywhere, and aggregates stitch tiers and raw data.
#include "actors/maintain/retention.hpp"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "test/actors/test_dir.hpp"
#include "test/actors/tier_store.hpp"
#include "timeless/error.hpp"

using namespace timeless;
using namespace timeless::testing;

namespace {

/// One hourly tier kept `retention`, raw kept `raw_retention`.
store_options hourly_only(const std::string& dir, const manual_clock& clock,
                          int64_t raw_retention, int64_t retention) {
  auto o = tier_options_for(dir, clock);
  o.raw_retention_ms = raw_retention;
  o.tiers = {tier_options{"hourly", hour, false, retention}};
  return o;
}

/// One point per series at `t`, series `metric{host="<i>"}` for i in [0, n).
std::vector<sample> one_point_each(const std::string& metric, int n,
                                   int64_t t) {
  std::vector<sample> out;
  out.reserve(n);
  for (int i = 0; i < n; ++i)
    out.push_back(sample{metric, {{"host", std::to_string(i)}}, t, 1.0});
  return out;
}

uint64_t max_id(const std::vector<series_info>& v) {
  uint64_t m = 0;
  for (auto& s : v)
    m = std::max(m, s.id);
  return m;
}

uint64_t point_count(const std::vector<series_points>& v) {
  uint64_t n = 0;
  for (auto& s : v)
    n += s.ts.size();
  return n;
}

} // namespace

// The original deletes series that still have data and crashes beyond 500
// series (one SQL statement with a bound parameter per series): here 10,000
// expired series go, and 3,000 with data anywhere stay.
TEST(retention, removes_only_series_without_data_at_10000_series) {
  test_dir dir;
  manual_clock clock;
  auto opts = hourly_only(dir.path, clock, day, 2 * day);
  auto s = open_tier_store(opts);
  ASSERT_TRUE(s);
  constexpr int n_old = 10'000;
  constexpr int n_live = 1'000;
  // Old: two points at the start, nothing later.
  ASSERT_TRUE(s->write(one_point_each("old", n_old, jan_2024)));
  ASSERT_TRUE(s->write(one_point_each("old", n_old, jan_2024 + minute)));
  // Stored: old points and points inside the raw retention, in SQLite.
  ASSERT_TRUE(s->write(one_point_each("stored", n_live, jan_2024)));
  clock.set(jan_2024 + 10 * day);
  ASSERT_TRUE(s->write(one_point_each("stored", n_live, clock.now->load())));
  ASSERT_FALSE(s->flush(true));
  // Rolled: 36 hours old, past the raw retention (1 day), inside the
  // hourly tier's (2 days): only in a tier once retention has run.
  ASSERT_TRUE(s->write(
      one_point_each("rolled", n_live, jan_2024 + 10 * day - 36 * hour)));
  // Memory: points only in the shards' buffers when retention starts.
  ASSERT_TRUE(s->write(one_point_each("memory", n_live, clock.now->load())));
  auto before = s->series(sel("old"));
  ASSERT_TRUE(before);
  ASSERT_EQ(before->size(), size_t(n_old));

  auto rep = s->enforce_retention();
  ASSERT_TRUE(rep) << describe(rep.error());
  EXPECT_EQ(rep->series, uint64_t(n_old));
  EXPECT_EQ(rep->raw_cutoff, jan_2024 + 9 * day);
  EXPECT_GT(rep->segments, 0u);
  EXPECT_GT(rep->tier_rows, 0u);
  auto old = s->series(sel("old"));
  ASSERT_TRUE(old);
  EXPECT_TRUE(old->empty());
  for (auto metric : {"stored", "rolled", "memory"}) {
    auto kept = s->series(sel(metric));
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->size(), size_t(n_live)) << metric;
  }
  // What remains of each kept series is still readable.
  raw_query q;
  q.sel = sel("stored");
  q.from = jan_2024;
  q.to = INT64_MAX;
  auto stored = s->query(q);
  ASSERT_TRUE(stored);
  EXPECT_EQ(point_count(*stored), uint64_t(n_live)); // the old points expired
  q.sel = sel("memory");
  auto memory = s->query(q);
  ASSERT_TRUE(memory);
  EXPECT_EQ(point_count(*memory), uint64_t(n_live));
  // The rolled points reached SQLite only during this pass, after its
  // rollup: past the raw retention, but kept raw until a rollup has them.
  q.sel = sel("rolled");
  auto rolled_raw = s->query(q);
  ASSERT_TRUE(rolled_raw);
  EXPECT_EQ(point_count(*rolled_raw), uint64_t(n_live));
  auto second = s->enforce_retention();
  ASSERT_TRUE(second) << describe(second.error());
  EXPECT_EQ(second->series, 0u);
  EXPECT_GT(second->segments, 0u);
  rolled_raw = s->query(q);
  ASSERT_TRUE(rolled_raw);
  EXPECT_EQ(point_count(*rolled_raw), 0u);
  auto rolled = tier_rows(*s, "hourly", "rolled");
  ASSERT_EQ(rolled.size(), size_t(n_live));

  // A removed name written again gets a fresh id, never an old one.
  uint64_t old_max = max_id(*before);
  ASSERT_TRUE(s->write(one_point_each("old", 1, clock.now->load())));
  auto back = s->series(sel("old"));
  ASSERT_TRUE(back);
  ASSERT_EQ(back->size(), 1u);
  uint64_t all_max = 0;
  for (auto metric : {"stored", "rolled", "memory", "old"})
    all_max = std::max(all_max, max_id(*s->series(sel(metric))));
  EXPECT_EQ((*back)[0].id, all_max);
  EXPECT_GT((*back)[0].id, old_max);
  ASSERT_FALSE(s->close());
  s.reset();

  // Reopened: nothing removed comes back, and ids keep growing.
  s = open_tier_store(opts);
  ASSERT_TRUE(s);
  auto reopened = s->series(sel("old"));
  ASSERT_TRUE(reopened);
  ASSERT_EQ(reopened->size(), 1u);
  ASSERT_TRUE(s->write(one_point_each("new", 1, clock.now->load())));
  auto fresh = s->series(sel("new"));
  ASSERT_TRUE(fresh);
  ASSERT_EQ(fresh->size(), 1u);
  EXPECT_GT((*fresh)[0].id, all_max);
  auto info = s->info();
  ASSERT_TRUE(info);
  EXPECT_EQ(info->series, uint64_t(3 * n_live + 2));
}

// Backfill older than the raw retention is rolled up before its raw data is
// deleted: its aggregates survive in the tiers.
TEST(retention, backfill_older_than_raw_retention_is_rolled_up_first) {
  test_dir dir;
  manual_clock clock;
  auto opts = tier_options_for(dir.path, clock); // the default tiers
  opts.raw_retention_ms = 7 * day;
  clock.set(jan_2024 + 60 * day);
  auto s = open_tier_store(opts);
  ASSERT_TRUE(s);
  int64_t t0 = jan_2024 + 40 * day; // 20 days old: raw is due, hourly not
  auto points = series_points_of("cpu", "a", t0, t0 + day, minute);
  double sum = 0;
  for (auto& p : points)
    sum += p.value;
  ASSERT_TRUE(s->write(points));
  ASSERT_FALSE(s->flush(true));
  auto rep = s->enforce_retention();
  ASSERT_TRUE(rep) << describe(rep.error());
  EXPECT_GT(rep->segments, 0u);
  EXPECT_EQ(rep->series, 0u);
  raw_query q;
  q.sel = sel("cpu");
  q.from = INT64_MIN;
  q.to = INT64_MAX;
  auto raw = s->query(q);
  ASSERT_TRUE(raw);
  EXPECT_EQ(point_count(*raw), 0u); // the raw points are gone ...
  for (auto tier : {"hourly", "daily", "monthly"}) {
    auto rows = tier_rows(*s, tier, "cpu"); // ... their aggregates are not
    ASSERT_EQ(rows.size(), 1u) << tier;
    uint64_t count = 0;
    double tier_sum = 0;
    for (auto& b : rows[0].buckets) {
      count += b.count;
      tier_sum += b.sum;
    }
    EXPECT_EQ(count, 1440u) << tier;
    EXPECT_EQ(tier_sum, sum) << tier;
  }
  // The router answers from the hourly tier where raw data is gone.
  auto hourly = agg(*s, "cpu", t0, t0 + day, hour, aggregate_fn::count);
  ASSERT_EQ(hourly.size(), 1u);
  ASSERT_EQ(hourly[0].buckets.size(), 24u);
  for (auto& b : hourly[0].buckets)
    EXPECT_EQ(b.value, 60.0);
}

// Aggregates read tiers before the raw horizon and raw points after it,
// stitched in order, and never get coarser buckets than asked where raw
// data exists.
TEST(retention, router_stitches_tier_rows_before_the_seam_and_raw_after) {
  test_dir dir;
  manual_clock clock;
  auto opts = hourly_only(dir.path, clock, day, retention_forever);
  opts.segment_duration_ms = hour; // a seam at every hour
  opts.block_points = 60;          // a stored block per hour too
  auto s = open_tier_store(opts);
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->write(
      series_points_of("cpu", "a", jan_2024, jan_2024 + 3 * day, minute)));
  // Now - raw retention falls inside an hour: the seam is that hour's start.
  clock.set(jan_2024 + 3 * day + 30 * minute);
  ASSERT_FALSE(s->flush(true));
  auto rep = s->enforce_retention();
  ASSERT_TRUE(rep) << describe(rep.error());
  ASSERT_GT(rep->segments, 0u);
  auto info = s->info();
  ASSERT_TRUE(info);
  int64_t seam = info->raw_horizon;
  EXPECT_EQ(seam, jan_2024 + 2 * day);

  // Hour buckets: continuous across the seam, 60 points each.
  auto hourly =
      agg(*s, "cpu", jan_2024, jan_2024 + 3 * day, hour, aggregate_fn::count);
  ASSERT_EQ(hourly.size(), 1u);
  ASSERT_EQ(hourly[0].buckets.size(), 72u);
  for (size_t i = 0; i < 72; ++i) {
    EXPECT_EQ(hourly[0].buckets[i].bucket, jan_2024 + int64_t(i) * hour);
    EXPECT_EQ(hourly[0].buckets[i].value, 60.0);
  }
  // Two-hour buckets are rebuilt from hourly rows before the seam.
  auto two = agg(*s, "cpu", jan_2024, jan_2024 + 3 * day, 2 * hour,
                 aggregate_fn::count);
  ASSERT_EQ(two.size(), 1u);
  ASSERT_EQ(two[0].buckets.size(), 36u);
  for (auto& b : two[0].buckets)
    EXPECT_EQ(b.value, 120.0);
  // Minute buckets: the finest tier before the seam (nothing finer is
  // left), one bucket per raw point after it.
  auto minutes =
      agg(*s, "cpu", jan_2024, jan_2024 + 3 * day, minute, aggregate_fn::count);
  ASSERT_EQ(minutes.size(), 1u);
  auto& b = minutes[0].buckets;
  ASSERT_EQ(b.size(), 48u + 1440u);
  for (size_t i = 0; i < b.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(b[i - 1].bucket, b[i].bucket);
    }
    if (b[i].bucket < seam) {
      EXPECT_EQ(b[i].bucket % hour, 0);
      EXPECT_EQ(b[i].value, 60.0);
    } else {
      EXPECT_EQ(b[i].value, 1.0);
    }
  }
  EXPECT_EQ(b[48].bucket, seam);
  // Sums agree whichever source answered.
  auto sum_hour =
      agg(*s, "cpu", jan_2024, jan_2024 + 3 * day, hour, aggregate_fn::sum);
  auto sum_min =
      agg(*s, "cpu", jan_2024, jan_2024 + 3 * day, minute, aggregate_fn::sum);
  double a = 0, c = 0;
  for (auto& x : sum_hour[0].buckets)
    a += x.value;
  for (auto& x : sum_min[0].buckets)
    c += x.value;
  EXPECT_EQ(a, c);
}

// Expired tier rows go per tier; the incremental vacuum gives the space
// back; info shows each tier.
TEST(retention, expired_rows_are_deleted_and_space_reclaimed) {
  test_dir dir;
  manual_clock clock;
  auto opts = tier_options_for(dir.path, clock);
  opts.raw_retention_ms = day;
  // Raw data goes by whole stored blocks: one 4 h segment per block here.
  opts.block_points = 240;
  opts.tiers = {tier_options{"hourly", hour, false, 2 * day},
                tier_options{"daily", day, false, retention_forever}};
  auto s = open_tier_store(opts);
  ASSERT_TRUE(s);
  for (int h = 0; h < 50; ++h)
    ASSERT_TRUE(s->write(series_points_of("cpu", std::to_string(h), jan_2024,
                                          jan_2024 + 5 * day, minute)));
  // The last 4 h segment is sealed a whole segment after its end.
  clock.set(jan_2024 + 5 * day + 4 * hour + 30 * minute);
  ASSERT_FALSE(s->flush(true));
  auto rolled = s->rollup();
  ASSERT_TRUE(rolled);
  auto before = s->info();
  ASSERT_TRUE(before);
  ASSERT_EQ(before->tiers.size(), 2u);
  EXPECT_EQ(before->tiers[0].name, "hourly");
  EXPECT_EQ(before->tiers[0].rows, 50u * 5 * 24);
  EXPECT_EQ(before->tiers[0].retention_ms, 2 * day);
  EXPECT_EQ(before->tiers[0].watermark, before->segment_seq);
  EXPECT_EQ(before->tiers[1].rows, 50u * 5);
  EXPECT_EQ(before->tiers[1].watermark, before->segment_seq);

  auto rep = s->enforce_retention();
  ASSERT_TRUE(rep) << describe(rep.error());
  // Hourly rows ending more than 2 days ago, by whole days (the next
  // tier's buckets): those of days 0-2, not the 4 h of day 3.
  EXPECT_EQ(rep->tier_rows, 50u * 3 * 24);
  EXPECT_GT(rep->bytes_reclaimed, 0u);
  auto after = s->info();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->tiers[0].rows, 50u * 2 * 24);
  EXPECT_EQ(after->tiers[1].rows, 50u * 5); // kept forever
  EXPECT_LT(after->bytes_on_disk, before->bytes_on_disk);
  // Raw segments ending more than a day ago are gone: 20 h are left.
  EXPECT_EQ(after->stored_points, 50u * 20 * 60);
  // One-hour buckets over all five days: daily rows where the hourly ones
  // are gone, then hourly rows, then raw points, stitched in order.
  auto hours = agg(*s, "cpu{host=\"7\"}", jan_2024, jan_2024 + 5 * day, hour,
                   aggregate_fn::count);
  ASSERT_EQ(hours.size(), 1u);
  auto& hb = hours[0].buckets;
  ASSERT_EQ(hb.size(), 3u + 28 + 20);
  double total = 0;
  for (size_t i = 0; i < hb.size(); ++i) {
    total += hb[i].value;
    if (i < 3) {
      EXPECT_EQ(hb[i].bucket, jan_2024 + int64_t(i) * day);
      EXPECT_EQ(hb[i].value, 1440.0);
    } else {
      EXPECT_EQ(hb[i].bucket, jan_2024 + 3 * day + int64_t(i - 3) * hour);
      EXPECT_EQ(hb[i].value, 60.0);
    }
  }
  EXPECT_EQ(total, 5.0 * 1440);
  // A second pass finds nothing more to do.
  auto again = s->enforce_retention();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->segments, 0u);
  EXPECT_EQ(again->tier_rows, 0u);
  EXPECT_EQ(again->series, 0u);
}
