#include "server/chart/legend.hpp"

#include <gtest/gtest.h>

#include "test/server/chart/xml_check.hpp"

using namespace timeless;
using namespace timeless::chart;
using timeless::testing::xml_doc;

namespace {

std::vector<chart_series> named(const std::vector<std::string>& hosts) {
  std::vector<chart_series> out;
  for (auto& h : hosts)
    out.push_back(chart_series{{{"host", h}}, {}, {}});
  return out;
}

} // namespace

TEST(legend, none_for_fewer_than_two_series) {
  EXPECT_TRUE(layout_legend({}, "host", 800, 40).rows.empty());
  auto one = layout_legend(named({"a"}), "host", 800, 40);
  EXPECT_TRUE(one.rows.empty());
  EXPECT_EQ(one.height, 0);
  std::string out;
  render_legend(out, one, 300, theme_attrs_of(theme::light));
  EXPECT_EQ(out, "");
}

TEST(legend, item_width_follows_the_name) {
  auto l = layout_legend(named({"a", "abcd"}), "host", 800, 40);
  ASSERT_EQ(l.rows.size(), 1u);
  EXPECT_EQ(l.rows[0][0].width, 20 + 6 + 12);
  EXPECT_EQ(l.rows[0][1].width, 20 + 24 + 12);
  EXPECT_EQ(l.height, 16 + 2 * 8);
}

TEST(legend, rows_wrap_at_the_width_minus_20) {
  // Items of 20 + 6 * 8 + 12 = 80 px; 180 - 20 = 160 px holds two.
  auto l = layout_legend(named({"aaaaaaaa", "bbbbbbbb", "cccccccc"}), "host",
                         180, 40);
  ASSERT_EQ(l.rows.size(), 2u);
  EXPECT_EQ(l.rows[0].size(), 2u);
  EXPECT_EQ(l.rows[1].size(), 1u);
  EXPECT_EQ(l.height, 2 * 16 + 2 * 8);
  // An item wider than a row gets a row of its own.
  auto wide =
      layout_legend(named({std::string(40, 'x'), "b"}), "host", 100, 40);
  EXPECT_EQ(wide.rows.size(), 2u);
}

TEST(legend, names_are_cut_and_missing_keys_are_numbered) {
  auto l = layout_legend(named({std::string(100, 'x'), "b"}), "dc", 800, 10);
  ASSERT_EQ(l.rows.size(), 1u);
  EXPECT_EQ(l.rows[0][0].name, "series_0");
  EXPECT_EQ(l.rows[0][1].name, "series_1");
  auto cut =
      layout_legend(named({std::string(100, 'x'), "b"}), "host", 800, 10);
  EXPECT_EQ(cut.rows[0][0].width, 20 + 10 * 6 + 12);
}

TEST(legend, rendered_items_are_centred_swatches_and_names) {
  auto l = layout_legend(named({"a", "b<&>"}), "host", 800, 40);
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\">";
  render_legend(out, l, 300, theme_attrs_of(theme::dark));
  out += "</svg>";
  xml_doc d{out};
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(d.strings("//s:g[@class='legend']/s:text"),
            (std::vector<std::string>{"a", "b<&>"}));
  EXPECT_EQ(d.strings("//s:g[@class='legend']/s:text/@fill"),
            (std::vector<std::string>{"#e5e7eb", "#e5e7eb"}));
  // Items 38 and 56 px wide: the row starts at (800 - 94) / 2.
  EXPECT_EQ(d.one("//s:g[@class='legend']/s:rect[1]/@x"), "353");
  EXPECT_EQ(d.one("//s:g[@class='legend']/s:rect[2]/@x"), "391");
  EXPECT_EQ(d.one("//s:g[@class='legend']/s:text[1]/@y"), "316");
}
