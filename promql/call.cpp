// Function calls: dispatch, and the functions over instant vectors and
// scalars (Prometheus 2.42 functions.go). Range-vector functions are in
// range_functions.cpp, label_replace/label_join in label_functions.cpp.

#include <cmath>
#include <limits>
#include <map>
#include <numbers>

#include "promql/evaluator.hpp"
#include "promql/functions.hpp"
#include "promql/instant_functions.hpp"
#include "promql/quantile.hpp"

namespace timeless::promql {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// Go's math.Max / math.Min: an infinity wins over NaN, NaN over numbers.
double go_max(double x, double y) {
  if (std::isinf(x) && x > 0)
    return x;
  if (std::isinf(y) && y > 0)
    return y;
  if (std::isnan(x) || std::isnan(y))
    return nan;
  if (x == 0 && x == y)
    return std::signbit(x) ? y : x;
  return x > y ? x : y;
}

double go_min(double x, double y) {
  if (std::isinf(x) && x < 0)
    return x;
  if (std::isinf(y) && y < 0)
    return y;
  if (std::isnan(x) || std::isnan(y))
    return nan;
  if (x == 0 && x == y)
    return std::signbit(x) ? x : y;
  return x < y ? x : y;
}

double sgn(double v) {
  if (v < 0)
    return -1;
  if (v > 0)
    return 1;
  return v;
}

using simple_fn = double (*)(double);

const std::map<std::string_view, simple_fn>& simple_functions() {
  static const std::map<std::string_view, simple_fn> fns = {
      {"abs", [](double v) { return std::fabs(v); }},
      {"ceil", [](double v) { return std::ceil(v); }},
      {"floor", [](double v) { return std::floor(v); }},
      {"exp", [](double v) { return std::exp(v); }},
      {"sqrt", [](double v) { return std::sqrt(v); }},
      {"ln", [](double v) { return std::log(v); }},
      {"log2", [](double v) { return std::log2(v); }},
      {"log10", [](double v) { return std::log10(v); }},
      {"sgn", sgn},
      {"sin", [](double v) { return std::sin(v); }},
      {"cos", [](double v) { return std::cos(v); }},
      {"tan", [](double v) { return std::tan(v); }},
      {"asin", [](double v) { return std::asin(v); }},
      {"acos", [](double v) { return std::acos(v); }},
      {"atan", [](double v) { return std::atan(v); }},
      {"sinh", [](double v) { return std::sinh(v); }},
      {"cosh", [](double v) { return std::cosh(v); }},
      {"tanh", [](double v) { return std::tanh(v); }},
      {"asinh", [](double v) { return std::asinh(v); }},
      {"acosh", [](double v) { return std::acosh(v); }},
      {"atanh", [](double v) { return std::atanh(v); }},
      {"deg", [](double v) { return v * 180 / std::numbers::pi; }},
      {"rad", [](double v) { return v * std::numbers::pi / 180; }},
  };
  return fns;
}

vector map_values(vector in, auto&& f) {
  for (auto& s : in) {
    s.v = f(s.v);
    erase_label(s.lbls, metric_name_label);
  }
  return in;
}

} // namespace

labels absent_labels(const expr& arg) {
  const expr* vs = nullptr;
  if (arg.k == expr::kind::vector_selector)
    vs = &arg;
  else if (arg.k == expr::kind::matrix_selector)
    vs = arg.args[0].get();
  labels out;
  if (!vs)
    return out;
  std::vector<std::string> seen;
  for (auto& m : vs->matchers) {
    if (m.name == metric_name_label)
      continue;
    bool has = std::find(seen.begin(), seen.end(), m.name) != seen.end();
    if (m.kind == matcher::op::eq && !has) {
      set_label(out, m.name, m.value);
      seen.push_back(m.name);
    } else {
      erase_label(out, m.name);
    }
  }
  return out;
}

namespace {

vector histogram_quantile(double q, const vector& in) {
  struct entry {
    labels lbls;
    std::vector<bucket> buckets;
  };
  std::vector<entry> groups;
  std::map<labels, size_t> index;
  for (auto& s : in) {
    auto le = get_label(s.lbls, "le");
    std::string text{le};
    char* end = nullptr;
    double bound = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || text[0] == ' ')
      continue;
    labels key = s.lbls;
    erase_label(key, "le");
    auto [it, fresh] = index.emplace(key, groups.size());
    if (fresh)
      groups.push_back(entry{drop_name(key), {}});
    groups[it->second].buckets.push_back(bucket{bound, s.v});
  }
  vector out;
  for (auto& g : groups)
    out.push_back(sample{g.lbls, bucket_quantile(q, g.buckets), 0});
  return out;
}

vector sorted(vector v, bool desc) {
  std::stable_sort(v.begin(), v.end(), [&](const sample& a, const sample& b) {
    if (std::isnan(a.v))
      return false;
    if (std::isnan(b.v))
      return true;
    return desc ? a.v > b.v : a.v < b.v;
  });
  return v;
}

} // namespace

double scalar_arg(const std::vector<step_values>& args, size_t a, size_t i) {
  return args[a].scalars[i];
}

step_values eval_call(evaluator& ev, const expr& e, const eval_range_t& r) {
  auto& f = *e.func;
  for (size_t a = 0; a < f.arg_types.size() && a < e.args.size(); ++a)
    if (f.arg_types[a] == value_type::matrix)
      return eval_range_function(ev, e, a, r);
  size_t n = evaluator::steps(r);
  step_values out;
  out.type = f.return_type;
  std::string_view name = f.name;
  if (name == "timestamp" &&
      unwrap_parens(*e.args[0]).k == expr::kind::vector_selector) {
    // The time of the sample found, not the evaluation time.
    out = ev.eval(*e.args[0], r);
    for (auto& vec : out.vectors)
      vec = map_values(std::move(vec), [](double v) { return v; });
    for (auto& vec : out.vectors)
      for (auto& s : vec)
        s.v = static_cast<double>(s.t) / 1000.0;
    check_duplicates(out.vectors);
    return out;
  }
  std::vector<step_values> args;
  for (auto& a : e.args)
    args.push_back(ev.eval(*a, r));
  if (f.return_type == value_type::scalar) {
    out.scalars.resize(n);
    for (size_t i = 0; i < n; ++i) {
      int64_t t = r.start + static_cast<int64_t>(i) * r.step;
      if (name == "time")
        out.scalars[i] = static_cast<double>(t) / 1000.0;
      else if (name == "pi")
        out.scalars[i] = std::numbers::pi;
      else
        out.scalars[i] =
            args[0].vectors[i].size() == 1 ? args[0].vectors[i][0].v : nan;
    }
    return out;
  }
  out.vectors.resize(n);
  auto& simple = simple_functions();
  auto fn = simple.find(name);
  for (size_t i = 0; i < n; ++i) {
    ev.check_cancelled();
    int64_t t = r.start + static_cast<int64_t>(i) * r.step;
    auto& res = out.vectors[i];
    auto arg_vec = [&](size_t a) -> vector& { return args[a].vectors[i]; };
    if (fn != simple.end()) {
      res = map_values(std::move(arg_vec(0)), fn->second);
    } else if (name == "vector") {
      res.push_back(sample{{}, args[0].scalars[i], t});
    } else if (name == "absent") {
      if (arg_vec(0).empty())
        res.push_back(sample{absent_labels(*e.args[0]), 1, t});
    } else if (name == "sort" || name == "sort_desc") {
      res = sorted(std::move(arg_vec(0)), name == "sort_desc");
    } else if (name == "timestamp") {
      res = map_values(std::move(arg_vec(0)),
                       [&](double) { return static_cast<double>(t) / 1000.0; });
    } else if (name == "clamp") {
      double lo = scalar_arg(args, 1, i), hi = scalar_arg(args, 2, i);
      if (hi >= lo || std::isnan(lo) || std::isnan(hi))
        res = map_values(std::move(arg_vec(0)),
                         [&](double v) { return go_max(lo, go_min(hi, v)); });
    } else if (name == "clamp_min") {
      double lo = scalar_arg(args, 1, i);
      res = map_values(std::move(arg_vec(0)),
                       [&](double v) { return go_max(lo, v); });
    } else if (name == "clamp_max") {
      double hi = scalar_arg(args, 1, i);
      res = map_values(std::move(arg_vec(0)),
                       [&](double v) { return go_min(hi, v); });
    } else if (name == "round") {
      double to = args.size() > 1 ? scalar_arg(args, 1, i) : 1.0;
      double inv = 1.0 / to;
      res = map_values(std::move(arg_vec(0)), [&](double v) {
        return std::floor(v * inv + 0.5) / inv;
      });
    } else if (name == "histogram_quantile") {
      res = histogram_quantile(scalar_arg(args, 0, i), arg_vec(1));
    } else if (name == "histogram_count" || name == "histogram_sum" ||
               name == "histogram_fraction") {
      // Native histograms only: float samples give nothing.
    } else if (name == "label_replace") {
      res = label_replace(std::move(arg_vec(0)), args[1].str, args[2].str,
                          args[3].str, args[4].str);
    } else if (name == "label_join") {
      std::vector<std::string> src;
      for (size_t a = 3; a < args.size(); ++a)
        src.push_back(args[a].str);
      res = label_join(std::move(arg_vec(0)), args[1].str, args[2].str, src);
    } else if (is_time_function(name)) {
      if (args.empty())
        res.push_back(sample{{}, time_function(name, t / 1000), t});
      else
        res = map_values(std::move(arg_vec(0)), [&](double v) {
          // Go's int64(v) as Prometheus' amd64 build does it: truncated;
          // NaN, the infinities and values outside int64 give INT64_MIN
          // (the CPU's "integer indefinite").
          bool fits = v >= -9223372036854775808.0 && v < 9223372036854775808.0;
          return time_function(name, fits
                                         ? static_cast<int64_t>(v)
                                         : std::numeric_limits<int64_t>::min());
        });
    } else {
      throw eval_failure{"unsupported: " + std::string{name}};
    }
    for (auto& s : res)
      s.t = t;
  }
  check_duplicates(out.vectors);
  return out;
}

} // namespace timeless::promql
