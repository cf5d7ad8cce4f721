#pragma once

// A store in a temporary directory with an `http_server` on 127.0.0.1 and
// a free port, for the server's end-to-end tests.

#include <cmath>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "formats/jsonl_parser.hpp"
#include "server/http/http_server.hpp"
#include "test/actors/test_dir.hpp"
#include "test/server/http_client.hpp"
#include "timeless/blocking_store.hpp"
#include "timeless/error.hpp"

namespace timeless::server {

class server_fixture : public ::testing::Test {
 protected:
  static server_options test_options() {
    server_options o;
    o.port = 0;
    o.threads = 2;
    o.max_body = 1024 * 1024;
    return o;
  }

  store_options store_opts() const {
    store_options s;
    s.data_dir = dir_.path;
    s.shards = 2;
    return s;
  }

  void start(server_options o = test_options()) {
    auto st = blocking_store::open(store_opts());
    ASSERT_TRUE(st) << describe(st.error());
    store_ = std::move(*st);
    auto srv = http_server::start(store_->system(), store_->handle(), o);
    ASSERT_TRUE(srv) << describe(srv.error());
    server_ = std::move(*srv);
    port_ = server_->port();
    ASSERT_NE(port_, 0);
  }

  void SetUp() override { start(); }

  void TearDown() override {
    if (server_)
      server_->stop();
    server_.reset();
    store_.reset();
  }

  test_http::response get(const std::string& target,
                          const test_http::headers& hs = {}) {
    return test_http::request(port_, test_http::http::verb::get, target, {},
                              hs);
  }

  test_http::response post(const std::string& target, std::string body,
                           const test_http::headers& hs = {}) {
    return test_http::request(port_, test_http::http::verb::post, target,
                              std::move(body), hs);
  }

  /// Points of every series the selector matches, from the store.
  size_t count_points(const std::string& sel_text) {
    auto sel = parse_selector(sel_text);
    EXPECT_TRUE(sel);
    auto res = store_->query(raw_query{*sel});
    EXPECT_TRUE(res);
    size_t n = 0;
    for (auto& s : *res)
      n += s.ts.size();
    return n;
  }

  test_dir dir_;
  std::unique_ptr<blocking_store> store_;
  std::unique_ptr<http_server> server_;
  uint16_t port_ = 0;
};

/// Parses an export body (JSON lines) into samples.
inline std::vector<sample> parse_export(const std::string& body) {
  std::vector<sample> out;
  formats::jsonl_parser p;
  size_t pos = 0;
  while (pos < body.size()) {
    auto nl = body.find('\n', pos);
    if (nl == std::string::npos)
      nl = body.size();
    auto r = p.parse(std::string_view{body}.substr(pos, nl - pos), out);
    EXPECT_NE(r.status, formats::line_status::error) << r.describe();
    pos = nl + 1;
  }
  return out;
}

} // namespace timeless::server
