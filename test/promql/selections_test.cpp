#include "promql/selections.hpp"

#include <gtest/gtest.h>

#include "promql/parse.hpp"

using namespace timeless::promql;

namespace {

constexpr int64_t min = 60'000;

std::vector<selection> of(std::string_view q, query_params p) {
  auto r = parse(q);
  EXPECT_TRUE(r.ok()) << r.error;
  if (!r.ok())
    return {};
  static std::vector<expr_ptr> keep; // selections point into the tree
  keep.push_back(std::move(r.expression));
  return selections(*keep.back(), p);
}

} // namespace

TEST(selections, instant_selector_reads_the_lookback) {
  auto s = of("foo{a=\"b\"}", {10 * min, 10 * min});
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].min_t, 5 * min);
  EXPECT_EQ(s[0].max_t, 10 * min);
  EXPECT_EQ(s[0].matchers.size(), 2u); // __name__ and a
}

TEST(selections, range_query_spans_all_steps) {
  query_params p{0, 10 * min, 3 * min};
  auto s = of("foo", p);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].min_t, -5 * min);
  EXPECT_EQ(s[0].max_t, 9 * min); // the last step, not the end
}

TEST(selections, range_offset_and_at) {
  auto s = of("rate(foo[5m] offset 1m)", {10 * min, 10 * min});
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].min_t, 4 * min);
  EXPECT_EQ(s[0].max_t, 9 * min);
  s = of("foo @ 100 offset -1m", {10 * min, 20 * min, min});
  EXPECT_EQ(s[0].min_t, 100'000 + min - 5 * min);
  EXPECT_EQ(s[0].max_t, 100'000 + min);
  s = of("foo[1m] @ start()", {10 * min, 20 * min, min});
  EXPECT_EQ(s[0].min_t, 9 * min);
  EXPECT_EQ(s[0].max_t, 10 * min);
  s = of("foo @ end()", {10 * min, 20 * min, min});
  EXPECT_EQ(s[0].max_t, 20 * min);
}

TEST(selections, subquery_is_aligned_to_its_step) {
  // Inner steps at 6m, 8m, 10m; the selector looks back 5m from 6m.
  auto s = of("max_over_time(foo[5m:2m])", {10 * min, 10 * min});
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].min_t, 1 * min);
  EXPECT_EQ(s[0].max_t, 10 * min);
  s = of("max_over_time(rate(foo[1m])[5m:2m] offset 2m)", {10 * min, 10 * min});
  EXPECT_EQ(s[0].min_t, 3 * min); // inner steps 4m, 6m, 8m
  EXPECT_EQ(s[0].max_t, 8 * min);
}

TEST(selections, every_selector_is_listed) {
  auto s = of("a + on(x) sum(b) or max_over_time(c[5m:]) and d", {0, 0});
  EXPECT_EQ(s.size(), 4u);
}

TEST(selections, subquery_range_helper) {
  auto r = parse("x[10m:3m]");
  ASSERT_TRUE(r.ok());
  auto inner =
      subquery_range(*r.expression, {20 * min, 20 * min, 1}, 0, 0, min);
  EXPECT_EQ(inner.start, 12 * min);
  EXPECT_EQ(inner.end, 18 * min); // the last inner step <= 20m
  EXPECT_EQ(inner.step, 3 * min);
}
