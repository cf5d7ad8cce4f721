#include "promql/go_float.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

using timeless::promql::format_go_fixed;

TEST(go_float, shortest_digits_without_exponent) {
  EXPECT_EQ(format_go_fixed(0), "0");
  EXPECT_EQ(format_go_fixed(-0.0), "-0");
  EXPECT_EQ(format_go_fixed(1), "1");
  EXPECT_EQ(format_go_fixed(-2.5), "-2.5");
  EXPECT_EQ(format_go_fixed(0.1), "0.1");
  EXPECT_EQ(format_go_fixed(123.456), "123.456");
  EXPECT_EQ(format_go_fixed(1e6), "1000000");
  EXPECT_EQ(format_go_fixed(1.5e-7), "0.00000015");
  EXPECT_EQ(format_go_fixed(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(format_go_fixed(1e21), "1000000000000000000000");
}

// Large integers: Go pads the shortest digits with zeros where
// std::to_chars writes the exact value (found by
// test/clients/remote_write_test.py: Prometheus' own 2^64 and 2^63
// gauges, and count_values labels).
TEST(go_float, large_integers_are_shortest_digits_padded) {
  EXPECT_EQ(format_go_fixed(18446744073709551616.0), "18446744073709552000");
  EXPECT_EQ(format_go_fixed(-9223372036854775808.0), "-9223372036854776000");
  EXPECT_EQ(format_go_fixed(1e23), "100000000000000000000000");
  EXPECT_EQ(format_go_fixed(9007199254740993.0), "9007199254740992");
  auto max = format_go_fixed(std::numeric_limits<double>::max());
  EXPECT_EQ(max, "17976931348623157" + std::string(292, '0'));
}

TEST(go_float, tiny_values) {
  EXPECT_EQ(format_go_fixed(std::numeric_limits<double>::denorm_min()),
            "0." + std::string(323, '0') + "5");
  EXPECT_EQ(format_go_fixed(-1.25e-10), "-0.000000000125");
}

TEST(go_float, special_values) {
  EXPECT_EQ(format_go_fixed(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(format_go_fixed(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_go_fixed(-std::numeric_limits<double>::infinity()), "-Inf");
}
