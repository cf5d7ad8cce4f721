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

TEST(import_batch, data_errors_are_told_from_store_failures) {
  EXPECT_TRUE(apps::is_data_error(make_error(errc::invalid_label, "x")));
  EXPECT_TRUE(apps::is_data_error(make_error(errc::invalid_metric_name, "x")));
  EXPECT_TRUE(apps::is_data_error(make_error(errc::too_many_labels, "x")));
  EXPECT_TRUE(apps::is_data_error(make_error(errc::name_too_long, "x")));
  EXPECT_FALSE(apps::is_data_error(make_error(errc::backpressure, "x")));
  EXPECT_FALSE(apps::is_data_error(make_error(errc::io_error, "x")));
  EXPECT_FALSE(apps::is_data_error(make_error(errc::closed, "x")));
}

TEST(import_batch, only_refused_lines_are_rejected) {
  test_dir dir;
  auto o = test::small_store(dir.path);
  auto store = blocking_store::open(o);
  ASSERT_TRUE(store);
  apps::import_batch batch{"f", 3500};
  // Lines 1-8, a line of two samples at 5, bad samples on lines 3 and 7
  // (line 7's second sample is good but shares the line).
  for (int line = 1; line <= 8; ++line) {
    auto& s = batch.samples();
    if (line == 3) {
      s.push_back(bad(line));
    } else if (line == 5) {
      s.push_back(good(50));
      s.push_back(good(51));
    } else if (line == 7) {
      s.push_back(bad(line));
      s.push_back(good(70));
    } else if (line != 2) { // line 2 held no sample (a comment)
      s.push_back(good(line));
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
