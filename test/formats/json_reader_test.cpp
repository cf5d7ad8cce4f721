#include "formats/json_reader.hpp"

#include <gtest/gtest.h>

using timeless::formats::json_reader;

namespace {

std::string str(std::string_view text) {
  json_reader r{text};
  std::string out;
  auto err = r.read_string(out);
  EXPECT_EQ(err, nullptr) << text << ": " << (err ? err : "");
  return out;
}

std::string str_error(std::string_view text) {
  json_reader r{text};
  std::string out;
  auto err = r.read_string(out);
  EXPECT_NE(err, nullptr) << text;
  return err ? err : "";
}

} // namespace

TEST(json_reader, strings_and_escapes) {
  EXPECT_EQ(str(R"("")"), "");
  EXPECT_EQ(str(R"(  "abc")"), "abc");
  EXPECT_EQ(str(R"("a\"b\\c\/d")"), "a\"b\\c/d");
  EXPECT_EQ(str(R"("\b\f\n\r\t")"), "\b\f\n\r\t");
  EXPECT_EQ(str(R"("\u0041\u00e9\u20AC")"), "A\xc3\xa9\xe2\x82\xac");
  EXPECT_EQ(str(R"("\u0000")"), std::string(1, '\0'));
  // A surrogate pair becomes one 4-byte sequence: U+1F600.
  EXPECT_EQ(str(R"("\ud83d\ude00")"), "\xf0\x9f\x98\x80");
  EXPECT_EQ(str(R"("\uDBFF\uDFFF")"), "\xf4\x8f\xbf\xbf"); // U+10FFFF
  // Raw UTF-8 is copied as it is.
  EXPECT_EQ(str("\"caf\xc3\xa9 \xf0\x9f\x98\x80\""),
            "caf\xc3\xa9 \xf0\x9f\x98\x80");
}

TEST(json_reader, strings_must_be_utf8) {
  // JSON text is UTF-8 (RFC 8259): a stray byte, a truncated sequence, an
  // overlong form or an encoded surrogate is refused, also before an escape.
  for (auto bad : {"\"caf\xc3\xa9\xff\"", "\"\xc3\"", "\"\xc0\xaf\"",
                   "\"\xed\xa0\x80\"", "\"\xccu00e9\\n\""})
    EXPECT_EQ(str_error(bad), "string is not valid UTF-8") << bad;
}

TEST(json_reader, string_errors) {
  EXPECT_EQ(str_error(R"("\ud83d")"),
            "unpaired high surrogate in a \\u escape");
  EXPECT_EQ(str_error(R"("\ud83dx")"),
            "unpaired high surrogate in a \\u escape");
  EXPECT_EQ(str_error(R"("\ud83d\u0041")"),
            "unpaired high surrogate in a \\u escape");
  EXPECT_EQ(str_error(R"("\ude00")"), "unpaired low surrogate in a \\u escape");
  EXPECT_EQ(str_error(R"("\u12")"), "truncated \\u escape");
  EXPECT_EQ(str_error(R"("\u12g4")"), "expected 4 hex digits after \\u");
  EXPECT_EQ(str_error(R"("\x")"), "unknown escape in a string");
  EXPECT_EQ(str_error(R"("abc)"), "unterminated string");
  EXPECT_EQ(str_error(R"("abc\)"), "unterminated string");
  EXPECT_EQ(str_error("\"a\tb\""), "control character in a string (escape it)");
  EXPECT_EQ(str_error("abc"), "expected a string");
  EXPECT_EQ(str_error(""), "expected a string");
}

TEST(json_reader, numbers_follow_the_json_grammar) {
  for (auto good : {"0", "-0", "1", "-12", "1.5", "0.5", "1e5", "1E-5",
                    "1.5e+300", "123456789012345678901234567890"}) {
    json_reader r{good};
    std::string_view num;
    EXPECT_EQ(r.read_number(num), nullptr) << good;
    EXPECT_EQ(num, good);
    EXPECT_TRUE(r.at_end());
  }
  for (auto bad :
       {"", "-", "+1", ".5", "1.", "1e", "1e+", "-a", "Infinity", "NaN"}) {
    json_reader r{bad};
    std::string_view num;
    EXPECT_NE(r.read_number(num), nullptr) << bad;
  }
  // A leading zero ends the number: "01" is 0, then "1" is left over.
  json_reader r{"01"};
  std::string_view num;
  EXPECT_EQ(r.read_number(num), nullptr);
  EXPECT_EQ(num, "0");
  EXPECT_FALSE(r.at_end());
}

TEST(json_reader, int64) {
  json_reader r{"9223372036854775807, -9223372036854775808"};
  int64_t x = 0;
  EXPECT_EQ(r.read_int64(x), nullptr);
  EXPECT_EQ(x, INT64_MAX);
  EXPECT_TRUE(r.consume(','));
  EXPECT_EQ(r.read_int64(x), nullptr);
  EXPECT_EQ(x, INT64_MIN);
  json_reader big{"9223372036854775808"};
  EXPECT_STREQ(big.read_int64(x), "integer out of range");
  json_reader frac{"1.0"};
  EXPECT_STREQ(frac.read_int64(x), "expected an integer");
  json_reader exp{"1e3"};
  EXPECT_STREQ(exp.read_int64(x), "expected an integer");
}

TEST(json_reader, skip_value) {
  json_reader r{R"({"a":[1,{"b":null},"x",true,false,[]],"c":{}} 7)"};
  EXPECT_EQ(r.skip_value(), nullptr);
  int64_t x = 0;
  EXPECT_EQ(r.read_int64(x), nullptr);
  EXPECT_EQ(x, 7);
  for (auto bad : {"[1,]", "[1 2]", "{\"a\" 1}", "{\"a\":1,}", "{1:2}", "nul",
                   "tru", "[", "{", "}"}) {
    json_reader b{bad};
    EXPECT_NE(b.skip_value(), nullptr) << bad;
  }
}

TEST(json_reader, deep_nesting_is_an_error_not_a_crash) {
  std::string deep(100000, '[');
  json_reader r{deep};
  EXPECT_STREQ(r.skip_value(), "nested too deeply");
  std::string ok = std::string(json_reader::max_depth, '[') +
                   std::string(json_reader::max_depth, ']');
  json_reader r2{ok};
  EXPECT_EQ(r2.skip_value(), nullptr);
}
