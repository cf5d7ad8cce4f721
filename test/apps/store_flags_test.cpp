#include "apps/store_flags.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "formats/error_text.hpp"
#include "test/actors/test_dir.hpp"
#include "timeless/error.hpp"

using namespace timeless;

TEST(store_flags, apply_fills_the_options) {
  apps::store_flags f;
  f.data_dir = "/tmp/x";
  f.shards = 3;
  f.segment_duration = "2h";
  f.flush_interval = "250ms";
  f.durability = "sync";
  f.raw_retention = "100y";
  store_options o;
  ASSERT_FALSE(f.apply(o));
  EXPECT_EQ(o.data_dir, "/tmp/x");
  EXPECT_EQ(o.shards, 3u);
  EXPECT_EQ(o.segment_duration_ms, 7'200'000);
  EXPECT_EQ(o.flush_interval, std::chrono::milliseconds{250});
  EXPECT_EQ(o.mode, durability::sync);
  EXPECT_EQ(o.raw_retention_ms, 100 * 365 * 86'400'000LL);
  f.raw_retention = "forever";
  f.rollup_interval = "5s";
  f.retention_interval = "off";
  f.compaction_interval = "1h";
  f.block_points = 4096;
  ASSERT_FALSE(f.apply(o));
  EXPECT_EQ(o.block_points, 4096u);
  EXPECT_EQ(o.raw_retention_ms, retention_forever);
  EXPECT_EQ(o.rollup_interval, std::chrono::milliseconds{5000});
  EXPECT_EQ(o.retention_interval, std::chrono::milliseconds{0});
  EXPECT_EQ(o.compaction_interval, std::chrono::milliseconds{3'600'000});
}

TEST(store_flags, defaults_are_the_store_defaults) {
  apps::store_flags f;
  store_options o;
  store_options defaults;
  ASSERT_FALSE(f.apply(o));
  EXPECT_EQ(o.data_dir, "./data");
  EXPECT_EQ(o.segment_duration_ms, defaults.segment_duration_ms);
  EXPECT_EQ(o.flush_interval, defaults.flush_interval);
  EXPECT_EQ(o.mode, defaults.mode);
  EXPECT_EQ(o.raw_retention_ms, defaults.raw_retention_ms);
  EXPECT_EQ(o.rollup_interval, defaults.rollup_interval);
  EXPECT_EQ(o.retention_interval, defaults.retention_interval);
  EXPECT_EQ(o.compaction_interval, defaults.compaction_interval);
  EXPECT_EQ(o.block_points, defaults.block_points);
}

TEST(store_flags, bad_values_name_the_flag) {
  auto error_of = [](auto change) {
    apps::store_flags f;
    change(f);
    store_options o;
    auto err = f.apply(o);
    EXPECT_TRUE(err);
    EXPECT_EQ(code_of(err), errc::invalid_argument);
    return formats::error_text(err);
  };
  EXPECT_EQ(error_of([](auto& f) { f.raw_retention = "0s"; }),
            "--raw-retention: must be positive");
  EXPECT_EQ(error_of([](auto& f) {
              f.raw_retention = "never";
            }).rfind("--raw-retention: invalid duration 'never'", 0),
            0u);
  EXPECT_EQ(error_of([](auto& f) { f.segment_duration = "0h"; }),
            "--segment-duration: must be positive");
  EXPECT_EQ(error_of([](auto& f) {
              f.flush_interval = "1x";
            }).rfind("--flush-interval: invalid duration", 0),
            0u);
  EXPECT_EQ(error_of([](auto& f) { f.durability = "maybe"; }),
            "--durability: must be async or sync");
  EXPECT_EQ(error_of([](auto& f) { f.rollup_interval = "0s"; }),
            "--rollup-interval: must be positive");
  EXPECT_EQ(error_of([](auto& f) {
              f.retention_interval = "never";
            }).rfind("--retention-interval: invalid duration 'never'", 0),
            0u);
  EXPECT_EQ(error_of([](auto& f) { f.compaction_interval = "0s"; }),
            "--compaction-interval: must be positive");
  EXPECT_EQ(error_of([](auto& f) { f.block_points = 0; }),
            "--block-points: must be between 1 and 1048576");
  EXPECT_EQ(error_of([](auto& f) { f.block_points = (1u << 20) + 1; }),
            "--block-points: must be between 1 and 1048576");
  EXPECT_EQ(error_of([](auto& f) { f.data_dir = ""; }),
            "--data-dir: must not be empty");
}

TEST(store_flags, retention_text) {
  EXPECT_EQ(*apps::parse_retention_ms("7d"), 7 * 86'400'000LL);
  EXPECT_EQ(*apps::parse_retention_ms("forever"), retention_forever);
  EXPECT_FALSE(apps::parse_retention_ms(""));
  EXPECT_EQ(apps::format_retention(retention_forever), "forever");
  EXPECT_EQ(apps::format_retention(7 * 86'400'000LL), "7d");
}

TEST(store_flags, open_existing_store_never_creates_one) {
  test_dir dir;
  store_options o;
  o.shards = 1;
  o.data_dir = dir.path + "/missing";
  auto s = apps::open_existing_store(o);
  ASSERT_FALSE(s);
  EXPECT_EQ(formats::error_text(s.error()),
            "no store in " + o.data_dir + ": the directory does not exist");
  EXPECT_FALSE(std::filesystem::exists(o.data_dir));
  o.data_dir = dir.path;
  s = apps::open_existing_store(o);
  ASSERT_FALSE(s);
  EXPECT_EQ(formats::error_text(s.error()), "no store in " + dir.path + ": " +
                                                dir.path +
                                                "/timeless.db does not exist");
  EXPECT_FALSE(std::filesystem::exists(dir.path + "/timeless.db"));
  ASSERT_TRUE(blocking_store::open(o)); // creates it, closes it
  s = apps::open_existing_store(o);
  ASSERT_TRUE(s) << describe(s.error());
  // A second opener finds it locked.
  auto again = apps::open_existing_store(o);
  ASSERT_FALSE(again);
  EXPECT_EQ(code_of(again.error()), errc::locked);
}
