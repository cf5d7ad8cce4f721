#include "db/status.hpp"

#include <gtest/gtest.h>

using timeless::db::status;

TEST(status, default_is_ok) {
  status st;
  EXPECT_TRUE(st.is_ok());
  EXPECT_EQ(st.get_code(), status::code::ok);
  EXPECT_EQ(st.to_string(), "ok");
  EXPECT_TRUE(status::ok().is_ok());
}

TEST(status, to_string_names_code_and_message) {
  auto st = status::corruption("segment 3 of series 7: bad checksum");
  EXPECT_FALSE(st.is_ok());
  EXPECT_TRUE(st.is_corruption());
  EXPECT_EQ(st.message(), "segment 3 of series 7: bad checksum");
  EXPECT_EQ(st.to_string(), "corruption: segment 3 of series 7: bad checksum");
}

TEST(status, every_factory_sets_its_code) {
  EXPECT_EQ(status::not_found("k").get_code(), status::code::not_found);
  EXPECT_EQ(status::invalid_argument("a").get_code(),
            status::code::invalid_argument);
  EXPECT_EQ(status::io_error("p").get_code(), status::code::io_error);
  EXPECT_EQ(status::busy("b").get_code(), status::code::busy);
  EXPECT_EQ(status::locked("l").get_code(), status::code::locked);
  EXPECT_EQ(status::internal("i").get_code(), status::code::internal);
  EXPECT_EQ(status::locked("x").to_string(), "locked: x");
  EXPECT_EQ(status::busy("").to_string(), "busy");
}
