// Tests of the window layout of the chunked codec (codec/chunk_window.cpp
// plans it; codec/chunk_codec.cpp has the layout and writes it;
// codec/chunk_read.cpp reads it).

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

namespace {

/// The order-`order` differences of x minus their minimum.
std::vector<uint64_t> relative_diffs(const std::vector<int64_t>& x,
                                     unsigned order) {
  std::vector<uint64_t> y;
  for (size_t i = order; i < x.size(); ++i) {
    auto v = [&](size_t j) { return static_cast<uint64_t>(x[j]); };
    y.push_back(order == 0   ? v(i)
                : order == 1 ? v(i) - v(i - 1)
                             : v(i) - 2 * v(i - 1) + v(i - 2));
  }
  auto lo = *std::min_element(y.begin(), y.end(), [](uint64_t a, uint64_t b) {
    return static_cast<int64_t>(a) < static_cast<int64_t>(b);
  });
  for (auto& e : y)
    e -= lo;
  return y;
}

/// W^group, or 0 above 2^56.
uint64_t span_of(uint64_t width, unsigned group) {
  uint64_t m = 1;
  for (unsigned i = 0; i < group; ++i) {
    if (m > (uint64_t{1} << 56) / width)
      return 0;
    m *= width;
  }
  return m;
}

/// A window plan of x with the given chunks, shift and coding parameters,
/// its width the narrowest that fits (plus `wider`, clipped at the range);
/// false if the shift does not fit that width or the group is too wide.
bool window_plan(const std::vector<int64_t>& x, unsigned order, size_t chunk,
                 size_t first, unsigned shift, unsigned predictor,
                 unsigned rice, unsigned group, uint64_t wider,
                 chunk_plan& out) {
  unsigned orders[] = {order};
  auto p = plan_window(x, orders);
  auto y = relative_diffs(x, order);
  size_t ny = y.size();
  chunk = std::min(chunk, ny);
  first = std::min(first, chunk);
  uint64_t width = 0;
  for (size_t a = 0; a < ny;) {
    auto e = std::min(ny, a + (a == 0 ? first : chunk));
    auto mn = *std::min_element(y.begin() + static_cast<ptrdiff_t>(a),
                                y.begin() + static_cast<ptrdiff_t>(e));
    auto mx = *std::max_element(y.begin() + static_cast<ptrdiff_t>(a),
                                y.begin() + static_cast<ptrdiff_t>(e));
    width = std::max(width, mx - ((mn >> shift) << shift) + 1);
    a = e;
  }
  width = std::min(p.range + 1, width + wider);
  if (first >= ny)
    width = p.range + 1; // one chunk: one frame
  if (shift > std::bit_width(p.range + 1 - width) || span_of(width, group) == 0)
    return false;
  p.chunk = chunk;
  p.first = first;
  p.width = width;
  p.shift = first >= ny ? 0 : shift;
  p.predictor = predictor;
  p.rice = rice;
  p.group = group;
  p.bits = chunked_bits(x, p);
  out = p;
  return true;
}

/// A sample of every field the window layout has, for `x`.
void round_trip_window_plans(const std::vector<int64_t>& x) {
  for (unsigned order = 0; order <= max_chunk_order && order < x.size();
       ++order) {
    unsigned orders[] = {order};
    auto best = plan_window(x, orders);
    EXPECT_TRUE(best.window);
    round_trip(x, best);
    size_t ny = x.size() - order;
    auto top = static_cast<unsigned>(std::bit_width(best.range));
    for (size_t chunk :
         {size_t{1}, size_t{2}, size_t{3}, size_t{5}, size_t{12}, ny - 1, ny})
      for (size_t first : {size_t{1}, chunk / 2 + 1, chunk})
        for (unsigned shift : {0u, top / 2, top})
          for (unsigned predictor : {1u, 2u})
            for (unsigned rice : {0u, 2u, max_window_rice})
              for (unsigned group = 1; group <= max_window_group; ++group)
                for (uint64_t wider : {uint64_t{0}, uint64_t{5}}) {
                  chunk_plan p;
                  if (chunk >= 1 &&
                      window_plan(x, order, chunk, first, shift, predictor,
                                  rice, group, wider, p))
                    round_trip(x, p);
                }
  }
}

/// Level steps every `step` values (random within +-jump) plus uniform
/// noise below `noise`.
std::vector<int64_t> steps(size_t n, size_t step, int64_t jump, uint64_t noise,
                           uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<int64_t> x;
  int64_t level = 100000;
  for (size_t i = 0; i < n; ++i) {
    if (i % step == 0)
      level += static_cast<int64_t>(rng() % (2 * jump + 1)) - jump;
    x.push_back(level + static_cast<int64_t>(rng() % noise));
  }
  return x;
}

/// A window layout header (after read_chunked's 2-bit field) of order 0:
/// zz(lo) = 0, range g, then either one chunk (`flag`) with its group, or
/// the fields of several chunks; then `tail` written by the caller.
std::vector<uint8_t> window_stream(uint64_t g, bool flag, uint64_t width,
                                   unsigned shift, size_t n, size_t chunk,
                                   size_t first, unsigned predictor,
                                   unsigned rice, unsigned group,
                                   void (*tail)(bit_writer&)) {
  std::vector<uint8_t> buf(512, 0);
  bit_writer w(buf.data());
  w.write(3, 2); // window layout
  w.write(0, 2); // order 0
  w.write_vint(0);
  w.write_vint(g);
  w.write(flag, 1);
  if (!flag) {
    w.write_truncated(width - 1, g + 1);
    w.write(shift, 6);
    w.write_truncated(chunk - 1, n);
    w.write_truncated(first - 1, chunk);
    w.write(predictor - 1, 1);
    w.write(rice, 5);
  }
  w.write(group - 1, 2);
  tail(w);
  for (int i = 0; i < 40; ++i)
    w.write(0, 56); // zero values, more than enough
  buf.resize(w.finish());
  return buf;
}

} // namespace

TEST(chunk_codec, window_few_values) {
  round_trip_window_plans({7});
  round_trip_window_plans({-7});
  round_trip_window_plans({big});
  round_trip_window_plans({5, -5});
  round_trip_window_plans({5, -5, 5});
}

TEST(chunk_codec, window_all_equal_values_cost_no_bits_each) {
  std::vector<int64_t> x(1000, 4731);
  unsigned orders[] = {0};
  auto p = plan_window(x, orders);
  EXPECT_EQ(p.range, 0u);
  EXPECT_EQ(p.width, 1u);
  round_trip(x, p);
  EXPECT_LT(p.bits, 40u); // the header only
  round_trip_window_plans({3, 3, 3, 3, 3, 3, 3, 3, 3});
}

TEST(chunk_codec, window_widest_ranges) {
  // Order 0 spans 2^54 - 2, order 2 spans 8 * big, just below 2^56: one
  // value a code (W^2 > 2^56).
  std::vector<int64_t> x{big,  -big, big,  -big, big,  -big, big,  -big, big,
                         -big, big,  -big, big,  -big, big,  -big, big,  -big};
  round_trip_window_plans(x);
  unsigned orders[] = {2};
  auto p = plan_window(x, orders);
  EXPECT_EQ(p.range, 8 * static_cast<uint64_t>(big));
  EXPECT_EQ(p.group, 1u);
  round_trip(x, p);
  // Around the largest widths a group of 2, 3 and 4 may have.
  for (uint64_t w : {uint64_t{1} << 28, (uint64_t{1} << 28) + 1,
                     uint64_t{380000}, uint64_t{16384}, uint64_t{16385}}) {
    std::vector<int64_t> y;
    std::mt19937_64 rng(w);
    for (int i = 0; i < 200; ++i)
      y.push_back(static_cast<int64_t>(rng() % w));
    y[3] = 0;
    y[7] = static_cast<int64_t>(w - 1);
    round_trip_window_plans(y);
  }
}

TEST(chunk_codec, window_negative_values) {
  std::mt19937_64 rng(3);
  std::vector<int64_t> x(300);
  for (auto& v : x)
    v = -3500 + static_cast<int64_t>(rng() % 300);
  round_trip_window_plans(x);
}

TEST(chunk_codec, window_chunk_boundaries) {
  // Lengths around chunks of 1, 12 and all: last chunks of every length.
  for (size_t n : {7, 8, 9, 13, 15, 16, 17, 25, 63, 64, 65})
    round_trip_window_plans(daily(n, n));
  for (size_t n : {1023, 1024, 1025}) {
    auto x = daily(n, n);
    unsigned orders[] = {0, 1};
    round_trip(x, plan_window(x, orders));
    for (size_t first : {1, 5, 12}) {
      chunk_plan p;
      ASSERT_TRUE(window_plan(x, 0, 12, first, 5, 2, 2, 3, 0, p));
      round_trip(x, p);
    }
  }
}

TEST(chunk_codec, window_offsets_escape) {
  // Levels that jump by up to 2^40 every 10 values: most corrections need
  // the escape (8 one bits, then the offset in full) with a small k.
  auto x = steps(500, 10, int64_t{1} << 40, 1000, 6);
  for (unsigned rice : {0u, 3u, 20u, max_window_rice})
    for (unsigned predictor : {1u, 2u}) {
      chunk_plan p;
      ASSERT_TRUE(window_plan(x, 0, 10, 10, 0, predictor, rice, 1, 0, p));
      round_trip(x, p);
    }
  unsigned orders[] = {0};
  auto p = plan_window(x, orders);
  round_trip(x, p);
}

TEST(chunk_codec, window_follows_level_steps) {
  // The daily cycle steps every 12 values (hours) under noise of 1500, as
  // vs-vm's cpu_usage: the window layout finds chunks of 12 at the steps
  // and pays little more than log2(1501) = 10.55 bits a value; with level
  // steps of a random walk it still beats the bounds layout.
  for (size_t shift : {0, 4, 8}) {
    auto x = daily(1024 + shift, shift + 1);
    x.erase(x.begin(), x.begin() + static_cast<ptrdiff_t>(shift));
    unsigned orders[] = {0};
    auto p = plan_window(x, orders);
    round_trip(x, p);
    EXPECT_EQ(p.chunk, 12u);
    EXPECT_EQ(p.first, shift == 0 ? 12u : 12 - shift);
    EXPECT_LT(static_cast<double>(p.bits) / 1024, 10.55 + 0.45);
    auto bounds = plan(x, 0);
    EXPECT_LT(p.bits + 400, bounds.bits); // 0.4 bits a value less
    auto chosen = plan_ints(x, true);
    EXPECT_EQ(chosen.coding, int_coding::chunked);
    EXPECT_TRUE(chosen.chunks.window);
    EXPECT_LE(chosen.bits, p.bits + 2);

    auto walk = steps(1024, 12, 300, 1500, shift);
    auto q = plan_window(walk, orders);
    round_trip(walk, q);
    EXPECT_EQ(q.chunk, 12u);
    EXPECT_LT(q.bits + 100, plan(walk, 0).bits);
  }
}

TEST(chunk_codec, window_groups_approach_log2_of_the_range) {
  std::mt19937_64 rng(2);
  std::vector<int64_t> x(10000);
  for (auto& v : x)
    v = 100000 + static_cast<int64_t>(rng() % 1500);
  unsigned orders[] = {0};
  auto p = plan_window(x, orders);
  round_trip(x, p);
  EXPECT_GT(p.group, 1u);
  // log2(1500) = 10.55 bits; one value a code would take up to 0.09 more.
  EXPECT_LT(static_cast<double>(p.bits) / 10000, 10.55 + 0.03);
}

TEST(chunk_codec, plan_chunks_writes_what_write_chunked_writes) {
  std::vector<std::vector<int64_t>> xs{daily(1024),
                                       steps(1000, 12, 300, 1500, 1),
                                       steps(300, 7, 5, 3, 2),
                                       std::vector<int64_t>(50, 9),
                                       {big, -big, big, -big, big},
                                       {1}};
  for (auto& x : xs)
    for (unsigned a = 0; a <= 2 && a < x.size(); ++a) {
      unsigned orders[] = {0, a};
      std::span<const unsigned> os{orders, a == 0 ? 1u : 2u};
      std::vector<uint64_t> stream;
      auto p = plan_chunks(x, os, stream);
      SCOPED_TRACE(testing::Message() << x.size() << " " << a << " window "
                                      << p.window << " bits " << p.bits);
      auto buf = round_trip(x, p);
      ASSERT_EQ(stream.size(), (p.bits + 63) / 64);
      buf.resize(stream.size() * 8, 0);
      EXPECT_EQ(std::memcmp(buf.data(), stream.data(), buf.size()), 0);
    }
}

TEST(chunk_codec, window_every_truncation_is_an_error) {
  std::vector<std::vector<int64_t>> xs{daily(200), steps(200, 12, 300, 1500, 3),
                                       steps(100, 10, int64_t{1} << 40, 9, 4)};
  for (auto& x : xs)
    for (unsigned order = 0; order <= 2; ++order) {
      unsigned orders[] = {order};
      auto bytes = round_trip(x, plan_window(x, orders));
      for (size_t n = 0; n < bytes.size(); ++n)
        ASSERT_FALSE(reads(bytes, n, x.size())) << order << " " << n;
    }
}

TEST(chunk_codec, window_invalid_fields) {
  auto ok = [](const std::vector<uint8_t>& b, size_t n) {
    return reads(b, b.size(), n);
  };
  auto none = [](bit_writer&) {};
  // One chunk.
  EXPECT_TRUE(ok(window_stream(100, true, 0, 0, 8, 0, 0, 1, 0, 4, none), 8));
  // Order 3 of the window layout.
  {
    std::vector<uint8_t> buf(64, 0);
    buf[0] = 3 | 3 << 2;
    EXPECT_FALSE(ok(buf, 4));
    buf[0] = 3 | 2 << 2; // order 2 with n = 2
    EXPECT_FALSE(ok(buf, 2));
    buf[0] = 3 | 1 << 2; // order 1 with n = 1
    EXPECT_FALSE(ok(buf, 1));
  }
  // The range.
  auto g56 = uint64_t{1} << 56;
  EXPECT_FALSE(ok(window_stream(g56, true, 0, 0, 8, 0, 0, 1, 0, 1, none), 8));
  EXPECT_TRUE(
      ok(window_stream(g56 - 1, true, 0, 0, 8, 0, 0, 1, 0, 1, none), 8));
  // Groups wider than 2^56: (2^20)^3 = 2^60, but (2^14)^4 = 2^56.
  auto w20 = uint64_t{1} << 20;
  EXPECT_FALSE(
      ok(window_stream(w20 - 1, true, 0, 0, 8, 0, 0, 1, 0, 3, none), 8));
  EXPECT_TRUE(
      ok(window_stream(w20 - 1, true, 0, 0, 8, 0, 0, 1, 0, 2, none), 8));
  auto w14 = uint64_t{1} << 14;
  EXPECT_TRUE(
      ok(window_stream(w14 - 1, true, 0, 0, 8, 0, 0, 1, 0, 4, none), 8));
  EXPECT_FALSE(ok(window_stream(w14, true, 0, 0, 8, 0, 0, 1, 0, 4, none), 8));
  EXPECT_FALSE(
      ok(window_stream(w20 - 1, false, w20, 0, 8, 4, 4, 1, 0, 3, none), 8));
  EXPECT_TRUE(
      ok(window_stream(w20 - 1, false, w20, 0, 8, 4, 4, 1, 0, 2, none), 8));
  // Shifts up to bit_width(g + 1 - W): 100 + 1 - 51 = 50 has 6 bits.
  EXPECT_TRUE(ok(window_stream(100, false, 51, 6, 8, 4, 4, 1, 0, 1, none), 8));
  EXPECT_FALSE(ok(window_stream(100, false, 51, 7, 8, 4, 4, 1, 0, 1, none), 8));
  EXPECT_FALSE(
      ok(window_stream(100, false, 101, 1, 8, 4, 4, 1, 0, 1, none), 8));
  // Offsets in [0, A), A = 51 with shift 0: chunk 0 at a (its 4 values as
  // zeros), then chunk 1's correction in Rice code with k = 0.
  auto offsets = [&](void (*tail)(bit_writer&)) {
    return ok(window_stream(100, false, 51, 0, 8, 4, 4, 1, 0, 1, tail), 8);
  };
  EXPECT_TRUE(offsets([](bit_writer& w) {
    w.write_truncated(0, 51); // a0 = 0
    for (int i = 0; i < 4; ++i)
      w.write_truncated(0, 51);
    w.write(0, 1); // z = 0: a1 = 0
  }));
  EXPECT_FALSE(offsets([](bit_writer& w) {
    w.write_truncated(0, 51);
    for (int i = 0; i < 4; ++i)
      w.write_truncated(0, 51);
    w.write(1, 2); // z = 1: a1 = -1
  }));
  EXPECT_TRUE(offsets([](bit_writer& w) {
    w.write_truncated(50, 51); // a0 = 50, the last
    for (int i = 0; i < 4; ++i)
      w.write_truncated(0, 51);
    w.write(0, 1);
  }));
  EXPECT_FALSE(offsets([](bit_writer& w) {
    w.write_truncated(50, 51);
    for (int i = 0; i < 4; ++i)
      w.write_truncated(0, 51);
    w.write(3, 3); // z = 2: a1 = 51
  }));
  EXPECT_TRUE(offsets([](bit_writer& w) {
    w.write_truncated(50, 51);
    for (int i = 0; i < 4; ++i)
      w.write_truncated(0, 51);
    w.write(0xff, 8); // escape, then a1 in full
    w.write_truncated(3, 51);
  }));
}

TEST(chunk_codec, window_random_streams_never_crash) {
  std::mt19937_64 rng(7);
  std::vector<uint64_t> out(300);
  for (int k = 0; k < 20000; ++k) {
    std::vector<uint8_t> buf(8 + rng() % 64 + 8);
    for (auto& b : buf)
      b = static_cast<uint8_t>(rng());
    buf[0] |= 3; // the window layout
    if (k % 2 == 0)
      buf[0] &= ~uint8_t{0x30}; // small order, and lo
    bit_reader r(buf.data(), buf.size() - 8);
    read_chunked(r, 1 + rng() % 300, out.data());
  }
}
