#include "promql/lex.hpp"

#include <gtest/gtest.h>

using namespace timeless::promql;

namespace {

std::vector<token_kind> kinds(std::string_view in) {
  std::vector<token_kind> out;
  for (auto& t : lex(in).tokens)
    out.push_back(t.kind);
  return out;
}

} // namespace

TEST(lex, operators) {
  using k = token_kind;
  EXPECT_EQ(kinds("== != =~ !~ <= >= < > = + - * / % ^"),
            (std::vector<k>{k::eql, k::neq, k::eql_regex, k::neq_regex, k::lte,
                            k::gte, k::lss, k::gtr, k::assign, k::add, k::sub,
                            k::mul, k::div, k::mod, k::pow, k::eof}));
}

TEST(lex, durations_and_numbers) {
  auto r = lex("5m 1h30m 100ms 1.5 0x1F 1e3 .5");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.tokens[0].kind, token_kind::duration);
  EXPECT_EQ(r.tokens[1].kind, token_kind::duration);
  EXPECT_EQ(r.tokens[2].kind, token_kind::duration);
  EXPECT_EQ(r.tokens[3].kind, token_kind::number);
  EXPECT_EQ(r.tokens[4].text, "0x1F");
  EXPECT_EQ(r.tokens[5].text, "1e3");
  EXPECT_EQ(r.tokens[6].text, ".5");
}

TEST(lex, bad_duration_is_an_error) {
  auto r = lex("foo[5mh]");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_pos, 4u);
  EXPECT_FALSE(lex("1.5h").ok);
  EXPECT_FALSE(lex("1m5h").ok); // units out of order
}

TEST(lex, strings_unquote_go_escapes) {
  auto r = lex(R"("a\nb\x41\u00e9\"" 'it\'s' `raw\n`)");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.tokens[0].text, "a\nbA\xc3\xa9\"");
  EXPECT_EQ(r.tokens[1].text, "it's");
  EXPECT_EQ(r.tokens[2].text, "raw\\n");
}

TEST(lex, string_errors) {
  EXPECT_FALSE(lex("\"abc").ok);
  EXPECT_FALSE(lex("\"a\\qb\"").ok);
  EXPECT_FALSE(lex("\"a\\x4\"").ok);
  EXPECT_FALSE(lex("`abc").ok);
  EXPECT_FALSE(lex("\"\\'\"").ok); // \' only inside single quotes
}

TEST(lex, comments_are_skipped) {
  auto r = lex("foo # a comment\n+ 1");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.tokens.size(), 4u);
}

TEST(lex, unexpected_character) {
  auto r = lex("foo $ bar");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_pos, 4u);
}

TEST(lex, parse_duration_units) {
  int64_t ms = 0;
  ASSERT_TRUE(parse_duration("1y2w3d4h5m6s7ms", ms));
  EXPECT_EQ(ms, 365LL * 86400000 + 14LL * 86400000 + 3LL * 86400000 +
                    4LL * 3600000 + 5LL * 60000 + 6000 + 7);
  EXPECT_TRUE(parse_duration("0", ms));
  EXPECT_EQ(ms, 0);
  EXPECT_FALSE(parse_duration("", ms));
  EXPECT_FALSE(parse_duration("5", ms));
  EXPECT_FALSE(parse_duration("5m5m", ms));
  EXPECT_FALSE(parse_duration("99999999999999999999y", ms));
  EXPECT_EQ(format_duration(5400000), "1h30m");
  EXPECT_EQ(format_duration(0), "0s");
}
