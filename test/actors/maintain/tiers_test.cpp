#include "actors/maintain/tiers.hpp"

#include <gtest/gtest.h>

#include "timeless/error.hpp"

using namespace timeless;
using namespace timeless::detail;

namespace {

constexpr int64_t hour = 3600 * 1000ll;
constexpr int64_t day = 24 * hour;

tier_options fixed(std::string name, int64_t res) {
  return tier_options{std::move(name), res, false, retention_forever};
}

tier_options months() {
  return tier_options{"monthly", 0, true, retention_forever};
}

/// ms of a UTC date.
int64_t utc(int y, int m, int d) {
  // Days from 1970-01-01, by counting (the test's own arithmetic).
  auto leap = [](int yy) {
    return (yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0;
  };
  static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int64_t days = 0;
  for (int yy = 1970; yy < y; ++yy)
    days += leap(yy) ? 366 : 365;
  for (int yy = y; yy < 1970; ++yy)
    days -= leap(yy) ? 366 : 365;
  for (int mm = 1; mm < m; ++mm)
    days += len[mm - 1] + (mm == 2 && leap(y) ? 1 : 0);
  return (days + d - 1) * day;
}

} // namespace

TEST(tiers, fixed_buckets_are_epoch_aligned) {
  auto t = fixed("hourly", hour);
  EXPECT_EQ(tier_bucket_start(t, 0), 0);
  EXPECT_EQ(tier_bucket_start(t, hour - 1), 0);
  EXPECT_EQ(tier_bucket_start(t, hour), hour);
  EXPECT_EQ(tier_bucket_start(t, -1), -hour);
  EXPECT_EQ(tier_bucket_next(t, hour), 2 * hour);
  EXPECT_EQ(tier_bucket_next(t, INT64_MAX - 10), INT64_MAX);
}

TEST(tiers, monthly_means_calendar_months_in_utc) {
  auto t = months();
  EXPECT_EQ(tier_bucket_start(t, utc(2024, 1, 31) + day - 1), utc(2024, 1, 1));
  EXPECT_EQ(tier_bucket_start(t, utc(2024, 2, 1)), utc(2024, 2, 1));
  // Leap day belongs to February; March starts after it.
  EXPECT_EQ(tier_bucket_start(t, utc(2024, 2, 29) + 5 * hour), utc(2024, 2, 1));
  EXPECT_EQ(tier_bucket_next(t, utc(2024, 2, 1)), utc(2024, 3, 1));
  EXPECT_EQ(tier_bucket_next(t, utc(2023, 2, 1)), utc(2023, 3, 1));
  EXPECT_EQ(tier_bucket_next(t, utc(2023, 12, 1)), utc(2024, 1, 1));
  // Not 30-day buckets: 2024-03-31 is in March.
  EXPECT_EQ(tier_bucket_start(t, utc(2024, 3, 31)), utc(2024, 3, 1));
  // Before the epoch, and the epoch's own month.
  EXPECT_EQ(tier_bucket_start(t, -1), utc(1969, 12, 1));
  EXPECT_EQ(tier_bucket_start(t, 0), 0);
  EXPECT_EQ(tier_bucket_start(t, utc(1900, 3, 15)), utc(1900, 3, 1));
}

TEST(tiers, monthly_buckets_at_int64_extremes_saturate) {
  auto t = months();
  EXPECT_LE(tier_bucket_start(t, INT64_MAX), INT64_MAX);
  EXPECT_EQ(tier_bucket_start(t, INT64_MIN), INT64_MIN);
  EXPECT_EQ(tier_bucket_next(t, tier_bucket_start(t, INT64_MAX)), INT64_MAX);
}

TEST(tiers, the_default_tiers_are_valid) {
  EXPECT_FALSE(validate_tiers(default_tiers()));
  auto d = default_tiers();
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].resolution_ms, hour);
  EXPECT_EQ(d[0].retention_ms, 30 * day);
  EXPECT_EQ(d[1].resolution_ms, day);
  EXPECT_EQ(d[1].retention_ms, 365 * day);
  EXPECT_TRUE(d[2].calendar_months);
  EXPECT_EQ(d[2].retention_ms, retention_forever);
}

TEST(tiers, invalid_lists_are_refused_naming_the_tier) {
  auto refused = [](std::vector<tier_options> ts, const std::string& part) {
    auto err = validate_tiers(ts);
    ASSERT_TRUE(err);
    EXPECT_EQ(code_of(err), errc::invalid_argument);
    EXPECT_NE(describe(err).find(part), std::string::npos) << describe(err);
  };
  refused({fixed("", hour)}, "1 to 32");
  refused({fixed("a b", hour)}, "'a b'");
  refused({fixed("h", hour), fixed("h", day)}, "used twice");
  refused({fixed("h", 0)}, "positive");
  refused({fixed("h", hour), fixed("x", 90 * 60 * 1000)}, "'x'");
  refused({fixed("d", day), fixed("h", hour)}, "'h'");
  refused({months(), fixed("y", 365 * day)}, "must be the last");
  refused({fixed("w", 7 * hour), months()}, "divide a day");
  auto t = fixed("h", hour);
  t.retention_ms = 0;
  refused({t}, "retention");
  EXPECT_FALSE(validate_tiers({}));
  EXPECT_FALSE(validate_tiers({months()}));
}
