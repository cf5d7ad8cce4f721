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
