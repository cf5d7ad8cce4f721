#include "codec/gorilla_codec.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace timeless::codec;

namespace {

/// Encodes, checks the cost function, decodes; returns the bits used.
size_t round_trip(const std::vector<double>& v) {
  std::vector<uint8_t> buf(gorilla_bound_bits(v.size()) / 8 + 16);
  bit_writer w(buf.data());
  gorilla_encode(v, w);
  EXPECT_EQ(gorilla_cost_bits(v), w.bits());
  auto bits = w.bits();
  auto bytes = w.finish();
  bit_reader r(buf.data(), bytes);
  std::vector<double> back(v.size());
  EXPECT_TRUE(gorilla_decode(r, v.size(), back.data()));
  for (size_t i = 0; i < v.size(); ++i)
    EXPECT_EQ(std::bit_cast<uint64_t>(back[i]), std::bit_cast<uint64_t>(v[i]))
        << i;
  return bits;
}

double from_bits(uint64_t b) {
  return std::bit_cast<double>(b);
}

} // namespace

TEST(gorilla_codec, one_value_is_64_bits) {
  EXPECT_EQ(round_trip({3.25}), 64u);
}

TEST(gorilla_codec, repeats_cost_one_bit) {
  EXPECT_EQ(round_trip(std::vector<double>(100, 1.5)), 64u + 99u);
}

TEST(gorilla_codec, xor_with_64_meaningful_bits) {
  // 0x8000...0001 ^ 0 has no leading or trailing zeros: len 64, stored 63.
  EXPECT_EQ(round_trip({0.0, from_bits(0x8000000000000001)}), 64u + 13 + 64);
}

TEST(gorilla_codec, leading_zero_count_clamps_to_31) {
  // One low bit: clz 63, clamped to 31, so len = 33.
  EXPECT_EQ(round_trip({0.0, from_bits(1)}), 64u + 13 + 33);
}

TEST(gorilla_codec, window_is_reused) {
  auto a = from_bits(0);
  auto b = from_bits(0x0F00000000000000); // window: lead 4, len 4
  auto c = from_bits(0x0A00000000000000); // xor 0x05.. fits that window
  EXPECT_EQ(round_trip({a, b, c}), 64u + (13 + 4) + (2 + 4));
}

TEST(gorilla_codec, specials_round_trip) {
  round_trip({std::numeric_limits<double>::quiet_NaN(),
              from_bits(0x7ff0000000000002), // Prometheus stale marker
              from_bits(0xfff8000000000001), INFINITY, -INFINITY, -0.0, 0.0,
              std::numeric_limits<double>::denorm_min(),
              -std::numeric_limits<double>::denorm_min(), 1e300, -1e300,
              std::numeric_limits<double>::max(),
              std::numeric_limits<double>::lowest()});
}

TEST(gorilla_codec, random_bit_patterns_round_trip) {
  std::mt19937_64 rng(1);
  std::vector<double> v(2000);
  for (auto& x : v)
    x = from_bits(rng() >> (rng() % 64));
  round_trip(v);
}

TEST(gorilla_codec, invalid_window_is_rejected) {
  // Stream: first value 0, then '11', lead 31, len-1 = 63 (31 + 64 > 64).
  std::vector<uint8_t> buf(32, 0);
  bit_writer w(buf.data());
  w.write(0, 64);
  w.write(0b11 | 31u << 2 | 63u << 7, 13);
  w.write(0, 64);
  auto bytes = w.finish();
  bit_reader r(buf.data(), bytes);
  std::vector<double> out(2);
  EXPECT_FALSE(gorilla_decode(r, 2, out.data()));
}

TEST(gorilla_codec, short_stream_fails) {
  std::vector<uint8_t> buf(16, 0xFF);
  bit_reader r(buf.data(), 7);
  std::vector<double> out(3);
  EXPECT_FALSE(gorilla_decode(r, 3, out.data()));
}
