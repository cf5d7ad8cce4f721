// plan_compaction and merge_segments: which rows merge, and what a merged
// row holds.
#include "actors/maintain/compaction.hpp"

#include <gtest/gtest.h>

using namespace timeless;
using namespace timeless::detail;

namespace {

stored_segment row(uint64_t seq, int64_t start, int64_t end, uint32_t n,
                   uint64_t arrival = 0) {
  return stored_segment{seq, arrival == 0 ? seq : arrival, start, end, n, {}};
}

using groups = std::vector<std::vector<size_t>>;

} // namespace

TEST(compaction_plan, adjacent_small_rows_merge_up_to_block_points) {
  std::vector<stored_segment> rows{row(1, 0, 9, 400), row(2, 10, 19, 400),
                                   row(3, 20, 29, 400), row(4, 30, 39, 100)};
  EXPECT_EQ(plan_compaction(rows, 100, 1024), (groups{{0, 1}, {2, 3}}));
  EXPECT_EQ(plan_compaction(rows, 100, 800), (groups{{0, 1}, {2, 3}}));
  EXPECT_EQ(plan_compaction(rows, 100, 1300), (groups{{0, 1, 2, 3}}));
}

TEST(compaction_plan, a_single_row_is_left_alone) {
  std::vector<stored_segment> rows{row(1, 0, 9, 10)};
  EXPECT_TRUE(plan_compaction(rows, 100, 1024).empty());
  EXPECT_TRUE(plan_compaction({}, 100, 1024).empty());
}

TEST(compaction_plan, full_rows_and_rows_above_the_limit_break_runs) {
  std::vector<stored_segment> rows{row(1, 0, 9, 10),   row(2, 10, 19, 1024),
                                   row(3, 20, 29, 10), row(4, 30, 39, 10),
                                   row(9, 40, 49, 10), row(5, 50, 59, 10)};
  // Row 1 is full; row 4 (seq 9) is above the limit 8.
  EXPECT_EQ(plan_compaction(rows, 8, 1024), (groups{{2, 3}}));
  // With limit 9 rows 2..5 form one run.
  EXPECT_EQ(plan_compaction(rows, 9, 1024), (groups{{2, 3, 4, 5}}));
}

TEST(compaction_plan, a_group_spans_at_most_max_span_ms) {
  std::vector<stored_segment> rows{row(1, 0, 9, 10), row(2, 10, 19, 10),
                                   row(3, 20, 29, 10), row(4, 30, 39, 10)};
  EXPECT_EQ(plan_compaction(rows, 100, 1024, 19), (groups{{0, 1}, {2, 3}}));
  EXPECT_EQ(plan_compaction(rows, 100, 1024, 29), (groups{{0, 1, 2}}));
  EXPECT_EQ(plan_compaction(rows, 100, 1024, 0), (groups{{0, 1, 2, 3}}));
  EXPECT_TRUE(plan_compaction(rows, 100, 1024, 5).empty());
}

TEST(compaction_plan, a_row_arriving_between_and_overlapping_blocks_a_merge) {
  // Rows 0 and 2 (seqs 1 and 3) would merge, but row 1 (seq 2, full)
  // overlaps them in time: a read orders equal timestamps 1, 2, 3; a merged
  // row (arrival 3) would order them 2, 1, 3.
  std::vector<stored_segment> rows{row(1, 0, 50, 10), row(2, 40, 60, 1024),
                                   row(3, 55, 70, 10)};
  EXPECT_TRUE(plan_compaction(rows, 100, 1024).empty());
  // Without the overlap they merge around it? No: a full row between them
  // in time order breaks the run.
  rows[1] = row(2, 51, 54, 1024);
  EXPECT_TRUE(plan_compaction(rows, 100, 1024).empty());
  // A small row arriving between that is part of the run is fine.
  rows[1] = row(2, 40, 60, 10);
  EXPECT_EQ(plan_compaction(rows, 100, 1024), (groups{{0, 1, 2}}));
}

TEST(compaction_merge, points_keep_arrival_order_for_equal_timestamps) {
  codec::segment_encoder enc;
  codec::segment_decoder dec;
  auto blob = [&](std::vector<int64_t> ts, std::vector<double> vs) {
    std::vector<uint8_t> out;
    enc.encode(ts, vs, out);
    return out;
  };
  // Row a (seq 5) holds t=10 and t=20; row b (seq 9, a late write) holds
  // another t=10 and t=15. In time order, a comes first.
  std::vector<stored_segment> rows{row(5, 10, 20, 2), row(9, 10, 15, 2)};
  rows[0].blob = blob({10, 20}, {1.0, 2.0});
  rows[1].blob = blob({10, 15}, {3.0, 4.0});
  db::compaction_group g;
  std::vector<size_t> group{1, 0};
  ASSERT_FALSE(merge_segments(7, rows, group, dec, enc, g));
  EXPECT_EQ(g.inputs, (std::vector<uint64_t>{5, 9}));
  EXPECT_EQ(g.merged.series_id, 7u);
  EXPECT_EQ(g.merged.start_ts, 10);
  EXPECT_EQ(g.merged.end_ts, 20);
  EXPECT_EQ(g.merged.point_count, 4u);
  EXPECT_EQ(g.merged.src_seq, 9u);
  EXPECT_EQ(g.merged.seq, 0u);
  std::vector<int64_t> ts;
  std::vector<double> vs;
  ASSERT_EQ(dec.decode(g.merged.data, ts, vs), codec::errc::ok);
  EXPECT_EQ(ts, (std::vector<int64_t>{10, 10, 15, 20}));
  EXPECT_EQ(vs, (std::vector<double>{1.0, 3.0, 4.0, 2.0}));
}

TEST(compaction_merge, a_corrupt_input_is_an_error_naming_it) {
  codec::segment_encoder enc;
  codec::segment_decoder dec;
  std::vector<stored_segment> rows{row(5, 10, 20, 2), row(9, 30, 40, 2)};
  enc.encode(std::vector<int64_t>{10, 20}, std::vector<double>{1, 2},
             rows[0].blob);
  rows[1].blob = {1, 2, 3};
  db::compaction_group g;
  std::vector<size_t> group{0, 1};
  auto err = merge_segments(7, rows, group, dec, enc, g);
  ASSERT_TRUE(err);
  EXPECT_NE(describe(err).find("series 7 (seq 9)"), std::string::npos)
      << describe(err);
}
