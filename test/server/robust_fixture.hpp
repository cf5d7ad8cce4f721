#pragma once

// A server with a 64 MiB body limit and reference data written before each
// test, for the malformed-request tests: `expect_store_intact` checks that
// the reference data still exports byte for byte and that a new write is
// stored and reads back.

#include <string>

#include <gtest/gtest.h>

#include "test/server/server_fixture.hpp"

namespace timeless::server {

class robust_fixture : public server_fixture {
 protected:
  static server_options robust_options() {
    auto o = test_options();
    o.max_body = 64 * 1024 * 1024;
    return o;
  }

  void SetUp() override {
    start(robust_options());
    std::string body;
    for (int s = 0; s < 3; ++s)
      for (int i = 0; i < 50; ++i)
        body += "ref{s=\"" + std::to_string(s) + "\"} " +
                std::to_string(i * 0.5 + s) + " " +
                std::to_string(1700000000000 + i * 1000) + "\n";
    auto r = post("/api/v1/import/prometheus", body);
    ASSERT_EQ(r.result_int(), 204) << r.body();
    before_ = export_ref();
    ASSERT_EQ(parse_export(before_).size(), 150u);
  }

  std::string export_ref() {
    auto r = get("/api/v1/export?match[]=ref");
    EXPECT_EQ(r.result_int(), 200) << r.body();
    return r.body();
  }

  /// The reference data reads back identically, and a new point is stored
  /// and reads back.
  void expect_store_intact() {
    EXPECT_EQ(export_ref(), before_);
    auto ts = std::to_string(1700000000000 + 1000 * ++fresh_);
    auto r = post("/api/v1/import/prometheus",
                  "fresh{n=\"" + std::to_string(fresh_) + "\"} 7 " + ts + "\n");
    EXPECT_EQ(r.result_int(), 204) << r.body();
    auto e = get("/api/v1/export?match[]=fresh%7Bn%3D%22" +
                 std::to_string(fresh_) + "%22%7D");
    EXPECT_EQ(e.result_int(), 200);
    auto got = parse_export(e.body());
    ASSERT_EQ(got.size(), 1u) << e.body();
    EXPECT_EQ(got[0].value, 7.0);
    EXPECT_EQ(std::to_string(got[0].ts), ts);
  }

  std::string before_;
  int fresh_ = 0;
};

} // namespace timeless::server
