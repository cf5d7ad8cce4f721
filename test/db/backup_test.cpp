#include "db/backup.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "db/schema.hpp"
#include "test/db/test_dir.hpp"

using namespace timeless::db;
using timeless::db::testing::test_dir;
namespace fs = std::filesystem;

namespace {

/// A WAL-mode SQLite file at `path` with table t holding 0..n-1.
std::unique_ptr<database> make_db(const std::string& path, int n) {
  auto db = timeless::db::testing::open_writer(path);
  EXPECT_TRUE(db->exec("CREATE TABLE t(x INTEGER)").is_ok());
  EXPECT_TRUE(db->begin_immediate().is_ok());
  for (int i = 0; i < n; ++i)
    EXPECT_TRUE(
        db->exec(("INSERT INTO t VALUES(" + std::to_string(i) + ")").c_str())
            .is_ok());
  EXPECT_TRUE(db->commit().is_ok());
  return db;
}

/// count(*) and sum(x) of table t in the plain SQLite file `path`.
std::pair<int64_t, int64_t> count_sum(const std::string& path) {
  sqlite3* raw = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr),
            SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(raw, "SELECT count(*), sum(x) FROM t", -1, &st,
                               nullptr),
            SQLITE_OK);
  EXPECT_EQ(sqlite3_step(st), SQLITE_ROW);
  std::pair<int64_t, int64_t> out{sqlite3_column_int64(st, 0),
                                  sqlite3_column_int64(st, 1)};
  sqlite3_finalize(st);
  sqlite3_close(raw);
  return out;
}

} // namespace

TEST(backup_target, a_missing_path_or_an_empty_directory_is_accepted) {
  test_dir dir;
  EXPECT_TRUE(check_empty_target(dir.file("new")).is_ok());
  EXPECT_TRUE(check_empty_target(dir.path()).is_ok());
}

TEST(backup_target, a_non_empty_directory_is_refused_naming_it) {
  test_dir dir;
  std::ofstream{dir.file("x")} << "x";
  auto st = check_empty_target(dir.path());
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.to_string().find(dir.path() + " exists and is not empty"),
            std::string::npos)
      << st.to_string();
}

TEST(backup_target, a_regular_file_or_an_empty_path_is_refused) {
  test_dir dir;
  std::ofstream{dir.file("x")} << "x";
  auto st = check_empty_target(dir.file("x"));
  EXPECT_NE(st.to_string().find("is not a directory"), std::string::npos)
      << st.to_string();
  EXPECT_EQ(check_empty_target("").get_code(), status::code::invalid_argument);
}

TEST(copy_database_online, copies_every_committed_row_in_single_page_steps) {
  test_dir dir;
  auto db = make_db(dir.file("a.db"), 20'000);
  ASSERT_TRUE(
      copy_database_online(dir.file("a.db"), dir.file("b.db"), 1).is_ok());
  auto [n, sum] = count_sum(dir.file("b.db"));
  EXPECT_EQ(n, 20'000);
  EXPECT_EQ(sum, int64_t{20'000} * 19'999 / 2);
  // Everything is in the copy's main file.
  EXPECT_FALSE(fs::exists(dir.file("b.db-wal")));
  EXPECT_FALSE(fs::exists(dir.file("b.db-journal")));
}

TEST(copy_database_online, leaves_out_an_uncommitted_transaction) {
  test_dir dir;
  auto db = make_db(dir.file("a.db"), 100);
  ASSERT_TRUE(db->begin_immediate().is_ok());
  ASSERT_TRUE(db->exec("INSERT INTO t VALUES(1000000)").is_ok());
  ASSERT_TRUE(
      copy_database_online(dir.file("a.db"), dir.file("b.db"), 4).is_ok());
  ASSERT_TRUE(db->commit().is_ok());
  EXPECT_EQ(count_sum(dir.file("b.db")).first, 100);
  EXPECT_EQ(count_sum(dir.file("a.db")).first, 101);
}

TEST(copy_database_online, a_file_that_is_not_sqlite_fails_naming_it) {
  test_dir dir;
  std::ofstream{dir.file("a.db")} << std::string(4096, 'z');
  auto st = copy_database_online(dir.file("a.db"), dir.file("b.db"));
  EXPECT_FALSE(st.is_ok());
  EXPECT_NE(st.to_string().find(dir.file("a.db")), std::string::npos)
      << st.to_string();
}

TEST(take_backup, copies_every_db_file_and_writes_the_manifest_last) {
  test_dir data;
  test_dir out;
  auto a = make_db(data.file("timeless.db"), 500);
  auto b = make_db(data.file("catalog.db"), 7);
  std::ofstream{data.file("LOCK")} << "1234";
  fs::create_directories(data.file("wal"));
  auto dest = out.file("backup1");
  backup_stats bs;
  auto st = take_backup(data.path(), dest, 42, bs);
  ASSERT_TRUE(st.is_ok()) << st.to_string();
  EXPECT_EQ(bs.files, 2u);
  EXPECT_EQ(bs.bytes, fs::file_size(dest + "/timeless.db") +
                          fs::file_size(dest + "/catalog.db"));
  EXPECT_EQ(count_sum(dest + "/timeless.db").first, 500);
  EXPECT_EQ(count_sum(dest + "/catalog.db").first, 7);
  EXPECT_FALSE(fs::exists(dest + "/LOCK"));
  EXPECT_FALSE(fs::exists(dest + "/MANIFEST.tmp"));
  backup_manifest m;
  ASSERT_TRUE(verify_backup(dest, m).is_ok());
  EXPECT_EQ(m.created_ms, 42);
  EXPECT_EQ(m.schema_version, schema_version);
  ASSERT_EQ(m.files.size(), 2u);
  EXPECT_EQ(m.files[0].name, "catalog.db");
  EXPECT_EQ(m.files[1].name, "timeless.db");
}

TEST(take_backup, a_data_dir_without_timeless_db_is_refused) {
  test_dir data;
  test_dir out;
  auto b = make_db(data.file("catalog.db"), 7);
  backup_stats bs;
  auto st = take_backup(data.path(), out.file("x"), 0, bs);
  EXPECT_EQ(st.get_code(), status::code::not_found);
  EXPECT_NE(st.to_string().find("holds no timeless.db"), std::string::npos);
}

TEST(take_backup, a_destination_inside_the_data_dir_is_refused) {
  test_dir data;
  auto a = make_db(data.file("timeless.db"), 1);
  backup_stats bs;
  auto st = take_backup(data.path(), data.file("backups/one"), 0, bs);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.to_string().find("inside the data directory"), std::string::npos)
      << st.to_string();
  EXPECT_FALSE(fs::exists(data.file("backups")));
}

TEST(take_backup, a_non_empty_destination_is_refused_and_left_alone) {
  test_dir data;
  test_dir out;
  auto a = make_db(data.file("timeless.db"), 1);
  std::ofstream{out.file("keep")} << "mine";
  backup_stats bs;
  auto st = take_backup(data.path(), out.path(), 0, bs);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.to_string().find("not empty"), std::string::npos);
  EXPECT_FALSE(fs::exists(out.file("timeless.db")));
}
