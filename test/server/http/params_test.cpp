#include "server/http/params.hpp"

#include <gtest/gtest.h>

#include "timeless/error.hpp"

using namespace timeless;
using namespace timeless::server;

TEST(params, percent_decoding_and_plus) {
  EXPECT_EQ(*percent_decode("a%20b+c"), "a b c");
  EXPECT_EQ(*percent_decode("%7Bhost%3D%22a%22%7d"), "{host=\"a\"}");
  EXPECT_EQ(*percent_decode(""), "");
  EXPECT_EQ(*percent_decode("%00"), std::string(1, '\0'));
}

TEST(params, bad_escapes_name_their_position) {
  for (auto text : {"%", "%4", "%zz", "ab%g1", "%%41"}) {
    auto r = percent_decode(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(code_of(r.error()), errc::invalid_argument);
    EXPECT_NE(describe(r.error()).find("position"), std::string::npos);
  }
  EXPECT_NE(describe(percent_decode("ab%g1").error()).find("position 2"),
            std::string::npos);
}

TEST(params, repeated_match_keeps_order) {
  request_params p;
  ASSERT_FALSE(p.parse("match%5B%5D=cpu&start=1&match[]=mem%7Ba%3D%22b%22%7D"));
  auto all = p.all("match[]");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], "cpu");
  EXPECT_EQ(all[1], "mem{a=\"b\"}");
  EXPECT_EQ(*p.get("start"), "1");
  EXPECT_FALSE(p.get("end"));
}

TEST(params, empty_pairs_and_names_without_value) {
  request_params p;
  ASSERT_FALSE(p.parse("&&a&b=&=c&"));
  ASSERT_EQ(p.pairs().size(), 3u);
  EXPECT_EQ(*p.get("a"), "");
  EXPECT_EQ(*p.get("b"), "");
  EXPECT_EQ(*p.get(""), "c");
}

TEST(params, a_bad_escape_appends_nothing) {
  request_params p;
  ASSERT_FALSE(p.parse("x=1"));
  auto err = p.parse("y=2&z=%G0");
  ASSERT_TRUE(err);
  EXPECT_NE(describe(err).find("'z'"), std::string::npos);
  EXPECT_EQ(p.pairs().size(), 1u);
}

TEST(params, parse_appends_form_after_query) {
  request_params p;
  ASSERT_FALSE(p.parse("match[]=a"));
  ASSERT_FALSE(p.parse("match[]=b"));
  EXPECT_EQ(p.all("match[]").size(), 2u);
}

TEST(params, split_target) {
  auto [path, query] = split_target("/api/v1/export?match[]=x&a=b");
  EXPECT_EQ(path, "/api/v1/export");
  EXPECT_EQ(query, "match[]=x&a=b");
  auto [p2, q2] = split_target("/health");
  EXPECT_EQ(p2, "/health");
  EXPECT_EQ(q2, "");
  auto [p3, q3] = split_target("/x?");
  EXPECT_EQ(p3, "/x");
  EXPECT_EQ(q3, "");
}
