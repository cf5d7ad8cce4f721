#include "formats/prometheus_parser.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>

using namespace timeless;
using formats::line_status;
using formats::parse_prometheus_line;

namespace {

sample ok(std::string_view line) {
  sample s;
  auto r = parse_prometheus_line(line, s);
  EXPECT_EQ(r.status, line_status::ok) << line << ": " << r.describe();
  return s;
}

/// The error of `line`, which must be malformed.
formats::line_result error(std::string_view line) {
  sample s;
  auto r = parse_prometheus_line(line, s);
  EXPECT_EQ(r.status, line_status::error) << line;
  return r;
}

label_set
labels(std::initializer_list<std::pair<const char*, const char*>> xs) {
  label_set out;
  for (auto& [n, v] : xs)
    out.push_back({n, v});
  return out;
}

} // namespace

TEST(prometheus_parser, full_line) {
  auto s = ok(R"(cpu_usage{host="dev_1",dc="eu"} 12.5 1700000000000)");
  EXPECT_EQ(s.metric, "cpu_usage");
  EXPECT_EQ(s.labels, labels({{"host", "dev_1"}, {"dc", "eu"}}));
  EXPECT_EQ(s.value, 12.5);
  EXPECT_EQ(s.ts, 1'700'000'000'000);
}

TEST(prometheus_parser, optional_parts) {
  auto s = ok("up 1");
  EXPECT_EQ(s.metric, "up");
  EXPECT_TRUE(s.labels.empty());
  EXPECT_EQ(s.ts, now_timestamp); // no timestamp: the store's now
  s = ok("up{} 0 -5");
  EXPECT_TRUE(s.labels.empty());
  EXPECT_EQ(s.ts, -5);
  s = ok(R"(a:b_c{x="1",} 2)"); // trailing comma, colon in the name
  EXPECT_EQ(s.metric, "a:b_c");
  EXPECT_EQ(s.labels, labels({{"x", "1"}}));
  s = ok("  \tm { x = \"1\" , y=\"\" }\t3   4  \r");
  EXPECT_EQ(s.metric, "m");
  EXPECT_EQ(s.labels, labels({{"x", "1"}, {"y", ""}}));
  EXPECT_EQ(s.value, 3);
  EXPECT_EQ(s.ts, 4);
}

TEST(prometheus_parser, escapes_in_label_values) {
  auto s = ok(R"(m{a="back\\slash",b="q\"uote",c="line\nfeed",d="{,}= #"} 1)");
  EXPECT_EQ(s.labels, labels({{"a", "back\\slash"},
                              {"b", "q\"uote"},
                              {"c", "line\nfeed"},
                              {"d", "{,}= #"}}));
  s = ok("m{a=\"caf\xc3\xa9 \xff\"} 1"); // bytes are kept as they are
  EXPECT_EQ(s.labels[0].value, "caf\xc3\xa9 \xff");
}

TEST(prometheus_parser, values) {
  EXPECT_TRUE(std::isnan(ok("m NaN").value));
  EXPECT_EQ(ok("m +Inf").value, std::numeric_limits<double>::infinity());
  EXPECT_EQ(ok("m -Inf").value, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(ok("m 1.5e-3 1").value, 1.5e-3);
  EXPECT_EQ(ok("m -7E2").value, -700);
  EXPECT_EQ(ok("m 4.9e-324").value, std::numeric_limits<double>::denorm_min());
  EXPECT_TRUE(std::signbit(ok("m -0").value));
  EXPECT_EQ(ok("m 1 9223372036854775807").ts, INT64_MAX);
  EXPECT_EQ(ok("m 1 -9223372036854775807").ts, INT64_MIN + 1);
}

TEST(prometheus_parser, blank_and_comment_lines_are_skipped) {
  sample s;
  for (auto line : {"", "   ", "\t", "\r", "# HELP cpu CPU use",
                    "# TYPE cpu gauge", "#", "  # indented comment"})
    EXPECT_EQ(parse_prometheus_line(line, s).status, line_status::skip) << line;
}

TEST(prometheus_parser, every_error_reason) {
  struct bad {
    const char* line;
    const char* reason;
    size_t column;
  };
  bad cases[] = {
      {"1m 1", "expected a metric name", 0},
      {"{a=\"b\"} 1", "expected a metric name", 0},
      {"m", "missing value", 1},
      {"m{a=\"b\"}", "missing value", 8},
      {"m{a=\"b\"}1", "expected a space before the value", 8},
      {"m.x 1", "expected a space before the value", 1},
      {"m{1a=\"b\"} 1", "expected a label name or '}'", 2},
      {"m{a=\"b\",,} 1", "expected a label name or '}'", 8},
      {"m{", "unterminated label set (missing '}')", 2},
      {"m{a", "expected '=' after the label name", 3},
      {"m{a:b=\"c\"} 1", "expected '=' after the label name", 3},
      {"m{a=b} 1", "expected '\"' to open the label value", 4},
      {"m{a='b'} 1", "expected '\"' to open the label value", 4},
      {"m{a=\"b", "unterminated label value (missing '\"')", 6},
      {"m{a=\"b\\", "unterminated label value (missing '\"')", 7},
      {"m{a=\"\\t\"} 1",
       "unknown escape in the label value (use \\\\, \\\" or \\n)", 5},
      {"m{a=\"b\" c=\"d\"} 1", "expected ',' or '}' after the label value", 8},
      {"m{a=\"b\"", "unterminated label set (missing '}')", 7},
      {"m abc", "invalid value (expected a float, NaN, +Inf or -Inf)", 2},
      {"m 0x1p3", "invalid value (expected a float, NaN, +Inf or -Inf)", 2},
      {"m 1,5", "invalid value (expected a float, NaN, +Inf or -Inf)", 2},
      {"m 1e999", "value out of range", 2},
      {"m 1 1.5", "invalid timestamp (expected integer milliseconds)", 4},
      {"m 1 12abc", "invalid timestamp (expected integer milliseconds)", 4},
      {"m 1 +5", "invalid timestamp (expected integer milliseconds)", 4},
      {"m 1 99999999999999999999", "timestamp out of range", 4},
      {"m 1 -9223372036854775808", "timestamp out of range", 4},
      {"m 1 2 3", "unexpected text after the timestamp", 6},
  };
  for (auto& c : cases) {
    auto r = error(c.line);
    EXPECT_STREQ(r.reason, c.reason) << c.line;
    EXPECT_EQ(r.column, c.column) << c.line;
  }
}

TEST(prometheus_parser, reuses_the_output_sample) {
  sample s;
  ASSERT_EQ(parse_prometheus_line(R"(a{x="1",y="2",z="3"} 1 1)", s).status,
            line_status::ok);
  ASSERT_EQ(parse_prometheus_line(R"(b{q="9"} 2)", s).status, line_status::ok);
  EXPECT_EQ(s.metric, "b");
  EXPECT_EQ(s.labels, labels({{"q", "9"}}));
  EXPECT_EQ(s.ts, now_timestamp);
}

TEST(prometheus_parser, never_reads_past_the_line) {
  // Every prefix of a valid line, each in a heap block of exactly its
  // length: AddressSanitizer (the asan build) catches any read past the
  // end; here every error must point inside the prefix.
  std::string full = R"(m{a="x\"y",b="z"} 1.5e3 1700000000000)";
  for (size_t n = 0; n <= full.size(); ++n) {
    auto copy = std::make_unique<char[]>(n);
    std::copy_n(full.data(), n, copy.get());
    sample s;
    auto r = parse_prometheus_line({copy.get(), n}, s);
    if (r.status == line_status::error) {
      EXPECT_LE(r.column, n);
    }
  }
}
