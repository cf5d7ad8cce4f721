#include "promql/selections.hpp"

namespace timeless::promql {

int64_t modified_time(const expr& node, int64_t t, int64_t q_start,
                      int64_t q_end) {
  switch (node.at) {
    case at_kind::none:
      break;
    case at_kind::timestamp:
      t = node.at_ms;
      break;
    case at_kind::start:
      t = q_start;
      break;
    case at_kind::end:
      t = q_end;
      break;
  }
  return sat_sub(t, node.offset_ms);
}

void selector_window(const expr& sel, const eval_range_t& r, int64_t q_start,
                     int64_t q_end, int64_t lookback, int64_t& min_t,
                     int64_t& max_t) {
  const expr& vs = sel.k == expr::kind::matrix_selector ? *sel.args[0] : sel;
  int64_t back = sel.k == expr::kind::matrix_selector ? sel.range_ms : lookback;
  int64_t lo = modified_time(vs, r.start, q_start, q_end);
  int64_t hi = modified_time(vs, r.end, q_start, q_end);
  min_t = sat_sub(lo, back);
  max_t = hi;
}

eval_range_t subquery_range(const expr& sq, const eval_range_t& r,
                            int64_t q_start, int64_t q_end,
                            int64_t default_step) {
  int64_t step = sq.step_ms > 0 ? sq.step_ms : default_step;
  if (step <= 0)
    step = 60000;
  int64_t lo = sat_sub(modified_time(sq, r.start, q_start, q_end), sq.range_ms);
  int64_t hi = modified_time(sq, r.end, q_start, q_end);
  // The first multiple of the step at or after lo (Go's truncating
  // division, as Prometheus computes it).
  int64_t start = step * (lo / step);
  if (start < lo)
    start = sat_add(start, step);
  if (hi >= start)
    hi = start + (hi - start) / step * step;
  return eval_range_t{start, hi, step};
}

namespace {

void walk(const expr& e, const eval_range_t& r, const query_params& q,
          std::vector<selection>& out) {
  switch (e.k) {
    case expr::kind::vector_selector:
    case expr::kind::matrix_selector: {
      selection s;
      s.node = &e;
      const expr& vs = e.k == expr::kind::matrix_selector ? *e.args[0] : e;
      s.matchers = vs.matchers;
      selector_window(e, r, q.start_ms, q.end_ms, q.lookback_delta_ms, s.min_t,
                      s.max_t);
      out.push_back(std::move(s));
      return;
    }
    case expr::kind::subquery: {
      auto inner = subquery_range(e, r, q.start_ms, q.end_ms,
                                  q.default_subquery_step_ms);
      walk(*e.args[0], inner, q, out);
      return;
    }
    default:
      for (auto& a : e.args)
        walk(*a, r, q, out);
  }
}

} // namespace

std::vector<selection> selections(const expr& e, const query_params& q) {
  std::vector<selection> out;
  eval_range_t r{q.start_ms, q.end_ms, q.step_ms > 0 ? q.step_ms : 1};
  if (q.step_ms > 0 && r.end >= r.start)
    r.end = r.start + (r.end - r.start) / r.step * r.step;
  walk(e, r, q, out);
  return out;
}

} // namespace timeless::promql
