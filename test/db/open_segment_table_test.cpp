#include "db/open_segment_table.hpp"

#include <gtest/gtest.h>

#include "test/db/test_dir.hpp"

using namespace timeless::db;
using timeless::db::testing::open_writer;
using timeless::db::testing::test_dir;

namespace {

std::vector<open_segment_row> load(database& db) {
  std::vector<open_segment_row> out;
  auto st = load_open_segments(
      db, [&](const open_segment_row& row) { out.push_back(row); });
  EXPECT_TRUE(st.is_ok()) << st.to_string();
  return out;
}

open_segment_row row(uint32_t shard, uint64_t id, int64_t start,
                     std::vector<uint8_t> data) {
  return open_segment_row{shard, id, start, std::move(data)};
}

} // namespace

TEST(open_segment_table, replace_is_per_shard) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  std::vector<open_segment_row> s0{row(0, 1, 100, {1}), row(0, 2, 100, {2})};
  std::vector<open_segment_row> s1{row(1, 3, 50, {3, 3})};
  ASSERT_TRUE(replace_open_segments(*db, 0, s0).is_ok());
  ASSERT_TRUE(replace_open_segments(*db, 1, s1).is_ok());
  EXPECT_EQ(load(*db).size(), 3u);
  // Replacing shard 0 drops its old rows and leaves shard 1 alone.
  std::vector<open_segment_row> s0b{row(0, 2, 200, {9, 9, 9})};
  ASSERT_TRUE(replace_open_segments(*db, 0, s0b).is_ok());
  auto rows = load(*db);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].shard, 0u);
  EXPECT_EQ(rows[0].series_id, 2u);
  EXPECT_EQ(rows[0].start_ts, 200);
  EXPECT_EQ(rows[0].data, (std::vector<uint8_t>{9, 9, 9}));
  EXPECT_EQ(rows[1].shard, 1u);
  EXPECT_EQ(rows[1].data, (std::vector<uint8_t>{3, 3}));
  // Replacing with nothing empties the shard.
  ASSERT_TRUE(replace_open_segments(*db, 0, {}).is_ok());
  EXPECT_EQ(load(*db).size(), 1u);
}

TEST(open_segment_table, row_of_another_shard_is_rejected) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  std::vector<open_segment_row> rows{row(2, 5, 0, {})};
  auto st = replace_open_segments(*db, 1, rows);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.message().find("series 5 belongs to shard 2"), std::string::npos)
      << st.to_string();
}

TEST(open_segment_table, delete_from_drops_higher_shards) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  for (uint32_t s = 0; s < 4; ++s) {
    std::vector<open_segment_row> rows{row(s, s + 10, 0, {uint8_t(s)})};
    ASSERT_TRUE(replace_open_segments(*db, s, rows).is_ok());
  }
  ASSERT_TRUE(delete_open_segments_from(*db, 2).is_ok());
  auto rows = load(*db);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].shard, 0u);
  EXPECT_EQ(rows[1].shard, 1u);
}

TEST(open_segment_table, survives_reopen_and_rolls_back) {
  test_dir dir;
  auto path = dir.file("store.db");
  {
    auto db = open_writer(path);
    std::vector<open_segment_row> rows{row(0, 1, -5, {7})};
    ASSERT_TRUE(replace_open_segments(*db, 0, rows).is_ok());
    // A failed transaction keeps the previous snapshot.
    auto st = with_transaction(*db, [&] {
      EXPECT_TRUE(replace_open_segments(*db, 0, {}).is_ok());
      return status::io_error("simulated");
    });
    EXPECT_FALSE(st.is_ok());
  }
  auto db = open_writer(path);
  auto rows = load(*db);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].start_ts, -5);
  EXPECT_EQ(rows[0].data, std::vector<uint8_t>{7});
}
