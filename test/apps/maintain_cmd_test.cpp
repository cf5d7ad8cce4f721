#include "apps/maintain_cmd.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

#include "formats/error_text.hpp"
#include "test/apps/cli_test_util.hpp"

using namespace timeless;

namespace {

constexpr int64_t hour_ms = 3'600'000;
constexpr int64_t day_ms = 24 * hour_ms;

int64_t wall_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
      .count();
}

/// A store holding one series with a point a minute over a day that ended
/// ten days ago (the real clock: the commands use it), raw kept 7 days.
store_options old_store(const std::string& dir) {
  auto o = test::small_store(dir);
  o.raw_retention_ms = 7 * day_ms;
  auto store = blocking_store::open(o);
  EXPECT_TRUE(store) << describe(store.error());
  std::vector<sample> pts;
  int64_t t0 = (wall_now_ms() - 11 * day_ms) / day_ms * day_ms;
  for (int i = 0; i < 1440; ++i)
    pts.push_back(sample{"cpu", {{"host", "a"}}, t0 + i * 60'000, 1.0});
  EXPECT_TRUE((*store)->write(pts));
  return o;
}

} // namespace

TEST(maintain_cmd, report_text_and_json) {
  rollup_report r{3, 1440, 27};
  EXPECT_EQ(apps::format_rollup(r), "timeless rollup\n"
                                    "  segments read              3\n"
                                    "  points read                1440\n"
                                    "  tier rows written          27\n");
  EXPECT_EQ(apps::rollup_json(r), R"({"segments":3,"points":1440,"rows":27})");
  retention_report t{1'700'000'000'000, 6, 24, 1, 65536};
  EXPECT_EQ(apps::format_retention_report(t),
            "timeless retention\n"
            "  raw points deleted before  2023-11-14T22:13:20.000Z\n"
            "  segments deleted           6\n"
            "  tier rows deleted          24\n"
            "  series removed             1\n"
            "  bytes reclaimed            65536\n");
  EXPECT_EQ(apps::retention_json(t),
            R"({"raw_cutoff":1700000000000,"segments":6,"tier_rows":24,)"
            R"("series":1,"bytes_reclaimed":65536})");
  t.raw_cutoff = INT64_MIN;
  EXPECT_NE(apps::format_retention_report(t).find("(kept forever)"),
            std::string::npos);
  EXPECT_EQ(apps::retention_json(t).rfind(R"({"raw_cutoff":null,)", 0), 0u);
}

TEST(maintain_cmd, compaction_report_text_and_json) {
  compaction_report r{18, 3, 2593};
  EXPECT_EQ(apps::format_compaction(r), "timeless compact\n"
                                        "  segments replaced          18\n"
                                        "  segments written           3\n"
                                        "  points in them             2593\n");
  EXPECT_EQ(apps::compaction_json(r),
            R"({"segments_replaced":18,"segments_written":3,"points":2593})");
}

TEST(maintain_cmd, compact_merges_the_segments_of_separate_checkpoints) {
  test_dir dir;
  auto o = test::small_store(dir.path);
  {
    auto store = blocking_store::open(o);
    ASSERT_TRUE(store) << describe(store.error());
    // Four checkpoints of a day-old hour each: four rows.
    int64_t t0 = (wall_now_ms() - 2 * day_ms) / day_ms * day_ms;
    for (int h = 0; h < 4; ++h) {
      std::vector<sample> pts;
      for (int i = 0; i < 60; ++i)
        pts.push_back(sample{
            "cpu", {{"host", "a"}}, t0 + h * hour_ms + i * 60'000, double(i)});
      ASSERT_TRUE((*store)->write(pts));
      ASSERT_FALSE((*store)->flush(true));
    }
    ASSERT_FALSE((*store)->close());
  }
  std::ostringstream out;
  ASSERT_FALSE(apps::run_compact(o, true, out)) << out.str();
  EXPECT_EQ(out.str(),
            R"({"segments_replaced":4,"segments_written":1,"points":240})"
            "\n");
  auto all = test::read_all(o, "cpu");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].ts.size(), 240u);
}

TEST(maintain_cmd, rollup_then_retention_of_a_store) {
  test_dir dir;
  auto o = old_store(dir.path);
  std::ostringstream out;
  ASSERT_FALSE(apps::run_rollup(o, "hourly", true, out)) << out.str();
  EXPECT_NE(out.str().find(R"("points":1440,"rows":24})"), std::string::npos)
      << out.str();
  out.str("");
  ASSERT_FALSE(apps::run_retention(o, true, out));
  // The raw points were rolled up into every tier first, then deleted.
  EXPECT_NE(out.str().find(R"("tier_rows":0,"series":0,)"), std::string::npos)
      << out.str();
  EXPECT_EQ(out.str().find(R"("segments":0,)"), std::string::npos) << out.str();
  EXPECT_TRUE(test::read_all(o, "cpu").empty());
  auto store = blocking_store::open(o);
  ASSERT_TRUE(store);
  auto info = (*store)->info();
  ASSERT_TRUE(info);
  ASSERT_EQ(info->tiers.size(), 3u);
  EXPECT_EQ(info->tiers[0].rows, 24u);
  EXPECT_EQ(info->tiers[1].rows, 1u);
}

TEST(maintain_cmd, errors_name_the_problem) {
  test_dir dir;
  auto o = old_store(dir.path);
  std::ostringstream out;
  auto err = apps::run_rollup(o, "weekly", false, out);
  ASSERT_TRUE(err);
  EXPECT_NE(formats::error_text(err).find("'weekly'"), std::string::npos)
      << formats::error_text(err);
  o.data_dir = dir.path + "/none";
  EXPECT_EQ(formats::error_text(apps::run_retention(o, false, out)),
            "no store in " + o.data_dir + ": the directory does not exist");
}
