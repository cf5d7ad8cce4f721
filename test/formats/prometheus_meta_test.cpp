#include "formats/prometheus_meta.hpp"

#include <gtest/gtest.h>

using namespace timeless;
using namespace timeless::formats;

TEST(prometheus_meta, type_help_and_unit_lines_merge_per_metric) {
  metadata_collector c;
  EXPECT_TRUE(c.add_line("# HELP http_requests_total Requests \\\"served\\\" "
                         "\\\\ per\\nline"));
  EXPECT_TRUE(c.add_line("# TYPE http_requests_total counter"));
  EXPECT_TRUE(c.add_line("# UNIT temp_celsius celsius\r"));
  EXPECT_TRUE(c.add_line("#\tTYPE temp_celsius\tgauge"));
  auto out = c.take();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].metric, "http_requests_total");
  EXPECT_EQ(out[0].type, "counter");
  EXPECT_EQ(out[0].help, "Requests \"served\" \\ per\nline");
  EXPECT_EQ(out[0].unit, "");
  EXPECT_EQ(out[1].metric, "temp_celsius");
  EXPECT_EQ(out[1].type, "gauge");
  EXPECT_EQ(out[1].unit, "celsius");
  EXPECT_TRUE(c.empty());
}

TEST(prometheus_meta, every_type_of_both_formats_and_untyped_as_unknown) {
  for (auto t : {"counter", "gauge", "histogram", "summary", "unknown",
                 "gaugehistogram", "info", "stateset"}) {
    metadata_collector c;
    ASSERT_TRUE(c.add_line(std::string{"# TYPE m "} + t)) << t;
    EXPECT_EQ(c.take()[0].type, t);
  }
  metadata_collector c;
  ASSERT_TRUE(c.add_line("# TYPE m untyped"));
  EXPECT_EQ(c.take()[0].type, "unknown");
}

TEST(prometheus_meta, lines_that_do_not_fit_are_ignored) {
  metadata_collector c;
  EXPECT_FALSE(c.add_line("# just a comment"));
  EXPECT_FALSE(c.add_line("m 1"));
  EXPECT_FALSE(c.add_line(""));
  EXPECT_FALSE(c.add_line("# TYPE"));
  EXPECT_FALSE(c.add_line("# TYPE 9m counter"));
  EXPECT_FALSE(c.add_line("# TYPE m countr"));
  EXPECT_FALSE(c.add_line("# TYPE m counter extra"));
  EXPECT_FALSE(c.add_line("# TYPE m"));
  EXPECT_FALSE(c.add_line("# HELP m bad \xff utf8"));
  EXPECT_FALSE(c.add_line("# HELP m " + std::string(64 * 1024 + 1, 'x')));
  EXPECT_FALSE(c.add_line("# UNIT m " + std::string(257, 'u')));
  EXPECT_FALSE(c.add_line("# type m counter")); // keywords are upper case
  EXPECT_TRUE(c.empty());
}

TEST(prometheus_meta, empty_help_is_kept_empty) {
  metadata_collector c;
  ASSERT_TRUE(c.add_line("# HELP m"));
  auto out = c.take();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].help, "");
  EXPECT_EQ(out[0].type, "unknown");
}

TEST(prometheus_meta, remote_write_entries) {
  metadata_collector c;
  rw_metadata m;
  m.type = rw_metric_type::gaugehistogram;
  m.family = "latency";
  m.help = "How long";
  m.unit = "seconds";
  EXPECT_TRUE(c.add(m));
  m.family = "bad name";
  EXPECT_FALSE(c.add(m));
  auto out = c.take();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].metric, "latency");
  EXPECT_EQ(out[0].type, "gaugehistogram");
  EXPECT_EQ(out[0].help, "How long");
  EXPECT_EQ(out[0].unit, "seconds");
}
