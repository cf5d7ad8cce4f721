#include "apps/import.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "test/apps/cli_test_util.hpp"

using namespace timeless;
using timeless::test::read_all;
using timeless::test::small_store;
using timeless::test::write_file;

namespace {

apps::import_config config(const std::string& dir, const std::string& format,
                           std::vector<std::string> files) {
  apps::import_config cfg;
  cfg.format = format;
  cfg.files = std::move(files);
  cfg.progress = false;
  cfg.store = small_store(dir + "/store");
  return cfg;
}

/// The lines of `text`.
std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream is{text};
  for (std::string line; std::getline(is, line);)
    out.push_back(line);
  return out;
}

} // namespace

TEST(import, prometheus_file_all_accepted) {
  test_dir dir;
  auto file = dir.path + "/in.prom";
  write_file(file, "# HELP cpu CPU use\n"
                   "# TYPE cpu gauge\n"
                   "cpu{host=\"a\"} 1 1000\n"
                   "cpu{host=\"a\"} 2 2000\n"
                   "\n"
                   "cpu{host=\"b\"} NaN 1000\n"
                   "mem 5e3 1000"); // no final line feed
  auto cfg = config(dir.path, "prometheus", {file});
  std::ostringstream err;
  auto r = apps::run_import(cfg, err);
  EXPECT_EQ(err.str(), "");
  EXPECT_EQ(r.exit_status(), 0);
  EXPECT_EQ(r.files, 1u);
  EXPECT_EQ(r.lines, 7u);
  EXPECT_EQ(r.points, 4u);
  EXPECT_EQ(r.rejected_lines, 0u);
  auto cpu = read_all(cfg.store, "cpu");
  ASSERT_EQ(cpu.size(), 2u);
  EXPECT_EQ(cpu[0].ts, (std::vector<int64_t>{1000, 2000}));
  EXPECT_EQ(cpu[0].values, (std::vector<double>{1, 2}));
  EXPECT_EQ(read_all(cfg.store, "mem")[0].values, std::vector<double>{5000});
}

TEST(import, rejected_lines_are_reported_and_good_lines_around_them_kept) {
  test_dir dir;
  auto file = dir.path + "/in.prom";
  write_file(file, "m{k=\"1\"} 1 1000\n"
                   "m{k=\"1\"} oops 2000\n"
                   "m{k=\"1\"} 3 3000\n"
                   "m{k=\"1\" 4 4000\n"
                   "m{k=\"1\"} 5 5000\n");
  auto cfg = config(dir.path, "prometheus", {file});
  std::ostringstream err;
  auto r = apps::run_import(cfg, err);
  EXPECT_EQ(r.exit_status(), 1);
  EXPECT_EQ(r.points, 3u);
  EXPECT_EQ(r.rejected_lines, 2u);
  auto report = lines(err.str());
  ASSERT_EQ(report.size(), 2u) << err.str();
  EXPECT_EQ(report[0], file + ":2: invalid value (expected a float, NaN, "
                              "+Inf or -Inf) (column 10)");
  EXPECT_EQ(report[1],
            file + ":4: expected ',' or '}' after the label value (column 9)");
  auto m = read_all(cfg.store, "m");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].ts, (std::vector<int64_t>{1000, 3000, 5000}));
}

TEST(import, lines_the_store_refuses_are_found_inside_their_batch) {
  // Every line parses; the store refuses lines 4 and 9 (a reserved label
  // name, a value past the length limit). Batches of 3 lines: the whole
  // batch is refused, then halves are retried down to the bad lines.
  test_dir dir;
  auto file = dir.path + "/in.prom";
  std::string text;
  for (int i = 1; i <= 12; ++i) {
    if (i == 4)
      text += "m{__bad=\"x\"} 4 4000\n";
    else if (i == 9)
      text += "m{k=\"" + std::string(5000, 'v') + "\"} 9 9000\n";
    else
      text += "m{k=\"ok\"} " + std::to_string(i) + " " +
              std::to_string(i * 1000) + "\n";
  }
  write_file(file, text);
  auto cfg = config(dir.path, "prometheus", {file});
  cfg.batch_points = 3;
  std::ostringstream err;
  auto r = apps::run_import(cfg, err);
  EXPECT_EQ(r.exit_status(), 1);
  EXPECT_EQ(r.rejected_lines, 2u);
  EXPECT_EQ(r.points, 10u);
  auto report = lines(err.str());
  ASSERT_EQ(report.size(), 2u) << err.str();
  EXPECT_EQ(report[0].rfind(file + ":4: ", 0), 0u) << report[0];
  EXPECT_NE(report[0].find("__bad"), std::string::npos) << report[0];
  EXPECT_EQ(report[1].rfind(file + ":9: ", 0), 0u) << report[1];
  EXPECT_NE(report[1].find("5000 bytes"), std::string::npos) << report[1];
  // The store's index of the sample in its batch is dropped: the line
  // number says where it is.
  EXPECT_EQ(report[1].find("sample"), std::string::npos) << report[1];
  auto m = read_all(cfg.store, "m");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].values,
            (std::vector<double>{1, 2, 3, 5, 6, 7, 8, 10, 11, 12}));
}

TEST(import, jsonl_file) {
  test_dir dir;
  auto file = dir.path + "/in.jsonl";
  write_file(file,
             R"({"metric":{"__name__":"cpu","host":"a"},"values":[1,2,null],)"
             R"("timestamps":[1000,2000,3000]})"
             "\n"
             R"({"metric":{"__name__":"cpu","host":"b"},"values":[1],)"
             R"("timestamps":[1000,2000]})"
             "\n\n"
             R"({"metric":{"__name__":"cpu","host":"c"},"values":[7],)"
             R"("timestamps":[5000]})"
             "\r\n");
  auto cfg = config(dir.path, "jsonl", {file});
  std::ostringstream err;
  auto r = apps::run_import(cfg, err);
  EXPECT_EQ(r.exit_status(), 1);
  EXPECT_EQ(r.lines, 4u);
  EXPECT_EQ(r.points, 4u);
  EXPECT_EQ(err.str(), file + ":2: \"values\" and \"timestamps\" differ in "
                              "length (column 1)\n");
  auto cpu = read_all(cfg.store, "cpu");
  ASSERT_EQ(cpu.size(), 2u);
  EXPECT_EQ(cpu[0].ts, (std::vector<int64_t>{1000, 2000, 3000}));
  EXPECT_TRUE(std::isnan(cpu[0].values[2]));
  EXPECT_EQ(cpu[1].values, std::vector<double>{7});
}

TEST(import, several_files_in_order) {
  test_dir dir;
  write_file(dir.path + "/a.prom", "m 1 1000\nm 2 2000\n");
  write_file(dir.path + "/b.prom", "m 3 3000\nbad\n");
  auto cfg = config(dir.path, "prometheus",
                    {dir.path + "/a.prom", dir.path + "/b.prom"});
  std::ostringstream err;
  auto r = apps::run_import(cfg, err);
  EXPECT_EQ(r.files, 2u);
  EXPECT_EQ(r.lines, 4u);
  EXPECT_EQ(r.points, 3u);
  EXPECT_EQ(err.str(), dir.path + "/b.prom:2: missing value (column 4)\n");
}

TEST(import, a_missing_file_stops_before_anything_is_written) {
  test_dir dir;
  write_file(dir.path + "/a.prom", "m 1 1000\n");
  auto cfg = config(dir.path, "prometheus",
                    {dir.path + "/a.prom", dir.path + "/missing.prom"});
  std::ostringstream err;
  auto r = apps::run_import(cfg, err);
  EXPECT_TRUE(r.failed);
  EXPECT_EQ(r.exit_status(), 2);
  EXPECT_EQ(err.str(), "timeless import: cannot open " + dir.path +
                           "/missing.prom: No such file or directory\n");
  EXPECT_FALSE(std::filesystem::exists(cfg.store.data_dir));
  cfg.files = {dir.path};
  err.str("");
  EXPECT_EQ(apps::run_import(cfg, err).exit_status(), 2);
  EXPECT_NE(err.str().find("is a directory"), std::string::npos);
}

TEST(import, a_locked_store_is_an_open_error) {
  test_dir dir;
  write_file(dir.path + "/a.prom", "m 1 1000\n");
  auto cfg = config(dir.path, "prometheus", {dir.path + "/a.prom"});
  auto holder = blocking_store::open(cfg.store);
  ASSERT_TRUE(holder);
  std::ostringstream err;
  auto r = apps::run_import(cfg, err);
  EXPECT_EQ(r.exit_status(), 2);
  EXPECT_NE(err.str().find("in use by another process"), std::string::npos)
      << err.str();
}

TEST(import, points_older_than_the_raw_retention_are_reported) {
  test_dir dir;
  constexpr int64_t day = 86'400'000;
  constexpr int64_t now = 1'700'000'000'000;
  write_file(dir.path + "/a.prom",
             "m 1 " + std::to_string(now - 10 * day) + "\nm 2 " +
                 std::to_string(now - 8 * day) + "\nm 3 " +
                 std::to_string(now - day) + "\nm 4\n");
  auto cfg = config(dir.path, "prometheus", {dir.path + "/a.prom"});
  cfg.store.raw_retention_ms = 7 * day;
  cfg.clock = [] { return now; };
  std::ostringstream err;
  auto r = apps::run_import(cfg, err);
  EXPECT_EQ(r.exit_status(), 0); // kept as rollups: not a rejection
  EXPECT_EQ(r.points, 4u);
  EXPECT_EQ(r.old_points, 2u);
  EXPECT_EQ(err.str(), "timeless import: 2 points are older than the raw "
                       "retention (7d): they will be kept only as rollups "
                       "(hourly, daily, monthly)\n");
  EXPECT_NE(apps::format_import_report(r).find("older than raw retention   2"),
            std::string::npos);
  // Without tiers the notice says they go.
  test_dir dir2;
  cfg.store.data_dir = dir2.path + "/store";
  cfg.store.tiers.clear();
  err.str("");
  apps::run_import(cfg, err);
  EXPECT_NE(err.str().find("retention will delete them"), std::string::npos);
  // Forever: nothing is old.
  test_dir dir3;
  cfg.store.data_dir = dir3.path + "/store";
  cfg.store.raw_retention_ms = retention_forever;
  err.str("");
  EXPECT_EQ(apps::run_import(cfg, err).old_points, 0u);
  EXPECT_EQ(err.str(), "");
}

TEST(import, report_formats) {
  apps::import_report r;
  r.format = "jsonl";
  r.files = 1;
  r.lines = 10;
  r.points = 20;
  r.rejected_lines = 1;
  r.seconds = 2;
  EXPECT_EQ(apps::import_report_json(r),
            R"({"format":"jsonl","files":1,"lines":10,"points":20,)"
            R"("rejected_lines":1,"old_points":0,)"
            R"("raw_retention_ms":9223372036854775807,"seconds":2.000,)"
            R"("points_per_second":10,"failed":false})");
  auto text = apps::format_import_report(r);
  EXPECT_NE(text.find("points accepted            20\n"), std::string::npos);
  EXPECT_NE(text.find("points/s                   10\n"), std::string::npos);
  EXPECT_EQ(r.exit_status(), 1);
}

TEST(import, a_label_value_that_is_not_utf8_is_rejected_naming_the_line) {
  // The original accepted any bytes, and `timeless export` then wrote
  // invalid JSON. Now the line is rejected and its neighbours are kept.
  test_dir dir;
  auto file = dir.path + "/in.jsonl";
  write_file(file,
             "{\"metric\":{\"__name__\":\"m\",\"k\":\"ok\"},\"values\":[1],"
             "\"timestamps\":[1000]}\n"
             "{\"metric\":{\"__name__\":\"m\",\"k\":\"\\u00e9\xff\"},"
             "\"values\":[2],\"timestamps\":[2000]}\n"
             "{\"metric\":{\"__name__\":\"m\",\"k\":\"ok\"},\"values\":[3],"
             "\"timestamps\":[3000]}\n");
  auto cfg = config(dir.path, "jsonl", {file});
  std::ostringstream err;
  auto r = apps::run_import(cfg, err);
  EXPECT_EQ(r.exit_status(), 1);
  EXPECT_EQ(r.rejected_lines, 1u);
  EXPECT_EQ(r.points, 2u);
  EXPECT_EQ(err.str().rfind(file + ":2: ", 0), 0u) << err.str();
  EXPECT_NE(err.str().find("not valid UTF-8"), std::string::npos) << err.str();
  auto m = read_all(cfg.store, "m");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].values, (std::vector<double>{1, 3}));
}
