// The writer's checkpoint transaction against a real SQLite file.
#include "actors/write/writer.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "db/meta_table.hpp"
#include "db/open_segment_table.hpp"
#include "db/segment_table.hpp"
#include "db/series_table.hpp"
#include "db/store_stats.hpp"
#include "test/actors/test_dir.hpp"

using namespace timeless;
using namespace timeless::detail;

namespace {

struct writer : ::testing::Test {
  test_dir dir;
  std::unique_ptr<db::database> db;
  std::string obsolete;

  void SetUp() override {
    ASSERT_TRUE(
        db::database::open(dir.path + "/t.db", db::open_options{}, db).is_ok());
    obsolete = dir.path + "/wal-000000-000000000004.log";
    std::ofstream{obsolete} << "old log";
  }

  checkpoint_request request() {
    checkpoint_request req;
    req.shard = 0;
    req.wal_shard = 0;
    req.wal_gen = 4;
    req.defs.push_back({1, "cpu", ""});
    for (int64_t start : {0, 0, 100}) // two rows share a first timestamp
      req.closed.push_back(db::segment_row{1, start, start + 10, 2, 0, {1, 2}});
    req.open.push_back(db::open_segment_row{0, 1, 200, {3}});
    req.obsolete_files.push_back(obsolete);
    return req;
  }
};

} // namespace

TEST_F(writer, checkpoint_commits_everything_in_one_transaction) {
  auto req = request();
  uint64_t next_seq = 11;
  ASSERT_TRUE(commit_checkpoint(*db, req, next_seq).is_ok());
  EXPECT_EQ(next_seq, 14u); // one seq per row: 11, 12, 13
  std::vector<db::series_row> series;
  ASSERT_TRUE(db::load_series(*db, series).is_ok());
  ASSERT_EQ(series.size(), 1u);
  std::vector<uint64_t> seqs;
  uint64_t id = 1;
  ASSERT_TRUE(
      db::read_segments(*db, std::span{&id, 1}, INT64_MIN, INT64_MAX, 100,
                        [&](uint64_t, int64_t, int64_t, uint32_t, uint64_t seq,
                            uint64_t,
                            std::span<const uint8_t>) { seqs.push_back(seq); })
          .is_ok());
  EXPECT_EQ(seqs, (std::vector<uint64_t>{11, 12, 13}));
  int opens = 0;
  ASSERT_TRUE(db::load_open_segments(*db, [&](const db::open_segment_row& r) {
                ++opens;
                EXPECT_EQ(r.start_ts, 200);
              }).is_ok());
  EXPECT_EQ(opens, 1);
  int64_t gen = 0;
  ASSERT_TRUE(db::get_meta(*db, "wal_gen.0", gen).is_ok());
  EXPECT_EQ(gen, 4);
  EXPECT_FALSE(std::filesystem::exists(obsolete)); // deleted after commit
}

TEST_F(writer, failed_checkpoint_rolls_back_and_keeps_the_log) {
  auto req = request();
  req.closed[2].end_ts = -5; // start after end: refused by the table
  uint64_t next_seq = 11;
  auto st = commit_checkpoint(*db, req, next_seq);
  ASSERT_FALSE(st.is_ok());
  EXPECT_EQ(next_seq, 11u); // no seq spent
  db::store_stats stats;
  ASSERT_TRUE(db::read_stats(*db, stats).is_ok());
  EXPECT_EQ(stats.series, 0u);
  EXPECT_EQ(stats.segments, 0u);
  int64_t gen = 0;
  EXPECT_FALSE(db::get_meta(*db, "wal_gen.0", gen).is_ok());
  EXPECT_TRUE(std::filesystem::exists(obsolete)); // still needed
}
