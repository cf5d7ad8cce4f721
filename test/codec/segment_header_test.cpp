#include "codec/segment_header.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

using namespace timeless::codec;

namespace {

std::vector<uint8_t> blob_of(const segment_header& h,
                             std::vector<uint8_t> payload) {
  std::vector<uint8_t> out;
  write_segment(h, payload, out);
  return out;
}

errc parse(const std::vector<uint8_t>& b, segment_header& h) {
  std::span<const uint8_t> payload;
  return read_segment(b, h, payload);
}

} // namespace

TEST(segment_header, empty_segment_is_seven_bytes) {
  auto b = blob_of({}, {});
  EXPECT_EQ(b.size(), 7u);
  segment_header h;
  EXPECT_EQ(parse(b, h), errc::ok);
  EXPECT_EQ(h.count, 0u);
}

TEST(segment_header, fields_round_trip_at_int64_extremes) {
  segment_header h;
  h.count = max_segment_points;
  h.ts = ts_mode::delta2;
  h.values = value_mode::decimal;
  h.first_ts = std::numeric_limits<int64_t>::max();
  h.last_ts = std::numeric_limits<int64_t>::min();
  h.zstd = true;
  h.raw_size = 77;
  h.version = segment_version;
  auto b = blob_of(h, {1, 2, 3});
  segment_header g;
  std::span<const uint8_t> payload;
  ASSERT_EQ(read_segment(b, g, payload), errc::ok);
  EXPECT_EQ(g.version, segment_version);
  EXPECT_EQ(g.count, h.count);
  EXPECT_EQ(g.ts, h.ts);
  EXPECT_EQ(g.values, h.values);
  EXPECT_EQ(g.first_ts, h.first_ts);
  EXPECT_EQ(g.last_ts, h.last_ts);
  EXPECT_TRUE(g.zstd);
  EXPECT_EQ(g.raw_size, 77u);
  EXPECT_EQ(payload.size(), 3u);
}

TEST(segment_header, bad_version_and_reserved_flags) {
  auto b = blob_of({}, {});
  b[0] = 4;
  segment_header h;
  EXPECT_EQ(parse(b, h), errc::bad_version);
  b[0] = 0;
  EXPECT_EQ(parse(b, h), errc::bad_version);
  b = blob_of({}, {});
  b[1] = 0x08;
  EXPECT_EQ(parse(b, h), errc::bad_header);
  b = blob_of({}, {});
  b[1] = 0x01; // flags must be zero without points
  EXPECT_EQ(parse(b, h), errc::bad_header);
}

TEST(segment_header, count_above_the_maximum_is_too_large) {
  segment_header h;
  h.count = max_segment_points;
  auto b = blob_of(h, {0});
  b[4] += 1; // varint of 2^20 is 80 80 40; make it 2^20 + 2^14
  EXPECT_EQ(parse(b, h), errc::too_large); // before the checksum
}

TEST(segment_header, raw_size_above_the_bound_is_too_large) {
  segment_header h;
  h.count = 1;
  h.zstd = true;
  h.raw_size = static_cast<uint32_t>(payload_bound(1) + 1);
  auto b = blob_of(h, {0});
  EXPECT_EQ(parse(b, h), errc::too_large);
}

TEST(segment_header, checksum_covers_header_and_payload) {
  segment_header h;
  h.count = 3;
  auto b = blob_of(h, {9, 9, 9});
  for (size_t i = 0; i < b.size(); ++i) {
    auto c = b;
    c[i] ^= 0x40;
    EXPECT_NE(parse(c, h), errc::ok) << i;
  }
}

TEST(segment_header, every_truncation_fails) {
  segment_header h;
  h.count = 3;
  h.first_ts = 1792872000000;
  h.last_ts = 1792872600000;
  auto b = blob_of(h, {9, 9, 9});
  for (size_t n = 0; n < b.size(); ++n) {
    std::vector<uint8_t> c(b.begin(), b.begin() + n);
    EXPECT_NE(parse(c, h), errc::ok) << n;
  }
}

TEST(segment_header, reseal_refuses_garbage) {
  std::vector<uint8_t> b{7, 7, 7};
  EXPECT_FALSE(reseal(b));
}
