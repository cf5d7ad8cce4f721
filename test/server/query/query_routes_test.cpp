// End to end: data imported through /api/v1/import, queried through
// /api/v1/query and /api/v1/query_range. Expected values are worked out
// by hand from the data below.

#include <cctype>
#include <cstdio>
#include <string>

#include "test/server/server_fixture.hpp"

using namespace timeless;
using namespace timeless::server;
using test_http::http::field;
using test_http::http::status;

namespace {

// T0 = 1700000000 s = 2023-11-14T22:13:20Z. Every series has a point every
// 60 s from T0 to T0 + 600 s (11 points):
// - http_requests_total{job="api",instance="a"}: counter, +1/s (0..600)
// - http_requests_total{job="api",instance="b"}: +2/s (0..1200)
// - http_requests_total{job="web",instance="c"}: +4/s (0..2400)
// - capacity{instance="a"} = 10, capacity{instance="b"} = 40
std::string import_body() {
  struct def {
    const char* metric;
    const char* labels;
    double slope;
    double constant;
  };
  const def defs[] = {
      {"http_requests_total", R"("job":"api","instance":"a")", 1, 0},
      {"http_requests_total", R"("job":"api","instance":"b")", 2, 0},
      {"http_requests_total", R"("job":"web","instance":"c")", 4, 0},
      {"capacity", R"("instance":"a")", 0, 10},
      {"capacity", R"("instance":"b")", 0, 40},
  };
  std::string body;
  for (auto& d : defs) {
    std::string values;
    std::string ts;
    for (int i = 0; i <= 10; ++i) {
      if (i != 0) {
        values += ',';
        ts += ',';
      }
      values +=
          std::to_string(static_cast<int64_t>(d.slope * 60 * i + d.constant));
      ts += std::to_string(1700000000000 + i * 60000);
    }
    body += std::string{R"({"metric":{"__name__":")"} + d.metric + "\"," +
            d.labels + R"(},"values":[)" + values + R"(],"timestamps":[)" + ts +
            "]}\n";
  }
  return body;
}

std::string ok(std::string_view data) {
  return "{\"status\":\"success\",\"data\":" + std::string{data} + "}\n";
}

class query_routes : public server_fixture {
 protected:
  void SetUp() override {
    server_fixture::SetUp();
    auto res = post("/api/v1/import", import_body());
    ASSERT_EQ(res.result(), status::no_content) << res.body();
  }

  test_http::response instant(std::string_view q, std::string_view time) {
    return get("/api/v1/query?query=" + test_http::url_encode(q) +
               "&time=" + test_http::url_encode(time));
  }

  test_http::response range(std::string_view q, std::string_view start,
                            std::string_view end, std::string_view step) {
    return get("/api/v1/query_range?query=" + test_http::url_encode(q) +
               "&start=" + test_http::url_encode(start) +
               "&end=" + test_http::url_encode(end) +
               "&step=" + test_http::url_encode(step));
  }
};

const test_http::headers form = {
    {field::content_type, "application/x-www-form-urlencoded"}};

} // namespace

TEST_F(query_routes, instant_selector) {
  auto res = instant("capacity", "1700000600");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(res[field::content_type], "application/json");
  EXPECT_EQ(res.body(),
            ok(R"({"resultType":"vector","result":[)"
               R"({"metric":{"__name__":"capacity","instance":"a"},)"
               R"("value":[1700000600,"10"]},)"
               R"({"metric":{"__name__":"capacity","instance":"b"},)"
               R"("value":[1700000600,"40"]}]})"));
  // RFC 3339 time, POST form, and the /prometheus prefix give the same.
  EXPECT_EQ(instant("capacity", "2023-11-14T22:23:20Z").body(), res.body());
  EXPECT_EQ(
      post("/prometheus/api/v1/query", "query=capacity&time=1700000600", form)
          .body(),
      res.body());
}

TEST_F(query_routes, instant_selector_lookback) {
  // 30.25 s after the last point: still found (5 m lookback), written at
  // the evaluation time, not the point's.
  auto res = instant("capacity{instance=\"b\"}", "1700000630.25");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(res.body(),
            ok(R"({"resultType":"vector","result":[)"
               R"({"metric":{"__name__":"capacity","instance":"b"},)"
               R"("value":[1700000630.250,"40"]}]})"));
  // More than 5 m after the last point: nothing.
  res = instant("capacity", "1700000901");
  EXPECT_EQ(res.body(), ok(R"({"resultType":"vector","result":[]})"));
}

TEST_F(query_routes, scalar_and_string) {
  EXPECT_EQ(instant("1 + 1", "1700000600.5").body(),
            ok(R"({"resultType":"scalar","result":[1700000600.5,"2"]})"));
  EXPECT_EQ(instant("\"hi\"", "1700000600").body(),
            ok(R"({"resultType":"string","result":[1700000600,"hi"]})"));
  EXPECT_EQ(instant("1/0", "1700000600").body(),
            ok(R"({"resultType":"scalar","result":[1700000600,"+Inf"]})"));
}

TEST_F(query_routes, rate) {
  // Window [T0+300, T0+600] holds 6 points spanning exactly 300 s: rate =
  // increase / 300 s with no extrapolation.
  auto res = instant("rate(http_requests_total[5m])", "1700000600");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(res.body(), ok(R"({"resultType":"vector","result":[)"
                           R"({"metric":{"instance":"a","job":"api"},)"
                           R"("value":[1700000600,"1"]},)"
                           R"({"metric":{"instance":"b","job":"api"},)"
                           R"("value":[1700000600,"2"]},)"
                           R"({"metric":{"instance":"c","job":"web"},)"
                           R"("value":[1700000600,"4"]}]})"));
}

TEST_F(query_routes, sum_by_job) {
  auto res =
      instant("sum by (job) (rate(http_requests_total[5m]))", "1700000600");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  // api: 1 + 2, web: 4.
  auto& b = res.body();
  EXPECT_NE(b.find(R"({"metric":{"job":"api"},"value":[1700000600,"3"]})"),
            std::string::npos)
      << b;
  EXPECT_NE(b.find(R"({"metric":{"job":"web"},"value":[1700000600,"4"]})"),
            std::string::npos)
      << b;
  EXPECT_EQ(b.find("instance"), std::string::npos) << b;
}

TEST_F(query_routes, binary_op_with_matching) {
  // a: 600 / 10; b: 1200 / 40; c has no capacity and drops out. With on()
  // one-to-one the result keeps only the matching labels.
  auto res =
      instant("http_requests_total / on(instance) capacity", "1700000600");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(res.body(),
            ok(R"({"resultType":"vector","result":[)"
               R"({"metric":{"instance":"a"},"value":[1700000600,"60"]},)"
               R"({"metric":{"instance":"b"},"value":[1700000600,"30"]}]})"));
}

TEST_F(query_routes, selector_without_metric_name) {
  auto res = instant("{job=\"web\"}", "1700000600");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(res.body(), ok(R"({"resultType":"vector","result":[)"
                           R"({"metric":{"__name__":"http_requests_total",)"
                           R"("instance":"c","job":"web"},)"
                           R"("value":[1700000600,"2400"]}]})"));
  // A label both metrics have: series of both.
  res = instant("count({instance=\"a\"})", "1700000600");
  EXPECT_EQ(res.body(), ok(R"({"resultType":"vector","result":[)"
                           R"({"metric":{},"value":[1700000600,"2"]}]})"));
}

TEST_F(query_routes, name_regex) {
  auto res = instant("{__name__=~\"capa.*\"}", "1700000000");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(res.body(),
            ok(R"({"resultType":"vector","result":[)"
               R"({"metric":{"__name__":"capacity","instance":"a"},)"
               R"("value":[1700000000,"10"]},)"
               R"({"metric":{"__name__":"capacity","instance":"b"},)"
               R"("value":[1700000000,"40"]}]})"));
  // Anchored: "capa" alone matches no name.
  res = instant("{__name__=~\"capa\"}", "1700000000");
  EXPECT_EQ(res.body(), ok(R"({"resultType":"vector","result":[]})"));
  // Several names, with a label matcher and a negative name matcher.
  res = instant("count({__name__=~\".+\",instance=\"b\","
                "__name__!=\"capacity\"})",
                "1700000000");
  EXPECT_EQ(res.body(), ok(R"({"resultType":"vector","result":[)"
                           R"({"metric":{},"value":[1700000000,"1"]}]})"));
}

TEST_F(query_routes, offset_and_subquery) {
  // Values at T0+300: 300 + 600 + 1200.
  auto res = get("/api/v1/query?query=" +
                 test_http::url_encode("sum(http_requests_total offset 5m)") +
                 "&time=1700000600&timeout=30s");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(res.body(), ok(R"({"resultType":"vector","result":[)"
                           R"({"metric":{},"value":[1700000600,"2100"]}]})"));
  // The inner rate over 2 m is 2 at every 1 m step of the subquery, whose
  // windows reach back to T0+240; the prefetch must cover them.
  res = instant("max_over_time(rate(http_requests_total{instance=\"b\"}"
                "[2m])[4m:1m])",
                "1700000600");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(res.body(), ok(R"({"resultType":"vector","result":[)"
                           R"({"metric":{"instance":"b","job":"api"},)"
                           R"("value":[1700000600,"2"]}]})"));
}

TEST_F(query_routes, range_query_steps_from_start) {
  // Steps at start + k * step up to end, not aligned to the step
  // (Prometheus does not align): T0+30, +150, +270, +390, +510 (+630 is
  // past end). Each takes the latest point at or before it.
  auto res = range("http_requests_total{instance=\"a\"}", "1700000030",
                   "1700000600", "120");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(res.body(),
            ok(R"({"resultType":"matrix","result":[)"
               R"({"metric":{"__name__":"http_requests_total",)"
               R"("instance":"a","job":"api"},"values":[)"
               R"([1700000030,"0"],[1700000150,"120"],[1700000270,"240"],)"
               R"([1700000390,"360"],[1700000510,"480"]]}]})"));
}

TEST_F(query_routes, range_query_of_scalar) {
  auto res = range("2 * 3", "1700000000", "1700000001.5", "0.5");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(res.body(),
            ok(R"({"resultType":"matrix","result":[{"metric":{},"values":[)"
               R"([1700000000,"6"],[1700000000.500,"6"],[1700000001,"6"],)"
               R"([1700000001.500,"6"]]}]})"));
}

TEST_F(query_routes, parse_error_is_400) {
  auto res = instant("sum(", "1700000000");
  EXPECT_EQ(res.result(), status::bad_request);
  auto& b = res.body();
  EXPECT_EQ(b.find(R"({"status":"error","errorType":"bad_data","error":)"
                   R"("invalid parameter \"query\": 1:)"),
            0u)
      << b;
  EXPECT_NE(b.find("parse error"), std::string::npos) << b;
  // A type error is a parse error too (Prometheus' wording).
  res = instant("rate(capacity)", "1700000000");
  EXPECT_EQ(res.result(), status::bad_request);
  EXPECT_NE(res.body().find("expected type range vector in call to "
                            "function \\\"rate\\\", got instant vector"),
            std::string::npos)
      << res.body();
}

TEST_F(query_routes, range_query_of_range_vector_is_400) {
  auto res = range("capacity[5m]", "1700000000", "1700000600", "60");
  EXPECT_EQ(res.result(), status::bad_request);
  EXPECT_NE(res.body().find("invalid expression type \\\"range vector\\\" "
                            "for range query, must be Scalar or instant "
                            "Vector"),
            std::string::npos)
      << res.body();
}

TEST_F(query_routes, many_to_many_is_422) {
  auto res = instant("http_requests_total + on(job) http_requests_total",
                     "1700000600");
  EXPECT_EQ(res.result(), status::unprocessable_entity);
  auto& b = res.body();
  EXPECT_EQ(b.find(R"({"status":"error","errorType":"execution","error":)"), 0u)
      << b;
  EXPECT_NE(b.find("many-to-many matching not allowed"), std::string::npos)
      << b;
}

TEST_F(query_routes, over_points_limit_is_400) {
  auto res = range("capacity", "0", "1700000000", "1");
  EXPECT_EQ(res.result(), status::bad_request);
  EXPECT_EQ(res.body(),
            "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":"
            "\"exceeded maximum resolution of 11,000 points per timeseries. "
            "Try decreasing the query resolution (?step=XX)\"}\n");
}

TEST_F(query_routes, missing_query_is_400) {
  auto res = get("/api/v1/query_range?start=0&end=10&step=1");
  EXPECT_EQ(res.result(), status::bad_request);
  EXPECT_EQ(res.body(), "{\"status\":\"error\",\"errorType\":\"bad_data\","
                        "\"error\":\"missing required parameter: query\"}\n");
}

TEST_F(query_routes, original_query_range_form) {
  // max_over_time(capacity{instance="a"}[300s]) at T0, T0+300, T0+600.
  auto res = get("/api/v1/query_range?metric=capacity&instance=a&from="
                 "1700000000&to=1700000600&step=300&aggregate=max");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(res.body(),
            ok(R"({"resultType":"matrix","result":[)"
               R"({"metric":{"instance":"a"},"values":[)"
               R"([1700000000,"10"],[1700000300,"10"],[1700000600,"10"]]}]})"));
}

TEST_F(query_routes, grafana_sequence) {
  auto res = get("/api/v1/labels");
  ASSERT_EQ(res.result(), status::ok);
  EXPECT_EQ(res.body(), ok(R"(["__name__","instance","job"])"));
  res = get("/api/v1/series?match[]=http_requests_total&start=" +
            test_http::url_encode("2023-11-14T22:13:20Z") +
            "&end=" + test_http::url_encode("2023-11-14T22:23:20Z"));
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_NE(res.body().find(R"({"__name__":"http_requests_total",)"
                            R"("instance":"c","job":"web"})"),
            std::string::npos)
      << res.body();
  // At each step t in T0+300 .. T0+600 the 5 m window holds 6 points 300 s
  // apart: rates 1 + 2 + 4 = 7.
  auto q = "sum(rate(http_requests_total[5m]))";
  auto a = range(q, "1700000300", "1700000600", "60s");
  auto b = range(q, "1700000300", "1700000600", "60");
  ASSERT_EQ(a.result(), status::ok) << a.body();
  EXPECT_EQ(a.body(),
            ok(R"({"resultType":"matrix","result":[{"metric":{},"values":[)"
               R"([1700000300,"7"],[1700000360,"7"],[1700000420,"7"],)"
               R"([1700000480,"7"],[1700000540,"7"],[1700000600,"7"]]}]})"));
  EXPECT_EQ(b.body(), a.body());
  // Grafana POSTs a form to the /prometheus prefix with RFC 3339 times.
  auto c = post("/prometheus/api/v1/query_range",
                "query=" + test_http::url_encode(q) +
                    "&start=" + test_http::url_encode("2023-11-14T22:18:20Z") +
                    "&end=" + test_http::url_encode("2023-11-14T22:23:20Z") +
                    "&step=1m",
                form);
  EXPECT_EQ(c.body(), a.body());
}

class query_limits : public query_routes {
 protected:
  void SetUp() override {
    auto o = test_options();
    o.query_max_samples = 15;
    start(o);
    auto res = post("/api/v1/import", import_body());
    ASSERT_EQ(res.result(), status::no_content) << res.body();
  }
};

TEST_F(query_limits, too_many_samples_is_422) {
  // capacity over 5 m: 2 series x 6 points = 12 <= 15.
  auto res = instant("capacity[5m]", "1700000600");
  EXPECT_EQ(res.result(), status::ok) << res.body();
  // All three counters over 5 m: 18 points fetched > 15.
  res = instant("http_requests_total[5m]", "1700000600");
  EXPECT_EQ(res.result(), status::unprocessable_entity);
  EXPECT_EQ(res.body(),
            "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":"
            "\"query processing would load too many samples into memory in "
            "series fetch\"}\n");
}

namespace {

class query_series_limit : public server_fixture {
 protected:
  void SetUp() override {
    auto o = test_options();
    o.max_series_per_query = 2;
    start(o);
    ASSERT_TRUE(store_->write(std::vector<sample>{
        {"cpu", {{"host", "a"}}, 1'700'000'000'000, 1},
        {"cpu", {{"host", "b"}}, 1'700'000'000'000, 2},
        {"cpu", {{"host", "c"}}, 1'700'000'000'000, 3},
    }));
  }
};

} // namespace

TEST_F(query_series_limit, past_the_limit_is_422_naming_the_flag) {
  auto ok = get("/api/v1/query?query=sum(cpu%7Bhost!%3D%22c%22%7D)&time="
                "1700000000");
  EXPECT_EQ(ok.result(), status::ok) << ok.body();
  auto res = get("/api/v1/query?query=sum(cpu)&time=1700000000");
  EXPECT_EQ(res.result(), status::unprocessable_entity) << res.body();
  EXPECT_NE(res.body().find("more than 2 series (--max-series-per-query)"),
            std::string::npos)
      << res.body();
}
