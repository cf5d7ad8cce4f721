#include "db/rollup_table.hpp"

#include <bit>
#include <cmath>
#include <gtest/gtest.h>
#include <limits>

#include "test/db/test_dir.hpp"

using namespace timeless::db;
using timeless::db::testing::db_test;
using timeless::db::testing::open_writer;
using timeless::db::testing::test_dir;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

rollup_row one(uint64_t id, int64_t bucket, int64_t ts, double v) {
  rollup_row r;
  r.series_id = id;
  r.bucket = bucket;
  r.count = 1;
  r.sum = v;
  r.min = std::isnan(v) ? nan : v;
  r.max = r.min;
  r.first_ts = r.last_ts = ts;
  r.first = r.last = v;
  return r;
}

struct rollup_table_test : db_test {
  status merge(int64_t tier, std::vector<rollup_row> rows) {
    return with_transaction(*db,
                            [&] { return merge_rollups(*db, tier, rows); });
  }
  std::vector<rollup_row> read(int64_t tier, std::vector<uint64_t> ids,
                               int64_t from = INT64_MIN,
                               int64_t to = INT64_MAX) {
    std::vector<rollup_row> out;
    auto st = read_rollups(*db, tier, ids, from, to,
                           [&](const rollup_row& r) { out.push_back(r); });
    EXPECT_TRUE(st.is_ok()) << st.to_string();
    return out;
  }
};

} // namespace

TEST_F(rollup_table_test, merge_combines_every_field) {
  ASSERT_TRUE(merge(1, {one(7, 0, 50, 5.0)}).is_ok());
  // Later point, then an earlier (late-arriving) one.
  ASSERT_TRUE(merge(1, {one(7, 0, 90, 9.0)}).is_ok());
  ASSERT_TRUE(merge(1, {one(7, 0, 10, -1.0)}).is_ok());
  auto got = read(1, {7});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].count, 3u);
  EXPECT_EQ(got[0].sum, 13.0);
  EXPECT_EQ(got[0].min, -1.0);
  EXPECT_EQ(got[0].max, 9.0);
  EXPECT_EQ(got[0].first_ts, 10);
  EXPECT_EQ(got[0].first, -1.0);
  EXPECT_EQ(got[0].last_ts, 90);
  EXPECT_EQ(got[0].last, 9.0);
}

TEST_F(rollup_table_test, ties_keep_earlier_first_and_later_last) {
  ASSERT_TRUE(merge(1, {one(7, 0, 50, 1.0)}).is_ok());
  ASSERT_TRUE(merge(1, {one(7, 0, 50, 2.0)}).is_ok());
  auto got = read(1, {7});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].first, 1.0);
  EXPECT_EQ(got[0].last, 2.0);
}

TEST_F(rollup_table_test, nan_and_inf_follow_ieee_and_keep_payloads) {
  auto stale = std::bit_cast<double>(uint64_t{0x7ff0000000000002});
  ASSERT_TRUE(merge(1, {one(7, 0, 10, stale)}).is_ok());
  auto got = read(1, {7});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(std::isnan(got[0].sum));
  EXPECT_TRUE(std::isnan(got[0].min)); // every value NaN
  EXPECT_EQ(std::bit_cast<uint64_t>(got[0].first), 0x7ff0000000000002u);
  ASSERT_TRUE(merge(1, {one(7, 0, 20, 4.0)}).is_ok());
  got = read(1, {7});
  EXPECT_TRUE(std::isnan(got[0].sum)); // NaN is sticky
  EXPECT_EQ(got[0].min, 4.0);          // NaN ignored by min/max
  EXPECT_EQ(got[0].max, 4.0);
  EXPECT_EQ(got[0].count, 2u);
  ASSERT_TRUE(merge(2, {one(8, 0, 10, inf)}).is_ok());
  ASSERT_TRUE(merge(2, {one(8, 0, 20, -inf)}).is_ok());
  got = read(2, {8});
  EXPECT_TRUE(std::isnan(got[0].sum)); // +Inf + -Inf
  EXPECT_EQ(got[0].min, -inf);
  EXPECT_EQ(got[0].max, inf);
}

TEST_F(rollup_table_test, tiers_series_and_ranges_are_separate) {
  ASSERT_TRUE(merge(1, {one(7, 0, 1, 1), one(7, 100, 101, 2), one(8, 0, 1, 3),
                        one(7, 200, 201, 4)})
                  .is_ok());
  ASSERT_TRUE(merge(2, {one(7, 0, 1, 10)}).is_ok());
  auto got = read(1, {8, 7}, 100, 200);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].bucket, 100);
  EXPECT_EQ(got[1].bucket, 200);
  EXPECT_EQ(read(2, {7}).size(), 1u);
  EXPECT_EQ(read(1, {8}).size(), 1u);
  EXPECT_TRUE(read(1, {}).empty());
  uint64_t rows = 0;
  ASSERT_TRUE(count_rollups(*db, 1, rows).is_ok());
  EXPECT_EQ(rows, 4u);
}

TEST_F(rollup_table_test, delete_before_keeps_the_first_kept_bucket) {
  ASSERT_TRUE(
      merge(1, {one(7, 0, 1, 1), one(7, 100, 101, 2), one(8, 50, 51, 3)})
          .is_ok());
  ASSERT_TRUE(merge(2, {one(7, 0, 1, 1)}).is_ok());
  uint64_t deleted = 0;
  ASSERT_TRUE(with_transaction(*db, [&] {
                return delete_rollups_before(*db, 1, 100, deleted);
              }).is_ok());
  EXPECT_EQ(deleted, 2u);
  auto got = read(1, {7, 8});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].bucket, 100);
  EXPECT_EQ(read(2, {7}).size(), 1u); // other tier untouched
}

TEST_F(rollup_table_test, invalid_rows_are_refused) {
  auto r = one(7, 0, 1, 1);
  r.count = 0;
  EXPECT_EQ(merge(1, {r}).get_code(), status::code::invalid_argument);
  r = one(7, 0, 5, 1);
  r.last_ts = 4;
  EXPECT_EQ(merge(1, {r}).get_code(), status::code::invalid_argument);
  EXPECT_TRUE(read(1, {7}).empty());
}
