#include "server/bridge/tier_layout.hpp"

#include <gtest/gtest.h>

using namespace timeless;
using namespace timeless::server;

namespace {

constexpr int64_t minute = 60'000;
constexpr int64_t hour = 60 * minute;
constexpr int64_t day = 24 * hour;

tier_layout three_tiers() {
  tier_layout l;
  l.raw_retention_ms = 7 * day;
  l.tiers = {tier_info{"minutely", minute, false, 0, 0, 0},
             tier_info{"hourly", hour, false, 0, 0, 0},
             tier_info{"monthly", 0, true, 0, 0, 0}};
  return l;
}

} // namespace

TEST(tier_layout, the_coarsest_tier_dividing_the_range_else_the_finest) {
  auto l = three_tiers();
  EXPECT_EQ(tier_for_range(l, 2 * hour)->name, "hourly");
  EXPECT_EQ(tier_for_range(l, 90 * minute)->name, "minutely");
  EXPECT_EQ(tier_for_range(l, 30'000)->name, "minutely"); // none divides
  tier_layout none;
  EXPECT_EQ(tier_for_range(none, hour), nullptr);
  tier_layout calendar_only;
  calendar_only.tiers = {tier_info{"monthly", 0, true, 0, 0, 0}};
  EXPECT_EQ(tier_for_range(calendar_only, hour), nullptr);
}

TEST(tier_layout, floor_and_seam_round_to_whole_buckets) {
  tier_info h{"hourly", hour, false, 0, 0, 0};
  EXPECT_EQ(tier_floor(h, 5 * hour), 5 * hour);
  EXPECT_EQ(tier_floor(h, 5 * hour + 1), 5 * hour);
  EXPECT_EQ(tier_floor(h, -1), -hour); // before 1970
  EXPECT_EQ(tier_seam(h, 5 * hour), 5 * hour);
  EXPECT_EQ(tier_seam(h, 5 * hour + 1), 6 * hour);
  EXPECT_EQ(tier_seam(h, -1), 0);
  EXPECT_EQ(tier_seam(h, INT64_MAX), INT64_MAX);
}

TEST(tier_layout, cache_is_asked_again_only_where_points_may_be_gone) {
  tier_layout_cache cache;
  int64_t now = 100 * day;
  EXPECT_FALSE(cache.get(now - hour, now)); // never asked
  auto l = three_tiers();
  l.raw_horizon = now - 7 * day;
  cache.put(l);
  auto got = cache.get(now - day, now); // after horizon and retention
  ASSERT_TRUE(got);
  EXPECT_EQ(got->raw_horizon, now - 7 * day);
  EXPECT_EQ(got->tiers.size(), 3u);
  EXPECT_FALSE(cache.get(now - 7 * day - 1, now)); // before the horizon
  l.raw_horizon = INT64_MIN;                       // retention never ran
  cache.put(l);
  EXPECT_TRUE(cache.get(now - 7 * day, now));
  EXPECT_FALSE(cache.get(now - 7 * day - 1, now)); // before now - retention
  l.raw_retention_ms = 0;                          // raw kept for ever
  cache.put(l);
  EXPECT_TRUE(cache.get(INT64_MIN, now));
  cache.put(tier_layout{}); // no tiers: nothing to read from them
  EXPECT_TRUE(cache.get(INT64_MIN, now));
}
