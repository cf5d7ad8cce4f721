#include "db/reclaim.hpp"

#include <filesystem>
#include <gtest/gtest.h>

#include "db/segment_table.hpp"
#include "test/db/test_dir.hpp"

using namespace timeless::db;
using namespace timeless::db::testing;

TEST(reclaim, deleted_rows_give_their_pages_back_to_the_file_system) {
  test_dir dir;
  auto path = dir.file("store.db");
  auto db = open_writer(path);
  ASSERT_NE(db, nullptr);
  // One transaction per row: one pack per row, so each deleted row frees
  // its whole pack.
  for (uint64_t seq = 1; seq <= 200; ++seq) {
    std::vector<segment_row> rows{segment_row{1, int64_t(seq) * 10,
                                              int64_t(seq) * 10 + 9, 10, seq,
                                              std::vector<uint8_t>(20'000, 7)}};
    ASSERT_TRUE(with_transaction(*db, [&] {
                  return insert_segments(*db, rows);
                }).is_ok());
  }
  uint64_t freed = 0;
  ASSERT_TRUE(reclaim_free_pages(*db, freed).is_ok());
  EXPECT_EQ(freed, 0u); // nothing deleted yet
  auto full = std::filesystem::file_size(path);
  uint64_t deleted = 0;
  ASSERT_TRUE(with_transaction(*db, [&] {
                return delete_segments_ending_before(*db, 1500, 200, deleted);
              }).is_ok());
  EXPECT_EQ(deleted, 149u);
  ASSERT_TRUE(reclaim_free_pages(*db, freed).is_ok());
  EXPECT_GT(freed, 149u * 20'000 * 9 / 10);
  auto after = std::filesystem::file_size(path);
  EXPECT_LT(after, full - 149u * 20'000 * 9 / 10);
  // The -wal file is truncated too.
  EXPECT_EQ(std::filesystem::file_size(path + "-wal"), 0u);
}
