#pragma once

// Helpers of the chunked codec's tests (chunk_codec_test.cpp: the bounds
// layout; chunk_window_test.cpp: the window layout).

#include "codec/chunk_codec.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace timeless::codec::chunk_testing {

inline constexpr int64_t big = (int64_t{1} << 53) - 1;

/// Writes `x` as `p`, checks the size, reads it back (also through
/// read_ints) and returns the stream.
inline std::vector<uint8_t> round_trip(const std::vector<int64_t>& x,
                                       const chunk_plan& p) {
  std::vector<uint8_t> buf(x.size() * 8 + 256);
  bit_writer w(buf.data());
  write_chunked(x, p, w);
  EXPECT_EQ(w.bits(), p.bits);
  auto bytes = w.finish();
  buf.resize(bytes + 8);
  bit_reader r(buf.data(), bytes);
  std::vector<uint64_t> back(x.size());
  EXPECT_TRUE(read_chunked(r, x.size(), back.data()));
  EXPECT_LT(r.bits_left(), 8u);
  for (size_t i = 0; i < x.size(); ++i)
    EXPECT_EQ(static_cast<int64_t>(back[i]), x[i]) << i;
  buf.resize(bytes);
  return buf;
}

inline chunk_plan plan(const std::vector<int64_t>& x, unsigned order) {
  unsigned orders[] = {order};
  return plan_chunked(x, orders);
}

/// Every order, size code and shift the format allows for `x`.
inline void round_trip_every_plan(const std::vector<int64_t>& x) {
  for (unsigned order = 0; order <= max_chunk_order && order < x.size();
       ++order) {
    auto p = plan(x, order);
    round_trip(x, p);
    for (unsigned code = 0; code < 8; ++code)
      for (unsigned s = 0; s <= std::bit_width(p.range); ++s) {
        auto q = p;
        q.size_code = code;
        q.shift = s;
        q.bits = chunked_bits(x, q);
        round_trip(x, q);
      }
  }
}

/// A daily cycle (288 points a day) plus uniform 2-decimal noise, as
/// mantissas: the shape chunks are for.
inline std::vector<int64_t> daily(size_t n, uint64_t seed = 1) {
  std::mt19937_64 rng(seed);
  std::vector<int64_t> x;
  for (size_t i = 0; i < n; ++i) {
    auto hour = static_cast<double>((i / 12) % 24);
    auto d = 0.5 + 0.5 * std::sin((hour - 4) / 24 * 2 * 3.141592653589793);
    x.push_back(2500 + static_cast<int64_t>(4500 * d) +
                static_cast<int64_t>(rng() % 1501));
  }
  return x;
}

/// Reads `n` values from `bytes`, expecting failure.
inline bool reads(const std::vector<uint8_t>& bytes, size_t size, size_t n) {
  auto padded = bytes;
  padded.resize(bytes.size() + 8);
  bit_reader r(padded.data(), size);
  std::vector<uint64_t> out(n);
  return read_chunked(r, n, out.data());
}

} // namespace timeless::codec::chunk_testing
