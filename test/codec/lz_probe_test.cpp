#include "codec/lz_probe.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

using namespace timeless::codec;

TEST(lz_probe, random_bytes_look_incompressible) {
  std::mt19937 rng(3);
  std::vector<uint8_t> v(600);
  for (auto& b : v)
    b = static_cast<uint8_t>(rng());
  EXPECT_FALSE(looks_compressible(v));
}

TEST(lz_probe, repeated_pattern_looks_compressible) {
  std::mt19937 rng(3);
  std::vector<uint8_t> v(600);
  for (size_t i = 0; i < v.size(); ++i)
    v[i] = i < 40 ? static_cast<uint8_t>(rng()) : v[i - 40];
  EXPECT_TRUE(looks_compressible(v));
}

TEST(lz_probe, tiny_input_is_never_worth_it) {
  std::vector<uint8_t> v(31, 0);
  EXPECT_FALSE(looks_compressible(v));
}
