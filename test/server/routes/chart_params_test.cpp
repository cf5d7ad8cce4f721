#include "server/routes/chart_params.hpp"

#include <gtest/gtest.h>

#include "formats/error_text.hpp"
#include "timeless/error.hpp"

using namespace timeless;
using namespace timeless::server;

namespace {

constexpr int64_t now = 1'700'000'000'000;
constexpr int64_t sec = 1000;
constexpr int64_t minute = 60 * sec;
constexpr int64_t hour = 60 * minute;
constexpr int64_t day = 24 * hour;

request_params params(std::string_view q) {
  request_params p;
  EXPECT_FALSE(p.parse(q));
  return p;
}

/// The error text of parsing `q`, or "ok".
std::string error_of(std::string_view q) {
  auto r = parse_chart_request(params(q), now);
  return r ? "ok" : formats::error_text(r.error());
}

bool mentions(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

TEST(chart_params, defaults) {
  auto r = parse_chart_request(params("metric=cpu"), now);
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_EQ(r->sel.metric, "cpu");
  EXPECT_TRUE(r->sel.matchers.empty());
  EXPECT_EQ(r->from, now - hour);
  EXPECT_EQ(r->to, now);
  EXPECT_EQ(r->step, 30 * sec); // 18 s rounded up
  EXPECT_EQ(r->fn, aggregate_fn::avg);
  EXPECT_EQ(r->opts.width, 800);
  EXPECT_EQ(r->opts.height, 300);
  EXPECT_EQ(r->opts.theme, chart::theme::automatic);
  EXPECT_EQ(r->opts.label_key, "");
  EXPECT_EQ(r->opts.note, "");
}

TEST(chart_params, metric_is_required) {
  EXPECT_EQ(error_of(""), "missing required parameter: metric");
  EXPECT_EQ(error_of("host=a"), "missing required parameter: metric");
  EXPECT_TRUE(mentions(error_of("metric="), "empty metric"));
}

TEST(chart_params, other_parameters_are_equality_label_filters) {
  auto r = parse_chart_request(
      params("metric=cpu&host=a&from=-2h&dc=&step=60&width=400&theme=dark"),
      now);
  ASSERT_TRUE(r) << describe(r.error());
  ASSERT_EQ(r->sel.matchers.size(), 2u);
  EXPECT_EQ(r->sel.matchers[0], (label_matcher{"host", match_op::eq, "a"}));
  EXPECT_EQ(r->sel.matchers[1], (label_matcher{"dc", match_op::eq, ""}));
}

TEST(chart_params, underscore_parameters_are_reserved) {
  // The dashboard's cache-buster: the original made it a label filter.
  auto r = parse_chart_request(
      params("metric=cpu&_t=1700000000123&_=1&__name__=x&host=a"), now);
  ASSERT_TRUE(r) << describe(r.error());
  ASSERT_EQ(r->sel.matchers.size(), 1u);
  EXPECT_EQ(r->sel.matchers[0].name, "host");
  EXPECT_TRUE(is_chart_reserved("_t"));
  EXPECT_TRUE(is_chart_reserved("_"));
  EXPECT_TRUE(is_chart_reserved("label_key"));
  EXPECT_FALSE(is_chart_reserved("t_"));
  EXPECT_FALSE(is_chart_reserved("host"));
}

TEST(chart_params, times) {
  auto r = parse_chart_request(
      params("metric=cpu&from=-6h&start=1600000000&to=now-1h&end=1600003600"),
      now);
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_EQ(r->from, 1'600'000'000'000); // start wins over from
  EXPECT_EQ(r->to, 1'600'003'600'000);   // end wins over to
  r = parse_chart_request(params("metric=cpu&from=-6h&to=now-1h"), now);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->from, now - 6 * hour);
  EXPECT_EQ(r->to, now - hour);
  EXPECT_TRUE(mentions(error_of("metric=cpu&from=yesterday"), "bad from"));
  EXPECT_TRUE(mentions(error_of("metric=cpu&end=x"), "bad end"));
  EXPECT_TRUE(mentions(error_of("metric=cpu&from=-1h&to=-2h"),
                       "start is after its end"));
  EXPECT_EQ(error_of("metric=cpu&from=now&to=now"), "ok");
}

TEST(chart_params, step) {
  auto r = parse_chart_request(params("metric=cpu&step=60"), now);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->step, minute);
  r = parse_chart_request(params("metric=cpu&step=5m"), now);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->step, 5 * minute);
  EXPECT_TRUE(mentions(error_of("metric=cpu&step=0"), "bad step"));
  EXPECT_TRUE(mentions(error_of("metric=cpu&step=abc"), "bad step"));
  EXPECT_TRUE(mentions(error_of("metric=cpu&step=-5"), "bad step"));
}

TEST(chart_params, at_most_11000_buckets) {
  // 10,999 steps of 1 s: fine; 11,000: refused.
  EXPECT_EQ(error_of("metric=cpu&from=1600000000&to=1600010999&step=1s"), "ok");
  auto err = error_of("metric=cpu&from=1600000000&to=1600011000&step=1s");
  EXPECT_TRUE(mentions(err, "bad step")) << err;
  EXPECT_TRUE(mentions(err, "11000")) << err;
  // The whole int64 range with the default step does not overflow.
  EXPECT_EQ(error_of("metric=cpu&from=0&to=9999999999999"), "ok");
}

TEST(default_chart_step, rounds_up_to_a_nice_step) {
  EXPECT_EQ(default_chart_step(0), sec);
  EXPECT_EQ(default_chart_step(200 * sec), sec);
  EXPECT_EQ(default_chart_step(200 * sec + 1), 2 * sec);
  EXPECT_EQ(default_chart_step(hour), 30 * sec);
  EXPECT_EQ(default_chart_step(day), 10 * minute);   // 7.2 min
  EXPECT_EQ(default_chart_step(30 * day), 6 * hour); // 3.6 h
  EXPECT_EQ(default_chart_step(200 * day), day);
  EXPECT_EQ(default_chart_step(400 * day), 2 * day);
  EXPECT_GT(default_chart_step(UINT64_MAX), 0);
}

TEST(chart_params, sizes_are_bounded) {
  EXPECT_EQ(error_of("metric=cpu&width=100&height=4000"), "ok");
  for (auto q : {"width=99", "width=4001", "width=abc", "width=800px",
                 "width=", "width=-800", "width=99999999999999999999"}) {
    auto err = error_of(std::string{"metric=cpu&"} + q);
    EXPECT_TRUE(mentions(err, "bad width")) << q << ": " << err;
    EXPECT_TRUE(mentions(err, "100 to 4000")) << err;
  }
  EXPECT_TRUE(mentions(error_of("metric=cpu&height=50"), "bad height"));
}

TEST(chart_params, theme_aggregate_and_label_key) {
  auto r = parse_chart_request(
      params("metric=cpu&theme=light&aggregate=max&label_key=dc"), now);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->opts.theme, chart::theme::light);
  EXPECT_EQ(r->fn, aggregate_fn::max);
  EXPECT_EQ(r->opts.label_key, "dc");
  EXPECT_TRUE(r->sel.matchers.empty());
  EXPECT_TRUE(mentions(error_of("metric=cpu&theme=purple"), "bad theme"));
  EXPECT_TRUE(
      mentions(error_of("metric=cpu&aggregate=median"), "bad aggregate"));
}
