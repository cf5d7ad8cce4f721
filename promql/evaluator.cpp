#include "promql/evaluator.hpp"

#include <cstdint>
#include <map>
#include <set>

namespace timeless::promql {

labels drop_name(labels ls) {
  erase_label(ls, metric_name_label);
  return ls;
}

const expr& unwrap_parens(const expr& e) {
  const expr* p = &e;
  while (p->k == expr::kind::paren)
    p = p->args[0].get();
  return *p;
}

void check_duplicates(const std::vector<vector>& steps) {
  for (auto& vec : steps) {
    if (vec.size() < 2)
      continue;
    std::vector<const labels*> ls;
    ls.reserve(vec.size());
    for (auto& s : vec)
      ls.push_back(&s.lbls);
    std::sort(ls.begin(), ls.end(),
              [](const labels* a, const labels* b) { return *a < *b; });
    for (size_t i = 1; i < ls.size(); ++i)
      if (*ls[i] == *ls[i - 1])
        throw eval_failure{"vector cannot contain metrics with the same "
                           "labelset"};
  }
}

void check_distinct(const std::map<labels, labels>& renamed) {
  std::set<labels> seen;
  for (auto& [from, to] : renamed)
    if (!seen.insert(to).second)
      throw eval_failure{"vector cannot contain metrics with the same "
                         "labelset"};
}

void evaluator::count_samples(int64_t n, std::string_view where) {
  if (n > opts_.max_samples)
    throw eval_failure{"query processing would load too many samples into "
                       "memory in " +
                       std::string{where}};
}

void evaluator::check_cancelled() {
  if (opts_.cancelled && opts_.cancelled())
    throw eval_failure{"query timed out in expression evaluation"};
}

step_values evaluator::eval(const expr& e, const eval_range_t& r) {
  check_cancelled();
  size_t n = steps(r);
  // Every step holds at least one value: bound the steps before allocating.
  count_samples(static_cast<int64_t>(std::min<size_t>(n, INT64_MAX)),
                "expression evaluation");
  step_values out;
  switch (e.k) {
    case expr::kind::number:
      out.type = value_type::scalar;
      out.scalars.assign(n, e.number);
      return out;
    case expr::kind::string:
      out.type = value_type::string;
      out.str = e.text;
      return out;
    case expr::kind::paren:
      return eval(*e.args[0], r);
    case expr::kind::unary:
      out = eval_unary(e, r);
      break;
    case expr::kind::vector_selector:
      out = eval_selector(e, r);
      break;
    case expr::kind::binary:
      out = eval_binary(*this, e, r);
      break;
    case expr::kind::aggregate:
      out = eval_aggregate(*this, e, r);
      break;
    case expr::kind::call:
      out = eval_call(*this, e, r);
      break;
    case expr::kind::matrix_selector:
    case expr::kind::subquery:
      throw eval_failure{"unexpected range vector in instant context"};
  }
  if (out.type == value_type::vector) {
    int64_t total = 0;
    for (auto& v : out.vectors)
      total += static_cast<int64_t>(v.size());
    count_samples(total, "expression evaluation");
  }
  return out;
}

step_values evaluator::eval_unary(const expr& e, const eval_range_t& r) {
  auto v = eval(*e.args[0], r);
  if (v.type == value_type::scalar) {
    for (auto& x : v.scalars)
      x = -x;
    return v;
  }
  // Prometheus checks the whole result matrix: two series that differ
  // only in the name clash even at different steps.
  std::map<labels, labels> renamed;
  for (auto& vec : v.vectors)
    for (auto& s : vec) {
      s.v = -s.v;
      auto [it, fresh] = renamed.emplace(s.lbls, labels{});
      if (fresh)
        it->second = drop_name(s.lbls);
      s.lbls = it->second;
    }
  check_distinct(renamed);
  return v;
}

step_values evaluator::eval_selector(const expr& e, const eval_range_t& r) {
  size_t n = steps(r);
  int64_t lo = 0, hi = 0;
  selector_window(e, r, q_start_, q_end_, opts_.lookback_delta_ms, lo, hi);
  auto found = st_.select(e.matchers, lo, hi);
  step_values out;
  out.type = value_type::vector;
  out.vectors.resize(n);
  int64_t loaded = 0;
  for (auto& s : found) {
    loaded += static_cast<int64_t>(s.t_ms.size());
    count_samples(loaded, "series selection");
    for (size_t i = 0; i < n; ++i) {
      int64_t t = r.start + static_cast<int64_t>(i) * r.step;
      int64_t ts = modified_time(e, t, q_start_, q_end_);
      auto it = std::upper_bound(s.t_ms.begin(), s.t_ms.end(), ts);
      if (it == s.t_ms.begin())
        continue;
      size_t j = static_cast<size_t>(it - s.t_ms.begin()) - 1;
      if (s.t_ms[j] < sat_sub(ts, opts_.lookback_delta_ms) || is_stale(s.v[j]))
        continue;
      out.vectors[i].push_back(sample{s.lbls, s.v[j], s.t_ms[j]});
    }
  }
  return out;
}

range_input evaluator::eval_range_arg(const expr& e0, const eval_range_t& r) {
  check_cancelled();
  const expr& e = unwrap_parens(e0);
  size_t n = steps(r);
  range_input in;
  in.node = &e;
  in.range_ms = e.range_ms;
  if (e.k == expr::kind::matrix_selector) {
    const expr& vs = *e.args[0];
    in.selector = &vs;
    int64_t lo = 0, hi = 0;
    selector_window(e, r, q_start_, q_end_, opts_.lookback_delta_ms, lo, hi);
    auto found = st_.select(vs.matchers, lo, hi);
    int64_t loaded = 0;
    bool summarized = false;
    for (auto& s : found)
      summarized = summarized || !s.summaries.empty();
    for (auto& s : found) {
      series_points sp{s.lbls, {}};
      for (size_t j = 0; j < s.t_ms.size(); ++j)
        if (!is_stale(s.v[j]) && s.t_ms[j] >= lo && s.t_ms[j] <= hi)
          sp.points.push_back(point{s.t_ms[j], s.v[j]});
      // A summary counts as one sample against the limit.
      loaded += static_cast<int64_t>(sp.points.size() + s.summaries.size());
      count_samples(loaded, "series selection");
      if (sp.points.empty() && s.summaries.empty())
        continue;
      in.series.push_back(std::move(sp));
      if (summarized)
        in.summaries.push_back(std::move(s.summaries));
    }
    for (size_t i = 0; i < n; ++i)
      in.window_end.push_back(modified_time(
          vs, r.start + static_cast<int64_t>(i) * r.step, q_start_, q_end_));
    return in;
  }
  if (e.k != expr::kind::subquery)
    throw eval_failure{"expected a range vector"};
  auto inner_r =
      subquery_range(e, r, q_start_, q_end_, opts_.default_subquery_step_ms);
  auto inner = eval(*e.args[0], inner_r);
  std::map<labels, size_t> index;
  int64_t loaded = 0;
  for (size_t i = 0; i < inner.vectors.size(); ++i) {
    int64_t t = inner_r.start + static_cast<int64_t>(i) * inner_r.step;
    for (auto& s : inner.vectors[i]) {
      auto [it, fresh] = index.emplace(s.lbls, in.series.size());
      if (fresh)
        in.series.push_back(series_points{s.lbls, {}});
      in.series[it->second].points.push_back(point{t, s.v});
      ++loaded;
    }
  }
  count_samples(loaded, "subquery evaluation");
  for (size_t i = 0; i < n; ++i)
    in.window_end.push_back(modified_time(
        e, r.start + static_cast<int64_t>(i) * r.step, q_start_, q_end_));
  return in;
}

} // namespace timeless::promql
