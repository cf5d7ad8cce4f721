#include "actors/maintain/rollup_delta.hpp"

#include <bit>
#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <random>

#include "actors/maintain/tiers.hpp"
#include "test/actors/tier_store.hpp"

using namespace timeless;
using namespace timeless::detail;

namespace {

using timeless::testing::day;
using timeless::testing::hour;
using timeless::testing::minute;

std::vector<tier_options> three_tiers() {
  return {{"hourly", hour, false, retention_forever},
          {"daily", day, false, retention_forever},
          {"monthly", 0, true, retention_forever}};
}

/// The summary of the given points computed directly, point by point.
db::rollup_row direct(const std::vector<int64_t>& ts,
                      const std::vector<double>& vs) {
  db::rollup_row r;
  for (size_t i = 0; i < ts.size(); ++i)
    add_point(r, ts[i], vs[i]);
  return r;
}

void expect_same(const db::rollup_row& a, const db::rollup_row& b) {
  EXPECT_EQ(a.count, b.count);
  EXPECT_DOUBLE_EQ(a.sum, b.sum);
  EXPECT_EQ(a.min, b.min);
  EXPECT_EQ(a.max, b.max);
  EXPECT_EQ(a.first_ts, b.first_ts);
  EXPECT_EQ(a.first, b.first);
  EXPECT_EQ(a.last_ts, b.last_ts);
  EXPECT_EQ(a.last, b.last);
}

} // namespace

TEST(rollup_delta, add_point_keeps_first_and_last_on_ties) {
  db::rollup_row r;
  add_point(r, 10, 1.0);
  add_point(r, 10, 2.0);
  add_point(r, 5, 3.0);
  add_point(r, 20, 4.0);
  add_point(r, 20, 5.0);
  EXPECT_EQ(r.count, 5u);
  EXPECT_EQ(r.sum, 15.0);
  EXPECT_EQ(r.first_ts, 5);
  EXPECT_EQ(r.first, 3.0);
  EXPECT_EQ(r.last_ts, 20);
  EXPECT_EQ(r.last, 5.0);
  EXPECT_EQ(r.min, 1.0);
  EXPECT_EQ(r.max, 5.0);
}

TEST(rollup_delta, nan_is_data_but_not_a_min_or_max) {
  auto stale = std::bit_cast<double>(uint64_t{0x7ff0000000000002});
  db::rollup_row r;
  add_point(r, 1, stale);
  EXPECT_TRUE(std::isnan(r.min));
  add_point(r, 2, 7.0);
  add_point(r, 3, stale);
  EXPECT_EQ(r.min, 7.0);
  EXPECT_EQ(r.max, 7.0);
  EXPECT_TRUE(std::isnan(r.sum));
  EXPECT_EQ(r.count, 3u);
  EXPECT_EQ(std::bit_cast<uint64_t>(r.last), 0x7ff0000000000002u);
}

TEST(rollup_delta, merging_parts_equals_adding_every_point) {
  std::mt19937_64 rng{7};
  std::uniform_int_distribution<int64_t> t{0, 10 * day};
  std::normal_distribution<double> v{0, 100};
  std::vector<int64_t> ts;
  std::vector<double> vs;
  for (int i = 0; i < 1000; ++i) {
    ts.push_back(t(rng));
    vs.push_back(std::round(v(rng))); // integers: sums are exact
  }
  db::rollup_row merged;
  for (size_t at = 0; at < ts.size(); at += 100) {
    db::rollup_row part;
    for (size_t i = at; i < at + 100; ++i)
      add_point(part, ts[i], vs[i]);
    merge_row(merged, part);
  }
  expect_same(merged, direct(ts, vs));
}

TEST(rollup_delta, cascade_equals_direct_bucketing_at_every_tier) {
  // 40 days of 5-minute points of one series in 4-hour segments, plus
  // late points: each tier's rows must equal bucketing the points directly.
  auto tiers = three_tiers();
  rollup_delta delta{tiers, {0, 0, 0}};
  std::vector<int64_t> all_ts;
  std::vector<double> all_vs;
  uint64_t seq = 0;
  int64_t t0 = 1'706'000'000'000; // 2024-01-23
  for (int64_t seg = 0; seg < 40 * 6; ++seg) {
    std::vector<int64_t> ts;
    std::vector<double> vs;
    for (int64_t i = 0; i < 48; ++i) {
      ts.push_back(t0 + seg * 4 * hour + i * 5 * minute);
      vs.push_back(static_cast<double>((seg * 48 + i) % 97));
    }
    delta.add_segment(1, ++seq, ts, vs);
    all_ts.insert(all_ts.end(), ts.begin(), ts.end());
    all_vs.insert(all_vs.end(), vs.begin(), vs.end());
  }
  std::vector<int64_t> late_ts{t0 + 3 * day + 7, t0 + 20 * day + 11};
  std::vector<double> late_vs{1000.0, -1000.0};
  delta.add_segment(1, ++seq, late_ts, late_vs);
  all_ts.insert(all_ts.end(), late_ts.begin(), late_ts.end());
  all_vs.insert(all_vs.end(), late_vs.begin(), late_vs.end());
  for (size_t k = 0; k < tiers.size(); ++k) {
    std::map<int64_t, db::rollup_row> want;
    for (size_t i = 0; i < all_ts.size(); ++i)
      add_point(want[tier_bucket_start(tiers[k], all_ts[i])], all_ts[i],
                all_vs[i]);
    auto rows = delta.take_rows(k);
    ASSERT_EQ(rows.size(), want.size()) << tiers[k].name;
    size_t i = 0;
    for (auto& [bucket, r] : want) {
      EXPECT_EQ(rows[i].bucket, bucket);
      EXPECT_EQ(rows[i].series_id, 1u);
      expect_same(rows[i], r);
      ++i;
    }
  }
  // Months are calendar months: January (from the 23rd), February, March.
  EXPECT_TRUE(delta.take_rows(2).empty()); // taken
}

TEST(rollup_delta, tiers_skip_segments_at_or_below_their_watermark) {
  rollup_delta delta{three_tiers(), {5, 3, UINT64_MAX}};
  std::vector<int64_t> ts{0};
  std::vector<double> vs{1.0};
  delta.add_segment(1, 4, ts, vs); // daily only
  delta.add_segment(2, 6, ts, vs); // hourly and daily
  auto hourly = delta.take_rows(0);
  ASSERT_EQ(hourly.size(), 1u);
  EXPECT_EQ(hourly[0].series_id, 2u);
  EXPECT_EQ(delta.take_rows(1).size(), 2u);
  EXPECT_TRUE(delta.take_rows(2).empty());
}

TEST(rollup_delta, rows_are_sorted_by_series_then_bucket) {
  rollup_delta delta{{{"hourly", hour, false, retention_forever}}, {0}};
  std::vector<int64_t> ts{2 * hour, 0, hour};
  std::vector<double> vs{1, 2, 3};
  delta.add_segment(9, 1, ts, vs);
  delta.add_segment(3, 2, ts, vs);
  auto rows = delta.take_rows(0);
  ASSERT_EQ(rows.size(), 6u);
  for (size_t i = 1; i < rows.size(); ++i)
    EXPECT_TRUE(rows[i - 1].series_id < rows[i].series_id ||
                (rows[i - 1].series_id == rows[i].series_id &&
                 rows[i - 1].bucket < rows[i].bucket));
}
