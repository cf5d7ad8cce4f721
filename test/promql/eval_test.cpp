#include "promql/eval.hpp"

#include <gtest/gtest.h>

#include "promql/parse.hpp"

using namespace timeless::promql;

namespace {

struct fixture : ::testing::Test {
  memory_storage st;
  void SetUp() override {
    for (int i = 0; i <= 10; ++i) {
      st.add({{"__name__", "a"}, {"i", "1"}}, i * 60'000, i);
      st.add({{"__name__", "a"}, {"i", "2"}}, i * 60'000, 2 * i);
    }
  }
  expr_ptr q(std::string_view s) {
    auto r = parse(s);
    EXPECT_TRUE(r.ok()) << r.error;
    return std::move(r.expression);
  }
};

} // namespace

TEST_F(fixture, instant_vector_has_the_eval_time) {
  auto r = eval_instant(*q("a"), 90'000, st);
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.val.type, value_type::vector);
  ASSERT_EQ(r.val.vec.size(), 2u);
  EXPECT_EQ(r.val.vec[0].t, 90'000);
  EXPECT_EQ(r.val.vec[0].v, 1);
}

TEST_F(fixture, range_query_is_sorted_by_labels_and_aligned) {
  auto r = eval_range(*q("a"), 0, 130'000, 60'000, st);
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.val.mat.size(), 2u);
  EXPECT_EQ(r.val.mat[0].points.size(), 3u);
  EXPECT_EQ(r.val.mat[0].points[2].t, 120'000);
  EXPECT_EQ(get_label(r.val.mat[1].lbls, "i"), "2");
}

TEST_F(fixture, scalar_range_query_gives_one_series) {
  auto r = eval_range(*q("time()"), 0, 120'000, 60'000, st);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.val.mat.size(), 1u);
  EXPECT_TRUE(r.val.mat[0].lbls.empty());
  EXPECT_EQ(r.val.mat[0].points[2].v, 120);
}

TEST_F(fixture, range_query_rejects_bad_types_and_steps) {
  EXPECT_EQ(eval_range(*q("a[5m]"), 0, 1, 1, st).error,
            "invalid expression type \"range vector\" for range query, "
            "must be Scalar or instant Vector");
  EXPECT_FALSE(eval_range(*q("\"s\""), 0, 1, 1, st).ok());
  EXPECT_FALSE(eval_range(*q("a"), 0, 1, 0, st).ok());
  EXPECT_FALSE(eval_range(*q("a"), 10, 1, 1, st).ok());
}

TEST_F(fixture, max_samples_limit) {
  eval_options o;
  o.max_samples = 3;
  auto r = eval_range(*q("a"), 0, 600'000, 60'000, st, o);
  EXPECT_NE(r.error.find("query processing would load too many samples "
                         "into memory"),
            std::string::npos);
  o.max_samples = 100;
  EXPECT_TRUE(eval_instant(*q("a"), 0, st, o).ok());
}

TEST_F(fixture, cancellation_hook) {
  eval_options o;
  o.cancelled = [] { return true; };
  EXPECT_EQ(eval_instant(*q("sum(a)"), 0, st, o).error,
            "query timed out in expression evaluation");
}

TEST_F(fixture, many_to_many_error_message) {
  auto r = eval_instant(*q("a + on() a"), 0, st);
  EXPECT_EQ(r.error.rfind("found duplicate series for the match group {} "
                          "on the right hand-side of the operation",
                          0),
            0u)
      << r.error;
  EXPECT_NE(r.error.find("many-to-many matching not allowed"),
            std::string::npos);
}

TEST_F(fixture, instant_matrix_result) {
  auto r = eval_instant(*q("a{i=\"1\"}[2m]"), 600'000, st);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.val.type, value_type::matrix);
  ASSERT_EQ(r.val.mat.size(), 1u);
  EXPECT_EQ(r.val.mat[0].points.size(), 3u);
  EXPECT_EQ(r.val.mat[0].points[0].t, 480'000);
}

TEST_F(fixture, topk_with_nan_parameter_fails) {
  EXPECT_FALSE(eval_instant(*q("topk(NaN, a)"), 0, st).ok());
}

TEST_F(fixture, deep_but_allowed_nesting_evaluates) {
  std::string s;
  for (int i = 0; i < 60; ++i)
    s += "abs(";
  s += "a";
  s += std::string(60, ')');
  EXPECT_TRUE(eval_instant(*q(s), 0, st).ok());
}
