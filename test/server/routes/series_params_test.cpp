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
  EXPECT_FALSE(r->ranged);
  r = parse_series_request(params("match[]=cpu&end=5"), now, true);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->ranged);
  EXPECT_EQ(r->from, INT64_MIN);
  EXPECT_EQ(r->to, 5000);
}

TEST(series_params, selectors_without_a_metric_name) {
  auto r = parse_series_request(
      params("match[]=%7Bjob%3D%22x%22%7D&match[]=%7B__name__%3D~%22c.*%22,"
             "__name__!%3D%22cx%22%7D&match[]=%7B__name__%3D%22m%22%7D"),
      now, true);
  ASSERT_TRUE(r) << describe(r.error());
  ASSERT_EQ(r->selectors.size(), 3u);
  EXPECT_EQ(r->selectors[0].metric, "");
  EXPECT_TRUE(r->selectors[0].name_matchers.empty());
  ASSERT_EQ(r->selectors[0].matchers.size(), 1u);
  EXPECT_EQ(r->selectors[0].matchers[0],
            (label_matcher{"job", match_op::eq, "x"}));
  EXPECT_EQ(r->selectors[1].metric, "");
  EXPECT_EQ(r->selectors[1].name_matchers.size(), 2u);
  EXPECT_TRUE(r->selectors[1].matchers.empty());
  EXPECT_EQ(r->selectors[2].metric, "m");
  EXPECT_TRUE(needs_metric_names(r->selectors));
  std::vector<std::string> names = {"c", "cpu", "cx", "m", "xc"};
  auto sels = expand_selectors(r->selectors, names);
  // {job="x"}: every metric; {__name__=~"c.*",__name__!="cx"}: c and cpu
  // (anchored, so not xc); {__name__="m"}: m.
  std::vector<std::string> got;
  for (auto& s : sels)
    got.push_back(to_string(s));
  EXPECT_EQ(got, (std::vector<std::string>{"c{job=\"x\"}", "cpu{job=\"x\"}",
                                           "cx{job=\"x\"}", "m{job=\"x\"}",
                                           "xc{job=\"x\"}", "c", "cpu", "m"}));
}

TEST(series_params, a_named_metric_still_meets_its_name_matchers) {
  auto r = parse_series_request(
      params("match[]=%7B__name__%3D%22cpu%22,__name__!~%22c.*%22%7D"
             "&match[]=%7B__name__%3D%22%22"
             ",x%3D%22y%22%7D"),
      now, true);
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_FALSE(needs_metric_names({r->selectors[0]}));
  EXPECT_TRUE(expand_selectors(r->selectors, {"cpu", "mem"}).empty());
}

TEST(series_params, match_must_be_a_plain_selector) {
  for (auto q : {"match[]=%7B%7D", "match[]=%7Bx%3D%22%22%7D",
                 "match[]=%7Bx%3D~%22.*%22%7D", "match[]=cpu%5B1m%5D",
                 "match[]=cpu%20offset%205m", "match[]=sum(cpu)",
                 "match[]=cpu%20%40%2010", "match[]=1",
                 "match[]=cpu%7B__name__!~%22c.*%22%7D"}) {
    auto r = parse_series_request(params(q), now, true);
    ASSERT_FALSE(r) << q;
    EXPECT_NE(describe(r.error()).find("bad match[] selector"),
              std::string::npos)
        << describe(r.error());
  }
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
