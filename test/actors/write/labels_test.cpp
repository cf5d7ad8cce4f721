#include "timeless/labels.hpp"

#include <gtest/gtest.h>

#include <string>

#include "timeless/error.hpp"

using namespace timeless;
using namespace std::literals;

namespace {

/// Canonicalizes with default limits and returns the error code.
errc check(std::string_view metric, label_set& labels,
           const name_limits& limits = {}) {
  return code_of(canonicalize(metric, labels, limits));
}

errc check(std::string_view metric, label_set&& labels,
           const name_limits& limits = {}) {
  return check(metric, labels, limits);
}

std::string context(std::string_view metric, label_set labels,
                    const name_limits& limits = {}) {
  return describe(canonicalize(metric, labels, limits));
}

} // namespace

// -- canonicalize: metric names -----------------------------------------------

TEST(labels, valid_metric_names_pass) {
  for (auto name :
       {"cpu", "cpu_usage", "_x", ":a:b:", "node:cpu:rate5m", "A9_", "x"}) {
    label_set ls;
    EXPECT_EQ(check(name, ls), errc::none) << name;
  }
}

TEST(labels, empty_metric_is_rejected) {
  EXPECT_EQ(check("", {}), errc::invalid_metric_name);
}

TEST(labels, metric_with_leading_digit_is_rejected) {
  EXPECT_EQ(check("1cpu", {}), errc::invalid_metric_name);
  EXPECT_NE(context("1cpu", {}).find("'1cpu'"), std::string::npos);
}

TEST(labels, metric_with_bad_char_is_rejected) {
  for (auto name : {"cpu-usage", "cpu usage", "cpu.usage", "cpü", "cpu{"})
    EXPECT_EQ(check(name, {}), errc::invalid_metric_name) << name;
}

TEST(labels, metric_at_name_limit_passes_and_one_more_byte_fails) {
  name_limits limits;
  limits.max_name_bytes = 8;
  EXPECT_EQ(check(std::string(8, 'm'), {}, limits), errc::none);
  EXPECT_EQ(check(std::string(9, 'm'), {}, limits), errc::name_too_long);
}

// -- canonicalize: label names ------------------------------------------------

TEST(labels, label_name_with_leading_digit_is_rejected) {
  EXPECT_EQ(check("cpu", {{"1x", "a"}}), errc::invalid_label);
  auto msg = context("cpu", {{"1x", "a"}});
  EXPECT_NE(msg.find("'1x'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'cpu'"), std::string::npos) << msg;
}

TEST(labels, label_name_with_colon_or_bad_char_is_rejected) {
  for (auto name : {"a:b", "a-b", "a b", "a.b", "é"})
    EXPECT_EQ(check("cpu", {{name, "v"}}), errc::invalid_label) << name;
}

TEST(labels, empty_label_name_is_rejected) {
  EXPECT_EQ(check("cpu", {{"", "v"}}), errc::invalid_label);
}

TEST(labels, reserved_double_underscore_label_is_rejected) {
  EXPECT_EQ(check("cpu", {{"__x", "v"}}), errc::invalid_label);
  EXPECT_EQ(check("cpu", {{"__name__", "cpu"}}), errc::invalid_label);
  EXPECT_NE(context("cpu", {{"__x", "v"}}).find("reserved"), std::string::npos);
  // A single leading underscore is fine.
  EXPECT_EQ(check("cpu", {{"_x", "v"}}), errc::none);
}

TEST(labels, duplicate_label_names_are_rejected) {
  EXPECT_EQ(check("cpu", {{"host", "a"}, {"dc", "x"}, {"host", "b"}}),
            errc::invalid_label);
  EXPECT_NE(context("cpu", {{"host", "a"}, {"host", "a"}}).find("'host'"),
            std::string::npos);
}

TEST(labels, duplicate_name_is_rejected_even_with_an_empty_value) {
  EXPECT_EQ(check("cpu", {{"host", ""}, {"host", "b"}}), errc::invalid_label);
}

TEST(labels, label_name_at_limit_passes_and_one_more_byte_fails) {
  name_limits limits;
  limits.max_name_bytes = 4;
  EXPECT_EQ(check("cpu", {{"abcd", "v"}}, limits), errc::none);
  EXPECT_EQ(check("cpu", {{"abcde", "v"}}, limits), errc::name_too_long);
}

TEST(labels, label_value_at_limit_passes_and_one_more_byte_fails) {
  name_limits limits;
  limits.max_value_bytes = 5;
  EXPECT_EQ(check("cpu", {{"a", "12345"}}, limits), errc::none);
  EXPECT_EQ(check("cpu", {{"a", "123456"}}, limits), errc::name_too_long);
}

TEST(labels, too_long_value_error_quotes_a_bounded_prefix) {
  auto msg = context("cpu", {{"a", std::string(10000, 'v')}});
  EXPECT_NE(msg.find("10000 bytes"), std::string::npos) << msg;
  EXPECT_LT(msg.size(), 300u);
}

TEST(labels, label_count_at_limit_passes_and_one_more_fails) {
  name_limits limits;
  limits.max_labels = 2;
  EXPECT_EQ(check("cpu", {{"a", "1"}, {"b", "2"}}, limits), errc::none);
  EXPECT_EQ(check("cpu", {{"a", "1"}, {"b", "2"}, {"c", "3"}}, limits),
            errc::too_many_labels);
}

TEST(labels, empty_values_do_not_count_toward_the_label_limit) {
  name_limits limits;
  limits.max_labels = 1;
  EXPECT_EQ(check("cpu", {{"a", "1"}, {"b", ""}, {"c", ""}}, limits),
            errc::none);
}

TEST(labels, empty_value_is_dropped) {
  label_set ls{{"z", "1"}, {"m", ""}, {"a", "2"}};
  ASSERT_EQ(check("cpu", ls), errc::none);
  EXPECT_EQ(ls, (label_set{{"a", "2"}, {"z", "1"}}));
}

TEST(labels, labels_are_sorted_by_name) {
  label_set ls{{"region", "eu"}, {"host", "a"}, {"dc", "x"}};
  ASSERT_EQ(check("cpu", ls), errc::none);
  EXPECT_EQ(ls, (label_set{{"dc", "x"}, {"host", "a"}, {"region", "eu"}}));
}

TEST(labels, unicode_and_control_byte_values_are_accepted) {
  label_set ls{{"city", "Zürich 東京"}, {"raw", "\x7f\x00\x01"s}};
  ASSERT_EQ(check("cpu", ls), errc::none);
  EXPECT_EQ(ls[0].value, "Zürich 東京");
  EXPECT_EQ(ls[1].value, "\x7f\x00\x01"s);
}

TEST(labels, a_value_that_is_not_utf8_is_rejected_naming_the_byte) {
  // The original stored any bytes, and an export then wrote invalid JSON.
  EXPECT_EQ(check("cpu", {{"city", "Z\xfcrich"}}), errc::invalid_label);
  EXPECT_EQ(check("cpu", {{"a", "\xed\xa0\x80"}}), errc::invalid_label);
  auto text = context("cpu", {{"city", "Z\xfcrich"}});
  EXPECT_NE(text.find("label 'city' in metric 'cpu' is not valid UTF-8 "
                      "(byte 1)"),
            std::string::npos)
      << text;
}

TEST(labels, no_labels_is_valid) {
  label_set ls;
  EXPECT_EQ(check("cpu", ls), errc::none);
  EXPECT_TRUE(ls.empty());
}

// -- encode / decode ----------------------------------------------------------

TEST(labels, empty_set_encodes_as_empty_string) {
  EXPECT_EQ(encode_labels({}), "");
  label_set out{{"stale", "x"}};
  EXPECT_TRUE(decode_labels("", out));
  EXPECT_TRUE(out.empty());
}

TEST(labels, encoding_is_length_prefixed) {
  EXPECT_EQ(encode_labels({{"a", "1,b=2"}}), "\x01"
                                             "a\x05"
                                             "1,b=2"s);
}

TEST(labels, round_trip_with_separators_and_nul_bytes) {
  label_set in{{"a", "x,y=z"},
               {"b", "\0\0"s},
               {"c", "="},
               {"d", std::string(300, ',')},
               {"e", "Zürich"}};
  label_set out;
  ASSERT_TRUE(decode_labels(encode_labels(in), out));
  EXPECT_EQ(out, in);
}

TEST(labels, long_value_uses_multi_byte_length) {
  label_set in{{"k", std::string(200, 'v')}};
  auto bytes = encode_labels(in);
  EXPECT_EQ(bytes.substr(0, 4), "\x01k\xc8\x01"s); // 200 = 0x48 | 0x80, 1
  label_set out;
  ASSERT_TRUE(decode_labels(bytes, out));
  EXPECT_EQ(out, in);
}

TEST(labels, originals_collision_case_encodes_distinctly) {
  // The original joined "k=v" with "," so both became "a=1,b=2".
  auto one = encode_labels({{"a", "1,b=2"}});
  auto two = encode_labels({{"a", "1"}, {"b", "2"}});
  EXPECT_NE(one, two);
  label_set out;
  ASSERT_TRUE(decode_labels(one, out));
  EXPECT_EQ(out, (label_set{{"a", "1,b=2"}}));
  ASSERT_TRUE(decode_labels(two, out));
  EXPECT_EQ(out, (label_set{{"a", "1"}, {"b", "2"}}));
}

TEST(labels, decode_of_every_truncation_fails) {
  auto bytes = encode_labels({{"host", "a"}, {"region", "eu-west"}});
  for (size_t n = 1; n < bytes.size(); ++n) {
    label_set out{{"stale", "x"}};
    // A prefix ending exactly after a whole label is itself valid.
    if (n == encode_labels({{"host", "a"}}).size())
      continue;
    EXPECT_FALSE(decode_labels(bytes.substr(0, n), out)) << n;
    EXPECT_TRUE(out.empty());
  }
}

TEST(labels, decode_rejects_garbage) {
  label_set out;
  EXPECT_FALSE(decode_labels("\x05"
                             "ab",
                             out)); // length past the end
  EXPECT_FALSE(decode_labels("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01",
                             out));         // varint too long
  EXPECT_FALSE(decode_labels("\x80", out)); // truncated varint
  EXPECT_FALSE(decode_labels("\x81\x00"
                             "a\x00"s,
                             out)); // non-minimal varint
  EXPECT_FALSE(decode_labels("\x01"
                             "a",
                             out)); // name without value
}

TEST(labels, decode_rejects_unsorted_or_duplicate_names) {
  label_set out;
  EXPECT_FALSE(decode_labels("\x01"
                             "b\x01"
                             "1\x01"
                             "a\x01"
                             "2",
                             out));
  EXPECT_FALSE(decode_labels("\x01"
                             "a\x01"
                             "1\x01"
                             "a\x01"
                             "2",
                             out));
}

TEST(labels, decode_of_all_short_byte_strings_never_crashes) {
  // Every 2-byte input: decoding either fails or round-trips exactly.
  for (int a = 0; a < 256; ++a)
    for (int b = 0; b < 256; ++b) {
      std::string bytes{static_cast<char>(a), static_cast<char>(b)};
      label_set out;
      if (decode_labels(bytes, out)) {
        EXPECT_EQ(encode_labels(out), bytes);
      }
    }
}

// -- format_series ------------------------------------------------------------

TEST(labels, format_series_without_labels_is_the_metric) {
  EXPECT_EQ(format_series("cpu", {}), "cpu");
}

TEST(labels, format_series_lists_labels_in_order) {
  EXPECT_EQ(format_series("cpu", {{"host", "a"}, {"region", "eu"}}),
            R"(cpu{host="a",region="eu"})");
}

TEST(labels, format_series_escapes_backslash_quote_and_newline) {
  EXPECT_EQ(format_series("m", {{"v", "a\\b\"c\nd,e=f"}}),
            R"(m{v="a\\b\"c\nd,e=f"})");
}
