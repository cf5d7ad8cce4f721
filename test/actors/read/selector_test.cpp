#include "timeless/selector.hpp"

#include <gtest/gtest.h>

#include <string>

#include "timeless/error.hpp"

using namespace timeless;
using namespace std::literals;

namespace {

selector parse(std::string_view text) {
  auto sel = parse_selector(text);
  EXPECT_TRUE(sel) << text << ": " << describe(sel.error());
  return sel ? *sel : selector{};
}

/// Returns the error context of parsing `text`, which must fail.
std::string parse_error(std::string_view text) {
  auto sel = parse_selector(text);
  EXPECT_FALSE(sel) << text;
  if (sel)
    return {};
  EXPECT_EQ(code_of(sel.error()), errc::invalid_argument);
  return describe(sel.error());
}

bool has(const std::string& msg, std::string_view part) {
  return msg.find(part) != std::string::npos;
}

series_matcher compile(std::string_view text) {
  auto m = series_matcher::make(parse(text));
  EXPECT_TRUE(m) << text << ": " << describe(m.error());
  return std::move(*m);
}

} // namespace

// -- parsing ------------------------------------------------------------------

TEST(selector, bare_metric) {
  auto sel = parse("cpu_usage");
  EXPECT_EQ(sel.metric, "cpu_usage");
  EXPECT_TRUE(sel.matchers.empty());
}

TEST(selector, metric_with_colons) {
  EXPECT_EQ(parse("node:cpu:rate5m").metric, "node:cpu:rate5m");
}

TEST(selector, empty_braces) {
  auto sel = parse("cpu{}");
  EXPECT_EQ(sel.metric, "cpu");
  EXPECT_TRUE(sel.matchers.empty());
}

TEST(selector, one_equality_matcher) {
  auto sel = parse(R"(cpu_usage{host="dev_25"})");
  EXPECT_EQ(sel.metric, "cpu_usage");
  EXPECT_EQ(sel.matchers,
            (std::vector<label_matcher>{{"host", match_op::eq, "dev_25"}}));
}

TEST(selector, all_four_operators) {
  auto sel = parse(R"(cpu{host=~"dev_[0-9]+",dc!="eu",x!~"a|b",y="1"})");
  EXPECT_EQ(sel.matchers, (std::vector<label_matcher>{
                              {"host", match_op::re, "dev_[0-9]+"},
                              {"dc", match_op::neq, "eu"},
                              {"x", match_op::nre, "a|b"},
                              {"y", match_op::eq, "1"},
                          }));
}

TEST(selector, whitespace_is_tolerated_between_tokens) {
  auto sel = parse(" \tcpu \n{ host = \"a\" ,\r\n dc !~ 'x' , } ");
  EXPECT_EQ(sel.metric, "cpu");
  EXPECT_EQ(sel.matchers, (std::vector<label_matcher>{
                              {"host", match_op::eq, "a"},
                              {"dc", match_op::nre, "x"},
                          }));
}

TEST(selector, trailing_comma_is_allowed) {
  EXPECT_EQ(parse(R"(cpu{a="1",})").matchers.size(), 1u);
}

TEST(selector, single_and_back_quotes) {
  auto sel = parse(R"(cpu{a='x"y',b=`raw\n`})");
  EXPECT_EQ(sel.matchers[0].value, "x\"y");
  EXPECT_EQ(sel.matchers[1].value, "raw\\n");
}

TEST(selector, string_escapes) {
  auto sel =
      parse(R"(m{a="q\"b\\n\nt\t",b='it\'s',c="\x41\101\u00e9\U0001F600"})");
  EXPECT_EQ(sel.matchers[0].value, "q\"b\\n\nt\t");
  EXPECT_EQ(sel.matchers[1].value, "it's");
  EXPECT_EQ(sel.matchers[2].value, "AAé\xF0\x9F\x98\x80");
}

TEST(selector, all_single_letter_escapes) {
  auto sel = parse(R"(m{a="\a\b\f\n\r\t\v"})");
  EXPECT_EQ(sel.matchers[0].value, "\a\b\f\n\r\t\v");
}

TEST(selector, hex_escape_can_produce_any_byte) {
  auto sel = parse(R"(m{a="\x00\xff"})");
  EXPECT_EQ(sel.matchers[0].value, "\x00\xff"s);
}

TEST(selector, name_matcher_sets_the_metric) {
  auto sel = parse(R"({__name__="cpu",host="a"})");
  EXPECT_EQ(sel.metric, "cpu");
  EXPECT_EQ(sel.matchers,
            (std::vector<label_matcher>{{"host", match_op::eq, "a"}}));
}

TEST(selector, to_string_round_trips) {
  for (auto text : {R"(cpu)", R"(cpu{host="a"})",
                    R"(cpu{host=~"dev_[0-9]+",dc!="e\"u\\",x!~"a\nb"})"}) {
    auto sel = parse(text);
    EXPECT_EQ(to_string(sel), text);
    EXPECT_EQ(parse(to_string(sel)), sel);
  }
}

// -- parse errors -------------------------------------------------------------

TEST(selector, empty_text_is_an_error) {
  auto msg = parse_error("");
  EXPECT_TRUE(has(msg, "no metric")) << msg;
}

TEST(selector, braces_without_metric_are_an_error) {
  auto msg = parse_error(R"({host="a"})");
  EXPECT_TRUE(has(msg, "no metric")) << msg;
}

TEST(selector, metric_starting_with_digit_is_an_error) {
  auto msg = parse_error("1cpu");
  EXPECT_TRUE(has(msg, "position 0")) << msg;
  EXPECT_TRUE(has(msg, "found '1'")) << msg;
}

TEST(selector, missing_operator_names_position) {
  auto msg = parse_error(R"(cpu{host "a"})");
  EXPECT_TRUE(has(msg, "'=', '!=', '=~' or '!~'")) << msg;
  EXPECT_TRUE(has(msg, "position 9")) << msg;
}

TEST(selector, bang_without_equals_or_tilde) {
  auto msg = parse_error(R"(cpu{host!"a"})");
  EXPECT_TRUE(has(msg, "position 9")) << msg;
}

TEST(selector, unquoted_value_is_an_error) {
  auto msg = parse_error("cpu{host=a}");
  EXPECT_TRUE(has(msg, "quoted string")) << msg;
  EXPECT_TRUE(has(msg, "position 9")) << msg;
}

TEST(selector, unterminated_string_names_its_start) {
  auto msg = parse_error(R"(cpu{host="abc)");
  EXPECT_TRUE(has(msg, "closing \"")) << msg;
  EXPECT_TRUE(has(msg, "starts at position 9")) << msg;
  EXPECT_TRUE(has(msg, "end of the selector")) << msg;
}

TEST(selector, missing_closing_brace) {
  auto msg = parse_error(R"(cpu{host="a")");
  EXPECT_TRUE(has(msg, "',' or '}'")) << msg;
  EXPECT_TRUE(has(msg, "end of the selector")) << msg;
}

TEST(selector, missing_comma_between_matchers) {
  auto msg = parse_error(R"(cpu{a="1" b="2"})");
  EXPECT_TRUE(has(msg, "',' or '}'")) << msg;
  EXPECT_TRUE(has(msg, "position 10")) << msg;
}

TEST(selector, bad_label_name) {
  auto msg = parse_error(R"(cpu{1a="1"})");
  EXPECT_TRUE(has(msg, "a label name")) << msg;
  EXPECT_TRUE(has(msg, "position 4")) << msg;
}

TEST(selector, double_comma_is_an_error) {
  EXPECT_TRUE(has(parse_error(R"(cpu{a="1",,})"), "position 10"));
}

TEST(selector, trailing_garbage_is_an_error) {
  auto msg = parse_error(R"(cpu{a="1"} x)");
  EXPECT_TRUE(has(msg, "position 11")) << msg;
  EXPECT_TRUE(has(parse_error("cpu x"), "position 4"));
}

TEST(selector, unknown_or_short_escapes_are_errors) {
  EXPECT_TRUE(has(parse_error(R"(m{a="\q"})"), "position 5"));
  EXPECT_TRUE(has(parse_error(R"(m{a="\x4"})"), "2 hex digits"));
  EXPECT_TRUE(has(parse_error(R"(m{a="\u12"})"), "4 hex digits"));
  EXPECT_TRUE(has(parse_error(R"(m{a="\400"})"), "\\377"));
  EXPECT_TRUE(has(parse_error(R"(m{a="\ud800"})"), "valid code point"));
  EXPECT_TRUE(has(parse_error(R"(m{a="\U00110000"})"), "valid code point"));
  parse_error(R"(m{a="\)");
}

TEST(selector, raw_newline_in_quoted_string_is_an_error) {
  EXPECT_TRUE(has(parse_error("m{a=\"x\ny\"}"), "line feed"));
}

TEST(selector, name_matcher_must_use_equality) {
  EXPECT_TRUE(has(parse_error(R"({__name__=~"cpu.*"})"), "'='"));
}

TEST(selector, metric_given_twice_is_an_error) {
  EXPECT_TRUE(has(parse_error(R"(cpu{__name__="cpu"})"), "second metric"));
  parse_error(R"({__name__="a",__name__="b"})");
}

TEST(selector, name_matcher_with_invalid_metric_is_an_error) {
  EXPECT_TRUE(has(parse_error(R"({__name__="1x"})"), "position 10"));
  parse_error(R"({__name__=""})");
}

// -- series_matcher -----------------------------------------------------------

TEST(selector, matcher_keeps_the_metric) {
  EXPECT_EQ(compile("cpu").metric(), "cpu");
}

TEST(selector, matcher_without_metric_is_an_error) {
  EXPECT_FALSE(series_matcher::make(selector{}));
}

TEST(selector, no_matchers_match_everything) {
  auto m = compile("cpu");
  EXPECT_TRUE(m.matches({}));
  EXPECT_TRUE(m.matches({{"host", "a"}}));
}

TEST(selector, equality_and_inequality) {
  auto m = compile(R"(cpu{host="a",dc!="eu"})");
  EXPECT_TRUE(m.matches({{"dc", "us"}, {"host", "a"}}));
  EXPECT_TRUE(m.matches({{"host", "a"}}));
  EXPECT_FALSE(m.matches({{"dc", "eu"}, {"host", "a"}}));
  EXPECT_FALSE(m.matches({{"dc", "us"}, {"host", "b"}}));
  EXPECT_FALSE(m.matches({{"dc", "us"}}));
}

TEST(selector, missing_label_counts_as_empty_string) {
  auto absent = compile(R"(cpu{x=""})");
  EXPECT_TRUE(absent.matches({{"host", "a"}}));
  EXPECT_FALSE(absent.matches({{"x", "1"}}));
  auto present = compile(R"(cpu{x!=""})");
  EXPECT_FALSE(present.matches({{"host", "a"}}));
  EXPECT_TRUE(present.matches({{"x", "1"}}));
  auto any = compile(R"(cpu{x=~".*"})");
  EXPECT_TRUE(any.matches({}));
  auto nonempty = compile(R"(cpu{x=~".+"})");
  EXPECT_FALSE(nonempty.matches({}));
  EXPECT_TRUE(nonempty.matches({{"x", "1"}}));
}

TEST(selector, regex_is_anchored_at_both_ends) {
  auto m = compile(R"(cpu{host=~"dev_1"})");
  EXPECT_TRUE(m.matches({{"host", "dev_1"}}));
  EXPECT_FALSE(m.matches({{"host", "dev_10"}}));
  EXPECT_FALSE(m.matches({{"host", "xdev_1"}}));
}

TEST(selector, regex_alternation_is_anchored_as_a_whole) {
  auto m = compile(R"(cpu{x=~"a|ab"})");
  EXPECT_TRUE(m.matches({{"x", "a"}}));
  EXPECT_TRUE(m.matches({{"x", "ab"}}));
  EXPECT_FALSE(m.matches({{"x", "abc"}}));
  EXPECT_FALSE(m.matches({{"x", "b"}}));
}

TEST(selector, regex_group_alternation_is_anchored_as_a_whole) {
  auto m = compile(R"x(cpu{x=~"(a|ab)"})x");
  EXPECT_TRUE(m.matches({{"x", "a"}}));
  EXPECT_TRUE(m.matches({{"x", "ab"}}));
  EXPECT_FALSE(m.matches({{"x", "abc"}}));
  auto prefix = compile(R"(cpu{x=~"a|b.*"})");
  EXPECT_TRUE(prefix.matches({{"x", "bcd"}}));
  EXPECT_FALSE(prefix.matches({{"x", "ab"}}));
}

TEST(selector, literal_alternation_with_empty_branch_matches_missing_label) {
  auto m = compile(R"(cpu{x=~"a|"})");
  EXPECT_TRUE(m.matches({}));
  EXPECT_TRUE(m.matches({{"x", "a"}}));
  EXPECT_FALSE(m.matches({{"x", "b"}}));
  auto neg = compile(R"(cpu{x!~"a|b"})");
  EXPECT_TRUE(neg.matches({}));
  EXPECT_FALSE(neg.matches({{"x", "b"}}));
}

TEST(selector, dot_does_not_match_line_feed) {
  EXPECT_FALSE(compile(R"(cpu{x=~".*"})").matches({{"x", "a\nb"}}));
  EXPECT_FALSE(compile(R"(cpu{x=~".+"})").matches({{"x", "a\nb"}}));
  EXPECT_FALSE(compile(R"(cpu{x=~"a.b"})").matches({{"x", "a\nb"}}));
  EXPECT_TRUE(compile(R"(cpu{x=~"a.b"})").matches({{"x", "a-b"}}));
}

TEST(selector, regex_on_very_long_value_does_not_overflow_the_stack) {
  // The depth-first std::regex matcher recursed per byte and crashed here.
  auto m = compile(R"(cpu{x=~"(a|b)*"})");
  EXPECT_TRUE(m.matches({{"x", std::string(100000, 'a')}}));
  EXPECT_FALSE(m.matches({{"x", std::string(100000, 'a') + "c"}}));
}

TEST(selector, back_reference_is_rejected) {
  auto m = series_matcher::make(parse(R"(cpu{x=~"(a)\\1"})"));
  EXPECT_FALSE(m);
}

TEST(selector, go_regex_syntax_as_prometheus) {
  // RE2 reads what Prometheus' Go regexp reads and std::regex did not:
  // inline flags, Unicode classes, non-greedy repeats.
  EXPECT_TRUE(compile(R"(cpu{x=~"(?i)dev"})").matches({{"x", "DeV"}}));
  EXPECT_TRUE(compile(R"(cpu{x=~"\\pL+"})").matches({{"x", "Zürich"}}));
  EXPECT_FALSE(compile(R"(cpu{x=~"\\pL+"})").matches({{"x", "a1"}}));
  EXPECT_TRUE(compile(R"(cpu{x=~"a.*?b"})").matches({{"x", "axxb"}}));
}

TEST(selector, nested_repeats_on_a_long_value_finish) {
  // A backtracking engine takes exponential time on (a*)*b against a run
  // of 'a's; RE2's automaton is linear in the value's length.
  auto m = compile(R"(cpu{x=~"(a*)*b"})");
  EXPECT_FALSE(m.matches({{"x", std::string(50000, 'a')}}));
  EXPECT_TRUE(m.matches({{"x", std::string(50000, 'a') + "b"}}));
}

TEST(selector, regex_classes_and_negative_regex) {
  auto m = compile(R"(cpu{host=~"dev_[0-9]+",x!~"a|b"})");
  EXPECT_TRUE(m.matches({{"host", "dev_25"}}));
  EXPECT_TRUE(m.matches({{"host", "dev_25"}, {"x", "c"}}));
  EXPECT_FALSE(m.matches({{"host", "dev_25"}, {"x", "a"}}));
  EXPECT_FALSE(m.matches({{"host", "dev_x"}}));
}

TEST(selector, all_matchers_must_hold_for_the_same_label) {
  auto m = compile(R"(cpu{x=~"a.*",x!="ab"})");
  EXPECT_TRUE(m.matches({{"x", "ac"}}));
  EXPECT_FALSE(m.matches({{"x", "ab"}}));
}

TEST(selector, invalid_regex_is_an_error_naming_it) {
  auto m = series_matcher::make(parse(R"(cpu{host=~"dev_[0-9"})"));
  ASSERT_FALSE(m);
  EXPECT_EQ(code_of(m.error()), errc::invalid_argument);
  auto msg = describe(m.error());
  EXPECT_TRUE(has(msg, "'dev_[0-9'")) << msg;
  EXPECT_TRUE(has(msg, "'host'")) << msg;
}

TEST(selector, copies_share_behaviour) {
  auto m = compile(R"(cpu{host=~"a+"})");
  auto copy = m;
  EXPECT_TRUE(copy.matches({{"host", "aaa"}}));
  EXPECT_FALSE(copy.matches({{"host", "b"}}));
}
