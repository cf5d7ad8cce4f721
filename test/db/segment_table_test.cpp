// Tests of db/segment_table.cpp, the one file for the segments table
// (insert, reads by series and after a seq, retention deletes, compaction
// candidates and swaps): a little over 500 lines, kept whole because every
// test shares its row helpers and fixture.

#include "db/segment_table.hpp"

#include <cstdio>
#include <filesystem>
#include <gtest/gtest.h>
#include <numeric>
#include <random>
#include <sqlite3.h>

#include "db/meta_table.hpp"
#include "db/schema.hpp"
#include "db/series_table.hpp"
#include "db/store_stats.hpp"
#include "test/db/test_dir.hpp"

using namespace timeless::db;
using timeless::db::testing::db_test;
using timeless::db::testing::open_reader;
using timeless::db::testing::open_writer;
using timeless::db::testing::test_dir;

namespace {

struct seen {
  uint64_t series_id;
  int64_t start_ts;
  int64_t end_ts;
  uint32_t point_count;
  uint64_t seq;
  std::vector<uint8_t> data;
  uint64_t arrival = 0;
};

std::vector<seen> read(database& db, std::vector<uint64_t> ids, int64_t from,
                       int64_t to, uint64_t max_seq = UINT64_MAX) {
  std::vector<seen> out;
  auto st = read_segments(
      db, ids, from, to, max_seq,
      [&](uint64_t id, int64_t s, int64_t e, uint32_t n, uint64_t seq,
          uint64_t arrival, std::span<const uint8_t> blob) {
        out.push_back(
            seen{id, s, e, n, seq, {blob.begin(), blob.end()}, arrival});
      });
  EXPECT_TRUE(st.is_ok()) << st.to_string();
  return out;
}

segment_row seg(uint64_t id, int64_t start, int64_t end, uint64_t seq,
                std::vector<uint8_t> data = {1, 2, 3}) {
  return segment_row{id,  start,
                     end, static_cast<uint32_t>(end - start + 1),
                     seq, std::move(data)};
}

status insert(database& db, std::vector<segment_row> rows) {
  return with_transaction(db, [&] { return insert_segments(db, rows); });
}

struct segment_table_test : db_test {};

} // namespace

TEST_F(segment_table_test, insert_and_read_round_trip) {
  std::vector<uint8_t> blob(1500);
  std::iota(blob.begin(), blob.end(), uint8_t{0});
  ASSERT_TRUE(insert(*db, {seg(1, 100, 199, 1, blob)}).is_ok());
  auto got = read(*db, {1}, 0, 1000);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].series_id, 1u);
  EXPECT_EQ(got[0].start_ts, 100);
  EXPECT_EQ(got[0].end_ts, 199);
  EXPECT_EQ(got[0].point_count, 100u);
  EXPECT_EQ(got[0].seq, 1u);
  EXPECT_EQ(got[0].data, blob);
}

TEST_F(segment_table_test, equal_first_timestamps_are_both_kept) {
  // The original's INSERT OR REPLACE lost one of these.
  ASSERT_TRUE(insert(*db, {seg(1, 100, 150, 1, {1})}).is_ok());
  ASSERT_TRUE(insert(*db, {seg(1, 100, 180, 2, {2})}).is_ok());
  auto got = read(*db, {1}, 0, 1000);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].seq, 1u);
  EXPECT_EQ(got[0].data, std::vector<uint8_t>{1});
  EXPECT_EQ(got[1].seq, 2u);
  EXPECT_EQ(got[1].data, std::vector<uint8_t>{2});
}

TEST_F(segment_table_test, identical_reinsert_is_idempotent) {
  ASSERT_TRUE(insert(*db, {seg(1, 100, 150, 1, {1, 2})}).is_ok());
  ASSERT_TRUE(insert(*db, {seg(1, 100, 150, 1, {1, 2})}).is_ok());
  EXPECT_EQ(read(*db, {1}, 0, 1000).size(), 1u);
}

TEST_F(segment_table_test, same_key_other_contents_is_rejected_never_replaced) {
  ASSERT_TRUE(insert(*db, {seg(1, 100, 150, 1, {1, 2})}).is_ok());
  auto st = insert(*db, {seg(1, 100, 150, 1, {9})});
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.message().find("segment (series 1, start_ts 100, seq 1)"),
            std::string::npos)
      << st.to_string();
  auto got = read(*db, {1}, 0, 1000);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].data, (std::vector<uint8_t>{1, 2}));
}

TEST_F(segment_table_test, invalid_rows_are_rejected) {
  auto st = insert(*db, {seg(1, 200, 100, 1)});
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.message().find("ends before it starts"), std::string::npos);
  st = insert(*db, {seg(1ull << 63, 0, 1, 1)});
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  st = insert(*db, {seg(1, 0, 1, 1ull << 63)});
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_TRUE(read(*db, {1}, INT64_MIN, INT64_MAX).empty());
}

TEST_F(segment_table_test, seq_filter) {
  ASSERT_TRUE(
      insert(*db, {seg(1, 0, 9, 5), seg(1, 10, 19, 6), seg(1, 20, 29, 7)})
          .is_ok());
  EXPECT_EQ(read(*db, {1}, 0, 100, 4).size(), 0u);
  EXPECT_EQ(read(*db, {1}, 0, 100, 5).size(), 1u);
  EXPECT_EQ(read(*db, {1}, 0, 100, 6).size(), 2u);
  EXPECT_EQ(read(*db, {1}, 0, 100, UINT64_MAX).size(), 3u);
  EXPECT_EQ(max_segment_seq(*db), 7u);
}

TEST_F(segment_table_test, range_boundaries_are_inclusive) {
  ASSERT_TRUE(insert(*db, {seg(1, 100, 200, 1)}).is_ok());
  EXPECT_EQ(read(*db, {1}, 200, 300).size(), 1u); // end_ts == from
  EXPECT_EQ(read(*db, {1}, 201, 300).size(), 0u);
  EXPECT_EQ(read(*db, {1}, 0, 100).size(), 1u); // start_ts == to
  EXPECT_EQ(read(*db, {1}, 0, 99).size(), 0u);
  EXPECT_EQ(read(*db, {1}, 150, 150).size(), 1u); // inside
  EXPECT_EQ(read(*db, {1}, 300, 0).size(), 0u);   // from > to
  EXPECT_EQ(read(*db, {}, 0, 1000).size(), 0u);   // no ids
}

TEST_F(segment_table_test, lower_bound_uses_max_span_of_all_segments) {
  // A long segment of series 2 must still be found from inside it, though
  // the query's from is far beyond its start.
  ASSERT_TRUE(insert(*db, {seg(1, 0, 10, 1), seg(2, 0, 1'000'000, 2)}).is_ok());
  int64_t span = 0;
  ASSERT_TRUE(get_meta(*db, meta_key::segment_max_span, span).is_ok());
  EXPECT_EQ(span, 1'000'000);
  auto got = read(*db, {1, 2}, 999'999, 2'000'000);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].series_id, 2u);
  // The span never shrinks when shorter segments arrive.
  ASSERT_TRUE(insert(*db, {seg(1, 20, 21, 3)}).is_ok());
  ASSERT_TRUE(get_meta(*db, meta_key::segment_max_span, span).is_ok());
  EXPECT_EQ(span, 1'000'000);
}

TEST_F(segment_table_test, extreme_timestamps) {
  ASSERT_TRUE(insert(*db, {seg(1, INT64_MIN, INT64_MIN + 5, 1),
                           segment_row{1, INT64_MAX - 1, INT64_MAX, 2, 2, {}}})
                  .is_ok());
  EXPECT_EQ(read(*db, {1}, INT64_MIN, INT64_MAX).size(), 2u);
  EXPECT_EQ(read(*db, {1}, INT64_MAX, INT64_MAX).size(), 1u);
  EXPECT_EQ(read(*db, {1}, INT64_MIN, INT64_MIN).size(), 1u);
  // A span beyond int64 is refused; the widest allowed one is found.
  auto st = insert(*db, {segment_row{2, INT64_MIN, INT64_MAX, 9, 3, {}}});
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  ASSERT_TRUE(insert(*db, {segment_row{2, INT64_MIN, -1, 9, 3, {}}}).is_ok());
  EXPECT_EQ(read(*db, {2}, -1, INT64_MAX).size(), 1u);
  EXPECT_EQ(read(*db, {2}, 0, INT64_MAX).size(), 0u);
  ASSERT_TRUE(
      insert(*db, {segment_row{3, -1, INT64_MAX - 1, 9, 4, {}}}).is_ok());
  EXPECT_EQ(read(*db, {3}, INT64_MAX - 1, INT64_MAX).size(), 1u);
  EXPECT_EQ(read(*db, {3}, INT64_MIN, -1).size(), 1u);
}

TEST_F(segment_table_test, multi_series_read_is_ordered_and_filtered) {
  std::vector<segment_row> rows;
  uint64_t seq = 0;
  for (int64_t day = 0; day < 5; ++day)
    for (uint64_t id = 1; id <= 4; ++id)
      rows.push_back(seg(id, day * 100, day * 100 + 99, ++seq));
  ASSERT_TRUE(insert(*db, rows).is_ok());
  auto got = read(*db, {3, 1, 3}, 150, 250); // unsorted, duplicate
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].series_id, 1u);
  EXPECT_EQ(got[0].start_ts, 100);
  EXPECT_EQ(got[1].series_id, 1u);
  EXPECT_EQ(got[1].start_ts, 200);
  EXPECT_EQ(got[2].series_id, 3u);
  EXPECT_EQ(got[2].start_ts, 100);
  EXPECT_EQ(got[3].series_id, 3u);
  EXPECT_EQ(got[3].start_ts, 200);
}

TEST_F(segment_table_test, read_plan_uses_primary_key_range) {
  status st;
  auto* stmt = db->prepare_cached(
      "EXPLAIN QUERY PLAN"
      " SELECT series_id, start_ts, end_ts, point_count, seq,"
      " coalesce(src_seq, seq), pack, pack_off, pack_len FROM segments"
      " WHERE series_id IN (SELECT value FROM json_each(?1))"
      " AND start_ts >= ?2 - coalesce((SELECT value FROM meta"
      "   WHERE key = 'segment_max_span'), 0)"
      " AND start_ts <= ?3 AND end_ts >= ?2 AND coalesce(src_seq, seq) <= ?4"
      " ORDER BY series_id, start_ts, seq",
      st);
  ASSERT_NE(stmt, nullptr) << st.to_string();
  scoped_reset guard{stmt};
  std::string plan;
  bool row = false;
  while (stmt->step(row).is_ok() && row) {
    plan += stmt->column_text(3);
    plan += '\n';
  }
  EXPECT_NE(plan.find("SEARCH segments USING INDEX segments_by_series"
                      " (series_id=? AND start_ts>? AND start_ts<?)"),
            std::string::npos)
      << plan;
  EXPECT_EQ(plan.find("SCAN segments"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE FOR ORDER BY"), std::string::npos) << plan;
}

TEST_F(segment_table_test, read_plan_matches_the_statement_in_use) {
  // Guards the plan test above against drift: the SQL it explains must be
  // the one read_segments prepared.
  ASSERT_EQ(read(*db, {1}, 0, 1).size(), 0u);
  bool found = false;
  for (auto* s = sqlite3_next_stmt(db->handle(), nullptr); s != nullptr;
       s = sqlite3_next_stmt(db->handle(), s)) {
    std::string sql = sqlite3_sql(s);
    if (sql.find("FROM segments WHERE series_id IN (SELECT value FROM"
                 " json_each(?1)) AND start_ts >= ?2 - coalesce((SELECT value"
                 " FROM meta   WHERE key = 'segment_max_span'), 0) AND"
                 " start_ts <= ?3 AND end_ts >= ?2 AND coalesce(src_seq, seq)"
                 " <= ?4 ORDER BY series_id, start_ts, seq") !=
        std::string::npos)
      found = true;
  }
  EXPECT_TRUE(found);
}

TEST_F(segment_table_test, ten_thousand_ids_in_one_read) {
  std::vector<segment_row> rows;
  std::vector<uint64_t> ids;
  for (uint64_t id = 1; id <= 10'000; ++id) {
    rows.push_back(seg(id, 0, 99, id, {static_cast<uint8_t>(id)}));
    ids.push_back(id);
  }
  ASSERT_TRUE(insert(*db, rows).is_ok());
  ids.push_back(20'000); // absent
  auto got = read(*db, ids, 50, 60);
  ASSERT_EQ(got.size(), 10'000u);
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i].series_id, i + 1);
    ASSERT_EQ(got[i].data[0], static_cast<uint8_t>(i + 1));
  }
}

TEST_F(segment_table_test, retention_deletes_segments_ending_before_cutoff) {
  ASSERT_TRUE(insert(*db, {seg(1, 0, 99, 1), seg(1, 100, 199, 2),
                           seg(2, 50, 150, 3), seg(3, 0, 10, 4)})
                  .is_ok());
  uint64_t deleted = 0;
  ASSERT_TRUE(with_transaction(*db, [&] {
                return delete_segments_ending_before(*db, 150, UINT64_MAX,
                                                     deleted);
              }).is_ok());
  EXPECT_EQ(deleted, 2u); // (1, 0..99) and (3, 0..10); end_ts 150 stays
  auto got = read(*db, {1, 2, 3}, INT64_MIN, INT64_MAX);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].start_ts, 100);
  EXPECT_EQ(got[1].series_id, 2u);
  // max_segment_seq does not go down after deletes.
  ASSERT_TRUE(delete_segments_ending_before(*db, INT64_MAX, UINT64_MAX, deleted)
                  .is_ok());
  EXPECT_EQ(deleted, 2u);
  EXPECT_EQ(max_segment_seq(*db), 4u);
}

TEST_F(segment_table_test, retention_keeps_segments_above_max_seq) {
  // Segments not yet rolled up (seq above the lowest tier watermark) stay,
  // however old.
  ASSERT_TRUE(
      insert(*db, {seg(1, 0, 9, 1), seg(2, 0, 9, 2), seg(3, 0, 9, 3)}).is_ok());
  uint64_t deleted = 0;
  ASSERT_TRUE(
      delete_segments_ending_before(*db, INT64_MAX, 2, deleted).is_ok());
  EXPECT_EQ(deleted, 2u);
  auto got = read(*db, {1, 2, 3}, INT64_MIN, INT64_MAX);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].seq, 3u);
}

TEST_F(segment_table_test, read_after_visits_in_seq_order_with_limit) {
  ASSERT_TRUE(insert(*db, {seg(2, 0, 9, 1), seg(1, 50, 59, 2),
                           seg(1, 10, 19, 3), seg(3, 0, 9, 4)})
                  .is_ok());
  std::vector<uint64_t> seqs;
  auto visit = [&](uint64_t, int64_t, int64_t, uint32_t, uint64_t seq, uint64_t,
                   std::span<const uint8_t>) { seqs.push_back(seq); };
  ASSERT_TRUE(read_segments_after(*db, 1, 2, visit).is_ok());
  EXPECT_EQ(seqs, (std::vector<uint64_t>{2, 3}));
  seqs.clear();
  ASSERT_TRUE(read_segments_after(*db, 0, 100, visit).is_ok());
  EXPECT_EQ(seqs, (std::vector<uint64_t>{1, 2, 3, 4}));
  seqs.clear();
  ASSERT_TRUE(read_segments_after(*db, 4, 100, visit).is_ok());
  ASSERT_TRUE(read_segments_after(*db, UINT64_MAX, 100, visit).is_ok());
  ASSERT_TRUE(read_segments_after(*db, 0, 0, visit).is_ok());
  EXPECT_TRUE(seqs.empty());
}

TEST_F(segment_table_test, seq_zero_is_rejected) {
  auto st = insert(*db, {seg(1, 0, 9, 0)});
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
}

TEST_F(segment_table_test, max_seq_of_empty_store_is_zero) {
  EXPECT_EQ(max_segment_seq(*db), 0u);
}

TEST_F(segment_table_test, reader_sees_committed_segments_and_cannot_write) {
  auto reader = open_reader(dir.file("store.db"));
  ASSERT_NE(reader, nullptr);
  ASSERT_TRUE(db->begin_immediate().is_ok());
  std::vector<segment_row> rows{seg(1, 0, 9, 1)};
  ASSERT_TRUE(insert_segments(*db, rows).is_ok());
  EXPECT_EQ(read(*reader, {1}, 0, 10).size(), 0u);
  ASSERT_TRUE(db->commit().is_ok());
  EXPECT_EQ(read(*reader, {1}, 0, 10).size(), 1u);
  EXPECT_EQ(max_segment_seq(*reader), 1u);
  rows[0].seq = 2;
  EXPECT_FALSE(insert_segments(*reader, rows).is_ok());
}

TEST_F(segment_table_test, data_survives_reopen) {
  ASSERT_TRUE(insert(*db, {seg(4, 10, 20, 3, {4, 5})}).is_ok());
  db.reset();
  db = open_writer(dir.file("store.db"));
  auto got = read(*db, {4}, 0, 100);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].data, (std::vector<uint8_t>{4, 5}));
  EXPECT_EQ(max_segment_seq(*db), 3u);
}

namespace {

/// The target workload of the storage budget: `series` series of 8640 points
/// (30 days at 300 s) in blobs of `points_per_blob` points of ~1.87 bytes per
/// point (random bytes: incompressible, like the codec's output), inserted in
/// time order (every series' first blob, then every second, ...), one
/// transaction per round. Returns file bytes / blob bytes after close.
double overhead(const std::string& path, int series, int points_per_blob) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
  std::mt19937_64 rng{42};
  std::uniform_real_distribution<double> jitter{0.9, 1.1};
  uint64_t payload = 0;
  {
    auto db = open_writer(path);
    std::vector<series_row> names;
    for (int s = 1; s <= series; ++s)
      names.push_back(
          series_row{static_cast<uint64_t>(s), "cpu_usage",
                     "host=server-" + std::to_string(s) + ",region=eu-west-1"});
    EXPECT_TRUE(insert_series(*db, names).is_ok());
    constexpr int points = 8640;
    constexpr int64_t step = 300'000;
    constexpr int64_t t0 = 1'700'000'000'000;
    uint64_t seq = 0;
    for (int first = 0; first < points; first += points_per_blob) {
      int n = std::min(points_per_blob, points - first);
      std::vector<segment_row> rows;
      for (int s = 1; s <= series; ++s) {
        auto size = static_cast<size_t>(n * 1.87 * jitter(rng));
        std::vector<uint8_t> blob(size);
        for (auto& b : blob)
          b = static_cast<uint8_t>(rng());
        payload += size;
        int64_t start = t0 + first * step;
        rows.push_back(
            segment_row{static_cast<uint64_t>(s), start, start + (n - 1) * step,
                        static_cast<uint32_t>(n), ++seq, std::move(blob)});
      }
      EXPECT_TRUE(insert(*db, rows).is_ok());
    }
    store_stats stats;
    EXPECT_TRUE(read_stats(*db, stats).is_ok());
    EXPECT_EQ(stats.segment_bytes, payload);
    EXPECT_EQ(stats.points, static_cast<uint64_t>(series) * points);
  }
  return static_cast<double>(std::filesystem::file_size(path)) /
         static_cast<double>(payload);
}

} // namespace

TEST_F(segment_table_test, storage_overhead_of_chosen_layout) {
  // The workload of the storage budget (docs/format.md): 500 series x 8640
  // points. A regression guard at the measured figures plus a margin.
  // Blobs in packs (schema v4) on 4 KiB pages measured 1.123 and 1.050;
  // one SQLite row per blob on 32 KiB pages measured about 1.11 at 1,024.
  auto path = dir.file("overhead.db");
  double r288 = overhead(path, 500, 288);
  double r1024 = overhead(path, 500, 1024);
  std::printf("page_size %d: file/payload %.4f for 288-point blobs, %.4f for "
              "1024-point blobs\n",
              store_page_size, r288, r1024);
  EXPECT_LT(r288, 1.14);
  EXPECT_LT(r1024, 1.06);
}

TEST_F(segment_table_test, compacted_rows_are_fenced_and_ordered_by_arrival) {
  auto merged = seg(1, 0, 19, 9);
  merged.src_seq = 3;
  ASSERT_TRUE(insert(*db, {seg(2, 0, 9, 4), merged}).is_ok());
  // Fenced by its arrival seq 3, not by its seq 9.
  EXPECT_EQ(read(*db, {1}, 0, 100, 2).size(), 0u);
  auto got = read(*db, {1}, 0, 100, 3);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].seq, 9u);
  EXPECT_EQ(got[0].arrival, 3u);
  got = read(*db, {2}, 0, 100, 4);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].arrival, 4u); // an original row arrives at its seq
  // Idempotent replay compares src_seq too.
  EXPECT_TRUE(insert(*db, {merged}).is_ok());
  merged.src_seq = 2;
  EXPECT_EQ(insert(*db, {merged}).get_code(), status::code::invalid_argument);
}

TEST_F(segment_table_test, src_seq_must_be_below_seq) {
  auto row = seg(1, 0, 9, 5);
  row.src_seq = 5;
  auto st = insert(*db, {row});
  EXPECT_EQ(st.get_code(), status::code::invalid_argument);
  EXPECT_NE(st.to_string().find("src_seq 5 is not below seq"),
            std::string::npos)
      << st.to_string();
}

TEST_F(segment_table_test, compaction_candidates_are_small_rows_in_seq_range) {
  std::vector<segment_row> rows;
  for (uint64_t seq = 1; seq <= 10; ++seq)
    rows.push_back(seg(seq % 3, int64_t(seq) * 100,
                       int64_t(seq) * 100 + (seq == 4 ? 2000 : 9), seq));
  ASSERT_TRUE(insert(*db, rows).is_ok());
  std::vector<compaction_candidate> out;
  uint64_t to = 0;
  // Rows of fewer than 1,000 points: all but seq 4 (2,001 points).
  ASSERT_TRUE(
      read_compaction_candidates(*db, 2, 8, 1000, 100, out, to).is_ok());
  EXPECT_EQ(to, 8u);
  ASSERT_EQ(out.size(), 5u); // seqs 3, 5, 6, 7, 8
  EXPECT_EQ(out[0].series_id, 0u);
  EXPECT_EQ(out[0].start_ts, 300);
  out.clear();
  // A limit stops the scan: scanned_to says where.
  ASSERT_TRUE(read_compaction_candidates(*db, 2, 8, 1000, 2, out, to).is_ok());
  EXPECT_EQ(to, 4u);
  EXPECT_EQ(out.size(), 1u);
  out.clear();
  ASSERT_TRUE(read_compaction_candidates(*db, 8, 8, 1000, 2, out, to).is_ok());
  EXPECT_EQ(to, 8u);
  EXPECT_TRUE(out.empty());
}

TEST_F(segment_table_test, start_before_finds_the_previous_segment) {
  ASSERT_TRUE(insert(*db, {seg(1, 0, 9, 1), seg(1, 10, 19, 2), seg(2, 5, 9, 3)})
                  .is_ok());
  int64_t start = 0;
  ASSERT_TRUE(read_start_before(*db, 1, 15, start).is_ok());
  EXPECT_EQ(start, 10);
  ASSERT_TRUE(read_start_before(*db, 1, 10, start).is_ok());
  EXPECT_EQ(start, 0);
  EXPECT_TRUE(read_start_before(*db, 1, 0, start).is_not_found());
  EXPECT_TRUE(read_start_before(*db, 3, 100, start).is_not_found());
}

TEST_F(segment_table_test, replace_swaps_groups_whose_inputs_all_remain) {
  ASSERT_TRUE(insert(*db, {seg(1, 0, 9, 1), seg(1, 10, 19, 2), seg(2, 0, 9, 3),
                           seg(2, 10, 19, 4)})
                  .is_ok());
  std::vector<compaction_group> groups(2);
  groups[0].inputs = {1, 2};
  groups[0].merged = seg(1, 0, 19, 0, {7});
  groups[0].merged.src_seq = 2;
  groups[1].inputs = {3, 5}; // seq 5 is gone: skipped, nothing deleted
  groups[1].merged = seg(2, 0, 19, 0, {8});
  groups[1].merged.src_seq = 5;
  uint64_t next = 10, replaced = 0, written = 0, points = 0;
  ASSERT_TRUE(replace_segments(*db, groups, 4, next, replaced, written, points)
                  .is_ok());
  EXPECT_EQ(next, 11u);
  EXPECT_EQ(replaced, 2u);
  EXPECT_EQ(written, 1u);
  EXPECT_EQ(points, 20u);
  EXPECT_EQ(compaction_mark(*db), 4u);
  EXPECT_EQ(max_segment_seq(*db), 10u);
  auto got = read(*db, {1, 2}, 0, 100);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].seq, 10u);
  EXPECT_EQ(got[0].arrival, 2u);
  EXPECT_EQ(got[0].data, (std::vector<uint8_t>{7}));
  EXPECT_EQ(got[1].seq, 3u);
  EXPECT_EQ(got[2].seq, 4u);
  // The mark never goes down.
  std::vector<compaction_group> none;
  ASSERT_TRUE(
      replace_segments(*db, none, 2, next, replaced, written, points).is_ok());
  EXPECT_EQ(compaction_mark(*db), 4u);
}
