// Compaction through the whole store, on a manual clock: a store that
// checkpoints every 4 h segment as it closes (as a live store does) gets
// one small row per series and segment; compaction merges them into
// blocks without changing any answer.
#include "actors/maintain/compactor.hpp"

#include <cstring>

#include <gtest/gtest.h>

#include "test/actors/test_dir.hpp"
#include "test/actors/tier_store.hpp"
#include "timeless/error.hpp"

using namespace timeless;
using namespace timeless::testing;

namespace {

constexpr int64_t segment = 4 * hour;

/// Writes `days` days of points every 5 minutes for hosts a, b, c from
/// `t0`, one 4 h segment at a time, each checkpointed once its segment has
/// closed: one row per series and segment.
void write_live(blocking_store& s, manual_clock& clock, int64_t t0, int days) {
  for (int64_t w = t0; w < t0 + days * day; w += segment) {
    for (auto host : {"a", "b", "c"})
      ASSERT_TRUE(
          s.write(series_points_of("cpu", host, w, w + segment, 5 * minute)));
    clock.set(w + 2 * segment);
    ASSERT_FALSE(s.flush(true));
  }
}

std::vector<series_points> raw(blocking_store& s) {
  raw_query q;
  q.sel = sel("cpu");
  auto res = s.query(q);
  EXPECT_TRUE(res) << describe(res.error());
  return res ? *res : std::vector<series_points>{};
}

/// Equal timestamps and value bit patterns, in the same order.
void expect_same_points(const std::vector<series_points>& a,
                        const std::vector<series_points>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].ts, b[i].ts) << i;
    ASSERT_EQ(a[i].values.size(), b[i].values.size());
    EXPECT_EQ(std::memcmp(a[i].values.data(), b[i].values.data(),
                          a[i].values.size() * sizeof(double)),
              0)
        << i;
  }
}

uint64_t segments_of(blocking_store& s) {
  auto info = s.info();
  EXPECT_TRUE(info) << describe(info.error());
  return info ? info->segments : 0;
}

/// Every tier row of `tier` equals the raw aggregate over its bucket.
void expect_tier_matches_raw(blocking_store& s, const std::string& tier,
                             int64_t step) {
  auto rows = tier_rows(s, tier, "cpu");
  auto count = agg(s, "cpu", INT64_MIN, INT64_MAX, step, aggregate_fn::count);
  auto sum = agg(s, "cpu", INT64_MIN, INT64_MAX, step, aggregate_fn::sum);
  ASSERT_EQ(rows.size(), count.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].buckets.size(), count[i].buckets.size()) << tier;
    for (size_t k = 0; k < rows[i].buckets.size(); ++k) {
      EXPECT_EQ(rows[i].buckets[k].bucket, count[i].buckets[k].bucket);
      EXPECT_EQ(double(rows[i].buckets[k].count), count[i].buckets[k].value)
          << tier << " bucket " << k;
      EXPECT_EQ(rows[i].buckets[k].sum, sum[i].buckets[k].value);
    }
  }
}

} // namespace

TEST(compaction, merges_small_segments_without_changing_answers) {
  test_dir dir;
  manual_clock clock;
  auto opts = tier_options_for(dir.path, clock);
  opts.raw_retention_ms = retention_forever; // no limit on a block's span
  auto s = open_tier_store(opts);
  ASSERT_TRUE(s);
  write_live(*s, clock, jan_2024, 3);
  // A late duplicate timestamp in the first segment: its own row, after
  // the original point in arrival order.
  ASSERT_TRUE(
      s->write({sample{"cpu", {{"host", "a"}}, jan_2024 + 5 * minute, -7.5}}));
  ASSERT_FALSE(s->flush(true));
  auto before = raw(*s);
  ASSERT_EQ(before.size(), 3u);
  ASSERT_EQ(before[0].ts[1], before[0].ts[2]);
  EXPECT_EQ(before[0].values[2], -7.5);
  auto rows_before = segments_of(*s);
  EXPECT_EQ(rows_before, 3u * 18 + 1);

  auto rep = s->compact();
  ASSERT_TRUE(rep) << describe(rep.error());
  EXPECT_EQ(rep->segments_replaced, rows_before);
  // 3 days x 288 points (+ 1): one block of at most 1,024 points a series.
  EXPECT_EQ(rep->segments_written, 3u);
  EXPECT_EQ(rep->points, 3u * 3 * 288 + 1);
  EXPECT_EQ(segments_of(*s), 3u);
  expect_same_points(raw(*s), before);
  expect_tier_matches_raw(*s, "hourly", hour);
  expect_tier_matches_raw(*s, "daily", day);

  // Nothing left to merge: a second run changes nothing.
  rep = s->compact();
  ASSERT_TRUE(rep);
  EXPECT_EQ(rep->segments_replaced, 0u);

  // More live data: new small rows merge into the blocks that are not full,
  // and the tiers count every point once.
  write_live(*s, clock, jan_2024 + 3 * day, 1);
  auto more = raw(*s);
  rep = s->compact();
  ASSERT_TRUE(rep) << describe(rep.error());
  EXPECT_GT(rep->segments_replaced, 0u);
  EXPECT_LE(segments_of(*s), 6u);
  expect_same_points(raw(*s), more);
  expect_tier_matches_raw(*s, "hourly", hour);
  expect_tier_matches_raw(*s, "daily", day);

  ASSERT_FALSE(s->close());
  s = open_tier_store(opts);
  ASSERT_TRUE(s);
  expect_same_points(raw(*s), more);
  expect_tier_matches_raw(*s, "daily", day);
}

TEST(compaction, blocks_span_at_most_a_quarter_of_raw_retention) {
  // Retention deletes whole blocks: with 4 days of raw retention a block
  // spans at most one day, so no raw point outlives retention by more.
  test_dir dir;
  manual_clock clock;
  auto opts = tier_options_for(dir.path, clock);
  opts.raw_retention_ms = 4 * day;
  auto s = open_tier_store(opts);
  ASSERT_TRUE(s);
  write_live(*s, clock, clock.now->load(), 3);
  auto before = raw(*s);
  auto rep = s->compact();
  ASSERT_TRUE(rep) << describe(rep.error());
  // Six 4 h rows a day and series merge into one block a day.
  EXPECT_EQ(rep->segments_replaced, 3u * 18);
  EXPECT_EQ(rep->segments_written, 3u * 3);
  expect_same_points(raw(*s), before);
  // A bulk load is cut the same way at its checkpoint.
  for (auto host : {"d", "e"})
    ASSERT_TRUE(
        s->write(series_points_of("cpu", host, clock.now->load(),
                                  clock.now->load() + 3 * day, 5 * minute)));
  clock.set(clock.now->load() + 4 * day);
  ASSERT_FALSE(s->flush(true));
  EXPECT_EQ(segments_of(*s), 3u * 3 + 2 * 3);
}

TEST(compaction, a_tier_added_later_counts_compacted_rows_once) {
  test_dir dir;
  manual_clock clock;
  auto opts = tier_options_for(dir.path, clock);
  opts.tiers = {default_tiers()[0]}; // hourly only
  auto s = open_tier_store(opts);
  ASSERT_TRUE(s);
  write_live(*s, clock, jan_2024, 2);
  auto rep = s->compact();
  ASSERT_TRUE(rep) << describe(rep.error());
  EXPECT_GT(rep->segments_written, 0u);
  ASSERT_FALSE(s->close());

  // The daily tier arrives after the compaction: it must read the merged
  // rows (their inputs are gone), while hourly must not read them again.
  opts.tiers = default_tiers();
  s = open_tier_store(opts);
  ASSERT_TRUE(s);
  write_live(*s, clock, jan_2024 + 2 * day, 1);
  ASSERT_TRUE(s->rollup());
  expect_tier_matches_raw(*s, "hourly", hour);
  expect_tier_matches_raw(*s, "daily", day);
  // And after the next compaction, which merges rows older and newer than
  // the daily tier.
  rep = s->compact();
  ASSERT_TRUE(rep) << describe(rep.error());
  write_live(*s, clock, jan_2024 + 3 * day, 1);
  ASSERT_TRUE(s->rollup());
  expect_tier_matches_raw(*s, "hourly", hour);
  expect_tier_matches_raw(*s, "daily", day);
}

TEST(compaction, retention_deletes_compacted_rows) {
  test_dir dir;
  manual_clock clock;
  auto opts = tier_options_for(dir.path, clock);
  opts.raw_retention_ms = 7 * day;
  opts.block_points = 1024; // blocks of 3.6 days: most are past retention
  auto s = open_tier_store(opts);
  ASSERT_TRUE(s);
  write_live(*s, clock, jan_2024, 20);
  auto rep = s->compact();
  ASSERT_TRUE(rep) << describe(rep.error());
  EXPECT_GT(rep->segments_written, 0u);
  auto ret = s->enforce_retention();
  ASSERT_TRUE(ret) << describe(ret.error());
  EXPECT_GT(ret->segments, 0u);
  // Every raw point left is within retention or in a row that also holds
  // one that is (rows go whole); nothing within retention is gone.
  auto left = raw(*s);
  ASSERT_EQ(left.size(), 3u);
  auto horizon = clock.now->load() - 7 * day;
  for (auto& sp : left) {
    uint64_t within = 0;
    for (auto t : sp.ts)
      within += t >= horizon;
    int64_t expected = (jan_2024 + 20 * day - horizon) / (5 * minute);
    EXPECT_EQ(within, static_cast<uint64_t>(expected));
  }
}
