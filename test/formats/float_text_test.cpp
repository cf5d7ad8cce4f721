#include "formats/float_text.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <random>

using timeless::formats::append_float;
using timeless::formats::float_parse;
using timeless::formats::parse_float;

namespace {

double parsed(std::string_view text) {
  double v = 12345;
  auto r = parse_float(text, v);
  EXPECT_EQ(r, float_parse::ok) << text;
  return v;
}

float_parse status(std::string_view text) {
  double v = 0;
  return parse_float(text, v);
}

std::string text(double x) {
  std::string out;
  append_float(out, x);
  return out;
}

} // namespace

TEST(float_text, decimal_forms) {
  EXPECT_EQ(parsed("1"), 1.0);
  EXPECT_EQ(parsed("-2.5"), -2.5);
  EXPECT_EQ(parsed("+2.5"), 2.5);
  EXPECT_EQ(parsed(".5"), 0.5);
  EXPECT_EQ(parsed("5."), 5.0);
  EXPECT_EQ(parsed("1e-3"), 0.001);
  EXPECT_EQ(parsed("1E+300"), 1e300);
  EXPECT_EQ(parsed("0.1"), 0.1);
  EXPECT_EQ(parsed("1.7976931348623157e308"),
            std::numeric_limits<double>::max());
  EXPECT_EQ(parsed("4.9e-324"), std::numeric_limits<double>::denorm_min());
  EXPECT_TRUE(std::signbit(parsed("-0")));
}

TEST(float_text, special_values) {
  EXPECT_TRUE(std::isnan(parsed("NaN")));
  EXPECT_TRUE(std::isnan(parsed("nan")));
  EXPECT_TRUE(std::isnan(parsed("-NaN")));
  EXPECT_EQ(parsed("+Inf"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(parsed("Inf"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(parsed("-Inf"), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(parsed("-infinity"), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(parsed("INF"), std::numeric_limits<double>::infinity());
}

TEST(float_text, overflow_is_an_error_underflow_is_zero) {
  EXPECT_EQ(status("1e309"), float_parse::out_of_range);
  EXPECT_EQ(status("-1e400"), float_parse::out_of_range);
  EXPECT_EQ(status("1" + std::string(400, '0')), float_parse::out_of_range);
  EXPECT_EQ(parsed("1e-400"), 0.0);
  EXPECT_TRUE(std::signbit(parsed("-1e-400")));
  EXPECT_EQ(parsed("0.0000001e-320"), 0.0);
  EXPECT_EQ(parsed("0." + std::string(400, '0') + "1"), 0.0);
}

TEST(float_text, invalid_texts) {
  for (auto bad :
       {"", "+", "-", ".", "e5", "1e", "1e+", "0x10", "1_000", "1.2.3", "--1",
        "+-1", "nanx", "infinit", "1 ", " 1", "1,5", "Infinityy"})
    EXPECT_EQ(status(bad), float_parse::invalid) << bad;
}

TEST(float_text, shortest_text_round_trips_bit_exactly) {
  EXPECT_EQ(text(1.0), "1");
  EXPECT_EQ(text(0.1), "0.1");
  EXPECT_EQ(text(-0.0), "-0");
  EXPECT_EQ(text(1e300), "1e+300");
  EXPECT_EQ(text(std::numeric_limits<double>::denorm_min()), "5e-324");
  EXPECT_EQ(text(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(text(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(text(-std::numeric_limits<double>::infinity()), "-Inf");
  std::mt19937_64 rng{42};
  for (int i = 0; i < 100000; ++i) {
    auto bits = rng();
    auto x = std::bit_cast<double>(bits);
    if (std::isnan(x))
      continue;
    auto back = parsed(text(x));
    ASSERT_EQ(std::bit_cast<uint64_t>(back), bits) << text(x);
  }
}
