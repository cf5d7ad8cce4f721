#include "promql/eval.hpp"

#include <map>
#include <new>

#include "promql/evaluator.hpp"

namespace timeless::promql {

namespace {

template <class F>
eval_result guarded(F&& f) {
  eval_result res;
  try {
    res.val = f();
  } catch (eval_failure& e) {
    res.error = std::move(e.message);
  } catch (std::bad_alloc&) {
    res.error = "out of memory in expression evaluation";
  }
  if (!res.ok())
    res.val = value{};
  return res;
}

} // namespace

eval_result eval_instant(const expr& e, int64_t t_ms, storage& st,
                         const eval_options& opts) {
  return guarded([&] {
    evaluator ev{st, opts, t_ms, t_ms};
    eval_range_t r{t_ms, t_ms, 1};
    value out;
    out.t = t_ms;
    out.type = e.type();
    if (out.type == value_type::matrix) {
      auto in = ev.eval_range_arg(e, r);
      int64_t hi = in.window_end[0];
      for (auto& s : in.series) {
        auto pts = slice(s.points, hi - in.range_ms, hi);
        if (!pts.empty())
          out.mat.push_back(series_points{
              s.lbls, std::vector<point>(pts.begin(), pts.end())});
      }
      return out;
    }
    auto v = ev.eval(e, r);
    switch (out.type) {
      case value_type::scalar:
        out.scalar = v.scalars[0];
        break;
      case value_type::string:
        out.str = v.str;
        break;
      default:
        out.vec = std::move(v.vectors[0]);
        for (auto& s : out.vec)
          s.t = t_ms;
    }
    return out;
  });
}

eval_result eval_range(const expr& e, int64_t start_ms, int64_t end_ms,
                       int64_t step_ms, storage& st, const eval_options& opts) {
  return guarded([&] {
    if (step_ms <= 0)
      throw eval_failure{"zero or negative query resolution step widths "
                         "are not accepted"};
    if (end_ms < start_ms)
      throw eval_failure{"end timestamp must not be before start time"};
    auto t = e.type();
    if (t != value_type::scalar && t != value_type::vector)
      throw eval_failure{"invalid expression type " + quote(to_string(t)) +
                         " for range query, must be Scalar or instant "
                         "Vector"};
    evaluator ev{st, opts, start_ms, end_ms};
    eval_range_t r{start_ms, end_ms, step_ms};
    r.end = r.start + (r.end - r.start) / r.step * r.step;
    auto v = ev.eval(e, r);
    value out;
    out.type = value_type::matrix;
    size_t n = evaluator::steps(r);
    if (t == value_type::scalar) {
      series_points sp;
      for (size_t i = 0; i < n; ++i)
        sp.points.push_back(
            point{r.start + static_cast<int64_t>(i) * r.step, v.scalars[i]});
      out.mat.push_back(std::move(sp));
      return out;
    }
    std::map<labels, std::vector<point>> by_labels;
    for (size_t i = 0; i < n; ++i)
      for (auto& s : v.vectors[i])
        by_labels[s.lbls].push_back(
            point{r.start + static_cast<int64_t>(i) * r.step, s.v});
    for (auto& [ls, pts] : by_labels)
      out.mat.push_back(series_points{ls, std::move(pts)});
    return out;
  });
}

} // namespace timeless::promql
