#include "codec/int_codec.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

using namespace timeless::codec;

namespace {

int_plan round_trip(const std::vector<int64_t>& x) {
  auto plan = plan_ints(x);
  std::vector<uint8_t> buf(int_bound_bits(x.size()) / 8 + 16);
  bit_writer w(buf.data());
  write_ints(x, plan, w);
  EXPECT_EQ(w.bits(), plan.bits);
  auto bytes = w.finish();
  bit_reader r(buf.data(), bytes);
  std::vector<uint64_t> back(x.size());
  EXPECT_TRUE(read_ints(r, x.size(), back.data()));
  for (size_t i = 0; i < x.size(); ++i)
    EXPECT_EQ(static_cast<int64_t>(back[i]), x[i]) << i;
  return plan;
}

constexpr int64_t big = (int64_t{1} << 53) - 1;

} // namespace

TEST(int_codec, constant_is_frame_of_width_0) {
  auto p = round_trip(std::vector<int64_t>(100, 4731));
  EXPECT_EQ(p.coding, int_coding::frame);
  EXPECT_EQ(p.width, 0u);
}

TEST(int_codec, counter_is_delta_of_width_0) {
  std::vector<int64_t> x;
  for (int i = 0; i < 100; ++i)
    x.push_back(1000 + 7 * i);
  auto p = round_trip(x);
  EXPECT_NE(p.coding, int_coding::frame);
  EXPECT_EQ(p.width, 0u);
}

TEST(int_codec, accelerating_counter_is_delta2) {
  std::vector<int64_t> x;
  for (int64_t i = 0; i < 100; ++i)
    x.push_back(i * i * 3);
  auto p = round_trip(x);
  EXPECT_EQ(p.coding, int_coding::delta2);
  EXPECT_EQ(p.width, 0u);
}

TEST(int_codec, noise_is_frame) {
  std::mt19937_64 rng(2);
  std::vector<int64_t> x(288);
  for (auto& v : x)
    v = 100000 + static_cast<int64_t>(rng() % 1500);
  auto p = round_trip(x);
  EXPECT_EQ(p.coding, int_coding::frame);
  EXPECT_EQ(p.width, 11u);
}

TEST(int_codec, extreme_mantissas_fit_56_bits) {
  auto p = round_trip({big, -big, big, -big, big});
  EXPECT_LE(p.width, max_int_width);
  round_trip({-big});
  round_trip({big, -big});
}

TEST(int_codec, one_and_two_values) {
  round_trip({5});
  round_trip({5, -5});
  round_trip({5, -5, 5});
}

TEST(int_codec, width_above_56_is_rejected) {
  std::vector<uint8_t> buf(64, 0);
  bit_writer w(buf.data());
  w.write(0, 2);   // frame
  w.write_vint(0); // base
  w.write(57, 6);  // width
  w.write(0, 57);
  auto bytes = w.finish();
  bit_reader r(buf.data(), bytes);
  std::vector<uint64_t> out(1);
  EXPECT_FALSE(read_ints(r, 1, out.data()));
}

TEST(int_codec, reserved_coding_and_short_counts_are_rejected) {
  std::vector<uint8_t> buf(64, 0);
  buf[0] = 3; // coding 3
  bit_reader r(buf.data(), 40);
  std::vector<uint64_t> out(4);
  EXPECT_FALSE(read_ints(r, 4, out.data()));
  buf[0] = 2; // delta2 with n = 2
  bit_reader r2(buf.data(), 40);
  EXPECT_FALSE(read_ints(r2, 2, out.data()));
}

TEST(int_codec, chunked_plans_carry_their_stream) {
  // plan_ints(x, true) writes the chunked stream while planning; write_ints
  // copies it, at any bit offset, and nothing past it (the planner's
  // scratch is reused: plan a wide stream first, then short ones).
  std::mt19937_64 rng(5);
  std::vector<std::vector<int64_t>> xs;
  for (uint64_t range : {uint64_t{1} << 50, uint64_t{1500}, uint64_t{3}}) {
    std::vector<int64_t> x(1000);
    for (size_t i = 0; i < x.size(); ++i)
      x[i] = static_cast<int64_t>(i / 12 * (range / 64) + rng() % range);
    xs.push_back(x);
  }
  xs.push_back({5, 7});
  for (auto& x : xs) {
    auto plan = plan_ints(x, true);
    // bit_reader reads at most 56 bits at once: 55 covers offset 7.
    for (unsigned lead : {0u, 1u, 13u, 55u}) {
      std::vector<uint8_t> buf(int_bound_bits(x.size()) / 8 + 64, 0);
      bit_writer w(buf.data());
      w.write((uint64_t{1} << lead) - 1, lead);
      write_ints(x, plan, w);
      EXPECT_EQ(w.bits(), lead + plan.bits);
      w.write(0x5a5a, 16);
      auto bytes = w.finish();
      bit_reader r(buf.data(), bytes);
      EXPECT_EQ(r.read(lead), (uint64_t{1} << lead) - 1);
      std::vector<uint64_t> back(x.size());
      ASSERT_TRUE(read_ints(r, x.size(), back.data(), true));
      for (size_t i = 0; i < x.size(); ++i)
        ASSERT_EQ(static_cast<int64_t>(back[i]), x[i]) << i;
      EXPECT_EQ(r.read(16), 0x5a5au);
    }
  }
}
