#include "db/first_row.hpp"

#include <gtest/gtest.h>

#include "test/db/test_dir.hpp"

using namespace timeless::db;
using timeless::db::testing::db_test;

namespace {

struct first_row : db_test {};

} // namespace

TEST_F(first_row, reads_the_first_row_only) {
  ASSERT_TRUE(
      db->exec("CREATE TABLE t(i); INSERT INTO t VALUES(5), (6)").is_ok());
  int64_t seen = 0;
  int calls = 0;
  auto st = with_first_row(*db, "SELECT i FROM t ORDER BY i",
                           [&](statement& stmt, bool row) {
                             ++calls;
                             EXPECT_TRUE(row);
                             seen = stmt.column_int64(0);
                             return status::ok();
                           });
  EXPECT_TRUE(st.is_ok()) << st.to_string();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(seen, 5);
}

TEST_F(first_row, no_row_is_reported_to_the_visitor) {
  ASSERT_TRUE(db->exec("CREATE TABLE t(i)").is_ok());
  bool had_row = true;
  auto st = with_first_row(*db, "SELECT i FROM t", [&](statement&, bool row) {
    had_row = row;
    return status::ok();
  });
  EXPECT_TRUE(st.is_ok()) << st.to_string();
  EXPECT_FALSE(had_row);
}

TEST_F(first_row, the_visitors_status_is_returned) {
  auto st = with_first_row(*db, "SELECT 1", [](statement&, bool) {
    return status::corruption("from the visitor");
  });
  EXPECT_TRUE(st.is_corruption());
  EXPECT_EQ(st.message(), "from the visitor");
}

TEST_F(first_row, a_prepare_error_skips_the_visitor) {
  int calls = 0;
  auto st = with_first_row(*db, "SELECT nope FROM missing_table",
                           [&](statement&, bool) {
                             ++calls;
                             return status::ok();
                           });
  EXPECT_FALSE(st.is_ok());
  EXPECT_NE(st.message().find("missing_table"), std::string::npos)
      << st.to_string();
  EXPECT_EQ(calls, 0);
}

TEST_F(first_row, the_statement_is_reset_for_the_next_call) {
  ASSERT_TRUE(
      db->exec("CREATE TABLE t(i); INSERT INTO t VALUES(1), (2)").is_ok());
  for (int k = 0; k < 2; ++k) {
    int64_t seen = 0;
    auto st = with_first_row(*db, "SELECT i FROM t ORDER BY i",
                             [&](statement& stmt, bool) {
                               seen = stmt.column_int64(0);
                               return status::ok();
                             });
    EXPECT_TRUE(st.is_ok()) << st.to_string();
    EXPECT_EQ(seen, 1) << "call " << k;
  }
}
