#include "server/query/query_params.hpp"

#include <gtest/gtest.h>

#include "formats/error_text.hpp"

using namespace timeless;
using namespace timeless::server;

namespace {

constexpr int64_t now = 1700000000000;

request_params params(std::string_view text) {
  request_params p;
  EXPECT_FALSE(p.parse(text));
  return p;
}

std::string error_of(std::string_view text, bool range) {
  auto q = parse_query_request(params(text), range, now);
  if (q)
    return "ok";
  return formats::error_text(q.error());
}

} // namespace

TEST(query_params, times) {
  EXPECT_EQ(*parse_prom_time("1700000000", now), 1700000000000);
  EXPECT_EQ(*parse_prom_time("1700000000.5", now), 1700000000500);
  EXPECT_EQ(*parse_prom_time("1700000000.0004", now), 1700000000000);
  EXPECT_EQ(*parse_prom_time("1.7e9", now), 1700000000000);
  EXPECT_EQ(*parse_prom_time("-1.5", now), -1500);
  EXPECT_EQ(*parse_prom_time("2023-11-14T22:13:20Z", now), 1700000000000);
  EXPECT_EQ(*parse_prom_time("2023-11-14T22:13:20.25+00:00", now),
            1700000000250);
  // 13 digits are seconds, as in Prometheus (not milliseconds).
  EXPECT_EQ(*parse_prom_time("1700000000000", now), 1700000000000000);
  EXPECT_EQ(*parse_prom_time("now-1h", now), now - 3600000);
}

TEST(query_params, bad_times) {
  for (auto text : {"", "x", "NaN", "Inf", "1e300", "2023-13-01T00:00:00Z"}) {
    auto t = parse_prom_time(text, now);
    ASSERT_FALSE(t) << text;
    EXPECT_EQ(formats::error_text(t.error()), "cannot parse \"" +
                                                  std::string{text} +
                                                  "\" to a valid timestamp");
  }
}

TEST(query_params, durations) {
  EXPECT_EQ(*parse_prom_duration("60"), 60000);
  EXPECT_EQ(*parse_prom_duration("0.5"), 500);
  EXPECT_EQ(*parse_prom_duration("60s"), 60000);
  EXPECT_EQ(*parse_prom_duration("1m"), 60000);
  EXPECT_EQ(*parse_prom_duration("1h30m"), 5400000);
  EXPECT_EQ(*parse_prom_duration("-5"), -5000);
  EXPECT_EQ(formats::error_text(parse_prom_duration("1e10").error()),
            "cannot parse \"1e10\" to a valid duration. It overflows int64");
  EXPECT_EQ(formats::error_text(parse_prom_duration("5x").error()),
            "cannot parse \"5x\" to a valid duration");
}

TEST(query_params, instant) {
  auto q =
      parse_query_request(params("query=up&time=1700000001.5"), false, now);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->query, "up");
  EXPECT_FALSE(q->range);
  EXPECT_EQ(q->start_ms, 1700000001500);
  EXPECT_EQ(q->end_ms, 1700000001500);
  EXPECT_EQ(q->step_ms, 0);
  EXPECT_EQ(q->timeout.count(), 0);
  q = parse_query_request(params("query=up&timeout=30s"), false, now);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->start_ms, now);
  EXPECT_EQ(q->timeout.count(), 30000);
}

TEST(query_params, instant_errors) {
  EXPECT_EQ(error_of("query=up&time=x", false),
            "invalid parameter \"time\": cannot parse \"x\" to a valid "
            "timestamp");
  EXPECT_EQ(error_of("query=up&timeout=x", false),
            "invalid parameter \"timeout\": cannot parse \"x\" to a valid "
            "duration");
  EXPECT_EQ(error_of("query=up&timeout=0", false),
            "invalid parameter \"timeout\": timeout must be positive");
  EXPECT_EQ(error_of("metric=cpu", false).substr(0, 33),
            "missing required parameter: query");
}

TEST(query_params, range) {
  auto q = parse_query_request(
      params("query=up&start=1700000000&end=1700000600&step=60s"), true, now);
  ASSERT_TRUE(q);
  EXPECT_TRUE(q->range);
  EXPECT_EQ(q->start_ms, 1700000000000);
  EXPECT_EQ(q->end_ms, 1700000600000);
  EXPECT_EQ(q->step_ms, 60000);
  q = parse_query_request(params("query=up"), true, now);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->end_ms, now);
  EXPECT_EQ(q->start_ms, now - 3600000);
  EXPECT_EQ(q->step_ms, 60000);
}

TEST(query_params, range_errors) {
  EXPECT_EQ(error_of("query=up&start=10&end=5&step=1", true),
            "invalid parameter \"end\": end timestamp must not be before "
            "start time");
  EXPECT_EQ(error_of("query=up&start=0&end=5&step=0", true),
            "invalid parameter \"step\": zero or negative query resolution "
            "step widths are not accepted. Try a positive integer");
  EXPECT_EQ(error_of("query=up&start=0&end=5&step=-1", true),
            "invalid parameter \"step\": zero or negative query resolution "
            "step widths are not accepted. Try a positive integer");
  EXPECT_EQ(error_of("query=up&start=x&end=5&step=1", true),
            "invalid parameter \"start\": cannot parse \"x\" to a valid "
            "timestamp");
  EXPECT_EQ(error_of("start=0&end=5&step=1", true),
            "missing required parameter: query");
}

TEST(query_params, points_limit_boundary) {
  // (end - start) / step = 11000 is allowed, 11001 is not.
  EXPECT_EQ(error_of("query=up&start=0&end=11000&step=1", true), "ok");
  EXPECT_EQ(error_of("query=up&start=0&end=11001&step=1", true),
            "exceeded maximum resolution of 11,000 points per timeseries. "
            "Try decreasing the query resolution (?step=XX)");
  // Integer division, as Go's Duration division: 11001.999 s / 1 s = 11001.
  EXPECT_EQ(error_of("query=up&start=0&end=11000.999&step=1", true), "ok");
}

TEST(query_params, original_form) {
  auto q = parse_query_request(
      params("metric=cpu&host=a&from=1700000000&to=1700000600&step=300&"
             "aggregate=max"),
      true, now);
  ASSERT_TRUE(q) << formats::error_text(q.error());
  EXPECT_EQ(q->query, "max_over_time(cpu{host=\"a\"}[300s])");
  EXPECT_EQ(q->start_ms, 1700000000000);
  EXPECT_EQ(q->end_ms, 1700000600000);
  EXPECT_EQ(q->step_ms, 300000);
  q = parse_query_request(params("metric=cpu&aggregate=rate&from=-90"), true,
                          now);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->query, "rate(cpu{}[60s])");
  EXPECT_EQ(q->start_ms, now - 90000);
  EXPECT_EQ(q->end_ms, now);
  q = parse_query_request(params("metric=a.b&step=1.5"), true, now);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->query, "avg_over_time({__name__=\"a.b\"}[1500ms])");
  EXPECT_EQ(q->start_ms, now - 3600000);
}

TEST(query_params, original_form_errors) {
  EXPECT_EQ(error_of("metric=cpu&aggregate=first", true),
            "aggregate=first has no PromQL equivalent; give a query "
            "parameter instead");
  EXPECT_EQ(error_of("metric=cpu&aggregate=median", true),
            "unknown aggregate 'median' (avg, min, max, sum, count, last or "
            "rate)");
  EXPECT_EQ(error_of("metric=cpu&a-b=1", true), "bad label filter name 'a-b'");
  EXPECT_EQ(error_of("metric=cpu&from=yesterday", true).substr(0, 26),
            "invalid parameter \"from\": ");
}
