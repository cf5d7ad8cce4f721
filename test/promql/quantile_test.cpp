#include "promql/quantile.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

using namespace timeless::promql;

TEST(quantile, interpolates_between_ranks) {
  std::vector<double> v{4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(quantile(0.5, v), 2.5);
  EXPECT_DOUBLE_EQ(quantile(0, v), 1);
  EXPECT_DOUBLE_EQ(quantile(1, v), 4);
}

TEST(quantile, boundaries) {
  std::vector<double> empty;
  EXPECT_TRUE(std::isnan(quantile(0.5, empty)));
  std::vector<double> one{7};
  EXPECT_DOUBLE_EQ(quantile(0.3, one), 7);
  EXPECT_EQ(quantile(-0.1, one), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(quantile(1.1, one), std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(quantile(std::nan(""), one)));
}

TEST(bucket_quantile, interpolates_in_bucket) {
  double inf = std::numeric_limits<double>::infinity();
  EXPECT_DOUBLE_EQ(bucket_quantile(0.5, {{1, 10}, {2, 20}, {inf, 20}}), 1);
  EXPECT_DOUBLE_EQ(bucket_quantile(0.75, {{1, 10}, {2, 20}, {inf, 20}}), 1.5);
  // The rank falls into +Inf: the highest finite bound.
  EXPECT_DOUBLE_EQ(bucket_quantile(0.9, {{1, 10}, {inf, 20}}), 1);
  // A first bucket at or below zero is returned as is.
  EXPECT_DOUBLE_EQ(bucket_quantile(0.1, {{-1, 10}, {inf, 20}}), -1);
}

TEST(bucket_quantile, nan_cases) {
  double inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(std::isnan(bucket_quantile(0.5, {{1, 10}, {2, 20}})));
  EXPECT_TRUE(std::isnan(bucket_quantile(0.5, {{inf, 20}})));
  EXPECT_TRUE(std::isnan(bucket_quantile(0.5, {{1, 0}, {inf, 0}})));
  EXPECT_TRUE(std::isnan(bucket_quantile(0.5, {})));
}

TEST(bucket_quantile, merges_equal_bounds_and_fixes_monotony) {
  double inf = std::numeric_limits<double>::infinity();
  EXPECT_DOUBLE_EQ(bucket_quantile(0.5, {{1, 5}, {1, 5}, {inf, 20}}), 1);
  EXPECT_DOUBLE_EQ(bucket_quantile(0.5, {{1, 10}, {2, 5}, {inf, 20}}), 1);
}
