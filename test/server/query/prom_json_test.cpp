#include "server/query/prom_json.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

using namespace timeless;
using namespace timeless::server;

namespace {

std::string f(double v) {
  std::string out;
  append_prom_float(out, v);
  return out;
}

std::string t(int64_t ms) {
  std::string out;
  append_prom_time(out, ms);
  return out;
}

} // namespace

TEST(prom_json, floats_as_go_fixed_shortest) {
  EXPECT_EQ(f(0), "0");
  EXPECT_EQ(f(-0.0), "-0");
  EXPECT_EQ(f(1), "1");
  EXPECT_EQ(f(0.1), "0.1");
  EXPECT_EQ(f(-2.5), "-2.5");
  EXPECT_EQ(f(1e6), "1000000");
  EXPECT_EQ(f(1e-6), "0.000001");
  EXPECT_EQ(f(-1.5e-6), "-0.0000015");
  EXPECT_EQ(f(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(f(std::nextafter(1e21, 0.0)), "999999999999999900000");
  // Go's shortest digits padded with zeros, not the exact integer.
  EXPECT_EQ(f(18446744073709551616.0), "18446744073709552000");
}

// Prometheus' jsonutil.MarshalValue switches to Go's 'e' format below 1e-6
// and from 1e21 on (found by test/clients/promtool_test.py).
TEST(prom_json, floats_beyond_the_fixed_range_as_go_exponent) {
  EXPECT_EQ(f(1e21), "1e+21");
  EXPECT_EQ(f(-1e21), "-1e+21");
  EXPECT_EQ(f(1.5e-7), "1.5e-07");
  EXPECT_EQ(f(std::nextafter(1e-6, 0.0)), "9.999999999999997e-07");
  EXPECT_EQ(f(1.2345e300), "1.2345e+300");
  EXPECT_EQ(f(-2.5e-100), "-2.5e-100");
}

TEST(prom_json, float_special_values) {
  EXPECT_EQ(f(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(f(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(f(-std::numeric_limits<double>::infinity()), "-Inf");
}

TEST(prom_json, float_extremes) {
  EXPECT_EQ(f(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
  EXPECT_EQ(f(-std::numeric_limits<double>::max()), "-1.7976931348623157e+308");
  EXPECT_EQ(f(std::numeric_limits<double>::denorm_min()), "5e-324");
  EXPECT_EQ(f(std::numeric_limits<double>::min()), "2.2250738585072014e-308");
}

// A scalar is marshalled by Prometheus' Scalar.MarshalJSON: the value in
// 'f' format always, the time as a float in shortest digits (found by
// test/clients/promtool_test.py).
TEST(prom_json, scalar_value_never_has_an_exponent) {
  promql::value v;
  v.type = promql::value_type::scalar;
  v.scalar = -1.5e-7;
  EXPECT_EQ(
      render_prom_data(v, 1700000000050),
      R"({"resultType":"scalar","result":[1700000000.05,"-0.00000015"]})");
  v.scalar = 1e21;
  EXPECT_EQ(
      render_prom_data(v, -250),
      R"({"resultType":"scalar","result":[-0.25,"1000000000000000000000"]})");
  v.scalar = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(render_prom_data(v, 0),
            R"({"resultType":"scalar","result":[0,"NaN"]})");
}

TEST(prom_json, times_as_seconds_with_milliseconds) {
  EXPECT_EQ(t(0), "0");
  EXPECT_EQ(t(1700000000000), "1700000000");
  EXPECT_EQ(t(1700000000500), "1700000000.500");
  EXPECT_EQ(t(1700000000050), "1700000000.050");
  EXPECT_EQ(t(1700000000005), "1700000000.005");
  EXPECT_EQ(t(-250), "-0.250");
  EXPECT_EQ(t(-1000), "-1");
  EXPECT_EQ(t(INT64_MIN), "-9223372036854775.808");
  EXPECT_EQ(t(INT64_MAX), "9223372036854775.807");
}

TEST(prom_json, scalar_and_string) {
  promql::value v;
  v.type = promql::value_type::scalar;
  v.scalar = 2;
  v.t = 1500;
  EXPECT_EQ(render_prom_data(v, 1500),
            R"({"resultType":"scalar","result":[1.5,"2"]})");
  v.type = promql::value_type::string;
  v.str = "a\"b";
  EXPECT_EQ(render_prom_data(v, 1500),
            R"({"resultType":"string","result":[1.5,"a\"b"]})");
}

TEST(prom_json, vector) {
  promql::value v;
  v.type = promql::value_type::vector;
  EXPECT_EQ(render_prom_data(v, 1500),
            R"({"resultType":"vector","result":[]})");
  // The sample times (a selector's own) give way to the evaluation time.
  v.vec.push_back({{{"__name__", "up"}, {"job", "a"}}, 1, 1000});
  v.vec.push_back({{}, -0.5, 0});
  EXPECT_EQ(render_prom_data(v, 1500),
            R"({"resultType":"vector","result":[)"
            R"({"metric":{"__name__":"up","job":"a"},"value":[1.500,"1"]},)"
            R"({"metric":{},"value":[1.500,"-0.5"]}]})");
}

TEST(prom_json, matrix) {
  promql::value v;
  v.type = promql::value_type::matrix;
  v.mat.push_back({{{"x", "1"}}, {{1000, 1}, {61000, 0.25}}});
  v.mat.push_back({{{"x", "2"}}, {}});
  EXPECT_EQ(render_prom_data(v, 1500),
            R"({"resultType":"matrix","result":[)"
            R"({"metric":{"x":"1"},"values":[[1,"1"],[61,"0.25"]]},)"
            R"({"metric":{"x":"2"},"values":[]}]})");
}
