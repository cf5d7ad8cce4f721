#include "db/schema.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "db/meta_table.hpp"
#include "test/db/test_dir.hpp"

using namespace timeless::db;
using timeless::db::testing::make_plain_sqlite_file;
using timeless::db::testing::open_reader;
using timeless::db::testing::open_writer;
using timeless::db::testing::test_dir;

namespace {

std::vector<std::string> tables(database& db) {
  std::vector<std::string> out;
  status st;
  auto* stmt = db.prepare_cached(
      "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name", st);
  scoped_reset guard{stmt};
  bool row = false;
  while (stmt->step(row).is_ok() && row)
    out.emplace_back(stmt->column_text(0));
  return out;
}

} // namespace

TEST(schema, one_migration_per_version) {
  EXPECT_EQ(migrations().size(), static_cast<size_t>(schema_version));
}

TEST(schema, migrates_empty_file_to_current_version) {
  test_dir dir;
  auto db = open_writer(dir.file("store.db"));
  ASSERT_NE(db, nullptr);
  int64_t v = 0;
  ASSERT_TRUE(read_schema_version(*db, v).is_ok());
  EXPECT_EQ(v, schema_version);
  EXPECT_EQ(tables(*db),
            (std::vector<std::string>{"meta", "metric_metadata",
                                      "open_segments", "packs", "rollups",
                                      "segments", "series", "tiers"}));
}

TEST(schema, version_1_segments_survive_migration_to_2) {
  // A version-1 file (seq a plain column) with two segments sharing a
  // start timestamp: both survive the table rebuild, seq becomes the rowid.
  test_dir dir;
  auto path = dir.file("store.db");
  {
    // Version 1's tables, as that build created them.
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(
        sqlite3_exec(
            raw,
            "PRAGMA journal_mode=WAL;"
            "CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
            "CREATE TABLE series(id INTEGER PRIMARY KEY, metric TEXT NOT NULL,"
            " labels BLOB NOT NULL, UNIQUE(metric, labels));"
            "CREATE TABLE segments(series_id INTEGER NOT NULL,"
            " start_ts INTEGER NOT NULL, end_ts INTEGER NOT NULL,"
            " seq INTEGER NOT NULL, point_count INTEGER NOT NULL,"
            " data BLOB NOT NULL, PRIMARY KEY(series_id, start_ts, seq));"
            "CREATE TABLE open_segments(shard INTEGER NOT NULL,"
            " series_id INTEGER NOT NULL, start_ts INTEGER NOT NULL,"
            " data BLOB NOT NULL, PRIMARY KEY(shard, series_id, start_ts))"
            " WITHOUT ROWID;"
            "CREATE TABLE metric_metadata(metric TEXT PRIMARY KEY,"
            " type TEXT NOT NULL DEFAULT 'gauge', unit TEXT, description TEXT)"
            " WITHOUT ROWID;"
            "INSERT INTO meta VALUES('schema_version', 1);"
            "INSERT INTO segments VALUES(7, 100, 200, 5, 2, x'0102'),"
            " (7, 100, 300, 3, 4, x'03');",
            nullptr, nullptr, nullptr),
        SQLITE_OK);
    sqlite3_close(raw);
  }
  auto db = open_writer(path);
  ASSERT_NE(db, nullptr);
  status st;
  auto* stmt = db->prepare_cached(
      "SELECT s.rowid, series_id, start_ts, end_ts, point_count,"
      " hex(substr(p.data, pack_off + 1, pack_len))"
      " FROM segments s JOIN packs p ON p.id = s.pack ORDER BY s.rowid",
      st);
  ASSERT_NE(stmt, nullptr) << st.to_string();
  scoped_reset guard{stmt};
  std::vector<std::string> rows;
  bool row = false;
  while (stmt->step(row).is_ok() && row)
    rows.push_back(std::to_string(stmt->column_int64(0)) + " " +
                   std::to_string(stmt->column_int64(1)) + " " +
                   std::to_string(stmt->column_int64(2)) + " " +
                   std::to_string(stmt->column_int64(3)) + " " +
                   std::to_string(stmt->column_int64(4)) + " " +
                   std::string{stmt->column_text(5)});
  EXPECT_EQ(rows, (std::vector<std::string>{"3 7 100 300 4 03",
                                            "5 7 100 200 2 0102"}));
  // Version 3: rows written before it are original rows (src_seq NULL).
  auto* v3 = db->prepare_cached(
      "SELECT count(*) FROM segments WHERE src_seq IS NULL", st);
  ASSERT_NE(v3, nullptr) << st.to_string();
  scoped_reset guard3{v3};
  ASSERT_TRUE(v3->step(row).is_ok() && row);
  EXPECT_EQ(v3->column_int64(0), 2);
}

TEST(schema, migrations_are_idempotent_on_reopen) {
  test_dir dir;
  auto path = dir.file("store.db");
  open_writer(path).reset();
  auto db = open_writer(path);
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(migrate(*db).is_ok());
  int64_t v = 0;
  ASSERT_TRUE(read_schema_version(*db, v).is_ok());
  EXPECT_EQ(v, schema_version);
}

TEST(schema, newer_version_is_refused_by_writer_and_reader) {
  test_dir dir;
  auto path = dir.file("store.db");
  {
    auto db = open_writer(path);
    ASSERT_TRUE(put_meta(*db, meta_key::schema_version, 99).is_ok());
  }
  std::unique_ptr<database> db;
  auto st = database::open(path, open_options{}, db);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.message().find("schema version 99 is newer"), std::string::npos)
      << st.to_string();
  EXPECT_NE(st.message().find(path), std::string::npos);
  EXPECT_EQ(db, nullptr);
  open_options ro;
  ro.read_only = true;
  st = database::open(path, ro, db);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.message().find("newer"), std::string::npos);
}

TEST(schema, without_migrate_an_empty_file_is_refused) {
  test_dir dir;
  open_options opts;
  opts.migrate = false;
  std::unique_ptr<database> db;
  auto st = database::open(dir.file("store.db"), opts, db);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.message().find("schema version 0 is older"), std::string::npos)
      << st.to_string();
}

TEST(schema, without_migrate_a_current_file_opens) {
  test_dir dir;
  auto path = dir.file("store.db");
  open_writer(path).reset();
  open_options opts;
  opts.migrate = false;
  std::unique_ptr<database> db;
  EXPECT_TRUE(database::open(path, opts, db).is_ok());
}

TEST(schema, foreign_sqlite_file_is_not_a_store) {
  test_dir dir;
  auto path = dir.file("other.db");
  ASSERT_NO_FATAL_FAILURE(make_plain_sqlite_file(path));
  std::unique_ptr<database> db;
  auto st = database::open(path, open_options{}, db);
  EXPECT_EQ(st.get_code(), status::code::corruption);
  EXPECT_NE(st.message().find("not a Timeless store"), std::string::npos);
}

TEST(schema, garbage_file_is_corruption) {
  test_dir dir;
  auto path = dir.file("garbage.db");
  FILE* f = fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::string junk(8192, 'x');
  fwrite(junk.data(), 1, junk.size(), f);
  fclose(f);
  std::unique_ptr<database> db;
  auto st = database::open(path, open_options{}, db);
  EXPECT_EQ(st.get_code(), status::code::corruption) << st.to_string();
  EXPECT_NE(st.message().find(path), std::string::npos);
}

TEST(schema, reader_refuses_an_unmigrated_file) {
  test_dir dir;
  auto path = dir.file("store.db");
  {
    open_options opts;
    opts.migrate = false;
    std::unique_ptr<database> db;
    // Fails the version check but leaves a WAL-mode empty file behind.
    EXPECT_FALSE(database::open(path, opts, db).is_ok());
  }
  open_options ro;
  ro.read_only = true;
  std::unique_ptr<database> db;
  auto st = database::open(path, ro, db);
  EXPECT_EQ(st.get_code(), status::code::invalid_argument) << st.to_string();
}
