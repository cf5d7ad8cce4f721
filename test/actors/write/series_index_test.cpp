#include "actors/write/series_index.hpp"

#include <gtest/gtest.h>

using namespace timeless;
using timeless::detail::series_index;

namespace {

std::string key(const std::string& metric, const label_set& labels) {
  std::string out;
  series_index::append_key(out, metric, labels);
  return out;
}

} // namespace

TEST(series_index, ids_are_dense_from_one) {
  series_index idx;
  label_set a{{"host", "a"}};
  label_set b{{"host", "b"}};
  EXPECT_EQ(idx.add(key("cpu", a), "cpu", a), 1u);
  EXPECT_EQ(idx.add(key("cpu", b), "cpu", b), 2u);
  EXPECT_EQ(idx.find(key("cpu", a)), 1u);
  EXPECT_EQ(idx.find(key("cpu", label_set{{"host", "c"}})), 0u);
  EXPECT_EQ(idx.next_id(), 3u);
}

TEST(series_index, keys_do_not_collide_like_the_original) {
  // The original joined "k=v" with "," and merged these two series.
  label_set one{{"a", "1,b=2"}};
  label_set two{{"a", "1"}, {"b", "2"}};
  EXPECT_NE(key("m", one), key("m", two));
  EXPECT_NE(key("ab", {}), key("a", label_set{{"b", ""}}));
}

TEST(series_index, restore_keeps_ids_and_continues_after_them) {
  series_index idx;
  EXPECT_TRUE(idx.restore(40, "cpu", {{"host", "a"}}));
  EXPECT_EQ(idx.next_id(), 41u);
  EXPECT_EQ(idx.find(key("cpu", {{"host", "a"}})), 40u);
  // The same id again for the same series is fine; for another it is not.
  EXPECT_TRUE(idx.restore(40, "cpu", {{"host", "a"}}));
  EXPECT_FALSE(idx.restore(40, "cpu", {{"host", "b"}}));
}

TEST(series_index, match_and_listing) {
  series_index idx;
  for (auto h : {"a", "b", "c"}) {
    label_set ls{{"dc", "eu"}, {"host", h}};
    idx.add(key("cpu", ls), "cpu", ls);
  }
  label_set m{{"host", "a"}};
  idx.add(key("mem", m), "mem", m);
  auto sel = parse_selector("cpu{host!=\"b\"}");
  ASSERT_TRUE(sel);
  auto matcher = series_matcher::make(*sel);
  ASSERT_TRUE(matcher);
  std::vector<uint64_t> ids;
  idx.match(*matcher, ids);
  EXPECT_EQ(ids, (std::vector<uint64_t>{1, 3}));
  EXPECT_EQ(idx.metrics(), (std::vector<std::string>{"cpu", "mem"}));
  EXPECT_EQ(idx.label_names("cpu"), (std::vector<std::string>{"dc", "host"}));
  EXPECT_EQ(idx.label_values("cpu", "host"),
            (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(idx.label_values("nope", "host").empty());
}
