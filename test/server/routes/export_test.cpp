#include "test/server/server_fixture.hpp"

using namespace timeless;
using namespace timeless::server;
using test_http::http::status;

namespace {

class export_route : public server_fixture {
 protected:
  void SetUp() override {
    server_fixture::SetUp();
    std::vector<sample> batch;
    for (int i = 0; i < 10; ++i) {
      batch.push_back(
          {"cpu", {{"host", "a"}}, 1'700'000'000'000 + i * 1000, double(i)});
      batch.push_back({"cpu",
                       {{"host", "a"}, {"dc", "eu"}},
                       1'700'000'000'000 + i * 1000,
                       double(100 + i)});
      batch.push_back({"cpu", {}, 1'700'000'000'000 + i * 1000, -1});
    }
    batch.push_back({"mem", {{"host", "a"}}, 1'700'000'000'000, 7});
    ASSERT_TRUE(store_->write(batch));
  }
};

size_t count_lines(const std::string& body) {
  return std::count(body.begin(), body.end(), '\n');
}

} // namespace

TEST_F(export_route, series_are_exact) {
  // {host="a"} also matches {host="a",dc="eu"}: two series, each once.
  auto res = get("/api/v1/export?match[]=cpu%7Bhost%3D%22a%22%7D");
  ASSERT_EQ(res.result(), status::ok);
  auto pts = parse_export(res.body());
  EXPECT_EQ(pts.size(), 20u);
  EXPECT_EQ(count_lines(res.body()), 2u);
  // The series without labels is not mixed with the others.
  res = get("/api/v1/export?match[]=cpu%7Bhost%3D%22%22%7D");
  pts = parse_export(res.body());
  ASSERT_EQ(pts.size(), 10u);
  for (auto& p : pts) {
    EXPECT_TRUE(p.labels.empty());
    EXPECT_EQ(p.value, -1);
  }
}

TEST_F(export_route, several_selectors_write_a_series_once) {
  auto res = get("/api/v1/export?match[]=cpu&match[]=cpu%7Bdc%3D%22eu%22%7D"
                 "&match[]=mem");
  ASSERT_EQ(res.result(), status::ok);
  EXPECT_EQ(count_lines(res.body()), 4u);
  EXPECT_EQ(parse_export(res.body()).size(), 31u);
}

TEST_F(export_route, time_range_is_inclusive) {
  auto res = get("/api/v1/export?match[]=cpu%7Bhost%3D%22a%22,dc%3D%22%22%7D"
                 "&start=1700000002&end=1700000004");
  auto pts = parse_export(res.body());
  ASSERT_EQ(pts.size(), 3u);
  EXPECT_EQ(pts[0].ts, 1'700'000'002'000);
  EXPECT_EQ(pts[2].ts, 1'700'000'004'000);
}

TEST_F(export_route, original_parameter_form) {
  auto res = get("/api/v1/export?metric=cpu&host=a&dc=eu&from=1700000000"
                 "&to=1700000009");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  auto pts = parse_export(res.body());
  ASSERT_EQ(pts.size(), 10u);
  EXPECT_EQ(pts[0].value, 100);
}

TEST_F(export_route, no_match_gives_an_empty_answer) {
  auto res = get("/api/v1/export?match[]=nothing");
  ASSERT_EQ(res.result(), status::ok);
  EXPECT_EQ(res.body(), "");
}

TEST_F(export_route, form_body) {
  auto res = post("/api/v1/export", "match[]=mem",
                  {{test_http::http::field::content_type,
                    "application/x-www-form-urlencoded"}});
  ASSERT_EQ(res.result(), status::ok);
  EXPECT_EQ(parse_export(res.body()).size(), 1u);
}

TEST_F(export_route, errors) {
  auto res = get("/api/v1/export");
  EXPECT_EQ(res.result(), status::bad_request);
  EXPECT_NE(res.body().find("missing match[]"), std::string::npos);
  res = get("/api/v1/export?match[]=cpu%7B");
  EXPECT_EQ(res.result(), status::bad_request);
  EXPECT_NE(res.body().find("bad match[] selector"), std::string::npos);
  res = get("/api/v1/export?match[]=cpu%7Bhost%3D~%22(%22%7D");
  EXPECT_EQ(res.result(), status::bad_request);
  res = get("/api/v1/export?match[]=cpu&start=soon");
  EXPECT_EQ(res.result(), status::bad_request);
  EXPECT_NE(res.body().find("bad start"), std::string::npos);
}

TEST_F(export_route, selectors_without_an_exact_metric_name) {
  // {host="a"}: every metric's series with host a (Prometheus accepts any
  // selector with a matcher that does not match "").
  auto res = get("/api/v1/export?match[]=%7Bhost%3D%22a%22%7D");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(count_lines(res.body()), 3u);
  EXPECT_EQ(parse_export(res.body()).size(), 21u);
  // A regular expression on __name__, anchored: "cp" is no metric.
  res = get("/api/v1/export?match[]=%7B__name__%3D~%22m.*%22%7D");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(parse_export(res.body()).size(), 1u);
  res = get("/api/v1/export?match[]=%7B__name__%3D~%22cp%22%7D");
  ASSERT_EQ(res.result(), status::ok);
  EXPECT_EQ(res.body(), "");
  // __name__!="cpu" with a label matcher.
  res =
      get("/api/v1/export?match[]=%7B__name__!%3D%22cpu%22,host%3D%22a%22%7D");
  ASSERT_EQ(res.result(), status::ok);
  EXPECT_EQ(parse_export(res.body()).size(), 1u);
}

TEST_F(export_route, selectors_matching_only_empty_values_are_refused) {
  // As Prometheus: at least one matcher must not match the empty string.
  for (auto q : {"%7B%7D", "%7Bhost%3D%22%22%7D", "%7B__name__%3D~%22.*%22%7D",
                 "cpu%20offset%201m", "rate(cpu%5B1m%5D)"}) {
    auto res = get(std::string{"/api/v1/export?match[]="} + q);
    EXPECT_EQ(res.result(), status::bad_request) << q;
    EXPECT_NE(res.body().find("bad match[] selector"), std::string::npos)
        << res.body();
  }
}
