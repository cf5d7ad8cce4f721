#include "db/meta_table.hpp"

#include <gtest/gtest.h>

#include "test/db/test_dir.hpp"

using namespace timeless::db;
using timeless::db::testing::open_writer;
using timeless::db::testing::test_dir;

TEST(meta_table, absent_key_is_not_found_naming_key) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  int64_t v = 0;
  auto st = get_meta(*db, "nope", v);
  EXPECT_TRUE(st.is_not_found());
  EXPECT_NE(st.message().find("'nope'"), std::string::npos) << st.to_string();
}

TEST(meta_table, put_replaces_integer) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  ASSERT_TRUE(put_meta(*db, "k", INT64_MIN).is_ok());
  int64_t v = 0;
  ASSERT_TRUE(get_meta(*db, "k", v).is_ok());
  EXPECT_EQ(v, INT64_MIN);
  ASSERT_TRUE(put_meta(*db, "k", INT64_MAX).is_ok());
  ASSERT_TRUE(get_meta(*db, "k", v).is_ok());
  EXPECT_EQ(v, INT64_MAX);
}

TEST(meta_table, text_values_and_type_checks) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  ASSERT_TRUE(put_meta_text(*db, "name", "abc").is_ok());
  std::string s;
  ASSERT_TRUE(get_meta_text(*db, "name", s).is_ok());
  EXPECT_EQ(s, "abc");
  int64_t v = 0;
  auto st = get_meta(*db, "name", v);
  EXPECT_TRUE(st.is_corruption());
  EXPECT_NE(st.message().find("'name'"), std::string::npos);
  ASSERT_TRUE(put_meta(*db, "n", 5).is_ok());
  EXPECT_TRUE(get_meta_text(*db, "n", s).is_corruption());
  // Keys are compared as whole strings, including empty ones.
  ASSERT_TRUE(put_meta_text(*db, "", "").is_ok());
  ASSERT_TRUE(get_meta_text(*db, "", s).is_ok());
  EXPECT_EQ(s, "");
}

TEST(meta_table, erase_and_persistence) {
  test_dir dir;
  auto path = dir.file("store.db");
  {
    auto db = open_writer(path);
    ASSERT_TRUE(put_meta(*db, "a", 1).is_ok());
    ASSERT_TRUE(put_meta(*db, "b", 2).is_ok());
    ASSERT_TRUE(erase_meta(*db, "a").is_ok());
    ASSERT_TRUE(erase_meta(*db, "absent").is_ok());
  }
  auto db = open_writer(path);
  int64_t v = 0;
  EXPECT_TRUE(get_meta(*db, "a", v).is_not_found());
  ASSERT_TRUE(get_meta(*db, "b", v).is_ok());
  EXPECT_EQ(v, 2);
}
