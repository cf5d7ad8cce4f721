#include "test/server/server_fixture.hpp"

using namespace timeless;
using namespace timeless::server;
using test_http::http::field;
using test_http::http::status;

namespace {

class labels_route : public server_fixture {
 protected:
  void SetUp() override {
    server_fixture::SetUp();
    ASSERT_TRUE(store_->write(std::vector<sample>{
        {"cpu", {{"host", "a"}, {"dc", "eu"}}, 1000, 1},
        {"cpu", {{"host", "b"}}, 1000, 1},
        {"mem", {{"host", "c"}, {"kind", "rss"}}, 1000, 1},
    }));
  }
};

const test_http::headers form = {
    {field::content_type, "application/x-www-form-urlencoded"}};

} // namespace

TEST_F(labels_route, label_names) {
  auto res = get("/api/v1/labels");
  ASSERT_EQ(res.result(), status::ok);
  EXPECT_EQ(res.body(), "{\"status\":\"success\",\"data\":[\"__name__\","
                        "\"dc\",\"host\",\"kind\"]}\n");
  res = get("/prometheus/api/v1/labels?match[]=cpu");
  EXPECT_EQ(res.body(), "{\"status\":\"success\",\"data\":[\"__name__\","
                        "\"dc\",\"host\"]}\n");
  res = post("/api/v1/labels", "match[]=mem", form);
  EXPECT_EQ(res.body(), "{\"status\":\"success\",\"data\":[\"__name__\","
                        "\"host\",\"kind\"]}\n");
}

TEST_F(labels_route, label_values) {
  EXPECT_EQ(get("/api/v1/label/host/values").body(),
            "{\"status\":\"success\",\"data\":[\"a\",\"b\",\"c\"]}\n");
  EXPECT_EQ(get("/api/v1/label/__name__/values").body(),
            "{\"status\":\"success\",\"data\":[\"cpu\",\"mem\"]}\n");
  EXPECT_EQ(get("/api/v1/label/host/values?match[]=cpu").body(),
            "{\"status\":\"success\",\"data\":[\"a\",\"b\"]}\n");
  EXPECT_EQ(get("/api/v1/label/host/values?metric=mem").body(),
            "{\"status\":\"success\",\"data\":[\"c\"]}\n");
  EXPECT_EQ(get("/api/v1/label/nope/values").body(),
            "{\"status\":\"success\",\"data\":[]}\n");
}

TEST_F(labels_route, series) {
  auto res = get("/api/v1/series?match[]=cpu&match[]=cpu%7Bhost%3D%22b%22%7D");
  ASSERT_EQ(res.result(), status::ok);
  EXPECT_EQ(res.body(),
            "{\"status\":\"success\",\"data\":[{\"__name__\":\"cpu\",\"dc\":"
            "\"eu\",\"host\":\"a\"},{\"__name__\":\"cpu\",\"host\":\"b\"}]}\n");
  res = post("/api/v1/series", "match%5B%5D=mem&start=0", form);
  EXPECT_EQ(res.body(), "{\"status\":\"success\",\"data\":[{\"__name__\":"
                        "\"mem\",\"host\":\"c\",\"kind\":\"rss\"}]}\n");
}

TEST_F(labels_route, errors_are_prometheus_shaped) {
  auto res = get("/api/v1/series");
  EXPECT_EQ(res.result(), status::bad_request);
  EXPECT_EQ(res.body().rfind("{\"status\":\"error\",\"errorType\":\"bad_data\","
                             "\"error\":\"missing match[]",
                             0),
            0u)
      << res.body();
  res = get("/api/v1/labels?match[]=%7B%7D");
  EXPECT_EQ(res.result(), status::bad_request);
  res = get("/api/v1/series?match[]=cpu%7Bhost%3D~%22(%22%7D");
  EXPECT_EQ(res.result(), status::bad_request) << res.body();
  EXPECT_NE(res.body().find("bad_data"), std::string::npos);
  res = get("/api/v1/labels?match[]=cpu&start=%ZZ");
  EXPECT_EQ(res.result(), status::bad_request);
}

namespace {

/// Series with points at 1 s (cpu), 1 s and 100 s (mem, host c) and only
/// at 100 s (disk).
class labels_ranged : public server_fixture {
 protected:
  void SetUp() override {
    server_fixture::SetUp();
    ASSERT_TRUE(store_->write(std::vector<sample>{
        {"cpu", {{"host", "a"}, {"dc", "eu"}}, 1000, 1},
        {"mem", {{"host", "c"}}, 1000, 1},
        {"mem", {{"host", "c"}}, 100000, 2},
        {"disk", {{"host", "d"}, {"dev", "sda"}}, 100000, 3},
    }));
  }
};

} // namespace

TEST_F(labels_ranged, start_and_end_narrow_series) {
  // Prometheus: only series with a point in [start, end] (both inclusive).
  EXPECT_EQ(get("/api/v1/series?match[]=%7Bhost%3D~%22.%2B%22%7D&start=50"
                "&end=100")
                .body(),
            "{\"status\":\"success\",\"data\":[{\"__name__\":\"disk\","
            "\"dev\":\"sda\",\"host\":\"d\"},{\"__name__\":\"mem\",\"host\":"
            "\"c\"}]}\n");
  EXPECT_EQ(get("/api/v1/series?match[]=cpu&start=1&end=1").body(),
            "{\"status\":\"success\",\"data\":[{\"__name__\":\"cpu\",\"dc\":"
            "\"eu\",\"host\":\"a\"}]}\n");
  EXPECT_EQ(get("/api/v1/series?match[]=cpu&start=1.001").body(),
            "{\"status\":\"success\",\"data\":[]}\n");
  // Without start/end: every series.
  EXPECT_EQ(get("/api/v1/series?match[]=%7Bhost!%3D%22%22%7D").body().size(),
            get("/api/v1/series?match[]=%7Bhost!%3D%22%22%7D&start=0&end=100")
                .body()
                .size());
}

TEST_F(labels_ranged, start_and_end_narrow_labels_and_values) {
  EXPECT_EQ(get("/api/v1/labels?start=50").body(),
            "{\"status\":\"success\",\"data\":[\"__name__\",\"dev\","
            "\"host\"]}\n");
  EXPECT_EQ(get("/api/v1/labels?match[]=%7Bhost%3D%22a%22%7D&end=50").body(),
            "{\"status\":\"success\",\"data\":[\"__name__\",\"dc\","
            "\"host\"]}\n");
  EXPECT_EQ(get("/api/v1/label/host/values?end=2").body(),
            "{\"status\":\"success\",\"data\":[\"a\",\"c\"]}\n");
  EXPECT_EQ(get("/api/v1/label/__name__/values?start=50&end=200").body(),
            "{\"status\":\"success\",\"data\":[\"disk\",\"mem\"]}\n");
  EXPECT_EQ(get("/api/v1/label/host/values?match[]=mem&start=200").body(),
            "{\"status\":\"success\",\"data\":[]}\n");
}

TEST_F(labels_ranged, no_series_no_name_label) {
  // Prometheus answers [] when nothing is selected (VictoriaMetrics 1.79
  // answers ["__name__"]).
  EXPECT_EQ(get("/api/v1/labels?match[]=nope").body(),
            "{\"status\":\"success\",\"data\":[]}\n");
  EXPECT_EQ(get("/api/v1/labels?start=500").body(),
            "{\"status\":\"success\",\"data\":[]}\n");
}

TEST_F(labels_ranged, selectors_without_a_metric_name) {
  EXPECT_EQ(
      get("/api/v1/label/__name__/values?match[]=%7Bhost%3D~%22[ac]%22%7D")
          .body(),
      "{\"status\":\"success\",\"data\":[\"cpu\",\"mem\"]}\n");
  EXPECT_EQ(
      get("/api/v1/labels?match[]=%7B__name__%3D~%22d.*%7Cc.*%22%7D").body(),
      "{\"status\":\"success\",\"data\":[\"__name__\",\"dc\",\"dev\","
      "\"host\"]}\n");
  auto res = get("/api/v1/series?match[]=%7B__name__%3D~%22.*%22%7D");
  EXPECT_EQ(res.result(), status::bad_request);
  EXPECT_NE(res.body().find("non-empty matcher"), std::string::npos)
      << res.body();
}

namespace {

class labels_series_limit : public server_fixture {
 protected:
  void SetUp() override {
    auto o = test_options();
    o.max_series_per_query = 2;
    start(o);
    ASSERT_TRUE(store_->write(std::vector<sample>{
        {"cpu", {{"host", "a"}}, 1000, 1},
        {"cpu", {{"host", "b"}}, 1000, 1},
        {"cpu", {{"host", "c"}}, 1000, 1},
        {"mem", {{"host", "a"}}, 1000, 1},
    }));
  }
};

} // namespace

TEST_F(labels_series_limit, at_the_limit_answers) {
  auto res = get("/api/v1/series?match[]=cpu{host!=\"c\"}");
  EXPECT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(get("/api/v1/series?match[]=mem").result(), status::ok);
}

TEST_F(labels_series_limit, past_the_limit_is_422_naming_the_flag) {
  for (auto target :
       {"/api/v1/series?match[]=cpu", "/api/v1/labels?match[]=cpu",
        "/api/v1/label/host/values?match[]=cpu",
        "/api/v1/series?match[]=cpu{host=\"a\"}&match[]=mem&"
        "match[]=cpu{host=\"b\"}"}) {
    auto res = get(target);
    EXPECT_EQ(res.result(), status::unprocessable_entity) << target;
    EXPECT_NE(res.body().find("more than 2 series (--max-series-per-query)"),
              std::string::npos)
        << res.body();
  }
}
