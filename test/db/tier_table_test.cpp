#include "db/tier_table.hpp"

#include <gtest/gtest.h>

#include "test/db/test_dir.hpp"

using namespace timeless::db;
using timeless::db::testing::db_test;
using timeless::db::testing::open_writer;
using timeless::db::testing::test_dir;

namespace {

tier_row tier(std::string name, int64_t res, int64_t retention,
              bool months = false) {
  tier_row t;
  t.name = std::move(name);
  t.resolution_ms = res;
  t.calendar_months = months;
  t.retention_ms = retention;
  return t;
}

struct tier_table_test : db_test {};

} // namespace

TEST_F(tier_table_test, new_tiers_start_at_watermark_zero) {
  std::vector<tier_row> wanted{tier("hourly", 3600000, 100),
                               tier("monthly", 0, INT64_MAX, true)};
  std::vector<tier_row> out;
  ASSERT_TRUE(sync_tiers(*db, wanted, out).is_ok());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].name, "hourly");
  EXPECT_EQ(out[0].resolution_ms, 3600000);
  EXPECT_EQ(out[0].watermark, 0u);
  EXPECT_TRUE(out[1].calendar_months);
  EXPECT_EQ(out[1].retention_ms, INT64_MAX);
  EXPECT_NE(out[0].id, out[1].id);
}

TEST_F(tier_table_test, watermark_advances_only_from_the_expected_value) {
  std::vector<tier_row> out;
  std::vector<tier_row> wanted{tier("hourly", 3600000, 100)};
  ASSERT_TRUE(sync_tiers(*db, wanted, out).is_ok());
  auto id = out[0].id;
  ASSERT_TRUE(advance_watermark(*db, id, 0, 17).is_ok());
  auto st = advance_watermark(*db, id, 0, 20);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  ASSERT_TRUE(sync_tiers(*db, wanted, out).is_ok());
  EXPECT_EQ(out[0].watermark, 17u);
}

TEST_F(tier_table_test, retention_may_change_and_tiers_may_be_added) {
  std::vector<tier_row> out;
  std::vector<tier_row> wanted{tier("hourly", 3600000, 100)};
  ASSERT_TRUE(sync_tiers(*db, wanted, out).is_ok());
  ASSERT_TRUE(advance_watermark(*db, out[0].id, 0, 5).is_ok());
  wanted = {tier("hourly", 3600000, 200), tier("daily", 86400000, 300)};
  ASSERT_TRUE(sync_tiers(*db, wanted, out).is_ok());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].retention_ms, 200);
  EXPECT_EQ(out[0].watermark, 5u);
  EXPECT_EQ(out[1].name, "daily");
  EXPECT_EQ(out[1].watermark, 0u);
}

TEST_F(tier_table_test, changed_resolution_is_refused_by_name) {
  std::vector<tier_row> out;
  std::vector<tier_row> wanted{tier("hourly", 3600000, 100)};
  ASSERT_TRUE(sync_tiers(*db, wanted, out).is_ok());
  wanted = {tier("hourly", 7200000, 100)};
  auto st = sync_tiers(*db, wanted, out);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.message().find("'hourly' is stored with 3600000 ms buckets"),
            std::string::npos)
      << st.to_string();
  wanted = {tier("hourly", 0, 100, true)};
  EXPECT_FALSE(sync_tiers(*db, wanted, out).is_ok());
}

TEST_F(tier_table_test, missing_stored_tier_is_refused_by_name) {
  std::vector<tier_row> out;
  std::vector<tier_row> wanted{tier("hourly", 3600000, 100),
                               tier("daily", 86400000, 100)};
  ASSERT_TRUE(sync_tiers(*db, wanted, out).is_ok());
  wanted.pop_back();
  auto st = sync_tiers(*db, wanted, out);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.message().find("tier 'daily'"), std::string::npos)
      << st.to_string();
  // Nothing changed: both tiers are still there.
  std::vector<tier_row> stored;
  ASSERT_TRUE(load_tiers(*db, stored).is_ok());
  EXPECT_EQ(stored.size(), 2u);
}
