#include "promql/functions.hpp"

#include <map>
#include <string>

namespace timeless::promql {

namespace {

using vt = value_type;

std::map<std::string_view, function_info> make_table() {
  std::map<std::string_view, function_info> t;
  auto add = [&](std::string_view name, std::vector<vt> args, int variadic,
                 vt ret) {
    t.emplace(name, function_info{name, std::move(args), variadic, ret});
  };
  for (auto n : {"abs",          "ceil",      "floor",     "exp",
                 "sqrt",         "ln",        "log2",      "log10",
                 "sgn",          "sin",       "cos",       "tan",
                 "asin",         "acos",      "atan",      "sinh",
                 "cosh",         "tanh",      "asinh",     "acosh",
                 "atanh",        "deg",       "rad",       "absent",
                 "sort",         "sort_desc", "timestamp", "histogram_count",
                 "histogram_sum"})
    add(n, {vt::vector}, 0, vt::vector);
  for (auto n : {"rate", "increase", "delta", "irate", "idelta", "deriv",
                 "changes", "resets", "avg_over_time", "min_over_time",
                 "max_over_time", "sum_over_time", "count_over_time",
                 "stddev_over_time", "stdvar_over_time", "last_over_time",
                 "present_over_time", "absent_over_time"})
    add(n, {vt::matrix}, 0, vt::vector);
  for (auto n : {"minute", "hour", "day_of_week", "day_of_month", "day_of_year",
                 "days_in_month", "month", "year"})
    add(n, {vt::vector}, 1, vt::vector);
  add("quantile_over_time", {vt::scalar, vt::matrix}, 0, vt::vector);
  add("clamp", {vt::vector, vt::scalar, vt::scalar}, 0, vt::vector);
  add("clamp_min", {vt::vector, vt::scalar}, 0, vt::vector);
  add("clamp_max", {vt::vector, vt::scalar}, 0, vt::vector);
  add("round", {vt::vector, vt::scalar}, 1, vt::vector);
  add("predict_linear", {vt::matrix, vt::scalar}, 0, vt::vector);
  add("holt_winters", {vt::matrix, vt::scalar, vt::scalar}, 0, vt::vector);
  add("histogram_quantile", {vt::scalar, vt::vector}, 0, vt::vector);
  add("histogram_fraction", {vt::scalar, vt::scalar, vt::vector}, 0,
      vt::vector);
  add("label_replace",
      {vt::vector, vt::string, vt::string, vt::string, vt::string}, 0,
      vt::vector);
  add("label_join", {vt::vector, vt::string, vt::string, vt::string}, -1,
      vt::vector);
  add("time", {}, 0, vt::scalar);
  add("pi", {}, 0, vt::scalar);
  add("scalar", {vt::vector}, 0, vt::scalar);
  add("vector", {vt::scalar}, 0, vt::vector);
  return t;
}

} // namespace

const function_info* find_function(std::string_view name) {
  static const auto table = make_table();
  auto i = table.find(name);
  return i == table.end() ? nullptr : &i->second;
}

} // namespace timeless::promql
