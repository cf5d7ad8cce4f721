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
