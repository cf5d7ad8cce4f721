// GET /chart end to end: parameters, label filters, the `_t` cache-buster,
// bounds, and charts of data that only the rollup tiers still hold.

#include <string>

#include "server/routes/chart_params.hpp"
#include "server/routes/series_params.hpp"
#include "test/actors/tier_store.hpp"
#include "test/server/chart/xml_check.hpp"
#include "test/server/server_fixture.hpp"

using namespace timeless;
using namespace timeless::server;
using test_http::http::field;
using test_http::http::status;
using timeless::testing::xml_doc;

namespace {

class chart_route : public server_fixture {
 protected:
  void SetUp() override {
    server_fixture::SetUp();
    write_hosts("cpu", {"a", "b"});
  }

  /// A point a minute for the last 50 minutes per host; host a also has
  /// dc=eu.
  void write_hosts(const std::string& metric,
                   const std::vector<std::string>& hosts) {
    auto now = system_now_ms();
    std::vector<sample> xs;
    for (auto& h : hosts)
      for (int i = 0; i < 50; ++i) {
        label_set labels{{"host", h}};
        if (h == "a")
          labels.push_back({"dc", "eu"});
        xs.push_back({metric, labels, now - (50 - i) * 60'000, double(i % 7)});
      }
    ASSERT_TRUE(store_->write(xs));
  }

  /// GETs `target`, checks the SVG answer and returns its body.
  std::string chart(const std::string& target) {
    auto res = get(target);
    EXPECT_EQ(res.result(), status::ok) << target << ": " << res.body();
    EXPECT_EQ(res[field::content_type], "image/svg+xml; charset=utf-8");
    EXPECT_EQ(res[field::cache_control], "public, max-age=60");
    return res.body();
  }
};

} // namespace

TEST_F(chart_route, svg_of_every_series) {
  auto res = get("/chart?metric=cpu");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(res[field::content_type], "image/svg+xml; charset=utf-8");
  EXPECT_EQ(res[field::cache_control], "public, max-age=60");
  EXPECT_EQ(res["X-Timeless-Chart-Series"], "2 of 2");
  xml_doc d{res.body()};
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(d.one("//s:text[@id='title']"), "cpu");
  EXPECT_EQ(d.count("//s:g[@class='series']"), 2u);
  EXPECT_EQ(d.count("//s:polyline"), 2u);
  // Sorted by labels: {dc=eu, host=a} before {host=b}; named by host.
  EXPECT_EQ(d.strings("//s:g[@class='legend']/s:text"),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(d.one("/s:svg/@width"), "800");
  EXPECT_EQ(d.count("//s:text[@id='note']"), 0u);
}

TEST_F(chart_route, missing_metric_is_400) {
  auto res = get("/chart?host=a");
  EXPECT_EQ(res.result(), status::bad_request);
  EXPECT_NE(res.body().find("missing required parameter: metric"),
            std::string::npos)
      << res.body();
  EXPECT_EQ(get("/chart").result(), status::bad_request);
}

TEST_F(chart_route, the_cache_buster_is_not_a_label_filter) {
  // The dashboard adds _t=<ms> on every refresh; the original's charts
  // went empty after the first one.
  auto plain = chart("/chart?metric=cpu&from=-1h&to=now");
  xml_doc d{chart("/chart?metric=cpu&from=-1h&to=now&_t=1700000000123")};
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(d.count("//s:polyline"), 2u);
  EXPECT_EQ(d.count("//s:text[@id='no-data']"), 0u);
  xml_doc one{chart("/chart?metric=cpu&_t=1&host=b&_other=x")};
  EXPECT_EQ(one.count("//s:polyline"), 1u);
  EXPECT_EQ(xml_doc{plain}.count("//s:polyline"), 2u);
}

TEST_F(chart_route, label_filters) {
  xml_doc a{chart("/chart?metric=cpu&host=a")};
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a.count("//s:polyline"), 1u);
  EXPECT_EQ(a.count("//s:g[@class='legend']"), 0u);
  xml_doc eu{chart("/chart?metric=cpu&dc=eu&host=a")};
  EXPECT_EQ(eu.count("//s:polyline"), 1u);
  // An empty value: the series without the label.
  auto res = get("/chart?metric=cpu&dc=");
  EXPECT_EQ(res["X-Timeless-Chart-Series"], "1 of 1");
  xml_doc none{chart("/chart?metric=cpu&host=zzz")};
  EXPECT_EQ(none.one("//s:text[@id='no-data']"), "No data");
  EXPECT_EQ(none.count("//s:polyline"), 0u);
  xml_doc unknown{chart("/chart?metric=nope")};
  EXPECT_EQ(unknown.one("//s:text[@id='no-data']"), "No data");
}

TEST_F(chart_route, time_range_step_and_aggregate) {
  // The last 10 minutes in 1-minute buckets: about 10 points a series.
  xml_doc d{chart("/chart?metric=cpu&host=a&from=-10m&to=now&step=1m&"
                  "aggregate=max")};
  ASSERT_TRUE(d.ok()) << d.error();
  auto pts = d.one("//s:polyline/@points");
  auto n = std::count(pts.begin(), pts.end(), ',');
  EXPECT_GE(n, 9);
  EXPECT_LE(n, 11);
  // Values 0..6: max buckets stay within, ticks up to 6 at most 7.
  for (auto& l : d.strings("//s:g[@class='y-ticks']/s:text"))
    EXPECT_LE(std::stod(l), 7) << l;
}

TEST_F(chart_route, size_and_theme) {
  xml_doc d{chart("/chart?metric=cpu&width=400&height=200&theme=dark")};
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.one("/s:svg/@width"), "400");
  EXPECT_EQ(d.one("/s:svg/s:rect[1]/@fill"), "#1f2937");
  xml_doc l{chart("/chart?metric=cpu&theme=light&host=a")};
  EXPECT_EQ(l.one("/s:svg/@height"), "300");
  EXPECT_EQ(l.one("/s:svg/s:rect[1]/@fill"), "#ffffff");
  xml_doc a{chart("/chart?metric=cpu&theme=auto")};
  EXPECT_EQ(a.count("//s:style"), 1u);
}

TEST_F(chart_route, bad_parameters_are_400_naming_them) {
  struct bad_case {
    const char* query;
    const char* says;
  };
  for (auto [q, says] :
       std::vector<bad_case>{{"width=99", "bad width"},
                             {"width=4001", "bad width"},
                             {"height=5000", "bad height"},
                             {"height=x", "bad height"},
                             {"theme=pink", "bad theme"},
                             {"aggregate=p99", "bad aggregate"},
                             {"step=0", "bad step"},
                             {"from=-30d&step=1s", "bad step"},
                             {"from=soon", "bad from"},
                             {"from=-1h&to=-2h", "after its end"}}) {
    auto res = get(std::string{"/chart?metric=cpu&"} + q);
    EXPECT_EQ(res.result(), status::bad_request) << q;
    EXPECT_NE(res.body().find(says), std::string::npos) << q << res.body();
  }
}

TEST_F(chart_route, at_most_50_series_are_drawn) {
  // 61 series; "a" also has dc=eu, so it sorts first, and the others are
  // read with dc="" (their exact selectors name every label of the metric).
  std::vector<std::string> hosts = {"a"};
  for (int i = 0; i < 60; ++i)
    hosts.push_back("h" + std::to_string(100 + i));
  write_hosts("many", hosts);
  auto res = get("/chart?metric=many");
  ASSERT_EQ(res.result(), status::ok);
  EXPECT_EQ(res["X-Timeless-Chart-Series"], "50 of 61");
  xml_doc d{res.body()};
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(d.count("//s:g[@class='series']"), 50u);
  EXPECT_EQ(d.count("//s:g[@class='series']/s:polyline"), 50u);
  EXPECT_EQ(d.one("//s:text[@id='note']"), "the first 50 of 61 series");
  EXPECT_NE(res.body().find("<!-- the first 50 of 61 series -->"),
            std::string::npos);
  // The first 50 by labels, each drawn once.
  auto legend = d.strings("//s:g[@class='legend']/s:text");
  ASSERT_EQ(legend.size(), 50u);
  EXPECT_EQ(legend.front(), "a");
  EXPECT_EQ(legend[1], "h100");
  EXPECT_EQ(legend.back(), "h148");
  // A filter that leaves few enough: all of them, no note.
  res = get("/chart?metric=many&host=h120");
  EXPECT_EQ(res["X-Timeless-Chart-Series"], "1 of 1");
  EXPECT_EQ(xml_doc{res.body()}.count("//s:text[@id='note']"), 0u);
}

TEST_F(chart_route, hostile_label_values_give_well_formed_svg) {
  auto now = system_now_ms();
  std::vector<std::string> values = {"\"quoted\"",
                                     "<script>",
                                     "a&b",
                                     "]]>",
                                     "\xC3\xA9t\xC3\xA9",
                                     std::string{"ctl\x01\x02", 5},
                                     "it's",
                                     "x\ty\nz"};
  std::vector<sample> xs;
  for (auto& v : values)
    for (int i = 0; i < 3; ++i)
      xs.push_back({"hostile", {{"host", v}}, now - i * 60'000, double(i)});
  auto w = store_->write(xs);
  ASSERT_TRUE(w) << describe(w.error());
  for (auto th : {"light", "dark", "auto"}) {
    auto body = chart(std::string{"/chart?metric=hostile&theme="} + th);
    xml_doc d{body};
    ASSERT_TRUE(d.ok()) << d.error() << "\n" << body;
    EXPECT_EQ(d.count("//s:g[@class='series']"), values.size());
    EXPECT_EQ(d.count("//s:g[@class='legend']/s:text"), values.size());
    EXPECT_EQ(d.count("//s:script"), 0u);
  }
  // The store refuses label values that are not UTF-8; the metric name of
  // a request (the chart's title) is whatever the client sent.
  auto res = get("/chart?metric=" + test_http::url_encode("x\xFF<&]]>\x01"));
  if (res.result() == status::ok) {
    xml_doc t{res.body()};
    ASSERT_TRUE(t.ok()) << t.error();
    EXPECT_EQ(t.one("//s:text[@id='title']"), "x\xEF\xBF\xBD<&]]>\xEF\xBF\xBD");
  } else {
    EXPECT_EQ(res.result(), status::bad_request) << res.body();
  }
  // A filter on a hostile value, sent percent-encoded.
  xml_doc one{
      chart("/chart?metric=hostile&host=" + test_http::url_encode("]]>"))};
  EXPECT_EQ(one.count("//s:g[@class='series']"), 1u);
}

TEST_F(chart_route, only_get) {
  EXPECT_EQ(post("/chart?metric=cpu", "").result(), status::method_not_allowed);
}

namespace {

using namespace timeless::testing;

/// A store on a manual clock: one series with a point every minute for
/// three days from 2024-01-01, raw points kept one day, an hourly tier.
class chart_tiers : public ::testing::Test {
 protected:
  void SetUp() override {
    auto o = tier_options_for(dir_.path, clock_);
    o.raw_retention_ms = day;
    o.tiers = {tier_options{"hourly", hour, false, 365 * day}};
    store_ = open_tier_store(o);
    ASSERT_TRUE(store_);
    ASSERT_TRUE(store_->write(
        series_points_of("cpu", "a", jan_2024, jan_2024 + 3 * day, minute)));
    clock_.set(jan_2024 + 3 * day);
    ASSERT_FALSE(store_->flush(true));
    server_options so;
    so.port = 0;
    so.threads = 1;
    auto srv = http_server::start(store_->system(), store_->handle(), so);
    ASSERT_TRUE(srv) << describe(srv.error());
    server_ = std::move(*srv);
  }

  void TearDown() override {
    if (server_)
      server_->stop();
    server_.reset();
    store_.reset();
  }

  std::string chart(const std::string& extra) {
    auto target = "/chart?metric=cpu&from=" + std::to_string(jan_2024 / 1000) +
                  "&to=" + std::to_string((jan_2024 + 3 * day) / 1000) + extra;
    auto res = test_http::request(server_->port(), test_http::http::verb::get,
                                  target, {});
    EXPECT_EQ(res.result(), status::ok) << res.body();
    return res.body();
  }

  static size_t points_of(const xml_doc& d) {
    size_t n = 0;
    for (auto& p : d.strings("//s:polyline/@points"))
      n += static_cast<size_t>(std::count(p.begin(), p.end(), ','));
    return n + d.count("//s:circle");
  }

  void enforce_retention() {
    clock_.set(jan_2024 + 3 * day + 30 * minute);
    auto rep = store_->enforce_retention();
    ASSERT_TRUE(rep) << describe(rep.error());
    ASSERT_GT(rep->segments, 0u);
    auto info = store_->info();
    ASSERT_TRUE(info);
    ASSERT_EQ(info->raw_horizon, jan_2024 + 2 * day);
    // The first two days' raw points are gone.
    auto raw = store_->query(raw_query{sel("cpu"), jan_2024, jan_2024 + day});
    ASSERT_TRUE(raw);
    ASSERT_TRUE(raw->empty() || raw->front().ts.empty());
  }

  test_dir dir_;
  manual_clock clock_;
  std::unique_ptr<blocking_store> store_;
  std::unique_ptr<http_server> server_;
};

} // namespace

TEST_F(chart_tiers, hourly_chart_is_the_same_from_tier_rows) {
  // Hourly buckets: the tier's rows give the same averages as the raw
  // points did (small integers: exact), so the whole SVG is unchanged.
  auto before = chart("&step=1h");
  xml_doc b{before};
  ASSERT_TRUE(b.ok()) << b.error();
  EXPECT_EQ(points_of(b), 72u); // one a hour
  enforce_retention();
  auto after = chart("&step=1h");
  EXPECT_EQ(after, before);
}

TEST_F(chart_tiers, default_step_reads_the_tier_where_raw_is_gone) {
  enforce_retention();
  xml_doc d{chart("")};
  ASSERT_TRUE(d.ok()) << d.error();
  // 3 days / 200 rounds up to 30 min: hourly tier rows for the first two
  // days (the tier's buckets cannot be split), 30-minute raw buckets for
  // the last.
  EXPECT_GE(points_of(d), 2u * 24 + 2 * 24);
  // The time axis starts on the first day (2024-01-01 was a Monday), which
  // only the tier still holds.
  auto labels = d.strings("//s:g[@class='x-ticks']/s:text");
  ASSERT_FALSE(labels.empty());
  EXPECT_EQ(labels.front(), "Mon 00:00");
}

TEST_F(chart_route, annotations_in_range_are_drawn) {
  auto now = system_now_ms();
  ASSERT_TRUE(store_->add_annotation(
      annotation{0, now - 20 * 60'000, "deploy <v2> & \"go\"", "", {"ops"}}));
  // Outside the chart's range: not drawn.
  ASSERT_TRUE(store_->add_annotation(
      annotation{0, now - 5 * 3'600'000, "old", "", {}}));
  auto body = chart("/chart?metric=cpu&from=-1h");
  xml_doc d{body};
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_EQ(d.count("//s:g[@class='annotations']/s:line"), 1u) << body;
  EXPECT_EQ(d.one("//s:g[@class='annotations']/s:line/@stroke-dasharray"),
            "3,3");
  EXPECT_EQ(d.strings("//s:g[@class='annotations']/s:text"),
            (std::vector<std::string>{"deploy <v2> & \"go\""}));
}
