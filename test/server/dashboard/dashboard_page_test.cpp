#include "server/dashboard/dashboard_page.hpp"

#include <cmath>

#include <gtest/gtest.h>

using namespace timeless::server;

namespace {

size_t count(const std::string& s, std::string_view what) {
  size_t n = 0;
  for (auto pos = s.find(what); pos != std::string::npos;
       pos = s.find(what, pos + 1))
    ++n;
  return n;
}

} // namespace

TEST(dashboard_page, empty_store_says_so) {
  dashboard_view v;
  auto html = render_dashboard(v);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("No metrics yet. Start writing data to see charts."),
            std::string::npos);
  EXPECT_NE(html.find("No alert is pending or firing."), std::string::npos);
  EXPECT_NE(html.find(">0 firing<"), std::string::npos);
  EXPECT_EQ(count(html, "<img"), 0u);
}

TEST(dashboard_page, one_chart_per_metric_with_range_and_filters) {
  dashboard_view v;
  v.metrics = {"cpu", "mem"};
  v.from = "-6h";
  v.filters = {{"host", "web-1"}};
  auto html = render_dashboard(v);
  EXPECT_EQ(count(html, "<img class=\"chart\""), 2u);
  EXPECT_NE(html.find("src=\"/chart?metric=cpu&amp;from=-6h&amp;to=now&amp;"
                      "host=web-1&amp;theme=auto&amp;width=740&amp;"
                      "height=220\""),
            std::string::npos)
      << html;
  // The range links keep the filters; the chosen range is marked.
  EXPECT_NE(html.find("<a href=\"/?from=-15m&amp;to=now&amp;host=web-1\">"
                      "15m</a>"),
            std::string::npos);
  EXPECT_NE(html.find("class=\"on\">6h</a>"), std::string::npos);
}

TEST(dashboard_page, refresh_adds_a_cache_buster_the_chart_route_ignores) {
  dashboard_view v;
  v.metrics = {"cpu"};
  auto html = render_dashboard(v);
  EXPECT_NE(html.find("data-refresh=\"60\""), std::string::npos);
  EXPECT_NE(html.find("searchParams.set('_t', Date.now())"), std::string::npos);
  // Self-contained: no external script, style or font.
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
}

TEST(dashboard_page, every_text_is_escaped) {
  dashboard_view v;
  v.metrics = {"a<b>\"c'&"};
  v.filters = {{"k\"><script>", "v&x=1"}};
  v.alerts = {{"<rule>", "m&", "host=\"<x>\"", "firing", 1.5, "above", 1}};
  auto html = render_dashboard(v);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("<rule>"), std::string::npos);
  EXPECT_EQ(html.find("<x>"), std::string::npos);
  EXPECT_EQ(html.find("k\"><script>"), std::string::npos);
  EXPECT_NE(html.find("<h3>a&lt;b&gt;&quot;c&apos;&amp;</h3>"),
            std::string::npos);
  // In URLs the text is percent-encoded, then escaped for the attribute.
  EXPECT_NE(html.find("metric=a%3Cb%3E%22c%27%26"), std::string::npos);
  EXPECT_NE(html.find("k%22%3E%3Cscript%3E=v%26x%3D1"), std::string::npos);
}

TEST(dashboard_page, firing_alerts_are_counted_and_listed) {
  dashboard_view v;
  v.alerts = {{"hot", "cpu", "host=\"a\"", "firing", 97, "above", 90},
              {"hot", "cpu", "host=\"b\"", "pending", 95, "above", 90},
              {"cold", "temp", "", "firing", -3, "below", 0}};
  auto html = render_dashboard(v);
  EXPECT_NE(html.find("class=\"badge badge-fire\">2 firing</span>"),
            std::string::npos);
  EXPECT_NE(html.find("Active Alerts (2 firing)"), std::string::npos);
  EXPECT_EQ(count(html, "<tr><td><span class=\"badge badge-fire\">firing"), 2u);
  EXPECT_EQ(count(html, "<span class=\"badge badge-pend\">pending"), 1u);
  EXPECT_NE(html.find("<td>97 above 90</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>-3 below 0</td>"), std::string::npos);
}

TEST(dashboard_page, charts_are_capped_with_a_note) {
  dashboard_view v;
  v.max_charts = 3;
  for (int i = 0; i < 5; ++i)
    v.metrics.push_back("m" + std::to_string(i));
  auto html = render_dashboard(v);
  EXPECT_EQ(count(html, "<img class=\"chart\""), 3u);
  EXPECT_NE(html.find("Showing the first 3 of 5 metrics"), std::string::npos);
}

TEST(dashboard_page, header_numbers_are_readable) {
  dashboard_view v;
  v.series = 1234;
  v.points = 12'345'678;
  v.bytes = 3 * 1024 * 1024;
  auto html = render_dashboard(v);
  EXPECT_NE(html.find("<span id=\"series\">1234</span>"), std::string::npos);
  EXPECT_NE(html.find("<span id=\"points\">12.3M</span>"), std::string::npos);
  EXPECT_NE(html.find("<span id=\"bytes\">3.0 MiB</span>"), std::string::npos);
}

TEST(dashboard_page, url_component_encodes_reserved_bytes) {
  EXPECT_EQ(url_component("a-b.c_d~e"), "a-b.c_d~e");
  EXPECT_EQ(url_component("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
  EXPECT_EQ(html_escape("<&>\"'"), "&lt;&amp;&gt;&quot;&apos;");
  // A byte that is not UTF-8 cannot reach the page as it is.
  EXPECT_EQ(html_escape("a\xff"), "a\xef\xbf\xbd");
}

TEST(dashboard_page, values_are_short) {
  dashboard_view v;
  v.alerts = {{"r", "m", "", "firing", 35.357627118644075, "above", -1},
              {"r", "m", "", "firing", 1e21, "below", 0.5},
              {"r", "m", "", "pending", std::nan(""), "above", 1}};
  auto html = render_dashboard(v);
  EXPECT_NE(html.find("<td>35.3576 above -1</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>1e+21 below 0.5</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>NaN above 1</td>"), std::string::npos);
}
