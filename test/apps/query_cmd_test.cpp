#include "apps/query_cmd.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <sstream>

#include "formats/error_text.hpp"
#include "test/apps/cli_test_util.hpp"

using namespace timeless;

namespace {

constexpr int64_t t0 = 1'700'000'000'000; // 2023-11-14T22:13:20Z

/// cpu{host="a"}: 1, 2, 4 at t0, t0+30s, t0+90s; cpu{host="b,c"}: NaN at t0.
void fill(const store_options& o) {
  auto store = blocking_store::open(o);
  ASSERT_TRUE(store) << describe(store.error());
  ASSERT_TRUE((*store)->write(
      {{"cpu", {{"host", "a"}}, t0, 1},
       {"cpu", {{"host", "a"}}, t0 + 30'000, 2},
       {"cpu", {{"host", "a"}}, t0 + 90'000, 4},
       {"cpu", {{"host", "b,c"}}, t0, std::numeric_limits<double>::quiet_NaN()},
       {"mem", {}, t0, 9}}));
}

std::string run(apps::query_config cfg) {
  std::ostringstream out;
  auto err = apps::run_query(cfg, out);
  EXPECT_FALSE(err) << formats::error_text(err);
  return out.str();
}

apps::query_config config(const std::string& dir, std::string selector) {
  apps::query_config cfg;
  cfg.store = test::small_store(dir);
  cfg.selector = std::move(selector);
  return cfg;
}

} // namespace

TEST(query_cmd, raw_table) {
  test_dir dir;
  auto cfg = config(dir.path, "cpu");
  fill(cfg.store);
  EXPECT_EQ(run(cfg), "cpu{host=\"a\"}  (3 points)\n"
                      "  time                      value\n"
                      "  2023-11-14T22:13:20.000Z  1\n"
                      "  2023-11-14T22:13:50.000Z  2\n"
                      "  2023-11-14T22:14:50.000Z  4\n"
                      "cpu{host=\"b,c\"}  (1 point)\n"
                      "  time                      value\n"
                      "  2023-11-14T22:13:20.000Z  NaN\n"
                      "2 series, 4 points\n");
}

TEST(query_cmd, raw_json_and_csv) {
  test_dir dir;
  auto cfg = config(dir.path, R"(cpu{host="a"})");
  fill(cfg.store);
  cfg.format = apps::output_format::json;
  EXPECT_EQ(run(cfg), "[\n"
                      R"({"metric":{"__name__":"cpu","host":"a"},)"
                      R"("values":[1,2,4],"timestamps":[1700000000000,)"
                      R"(1700000030000,1700000090000]})"
                      "\n]\n");
  cfg.selector = "cpu";
  cfg.format = apps::output_format::csv;
  EXPECT_EQ(run(cfg), "series,timestamp,value\n"
                      "\"cpu{host=\"\"a\"\"}\",1700000000000,1\n"
                      "\"cpu{host=\"\"a\"\"}\",1700000030000,2\n"
                      "\"cpu{host=\"\"a\"\"}\",1700000090000,4\n"
                      "\"cpu{host=\"\"b,c\"\"}\",1700000000000,NaN\n");
  cfg.selector = "mem";
  EXPECT_EQ(run(cfg), "series,timestamp,value\nmem,1700000000000,9\n");
}

TEST(query_cmd, time_range) {
  test_dir dir;
  auto cfg = config(dir.path, R"(cpu{host="a"})");
  fill(cfg.store);
  cfg.from = t0 + 1;
  cfg.to = t0 + 30'000;
  cfg.format = apps::output_format::csv;
  EXPECT_EQ(run(cfg), "series,timestamp,value\n"
                      "\"cpu{host=\"\"a\"\"}\",1700000030000,2\n");
}

TEST(query_cmd, aggregates) {
  test_dir dir;
  auto cfg = config(dir.path, R"(cpu{host="a"})");
  fill(cfg.store);
  cfg.agg = aggregate_fn::sum;
  cfg.step = 60'000; // buckets start at 22:13:00 and 22:14:00
  EXPECT_EQ(run(cfg), "cpu{host=\"a\"}  (sum, step 1m, 2 buckets)\n"
                      "  time                      sum\n"
                      "  2023-11-14T22:13:00.000Z  3\n"
                      "  2023-11-14T22:14:00.000Z  4\n");
  cfg.agg = aggregate_fn::count;
  cfg.format = apps::output_format::json;
  EXPECT_EQ(run(cfg), "[\n"
                      R"({"metric":{"__name__":"cpu","host":"a"},)"
                      R"("values":[2,1],"timestamps":[1699999980000,)"
                      R"(1700000040000]})"
                      "\n]\n");
  cfg.agg = aggregate_fn::max;
  cfg.step = 0; // default: 1h without a range
  cfg.format = apps::output_format::csv;
  EXPECT_EQ(run(cfg), "series,timestamp,value\n"
                      "\"cpu{host=\"\"a\"\"}\",1699999200000,4\n");
}

TEST(query_cmd, nothing_matched) {
  test_dir dir;
  auto cfg = config(dir.path, "nope");
  fill(cfg.store);
  EXPECT_EQ(run(cfg), "no series matched\n");
  cfg.format = apps::output_format::json;
  EXPECT_EQ(run(cfg), "[]\n");
  cfg.format = apps::output_format::csv;
  EXPECT_EQ(run(cfg), "series,timestamp,value\n");
}

TEST(query_cmd, default_step_gives_at_most_100_buckets) {
  constexpr int64_t h = 3'600'000;
  EXPECT_EQ(apps::default_step_ms(INT64_MIN, INT64_MAX), h);
  EXPECT_EQ(apps::default_step_ms(0, INT64_MAX), h);
  EXPECT_EQ(apps::default_step_ms(0, 0), 1000);
  EXPECT_EQ(apps::default_step_ms(0, 99'999), 1000);
  EXPECT_EQ(apps::default_step_ms(0, 100'000), 5000);
  EXPECT_EQ(apps::default_step_ms(0, 24 * h), 30 * 60'000); // 48 buckets
  EXPECT_EQ(apps::default_step_ms(0, 30 * 24 * h), 12 * h); // 60 buckets
  EXPECT_EQ(apps::default_step_ms(INT64_MIN + 1, INT64_MAX - 1), 365 * 24 * h);
  for (int64_t span : {int64_t{1}, 7 * 24 * h, 90 * 24 * h, 1000 * h}) {
    auto step = apps::default_step_ms(t0, t0 + span);
    EXPECT_LE(span / step, 100) << span;
  }
}

TEST(query_cmd, errors) {
  test_dir dir;
  auto cfg = config(dir.path + "/missing", "cpu");
  std::ostringstream out;
  auto err = apps::run_query(cfg, out);
  EXPECT_EQ(formats::error_text(err),
            "no store in " + dir.path +
                "/missing: the directory does not exist");
  EXPECT_FALSE(std::filesystem::exists(dir.path + "/missing"));
  cfg = config(dir.path, "cpu{host=}");
  err = apps::run_query(cfg, out);
  EXPECT_EQ(formats::error_text(err).rfind("bad selector: ", 0), 0u);
  cfg = config(dir.path, "cpu");
  cfg.from = 2;
  cfg.to = 1;
  EXPECT_EQ(formats::error_text(apps::run_query(cfg, out)),
            "--from is after --to");
  EXPECT_EQ(out.str(), "");
}
