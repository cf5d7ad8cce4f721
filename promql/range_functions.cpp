// Functions over range vectors (Prometheus 2.42 functions.go): rate,
// increase, delta (extrapolatedRate), irate, idelta (instantValue), deriv,
// predict_linear (linearRegression), changes, resets, holt_winters, the
// *_over_time family and absent_over_time.

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <span>

#include "promql/functions.hpp"
#include "promql/instant_functions.hpp"
#include "promql/kahan.hpp"
#include "promql/quantile.hpp"
#include "promql/summaries.hpp"

namespace timeless::promql {

namespace {

using points = std::span<const point>;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::optional<double> extrapolated_rate(points ps, int64_t range_start,
                                        int64_t range_end, int64_t range_ms,
                                        bool counter, bool rate) {
  if (ps.size() < 2)
    return std::nullopt;
  double result = ps.back().v - ps.front().v;
  if (counter) {
    double prev = ps.front().v;
    for (auto& p : ps.subspan(1)) {
      if (p.v < prev)
        result += prev;
      prev = p.v;
    }
  }
  double to_start =
      (static_cast<double>(ps.front().t) - static_cast<double>(range_start)) /
      1000;
  double to_end =
      (static_cast<double>(range_end) - static_cast<double>(ps.back().t)) /
      1000;
  double sampled = static_cast<double>(ps.back().t - ps.front().t) / 1000;
  double avg = sampled / static_cast<double>(ps.size() - 1);
  if (counter && result > 0 && ps.front().v >= 0) {
    double to_zero = sampled * (ps.front().v / result);
    if (to_zero < to_start)
      to_start = to_zero;
  }
  double threshold = avg * 1.1;
  double interval = sampled;
  interval += to_start < threshold ? to_start : avg / 2;
  interval += to_end < threshold ? to_end : avg / 2;
  double factor = interval / sampled;
  if (rate)
    factor /= static_cast<double>(range_ms) / 1000;
  return result * factor;
}

std::optional<double> instant_value(points ps, bool rate) {
  if (ps.size() < 2)
    return std::nullopt;
  auto& last = ps[ps.size() - 1];
  auto& prev = ps[ps.size() - 2];
  double result = last.v - prev.v;
  if (rate && last.v < prev.v)
    result = last.v;
  int64_t interval = last.t - prev.t;
  if (interval == 0)
    return std::nullopt;
  if (rate)
    result /= static_cast<double>(interval) / 1000;
  return result;
}

std::pair<double, double> linear_regression(points ps, int64_t intercept_t) {
  double n = 0, sx = 0, cx = 0, sy = 0, cy = 0, sxy = 0, cxy = 0, sx2 = 0,
         cx2 = 0;
  double init = ps[0].v;
  bool const_y = true;
  for (size_t i = 0; i < ps.size(); ++i) {
    if (const_y && i > 0 && ps[i].v != init)
      const_y = false;
    n += 1;
    double x =
        (static_cast<double>(ps[i].t) - static_cast<double>(intercept_t)) / 1e3;
    kahan_inc(x, sx, cx);
    kahan_inc(ps[i].v, sy, cy);
    kahan_inc(x * ps[i].v, sxy, cxy);
    kahan_inc(x * x, sx2, cx2);
  }
  if (const_y) {
    if (std::isinf(init))
      return {nan, nan};
    return {0, init};
  }
  sx += cx;
  sy += cy;
  sxy += cxy;
  sx2 += cx2;
  double cov = sxy - sx * sy / n;
  double var = sx2 - sx * sx / n;
  double slope = cov / var;
  return {slope, sy / n - slope * sx / n};
}

double holt_winters(points ps, double sf, double tf) {
  double s0 = 0, s1 = ps[0].v, b = ps[1].v - ps[0].v;
  for (size_t i = 1; i < ps.size(); ++i) {
    double x = sf * ps[i].v;
    if (i > 1)
      b = tf * (s1 - s0) + (1 - tf) * b;
    double y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  return s1;
}

double avg_over(points ps) {
  double mean = 0, count = 0, c = 0;
  for (auto& p : ps) {
    count += 1;
    if (std::isinf(mean)) {
      if (std::isinf(p.v) && (mean > 0) == (p.v > 0))
        continue;
      if (!std::isinf(p.v) && !std::isnan(p.v))
        continue;
    }
    kahan_inc(p.v / count - mean / count, mean, c);
  }
  return std::isinf(mean) ? mean : mean + c;
}

double variance(points ps) {
  double count = 0, mean = 0, c_mean = 0, aux = 0, c_aux = 0;
  for (auto& p : ps) {
    count += 1;
    double delta = p.v - (mean + c_mean);
    kahan_inc(delta / count, mean, c_mean);
    kahan_inc(delta * (p.v - (mean + c_mean)), aux, c_aux);
  }
  return (aux + c_aux) / count;
}

/// One series' value at one step, or nothing.
std::optional<double> apply(std::string_view name, points ps, int64_t lo,
                            int64_t hi, int64_t range_ms, int64_t t,
                            const std::vector<step_values>& args, size_t i) {
  if (name == "rate" || name == "increase" || name == "delta")
    return extrapolated_rate(ps, lo, hi, range_ms, name != "delta",
                             name == "rate");
  if (name == "irate" || name == "idelta")
    return instant_value(ps, name == "irate");
  if (ps.empty())
    return std::nullopt;
  if (name == "deriv") {
    if (ps.size() < 2)
      return std::nullopt;
    return linear_regression(ps, ps[0].t).first;
  }
  if (name == "predict_linear") {
    if (ps.size() < 2)
      return std::nullopt;
    auto [slope, intercept] = linear_regression(ps, t);
    return slope * scalar_arg(args, 1, i) + intercept;
  }
  if (name == "holt_winters") {
    double sf = scalar_arg(args, 1, i), tf = scalar_arg(args, 2, i);
    if (!(sf > 0 && sf < 1))
      throw eval_failure{"invalid smoothing factor. Expected: 0 < sf < 1, "
                         "got: " +
                         std::to_string(sf)};
    if (!(tf > 0 && tf < 1))
      throw eval_failure{"invalid trend factor. Expected: 0 < tf < 1, got: " +
                         std::to_string(tf)};
    if (ps.size() < 2)
      return std::nullopt;
    return holt_winters(ps, sf, tf);
  }
  if (name == "changes" || name == "resets") {
    double n = 0;
    for (size_t j = 1; j < ps.size(); ++j) {
      double prev = ps[j - 1].v, cur = ps[j].v;
      if (name == "resets"
              ? cur < prev
              : cur != prev && !(std::isnan(cur) && std::isnan(prev)))
        n += 1;
    }
    return n;
  }
  if (name == "avg_over_time")
    return avg_over(ps);
  if (name == "count_over_time")
    return static_cast<double>(ps.size());
  if (name == "sum_over_time") {
    double sum = 0, c = 0;
    for (auto& p : ps)
      kahan_inc(p.v, sum, c);
    return std::isinf(sum) ? sum : sum + c;
  }
  if (name == "min_over_time" || name == "max_over_time") {
    bool max = name == "max_over_time";
    double v = ps[0].v;
    for (auto& p : ps)
      if ((max ? p.v > v : p.v < v) || std::isnan(v))
        v = p.v;
    return v;
  }
  if (name == "stddev_over_time")
    return std::sqrt(variance(ps));
  if (name == "stdvar_over_time")
    return variance(ps);
  if (name == "last_over_time")
    return ps.back().v;
  if (name == "present_over_time")
    return 1.0;
  if (name == "quantile_over_time") {
    std::vector<double> vs;
    for (auto& p : ps)
      vs.push_back(p.v);
    return quantile(scalar_arg(args, 0, i), vs);
  }
  throw eval_failure{"unsupported: " + std::string{name}};
}

} // namespace

step_values eval_range_function(evaluator& ev, const expr& e, size_t matrix_arg,
                                const eval_range_t& r) {
  std::string_view name = e.func->name;
  std::vector<step_values> args(e.args.size());
  for (size_t a = 0; a < e.args.size(); ++a)
    if (a != matrix_arg)
      args[a] = ev.eval(*e.args[a], r);
  auto in = ev.eval_range_arg(*e.args[matrix_arg], r);
  size_t n = evaluator::steps(r);
  step_values out;
  out.type = value_type::vector;
  out.vectors.resize(n);
  bool keep_name = name == "last_over_time";
  std::vector<labels> out_labels;
  for (auto& s : in.series)
    out_labels.push_back(keep_name ? s.lbls : drop_name(s.lbls));
  std::vector<bool> produced(in.series.size());
  for (size_t i = 0; i < n; ++i) {
    ev.check_cancelled();
    int64_t t = r.start + static_cast<int64_t>(i) * r.step;
    int64_t hi = in.window_end[i];
    int64_t lo = sat_sub(hi, in.range_ms);
    auto& res = out.vectors[i];
    if (name == "absent_over_time") {
      bool any = false;
      for (size_t j = 0; j < in.series.size(); ++j)
        any = any || !slice(in.series[j].points, lo, hi).empty() ||
              (!in.summaries.empty() &&
               !summaries_in(in.summaries[j], lo, hi).empty());
      if (!any) {
        const expr& arg = unwrap_parens(*e.args[matrix_arg]);
        labels ls;
        if (arg.k == expr::kind::matrix_selector)
          ls = absent_labels(*arg.args[0]);
        res.push_back(sample{std::move(ls), 1, t});
      }
      continue;
    }
    for (size_t j = 0; j < in.series.size(); ++j) {
      auto ps = slice(in.series[j].points, lo, hi);
      std::optional<double> v;
      auto ss = in.summaries.empty() ? std::span<const summary>{}
                                     : summaries_in(in.summaries[j], lo, hi);
      if (!ss.empty() && reads_summaries(name))
        v = over_time(name, ss, ps);
      else if (!ps.empty())
        v = apply(name, ps, lo, hi, in.range_ms, t, args, i);
      if (v) {
        res.push_back(sample{out_labels[j], *v, t});
        produced[j] = true;
      }
    }
  }
  // As Prometheus, check the series of the whole result, not each step.
  std::map<labels, labels> renamed;
  for (size_t j = 0; j < in.series.size(); ++j)
    if (produced[j])
      renamed.emplace(in.series[j].lbls, out_labels[j]);
  check_distinct(renamed);
  return out;
}

} // namespace timeless::promql
