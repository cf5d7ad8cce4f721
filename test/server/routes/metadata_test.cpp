#include "formats/remote_write_encoder.hpp"
#include "test/server/server_fixture.hpp"

using namespace timeless;
using namespace timeless::server;
using test_http::http::status;

namespace {

class metadata_route : public server_fixture {};

} // namespace

TEST_F(metadata_route, post_then_get_in_both_shapes) {
  auto res = post("/api/v1/metadata",
                  R"({"metric":"http_requests_total","type":"counter",)"
                  R"("unit":"requests","description":"Requests \"served\""})");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(res.body(), "{\"status\":\"ok\"}\n");
  ASSERT_EQ(
      post("/api/v1/metadata", R"({"metric":"temp","type":"gauge"})").result(),
      status::ok);
  auto all = get("/api/v1/metadata");
  ASSERT_EQ(all.result(), status::ok);
  EXPECT_EQ(all.body(),
            "{\"status\":\"success\",\"data\":{\"http_requests_total\":[{"
            "\"type\":\"counter\",\"help\":\"Requests \\\"served\\\"\","
            "\"unit\":\"requests\"}],\"temp\":[{\"type\":\"gauge\",\"help\":"
            "\"\",\"unit\":\"\"}]}}\n");
  auto one = get("/api/v1/metadata?metric=temp");
  ASSERT_EQ(one.result(), status::ok);
  EXPECT_EQ(one.body(),
            "{\"status\":\"success\",\"data\":{\"temp\":[{\"type\":\"gauge\","
            "\"help\":\"\",\"unit\":\"\"}]},\"metric\":\"temp\",\"type\":"
            "\"gauge\",\"unit\":null,\"description\":null}\n");
  auto limited = get("/api/v1/metadata?limit=1");
  ASSERT_EQ(limited.result(), status::ok);
  EXPECT_NE(limited.body().find("http_requests_total"), std::string::npos);
  EXPECT_EQ(limited.body().find("temp"), std::string::npos);
}

TEST_F(metadata_route, unregistered_metric_answers_the_originals_defaults) {
  auto res = get("/api/v1/metadata?metric=nothing_here");
  ASSERT_EQ(res.result(), status::ok);
  EXPECT_EQ(res.body(),
            "{\"status\":\"success\",\"data\":{},\"metric\":\"nothing_here\","
            "\"type\":\"gauge\",\"unit\":null,\"description\":null}\n");
}

TEST_F(metadata_route, bad_requests_name_the_problem) {
  auto check = [&](const std::string& body, const std::string& what) {
    auto res = post("/api/v1/metadata", body);
    EXPECT_EQ(res.result(), status::bad_request) << body;
    EXPECT_NE(res.body().find(what), std::string::npos) << res.body();
  };
  check("{\"metric\":", "bad JSON body");
  check("[]", "expected a JSON object");
  check(R"({"type":"gauge"})", "\\\"metric\\\" is required");
  check(R"({"metric":"m"})", "\\\"type\\\" is required");
  check(R"({"metric":5,"type":"gauge"})", "must be a string, not a number");
  check(R"({"metric":"m","type":"bogus"})",
        "type 'bogus' is not one of counter, gauge, histogram, "
        "gaugehistogram, summary, info, stateset, unknown");
  check(R"({"metric":"9m","type":"gauge"})", "metric name '9m'");
  auto lim = get("/api/v1/metadata?limit=x");
  EXPECT_EQ(lim.result(), status::bad_request);
  EXPECT_NE(lim.body().find("bad limit"), std::string::npos);
  // Nothing was stored by the refused requests.
  auto all = get("/api/v1/metadata");
  EXPECT_EQ(all.body(), "{\"status\":\"success\",\"data\":{}}\n");
}

TEST_F(metadata_route, learned_from_prometheus_text_and_remote_write) {
  auto res = post("/api/v1/import/prometheus", "# HELP jobs_total Jobs done.\n"
                                               "# TYPE jobs_total counter\n"
                                               "jobs_total{q=\"a\"} 3\n"
                                               "# TYPE queue_depth gauge\n"
                                               "# UNIT queue_depth items\n"
                                               "queue_depth 7\n"
                                               "# TYPE broken nonsense\n");
  ASSERT_EQ(res.result(), status::no_content) << res.body();
  auto all = get("/api/v1/metadata");
  EXPECT_EQ(all.body(),
            "{\"status\":\"success\",\"data\":{\"jobs_total\":[{\"type\":"
            "\"counter\",\"help\":\"Jobs done.\",\"unit\":\"\"}],"
            "\"queue_depth\":[{\"type\":\"gauge\",\"help\":\"\",\"unit\":"
            "\"items\"}]}}\n");
  formats::rw_series s;
  s.metric = "rw_metric";
  s.ts = {1000};
  s.values = {1};
  formats::rw_metadata m;
  m.type = formats::rw_metric_type::summary;
  m.family = "rw_metric";
  m.help = "From remote_write";
  std::vector<formats::rw_series> series{s};
  std::vector<formats::rw_metadata> meta{m};
  auto body =
      formats::snappy_compress(formats::encode_write_request(series, meta));
  auto w =
      post("/api/v1/write", body,
           {{test_http::http::field::content_encoding, "snappy"},
            {test_http::http::field::content_type, "application/x-protobuf"}});
  ASSERT_EQ(w.result(), status::no_content) << w.body();
  auto one = get("/api/v1/metadata?metric=rw_metric");
  EXPECT_NE(one.body().find("\"type\":\"summary\",\"help\":\"From "
                            "remote_write\""),
            std::string::npos)
      << one.body();
}
