#include "codec/crc32c.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using timeless::codec::crc32c;

TEST(crc32c, check_value_of_the_standard) {
  EXPECT_EQ(crc32c("123456789", 9), 0xE3069283u);
}

TEST(crc32c, empty_input_is_zero) {
  EXPECT_EQ(crc32c("", 0), 0u);
}

TEST(crc32c, seed_chains_like_one_call) {
  std::string s = "The quick brown fox jumps over the lazy dog, twice over.";
  auto whole = crc32c(s.data(), s.size());
  for (size_t cut = 0; cut <= s.size(); ++cut) {
    auto head = crc32c(s.data(), cut);
    EXPECT_EQ(crc32c(s.data() + cut, s.size() - cut, head), whole) << cut;
  }
}

TEST(crc32c, one_flipped_bit_changes_the_sum) {
  std::vector<unsigned char> buf(1000, 0xAB);
  auto base = crc32c(buf.data(), buf.size());
  for (size_t i = 0; i < buf.size(); i += 97) {
    buf[i] ^= 0x10;
    EXPECT_NE(crc32c(buf.data(), buf.size()), base) << i;
    buf[i] ^= 0x10;
  }
}
