#include "codec/timestamp_codec.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <vector>

using namespace timeless::codec;

namespace {

constexpr int64_t lo = std::numeric_limits<int64_t>::min();
constexpr int64_t hi = std::numeric_limits<int64_t>::max();

struct encoded {
  ts_mode mode;
  size_t bits;
  std::vector<int64_t> back;
};

encoded round_trip(const std::vector<int64_t>& ts) {
  std::vector<uint8_t> buf(timestamp_bound_bits(ts.size()) / 8 + 16);
  bit_writer w(buf.data());
  auto mode = encode_timestamps(ts, w);
  auto bits = w.bits();
  auto bytes = w.finish();
  std::vector<int64_t> back(ts.size());
  bit_reader r(buf.data(), bytes);
  EXPECT_TRUE(decode_timestamps(mode, ts[0], ts.size(), r, back.data()));
  EXPECT_LT(r.bits_left(), 8u);
  return {mode, bits, back};
}

/// Bits one delta-of-delta of `dod` costs: {0, 1000, 2000 + dod} writes the
/// first delta (1000, a 16-bit class) and then `dod`.
size_t dod_bits(int64_t dod) {
  auto e = round_trip({0, 1000, 2000 + dod});
  EXPECT_EQ(e.back, (std::vector<int64_t>{0, 1000, 2000 + dod}));
  EXPECT_EQ(e.mode, ts_mode::delta2);
  return e.bits - 16;
}

} // namespace

TEST(timestamp_codec, dod_plus_64_needs_the_9_bit_class) {
  EXPECT_EQ(dod_bits(64), 12u);
}

TEST(timestamp_codec, dod_minus_64_fits_the_7_bit_class) {
  EXPECT_EQ(dod_bits(-64), 9u);
}

TEST(timestamp_codec, dod_plus_256_needs_the_12_bit_class) {
  EXPECT_EQ(dod_bits(256), 16u);
}

TEST(timestamp_codec, dod_minus_256_fits_the_9_bit_class) {
  EXPECT_EQ(dod_bits(-256), 12u);
}

TEST(timestamp_codec, dod_plus_2048_needs_the_32_bit_class) {
  EXPECT_EQ(dod_bits(2048), 37u);
}

TEST(timestamp_codec, dod_minus_2048_fits_the_12_bit_class) {
  EXPECT_EQ(dod_bits(-2048), 16u);
}

TEST(timestamp_codec, class_range_edges) {
  EXPECT_EQ(dod_bits(1), 9u);
  EXPECT_EQ(dod_bits(-1), 9u);
  EXPECT_EQ(dod_bits(63), 9u);
  EXPECT_EQ(dod_bits(-65), 12u);
  EXPECT_EQ(dod_bits(255), 12u);
  EXPECT_EQ(dod_bits(-257), 16u);
  EXPECT_EQ(dod_bits(2047), 16u);
  EXPECT_EQ(dod_bits(-2049), 37u);
  EXPECT_EQ(dod_bits(2147483647), 37u);
  EXPECT_EQ(dod_bits(-2147483648LL), 37u);
  EXPECT_EQ(dod_bits(2147483648LL), 69u);
  EXPECT_EQ(dod_bits(-2147483649LL), 69u);
}

TEST(timestamp_codec, regular_stride_costs_one_vint) {
  std::vector<int64_t> ts;
  for (int i = 0; i < 288; ++i)
    ts.push_back(1792872000000 + i * 300000LL);
  auto e = round_trip(ts);
  EXPECT_EQ(e.mode, ts_mode::regular);
  EXPECT_EQ(e.back, ts);
  EXPECT_EQ(e.bits, 7u + 20u); // zz(300000) has 20 bits
}

TEST(timestamp_codec, one_point_costs_nothing) {
  auto e = round_trip({lo});
  EXPECT_EQ(e.bits, 0u);
  EXPECT_EQ(e.back, (std::vector<int64_t>{lo}));
}

TEST(timestamp_codec, two_points_at_opposite_extremes) {
  auto e = round_trip({lo, hi});
  EXPECT_EQ(e.back, (std::vector<int64_t>{lo, hi}));
  e = round_trip({hi, lo});
  EXPECT_EQ(e.back, (std::vector<int64_t>{hi, lo}));
}

TEST(timestamp_codec, int64_extremes_and_neighbours_wrap_correctly) {
  std::vector<int64_t> ts{lo, hi, lo + 1, hi - 1, 0, lo, lo, hi, -1, 1, hi};
  EXPECT_EQ(round_trip(ts).back, ts);
}

TEST(timestamp_codec, duplicates_and_non_monotonic_input) {
  std::vector<int64_t> ts{5, 5, 5, 3, 9, 9, -4, 1000000, 7};
  EXPECT_EQ(round_trip(ts).back, ts);
}

TEST(timestamp_codec, random_int64_round_trip) {
  std::mt19937_64 rng(11);
  std::vector<int64_t> ts(1000);
  for (auto& t : ts)
    t = static_cast<int64_t>(rng());
  EXPECT_EQ(round_trip(ts).back, ts);
}

TEST(timestamp_codec, jittered_timestamps_cost_under_10_bits_a_point) {
  std::mt19937_64 rng(5);
  std::vector<int64_t> ts;
  int64_t t = 1792872000000;
  for (int i = 0; i < 1000; ++i)
    ts.push_back(t += 15000 + static_cast<int64_t>(rng() % 41) - 20);
  auto e = round_trip(ts);
  EXPECT_EQ(e.back, ts);
  EXPECT_LT(e.bits, 10u * ts.size());
}

TEST(timestamp_codec, short_stream_fails) {
  std::vector<uint8_t> buf(16, 0xFF);
  bit_reader r(buf.data(), 2);
  std::vector<int64_t> out(10);
  EXPECT_FALSE(decode_timestamps(ts_mode::delta2, 0, 10, r, out.data()));
}
