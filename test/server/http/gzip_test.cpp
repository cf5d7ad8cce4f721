#include "server/http/gzip.hpp"

#include <gtest/gtest.h>

using namespace timeless::server;

TEST(gzip, round_trip) {
  std::string text;
  for (int i = 0; i < 10000; ++i)
    text += "cpu{host=\"h" + std::to_string(i) + "\"} 1.5\n";
  auto packed = gzip(text);
  ASSERT_FALSE(packed.empty());
  EXPECT_LT(packed.size(), text.size());
  std::string out;
  std::string why;
  ASSERT_EQ(gunzip(packed, text.size(), out, why), gunzip_status::ok) << why;
  EXPECT_EQ(out, text);
}

TEST(gzip, empty_input) {
  auto packed = gzip("");
  std::string out = "junk";
  std::string why;
  ASSERT_EQ(gunzip(packed, 10, out, why), gunzip_status::ok);
  EXPECT_EQ(out, "");
}

TEST(gzip, limit_is_exact) {
  std::string text(1000, 'a');
  auto packed = gzip(text);
  std::string out;
  std::string why;
  EXPECT_EQ(gunzip(packed, 1000, out, why), gunzip_status::ok);
  EXPECT_EQ(gunzip(packed, 999, out, why), gunzip_status::too_large);
  EXPECT_TRUE(out.empty());
}

TEST(gzip, bomb_stops_at_the_limit) {
  std::string zeros(64 * 1024 * 1024, '\0');
  auto bomb = gzip(zeros);
  zeros.clear();
  zeros.shrink_to_fit();
  ASSERT_LT(bomb.size(), 1024u * 1024u);
  std::string out;
  std::string why;
  EXPECT_EQ(gunzip(bomb, 1024 * 1024, out, why), gunzip_status::too_large);
  EXPECT_LE(out.capacity(), 2u * 1024 * 1024);
}

TEST(gzip, concatenated_members) {
  auto packed = gzip("a\n") + gzip("b\n");
  std::string out;
  std::string why;
  ASSERT_EQ(gunzip(packed, 100, out, why), gunzip_status::ok) << why;
  EXPECT_EQ(out, "a\nb\n");
}

TEST(gzip, corrupt_and_truncated) {
  std::string out;
  std::string why;
  EXPECT_EQ(gunzip("not gzip at all", 100, out, why), gunzip_status::corrupt);
  EXPECT_FALSE(why.empty());
  auto packed = gzip(std::string(5000, 'x'));
  EXPECT_EQ(gunzip(packed.substr(0, packed.size() / 2), 10000, out, why),
            gunzip_status::corrupt);
  EXPECT_NE(why.find("truncated"), std::string::npos);
  auto damaged = packed;
  damaged[damaged.size() - 3] ^= 0x55; // the length trailer
  EXPECT_EQ(gunzip(damaged, 10000, out, why), gunzip_status::corrupt);
  EXPECT_EQ(gunzip(packed + "trailing", 10000, out, why),
            gunzip_status::corrupt);
}

TEST(gzip, accept_encoding) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("deflate, gzip;q=0.5"));
  EXPECT_TRUE(accepts_gzip(" GZIP "));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("deflate, br"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip; q=0.000"));
  EXPECT_FALSE(accepts_gzip("gzipx"));
}
