#include "apps/export.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>

#include "apps/import.hpp"
#include "formats/error_text.hpp"
#include "test/apps/cli_test_util.hpp"

using namespace timeless;
using timeless::test::read_all;
using timeless::test::small_store;
using timeless::test::write_file;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

/// Values that stress the text form: signed zero, extremes, specials.
const std::vector<double> hard_values = {
    -0.0,
    0.1,
    1.0 / 3,
    std::numeric_limits<double>::max(),
    std::numeric_limits<double>::denorm_min(),
    -std::numeric_limits<double>::min(),
    inf,
    -inf,
    std::numeric_limits<double>::quiet_NaN(),
    123456789.123456789,
    -2.5e-300,
    42,
};

/// A store with three series of "m" (one with label values that need
/// escapes), 40 points each, and one series of "other".
void fill(const store_options& o) {
  auto store = blocking_store::open(o);
  ASSERT_TRUE(store) << describe(store.error());
  std::vector<sample> batch;
  std::vector<label_set> series = {
      {{"host", "a"}},
      {{"host", "b"}, {"note", "q\"u\\o\nte \xc3\xa9 \x01 \xe2\x82\xac"}},
      {},
  };
  for (size_t s = 0; s < series.size(); ++s)
    for (int i = 0; i < 40; ++i)
      batch.push_back({"m", series[s], 1'700'000'000'000 + i * 60'000 - 7,
                       hard_values[(i + s) % hard_values.size()] * (i + 1)});
  batch.push_back({"other", {}, 5, 1});
  ASSERT_TRUE((*store)->write(batch));
}

std::string export_text(const store_options& o, const std::string& match,
                        size_t per_line = 7) {
  apps::export_config cfg;
  cfg.store = o;
  cfg.match = {match};
  cfg.points_per_line = per_line;
  std::ostringstream out;
  auto r = apps::run_export(cfg, out);
  EXPECT_TRUE(r) << formats::error_text(r.error());
  return out.str();
}

void expect_same(const std::vector<series_points>& a,
                 const std::vector<series_points>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].metric, b[i].metric);
    EXPECT_EQ(a[i].labels, b[i].labels);
    EXPECT_EQ(a[i].ts, b[i].ts);
    ASSERT_EQ(a[i].values.size(), b[i].values.size());
    for (size_t j = 0; j < a[i].values.size(); ++j) {
      auto x = a[i].values[j];
      auto y = b[i].values[j];
      if (std::isnan(x))
        EXPECT_TRUE(std::isnan(y));
      else
        EXPECT_EQ(std::bit_cast<uint64_t>(x), std::bit_cast<uint64_t>(y))
            << x << " vs " << y;
    }
  }
}

} // namespace

TEST(export, import_of_an_export_gives_the_same_data_back) {
  test_dir a;
  test_dir b;
  auto src = small_store(a.path);
  fill(src);
  auto text = export_text(src, "m");
  // 3 series of 40 points in lines of at most 7 points: 6 lines each.
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 18);
  EXPECT_EQ(text.find("other"), std::string::npos);
  write_file(b.path + "/export.jsonl", text);
  apps::import_config cfg;
  cfg.format = "jsonl";
  cfg.files = {b.path + "/export.jsonl"};
  cfg.progress = false;
  cfg.store = small_store(b.path + "/store");
  std::ostringstream err;
  auto r = apps::run_import(cfg, err);
  EXPECT_EQ(err.str(), "");
  EXPECT_EQ(r.exit_status(), 0);
  EXPECT_EQ(r.points, 120u);
  expect_same(read_all(src, "m"), read_all(cfg.store, "m"));
  // Exporting the copy writes the same bytes.
  EXPECT_EQ(export_text(cfg.store, "m"), text);
}

TEST(export, lines_are_victoriametrics_json) {
  test_dir a;
  auto o = small_store(a.path);
  {
    auto store = blocking_store::open(o);
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->write({{"cpu", {{"host", "a"}}, 1000, 0.5},
                                 {"cpu", {{"host", "a"}}, 2000, std::nan("")},
                                 {"cpu", {{"host", "a"}}, 3000, -inf}}));
  }
  EXPECT_EQ(export_text(o, "cpu{host=\"a\"}", 10000),
            R"({"metric":{"__name__":"cpu","host":"a"},)"
            R"("values":[0.5,null,"-Infinity"],"timestamps":[1000,2000,3000]})"
            "\n");
}

TEST(export, time_range_and_selector) {
  test_dir a;
  auto o = small_store(a.path);
  fill(o);
  apps::export_config cfg;
  cfg.store = o;
  cfg.match = {R"(m{host=~"a|b"})"};
  cfg.from = 1'700'000'000'000 + 60'000 - 7;
  cfg.to = 1'700'000'000'000 + 3 * 60'000 - 7;
  std::ostringstream out;
  auto r = apps::run_export(cfg, out);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->series, 2u);
  EXPECT_EQ(r->points, 6u);
  EXPECT_EQ(r->lines, 2u);
}

TEST(export, errors_name_the_problem_and_create_nothing) {
  test_dir a;
  apps::export_config cfg;
  cfg.store = small_store(a.path + "/nothing");
  cfg.match = {"m"};
  std::ostringstream out;
  auto r = apps::run_export(cfg, out);
  ASSERT_FALSE(r);
  EXPECT_EQ(formats::error_text(r.error()),
            "no store in " + a.path + "/nothing: the directory does not exist");
  EXPECT_FALSE(std::filesystem::exists(a.path + "/nothing"));
  cfg.store.data_dir = a.path; // exists, but holds no store
  r = apps::run_export(cfg, out);
  ASSERT_FALSE(r);
  EXPECT_NE(formats::error_text(r.error()).find("timeless.db does not exist"),
            std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(a.path + "/timeless.db"));
  cfg.match = {"m{"};
  r = apps::run_export(cfg, out);
  ASSERT_FALSE(r);
  EXPECT_EQ(formats::error_text(r.error()).rfind("bad selector: ", 0), 0u);
  EXPECT_EQ(out.str(), "");
}

TEST(export, a_locked_store_is_reported) {
  test_dir a;
  auto o = small_store(a.path);
  fill(o);
  auto holder = blocking_store::open(o);
  ASSERT_TRUE(holder);
  apps::export_config cfg;
  cfg.store = o;
  cfg.match = {"m"};
  std::ostringstream out;
  auto r = apps::run_export(cfg, out);
  ASSERT_FALSE(r);
  EXPECT_EQ(code_of(r.error()), errc::locked);
  EXPECT_NE(formats::error_text(r.error()).find("in use by another process"),
            std::string::npos);
}

TEST(export, every_series_without_a_selector_and_several_selectors) {
  test_dir a;
  auto o = small_store(a.path);
  fill(o);
  apps::export_config cfg;
  cfg.store = o;
  std::ostringstream out;
  auto r = apps::run_export(cfg, out);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->series, 4u); // three of "m", one of "other"
  EXPECT_EQ(r->points, 121u);
  EXPECT_LT(out.str().find("\"m\""), out.str().find("\"other\""));
  cfg.match = {R"(m{host="a"})", "other"};
  out.str("");
  r = apps::run_export(cfg, out);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->series, 2u);
  EXPECT_EQ(r->points, 41u);
}
