#include "codec/chunk_codec.hpp"

#include "codec/int_codec.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <random>
#include <span>
#include <vector>

#include "test/codec/chunk_test_util.hpp"

using namespace timeless::codec;
using namespace timeless::codec::chunk_testing;

TEST(chunk_codec, one_value) {
  round_trip_every_plan({7});
  round_trip_every_plan({-7});
  round_trip_every_plan({big});
}

TEST(chunk_codec, two_and_three_values) {
  round_trip_every_plan({5, -5});
  round_trip_every_plan({5, -5, 5});
}

TEST(chunk_codec, all_equal_values_cost_no_bits_each) {
  std::vector<int64_t> x(1000, 4731);
  auto p = plan(x, 0);
  EXPECT_EQ(p.range, 0u);
  round_trip(x, p);
  EXPECT_LT(p.bits, 40u); // the header only
  round_trip_every_plan({3, 3, 3, 3, 3, 3, 3, 3, 3});
}

TEST(chunk_codec, widest_ranges) {
  // Order 0 spans 2^54 - 2; order 2 spans 8 * big, just below 2^56.
  std::vector<int64_t> x{big, -big, big, -big, big, -big, big, -big, big};
  for (unsigned order = 0; order <= 2; ++order) {
    auto p = plan(x, order);
    EXPECT_LT(p.range, uint64_t{1} << 56);
    round_trip(x, p);
  }
  EXPECT_EQ(plan(x, 2).range, 8 * static_cast<uint64_t>(big));
  round_trip_every_plan({big, -big});
}

TEST(chunk_codec, negative_values) {
  std::mt19937_64 rng(3);
  std::vector<int64_t> x(300);
  for (auto& v : x)
    v = -3500 + static_cast<int64_t>(rng() % 300);
  round_trip_every_plan(x);
}

TEST(chunk_codec, chunk_boundaries) {
  for (size_t n : {7, 8, 9, 15, 16, 17, 63, 64, 65, 1023, 1024, 1025})
    round_trip_every_plan(daily(n, n));
}

TEST(chunk_codec, uniform_noise_costs_log2_of_its_range) {
  std::mt19937_64 rng(2);
  std::vector<int64_t> x(10000);
  for (auto& v : x)
    v = 100000 + static_cast<int64_t>(rng() % 1500);
  auto p = plan(x, 0);
  round_trip(x, p);
  // log2(1500) = 10.55 bits; the truncated binary code stays within 0.09.
  EXPECT_LT(static_cast<double>(p.bits) / 10000, 10.55 + 0.09);
}

TEST(chunk_codec, a_daily_cycle_gets_chunks_and_beats_packing) {
  auto x = daily(1024);
  auto p = plan(x, 0);
  round_trip(x, p);
  EXPECT_LT(p.shift, std::bit_width(p.range)); // bounds of its own per chunk
  auto packed = plan_ints(x);
  EXPECT_LT(p.bits + 400, packed.bits); // 0.6 bits a value here
  auto chosen = plan_ints(x, true);
  EXPECT_EQ(chosen.coding, int_coding::chunked);
  EXPECT_LE(chosen.bits, p.bits + 2); // the window layout may do better
}

TEST(chunk_codec, counters_chunk_their_deltas) {
  std::mt19937_64 rng(4);
  std::vector<int64_t> x{0};
  for (int i = 1; i < 1024; ++i)
    x.push_back(x.back() + static_cast<int64_t>(rng() % 100000));
  auto chosen = plan_ints(x, true);
  ASSERT_EQ(chosen.coding, int_coding::chunked);
  EXPECT_EQ(chosen.chunks.order, 1u);
  round_trip(x, chosen.chunks);
}

TEST(chunk_codec, every_truncation_is_an_error) {
  auto x = daily(200);
  for (unsigned order = 0; order <= 2; ++order) {
    auto bytes = round_trip(x, plan(x, order));
    for (size_t n = 0; n < bytes.size(); ++n)
      ASSERT_FALSE(reads(bytes, n, x.size())) << order << " " << n;
  }
}

TEST(chunk_codec, invalid_fields_are_rejected) {
  auto header = [](unsigned order, uint64_t g, unsigned s) {
    std::vector<uint8_t> buf(64, 0);
    bit_writer w(buf.data());
    w.write(order, 2);
    for (unsigned i = 0; i < order && i < 2; ++i)
      w.write_vint(0);
    w.write(0, 3);   // chunks of 8
    w.write_vint(0); // zz(lo)
    w.write_vint(g); // range
    w.write(s, 6);   // shift
    for (int i = 0; i < 4; ++i)
      w.write(0, 56); // values
    buf.resize(w.finish());
    return buf;
  };
  auto ok = [](const std::vector<uint8_t>& b, size_t n) {
    return reads(b, b.size(), n);
  };
  EXPECT_TRUE(ok(header(0, 1, 1), 4));
  // (Order 3 is the window layout's escape: see window_invalid_fields.)
  EXPECT_FALSE(ok(header(0, uint64_t{1} << 56, 0), 4)); // range
  EXPECT_TRUE(ok(header(0, (uint64_t{1} << 56) - 1, 56), 4));
  EXPECT_FALSE(ok(header(0, 5, 4), 4)); // shift above bit_width(range)
  EXPECT_FALSE(ok(header(1, 1, 1), 1)); // n <= order
  EXPECT_FALSE(ok(header(2, 1, 1), 2));
  // Coding 3 is chunked only where the caller allows it (format version 2).
  std::vector<uint8_t> buf{3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  bit_reader r(buf.data(), 4);
  std::vector<uint64_t> out(4);
  EXPECT_FALSE(read_ints(r, 4, out.data()));
}

TEST(chunk_codec, random_streams_never_crash) {
  std::mt19937_64 rng(5);
  std::vector<uint64_t> out(300);
  for (int k = 0; k < 20000; ++k) {
    std::vector<uint8_t> buf(8 + rng() % 64 + 8);
    for (auto& b : buf)
      b = static_cast<uint8_t>(rng());
    bit_reader r(buf.data(), buf.size() - 8);
    read_chunked(r, 1 + rng() % 300, out.data());
  }
}
