#include "codec/decimal_codec.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <vector>

using namespace timeless::codec;

namespace {

/// to_decimal, then from_decimal; expects eligibility and bit-exactness.
unsigned scale_of(const std::vector<double>& v) {
  std::vector<int64_t> m(v.size());
  unsigned k = 99;
  EXPECT_TRUE(to_decimal(v, m.data(), k));
  std::vector<uint64_t> u(m.begin(), m.end());
  std::vector<double> back(v.size());
  from_decimal(u.data(), u.size(), k, back.data());
  for (size_t i = 0; i < v.size(); ++i)
    EXPECT_EQ(std::bit_cast<uint64_t>(back[i]), std::bit_cast<uint64_t>(v[i]))
        << v[i];
  return k;
}

bool eligible(const std::vector<double>& v) {
  std::vector<int64_t> m(v.size());
  unsigned k = 0;
  return to_decimal(v, m.data(), k);
}

} // namespace

TEST(decimal_codec, two_decimals_get_scale_2) {
  EXPECT_EQ(scale_of({47.31, 312345678.12, 0.5, -35.07}), 2u);
}

TEST(decimal_codec, integers_up_to_1e15_get_scale_0) {
  EXPECT_EQ(scale_of({0, 1, -1, 1e15, -999999999999999.0}), 0u);
}

TEST(decimal_codec, scale_grows_and_rescales_earlier_values) {
  EXPECT_EQ(scale_of({1, 2.5, 3.25, 0.001}), 3u);
}

TEST(decimal_codec, tiny_exact_decimals) {
  EXPECT_EQ(scale_of({1e-22}), 22u);
  EXPECT_EQ(scale_of({0, 1e-20}), 20u);
}

TEST(decimal_codec, specials_are_not_eligible) {
  EXPECT_FALSE(eligible({1.0, std::nan("")}));
  EXPECT_FALSE(eligible({1.0, INFINITY}));
  EXPECT_FALSE(eligible({1.0, -INFINITY}));
  EXPECT_FALSE(eligible({1.0, -0.0}));
  EXPECT_FALSE(eligible({std::numeric_limits<double>::denorm_min()}));
  EXPECT_FALSE(eligible({1e300}));
  EXPECT_FALSE(eligible({9007199254740992.0})); // 2^53
}

TEST(decimal_codec, too_many_digits_are_not_eligible) {
  EXPECT_FALSE(eligible({0.1 + 0.2}));
  EXPECT_FALSE(eligible({9.123456789012345})); // 16 digits, m > 2^53
  // Each alone is fine; together the mantissa of 1e15 at scale 2 is too big.
  EXPECT_FALSE(eligible({1e15, 0.25}));
  EXPECT_FALSE(eligible({0.25, 1e15}));
}

TEST(decimal_codec, large_scale_jump_rescales_only_zeros) {
  EXPECT_EQ(scale_of({0, 0, 1e-17}), 17u);
  EXPECT_FALSE(eligible({1, 1e-17}));
}
