// `timeless serve`'s flags into server and store options: each limit flag
// lands in its option, and a bad value is refused naming the flag.

#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>

#include "apps/serve_cmd.hpp"
#include "formats/error_text.hpp"

using namespace timeless;
using namespace timeless::apps;

namespace {

std::string server_error(const serve_config& cfg) {
  auto o = make_server_options(cfg);
  return o ? std::string{} : formats::error_text(o.error());
}

std::string store_error(const serve_config& cfg) {
  auto o = make_serve_store_options(cfg);
  return o ? std::string{} : formats::error_text(o.error());
}

} // namespace

TEST(serve_cmd, defaults_keep_the_documented_limits) {
  serve_config cfg;
  auto o = make_server_options(cfg);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->query_timeout, std::chrono::minutes{2});
  EXPECT_EQ(o->query_max_samples, 50'000'000);
  auto s = make_serve_store_options(cfg);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->limits.max_labels, name_limits{}.max_labels);
  EXPECT_EQ(s->limits.max_value_bytes, name_limits{}.max_value_bytes);
}

TEST(serve_cmd, query_timeout_flag_sets_the_query_timeout) {
  serve_config cfg;
  cfg.query_timeout = "1m30s";
  auto o = make_server_options(cfg);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->query_timeout, std::chrono::seconds{90});
  cfg.query_timeout = "250ms";
  o = make_server_options(cfg);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->query_timeout, std::chrono::milliseconds{250});
}

TEST(serve_cmd, bad_query_timeout_is_refused_naming_the_flag) {
  serve_config cfg;
  for (auto bad : {"", "fast", "10x", "0", "0s", "-1s"}) {
    cfg.query_timeout = bad;
    auto err = server_error(cfg);
    EXPECT_NE(err.find("--query-timeout"), std::string::npos)
        << bad << ": " << err;
  }
}

TEST(serve_cmd, max_samples_flag_sets_the_sample_limit) {
  serve_config cfg;
  cfg.max_samples = "1";
  auto o = make_server_options(cfg);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->query_max_samples, 1);
  cfg.max_samples = "999999999999999999"; // 18 digits: the longest taken
  o = make_server_options(cfg);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->query_max_samples, 999'999'999'999'999'999);
}

TEST(serve_cmd, bad_max_samples_is_refused_naming_the_flag) {
  serve_config cfg;
  for (auto bad : {"", "0", "-5", "1e6", "12k", "1000000000000000000"}) {
    cfg.max_samples = bad;
    auto err = server_error(cfg);
    EXPECT_NE(err.find("--max-samples"), std::string::npos)
        << bad << ": " << err;
  }
}

TEST(serve_cmd, max_labels_per_series_flag_sets_the_store_limit) {
  serve_config cfg;
  cfg.max_labels_per_series = "3";
  auto s = make_serve_store_options(cfg);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->limits.max_labels, 3u);
  EXPECT_EQ(s->limits.max_value_bytes, name_limits{}.max_value_bytes);
}

TEST(serve_cmd, bad_max_labels_per_series_is_refused_naming_the_flag) {
  serve_config cfg;
  for (auto bad : {"0", "-1", "many", "3.5"}) {
    cfg.max_labels_per_series = bad;
    auto err = store_error(cfg);
    EXPECT_NE(err.find("--max-labels-per-series"), std::string::npos)
        << bad << ": " << err;
  }
}

TEST(serve_cmd, max_label_value_length_flag_takes_sizes) {
  serve_config cfg;
  cfg.max_label_value_length = "100";
  auto s = make_serve_store_options(cfg);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->limits.max_value_bytes, 100u);
  cfg.max_label_value_length = "1MiB";
  s = make_serve_store_options(cfg);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->limits.max_value_bytes, 1024u * 1024u);
  EXPECT_EQ(s->limits.max_labels, name_limits{}.max_labels);
}

TEST(serve_cmd, bad_max_label_value_length_is_refused_naming_the_flag) {
  serve_config cfg;
  for (auto bad : {"0", "-1", "long", "5 parsecs"}) {
    cfg.max_label_value_length = bad;
    auto err = store_error(cfg);
    EXPECT_NE(err.find("--max-label-value-length"), std::string::npos)
        << bad << ": " << err;
  }
}

TEST(serve_cmd, max_query_length_flag_takes_sizes) {
  serve_config cfg;
  EXPECT_EQ(make_server_options(cfg)->max_query_length, 64u * 1024u);
  cfg.max_query_length = "1KiB";
  auto o = make_server_options(cfg);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->max_query_length, 1024u);
  for (auto bad : {"0", "", "big"}) {
    cfg.max_query_length = bad;
    auto err = server_error(cfg);
    EXPECT_NE(err.find("--max-query-length"), std::string::npos)
        << bad << ": " << err;
  }
}

TEST(serve_cmd, max_series_per_query_flag_sets_the_limit) {
  serve_config cfg;
  EXPECT_EQ(make_server_options(cfg)->max_series_per_query, 300'000u);
  cfg.max_series_per_query = "12";
  EXPECT_EQ(make_server_options(cfg)->max_series_per_query, 12u);
  for (auto bad : {"", "0", "-1", "many", "1e6"}) {
    cfg.max_series_per_query = bad;
    auto err = server_error(cfg);
    EXPECT_NE(err.find("--max-series-per-query"), std::string::npos)
        << bad << ": " << err;
  }
}

TEST(serve_cmd, auth_token_file_flag_loads_the_tokens) {
  serve_config cfg;
  EXPECT_FALSE(make_server_options(cfg)->auth.enabled());
  auto path = ::testing::TempDir() + "serve_cmd_tokens";
  {
    std::ofstream out{path};
    out << "read 0123456789abcdef0123\n";
  }
  cfg.auth_token_file = path;
  auto o = make_server_options(cfg);
  ASSERT_TRUE(o) << formats::error_text(o.error());
  ASSERT_EQ(o->auth.entries.size(), 1u);
  EXPECT_EQ(o->auth.entries[0].token, "0123456789abcdef0123");
  {
    std::ofstream out{path};
    out << "read short\n";
  }
  auto err = server_error(cfg);
  EXPECT_NE(err.find("--auth-token-file"), std::string::npos) << err;
  EXPECT_NE(err.find("line 1"), std::string::npos) << err;
  std::remove(path.c_str());
  err = server_error(cfg);
  EXPECT_NE(err.find("cannot read token file"), std::string::npos) << err;
}
