// Hostile queries on the read routes of a running server: PromQL nested
// 100,000 levels deep (parentheses, calls, unary minus, `^` chains and
// left-deep `+` chains), a query over the length limit, huge and
// explosive regular expressions in PromQL and in `match[]`. Each gets a
// 400 naming the problem, and the store still reads back identically.

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "test/server/robust_fixture.hpp"

using namespace timeless;
using namespace timeless::server;

namespace {

bool has(const std::string& body, const std::string& part) {
  return body.find(part) != std::string::npos;
}

std::string repeat(const std::string& x, size_t n) {
  std::string out;
  out.reserve(x.size() * n);
  for (size_t i = 0; i < n; ++i)
    out += x;
  return out;
}

const test_http::headers form = {{test_http::http::field::content_type,
                                  "application/x-www-form-urlencoded"}};

} // namespace

class malformed_query : public robust_fixture {
 protected:
  static server_options query_options() {
    auto o = robust_options();
    o.max_query_length = 8 * 1024 * 1024;
    return o;
  }

  /// POSTs `query` as a form to /api/v1/query; expects 400 bad_data with
  /// `part` in the error.
  void expect_bad_query(const std::string& query, const std::string& part) {
    auto r = post("/api/v1/query",
                  "query=" + test_http::url_encode(query) + "&time=1700000100",
                  form);
    EXPECT_EQ(r.result_int(), 400) << r.body().substr(0, 300);
    EXPECT_TRUE(has(r.body(), "\"errorType\":\"bad_data\""))
        << r.body().substr(0, 300);
    EXPECT_TRUE(has(r.body(), part)) << r.body().substr(0, 300);
    EXPECT_LT(r.body().size(), 4096u);
    expect_store_intact();
  }

  void restart_with(server_options o) {
    server_->stop();
    server_.reset();
    store_.reset();
    start(o);
  }
};

TEST_F(malformed_query, query_over_the_length_limit_is_400_naming_it) {
  // 64 KiB + 1 byte of `1+1+...+1`.
  std::string q = repeat("1+", 32 * 1024) + "1";
  ASSERT_EQ(q.size(), 64u * 1024u + 1u);
  expect_bad_query(q, "at most 65536 are allowed (--max-query-length)");
  // At the limit the length is fine (and the chain is too deep instead).
  q.pop_back();
  q.pop_back();
  q.pop_back();
  q += "1";
  ASSERT_LE(q.size(), 64u * 1024u);
  expect_bad_query(q, "nested too deeply");
}

TEST_F(malformed_query, nesting_100000_levels_is_400_in_every_form) {
  restart_with(query_options());
  const size_t n = 100000;
  expect_bad_query(repeat("(", n) + "ref" + repeat(")", n),
                   "nested too deeply");
  expect_bad_query(repeat("abs(", n) + "ref" + repeat(")", n),
                   "nested too deeply");
  expect_bad_query(repeat("sum(", n) + "ref" + repeat(")", n),
                   "nested too deeply");
  expect_bad_query(repeat("-", n) + "1", "nested too deeply");
  expect_bad_query(repeat("2^", n) + "2", "nested too deeply");
  expect_bad_query(repeat("ref + ", n) + "ref", "nested too deeply");
  expect_bad_query(repeat("1 and ", n) + "1", "");
  expect_bad_query("max_over_time(" + repeat("(", n) + "ref" + repeat(")", n) +
                       "[5m:1m])",
                   "nested too deeply");
}

TEST_F(malformed_query, nesting_within_the_limit_still_evaluates) {
  // A parenthesis counts two levels of the parser's 200 (the parenthesis
  // and the expression inside it): 95 around a call are within the limit.
  auto r = post("/api/v1/query",
                "query=" +
                    test_http::url_encode(repeat("(", 95) + "sum(ref)" +
                                          repeat(")", 95)) +
                    "&time=1700000049",
                form);
  EXPECT_EQ(r.result_int(), 200) << r.body();
  EXPECT_TRUE(has(r.body(), "\"resultType\":\"vector\"")) << r.body();
}

TEST_F(malformed_query, huge_regex_in_promql) {
  restart_with(query_options());
  // An alternation of 200,000 literals, one of them a real value: RE2
  // compiles it and the answer is right.
  std::string alt;
  for (int i = 0; i < 200000; ++i)
    alt += std::string("host") + std::to_string(i) + "|";
  alt += "1";
  auto r =
      post("/api/v1/query",
           "query=" + test_http::url_encode("count(ref{s=~\"" + alt + "\"})") +
               "&time=1700000049",
           form);
  EXPECT_EQ(r.result_int(), 200) << r.body().substr(0, 300);
  EXPECT_TRUE(has(r.body(), "\"1\"]")) << r.body().substr(0, 300);
  // A counted repetition over RE2's memory budget is refused, not run.
  expect_bad_query("ref{s=~\"(a{1000}){1000}\"}", "invalid regular expression");
  expect_bad_query("ref{s=~\"" + std::string(100000, '(') + "\"}",
                   "invalid regular expression");
}

TEST_F(malformed_query, huge_regex_in_match_on_every_read_route) {
  std::string alt;
  for (int i = 0; i < 100000; ++i)
    alt += "v" + std::to_string(i) + "|";
  alt += "2";
  auto sel = test_http::url_encode("ref{s=~\"" + alt + "\"}");
  std::vector<std::pair<std::string, std::string>> expected = {
      {"/api/v1/series", "[{\"__name__\":\"ref\",\"s\":\"2\"}]"},
      {"/api/v1/labels", "[\"__name__\",\"s\"]"},
      {"/api/v1/label/s/values", "[\"2\"]"},
      {"/api/v1/export", "{\"metric\":{\"__name__\":\"ref\",\"s\":\"2\"}"}};
  for (auto& [route, part] : expected) {
    auto r = post(route, "match[]=" + sel, form);
    EXPECT_EQ(r.result_int(), 200) << route << ": " << r.body().substr(0, 300);
    EXPECT_TRUE(has(r.body(), part))
        << route << ": " << r.body().substr(0, 300);
  }
  for (auto& [route, part] : expected) {
    auto r =
        post(route,
             "match[]=" + test_http::url_encode("ref{s=~\"(a{1000}){1000}\"}"),
             form);
    EXPECT_EQ(r.result_int(), 400) << route << ": " << r.body().substr(0, 300);
    EXPECT_TRUE(has(r.body(), "invalid regular expression"))
        << route << ": " << r.body();
    EXPECT_LT(r.body().size(), 4096u) << route;
  }
  // A pattern of 100,000 '(' does not come back whole in the error.
  for (auto& [route, part] : expected) {
    auto r =
        post(route,
             "match[]=" + test_http::url_encode(
                              "ref{s=~\"" + std::string(100000, '(') + "\"}"),
             form);
    EXPECT_EQ(r.result_int(), 400) << route << ": " << r.body().substr(0, 300);
    EXPECT_LT(r.body().size(), 4096u)
        << route << ": " << r.body().substr(0, 300);
  }
  expect_store_intact();
}

TEST_F(malformed_query, regex_that_backtracks_exponentially_is_fast) {
  // (a*)*b against long runs of a: catastrophic for backtracking engines,
  // linear for RE2. Write such values and query them.
  std::string body;
  for (int i = 0; i < 20; ++i)
    body += "bt{v=\"" + std::string(30 + i, 'a') + "\"} 1 1700000000000\n";
  ASSERT_EQ(post("/api/v1/import/prometheus", body).result_int(), 204);
  auto r = post("/api/v1/query",
                "query=" + test_http::url_encode("count(bt{v=~\"(a*)*b\"})") +
                    "&time=1700000000",
                form);
  EXPECT_EQ(r.result_int(), 200) << r.body();
  EXPECT_TRUE(has(r.body(), "\"result\":[]")) << r.body();
  r = post("/api/v1/query",
           "query=" + test_http::url_encode("count(bt{v=~\"(a*)*\"})") +
               "&time=1700000000",
           form);
  EXPECT_TRUE(has(r.body(), "\"20\"")) << r.body();
  expect_store_intact();
}

TEST_F(malformed_query, form_parameters_need_the_form_content_type) {
  // The body is read as parameters only under the form content type.
  auto r = post("/api/v1/query", "query=count(ref)&time=1700000049",
                {{test_http::http::field::content_type, "text/plain"}});
  EXPECT_EQ(r.result_int(), 400) << r.body();
  EXPECT_TRUE(has(r.body(), "missing required parameter: query")) << r.body();
  r = post("/api/v1/query", "query=count(ref)&time=1700000049", form);
  EXPECT_EQ(r.result_int(), 200) << r.body();
  EXPECT_TRUE(has(r.body(), "\"3\"]")) << r.body();
  // With a charset parameter, as some clients send it.
  r = post("/api/v1/query", "query=count(ref)&time=1700000049",
           {{test_http::http::field::content_type,
             "application/x-www-form-urlencoded; charset=UTF-8"}});
  EXPECT_EQ(r.result_int(), 200) << r.body();
  expect_store_intact();
}
