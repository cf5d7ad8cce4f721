#include "formats/duration.hpp"

#include <gtest/gtest.h>

using timeless::formats::format_duration;
using timeless::formats::parse_duration_ms;

TEST(duration, units_and_sums) {
  EXPECT_EQ(*parse_duration_ms("500ms"), 500);
  EXPECT_EQ(*parse_duration_ms("90s"), 90'000);
  EXPECT_EQ(*parse_duration_ms("15m"), 900'000);
  EXPECT_EQ(*parse_duration_ms("1h30m"), 5'400'000);
  EXPECT_EQ(*parse_duration_ms("30d"), 2'592'000'000);
  EXPECT_EQ(*parse_duration_ms("2w"), 1'209'600'000);
  EXPECT_EQ(*parse_duration_ms("42"), 42'000); // bare number: seconds
}

TEST(duration, bad_texts_are_errors) {
  for (auto bad : {"", "h", "1x", "-1s", "1s1h", "1h1h", "99999999999999999d"})
    EXPECT_FALSE(parse_duration_ms(bad)) << bad;
}

TEST(duration, formatting) {
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(2'592'000'000), "30d");
  EXPECT_EQ(format_duration(90'000), "1m 30s");
}

TEST(duration, years_are_365_days) {
  EXPECT_EQ(*parse_duration_ms("1y"), 365 * 86'400'000LL);
  EXPECT_EQ(*parse_duration_ms("100y"), 100 * 365 * 86'400'000LL);
  EXPECT_EQ(*parse_duration_ms("1y2d"), 367 * 86'400'000LL);
  EXPECT_FALSE(parse_duration_ms("1d1y"));       // largest unit first
  EXPECT_FALSE(parse_duration_ms("300000000y")); // beyond int64 ms
  EXPECT_EQ(format_duration(400 * 86'400'000LL), "1y 35d");
  EXPECT_EQ(format_duration(365 * 86'400'000LL), "1y");
  EXPECT_EQ(format_duration(30 * 86'400'000LL), "30d");
}
