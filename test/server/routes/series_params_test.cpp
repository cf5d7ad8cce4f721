#include "server/routes/series_params.hpp"

#include <gtest/gtest.h>

#include "timeless/error.hpp"

using namespace timeless;
using namespace timeless::server;

namespace {

constexpr int64_t now = 1'700'000'000'000;

request_params params(std::string_view q) {
  request_params p;
  EXPECT_FALSE(p.parse(q));
  return p;
}

} // namespace

TEST(series_params, match_selectors_and_times) {
  auto r = parse_series_request(
      params("match[]=cpu%7Bhost%3D~%22a.*%22%7D&match[]=mem&start=1700000000"
             "&end=2024-01-02T03:04:05Z"),
      now, true);
  ASSERT_TRUE(r) << describe(r.error());
  ASSERT_EQ(r->selectors.size(), 2u);
  EXPECT_EQ(r->selectors[0].metric, "cpu");
  ASSERT_EQ(r->selectors[0].matchers.size(), 1u);
  EXPECT_EQ(r->selectors[0].matchers[0].op, match_op::re);
  EXPECT_EQ(r->from, 1'700'000'000'000);
  EXPECT_EQ(r->to, 1'704'164'645'000);
}

TEST(series_params, match_without_times_is_unbounded) {
  auto r = parse_series_request(params("match[]=cpu"), now, true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->from, INT64_MIN);
  EXPECT_EQ(r->to, INT64_MAX);
}

TEST(series_params, fractional_seconds) {
  auto r = parse_series_request(params("match[]=cpu&start=1700000000.25"), now,
                                true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->from, 1'700'000'000'250);
}

TEST(series_params, original_form) {
  auto r = parse_series_request(
      params("metric=cpu&host=web-1&dc=us&from=-2h&step=60"), now, true);
  ASSERT_TRUE(r) << describe(r.error());
  ASSERT_EQ(r->selectors.size(), 1u);
  auto& sel = r->selectors[0];
  EXPECT_EQ(sel.metric, "cpu");
  ASSERT_EQ(sel.matchers.size(), 2u);
  EXPECT_EQ(sel.matchers[0], (label_matcher{"host", match_op::eq, "web-1"}));
  EXPECT_EQ(sel.matchers[1], (label_matcher{"dc", match_op::eq, "us"}));
  EXPECT_EQ(r->from, now - 2 * 3600 * 1000);
  EXPECT_EQ(r->to, now);
}

TEST(series_params, original_form_defaults_to_the_last_hour) {
  auto r = parse_series_request(params("metric=cpu"), now, true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->from, now - 3600 * 1000);
  EXPECT_EQ(r->to, now);
}

TEST(series_params, errors_name_the_parameter) {
  auto msg = [](std::string_view q, bool required = true) {
    auto r = parse_series_request(params(q), now, required);
    EXPECT_FALSE(r) << q;
    return r ? std::string{} : describe(r.error());
  };
  EXPECT_NE(msg("").find("missing match[] or metric"), std::string::npos);
  EXPECT_NE(msg("match[]=cpu{").find("bad match[] selector"),
            std::string::npos);
  EXPECT_NE(msg("match[]=cpu&start=yesterday").find("bad start"),
            std::string::npos);
  EXPECT_NE(msg("match[]=cpu&end=12345678901").find("bad end"),
            std::string::npos);
  EXPECT_NE(msg("match[]=cpu&start=2000&end=1000").find("after"),
            std::string::npos);
  EXPECT_NE(msg("metric=").find("empty metric"), std::string::npos);
  auto none = parse_series_request(params(""), now, false);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->selectors.empty());
}
