#include "promql/parse.hpp"

#include <cmath>

#include <gtest/gtest.h>

using namespace timeless::promql;

namespace {

std::string roundtrip(std::string_view in) {
  auto r = parse(in);
  if (!r.ok())
    return "ERROR " + r.error;
  return to_string(*r.expression);
}

std::string error_of(std::string_view in) {
  auto r = parse(in);
  return r.ok() ? "OK" : r.error;
}

double number_of(std::string_view in) {
  auto r = parse(in);
  EXPECT_TRUE(r.ok()) << r.error;
  if (!r.ok() || r.expression->k != expr::kind::number)
    return -12345;
  return r.expression->number;
}

} // namespace

TEST(parse, number_literals) {
  EXPECT_EQ(number_of("1"), 1);
  EXPECT_EQ(number_of("0x1f"), 31);
  EXPECT_EQ(number_of("010"), 8); // Go's ParseInt base 0: octal
  EXPECT_EQ(number_of("1e3"), 1000);
  EXPECT_EQ(number_of("-2.5"), -2.5);
  EXPECT_TRUE(std::isinf(number_of("Inf")));
  EXPECT_TRUE(std::isinf(number_of("-inf")));
  EXPECT_TRUE(std::isnan(number_of("NaN")));
}

TEST(parse, string_literal) {
  auto r = parse("'a\\tb'");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.expression->k, expr::kind::string);
  EXPECT_EQ(r.expression->text, "a\tb");
}

TEST(parse, vector_selectors) {
  EXPECT_EQ(roundtrip("foo"), "foo");
  EXPECT_EQ(roundtrip("foo{a=\"b\",c!=\"d\",e=~\"f.*\",g!~'h',}"),
            "foo{a=\"b\", c!=\"d\", e=~\"f.*\", g!~\"h\"}");
  EXPECT_EQ(roundtrip("{__name__=\"foo\"}"), "{__name__=\"foo\"}");
  EXPECT_EQ(roundtrip("{on=\"x\"}"), "{on=\"x\"}"); // keywords as labels
  EXPECT_EQ(roundtrip(":job:rate5m"), ":job:rate5m");
}

TEST(parse, selector_errors) {
  EXPECT_EQ(error_of("{}"), "1:1: parse error: vector selector must contain "
                            "at least one non-empty matcher");
  EXPECT_EQ(error_of("{a=~\".*\"}"),
            "1:1: parse error: vector selector must contain at least one "
            "non-empty matcher");
  EXPECT_EQ(error_of("foo{__name__=\"bar\"}"),
            "1:5: parse error: metric name must not be set twice: \"foo\" or "
            "\"bar\"");
  EXPECT_NE(error_of("foo{a=~\"(\"}").find("invalid regular expression"),
            std::string::npos);
  EXPECT_NE(error_of("foo{a=1}"), "OK");
  EXPECT_NE(error_of("foo{a:b=\"1\"}"), "OK");
}

TEST(parse, ranges_offsets_and_at) {
  EXPECT_EQ(roundtrip("foo[1h30m]"), "foo[1h30m]");
  EXPECT_EQ(roundtrip("foo[5m] offset 1m"), "foo[5m] offset 1m");
  EXPECT_EQ(roundtrip("foo offset -1m"), "foo offset -1m");
  EXPECT_EQ(roundtrip("foo @ 100"), "foo @ 100.000");
  EXPECT_EQ(roundtrip("foo @ -1.5"), "foo @ -1.500");
  EXPECT_EQ(roundtrip("foo @ start()"), "foo @ start()");
  EXPECT_EQ(roundtrip("foo[5m] @ end() offset 2m"),
            "foo[5m] offset 2m @ end()");
  EXPECT_EQ(roundtrip("rate(foo[5m])[30m:1m]"), "rate(foo[5m])[30m:1m]");
  EXPECT_EQ(roundtrip("foo[30m:] offset 5m @ 10"),
            "foo[30m:] offset 5m @ 10.000");
}

TEST(parse, modifier_errors) {
  EXPECT_EQ(error_of("foo offset 1m [5m]"),
            "1:15: parse error: no offset modifiers allowed before range");
  EXPECT_EQ(error_of("(foo)[5m]"),
            "1:6: parse error: ranges only allowed for vector selectors");
  EXPECT_EQ(error_of("foo offset 1m offset 2m"),
            "1:15: parse error: offset may not be set multiple times");
  EXPECT_EQ(error_of("foo @ 1 @ 2"),
            "1:9: parse error: @ <timestamp> may not be set multiple times");
  EXPECT_NE(error_of("(foo) offset 1m")
                .find("offset modifier must be "
                      "preceded by"),
            std::string::npos);
  EXPECT_NE(error_of("foo @ Inf").find("timestamp out of bounds"),
            std::string::npos);
  EXPECT_NE(error_of("foo[5m][10m:]")
                .find("subquery is only allowed on "
                      "instant vector, got range vector"),
            std::string::npos);
  EXPECT_NE(error_of("foo[5]"), "OK");
  EXPECT_EQ(error_of("foo[0s]"),
            "1:5: parse error: duration must be greater than 0");
}

TEST(parse, precedence_and_associativity) {
  auto r = parse("1 + 2 * 3 ^ 2 ^ 2");
  ASSERT_TRUE(r.ok());
  auto& e = *r.expression;
  ASSERT_EQ(e.bin, binary_op::add);
  ASSERT_EQ(e.args[1]->bin, binary_op::mul);
  auto& pw = *e.args[1]->args[1];
  ASSERT_EQ(pw.bin, binary_op::pow);
  EXPECT_EQ(pw.args[0]->number, 3); // right-assoc: 3 ^ (2 ^ 2)
  EXPECT_EQ(pw.args[1]->k, expr::kind::binary);
  auto s = parse("a - b - c"); // left-assoc
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.expression->args[0]->k, expr::kind::binary);
  auto o = parse("a or b and c unless d == e");
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o.expression->bin, binary_op::lor);
  EXPECT_EQ(o.expression->args[1]->bin, binary_op::lunless);
}

TEST(parse, unary_minus_binds_below_pow) {
  auto r = parse("-a ^ 2");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.expression->k, expr::kind::unary);
  auto m = parse("-a * 2");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.expression->k, expr::kind::binary);
  EXPECT_EQ(roundtrip("-(1)"), "-(1)");
  EXPECT_NE(error_of("-\"a\"").find("unary expression only allowed"),
            std::string::npos);
}

TEST(parse, binary_modifiers) {
  EXPECT_EQ(roundtrip("a > bool b"), "a > bool b");
  EXPECT_EQ(roundtrip("a + on(x, y) b"), "a + on(x, y) b");
  EXPECT_EQ(roundtrip("a + ignoring(x) group_left(y) b"),
            "a + ignoring(x) group_left(y) b");
  EXPECT_EQ(roundtrip("a / on() group_right b"), "a / on() group_right() b");
  EXPECT_EQ(roundtrip("a and on(x) b"), "a and on(x) b");
  EXPECT_EQ(roundtrip("1 + on() 2"), "1 + 2");
}

TEST(parse, binary_errors) {
  EXPECT_EQ(error_of("1 > 2"), "1:3: parse error: comparisons between "
                               "scalars must use BOOL modifier");
  EXPECT_EQ(error_of("a + bool b"), "1:3: parse error: bool modifier can "
                                    "only be used on comparison operators");
  EXPECT_EQ(error_of("a and on(x) group_left(y) b"),
            "1:3: parse error: no grouping allowed for \"and\" operation");
  EXPECT_EQ(error_of("1 and b"), "1:3: parse error: set operator \"and\" "
                                 "not allowed in binary scalar expression");
  EXPECT_EQ(error_of("a + on(x) group_left(x) b"),
            "1:3: parse error: label \"x\" must not occur in ON and GROUP "
            "clause at once");
  EXPECT_EQ(error_of("1 + on(x) b"), "1:3: parse error: vector matching only "
                                     "allowed between instant vectors");
  EXPECT_EQ(error_of("a[5m] + 1"), "1:7: parse error: binary expression must "
                                   "contain only scalar and instant vector "
                                   "types");
}

TEST(parse, aggregations) {
  EXPECT_EQ(roundtrip("sum(x)"), "sum(x)");
  EXPECT_EQ(roundtrip("sum by (a) (x)"), "sum by (a) (x)");
  EXPECT_EQ(roundtrip("SUM(x) BY (a, b)"), "sum by (a, b) (x)");
  EXPECT_EQ(roundtrip("avg without (a) (x)"), "avg without (a) (x)");
  EXPECT_EQ(roundtrip("topk(3, x)"), "topk(3, x)");
  EXPECT_EQ(roundtrip("count_values(\"v\", x) by (a)"),
            "count_values by (a) (\"v\", x)");
  EXPECT_EQ(roundtrip("quantile(0.9, x)"), "quantile(0.9, x)");
  EXPECT_EQ(roundtrip("sum by () (x)"), "sum(x)");
}

TEST(parse, aggregation_errors) {
  EXPECT_EQ(error_of("topk(x)"), "1:1: parse error: wrong number of "
                                 "arguments for aggregate expression "
                                 "provided, expected 2, got 1");
  EXPECT_EQ(error_of("sum(1, x)"), "1:1: parse error: wrong number of "
                                   "arguments for aggregate expression "
                                   "provided, expected 1, got 2");
  EXPECT_EQ(error_of("sum(x[5m])"),
            "1:5: parse error: expected type instant vector in aggregation "
            "expression, got range vector");
  EXPECT_EQ(error_of("topk(\"a\", x)"),
            "1:6: parse error: expected type scalar in aggregation "
            "parameter, got string");
  EXPECT_EQ(error_of("count_values(1, x)"),
            "1:14: parse error: expected type string in aggregation "
            "parameter, got scalar");
  EXPECT_NE(error_of("sum by (a) (x) by (b)"), "OK");
  EXPECT_NE(error_of("sum by (a:b) (x)"), "OK");
}

TEST(parse, function_calls) {
  EXPECT_EQ(roundtrip("rate(x[5m])"), "rate(x[5m])");
  EXPECT_EQ(roundtrip("time()"), "time()");
  EXPECT_EQ(roundtrip("round(x)"), "round(x)");
  EXPECT_EQ(roundtrip("round(x, 5)"), "round(x, 5)");
  EXPECT_EQ(roundtrip("label_join(x, \"d\", \",\", \"a\", \"b\", \"c\")"),
            "label_join(x, \"d\", \",\", \"a\", \"b\", \"c\")");
  EXPECT_EQ(roundtrip("day_of_week()"), "day_of_week()");
}

TEST(parse, function_errors) {
  EXPECT_EQ(error_of("rate(x)"), "1:6: parse error: expected type range "
                                 "vector in call to function \"rate\", got "
                                 "instant vector");
  EXPECT_EQ(error_of("foo(x)"),
            "1:1: parse error: unknown function with name \"foo\"");
  EXPECT_EQ(error_of("abs()"), "1:1: parse error: expected 1 argument(s) in "
                               "call to \"abs\", got 0");
  EXPECT_EQ(error_of("round(x, 1, 2)"),
            "1:1: parse error: expected at most 2 argument(s) in call to "
            "\"round\", got 3");
  EXPECT_EQ(error_of("label_join(x, \"a\")"),
            "1:1: parse error: expected at least 3 argument(s) in call to "
            "\"label_join\", got 2");
  EXPECT_EQ(error_of("label_join(x, \"a\", \"b\", 1)"),
            "1:25: parse error: expected type string in call to function "
            "\"label_join\", got scalar");
  EXPECT_NE(error_of("abs(x,)"), "OK");
}

TEST(parse, syntax_errors_name_the_position) {
  EXPECT_EQ(error_of("foo +"), "1:6: parse error: unexpected end of input");
  EXPECT_EQ(error_of("foo\n  + )"), "2:5: parse error: unexpected \")\"");
  EXPECT_EQ(error_of("(foo"),
            "1:5: parse error: unexpected end of input in paren expression");
  EXPECT_EQ(error_of("foo bar"), "1:5: parse error: unexpected identifier "
                                 "\"bar\"");
  EXPECT_EQ(error_of(""), "1:1: parse error: unexpected end of input");
  EXPECT_EQ(error_of("5m"), "1:1: parse error: unexpected duration \"5m\"");
}

TEST(parse, nesting_depth_is_bounded) {
  std::string deep(5000, '(');
  deep += "1";
  deep += std::string(5000, ')');
  EXPECT_NE(error_of(deep).find("nested too deeply"), std::string::npos);
  std::string minus(5000, '-');
  EXPECT_NE(error_of(minus + "1").find("nested too deeply"), std::string::npos);
  std::string ok(50, '(');
  EXPECT_EQ(error_of(ok + "1" + std::string(50, ')')), "OK");
}
