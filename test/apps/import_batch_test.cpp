#include "apps/import_batch.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "test/apps/cli_test_util.hpp"

using namespace timeless;

namespace {

sample good(int i) {
  return {"m", {{"k", "v"}}, int64_t{1000} * i, static_cast<double>(i)};
}

sample bad(int i) {
  return {"m", {{"__k", "v"}}, int64_t{1000} * i, static_cast<double>(i)};
}

} // namespace

TEST(import_batch, only_refused_lines_are_rejected) {
  test_dir dir;
  auto o = test::small_store(dir.path);
  auto store = blocking_store::open(o);
  ASSERT_TRUE(store);
  apps::import_batch batch{"f", 3500};
  // Lines 1-8, a line of two samples at 5, bad samples on lines 3 and 7
  // (line 7's second sample is good but shares the line).
  for (int line = 1; line <= 8; ++line) {
    auto add = [&](sample s) { batch.next_sample() = std::move(s); };
    if (line == 3) {
      add(bad(line));
    } else if (line == 5) {
      add(good(50));
      add(good(51));
    } else if (line == 7) {
      add(bad(line));
      add(good(70));
    } else if (line != 2) { // line 2 held no sample (a comment)
      add(good(line));
    }
    batch.end_line(line);
  }
  apps::batch_totals totals;
  std::ostringstream err;
  EXPECT_FALSE(batch.flush(**store, totals, err));
  EXPECT_EQ(totals.rejected_lines, 2u);
  EXPECT_EQ(totals.points, 6u);     // 1, 4, 50, 51, 6, 8
  EXPECT_EQ(totals.old_points, 1u); // 1000 < 3500
  auto text = err.str();
  EXPECT_EQ(text.rfind("f:3: ", 0), 0u) << text;
  EXPECT_NE(text.find("\nf:7: "), std::string::npos) << text;
  EXPECT_EQ(batch.size(), 0u);
  auto sel = parse_selector("m");
  auto points = (*store)->query(raw_query{*sel});
  ASSERT_TRUE(points);
  ASSERT_EQ(points->size(), 1u);
  EXPECT_EQ((*points)[0].values, (std::vector<double>{1, 4, 6, 8, 50, 51}));
}

TEST(import_batch, an_empty_batch_writes_nothing) {
  test_dir dir;
  auto store = blocking_store::open(test::small_store(dir.path));
  ASSERT_TRUE(store);
  apps::import_batch batch{"f", 0};
  batch.end_line(1);
  apps::batch_totals totals;
  std::ostringstream err;
  EXPECT_FALSE(batch.flush(**store, totals, err));
  EXPECT_EQ(totals.points, 0u);
}

TEST(import_batch, parse_rejects_and_store_refusals_in_line_order) {
  test_dir dir;
  auto store = blocking_store::open(test::small_store(dir.path));
  ASSERT_TRUE(store);
  apps::import_batch batch{"f", 0};
  batch.next_sample() = good(1);
  batch.end_line(1);
  batch.reject(2, "parse error two");
  batch.end_line(2);
  batch.next_sample() = bad(3);
  batch.end_line(3);
  batch.reject(4, "parse error four");
  batch.end_line(4);
  EXPECT_EQ(batch.rejects(), 2u);
  apps::batch_totals totals;
  std::ostringstream err;
  EXPECT_FALSE(batch.flush(**store, totals, err));
  EXPECT_EQ(totals.rejected_lines, 3u);
  EXPECT_EQ(totals.points, 1u);
  auto text = err.str();
  auto p2 = text.find("f:2: parse error two\n");
  auto p3 = text.find("f:3: ");
  auto p4 = text.find("f:4: parse error four\n");
  ASSERT_NE(p2, std::string::npos) << text;
  ASSERT_NE(p3, std::string::npos) << text;
  ASSERT_NE(p4, std::string::npos) << text;
  EXPECT_LT(p2, p3);
  EXPECT_LT(p3, p4);
  EXPECT_EQ(batch.rejects(), 0u);
}

TEST(import_batch, reused_slots_are_fully_overwritten) {
  test_dir dir;
  auto o = test::small_store(dir.path);
  auto store = blocking_store::open(o);
  ASSERT_TRUE(store);
  apps::import_batch batch{"f", 0};
  apps::batch_totals totals;
  std::ostringstream err;
  for (int i = 0; i < 3; ++i) {
    batch.next_sample() = sample{"m", {{"a", "1"}, {"b", "2"}}, 1000, 1};
    batch.end_line(static_cast<uint64_t>(i + 1));
  }
  ASSERT_FALSE(batch.flush(**store, totals, err));
  // One sample now: the batch holds a single slot in use, not three.
  auto& s = batch.next_sample();
  s.metric = "n";
  s.labels.clear();
  s.ts = 2000;
  s.value = 2;
  batch.end_line(4);
  EXPECT_EQ(batch.size(), 1u);
  ASSERT_FALSE(batch.flush(**store, totals, err));
  EXPECT_EQ(totals.points, 4u);
  auto n = (*store)->query(raw_query{*parse_selector("n")});
  ASSERT_TRUE(n);
  ASSERT_EQ(n->size(), 1u);
  EXPECT_EQ((*n)[0].values, std::vector<double>{2});
}
