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
  EXPECT_EQ(f(1e21), "1000000000000000000000");
  EXPECT_EQ(f(1.5e-7), "0.00000015");
  EXPECT_EQ(f(1.0 / 3), "0.3333333333333333");
}

TEST(prom_json, float_special_values) {
  EXPECT_EQ(f(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(f(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(f(-std::numeric_limits<double>::infinity()), "-Inf");
}

TEST(prom_json, float_extremes_have_no_exponent) {
  auto max = f(std::numeric_limits<double>::max());
  EXPECT_EQ(max.size(), 309u);
  EXPECT_EQ(max.substr(0, 6), "179769");
  auto tiny = f(std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(tiny.substr(0, 2), "0.");
  EXPECT_EQ(tiny.back(), '5');
  EXPECT_EQ(tiny.size(), 2u + 324u);
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
            R"({"resultType":"scalar","result":[1.500,"2"]})");
  v.type = promql::value_type::string;
  v.str = "a\"b";
  EXPECT_EQ(render_prom_data(v, 1500),
            R"({"resultType":"string","result":[1.500,"a\"b"]})");
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
