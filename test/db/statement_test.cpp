#include "db/statement.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "db/database.hpp"
#include "test/db/test_dir.hpp"

using namespace timeless::db;
using timeless::db::testing::db_test;
using timeless::db::testing::open_writer;
using timeless::db::testing::test_dir;

namespace {

struct statement_test : db_test {
  void SetUp() override {
    db_test::SetUp();
    if (HasFatalFailure())
      return;
    ASSERT_TRUE(db->exec("CREATE TABLE t(i, d, b, s)").is_ok());
  }
};

} // namespace

TEST_F(statement_test, binds_and_reads_every_type) {
  status st;
  auto* ins = db->prepare_cached("INSERT INTO t VALUES(?1, ?2, ?3, ?4)", st);
  ASSERT_NE(ins, nullptr) << st.to_string();
  const uint8_t bytes[] = {0, 1, 2, 0xff};
  ins->bind_int64(1, INT64_MIN);
  ins->bind_double(2, -0.5);
  ins->bind_blob(3, bytes);
  ins->bind_text(4, "héllo");
  ASSERT_TRUE(ins->run().is_ok());
  ins->reset();
  auto* sel =
      db->prepare_cached("SELECT i, d, b, s, typeof(b), typeof(s) FROM t", st);
  ASSERT_NE(sel, nullptr);
  scoped_reset guard{sel};
  bool row = false;
  ASSERT_TRUE(sel->step(row).is_ok());
  ASSERT_TRUE(row);
  EXPECT_EQ(sel->column_int64(0), INT64_MIN);
  EXPECT_EQ(sel->column_double(1), -0.5);
  auto blob = sel->column_blob(2);
  ASSERT_EQ(blob.size(), 4u);
  EXPECT_EQ(blob[3], 0xff);
  EXPECT_EQ(sel->column_text(3), "héllo");
  EXPECT_EQ(sel->column_text(4), "blob");
  EXPECT_EQ(sel->column_text(5), "text");
  ASSERT_TRUE(sel->step(row).is_ok());
  EXPECT_FALSE(row);
}

TEST_F(statement_test, empty_blob_is_zero_length_blob_not_null) {
  status st;
  auto* ins = db->prepare_cached("INSERT INTO t(b) VALUES(?1)", st);
  ASSERT_NE(ins, nullptr);
  ins->bind_blob(1, {});
  ASSERT_TRUE(ins->run().is_ok());
  ins->reset();
  auto* sel = db->prepare_cached("SELECT typeof(b), length(b) FROM t", st);
  scoped_reset guard{sel};
  bool row = false;
  ASSERT_TRUE(sel->step(row).is_ok());
  EXPECT_EQ(sel->column_text(0), "blob");
  EXPECT_EQ(sel->column_int64(1), 0);
  EXPECT_TRUE(sel->column_blob(0).size() == 4); // "blob" read as bytes
}

TEST_F(statement_test, bind_error_is_reported_by_step) {
  status st;
  auto* sel = db->prepare_cached("SELECT ?1", st);
  ASSERT_NE(sel, nullptr);
  sel->bind_int64(2, 1); // out of range
  bool row = true;
  st = sel->step(row);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.message().find("binding parameter 2"), std::string::npos)
      << st.to_string();
  EXPECT_FALSE(row);
  // reset() clears the sticky error.
  sel->reset();
  EXPECT_TRUE(sel->step(row).is_ok());
  EXPECT_TRUE(row);
  sel->reset();
}

TEST_F(statement_test, run_rejects_a_row) {
  status st;
  auto* sel = db->prepare_cached("SELECT 1", st);
  scoped_reset guard{sel};
  EXPECT_EQ(sel->run().get_code(), status::code::internal);
}

TEST_F(statement_test, constraint_error_names_sql) {
  ASSERT_TRUE(db->exec("CREATE TABLE u(x PRIMARY KEY)").is_ok());
  status st;
  auto* ins = db->prepare_cached("INSERT INTO u VALUES(1)", st);
  ASSERT_TRUE(ins->run().is_ok());
  ins = db->prepare_cached("INSERT INTO u VALUES(1)", st);
  st = ins->run();
  ins->reset();
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.message().find("INSERT INTO u VALUES(1)"), std::string::npos);
  EXPECT_NE(st.message().find("UNIQUE"), std::string::npos) << st.to_string();
}

TEST_F(statement_test, scoped_reset_ends_read_transaction) {
  status st;
  {
    auto* sel = db->prepare_cached("SELECT 1 FROM t UNION ALL SELECT 2", st);
    scoped_reset guard{sel};
    bool row = false;
    ASSERT_TRUE(sel->step(row).is_ok());
    EXPECT_NE(sqlite3_stmt_busy(sel->handle()), 0);
  }
  auto* sel = db->prepare_cached("SELECT 1 FROM t UNION ALL SELECT 2", st);
  EXPECT_EQ(sqlite3_stmt_busy(sel->handle()), 0);
}

TEST_F(statement_test, for_each_row_visits_every_row_in_order) {
  ASSERT_TRUE(db->exec("INSERT INTO t(i) VALUES(1), (2), (3)").is_ok());
  status st;
  auto* sel = db->prepare_cached("SELECT i FROM t ORDER BY i", st);
  ASSERT_NE(sel, nullptr) << st.to_string();
  scoped_reset guard{sel};
  std::vector<int64_t> seen;
  st = for_each_row(*sel,
                    [&](statement& s) { seen.push_back(s.column_int64(0)); });
  EXPECT_TRUE(st.is_ok()) << st.to_string();
  EXPECT_EQ(seen, (std::vector<int64_t>{1, 2, 3}));
}

TEST_F(statement_test, for_each_row_over_no_rows_is_ok) {
  status st;
  auto* sel = db->prepare_cached("SELECT i FROM t", st);
  ASSERT_NE(sel, nullptr) << st.to_string();
  scoped_reset guard{sel};
  int calls = 0;
  st = for_each_row(*sel, [&](statement&) { ++calls; });
  EXPECT_TRUE(st.is_ok()) << st.to_string();
  EXPECT_EQ(calls, 0);
}

TEST_F(statement_test, for_each_row_stops_at_the_first_error_of_the_visitor) {
  ASSERT_TRUE(db->exec("INSERT INTO t(i) VALUES(1), (2), (3)").is_ok());
  status st;
  auto* sel = db->prepare_cached("SELECT i FROM t ORDER BY i", st);
  ASSERT_NE(sel, nullptr) << st.to_string();
  scoped_reset guard{sel};
  int calls = 0;
  st = for_each_row(*sel, [&](statement& s) -> status {
    ++calls;
    if (s.column_int64(0) == 2)
      return status::corruption("row 2");
    return status::ok();
  });
  EXPECT_TRUE(st.is_corruption()) << st.to_string();
  EXPECT_EQ(calls, 2);
}

TEST_F(statement_test, for_each_row_reports_a_step_error) {
  status st;
  // A bind error is reported by the first step.
  auto* sel = db->prepare_cached("SELECT ?1", st);
  ASSERT_NE(sel, nullptr) << st.to_string();
  scoped_reset guard{sel};
  sel->bind_int64(2, 1); // out of range
  int calls = 0;
  st = for_each_row(*sel, [&](statement&) { ++calls; });
  EXPECT_EQ(st.get_code(), status::code::invalid_argument) << st.to_string();
  EXPECT_EQ(calls, 0);
}

TEST(json_ids, empty_one_and_several) {
  EXPECT_EQ(json_ids({}), "[]");
  uint64_t one[] = {7};
  EXPECT_EQ(json_ids(one), "[7]");
  uint64_t many[] = {1, 0, UINT64_MAX};
  EXPECT_EQ(json_ids(many), "[1,0,18446744073709551615]");
}
