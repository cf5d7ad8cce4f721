#include "codec/bit_reader.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace timeless::codec;

namespace {

std::vector<uint8_t> padded(std::vector<uint8_t> v) {
  v.resize(v.size() + 8, 0);
  return v;
}

} // namespace

TEST(bit_reader, reads_least_significant_bit_first) {
  auto buf = padded({0b10110001, 0xFF});
  bit_reader r(buf.data(), 2);
  EXPECT_EQ(r.read(1), 1u);
  EXPECT_EQ(r.read(3), 0u);
  EXPECT_EQ(r.read(4), 0b1011u);
  EXPECT_EQ(r.read(8), 0xFFu);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.bits_left(), 0u);
}

TEST(bit_reader, reading_past_the_end_fails_and_sticks) {
  auto buf = padded({0xAA});
  bit_reader r(buf.data(), 1);
  EXPECT_EQ(r.read(9), 0u);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.bits_left(), 0u);
  EXPECT_EQ(r.read(1), 0u);
  EXPECT_FALSE(r.ok());
}

TEST(bit_reader, empty_input_allows_zero_width_reads_only) {
  auto buf = padded({});
  bit_reader r(buf.data(), 0);
  EXPECT_EQ(r.read(0), 0u);
  EXPECT_TRUE(r.ok());
  r.skip(1);
  EXPECT_FALSE(r.ok());
}

TEST(bit_reader, vint_with_length_above_64_fails) {
  auto buf = padded({65, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  bit_reader r(buf.data(), 10);
  r.read_vint();
  EXPECT_FALSE(r.ok());
}

TEST(bit_reader, read_packed_checks_the_length_first) {
  auto buf = padded({0x21, 0x43});
  bit_reader r(buf.data(), 2);
  std::vector<uint64_t> got;
  EXPECT_FALSE(
      r.read_packed(5, 4, [&](size_t, uint64_t v) { got.push_back(v); }));
  EXPECT_TRUE(got.empty());
  bit_reader r2(buf.data(), 2);
  EXPECT_TRUE(
      r2.read_packed(4, 4, [&](size_t, uint64_t v) { got.push_back(v); }));
  EXPECT_EQ(got, (std::vector<uint64_t>{1, 2, 3, 4}));
}
