#include "db/store_stats.hpp"

#include <gtest/gtest.h>

#include "db/open_segment_table.hpp"
#include "db/schema.hpp"
#include "db/segment_table.hpp"
#include "db/series_table.hpp"
#include "test/db/test_dir.hpp"

using namespace timeless::db;
using timeless::db::testing::open_writer;
using timeless::db::testing::test_dir;

TEST(store_stats, empty_store) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  store_stats s;
  ASSERT_TRUE(read_stats(*db, s).is_ok());
  EXPECT_EQ(s.series, 0u);
  EXPECT_EQ(s.segments, 0u);
  EXPECT_EQ(s.points, 0u);
  EXPECT_EQ(s.segment_bytes, 0u);
  EXPECT_EQ(s.page_size, static_cast<uint64_t>(store_page_size));
  EXPECT_GT(s.page_count, 0u);
}

TEST(store_stats, counts_true_blob_bytes) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  std::vector<series_row> series{{1, "m", "a"}, {2, "m", "b"}};
  ASSERT_TRUE(insert_series(*db, series).is_ok());
  // NUL bytes early in a blob: a TEXT length() would stop at the first.
  std::vector<uint8_t> a(1000, 0);
  std::vector<uint8_t> b(37, 0xff);
  b[0] = 0;
  std::vector<segment_row> segs{{1, 0, 10, 5, 1, a}, {2, 0, 20, 7, 2, b}};
  ASSERT_TRUE(insert_segments(*db, segs).is_ok());
  std::vector<open_segment_row> open{{0, 1, 11, {0, 0, 0}}};
  ASSERT_TRUE(replace_open_segments(*db, 0, open).is_ok());
  store_stats s;
  ASSERT_TRUE(read_stats(*db, s).is_ok());
  EXPECT_EQ(s.series, 2u);
  EXPECT_EQ(s.segments, 2u);
  EXPECT_EQ(s.points, 12u);
  EXPECT_EQ(s.segment_bytes, 1037u);
  EXPECT_EQ(s.open_segments, 1u);
  EXPECT_EQ(s.open_segment_bytes, 3u);
  // The blobs are in one pack (schema v4): 1,037 bytes.
  status st;
  auto* packs = db->prepare_cached(
      "SELECT count(*), sum(length(data)), sum(live) FROM packs", st);
  ASSERT_NE(packs, nullptr) << st.to_string();
  scoped_reset guard{packs};
  bool row = false;
  ASSERT_TRUE(packs->step(row).is_ok() && row);
  EXPECT_EQ(packs->column_int64(0), 1);
  EXPECT_EQ(packs->column_int64(1), 1037);
  EXPECT_EQ(packs->column_int64(2), 1037);
  EXPECT_LT(s.freelist_count, s.page_count);
}
