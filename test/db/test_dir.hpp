#pragma once

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "db/database.hpp"

namespace timeless::db::testing {

/// A fresh directory under $TMPDIR (or /tmp), removed with its contents.
class test_dir {
 public:
  test_dir() {
    const char* base = std::getenv("TMPDIR");
    std::string templ = std::string{base != nullptr ? base : "/tmp"} +
                        "/timeless-db-test-XXXXXX";
    char* made = mkdtemp(templ.data());
    EXPECT_NE(made, nullptr);
    path_ = templ;
  }
  ~test_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  test_dir(const test_dir&) = delete;
  test_dir& operator=(const test_dir&) = delete;

  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// Opens `path` as the writer, failing the test on error.
inline std::unique_ptr<database> open_writer(const std::string& path) {
  std::unique_ptr<database> db;
  auto st = database::open(path, open_options{}, db);
  EXPECT_TRUE(st.is_ok()) << st.to_string();
  return db;
}

/// Opens `path` read-only, failing the test on error.
inline std::unique_ptr<database> open_reader(const std::string& path) {
  std::unique_ptr<database> db;
  open_options opts;
  opts.read_only = true;
  auto st = database::open(path, opts, db);
  EXPECT_TRUE(st.is_ok()) << st.to_string();
  return db;
}

/// Creates `path` as a plain SQLite file (one table, rollback journal): a
/// database that is not a store.
inline void make_plain_sqlite_file(const std::string& path) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "CREATE TABLE t(x)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
}

/// A test with a fresh writer database `db` (store.db in `dir`).
struct db_test : ::testing::Test {
  void SetUp() override {
    db = open_writer(dir.file("store.db"));
    ASSERT_NE(db, nullptr);
  }
  test_dir dir;
  std::unique_ptr<database> db;
};

} // namespace timeless::db::testing
