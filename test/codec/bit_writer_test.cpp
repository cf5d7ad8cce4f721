#include "codec/bit_writer.hpp"

#include "codec/bit_reader.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

using namespace timeless::codec;

TEST(bit_writer, every_width_round_trips_through_the_reader) {
  std::mt19937_64 rng(7);
  std::vector<std::pair<uint64_t, unsigned>> items;
  for (int i = 0; i < 5000; ++i) {
    unsigned n = rng() % 65;
    uint64_t v = n == 64 ? rng() : rng() & ((uint64_t{1} << n) - 1);
    items.emplace_back(v, n);
  }
  std::vector<uint8_t> buf(5000 * 8 + 16);
  bit_writer w(buf.data());
  size_t bits = 0;
  for (auto [v, n] : items) {
    w.write(v, n);
    bits += n;
  }
  EXPECT_EQ(w.bits(), bits);
  auto bytes = w.finish();
  EXPECT_EQ(bytes, (bits + 7) / 8);
  bit_reader r(buf.data(), bytes);
  for (auto [v, n] : items)
    ASSERT_EQ(r.read_long(n), v) << n;
  EXPECT_TRUE(r.ok());
  EXPECT_LT(r.bits_left(), 8u);
}

TEST(bit_writer, vint_covers_zero_and_all_64_bits) {
  std::vector<uint8_t> buf(64);
  bit_writer w(buf.data());
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, ~uint64_t{0}})
    w.write_vint(v);
  EXPECT_EQ(w.bits(), bit_writer::vint_bits(0) + bit_writer::vint_bits(1) +
                          bit_writer::vint_bits(~uint64_t{0}));
  auto bytes = w.finish();
  bit_reader r(buf.data(), bytes);
  EXPECT_EQ(r.read_vint(), 0u);
  EXPECT_EQ(r.read_vint(), 1u);
  EXPECT_EQ(r.read_vint(), ~uint64_t{0});
  EXPECT_TRUE(r.ok());
}

TEST(bit_counter, counts_like_the_writer) {
  bit_counter c;
  c.write(0, 0);
  c.write(5, 3);
  c.write(~uint64_t{0}, 64);
  EXPECT_EQ(c.bits(), 67u);
}
