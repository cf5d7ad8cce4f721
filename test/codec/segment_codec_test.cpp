#include "codec/segment_codec.hpp"

#include "codec/segment_header.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace timeless::codec;

namespace {

struct series {
  std::vector<int64_t> ts;
  std::vector<double> values;
};

constexpr int64_t t0 = 1792872000000; // ms

/// Regular 300 s timestamps and values of a named shape.
series make(const std::string& shape, size_t n, uint64_t seed = 1) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  series s;
  double walk = 100, counter = 0;
  for (size_t i = 0; i < n; ++i) {
    s.ts.push_back(t0 + static_cast<int64_t>(i) * 300000);
    double v = 0;
    if (shape == "constant") {
      v = 42.5;
    } else if (shape == "counter") {
      v = counter += 1000;
    } else if (shape == "counter_resets") {
      counter = i % 97 == 96 ? 0 : counter + static_cast<double>(rng() % 5000);
      v = counter;
    } else if (shape == "random_walk") {
      v = walk += u(rng) - 0.5;
    } else if (shape == "decimal2_noise") {
      v = std::round((50 + 15 * u(rng)) * 100) / 100;
    } else if (shape == "daily_cycle") {
      // An hourly-stepped daily sine plus 2-decimal noise, as in vs-vm.
      auto hour = static_cast<double>((i / 12) % 24);
      auto d = 0.5 + 0.5 * std::sin((hour - 4) / 24 * 2 * 3.141592653589793);
      v = std::round((25 + 45 * d + 15 * u(rng)) * 100) / 100;
    } else if (shape == "sensor_float") {
      v = 20 + std::sin(static_cast<double>(i) / 10) + u(rng) * 1e-3;
    } else if (shape == "integers") {
      v = static_cast<double>(rng() % 1000000000000001ull);
    } else if (shape == "specials") {
      const uint64_t pats[] = {0x7ff8000000000000,
                               0x7ff0000000000002,
                               0xfff8000000000123,
                               0x7ff0000000000000,
                               0xfff0000000000000,
                               0x8000000000000000,
                               0x0000000000000001,
                               0x800fffffffffffff,
                               std::bit_cast<uint64_t>(1e300),
                               std::bit_cast<uint64_t>(-1e300)};
      v = rng() % 3 == 0 ? std::bit_cast<double>(pats[rng() % 10]) : 1.25;
    }
    s.values.push_back(v);
  }
  return s;
}

std::vector<uint8_t> encode(const series& s) {
  segment_encoder enc;
  std::vector<uint8_t> out;
  enc.encode(s.ts, s.values, out);
  return out;
}

void expect_round_trip(const series& s) {
  auto blob = encode(s);
  segment_decoder dec;
  std::vector<int64_t> ts{-7};
  std::vector<double> values{-7.5};
  ASSERT_EQ(dec.decode(blob, ts, values), errc::ok);
  ASSERT_EQ(ts.size(), s.ts.size() + 1);
  ASSERT_EQ(values.size(), s.values.size() + 1);
  EXPECT_EQ(ts[0], -7);
  for (size_t i = 0; i < s.ts.size(); ++i) {
    ASSERT_EQ(ts[i + 1], s.ts[i]) << i;
    ASSERT_EQ(std::bit_cast<uint64_t>(values[i + 1]),
              std::bit_cast<uint64_t>(s.values[i]))
        << i;
  }
  segment_info info{};
  ASSERT_EQ(segment_decoder::peek(blob, info), errc::ok);
  EXPECT_EQ(info.count, s.ts.size());
  if (!s.ts.empty()) {
    EXPECT_EQ(info.first_ts, s.ts.front());
    EXPECT_EQ(info.last_ts, s.ts.back());
  }
}

const char* const shapes[] = {"constant",     "counter",     "counter_resets",
                              "random_walk",  "daily_cycle", "decimal2_noise",
                              "sensor_float", "integers",    "specials"};

/// Encodes every shape (1,000 points) with a version `version` encoder,
/// has `check_version(blob version, shape)` check the blob's version byte,
/// and checks that the blob decodes to the same timestamps.
template <class Check>
void expect_every_shape_round_trips(uint8_t version, Check check_version) {
  segment_encoder enc(version);
  segment_decoder dec;
  for (auto shape : shapes) {
    auto s = make(shape, 1000);
    std::vector<uint8_t> blob;
    enc.encode(s.ts, s.values, blob);
    check_version(blob[0], shape);
    std::vector<int64_t> ts;
    std::vector<double> values;
    ASSERT_EQ(dec.decode(blob, ts, values), errc::ok) << shape;
    EXPECT_EQ(ts, s.ts);
  }
}

/// A version 3 blob (window layout) relabelled as `version` and resealed
/// must be refused as bad_encoding, with nothing decoded.
void expect_rejected_as_version(uint8_t version) {
  auto blob = encode(make("daily_cycle", 300));
  ASSERT_EQ(blob[0], 3);
  blob[0] = version;
  ASSERT_TRUE(reseal(blob));
  segment_decoder dec;
  std::vector<int64_t> ts;
  std::vector<double> values;
  EXPECT_EQ(dec.decode(blob, ts, values), errc::bad_encoding);
  EXPECT_TRUE(ts.empty());
}

} // namespace

// -- round trips over shapes and sizes ---------------------------------------

class shape_size : public testing::TestWithParam<std::tuple<const char*, int>> {
};

TEST_P(shape_size, round_trips_bit_exact) {
  auto [shape, n] = GetParam();
  expect_round_trip(make(shape, static_cast<size_t>(n)));
}

INSTANTIATE_TEST_SUITE_P(segment_codec, shape_size,
                         testing::Combine(testing::ValuesIn(shapes),
                                          testing::Values(0, 1, 2, 3, 64, 65,
                                                          10000)),
                         [](const auto& info) {
                           return std::string(std::get<0>(info.param)) + "_" +
                                  std::to_string(std::get<1>(info.param));
                         });

TEST(segment_codec, zero_points) {
  auto blob = encode({});
  EXPECT_EQ(blob.size(), 7u);
  expect_round_trip({});
}

TEST(segment_codec, one_point) {
  expect_round_trip({{t0}, {3.5}});
}

TEST(segment_codec, two_points) {
  expect_round_trip({{t0, t0 + 1}, {3.5, -3.5}});
}

TEST(segment_codec, three_points) {
  expect_round_trip({{t0, t0 + 1, t0 - 1}, {3.5, -3.5, 0}});
}

TEST(segment_codec, int64_extreme_timestamps) {
  constexpr auto lo = std::numeric_limits<int64_t>::min();
  constexpr auto hi = std::numeric_limits<int64_t>::max();
  expect_round_trip({{hi, lo, hi - 1, lo + 1, 0}, {1, 2, 3, 4, 5}});
  expect_round_trip({{lo, lo + 1, lo + 2}, {1, 2, 3}});
  expect_round_trip({{hi - 2, hi - 1, hi}, {1, 2, 3}});
}

TEST(segment_codec, nan_payloads_and_stale_marker) {
  expect_round_trip({{1, 2, 3},
                     {std::bit_cast<double>(0x7ff0000000000002ull),
                      std::bit_cast<double>(0x7ff8000000000001ull),
                      std::bit_cast<double>(0xfff0000000000001ull)}});
}

TEST(segment_codec, infinities) {
  expect_round_trip({{1, 2, 3}, {INFINITY, -INFINITY, 1.5}});
}

TEST(segment_codec, negative_zero_in_a_decimal_series) {
  expect_round_trip({{1, 2, 3, 4}, {1.25, -0.0, 0.0, 2.5}});
}

TEST(segment_codec, subnormals) {
  auto d = std::numeric_limits<double>::denorm_min();
  expect_round_trip({{1, 2, 3}, {d, -d, 2.2250738585072009e-308}});
}

TEST(segment_codec, huge_magnitudes) {
  expect_round_trip({{1, 2, 3, 4}, {1e300, -1e300, 1e15, 0.01}});
}

TEST(segment_codec, largest_exact_mantissas) {
  expect_round_trip({{1, 2, 3}, {9007199254740991.0, -9007199254740991.0, 0}});
}

TEST(segment_codec, repeating_pattern_gets_zstd) {
  series s;
  std::mt19937_64 rng(4);
  std::vector<double> period(16);
  for (auto& v : period)
    v = std::bit_cast<double>(rng());
  for (int i = 0; i < 2000; ++i) {
    s.ts.push_back(i * 1000);
    s.values.push_back(period[i % 16]);
  }
  auto blob = encode(s);
  EXPECT_LT(blob.size(), 16 * 8 * 2u); // far below gorilla's ~16 KB
  expect_round_trip(s);
}

// -- sizes -------------------------------------------------------------------

TEST(segment_codec, constant_series_is_a_few_bytes) {
  auto blob = encode(make("constant", 10000));
  EXPECT_LE(blob.size(), 30u);
}

TEST(segment_codec, regular_timestamps_cost_almost_nothing) {
  auto s = make("constant", 288);
  auto one = encode(make("constant", 1)).size();
  // 287 more timestamps cost the stride (27 bits), a second count byte and
  // three more bytes of last_ts - first_ts.
  EXPECT_LE(encode(s).size(), one + 8);
}

TEST(segment_codec, counter_costs_almost_nothing) {
  EXPECT_LE(encode(make("counter", 10000)).size(), 40u);
}

TEST(segment_codec, two_decimal_noise_costs_its_entropy) {
  auto s = make("decimal2_noise", 10000);
  // 1500 distinct values: log2(1500) = 10.55 bits; bit-packing takes 11.
  EXPECT_LE(encode(s).size(), 10000 * 11 / 8 + 40);
}

TEST(segment_codec, jittered_timestamps_cost_a_few_bits) {
  auto s = make("constant", 1000);
  std::mt19937_64 rng(9);
  for (auto& t : s.ts)
    t += static_cast<int64_t>(rng() % 21) - 10;
  EXPECT_LE(encode(s).size(), 1000 * 12 / 8 + 40);
  expect_round_trip(s);
}

// -- format versions ---------------------------------------------------------

TEST(segment_codec, daily_cycle_takes_chunks_and_versions_2_and_3) {
  auto s = make("daily_cycle", 1024);
  auto v3 = encode(s); // the window layout
  segment_encoder bounds(2);
  std::vector<uint8_t> v2;
  bounds.encode(s.ts, s.values, v2);
  segment_encoder old(1);
  std::vector<uint8_t> v1;
  old.encode(s.ts, s.values, v1);
  EXPECT_EQ(v3[0], 3);
  EXPECT_EQ(v2[0], 2);
  EXPECT_EQ(v1[0], 1);
  // ~0.5 bit a point less than one bit-packed frame, the window layout
  // less again.
  EXPECT_LT(v2.size() + 50, v1.size());
  EXPECT_LT(v3.size() + 50, v2.size());
  segment_decoder dec;
  for (auto* blob : {&v1, &v2, &v3}) {
    std::vector<int64_t> ts;
    std::vector<double> values;
    ASSERT_EQ(dec.decode(*blob, ts, values), errc::ok);
    EXPECT_EQ(values, s.values);
  }
}

TEST(segment_codec, the_window_layout_in_a_version_2_blob_is_an_error) {
  expect_rejected_as_version(2);
}

TEST(segment_codec, a_version_2_encoder_never_writes_the_window_layout) {
  expect_every_shape_round_trips(2, [](uint8_t version, const char* shape) {
    EXPECT_LE(version, 2) << shape;
  });
}

TEST(segment_codec, blobs_without_chunks_stay_version_1) {
  for (auto shape : {"constant", "counter", "random_walk", "specials"})
    EXPECT_EQ(encode(make(shape, 300))[0], 1) << shape;
}

TEST(segment_codec, version_1_encoder_round_trips_every_shape) {
  expect_every_shape_round_trips(1, [](uint8_t version, const char* shape) {
    EXPECT_EQ(version, 1) << shape;
  });
}

TEST(segment_codec, chunks_in_a_version_1_blob_are_an_error) {
  expect_rejected_as_version(1);
}

// -- errors ------------------------------------------------------------------

TEST(segment_codec, every_truncation_is_an_error) {
  for (auto shape : shapes) {
    auto blob = encode(make(shape, 65));
    segment_decoder dec;
    for (size_t n = 0; n < blob.size(); ++n) {
      std::vector<int64_t> ts;
      std::vector<double> values;
      std::span<const uint8_t> part(blob.data(), n);
      ASSERT_NE(dec.decode(part, ts, values), errc::ok) << shape << " " << n;
      ASSERT_TRUE(ts.empty() && values.empty());
    }
  }
}

TEST(segment_codec, every_bit_flip_is_an_error) {
  for (auto shape : shapes) {
    auto blob = encode(make(shape, 65));
    segment_decoder dec;
    for (size_t bit = 0; bit < blob.size() * 8; ++bit) {
      auto c = blob;
      c[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      std::vector<int64_t> ts{1};
      std::vector<double> values{1};
      ASSERT_NE(dec.decode(c, ts, values), errc::ok) << shape << " " << bit;
      ASSERT_EQ(ts.size(), 1u);
      ASSERT_EQ(values.size(), 1u);
    }
  }
}

TEST(segment_codec, resealed_bit_flips_never_crash) {
  // With the checksum recomputed, corrupt payloads reach the decoders.
  for (auto shape : shapes) {
    auto blob = encode(make(shape, 65));
    segment_decoder dec;
    for (size_t bit = 0; bit < blob.size() * 8; ++bit) {
      auto c = blob;
      c[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      if (!reseal(c))
        continue;
      std::vector<int64_t> ts;
      std::vector<double> values;
      auto e = dec.decode(c, ts, values);
      ASSERT_EQ(ts.size(), e == errc::ok ? ts.size() : 0u);
      ASSERT_EQ(ts.size(), values.size());
    }
  }
}

TEST(segment_codec, trailing_garbage_is_an_error) {
  auto blob = encode(make("random_walk", 10));
  blob.push_back(0);
  ASSERT_TRUE(reseal(blob));
  segment_decoder dec;
  std::vector<int64_t> ts;
  std::vector<double> values;
  EXPECT_EQ(dec.decode(blob, ts, values), errc::bad_encoding);
}

TEST(segment_codec, peek_reports_checksum_errors) {
  auto blob = encode(make("counter", 100));
  blob.back() ^= 1;
  segment_info info{};
  EXPECT_EQ(segment_decoder::peek(blob, info), errc::bad_checksum);
  EXPECT_EQ(segment_decoder::peek({}, info), errc::truncated);
}

TEST(segment_codec, error_names) {
  EXPECT_STREQ(to_string(errc::ok), "ok");
  EXPECT_STREQ(to_string(errc::bad_checksum), "bad_checksum");
  EXPECT_STREQ(to_string(errc::too_large), "too_large");
}

TEST(segment_codec, encoder_and_decoder_are_reusable_and_movable) {
  segment_encoder enc;
  segment_decoder dec;
  std::vector<uint8_t> out;
  auto a = make("random_walk", 500);
  auto b = make("decimal2_noise", 3);
  enc.encode(a.ts, a.values, out);
  auto first = out.size();
  enc.encode(b.ts, b.values, out);
  segment_encoder moved = std::move(enc);
  moved.encode(a.ts, a.values, out);
  segment_decoder dec2 = std::move(dec);
  std::vector<int64_t> ts;
  std::vector<double> values;
  std::span<const uint8_t> all(out);
  EXPECT_EQ(dec2.decode(all.first(first), ts, values), errc::ok);
  EXPECT_EQ(ts.size(), 500u);
  EXPECT_EQ(std::memcmp(all.data(), all.data() + out.size() - first, first), 0);
}

TEST(segment_codec, hourly_steps_cost_little_above_the_noise) {
  // daily_cycle: uniform noise of 1501 hundredths (10.55 bits) under an
  // hourly-stepped level; the window layout keeps it within 0.6 bits a
  // point of that, header and timestamps included.
  auto s = make("daily_cycle", 1024);
  auto blob = encode(s);
  EXPECT_EQ(blob[0], 3);
  EXPECT_LT(static_cast<double>(blob.size()) * 8 / 1024, 10.55 + 0.6);
  segment_encoder old(1);
  std::vector<uint8_t> v1;
  old.encode(s.ts, s.values, v1);
  EXPECT_LT(blob.size() + 120, v1.size()); // 11.15 against 12.22 bits
  expect_round_trip(s);
}

TEST(segment_codec, encoders_share_no_stale_bits) {
  // The planner's scratch is per thread: a wide blob, then narrow ones,
  // must each decode (the zero padding is checked).
  segment_encoder a, b;
  for (size_t n : {size_t{1024}, size_t{3}, size_t{1024}, size_t{40}}) {
    for (auto shape : {"integers", "daily_cycle", "decimal2_noise"}) {
      auto s = make(shape, n, n);
      std::vector<uint8_t> blob;
      (n % 2 == 0 ? a : b).encode(s.ts, s.values, blob);
      segment_decoder dec;
      std::vector<int64_t> ts;
      std::vector<double> values;
      ASSERT_EQ(dec.decode(blob, ts, values), errc::ok) << shape << " " << n;
      ASSERT_EQ(values.size(), n);
      for (size_t i = 0; i < n; ++i)
        ASSERT_EQ(std::bit_cast<uint64_t>(values[i]),
                  std::bit_cast<uint64_t>(s.values[i]));
    }
  }
}

TEST(segment_codec, largest_segment_round_trips) {
  // max_segment_points of an hourly-stepped cycle, then a small one with
  // the same encoder (the planner's scratch shrinks back).
  expect_round_trip(make("daily_cycle", max_segment_points));
  expect_round_trip(make("daily_cycle", 1000));
}
