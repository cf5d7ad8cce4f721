#include "codec/zigzag.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

using namespace timeless::codec;

TEST(zigzag, small_magnitudes_map_to_small_codes) {
  EXPECT_EQ(zigzag_encode(0), 0u);
  EXPECT_EQ(zigzag_encode(static_cast<uint64_t>(int64_t{-1})), 1u);
  EXPECT_EQ(zigzag_encode(1), 2u);
  EXPECT_EQ(zigzag_encode(static_cast<uint64_t>(int64_t{-64})), 127u);
  EXPECT_EQ(zigzag_encode(64), 128u);
}

TEST(zigzag, int64_extremes_round_trip) {
  for (int64_t v : {std::numeric_limits<int64_t>::min(),
                    std::numeric_limits<int64_t>::min() + 1,
                    std::numeric_limits<int64_t>::max(),
                    std::numeric_limits<int64_t>::max() - 1, int64_t{0}}) {
    auto u = static_cast<uint64_t>(v);
    EXPECT_EQ(zigzag_decode(zigzag_encode(u)), u);
  }
  EXPECT_EQ(zigzag_encode(static_cast<uint64_t>(INT64_MIN)), ~uint64_t{0});
}
