#include "formats/json_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "codec/utf8.hpp"
#include "formats/json_reader.hpp"

using namespace timeless;

TEST(json_writer, strings_escape_quotes_backslashes_and_controls) {
  std::string out;
  formats::append_json_string(out, "a\"b\\c\n\r\t\b\f\x01\x1f\x7f\xc3\xa9");
  EXPECT_EQ(out, R"("a\"b\\c\n\r\t\b\f\u0001\u001f)"
                 "\x7f\xc3\xa9\"");
  // Every ASCII string reads back unchanged.
  std::string all;
  for (int c = 0; c < 128; ++c)
    all += static_cast<char>(c);
  out.clear();
  formats::append_json_string(out, all);
  formats::json_reader r{out};
  std::string back;
  ASSERT_EQ(r.read_string(back), nullptr);
  EXPECT_EQ(back, all);
  EXPECT_TRUE(r.at_end());
}

TEST(json_writer, bytes_that_are_not_utf8_become_replacement_characters) {
  // Each byte that starts no valid sequence becomes U+FFFD (EF BF BD);
  // valid multi-byte sequences around them are kept.
  std::string out;
  formats::append_json_string(out, "a\xff\xc3\xa9\xe2\x82\xed\xa0\x80z");
  EXPECT_EQ(out, "\"a\xef\xbf\xbd\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd"
                 "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz\"");
  // Whatever the bytes, the output is valid UTF-8 (so valid JSON).
  std::string all;
  for (int c = 0; c < 256; ++c)
    all += static_cast<char>(c);
  out.clear();
  formats::append_json_string(out, all);
  EXPECT_TRUE(utf8::valid(out));
}

TEST(json_writer, values_as_victoriametrics_writes_them) {
  auto v = [](double x) {
    std::string out;
    formats::append_json_value(out, x);
    return out;
  };
  EXPECT_EQ(v(1.5), "1.5");
  EXPECT_EQ(v(100), "100");
  EXPECT_EQ(v(-0.0), "-0");
  EXPECT_EQ(v(0.1), "0.1");
  EXPECT_EQ(v(1e300), "1e+300");
  EXPECT_EQ(v(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(v(std::numeric_limits<double>::infinity()), "\"Infinity\"");
  EXPECT_EQ(v(-std::numeric_limits<double>::infinity()), "\"-Infinity\"");
}

TEST(json_writer, one_line) {
  std::string out;
  std::vector<int64_t> ts{1, -2};
  std::vector<double> values{0.5, std::nan("")};
  formats::append_json_line(out, "cpu", {{"dc", "e\"u"}, {"host", "a"}}, ts,
                            values);
  EXPECT_EQ(out, R"({"metric":{"__name__":"cpu","dc":"e\"u","host":"a"},)"
                 R"("values":[0.5,null],"timestamps":[1,-2]})"
                 "\n");
  out.clear();
  formats::append_json_line(out, "up", {}, {}, {});
  EXPECT_EQ(out, "{\"metric\":{\"__name__\":\"up\"},\"values\":[],"
                 "\"timestamps\":[]}\n");
}
