#include "codec/varint.hpp"

#include <gtest/gtest.h>

using namespace timeless::codec;

TEST(varint, round_trips_edges) {
  for (uint64_t v : {uint64_t{0}, uint64_t{127}, uint64_t{128},
                     uint64_t{1} << 20, ~uint64_t{0}}) {
    std::vector<uint8_t> b;
    put_varint(b, v);
    const uint8_t* p = b.data();
    uint64_t got = 1;
    EXPECT_EQ(get_varint(p, b.data() + b.size(), got), varint_status::ok);
    EXPECT_EQ(got, v);
    EXPECT_EQ(p, b.data() + b.size());
  }
}

TEST(varint, truncated_and_malformed_inputs) {
  uint64_t v;
  const uint8_t cont[] = {0x80};
  const uint8_t* p = cont;
  EXPECT_EQ(get_varint(p, cont + 1, v), varint_status::truncated);
  const uint8_t overlong[] = {0x80, 0x00};
  p = overlong;
  EXPECT_EQ(get_varint(p, overlong + 2, v), varint_status::malformed);
  const uint8_t too_big[] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                             0xFF, 0xFF, 0xFF, 0xFF, 0x02};
  p = too_big;
  EXPECT_EQ(get_varint(p, too_big + 10, v), varint_status::malformed);
  const uint8_t endless[11] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                               0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  p = endless;
  EXPECT_NE(get_varint(p, endless + 11, v), varint_status::ok);
}
