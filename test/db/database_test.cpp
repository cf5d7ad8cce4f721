#include "db/database.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "db/meta_table.hpp"
#include "db/schema.hpp"
#include "test/db/test_dir.hpp"

using namespace timeless::db;
using timeless::db::testing::make_plain_sqlite_file;
using timeless::db::testing::open_reader;
using timeless::db::testing::open_writer;
using timeless::db::testing::test_dir;

namespace {

std::string pragma_text(database& db, const char* sql) {
  status st;
  auto* stmt = db.prepare_cached(sql, st);
  EXPECT_NE(stmt, nullptr) << st.to_string();
  scoped_reset guard{stmt};
  bool row = false;
  EXPECT_TRUE(stmt->step(row).is_ok());
  EXPECT_TRUE(row);
  return std::string{stmt->column_text(0)};
}

} // namespace

TEST(database, writer_applies_pragmas) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(pragma_text(*db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(pragma_text(*db, "PRAGMA page_size"),
            std::to_string(store_page_size));
  EXPECT_EQ(pragma_text(*db, "PRAGMA auto_vacuum"), "2"); // incremental
  EXPECT_EQ(pragma_text(*db, "PRAGMA synchronous"), "1"); // normal
  EXPECT_EQ(pragma_text(*db, "PRAGMA temp_store"), "2");  // memory
  EXPECT_EQ(pragma_text(*db, "PRAGMA busy_timeout"), "5000");
  EXPECT_EQ(pragma_text(*db, "PRAGMA cache_size"), "-65536");
  EXPECT_FALSE(db->read_only());
}

TEST(database, sync_option_sets_synchronous) {
  test_dir dir;
  open_options opts;
  opts.sync = open_options::sync_mode::full;
  std::unique_ptr<database> db;
  ASSERT_TRUE(database::open(dir.file("s.db"), opts, db).is_ok());
  EXPECT_EQ(pragma_text(*db, "PRAGMA synchronous"), "2");
  db.reset();
  opts.sync = open_options::sync_mode::off;
  ASSERT_TRUE(database::open(dir.file("s.db"), opts, db).is_ok());
  EXPECT_EQ(pragma_text(*db, "PRAGMA synchronous"), "0");
}

TEST(database, open_error_names_path) {
  std::unique_ptr<database> db;
  auto st = database::open("/nonexistent-dir/x/store.db", open_options{}, db);
  EXPECT_FALSE(st.is_ok());
  EXPECT_EQ(st.get_code(), status::code::io_error);
  EXPECT_NE(st.message().find("/nonexistent-dir/x/store.db"), std::string::npos)
      << st.to_string();
  EXPECT_EQ(db, nullptr);
}

TEST(database, read_only_of_missing_file_fails) {
  test_dir dir;
  std::unique_ptr<database> db;
  open_options opts;
  opts.read_only = true;
  auto st = database::open(dir.file("absent.db"), opts, db);
  EXPECT_EQ(st.get_code(), status::code::io_error) << st.to_string();
  EXPECT_NE(st.message().find("absent.db"), std::string::npos);
}

TEST(database, statement_cache_reuses_prepared_statements) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  auto before = db->cached_statements();
  status st;
  auto* a = db->prepare_cached("SELECT ?1 + 1", st);
  ASSERT_NE(a, nullptr) << st.to_string();
  a->bind_int64(1, 41);
  bool row = false;
  ASSERT_TRUE(a->step(row).is_ok());
  ASSERT_TRUE(row);
  EXPECT_EQ(a->column_int64(0), 42);
  // Not reset by the caller: prepare_cached resets it and clears bindings.
  auto* b = db->prepare_cached("SELECT ?1 + 1", st);
  EXPECT_EQ(a, b);
  ASSERT_TRUE(b->step(row).is_ok());
  ASSERT_TRUE(row);
  EXPECT_TRUE(b->column_is_null(0));
  b->reset();
  // Same text from another buffer hits the same entry.
  std::string copy = "SELECT ?1 + 1";
  EXPECT_EQ(db->prepare_cached(copy.c_str(), st), a);
  EXPECT_EQ(db->cached_statements(), before + 1);
  auto* c = db->prepare_cached("SELECT 2", st);
  EXPECT_NE(c, a);
  EXPECT_EQ(db->cached_statements(), before + 2);
}

TEST(database, prepare_errors_name_sql) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  status st;
  EXPECT_EQ(db->prepare_cached("SELEKT 1", st), nullptr);
  EXPECT_FALSE(st.is_ok());
  EXPECT_NE(st.message().find("SELEKT 1"), std::string::npos);
  EXPECT_EQ(db->prepare_cached("SELECT 1; SELECT 2", st), nullptr);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_EQ(db->prepare_cached("  ", st), nullptr);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
}

TEST(database, exec_error_names_sql_and_path) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  auto st = db->exec("INSERT INTO no_such_table VALUES(1)");
  EXPECT_FALSE(st.is_ok());
  EXPECT_NE(st.message().find("no_such_table"), std::string::npos);
  EXPECT_NE(st.message().find("store.db"), std::string::npos);
}

TEST(database, rollback_discards_and_commit_keeps) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  ASSERT_TRUE(db->begin_immediate().is_ok());
  EXPECT_TRUE(db->in_transaction());
  ASSERT_TRUE(put_meta(*db, "k", 1).is_ok());
  ASSERT_TRUE(db->rollback().is_ok());
  EXPECT_FALSE(db->in_transaction());
  int64_t v = 0;
  EXPECT_TRUE(get_meta(*db, "k", v).is_not_found());
  auto st = with_transaction(*db, [&] { return put_meta(*db, "k", 2); });
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  ASSERT_TRUE(get_meta(*db, "k", v).is_ok());
  EXPECT_EQ(v, 2);
  // A failing body rolls back.
  st = with_transaction(*db, [&] {
    EXPECT_TRUE(put_meta(*db, "k", 3).is_ok());
    return status::internal("boom");
  });
  EXPECT_EQ(st.get_code(), status::code::internal);
  EXPECT_FALSE(db->in_transaction());
  ASSERT_TRUE(get_meta(*db, "k", v).is_ok());
  EXPECT_EQ(v, 2);
  // rollback() outside a transaction is a no-op.
  EXPECT_TRUE(db->rollback().is_ok());
}

TEST(database, second_writer_is_busy_while_first_holds_write_lock) {
  test_dir dir;
  auto a = open_writer(dir.file("store.db"));
  auto b = open_writer(dir.file("store.db"));
  ASSERT_NE(b, nullptr);
  sqlite3_busy_timeout(b->handle(), 0); // do not wait in a unit test
  ASSERT_TRUE(a->begin_immediate().is_ok());
  auto st = b->begin_immediate();
  EXPECT_EQ(st.get_code(), status::code::busy) << st.to_string();
  ASSERT_TRUE(a->commit().is_ok());
  EXPECT_TRUE(b->begin_immediate().is_ok());
  EXPECT_TRUE(b->rollback().is_ok());
}

TEST(database, read_only_sees_committed_data_and_cannot_write) {
  test_dir dir;
  auto path = dir.file("store.db");
  auto writer = open_writer(path);
  auto reader = open_reader(path);
  ASSERT_NE(reader, nullptr);
  EXPECT_TRUE(reader->read_only());
  EXPECT_EQ(pragma_text(*reader, "PRAGMA journal_mode"), "wal");
  int64_t v = 0;
  EXPECT_TRUE(get_meta(*reader, "k", v).is_not_found());
  // Uncommitted data is invisible, committed data visible.
  ASSERT_TRUE(writer->begin_immediate().is_ok());
  ASSERT_TRUE(put_meta(*writer, "k", 7).is_ok());
  EXPECT_TRUE(get_meta(*reader, "k", v).is_not_found());
  ASSERT_TRUE(writer->commit().is_ok());
  ASSERT_TRUE(get_meta(*reader, "k", v).is_ok());
  EXPECT_EQ(v, 7);
  // A reader's open read transaction does not block the writer.
  ASSERT_TRUE(reader->exec("BEGIN").is_ok());
  ASSERT_TRUE(get_meta(*reader, "k", v).is_ok());
  ASSERT_TRUE(put_meta(*writer, "k", 8).is_ok());
  ASSERT_TRUE(get_meta(*reader, "k", v).is_ok());
  EXPECT_EQ(v, 7); // its snapshot
  ASSERT_TRUE(reader->exec("COMMIT").is_ok());
  ASSERT_TRUE(get_meta(*reader, "k", v).is_ok());
  EXPECT_EQ(v, 8);
  auto st = put_meta(*reader, "k", 9);
  EXPECT_EQ(st.get_code(), status::code::io_error) << st.to_string();
  EXPECT_NE(st.message().find("readonly"), std::string::npos) << st.to_string();
}

TEST(database, read_only_opens_after_writer_closed) {
  test_dir dir;
  auto path = dir.file("store.db");
  {
    auto writer = open_writer(path);
    ASSERT_TRUE(put_meta(*writer, "k", 5).is_ok());
  }
  auto reader = open_reader(path);
  ASSERT_NE(reader, nullptr);
  int64_t v = 0;
  ASSERT_TRUE(get_meta(*reader, "k", v).is_ok());
  EXPECT_EQ(v, 5);
}

TEST(database, read_only_refuses_non_wal_file) {
  test_dir dir;
  auto path = dir.file("plain.db");
  ASSERT_NO_FATAL_FAILURE(make_plain_sqlite_file(path));
  std::unique_ptr<database> db;
  open_options opts;
  opts.read_only = true;
  auto st = database::open(path, opts, db);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument) << st.to_string();
  EXPECT_NE(st.message().find("WAL"), std::string::npos);
}

TEST(database, statement_cache_off_prepares_anew_with_same_results) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  db->set_statement_cache(false);
  status st;
  for (int i = 0; i < 3; ++i) {
    auto* s = db->prepare_cached("SELECT ?1 * 2", st);
    ASSERT_NE(s, nullptr) << st.to_string();
    s->bind_int64(1, i);
    bool row = false;
    ASSERT_TRUE(s->step(row).is_ok());
    ASSERT_TRUE(row);
    EXPECT_EQ(s->column_int64(0), 2 * i);
    s->reset();
  }
  // Still one live statement for that SQL, not one per call.
  auto before = db->cached_statements();
  db->prepare_cached("SELECT ?1 * 2", st);
  EXPECT_EQ(db->cached_statements(), before);
}
