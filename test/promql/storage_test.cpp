#include "promql/storage.hpp"

#include <cmath>

#include <gtest/gtest.h>

using namespace timeless::promql;

namespace {

matcher eq(std::string n, std::string v) {
  return *matcher::make(std::move(n), matcher::op::eq, std::move(v), nullptr);
}

} // namespace

TEST(memory_storage, selects_matching_series_in_window) {
  memory_storage st;
  st.add({{"__name__", "a"}, {"job", "x"}}, 10, 1);
  st.add({{"job", "y"}, {"__name__", "a"}}, 20, 2);
  st.add({{"__name__", "b"}}, 10, 3);
  auto s = st.select({eq("__name__", "a")}, 0, 100);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].lbls[1].value, "x"); // labels sorted, series sorted
  EXPECT_TRUE(st.select({eq("__name__", "a")}, 11, 19).empty());
}

TEST(memory_storage, window_is_inclusive_and_points_sorted) {
  memory_storage st;
  st.add({{"__name__", "a"}}, 30, 3);
  st.add({{"__name__", "a"}}, 10, 1);
  st.add({{"__name__", "a"}}, 20, 2);
  st.add({{"__name__", "a"}}, 20, 5); // replaces
  auto s = st.select({eq("__name__", "a")}, 10, 20);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].t_ms, (std::vector<int64_t>{10, 20}));
  EXPECT_EQ(s[0].v, (std::vector<double>{1, 5}));
}

TEST(memory_storage, keeps_stale_markers) {
  memory_storage st;
  st.add({{"__name__", "a"}}, 10, stale_nan());
  auto s = st.select({eq("__name__", "a")}, 0, 10);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_TRUE(is_stale(s[0].v[0]));
  EXPECT_FALSE(is_stale(std::nan("")));
}

TEST(memory_storage, missing_label_matches_empty) {
  memory_storage st;
  st.add({{"__name__", "a"}}, 1, 1);
  auto m = *matcher::make("job", matcher::op::eq, "", nullptr);
  EXPECT_EQ(st.select({m}, 0, 10).size(), 1u);
  st.clear();
  EXPECT_TRUE(st.select({m}, 0, 10).empty());
}

TEST(matcher, regexes_are_anchored) {
  std::string err;
  auto m = matcher::make("a", matcher::op::re, "b.", &err);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->matches("bc"));
  EXPECT_FALSE(m->matches("abc"));
  EXPECT_FALSE(m->matches("bcd"));
  auto n = matcher::make("a", matcher::op::nre, "b|c", &err);
  EXPECT_TRUE(n->matches("bc"));
  EXPECT_FALSE(n->matches("c"));
  EXPECT_TRUE(
      matcher::make("a", matcher::op::re, "a\nb", &err)->matches("a\nb"));
}

TEST(matcher, bad_regex_is_an_error) {
  std::string err;
  EXPECT_FALSE(matcher::make("a", matcher::op::re, "(", &err));
  EXPECT_NE(err.find("invalid regular expression"), std::string::npos);
}

TEST(labels, set_get_erase_keep_order) {
  labels ls;
  set_label(ls, "b", "2");
  set_label(ls, "a", "1");
  EXPECT_EQ(to_string(ls), "{a=\"1\", b=\"2\"}");
  set_label(ls, "__name__", "m");
  EXPECT_EQ(to_string(ls), "m{a=\"1\", b=\"2\"}");
  set_label(ls, "a", "");
  EXPECT_EQ(get_label(ls, "a"), "");
  erase_label(ls, "b");
  EXPECT_EQ(to_string(ls), "m{}");
  EXPECT_EQ(quote("a\"\n"), "\"a\\\"\\n\"");
}
