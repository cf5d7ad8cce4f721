// --auth-token-file over HTTP: every route but /health needs a token; read
// tokens may only read (GET, and the query routes' POST forms).

#include <gtest/gtest.h>

#include "test/server/server_fixture.hpp"

using namespace timeless;
using namespace timeless::server;
using test_http::http::field;
using test_http::http::status;
using test_http::http::verb;

namespace {

const std::string all_token = "all-all-all-all-all-1";
const std::string read_token = "read-read-read-read-2";
const std::string write_token = "write-write-write-write-3";

class auth_server : public server_fixture {
 protected:
  void SetUp() override {
    auto o = test_options();
    auto t = parse_auth_tokens(all_token + "\nread " + read_token + "\nwrite " +
                               write_token + "\n");
    ASSERT_TRUE(t);
    o.auth = *t;
    start(o);
  }

  static test_http::headers bearer(const std::string& token) {
    return {{field::authorization, "Bearer " + token}};
  }
};

} // namespace

TEST_F(auth_server, health_needs_no_token) {
  EXPECT_EQ(get("/health").result(), status::ok);
  EXPECT_EQ(get("/prometheus/health").result(), status::ok);
}

TEST_F(auth_server, every_other_route_answers_401_without_a_token) {
  for (auto target : {"/metrics", "/api/v1/labels", "/api/v1/query?query=1",
                      "/api/v1/export?match[]=x", "/no/such/route"}) {
    auto r = get(target);
    EXPECT_EQ(r.result(), status::unauthorized) << target;
    EXPECT_NE(r.body().find("authentication required"), std::string::npos)
        << r.body();
    // Both challenges, so a browser offers its login dialog.
    auto [lo, hi] = r.base().equal_range(field::www_authenticate);
    std::vector<std::string> challenges;
    for (auto it = lo; it != hi; ++it)
      challenges.emplace_back(it->value());
    EXPECT_EQ(challenges.size(), 2u);
  }
  auto w = post("/api/v1/import/prometheus", "m 1 1700000000000\n");
  EXPECT_EQ(w.result(), status::unauthorized);
  EXPECT_EQ(count_points("m"), 0u);
}

TEST_F(auth_server, an_unknown_token_is_401_and_names_no_token) {
  auto r = get("/api/v1/labels", bearer(all_token + "x"));
  EXPECT_EQ(r.result(), status::unauthorized);
  EXPECT_NE(r.body().find("no known token"), std::string::npos) << r.body();
  EXPECT_EQ(r.body().find(all_token), std::string::npos);
}

TEST_F(auth_server, tokens_with_their_scopes) {
  auto write = [&](const std::string& token) {
    return post("/api/v1/import/prometheus", "m{t=\"" + token + "\"} 1\n",
                bearer(token))
        .result_int();
  };
  EXPECT_EQ(write(all_token), 204);
  EXPECT_EQ(write(write_token), 204);
  auto refused = post("/api/v1/import/prometheus", "m 1\n", bearer(read_token));
  EXPECT_EQ(refused.result(), status::forbidden);
  EXPECT_NE(refused.body().find("reads only"), std::string::npos)
      << refused.body();
  EXPECT_EQ(count_points("m"), 2u);

  auto read = [&](const std::string& token) {
    return get("/api/v1/series?match[]=m", bearer(token)).result_int();
  };
  EXPECT_EQ(read(all_token), 200);
  EXPECT_EQ(read(read_token), 200);
  EXPECT_EQ(read(write_token), 403);
}

TEST_F(auth_server, query_forms_posted_are_reads) {
  auto form = test_http::headers{
      {field::authorization, "Bearer " + read_token},
      {field::content_type, "application/x-www-form-urlencoded"}};
  EXPECT_EQ(post("/api/v1/query", "query=1%2B1", form).result_int(), 200);
  EXPECT_EQ(post("/api/v1/series", "match[]=m", form).result_int(), 200);
  EXPECT_EQ(post("/api/v1/labels", "", form).result_int(), 200);
  EXPECT_EQ(post("/api/v1/export", "match[]=m", form).result_int(), 200);
}

TEST_F(auth_server, basic_auth_with_the_token_as_password) {
  // base64("grafana:all-all-all-all-all-1")
  auto r = get("/api/v1/labels",
               {{field::authorization,
                 "Basic Z3JhZmFuYTphbGwtYWxsLWFsbC1hbGwtYWxsLTE="}});
  EXPECT_EQ(r.result(), status::ok) << r.body();
}
