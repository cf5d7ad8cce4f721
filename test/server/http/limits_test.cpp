#include "server/http/limits.hpp"

#include <gtest/gtest.h>

#include "timeless/error.hpp"

using namespace timeless;
using namespace timeless::server;

TEST(limits, sizes) {
  EXPECT_EQ(*parse_size("64MiB"), 64u << 20);
  EXPECT_EQ(*parse_size("64mb"), 64u << 20);
  EXPECT_EQ(*parse_size("512k"), 512u << 10);
  EXPECT_EQ(*parse_size("1048576"), 1048576u);
  EXPECT_EQ(*parse_size("7B"), 7u);
  EXPECT_EQ(*parse_size("2GiB"), size_t{2} << 30);
  for (auto bad : {"", "MiB", "0", "12XB", "1.5MiB", "-1", " 1",
                   "99999999999999999999", "17179869184GiB"}) {
    auto r = parse_size(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(code_of(r.error()), errc::invalid_argument);
  }
}

TEST(limits, listen_addresses) {
  std::string addr;
  uint16_t port = 1;
  ASSERT_FALSE(parse_listen("127.0.0.1:8428", addr, port));
  EXPECT_EQ(addr, "127.0.0.1");
  EXPECT_EQ(port, 8428);
  ASSERT_FALSE(parse_listen("[::1]:0", addr, port));
  EXPECT_EQ(addr, "::1");
  EXPECT_EQ(port, 0);
  for (auto bad : {"127.0.0.1", ":8428", "h:", "h:65536", "h:-1", "h:80x"})
    EXPECT_TRUE(parse_listen(bad, addr, port)) << bad;
}
