#include "formats/influx_parser.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

using namespace timeless;
using namespace timeless::formats;

namespace {

constexpr int64_t now = 1'700'000'123'456;

struct parsed {
  line_result r;
  std::vector<sample> samples;
};

parsed parse(std::string_view line,
             influx_precision p = influx_precision::guess,
             std::string db = "") {
  influx_parser parser{influx_options{p, now, std::move(db)}};
  parsed out;
  out.r = parser.parse(line, out.samples);
  return out;
}

/// The one sample of a line that must parse.
sample one(std::string_view line,
           influx_precision p = influx_precision::guess) {
  auto x = parse(line, p);
  EXPECT_EQ(x.r.status, line_status::ok) << line << ": " << x.r.describe();
  EXPECT_EQ(x.samples.size(), 1u) << line;
  return x.samples.empty() ? sample{} : x.samples[0];
}

double value_of(std::string_view line) {
  return one(line).value;
}

int64_t ts_of(std::string_view line, influx_precision p) {
  return one(line, p).ts;
}

/// The reason and 0-based column of a line that must fail.
std::pair<std::string, size_t> error_of(std::string_view line) {
  auto x = parse(line);
  EXPECT_EQ(x.r.status, line_status::error) << line;
  EXPECT_TRUE(x.samples.empty());
  return {x.r.reason, x.r.column};
}

label_set labels(std::initializer_list<std::pair<const char*, const char*>> l) {
  label_set out;
  for (auto& [n, v] : l)
    out.push_back(label{n, v});
  return out;
}

} // namespace

// -- structure ----------------------------------------------------------------

TEST(influx_parser, minimal_line_is_stamped_now) {
  auto s = one("cpu usage=1.5");
  EXPECT_EQ(s.metric, "cpu_usage");
  EXPECT_TRUE(s.labels.empty());
  EXPECT_EQ(s.value, 1.5);
  EXPECT_EQ(s.ts, now);
}

TEST(influx_parser, field_named_value_keeps_the_suffix) {
  EXPECT_EQ(one("cpu value=1").metric, "cpu_value");
}

TEST(influx_parser, tags_become_labels_in_written_order) {
  auto s = one("cpu,zone=b,host=a usage=2 1700000000000");
  EXPECT_EQ(s.labels, labels({{"zone", "b"}, {"host", "a"}}));
  EXPECT_EQ(s.ts, 1'700'000'000'000);
}

TEST(influx_parser, each_field_is_a_sample_with_the_same_labels_and_time) {
  auto x = parse("disk,dev=sda used=1,free=2i,ok=t 1700000000");
  ASSERT_EQ(x.r.status, line_status::ok);
  ASSERT_EQ(x.samples.size(), 3u);
  EXPECT_EQ(x.samples[0].metric, "disk_used");
  EXPECT_EQ(x.samples[1].metric, "disk_free");
  EXPECT_EQ(x.samples[2].metric, "disk_ok");
  EXPECT_EQ(x.samples[1].value, 2);
  EXPECT_EQ(x.samples[2].value, 1);
  for (auto& s : x.samples) {
    EXPECT_EQ(s.labels, labels({{"dev", "sda"}}));
    EXPECT_EQ(s.ts, 1'700'000'000'000);
  }
}

TEST(influx_parser, empty_measurement_names_the_metric_by_the_field) {
  EXPECT_EQ(one(" baz=123").metric, "baz");
  auto s = one(",foo=bar baz=123");
  EXPECT_EQ(s.metric, "baz");
  EXPECT_EQ(s.labels, labels({{"foo", "bar"}}));
}

TEST(influx_parser, tags_with_an_empty_key_or_value_are_dropped) {
  auto s = one("foo,tag1=xyz,tagN=,tag2=43as,=xxx bar=123");
  EXPECT_EQ(s.labels, labels({{"tag1", "xyz"}, {"tag2", "43as"}}));
}

TEST(influx_parser, tag_value_may_hold_an_equals_sign) {
  EXPECT_EQ(one("m,k=a=b f=1").labels, labels({{"k", "a=b"}}));
}

TEST(influx_parser, several_spaces_and_trailing_spaces_are_allowed) {
  auto s = one("m,k=v   f=1   1700000000000   ");
  EXPECT_EQ(s.ts, 1'700'000'000'000);
  EXPECT_EQ(one("m f=1   ").ts, now);
}

TEST(influx_parser, blank_comment_and_space_lines_are_skipped) {
  EXPECT_EQ(parse("").r.status, line_status::skip);
  EXPECT_EQ(parse("   ").r.status, line_status::skip);
  EXPECT_EQ(parse("\r").r.status, line_status::skip);
  EXPECT_EQ(parse("# cpu usage=1").r.status, line_status::skip);
}

TEST(influx_parser, trailing_carriage_return_is_ignored) {
  EXPECT_EQ(one("m f=1 1700000000000\r").ts, 1'700'000'000'000);
}

// -- escapes ------------------------------------------------------------------

TEST(influx_parser, escapes_in_measurement_tags_and_field_keys) {
  // VictoriaMetrics' own test line.
  auto s = one(R"(fo\,bar\=b\ az,x\=\ b=\\a\,\=\q\  \\\a\ b\=\,=4.34)");
  EXPECT_EQ(s.metric, R"(fo,bar=b az_\\a b=,)");
  EXPECT_EQ(s.labels, labels({{"x= b", R"(\a,=\q )"}}));
  EXPECT_EQ(s.value, 4.34);
}

TEST(influx_parser, escaped_space_in_a_tag_value) {
  auto s = one(R"(ports,foo=a,bar=et\ +\ V,baz=ype IN=245333676)");
  EXPECT_EQ(s.labels,
            labels({{"foo", "a"}, {"bar", "et + V"}, {"baz", "ype"}}));
}

TEST(influx_parser, escaped_backslash_and_unknown_escapes) {
  EXPECT_EQ(one(R"(m,k=v\\ f=1)").labels, labels({{"k", R"(v\)"}}));
  EXPECT_EQ(one(R"(m\ f\=1 g=2)").metric, "m f=1_g");
  EXPECT_EQ(one(R"(m,k=a\b f=1)").labels, labels({{"k", R"(a\b)"}}));
}

TEST(influx_parser, escaped_space_does_not_end_the_tags) {
  EXPECT_EQ(error_of(R"(m,k=v\ f=1)").first,
            "missing fields (expected ' ' and field=value after the "
            "measurement and tags)");
}

// -- field values -------------------------------------------------------------

TEST(influx_parser, float_values) {
  EXPECT_EQ(value_of("m f=-123e4"), -123e4);
  EXPECT_EQ(value_of("m f=.5"), 0.5);
  EXPECT_TRUE(std::isnan(value_of("m f=NaN")));
  EXPECT_EQ(value_of("m f=-Inf"), -INFINITY);
}

TEST(influx_parser, integer_values_and_their_limits) {
  EXPECT_EQ(value_of("m f=12i"), 12);
  EXPECT_EQ(value_of("m f=-45i"), -45);
  EXPECT_EQ(value_of("m f=9223372036854775807i"), 9223372036854775807.0);
  EXPECT_EQ(value_of("m f=-9223372036854775808i"), -9223372036854775808.0);
  EXPECT_EQ(error_of("m f=9223372036854775808i").first,
            "integer field value out of range");
  EXPECT_EQ(error_of("m f=1abci"),
            std::make_pair(std::string{"invalid integer field value (expected "
                                       "digits before 'i')"},
                           size_t{4}));
  EXPECT_EQ(error_of("m f=i").second, 4u);
  EXPECT_EQ(error_of("m f=1.5i").second, 4u);
}

TEST(influx_parser, unsigned_values_and_their_limits) {
  EXPECT_EQ(value_of("m f=23u"), 23);
  EXPECT_EQ(value_of("m f=18446744073709551615u"), 18446744073709551615.0);
  EXPECT_EQ(error_of("m f=18446744073709551616u").first,
            "unsigned field value out of range");
  EXPECT_EQ(error_of("m f=-1u").first,
            "invalid unsigned field value (expected digits before 'u')");
}

TEST(influx_parser, every_boolean_spelling) {
  for (auto t : {"t", "T", "true", "True", "TRUE"})
    EXPECT_EQ(value_of(std::string{"m f="} + t), 1) << t;
  for (auto f : {"f", "F", "false", "False", "FALSE"})
    EXPECT_EQ(value_of(std::string{"m f="} + f), 0) << f;
  EXPECT_EQ(error_of("m f=tRUE").second, 4u);
}

TEST(influx_parser, numeric_string_fields_become_numbers) {
  EXPECT_EQ(value_of(R"(m f="-1.23")"), -1.23);
  EXPECT_EQ(value_of(R"(m f="123")"), 123);
}

TEST(influx_parser, other_string_fields_are_skipped) {
  auto x = parse(
      R"(system,host=h up="3 days, 21:01",load=1.5,msg="a \"b\" c=d\\" 1700000000)");
  ASSERT_EQ(x.r.status, line_status::ok) << x.r.describe();
  ASSERT_EQ(x.samples.size(), 1u);
  EXPECT_EQ(x.samples[0].metric, "system_load");
  EXPECT_EQ(x.samples[0].ts, 1'700'000'000'000);
}

TEST(influx_parser, a_line_of_only_string_fields_is_skipped) {
  auto x = parse(R"(m a="x",b="")");
  EXPECT_EQ(x.r.status, line_status::skip);
  EXPECT_TRUE(x.samples.empty());
}

TEST(influx_parser, out_of_range_and_invalid_floats_are_errors) {
  EXPECT_EQ(error_of("m f=1e999").first, "field value out of range");
  EXPECT_EQ(error_of("m f=abc").second, 4u);
  EXPECT_EQ(error_of(R"(m f=a"")").second, 4u);
}

// -- timestamps ---------------------------------------------------------------

TEST(influx_parser, explicit_precisions) {
  using p = influx_precision;
  EXPECT_EQ(ts_of("m f=1 1700000000123456789", p::ns), 1'700'000'000'123);
  EXPECT_EQ(ts_of("m f=1 1700000000123456", p::us), 1'700'000'000'123);
  EXPECT_EQ(ts_of("m f=1 1700000000123", p::ms), 1'700'000'000'123);
  EXPECT_EQ(ts_of("m f=1 1700000000", p::s), 1'700'000'000'000);
  EXPECT_EQ(ts_of("m f=1 28333333", p::m), 1'699'999'980'000);
  EXPECT_EQ(ts_of("m f=1 472222", p::h), 1'699'999'200'000);
  // A small value in an explicit unit is not guessed.
  EXPECT_EQ(ts_of("m f=1 5", p::ns), 0);
  EXPECT_EQ(ts_of("m f=1 5", p::ms), 5);
}

TEST(influx_parser, guessed_precision_thresholds) {
  using p = influx_precision;
  EXPECT_EQ(ts_of("m f=1 99999999999", p::guess), 99'999'999'999'000);
  EXPECT_EQ(ts_of("m f=1 100000000000", p::guess), 100'000'000'000);
  EXPECT_EQ(ts_of("m f=1 99999999999999", p::guess), 99'999'999'999'999);
  EXPECT_EQ(ts_of("m f=1 100000000000000", p::guess), 100'000'000'000);
  EXPECT_EQ(ts_of("m f=1 99999999999999999", p::guess), 99'999'999'999'999);
  EXPECT_EQ(ts_of("m f=1 100000000000000000", p::guess), 100'000'000'000);
  EXPECT_EQ(ts_of("m f=1 -345", p::guess), -345'000);
}

TEST(influx_parser, negative_nanoseconds_truncate_toward_zero) {
  EXPECT_EQ(ts_of("m f=1 -1500000", influx_precision::ns), -1);
}

TEST(influx_parser, zero_timestamp_means_now) {
  EXPECT_EQ(ts_of("m f=1 0", influx_precision::ms), now);
  EXPECT_EQ(ts_of("m f=1 0", influx_precision::guess), now);
}

TEST(influx_parser, now_is_rounded_down_to_coarse_precisions) {
  using p = influx_precision;
  EXPECT_EQ(ts_of("m f=1", p::ns), now);
  EXPECT_EQ(ts_of("m f=1", p::s), 1'700'000'123'000);
  EXPECT_EQ(ts_of("m f=1", p::m), 1'700'000'100'000);
  EXPECT_EQ(ts_of("m f=1", p::h), 1'699'999'200'000);
}

TEST(influx_parser, timestamp_overflow_is_an_error) {
  influx_parser p{influx_options{influx_precision::s, now, ""}};
  auto r = p.parse("m f=1 9223372036854776");
  EXPECT_EQ(r.status, line_status::error);
  EXPECT_STREQ(r.reason, "timestamp out of range");
  EXPECT_EQ(r.column, 6u);
  EXPECT_EQ(p.parse("m f=1 9223372036854775").status, line_status::ok);
  EXPECT_EQ(p.timestamp(), 9'223'372'036'854'775'000);
  EXPECT_EQ(error_of("m f=1 9223372036854775808").first,
            "timestamp out of range");
}

TEST(influx_parser, reserved_minimum_timestamp_is_an_error) {
  influx_parser p{influx_options{influx_precision::ms, now, ""}};
  EXPECT_EQ(p.parse("m f=1 -9223372036854775808").status, line_status::error);
  EXPECT_EQ(p.parse("m f=1 -9223372036854775807").status, line_status::ok);
}

TEST(influx_parser, invalid_timestamps) {
  EXPECT_EQ(error_of("foo bar=123 baz"),
            std::make_pair(std::string{"invalid timestamp (expected an "
                                       "integer)"},
                           size_t{12}));
  EXPECT_EQ(error_of("m f=1 1.5").second, 6u);
  EXPECT_EQ(error_of("m f=1 +5").second, 6u);
  EXPECT_EQ(error_of("m f=1 1 2"),
            std::make_pair(std::string{"unexpected text after the timestamp"},
                           size_t{8}));
}

// -- errors -------------------------------------------------------------------

TEST(influx_parser, missing_fields) {
  EXPECT_EQ(error_of("foo").second, 3u);
  EXPECT_EQ(error_of("foo,a=b").second, 7u);
  EXPECT_EQ(error_of("foo,a=b  ").second, 9u);
}

TEST(influx_parser, tag_without_equals) {
  EXPECT_EQ(
      error_of("foo,bar baz=1"),
      std::make_pair(std::string{"expected '=' after the tag key"}, size_t{7}));
  EXPECT_EQ(error_of("foo,bar").second, 7u);
  EXPECT_EQ(error_of("foo,bar=123, f=1").second, 12u);
}

TEST(influx_parser, field_errors_name_the_column) {
  EXPECT_EQ(error_of("foo,bar=baz 1234"),
            std::make_pair(std::string{"expected '=' after the field key"},
                           size_t{16}));
  EXPECT_EQ(error_of("foo =123"),
            std::make_pair(std::string{"empty field key"}, size_t{4}));
  EXPECT_EQ(error_of("foo bar="),
            std::make_pair(std::string{"missing field value"}, size_t{8}));
  EXPECT_EQ(error_of("foo bar=,baz=23 123").second, 8u);
  EXPECT_EQ(error_of("foo bar=1, 123").second, 10u);
  EXPECT_EQ(error_of("foo bar=1,").second, 10u);
}

TEST(influx_parser, unterminated_and_trailing_strings) {
  EXPECT_EQ(error_of(R"(foo bar="123)").second, 8u);
  EXPECT_EQ(error_of(R"(foo bar=" 123)").second, 8u);
  EXPECT_EQ(error_of(R"(foo bar="a\")").second, 8u);
  EXPECT_EQ(error_of(R"(foo bar="a"x)"),
            std::make_pair(std::string{"expected ',' or ' ' after the string "
                                       "field value"},
                           size_t{11}));
}

TEST(influx_parser, describe_gives_a_one_based_column) {
  EXPECT_EQ(parse("foo =1").r.describe(), "empty field key (column 5)");
}

// -- options and reuse --------------------------------------------------------

TEST(influx_parser, precision_parameter_spellings) {
  using p = influx_precision;
  auto read = [](std::string_view t) {
    auto out = p::ms;
    EXPECT_TRUE(parse_influx_precision(t, out)) << t;
    return out;
  };
  EXPECT_EQ(read(""), p::guess);
  EXPECT_EQ(read("ns"), p::ns);
  EXPECT_EQ(read("n"), p::ns);
  EXPECT_EQ(read("us"), p::us);
  EXPECT_EQ(read("u"), p::us);
  EXPECT_EQ(read("\xC2\xB5"), p::us);
  EXPECT_EQ(read("ms"), p::ms);
  EXPECT_EQ(read("s"), p::s);
  EXPECT_EQ(read("m"), p::m);
  EXPECT_EQ(read("h"), p::h);
  auto out = p::ms;
  EXPECT_FALSE(parse_influx_precision("x", out));
  EXPECT_FALSE(parse_influx_precision("NS", out));
  EXPECT_FALSE(parse_influx_precision("mss", out));
}

TEST(influx_parser, db_parameter_adds_a_label_unless_tagged) {
  auto x = parse("m,host=a f=1", influx_precision::guess, "telegraf");
  ASSERT_EQ(x.samples.size(), 1u);
  EXPECT_EQ(x.samples[0].labels, labels({{"host", "a"}, {"db", "telegraf"}}));
  x = parse("m,db=mine f=1", influx_precision::guess, "telegraf");
  ASSERT_EQ(x.samples.size(), 1u);
  EXPECT_EQ(x.samples[0].labels, labels({{"db", "mine"}}));
  x = parse("m f=1", influx_precision::guess, "");
  EXPECT_TRUE(x.samples[0].labels.empty());
}

TEST(influx_parser, buffers_are_reused_between_lines) {
  influx_parser p{influx_options{influx_precision::ms, now, ""}};
  ASSERT_EQ(p.parse("a,x=1,y=2 f=1,g=2,h=3 5").status, line_status::ok);
  EXPECT_EQ(p.size(), 3u);
  ASSERT_EQ(p.parse("b,z=3 k=4").status, line_status::ok);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p.metric(0), "b_k");
  EXPECT_EQ(p.value(0), 4);
  EXPECT_EQ(p.labels(), labels({{"z", "3"}}));
  EXPECT_EQ(p.timestamp(), now);
  EXPECT_EQ(p.parse("broken").status, line_status::error);
  EXPECT_EQ(p.size(), 0u);
}

TEST(influx_parser, get_overwrites_a_used_sample) {
  influx_parser p{influx_options{influx_precision::ms, now, ""}};
  ASSERT_EQ(p.parse("m,a=1 f=2 3").status, line_status::ok);
  sample s{"old_metric_with_a_long_name", labels({{"x", "y"}, {"u", "v"}}), 9,
           9};
  p.get(0, s);
  EXPECT_EQ(s.metric, "m_f");
  EXPECT_EQ(s.labels, labels({{"a", "1"}}));
  EXPECT_EQ(s.ts, 3);
  EXPECT_EQ(s.value, 2);
}

TEST(influx_parser, appending_parse_leaves_out_unchanged_on_error) {
  influx_parser p;
  std::vector<sample> out(1);
  EXPECT_EQ(p.parse("m f=x", out).status, line_status::error);
  EXPECT_EQ(out.size(), 1u);
  EXPECT_EQ(p.parse("m f=1,g=2", out).status, line_status::ok);
  EXPECT_EQ(out.size(), 3u);
}
