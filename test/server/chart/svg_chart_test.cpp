#include "server/chart/svg_chart.hpp"

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <limits>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "test/server/chart/xml_check.hpp"

using namespace timeless;
using namespace timeless::chart;
using timeless::testing::xml_doc;

namespace {

constexpr int64_t minute = 60 * 1000;
constexpr int64_t hour = 60 * minute;
/// 2024-01-01T00:00:00Z.
constexpr int64_t jan_2024 = 1'704'067'200'000;
const double qnan = std::numeric_limits<double>::quiet_NaN();
const double pinf = std::numeric_limits<double>::infinity();
const std::string fffd = "\xEF\xBF\xBD";

chart_series series_of(label_set labels, std::vector<double> values,
                       int64_t t0 = jan_2024, int64_t step = minute) {
  chart_series s;
  s.labels = std::move(labels);
  for (size_t i = 0; i < values.size(); ++i) {
    s.ts.push_back(t0 + static_cast<int64_t>(i) * step);
    s.values.push_back(values[i]);
  }
  return s;
}

/// The plot's box from the border rectangle.
struct box {
  double x0, y0, x1, y1;
};

box plot_box(const xml_doc& d) {
  auto num = [&](const char* a) {
    return std::stod(d.one(std::string{"/s:svg/s:rect[2]/@"} + a));
  };
  auto x = num("x"), y = num("y");
  return {x, y, x + num("width"), y + num("height")};
}

/// Every (x, y) of every polyline and marker.
std::vector<std::pair<double, double>> coordinates(const xml_doc& d) {
  std::vector<std::pair<double, double>> out;
  for (auto& pts : d.strings("//s:polyline/@points")) {
    const char* p = pts.c_str();
    double x = 0, y = 0;
    int used = 0;
    while (std::sscanf(p, " %lf,%lf%n", &x, &y, &used) == 2) {
      out.emplace_back(x, y);
      p += used;
    }
  }
  auto cx = d.strings("//s:circle/@cx");
  auto cy = d.strings("//s:circle/@cy");
  for (size_t i = 0; i < cx.size() && i < cy.size(); ++i)
    out.emplace_back(std::stod(cx[i]), std::stod(cy[i]));
  return out;
}

/// Checks that `svg` parses and every coordinate lies in the plot box.
void expect_well_drawn(const std::string& svg) {
  xml_doc d{svg};
  ASSERT_TRUE(d.ok()) << d.error() << "\n" << svg;
  for (std::string bad : {"nan", "NaN", "inf", "Inf"})
    EXPECT_EQ(svg.find(bad), std::string::npos) << bad << "\n" << svg;
  if (d.count("//s:text[@id='no-data']") != 0)
    return;
  auto b = plot_box(d);
  for (auto [x, y] : coordinates(d)) {
    EXPECT_GE(x, b.x0 - 0.05);
    EXPECT_LE(x, b.x1 + 0.05);
    EXPECT_GE(y, b.y0 - 0.05);
    EXPECT_LE(y, b.y1 + 0.05);
  }
}

std::string draw(const std::vector<chart_series>& s,
                 const chart_options& o = {},
                 const std::vector<annotation>& notes = {}) {
  return render("cpu", s, notes, o);
}

} // namespace

TEST(svg_chart, two_series_draw_two_polylines_and_a_legend) {
  auto svg = draw({series_of({{"host", "a"}}, {1, 2, 3}),
                   series_of({{"host", "b"}}, {3, 2, 1})});
  xml_doc d{svg};
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(d.count("//s:g[@class='series']"), 2u);
  EXPECT_EQ(d.count("//s:polyline"), 2u);
  EXPECT_EQ(d.count("//s:circle"), 0u);
  EXPECT_EQ(d.one("//s:g[@data-index='0']/s:polyline/@stroke"), "#2563eb");
  EXPECT_EQ(d.one("//s:g[@data-index='1']/s:polyline/@stroke"), "#dc2626");
  EXPECT_EQ(d.strings("//s:g[@class='legend']/s:text"),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(d.strings("//s:g[@class='legend']/s:rect/@fill"),
            (std::vector<std::string>{"#2563eb", "#dc2626"}));
  EXPECT_EQ(d.one("/s:svg/@width"), "800");
  // One legend row: 16 px plus 8 px above and below.
  EXPECT_EQ(d.one("/s:svg/@height"), "332");
  EXPECT_EQ(d.one("/s:svg/@viewBox"), "0 0 800 332");
  EXPECT_EQ(d.one("//s:text[@id='title']"), "cpu");
  expect_well_drawn(svg);
}

TEST(svg_chart, one_series_has_no_legend) {
  xml_doc d{draw({series_of({{"host", "a"}}, {1, 2, 3})})};
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(d.count("//s:polyline"), 1u);
  EXPECT_EQ(d.count("//s:g[@class='legend']"), 0u);
  EXPECT_EQ(d.one("/s:svg/@height"), "300");
}

TEST(svg_chart, no_series_says_no_data) {
  auto svg = draw({});
  xml_doc d{svg};
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(d.one("//s:text[@id='no-data']"), "No data");
  EXPECT_EQ(d.one("//s:text[@id='title']"), "cpu");
  EXPECT_EQ(d.count("//s:polyline"), 0u);
  EXPECT_EQ(d.count("//s:g"), 0u);
  EXPECT_EQ(d.one("/s:svg/@height"), "300");
}

TEST(svg_chart, series_without_finite_points_say_no_data) {
  for (auto& s : std::vector<std::vector<chart_series>>{
           {series_of({{"host", "a"}}, {})},
           {series_of({{"host", "a"}}, {qnan, pinf, -pinf}),
            series_of({{"host", "b"}}, {})}}) {
    auto svg = draw(s);
    xml_doc d{svg};
    ASSERT_TRUE(d.ok()) << d.error();
    EXPECT_EQ(d.one("//s:text[@id='no-data']"), "No data");
    EXPECT_EQ(d.count("//s:polyline | //s:circle"), 0u);
    expect_well_drawn(svg);
  }
}

TEST(svg_chart, one_point_draws_a_marker_in_the_middle) {
  auto svg = draw({series_of({{"host", "a"}}, {42})});
  xml_doc d{svg};
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(d.count("//s:polyline"), 0u);
  ASSERT_EQ(d.count("//s:circle"), 1u);
  EXPECT_EQ(d.one("//s:circle/@fill"), "#2563eb");
  auto b = plot_box(d);
  auto [x, y] = coordinates(d).at(0);
  EXPECT_NEAR(x, (b.x0 + b.x1) / 2, 0.1);
  EXPECT_NEAR(y, (b.y0 + b.y1) / 2, 0.1); // flat: 42 ± 1
  // The instant is shown within a minute: time ticks at 30 s.
  EXPECT_GE(d.count("//s:g[@class='x-ticks']/s:text"), 1u);
  expect_well_drawn(svg);
}

TEST(svg_chart, nan_and_infinities_are_gaps) {
  auto svg = draw(
      {series_of({{"host", "a"}}, {1, 2, qnan, 3, 4, pinf, 5, -pinf, 6, 7})});
  xml_doc d{svg};
  ASSERT_TRUE(d.ok()) << d.error();
  // Runs [1 2] [3 4] [5] [6 7]: three lines and one marker, one series.
  EXPECT_EQ(d.count("//s:g[@class='series']"), 1u);
  EXPECT_EQ(d.count("//s:g[@class='series']/s:polyline"), 3u);
  EXPECT_EQ(d.count("//s:g[@class='series']/s:circle"), 1u);
  EXPECT_EQ(coordinates(d).size(), 7u);
  // The scale is the finite values' (1 to 7 padded): no tick beyond 8.
  for (auto& l : d.strings("//s:g[@class='y-ticks']/s:text"))
    EXPECT_LE(std::stod(l), 8) << l;
  expect_well_drawn(svg);
}

TEST(svg_chart, huge_values_stay_inside_the_plot) {
  auto svg = draw({series_of({{"host", "a"}}, {-DBL_MAX, 0, DBL_MAX, 1e308}),
                   series_of({{"host", "b"}}, {-1e308, 5})});
  xml_doc d{svg};
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(d.count("//s:polyline"), 2u);
  EXPECT_GE(d.count("//s:g[@class='y-ticks']/s:text"), 3u);
  expect_well_drawn(svg);
}

TEST(svg_chart, tiny_values_get_their_own_scale) {
  auto svg = draw({series_of({{"host", "a"}}, {1e-300, 3e-300, 2e-300})});
  xml_doc d{svg};
  ASSERT_TRUE(d.ok()) << d.error();
  auto ys = coordinates(d);
  ASSERT_EQ(ys.size(), 3u);
  // Distinct heights: the values are not flattened to zero.
  EXPECT_GT(ys[0].second, ys[2].second);
  EXPECT_GT(ys[2].second, ys[1].second);
  auto labels = d.strings("//s:g[@class='y-ticks']/s:text");
  ASSERT_GE(labels.size(), 3u);
  EXPECT_NE(labels[1].find("e-300"), std::string::npos) << labels[1];
  expect_well_drawn(svg);
}

TEST(svg_chart, a_flat_series_is_a_level_line_in_the_middle) {
  auto svg = draw({series_of({{"host", "a"}}, {5, 5, 5, 5})});
  xml_doc d{svg};
  ASSERT_TRUE(d.ok()) << d.error();
  auto b = plot_box(d);
  for (auto [x, y] : coordinates(d))
    EXPECT_NEAR(y, (b.y0 + b.y1) / 2, 0.1);
  auto labels = d.strings("//s:g[@class='y-ticks']/s:text");
  EXPECT_NE(std::find(labels.begin(), labels.end(), "5.0"), labels.end())
      << labels.size();
  // Flat at a magnitude where ±1 is lost: padded by 5 % instead.
  expect_well_drawn(draw({series_of({{"host", "a"}}, {1e300, 1e300})}));
}

TEST(svg_chart, points_span_the_plot_left_to_right_bottom_to_top) {
  auto svg = draw({series_of({{"host", "a"}}, {0, 10, 5})});
  xml_doc d{svg};
  ASSERT_TRUE(d.ok()) << d.error();
  auto b = plot_box(d);
  auto c = coordinates(d);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_NEAR(c[0].first, b.x0, 0.1);
  EXPECT_NEAR(c[1].first, (b.x0 + b.x1) / 2, 0.1);
  EXPECT_NEAR(c[2].first, b.x1, 0.1);
  // 0 and 10 padded by 5 % of the range: 0.5 units of 11 from the edges.
  auto unit = (b.y1 - b.y0) / 11;
  EXPECT_NEAR(c[0].second, b.y1 - 0.5 * unit, 0.1);
  EXPECT_NEAR(c[1].second, b.y0 + 0.5 * unit, 0.1);
}

TEST(svg_chart, unsorted_points_are_drawn_in_time_order) {
  auto sorted = series_of({{"host", "a"}}, {1, 5, 2, 8});
  chart_series shuffled;
  shuffled.labels = sorted.labels;
  for (size_t i : {2, 0, 3, 1}) {
    shuffled.ts.push_back(sorted.ts[i]);
    shuffled.values.push_back(sorted.values[i]);
  }
  EXPECT_EQ(draw({shuffled}), draw({sorted}));
}

TEST(svg_chart, many_series_cycle_the_palette) {
  std::vector<chart_series> all;
  for (int i = 0; i < 60; ++i)
    all.push_back(series_of({{"host", "h" + std::to_string(i)}},
                            {double(i), double(i + 1)}));
  auto svg = draw(all);
  xml_doc d{svg};
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(d.count("//s:g[@class='series']"), 60u);
  EXPECT_EQ(d.count("//s:polyline"), 60u);
  EXPECT_EQ(d.count("//s:g[@class='legend']/s:text"), 60u);
  EXPECT_EQ(d.one("//s:g[@data-index='8']/s:polyline/@stroke"), "#2563eb");
  EXPECT_EQ(d.one("//s:g[@data-index='15']/s:polyline/@stroke"), "#65a30d");
  // The legend wraps: the document is taller than one legend row.
  EXPECT_GT(std::stoi(d.one("/s:svg/@height")), 332);
  expect_well_drawn(svg);
}

TEST(svg_chart, hostile_text_is_escaped_everywhere) {
  std::string hostile =
      std::string{"a\"b'c<d>e&f]]>g<!--h-->\xC3\xA9\xFF\x01", 27} + '\0' + "z";
  std::string shown = std::string{"a\"b'c<d>e&f]]>g<!--h-->\xC3\xA9"} + fffd +
                      fffd + fffd + "z";
  annotation note;
  note.ts = jan_2024 + minute;
  note.title = hostile;
  chart_options o;
  o.note = hostile;
  for (auto th : {theme::light, theme::dark, theme::automatic}) {
    o.theme = th;
    auto svg =
        render(hostile,
               {series_of({{"host", hostile}}, {1, 2, 3}),
                series_of({{"host", "</text><script>x</script>"}}, {2, 3, 4})},
               {note}, o);
    xml_doc d{svg};
    ASSERT_TRUE(d.ok()) << d.error() << "\n" << svg;
    EXPECT_EQ(d.one("//s:text[@id='title']"), shown);
    EXPECT_EQ(d.one("//s:text[@id='note']"), shown);
    EXPECT_EQ(d.strings("//s:g[@class='legend']/s:text"),
              (std::vector<std::string>{shown, "</text><script>x</script>"}));
    EXPECT_EQ(d.one("//s:g[@class='annotations']/s:text"), shown);
    EXPECT_EQ(d.count("//s:script"), 0u);
    expect_well_drawn(svg);
  }
}

TEST(svg_chart, long_names_are_cut) {
  std::string long_name(100, 'x');
  xml_doc d{draw({series_of({{"host", long_name}}, {1, 2}),
                  series_of({{"host", "b"}}, {1, 2})})};
  ASSERT_TRUE(d.ok()) << d.error();
  auto legend = d.strings("//s:g[@class='legend']/s:text");
  ASSERT_EQ(legend.size(), 2u);
  EXPECT_EQ(legend[0], std::string(39, 'x') + "\xE2\x80\xA6");
}

TEST(svg_chart, annotations_are_dashed_amber_lines_within_the_range) {
  std::vector<annotation> notes(3);
  notes[0].ts = jan_2024 + 2 * minute;
  notes[0].title = "deploy v2";
  notes[1].ts = jan_2024 - hour; // before the data
  notes[1].title = "old";
  notes[2].ts = jan_2024 + 10 * minute; // after
  notes[2].title = "later";
  auto svg = draw({series_of({{"host", "a"}}, {1, 2, 3, 4, 5})}, {}, notes);
  xml_doc d{svg};
  ASSERT_TRUE(d.ok()) << d.error();
  ASSERT_EQ(d.count("//s:g[@class='annotations']/s:line"), 1u);
  EXPECT_EQ(d.one("//s:g[@class='annotations']/s:line/@stroke"), "#f59e0b");
  EXPECT_EQ(d.one("//s:g[@class='annotations']/s:line/@stroke-dasharray"),
            "3,3");
  EXPECT_EQ(d.one("//s:g[@class='annotations']/s:text"), "deploy v2");
  EXPECT_EQ(d.one("//s:g[@class='annotations']/s:text/@fill"), "#f59e0b");
  // At the middle of the five minutes drawn, top to bottom of the plot.
  auto b = plot_box(d);
  EXPECT_NEAR(std::stod(d.one("//s:g[@class='annotations']/s:line/@x1")),
              (b.x0 + b.x1) / 2, 0.1);
  EXPECT_EQ(std::stod(d.one("//s:g[@class='annotations']/s:line/@y1")), b.y0);
  EXPECT_EQ(std::stod(d.one("//s:g[@class='annotations']/s:line/@y2")), b.y1);
}

TEST(svg_chart, light_theme_colours) {
  chart_options o;
  o.theme = theme::light;
  xml_doc d{draw({series_of({{"host", "a"}}, {1, 2})}, o)};
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(d.count("//s:style"), 0u);
  EXPECT_EQ(d.one("/s:svg/s:rect[1]/@fill"), "#ffffff");
  EXPECT_EQ(d.one("//s:text[@id='title']/@fill"), "#374151");
  EXPECT_EQ(d.one("/s:svg/s:rect[2]/@stroke"), "#e5e7eb");
  EXPECT_EQ(d.strings("//s:g[@class='y-ticks']/s:line/@stroke").at(0),
            "#e5e7eb");
}

TEST(svg_chart, dark_theme_colours) {
  chart_options o;
  o.theme = theme::dark;
  xml_doc d{draw({series_of({{"host", "a"}}, {1, 2})}, o)};
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(d.count("//s:style"), 0u);
  EXPECT_EQ(d.one("/s:svg/s:rect[1]/@fill"), "#1f2937");
  EXPECT_EQ(d.one("//s:text[@id='title']/@fill"), "#e5e7eb");
  EXPECT_EQ(d.one("/s:svg/s:rect[2]/@stroke"), "#374151");
  xml_doc empty{draw({}, o)};
  EXPECT_EQ(empty.one("//s:text[@id='no-data']/@fill"), "#6b7280");
}

TEST(svg_chart, auto_theme_switches_with_a_style_sheet) {
  xml_doc d{draw({series_of({{"host", "a"}}, {1, 2})})};
  ASSERT_TRUE(d.ok()) << d.error();
  ASSERT_EQ(d.count("//s:style"), 1u);
  auto css = d.one("//s:style");
  EXPECT_NE(css.find(".ms-bg{fill:#ffffff}"), std::string::npos) << css;
  EXPECT_NE(
      css.find("@media (prefers-color-scheme: dark){.ms-bg{fill:#1f2937}"),
      std::string::npos)
      << css;
  EXPECT_EQ(d.one("/s:svg/s:rect[1]/@class"), "ms-bg");
  EXPECT_EQ(d.count("/s:svg/s:rect[1]/@fill"), 0u);
  EXPECT_EQ(d.one("//s:text[@id='title']/@class"), "ms-text");
}

TEST(svg_chart, width_and_height_are_clamped) {
  chart_options o;
  o.width = 400;
  o.height = 200;
  xml_doc d{draw({series_of({{"host", "a"}}, {1, 2})}, o)};
  EXPECT_EQ(d.one("/s:svg/@width"), "400");
  EXPECT_EQ(d.one("/s:svg/@height"), "200");
  o.width = 10;
  o.height = -5;
  auto small = draw({series_of({{"host", "a"}}, {1, 2})}, o);
  xml_doc s{small};
  EXPECT_EQ(s.one("/s:svg/@width"), "100");
  EXPECT_EQ(s.one("/s:svg/@height"), "100");
  expect_well_drawn(small);
  o.width = 1'000'000;
  o.height = INT32_MAX;
  xml_doc l{draw({}, o)};
  EXPECT_EQ(l.one("/s:svg/@width"), "4000");
  EXPECT_EQ(l.one("/s:svg/@height"), "4000");
}

TEST(svg_chart, legend_names_come_from_the_label_key) {
  std::vector<chart_series> s = {
      series_of({{"dc", "eu"}, {"host", "a"}}, {1, 2}),
      series_of({{"dc", "eu"}, {"host", "b"}}, {1, 2}),
      series_of({{"dc", "us"}}, {1, 2})};
  xml_doc detected{draw(s)};
  EXPECT_EQ(detected.strings("//s:g[@class='legend']/s:text"),
            (std::vector<std::string>{"a", "b", "series_2"}));
  chart_options o;
  o.label_key = "dc";
  xml_doc given{draw(s, o)};
  EXPECT_EQ(given.strings("//s:g[@class='legend']/s:text"),
            (std::vector<std::string>{"eu", "eu", "us"}));
}

TEST(svg_chart, tick_labels) {
  auto svg = draw(
      {series_of({{"host", "a"}}, {0, 50, 100, 75}, jan_2024, 20 * minute)});
  xml_doc d{svg};
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(d.strings("//s:g[@class='y-ticks']/s:text"),
            (std::vector<std::string>{"0", "20", "40", "60", "80", "100"}));
  EXPECT_EQ(d.strings("//s:g[@class='x-ticks']/s:text"),
            (std::vector<std::string>{"00:00", "00:10", "00:20", "00:30",
                                      "00:40", "00:50", "01:00"}));
  EXPECT_EQ(d.count("//s:g[@class='x-ticks']/s:line[@stroke-dasharray='4,4']"),
            7u);
}

TEST(svg_chart, extreme_timestamps) {
  chart_series s;
  s.labels = {{"host", "a"}};
  s.ts = {INT64_MIN, 0, INT64_MAX};
  s.values = {1, 2, 3};
  expect_well_drawn(draw({s}));
  s.ts = {INT64_MAX, INT64_MAX};
  expect_well_drawn(draw({s}));
  s.ts = {INT64_MIN, INT64_MIN};
  expect_well_drawn(draw({s}));
}

TEST(svg_chart, mismatched_lengths_draw_the_common_prefix) {
  chart_series s = series_of({{"host", "a"}}, {1, 2, 3});
  s.values.pop_back();
  xml_doc d{draw({s})};
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(coordinates(d).size(), 2u);
}

TEST(svg_chart, the_note_is_a_comment_and_a_text) {
  chart_options o;
  o.note = "50 of 73 series drawn -- (at most 50)";
  auto svg = draw({series_of({{"host", "a"}}, {1, 2})}, o);
  xml_doc d{svg};
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_NE(svg.find("<!-- 50 of 73 series drawn __ (at most 50) -->"),
            std::string::npos);
  EXPECT_EQ(d.one("//s:text[@id='note']"), o.note);
}

TEST(detect_label_key, the_label_with_most_distinct_values) {
  EXPECT_EQ(detect_label_key({}), "");
  EXPECT_EQ(detect_label_key({series_of({}, {1})}), "");
  EXPECT_EQ(detect_label_key({series_of({{"dc", "eu"}, {"host", "a"}}, {}),
                              series_of({{"dc", "eu"}, {"host", "b"}}, {})}),
            "host");
  // A series without the label counts as one more value.
  EXPECT_EQ(detect_label_key({series_of({{"a", "1"}, {"b", "1"}}, {}),
                              series_of({{"a", "2"}}, {}),
                              series_of({{"a", "2"}, {"b", "2"}}, {})}),
            "b");
  // On a tie, the name more series have, then the first name.
  EXPECT_EQ(detect_label_key({series_of({{"dc", "eu"}, {"host", "a"}}, {}),
                              series_of({{"host", "b"}}, {})}),
            "host");
  EXPECT_EQ(detect_label_key({series_of({{"x", "1"}, {"y", "1"}}, {}),
                              series_of({{"x", "2"}, {"y", "2"}}, {})}),
            "x");
}

TEST(parse_theme, names) {
  theme t = theme::light;
  EXPECT_TRUE(parse_theme("dark", t));
  EXPECT_EQ(t, theme::dark);
  EXPECT_TRUE(parse_theme("auto", t));
  EXPECT_EQ(t, theme::automatic);
  EXPECT_TRUE(parse_theme("light", t));
  EXPECT_EQ(t, theme::light);
  EXPECT_FALSE(parse_theme("Dark", t));
  EXPECT_FALSE(parse_theme("", t));
  EXPECT_EQ(t, theme::light);
}
