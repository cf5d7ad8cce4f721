#include "actors/write/series_buffer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

using namespace timeless;
using timeless::detail::buffer_policy;
using timeless::detail::series_buffer;

namespace {

constexpr int64_t seg = 1000; // 1 s segments keep the numbers small

buffer_policy policy(uint32_t block_points = 2048) {
  buffer_policy p;
  p.segment_ms = seg;
  p.grace_ms = 100;
  p.block_points = block_points;
  return p;
}

struct rows {
  std::vector<db::segment_row> closed;
  std::vector<db::open_segment_row> open;
};

rows checkpoint(series_buffer& buf, uint64_t tag) {
  rows r;
  codec::segment_encoder enc;
  buf.checkpoint(tag, 0, enc, r.closed, r.open);
  return r;
}

void decode(const std::vector<uint8_t>& blob, std::vector<int64_t>& ts,
            std::vector<double>& vs) {
  codec::segment_decoder dec;
  ASSERT_EQ(dec.decode(blob, ts, vs), codec::errc::ok);
}

} // namespace

TEST(series_buffer, empty_checkpoint_has_no_rows) {
  series_buffer buf{policy()};
  auto r = checkpoint(buf, 1);
  EXPECT_TRUE(r.closed.empty());
  EXPECT_TRUE(r.open.empty());
  EXPECT_EQ(buf.points(), 0u);
}

TEST(series_buffer, open_segment_becomes_a_snapshot_row) {
  series_buffer buf{policy()};
  buf.add(7, 10, 1.5);
  buf.add(7, 20, 2.5);
  auto r = checkpoint(buf, 1);
  EXPECT_TRUE(r.closed.empty());
  ASSERT_EQ(r.open.size(), 1u);
  EXPECT_EQ(r.open[0].series_id, 7u);
  EXPECT_EQ(r.open[0].start_ts, 0);
  std::vector<int64_t> ts;
  std::vector<double> vs;
  decode(r.open[0].data, ts, vs);
  EXPECT_EQ(ts, (std::vector<int64_t>{10, 20}));
  EXPECT_EQ(vs, (std::vector<double>{1.5, 2.5}));
  // Open points stay held after the commit: they are not in SQLite yet.
  buf.committed(1);
  EXPECT_EQ(buf.points(), 2u);
}

TEST(series_buffer, segment_seals_once_series_passes_end_plus_grace) {
  series_buffer buf{policy()};
  buf.add(1, 500, 1);
  buf.add(1, 1050, 2); // within the grace of segment [0, 1000)
  auto r = checkpoint(buf, 1);
  EXPECT_TRUE(r.closed.empty());
  EXPECT_EQ(r.open.size(), 2u);
  buf.add(1, 1100, 3); // 1000 + 100 grace reached: [0, 1000) seals
  r = checkpoint(buf, 2);
  ASSERT_EQ(r.closed.size(), 1u);
  EXPECT_EQ(r.closed[0].start_ts, 500);
  EXPECT_EQ(r.closed[0].end_ts, 500);
  EXPECT_EQ(r.closed[0].point_count, 1u);
}

TEST(series_buffer, idle_segment_seals_by_wall_clock) {
  series_buffer buf{policy()};
  buf.add(1, 10, 1);
  buf.seal_closed(1999); // end 1000 + one segment = 2000 not yet reached
  EXPECT_TRUE(checkpoint(buf, 1).closed.empty());
  buf.seal_closed(2000);
  EXPECT_EQ(checkpoint(buf, 2).closed.size(), 1u);
}

TEST(series_buffer, sealed_rows_merge_into_blocks_of_block_points) {
  series_buffer buf{policy(5)};
  for (int64_t t = 0; t < 12000; t += 250) // 4 points per segment
    buf.add(3, t, double(t));
  buf.seal_all();
  auto r = checkpoint(buf, 1);
  uint64_t total = 0;
  for (auto& row : r.closed) {
    EXPECT_LE(row.point_count, 5u);
    total += row.point_count;
  }
  EXPECT_EQ(total, 48u);
  EXPECT_EQ(r.closed.size(), 12u); // 4 + 4 > 5: one segment per block
}

TEST(series_buffer, blocks_span_at_most_block_span_ms) {
  auto p = policy(1000);
  p.block_span_ms = 2999; // three 1 s segments: first to last point 2750 ms
  series_buffer buf{p};
  for (int64_t t = 0; t < 12000; t += 250)
    buf.add(3, t, double(t));
  buf.seal_all();
  auto r = checkpoint(buf, 1);
  ASSERT_EQ(r.closed.size(), 4u);
  for (auto& row : r.closed) {
    EXPECT_EQ(row.point_count, 12u);
    EXPECT_LE(row.end_ts - row.start_ts, 2999);
  }
  // Without the limit the 48 points fit one block.
  series_buffer all{policy(1000)};
  for (int64_t t = 0; t < 12000; t += 250)
    all.add(3, t, double(t));
  all.seal_all();
  EXPECT_EQ(checkpoint(all, 1).closed.size(), 1u);
}

TEST(series_buffer, committed_drops_only_sent_segments) {
  series_buffer buf{policy()};
  buf.add(1, 10, 1);
  buf.seal_all();
  auto r1 = checkpoint(buf, 1);
  ASSERT_EQ(r1.closed.size(), 1u);
  buf.add(1, 20, 2);
  buf.seal_all();
  buf.committed(1);
  EXPECT_EQ(buf.points(), 1u);
  std::vector<int64_t> ts;
  std::vector<double> vs;
  buf.collect(1, INT64_MIN, INT64_MAX, ts, vs);
  EXPECT_EQ(ts, (std::vector<int64_t>{20}));
}

TEST(series_buffer, uncommit_resends_after_failed_commit) {
  series_buffer buf{policy()};
  buf.add(1, 10, 1);
  buf.seal_all();
  EXPECT_EQ(checkpoint(buf, 1).closed.size(), 1u);
  EXPECT_TRUE(checkpoint(buf, 2).closed.empty()); // already in flight
  buf.uncommit(1);
  EXPECT_EQ(checkpoint(buf, 3).closed.size(), 1u);
}

TEST(series_buffer, out_of_order_and_duplicates_encode_sorted_and_kept) {
  series_buffer buf{policy()};
  buf.add(1, 30, 3);
  buf.add(1, 10, 1);
  buf.add(1, 20, 2);
  buf.add(1, 10, 1.25); // duplicate timestamp, later arrival
  buf.seal_all();
  auto r = checkpoint(buf, 1);
  ASSERT_EQ(r.closed.size(), 1u);
  std::vector<int64_t> ts;
  std::vector<double> vs;
  decode(r.closed[0].data, ts, vs);
  EXPECT_EQ(ts, (std::vector<int64_t>{10, 10, 20, 30}));
  EXPECT_EQ(vs, (std::vector<double>{1, 1.25, 2, 3}));
}

TEST(series_buffer, collect_honours_inclusive_range) {
  series_buffer buf{policy()};
  for (int64_t t = 0; t < 10; ++t)
    buf.add(9, t * 100, double(t));
  std::vector<int64_t> ts;
  std::vector<double> vs;
  buf.collect(9, 200, 500, ts, vs);
  EXPECT_EQ(ts, (std::vector<int64_t>{200, 300, 400, 500}));
  ts.clear();
  buf.collect(8, INT64_MIN, INT64_MAX, ts, vs); // unknown series
  EXPECT_TRUE(ts.empty());
}

TEST(series_buffer, negative_and_extreme_timestamps) {
  series_buffer buf{policy()};
  buf.add(1, -1, 1);
  buf.add(1, INT64_MIN, 2);
  buf.add(1, INT64_MAX, 3);
  buf.seal_all();
  auto r = checkpoint(buf, 1);
  std::vector<int64_t> ts;
  std::vector<double> vs;
  for (auto& row : r.closed)
    decode(row.data, ts, vs);
  std::sort(ts.begin(), ts.end());
  EXPECT_EQ(ts, (std::vector<int64_t>{INT64_MIN, -1, INT64_MAX}));
}

TEST(series_buffer, special_values_are_bit_exact) {
  series_buffer buf{policy()};
  const uint64_t stale = 0x7ff0000000000002ull;
  double nan_payload;
  std::memcpy(&nan_payload, &stale, 8);
  double vals[] = {nan_payload, INFINITY, -INFINITY, -0.0, 5e-324};
  for (int i = 0; i < 5; ++i)
    buf.add(1, i, vals[i]);
  buf.seal_all();
  auto r = checkpoint(buf, 1);
  std::vector<int64_t> ts;
  std::vector<double> vs;
  decode(r.closed.at(0).data, ts, vs);
  ASSERT_EQ(vs.size(), 5u);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(std::memcmp(&vs[i], &vals[i], 8), 0) << i;
}
