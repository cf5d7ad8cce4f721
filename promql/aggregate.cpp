// Aggregation operators (Prometheus 2.42 engine.go: aggregation()).

#include <cmath>
#include <limits>
#include <unordered_map>

#include "promql/evaluator.hpp"
#include "promql/go_float.hpp"
#include "promql/quantile.hpp"

namespace timeless::promql {

namespace {

struct group {
  labels lbls;
  double value = 0;
  double mean = 0;
  double count = 0;
  std::vector<sample> members; ///< topk/bottomk
  std::vector<double> values;  ///< quantile
};

bool listed(const std::vector<std::string>& names, std::string_view n) {
  return std::find(names.begin(), names.end(), n) != names.end();
}

/// The group label set of `ls`: `by` keeps the listed labels, `without`
/// drops them and the metric name.
labels group_labels(const labels& ls, const expr& e,
                    const std::vector<std::string>& grouping) {
  labels out;
  for (auto& l : ls) {
    bool in = listed(grouping, l.name);
    if (e.without ? (!in && l.name != metric_name_label) : in)
      out.push_back(l);
  }
  return out;
}

/// topk: larger first, NaN last; bottomk: smaller first, NaN last.
bool ranks_before(double a, double b, bool top) {
  if (std::isnan(a))
    return false;
  if (std::isnan(b))
    return true;
  return top ? a > b : a < b;
}

vector aggregate_step(const expr& e, vector in, double param,
                      const std::string& str_param) {
  auto grouping = e.grouping;
  int64_t k = 0;
  if (e.agg == agg_op::count_values) {
    if (!is_label_name(str_param))
      throw eval_failure{"invalid label name " + quote(str_param)};
    if (!e.without)
      grouping.push_back(str_param);
  }
  if (e.agg == agg_op::topk || e.agg == agg_op::bottomk) {
    if (!(param <= 9.2e18 && param >= -9.2e18))
      throw eval_failure{"Scalar value " + format_float(param) +
                         " overflows int64"};
    k = static_cast<int64_t>(param);
    if (k < 1)
      return {};
  }
  std::vector<group> groups;
  std::unordered_map<std::string, size_t> index;
  for (auto& s : in) {
    if (e.agg == agg_op::count_values)
      set_label(s.lbls, str_param, format_go_fixed(s.v));
    auto gl = group_labels(s.lbls, e, grouping);
    std::string key;
    for (auto& l : gl)
      key += l.name + '\xff' + l.value + '\xff';
    auto [it, fresh] = index.emplace(key, groups.size());
    if (fresh) {
      group g;
      g.lbls = std::move(gl);
      g.value = s.v;
      g.mean = s.v;
      g.count = 1;
      if (e.agg == agg_op::stddev || e.agg == agg_op::stdvar)
        g.value = 0;
      if (e.agg == agg_op::count || e.agg == agg_op::group ||
          e.agg == agg_op::count_values)
        g.value = 1;
      if (e.agg == agg_op::topk || e.agg == agg_op::bottomk)
        g.members.push_back(s);
      if (e.agg == agg_op::quantile)
        g.values.push_back(s.v);
      groups.push_back(std::move(g));
      continue;
    }
    auto& g = groups[it->second];
    switch (e.agg) {
      case agg_op::sum:
        g.value += s.v;
        break;
      case agg_op::avg:
        g.count += 1;
        if (std::isinf(g.mean)) {
          if (std::isinf(s.v) && (g.mean > 0) == (s.v > 0))
            break;
          if (!std::isinf(s.v) && !std::isnan(s.v))
            break;
        }
        g.mean += s.v / g.count - g.mean / g.count;
        break;
      case agg_op::group:
        break;
      case agg_op::count:
      case agg_op::count_values:
        g.value += 1;
        break;
      case agg_op::max:
        if (g.value < s.v || std::isnan(g.value))
          g.value = s.v;
        break;
      case agg_op::min:
        if (g.value > s.v || std::isnan(g.value))
          g.value = s.v;
        break;
      case agg_op::stddev:
      case agg_op::stdvar: {
        g.count += 1;
        double delta = s.v - g.mean;
        g.mean += delta / g.count;
        g.value += delta * (s.v - g.mean);
        break;
      }
      case agg_op::topk:
      case agg_op::bottomk:
        g.members.push_back(s);
        break;
      case agg_op::quantile:
        g.values.push_back(s.v);
        break;
    }
  }
  vector out;
  for (auto& g : groups) {
    double v = g.value;
    switch (e.agg) {
      case agg_op::avg:
        v = g.mean;
        break;
      case agg_op::stdvar:
        v = g.value / g.count;
        break;
      case agg_op::stddev:
        v = std::sqrt(g.value / g.count);
        break;
      case agg_op::quantile:
        v = quantile(param, g.values);
        break;
      case agg_op::topk:
      case agg_op::bottomk: {
        bool top = e.agg == agg_op::topk;
        std::stable_sort(g.members.begin(), g.members.end(),
                         [&](const sample& a, const sample& b) {
                           return ranks_before(a.v, b.v, top);
                         });
        size_t take = std::min(g.members.size(), static_cast<size_t>(k));
        for (size_t i = 0; i < take; ++i)
          out.push_back(std::move(g.members[i]));
        continue;
      }
      default:
        break;
    }
    out.push_back(sample{std::move(g.lbls), v, 0});
  }
  return out;
}

} // namespace

step_values eval_aggregate(evaluator& ev, const expr& e,
                           const eval_range_t& r) {
  size_t n = evaluator::steps(r);
  step_values param;
  if (e.args.size() > 1)
    param = ev.eval(*e.args[1], r);
  auto in = ev.eval(*e.args[0], r);
  step_values out;
  out.type = value_type::vector;
  out.vectors.resize(n);
  for (size_t i = 0; i < n; ++i) {
    double p = param.type == value_type::scalar && i < param.scalars.size()
                   ? param.scalars[i]
                   : 0;
    out.vectors[i] = aggregate_step(e, std::move(in.vectors[i]), p, param.str);
    int64_t t = r.start + static_cast<int64_t>(i) * r.step;
    for (auto& s : out.vectors[i])
      s.t = t;
  }
  return out;
}

} // namespace timeless::promql
