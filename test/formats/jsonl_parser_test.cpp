#include "formats/jsonl_parser.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <memory>

#include "formats/json_writer.hpp"

using namespace timeless;
using formats::jsonl_parser;
using formats::line_status;

namespace {

std::vector<sample> ok(std::string_view line) {
  jsonl_parser p;
  std::vector<sample> out;
  auto r = p.parse(line, out);
  EXPECT_EQ(r.status, line_status::ok) << line << ": " << r.describe();
  return out;
}

formats::line_result error(std::string_view line) {
  jsonl_parser p;
  std::vector<sample> out{sample{"keep", {}, 1, 2}};
  auto r = p.parse(line, out);
  EXPECT_EQ(r.status, line_status::error) << line;
  EXPECT_EQ(out.size(), 1u) << "an error must leave the output unchanged";
  return r;
}

} // namespace

TEST(jsonl_parser, victoriametrics_export_line) {
  auto xs = ok(R"({"metric":{"__name__":"cpu","host":"a","dc":"eu"},)"
               R"("values":[1,2.5,-3e2],"timestamps":[1700000000000,)"
               R"(1700000060000,1700000120000]})");
  ASSERT_EQ(xs.size(), 3u);
  for (auto& s : xs) {
    EXPECT_EQ(s.metric, "cpu");
    EXPECT_EQ(s.labels, (label_set{{"host", "a"}, {"dc", "eu"}}));
  }
  EXPECT_EQ(xs[0].ts, 1'700'000'000'000);
  EXPECT_EQ(xs[0].value, 1);
  EXPECT_EQ(xs[1].ts, 1'700'000'060'000);
  EXPECT_EQ(xs[1].value, 2.5);
  EXPECT_EQ(xs[2].value, -300);
}

TEST(jsonl_parser, keys_in_any_order_whitespace_and_unknown_keys) {
  auto xs = ok(" { \"timestamps\" : [ 5 ] , \"extra\" : {\"x\":[1,null]} , "
               "\"values\" : [ 7 ] , \"metric\" : { \"__name__\" : \"m\" } "
               "}\r");
  ASSERT_EQ(xs.size(), 1u);
  EXPECT_EQ(xs[0].metric, "m");
  EXPECT_TRUE(xs[0].labels.empty());
  EXPECT_EQ(xs[0].ts, 5);
  EXPECT_EQ(xs[0].value, 7);
}

TEST(jsonl_parser, special_values) {
  auto xs =
      ok(R"({"metric":{"__name__":"m"},"values":[null,"NaN","Infinity",)"
         R"("-Infinity","+Inf","-inf","null"],"timestamps":[1,2,3,4,5,6,7]})");
  ASSERT_EQ(xs.size(), 7u);
  constexpr auto inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(std::isnan(xs[0].value));
  EXPECT_TRUE(std::isnan(xs[1].value));
  EXPECT_EQ(xs[2].value, inf);
  EXPECT_EQ(xs[3].value, -inf);
  EXPECT_EQ(xs[4].value, inf);
  EXPECT_EQ(xs[5].value, -inf);
  EXPECT_TRUE(std::isnan(xs[6].value));
}

TEST(jsonl_parser, escapes_in_names_and_values) {
  auto xs =
      ok(R"({"metric":{"__name__":"m","l":"a\"b\\c\nd\u00e9\ud83d\ude00"},)"
         R"("values":[1],"timestamps":[1]})");
  ASSERT_EQ(xs.size(), 1u);
  EXPECT_EQ(xs[0].labels[0].value, "a\"b\\c\nd\xc3\xa9\xf0\x9f\x98\x80");
}

TEST(jsonl_parser, edge_numbers) {
  auto xs = ok(R"({"metric":{"__name__":"m"},"values":[-0,4.9e-324,)"
               R"(1.7976931348623157e308,1e-400,0.1],"timestamps":)"
               R"([-9223372036854775807,9223372036854775807,0,1,2]})");
  ASSERT_EQ(xs.size(), 5u);
  EXPECT_TRUE(std::signbit(xs[0].value));
  EXPECT_EQ(xs[1].value, std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(xs[2].value, std::numeric_limits<double>::max());
  EXPECT_EQ(xs[3].value, 0.0); // underflow
  EXPECT_EQ(xs[4].value, 0.1);
  EXPECT_EQ(xs[0].ts, INT64_MIN + 1);
  EXPECT_EQ(xs[1].ts, INT64_MAX);
}

TEST(jsonl_parser, blank_lines_are_skipped) {
  jsonl_parser p;
  std::vector<sample> out;
  for (auto line : {"", "  ", "\t\r", "\r"})
    EXPECT_EQ(p.parse(line, out).status, line_status::skip);
  EXPECT_TRUE(out.empty());
}

TEST(jsonl_parser, every_error_reason) {
  const std::string m = R"("metric":{"__name__":"m"})";
  struct bad {
    std::string line;
    const char* reason;
  };
  bad cases[] = {
      {"[1]", "expected '{' (one JSON object per line)"},
      {"{\"metric\" 1}", "expected ':' after the key"},
      {"{1:2}", "expected a string"},
      {"{" + m + " \"values\":[1]}", "expected ',' or '}'"},
      {"{" + m + ",\"values\":[1],\"timestamps\":[1]} x",
       "unexpected text after the object"},
      {"{\"values\":[1],\"timestamps\":[1]}", "missing \"metric\""},
      {"{" + m + ",\"timestamps\":[1]}", "missing \"values\""},
      {"{" + m + ",\"values\":[1]}", "missing \"timestamps\""},
      {"{" + m + ",\"values\":[1,2],\"timestamps\":[1]}",
       "\"values\" and \"timestamps\" differ in length"},
      {"{" + m + ",\"values\":[],\"timestamps\":[]}",
       "\"values\" and \"timestamps\" are empty"},
      {"{" + m + "," + m + ",\"values\":[1],\"timestamps\":[1]}",
       "\"metric\" given twice"},
      {"{" + m + ",\"values\":[1],\"values\":[1],\"timestamps\":[1]}",
       "\"values\" given twice"},
      {"{" + m + ",\"values\":[1],\"timestamps\":[1],\"timestamps\":[1]}",
       "\"timestamps\" given twice"},
      {R"({"metric":"m","values":[1],"timestamps":[1]})",
       "\"metric\" must be an object"},
      {R"({"metric":{"host":"a"},"values":[1],"timestamps":[1]})",
       "\"metric\" has no \"__name__\""},
      {R"({"metric":{"__name__":"m","__name__":"n"},"values":[1],)"
       R"("timestamps":[1]})",
       "\"__name__\" given twice"},
      {R"({"metric":{"__name__":"m","a":1},"values":[1],"timestamps":[1]})",
       "label values must be strings"},
      {R"({"metric":{"__name__":"m" "a":"b"},"values":[1],"timestamps":[1]})",
       "expected ',' or '}' in \"metric\""},
      {"{" + m + ",\"values\":1,\"timestamps\":[1]}",
       "\"values\" must be an array"},
      {"{" + m + ",\"values\":[\"abc\"],\"timestamps\":[1]}",
       "a string value must be NaN, Inf, Infinity, -Inf or -Infinity"},
      {"{" + m + ",\"values\":[\"1.5\"],\"timestamps\":[1]}",
       "a string value must be NaN, Inf, Infinity, -Inf or -Infinity"},
      {"{" + m + ",\"values\":[true],\"timestamps\":[1]}", "expected a number"},
      {"{" + m + ",\"values\":[NaN],\"timestamps\":[1]}", "expected a number"},
      {"{" + m + ",\"values\":[1e999],\"timestamps\":[1]}",
       "value out of range"},
      {"{" + m + ",\"values\":[1 2],\"timestamps\":[1]}",
       "expected ',' or ']' in \"values\""},
      {"{" + m + ",\"values\":[1],\"timestamps\":{}}",
       "\"timestamps\" must be an array"},
      {"{" + m + ",\"values\":[1],\"timestamps\":[1.5]}",
       "expected an integer"},
      {"{" + m + ",\"values\":[1],\"timestamps\":[null]}", "expected a number"},
      {"{" + m + ",\"values\":[1],\"timestamps\":[9223372036854775808]}",
       "integer out of range"},
      {"{" + m + ",\"values\":[1],\"timestamps\":[-9223372036854775808]}",
       "timestamp out of range"},
      {"{" + m + ",\"values\":[1],\"timestamps\":[1 2]}",
       "expected ',' or ']' in \"timestamps\""},
      {"{" + m + ",\"values\":[1],\"timestamps\":[1]", "expected ',' or '}'"},
      {"{" + m + ",\"x\":[[[[,\"values\":[1],\"timestamps\":[1]}",
       "expected a number"},
      {"{\"metric\":{\"__name__\":\"m\\q\"}}", "unknown escape in a string"},
  };
  for (auto& c : cases)
    EXPECT_STREQ(error(c.line).reason, c.reason) << c.line;
}

TEST(jsonl_parser, error_columns_point_at_the_problem) {
  auto line = std::string{R"({"metric":{"__name__":"m"},"values":[1,"x"],)"} +
              R"("timestamps":[1,2]})";
  EXPECT_EQ(error(line).column, line.find("\"x\""));
  line = R"({"metric":{"__name__":"m"},"values":[1],"timestamps":[1.5]})";
  EXPECT_EQ(error(line).column, line.find("1.5"));
}

TEST(jsonl_parser, reads_what_json_writer_writes) {
  std::vector<int64_t> ts{INT64_MIN + 1, -1, 0, 1, INT64_MAX};
  std::vector<double> values{-0.0, 0.1, std::numeric_limits<double>::max(),
                             -std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::denorm_min()};
  std::string line;
  label_set labels{{"a", std::string("\0\x01\"\\\n\xc3\xa9", 7)}, {"b", "x"}};
  formats::append_json_line(line, "m:x", labels, ts, values);
  line.pop_back();
  auto xs = ok(line);
  ASSERT_EQ(xs.size(), ts.size());
  for (size_t i = 0; i < xs.size(); ++i) {
    EXPECT_EQ(xs[i].metric, "m:x");
    EXPECT_EQ(xs[i].labels, labels);
    EXPECT_EQ(xs[i].ts, ts[i]);
    EXPECT_EQ(std::bit_cast<uint64_t>(xs[i].value),
              std::bit_cast<uint64_t>(values[i]));
  }
}

TEST(jsonl_parser, never_reads_past_the_line) {
  std::string full = R"({"metric":{"__name__":"m","a":"\u00e9\ud83d\ude00"},)"
                     R"("values":[1.5e3,null,"Inf"],"timestamps":[1,2,3]})";
  jsonl_parser p;
  for (size_t n = 0; n <= full.size(); ++n) {
    auto copy = std::make_unique<char[]>(n);
    std::copy_n(full.data(), n, copy.get());
    std::vector<sample> out;
    auto r = p.parse({copy.get(), n}, out);
    EXPECT_EQ(r.status == line_status::ok, n == full.size()) << n;
    if (r.status == line_status::error) {
      EXPECT_LE(r.column, n);
    }
  }
}
