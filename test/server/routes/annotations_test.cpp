#include "test/server/server_fixture.hpp"

using namespace timeless;
using namespace timeless::server;
using test_http::http::status;
using test_http::http::verb;

namespace {

class annotations_route : public server_fixture {
 protected:
  test_http::response del(const std::string& target) {
    return test_http::request(port_, verb::delete_, target, {}, {});
  }
};

} // namespace

TEST_F(annotations_route, create_list_and_delete) {
  auto a = post("/api/v1/annotations",
                R"({"title":"deploy","timestamp":1700000000,)"
                R"("description":"v2","tags":["deploy","web"]})");
  ASSERT_EQ(a.result(), status::created) << a.body();
  EXPECT_EQ(a.body().rfind("{\"id\":", 0), 0u);
  EXPECT_NE(a.body().find("\"status\":\"created\""), std::string::npos);
  auto b = post("/api/v1/annotations",
                R"({"title":"outage","timestamp":1700000100.5,)"
                R"("tags":["incident"]})");
  ASSERT_EQ(b.result(), status::created) << b.body();
  auto all = get("/api/v1/annotations?from=1699999999&to=1700000200");
  ASSERT_EQ(all.result(), status::ok);
  EXPECT_EQ(all.body(),
            "{\"status\":\"success\",\"data\":[{\"id\":1,\"timestamp\":"
            "1700000000,\"title\":\"deploy\",\"description\":\"v2\","
            "\"tags\":[\"deploy\",\"web\"]},{\"id\":2,\"timestamp\":"
            "1700000100.5,\"title\":\"outage\",\"description\":\"\","
            "\"tags\":[\"incident\"]}]}\n");
  auto tagged =
      get("/api/v1/annotations?from=1699999999&to=1700000200&tags=web,x");
  ASSERT_EQ(tagged.result(), status::ok);
  EXPECT_NE(tagged.body().find("deploy"), std::string::npos);
  EXPECT_EQ(tagged.body().find("outage"), std::string::npos);
  // Inclusive bounds: to = the first annotation's time.
  auto edge = get("/api/v1/annotations?from=1700000000&to=1700000000");
  EXPECT_NE(edge.body().find("\"id\":1"), std::string::npos);
  EXPECT_EQ(edge.body().find("\"id\":2"), std::string::npos);
  auto gone = del("/api/v1/annotations/1");
  ASSERT_EQ(gone.result(), status::ok) << gone.body();
  EXPECT_EQ(gone.body(), "{\"status\":\"deleted\"}\n");
  auto again = del("/api/v1/annotations/1");
  EXPECT_EQ(again.result(), status::not_found);
  EXPECT_NE(again.body().find("no annotation with id 1"), std::string::npos);
}

TEST_F(annotations_route, defaults_cover_the_last_day_with_relative_times) {
  ASSERT_EQ(post("/api/v1/annotations", R"({"title":"now"})").result(),
            status::created);
  ASSERT_EQ(post("/api/v1/annotations", R"({"title":"old","timestamp":1000})")
                .result(),
            status::created);
  auto res = get("/api/v1/annotations");
  ASSERT_EQ(res.result(), status::ok);
  EXPECT_NE(res.body().find("\"title\":\"now\""), std::string::npos);
  EXPECT_EQ(res.body().find("\"title\":\"old\""), std::string::npos);
  auto rel = get("/api/v1/annotations?from=-1h");
  EXPECT_NE(rel.body().find("\"title\":\"now\""), std::string::npos);
  auto bad = get("/api/v1/annotations?from=yesterday");
  EXPECT_EQ(bad.result(), status::bad_request);
  EXPECT_NE(bad.body().find("bad from"), std::string::npos);
}

TEST_F(annotations_route, bad_requests_name_the_problem) {
  auto check = [&](const std::string& body, const std::string& what) {
    auto res = post("/api/v1/annotations", body);
    EXPECT_EQ(res.result(), status::bad_request) << body;
    EXPECT_NE(res.body().find(what), std::string::npos) << res.body();
  };
  check("not json", "bad JSON body");
  check("{}", "\\\"title\\\" is required");
  check(R"({"title":""})", "must not be empty");
  check(R"({"title":"t","timestamp":"now"})",
        "\\\"timestamp\\\" must be a number of seconds");
  check(R"({"title":"t","timestamp":1e300})", "not a representable time");
  check(R"({"title":"t","tags":"a"})", "must be an array of strings");
  check(R"({"title":"t","tags":[1]})", "must hold only strings");
  check(R"({"title":"t","title":"u"})", "given twice");
  auto res = del("/api/v1/annotations/abc");
  EXPECT_EQ(res.result(), status::bad_request);
  EXPECT_NE(
      res.body().find("'abc' is not a positive integer id of an annotation"),
      std::string::npos);
  res = del("/api/v1/annotations/99999999999999999999");
  EXPECT_EQ(res.result(), status::bad_request);
  res = del("/api/v1/annotations/42");
  EXPECT_EQ(res.result(), status::not_found);
  EXPECT_NE(res.body().find("no annotation with id 42"), std::string::npos);
}
