#include "server/routes/router.hpp"

#include <gtest/gtest.h>

#include "server/routes/routes.hpp"

using namespace timeless::server;

namespace {

router table() {
  router r;
  auto nop = [](const exchange_ptr&) {};
  r.add("/api/v1/import", {http::verb::post}, nop);
  r.add("/api/v1/label/<name>/values", {http::verb::get, http::verb::post},
        nop);
  r.add("/health", {http::verb::get}, nop);
  return r;
}

} // namespace

TEST(router, exact_paths_and_prefix) {
  auto r = table();
  auto m = r.match(http::verb::post, "/api/v1/import");
  ASSERT_EQ(m.status, route_match::kind::found);
  EXPECT_EQ(m.r->pattern, "/api/v1/import");
  m = r.match(http::verb::post, "/prometheus/api/v1/import");
  ASSERT_EQ(m.status, route_match::kind::found);
  EXPECT_EQ(r.match(http::verb::post, "/prometheusx/api/v1/import").status,
            route_match::kind::not_found);
  EXPECT_EQ(r.match(http::verb::post, "/api/v1/import/").status,
            route_match::kind::not_found);
  EXPECT_EQ(r.match(http::verb::post, "/api/v1").status,
            route_match::kind::not_found);
  EXPECT_EQ(r.match(http::verb::get, "/").status, route_match::kind::not_found);
}

TEST(router, captures) {
  auto r = table();
  auto m = r.match(http::verb::get, "/api/v1/label/host/values");
  ASSERT_EQ(m.status, route_match::kind::found);
  ASSERT_EQ(m.captures.size(), 1u);
  EXPECT_EQ(m.captures[0], "host");
  EXPECT_EQ(r.match(http::verb::get, "/api/v1/label//values").status,
            route_match::kind::not_found);
  EXPECT_EQ(r.match(http::verb::get, "/api/v1/label/a/b/values").status,
            route_match::kind::not_found);
}

TEST(router, wrong_method_lists_allowed) {
  auto r = table();
  auto m = r.match(http::verb::get, "/api/v1/import");
  ASSERT_EQ(m.status, route_match::kind::bad_method);
  EXPECT_EQ(m.allow, "POST");
  m = r.match(http::verb::delete_, "/prometheus/api/v1/label/x/values");
  ASSERT_EQ(m.status, route_match::kind::bad_method);
  EXPECT_EQ(m.allow, "GET, POST");
}

TEST(router, the_server_table) {
  auto r = make_router();
  for (auto path : {"/api/v1/import", "/api/v1/import/prometheus"})
    EXPECT_EQ(r.match(http::verb::post, path).status, route_match::kind::found)
        << path;
  for (auto path :
       {"/api/v1/export", "/api/v1/labels", "/api/v1/series",
        "/api/v1/label/__name__/values", "/health", "/metrics", "/api/v1/query",
        "/api/v1/query_range", "/prometheus/api/v1/labels"})
    EXPECT_EQ(r.match(http::verb::get, path).status, route_match::kind::found)
        << path;
  EXPECT_EQ(r.match(http::verb::get, "/api/v1/import").status,
            route_match::kind::bad_method);
}
