#include "db/series_table.hpp"

#include <gtest/gtest.h>

#include "test/db/test_dir.hpp"

using namespace timeless::db;
using timeless::db::testing::open_writer;
using timeless::db::testing::test_dir;

TEST(series_table, empty_store_loads_nothing) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  std::vector<series_row> rows;
  ASSERT_TRUE(load_series(*db, rows).is_ok());
  EXPECT_TRUE(rows.empty());
}

TEST(series_table, insert_and_load_ordered_by_id_across_reopen) {
  test_dir dir;
  auto path = dir.file("store.db");
  std::string binary_labels{"a\0=\xff,b", 6};
  {
    auto db = open_writer(path);
    std::vector<series_row> rows{{7, "cpu", "host=a"},
                                 {2, "cpu", "host=b"},
                                 {(1ull << 63) - 1, "mem", binary_labels},
                                 {3, "mem", ""}};
    auto st = with_transaction(*db, [&] { return insert_series(*db, rows); });
    ASSERT_TRUE(st.is_ok()) << st.to_string();
  }
  auto db = open_writer(path);
  std::vector<series_row> rows;
  ASSERT_TRUE(load_series(*db, rows).is_ok());
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].id, 2u);
  EXPECT_EQ(rows[1].id, 3u);
  EXPECT_EQ(rows[1].labels, "");
  EXPECT_EQ(rows[2].id, 7u);
  EXPECT_EQ(rows[2].metric, "cpu");
  EXPECT_EQ(rows[2].labels, "host=a");
  EXPECT_EQ(rows[3].id, (1ull << 63) - 1);
  EXPECT_EQ(rows[3].labels, binary_labels); // BLOB keeps NUL and 0xff
}

TEST(series_table, identical_reinsert_is_ignored) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  std::vector<series_row> rows{{1, "cpu", "host=a"}};
  ASSERT_TRUE(insert_series(*db, rows).is_ok());
  ASSERT_TRUE(insert_series(*db, rows).is_ok());
  std::vector<series_row> out;
  ASSERT_TRUE(load_series(*db, out).is_ok());
  EXPECT_EQ(out.size(), 1u);
}

TEST(series_table, conflicting_id_is_rejected_naming_it) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  std::vector<series_row> a{{1, "cpu", "host=a"}};
  ASSERT_TRUE(insert_series(*db, a).is_ok());
  std::vector<series_row> same_id{{1, "cpu", "host=b"}};
  auto st = insert_series(*db, same_id);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.message().find("series 1"), std::string::npos) << st.to_string();
  std::vector<series_row> same_key{{2, "cpu", "host=a"}};
  st = insert_series(*db, same_key);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.message().find("series 2"), std::string::npos);
}

TEST(series_table, id_beyond_int64_is_rejected) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  std::vector<series_row> rows{{1ull << 63, "cpu", ""}};
  auto st = insert_series(*db, rows);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.message().find("9223372036854775808"), std::string::npos);
}

TEST(series_table_orphans, series_without_data_anywhere_are_orphans) {
  timeless::db::testing::test_dir dir;
  auto db = timeless::db::testing::open_writer(dir.file("store.db"));
  ASSERT_NE(db, nullptr);
  // 12,000 series (the original's orphan query failed beyond 500): every
  // third has a segment, every third a snapshot, every third nothing; ids
  // divisible by 5 also have a rollup row.
  std::vector<series_row> rows;
  for (uint64_t id = 1; id <= 12'000; ++id)
    rows.push_back(series_row{id, "m", "k=" + std::to_string(id)});
  ASSERT_TRUE(insert_series(*db, rows).is_ok());
  ASSERT_TRUE(db->exec("INSERT INTO tiers VALUES(1, 'hourly', 3600000, 0,"
                       " 1000, 0, 0)")
                  .is_ok());
  ASSERT_TRUE(db->exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT"
                       " i + 1 FROM n WHERE i < 12000)"
                       " INSERT INTO segments(series_id, start_ts, end_ts,"
                       " seq, point_count, pack, pack_off, pack_len)"
                       " SELECT i, 0, 1, i, 2, 0, 0, 0"
                       " FROM n WHERE i % 3 = 1;"
                       "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT"
                       " i + 1 FROM n WHERE i < 12000)"
                       " INSERT INTO open_segments SELECT 0, i, 0, x'00'"
                       " FROM n WHERE i % 3 = 2;"
                       "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT"
                       " i + 1 FROM n WHERE i < 12000)"
                       " INSERT INTO rollups SELECT 1, i, 0, 1, 1.0, 1.0,"
                       " 1.0, 0, 0, 0, 0 FROM n WHERE i % 5 = 0")
                  .is_ok());
  std::vector<uint64_t> orphans;
  ASSERT_TRUE(find_orphan_series(*db, orphans).is_ok());
  std::vector<uint64_t> want;
  for (uint64_t id = 1; id <= 12'000; ++id)
    if (id % 3 == 0 && id % 5 != 0)
      want.push_back(id);
  EXPECT_EQ(orphans, want);
  // delete_orphan_series re-checks: a series that has data is kept.
  std::vector<uint64_t> ask = orphans;
  ask.push_back(1); // has a segment
  ask.push_back(2); // has a snapshot
  ask.push_back(5); // has a rollup row
  uint64_t deleted = 0;
  ASSERT_TRUE(with_transaction(*db, [&] {
                return delete_orphan_series(*db, ask, deleted);
              }).is_ok());
  EXPECT_EQ(deleted, want.size());
  std::vector<series_row> left;
  ASSERT_TRUE(load_series(*db, left).is_ok());
  EXPECT_EQ(left.size(), 12'000u - want.size());
  orphans.clear();
  ASSERT_TRUE(find_orphan_series(*db, orphans).is_ok());
  EXPECT_TRUE(orphans.empty());
}
