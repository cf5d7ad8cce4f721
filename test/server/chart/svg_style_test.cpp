#include "server/chart/svg_style.hpp"

#include <gtest/gtest.h>

using namespace timeless::chart;

TEST(svg_style, palette_cycles_through_eight_colours) {
  EXPECT_EQ(series_colour(0), "#2563eb");
  EXPECT_EQ(series_colour(7), "#65a30d");
  EXPECT_EQ(series_colour(8), "#2563eb");
  EXPECT_EQ(series_colour(SIZE_MAX), series_colour(SIZE_MAX % 8));
}

TEST(svg_style, fixed_themes_are_presentation_attributes) {
  auto light = theme_attrs_of(theme::light);
  EXPECT_EQ(light.bg, "fill=\"#ffffff\"");
  EXPECT_EQ(light.text, "fill=\"#374151\"");
  EXPECT_EQ(light.grid, "stroke=\"#e5e7eb\"");
  EXPECT_EQ(light.border, "fill=\"none\" stroke=\"#e5e7eb\"");
  EXPECT_EQ(light.muted, "fill=\"#9ca3af\"");
  EXPECT_EQ(light.style, "");
  auto dark = theme_attrs_of(theme::dark);
  EXPECT_EQ(dark.bg, "fill=\"#1f2937\"");
  EXPECT_EQ(dark.text, "fill=\"#e5e7eb\"");
  EXPECT_EQ(dark.grid, "stroke=\"#374151\"");
  EXPECT_EQ(dark.muted, "fill=\"#6b7280\"");
  EXPECT_EQ(dark.style, "");
}

TEST(svg_style, auto_theme_is_classes_and_a_style_sheet) {
  auto a = theme_attrs_of(theme::automatic);
  EXPECT_EQ(a.bg, "class=\"ms-bg\"");
  EXPECT_EQ(a.muted, "class=\"ms-muted\"");
  EXPECT_EQ(a.style.rfind("<style>", 0), 0u);
  auto dark_at = a.style.find("@media (prefers-color-scheme: dark)");
  ASSERT_NE(dark_at, std::string::npos);
  EXPECT_LT(a.style.find(".ms-bg{fill:#ffffff}"), dark_at);
  EXPECT_GT(a.style.find(".ms-bg{fill:#1f2937}"), dark_at);
  // CSS inside an XML element: nothing that needs escaping.
  EXPECT_EQ(a.style.find_first_of("&<", 1), a.style.find("</style>"));
}
