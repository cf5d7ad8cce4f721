#pragma once

// Internal to the evaluator: how nodes are evaluated over all steps of a
// query at once (as Prometheus' engine does): an instant-typed node gives
// one scalar or instant vector per step; a range-typed node (matrix
// selector, subquery) gives its series with every point any step's window
// needs, and the window of step t is [end(t) - range, end(t)], inclusive.

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "promql/ast.hpp"
#include "promql/eval.hpp"
#include "promql/selections.hpp"
#include "promql/value.hpp"

namespace timeless::promql {

/// Thrown inside the evaluator only; eval_instant/eval_range catch it.
struct eval_failure {
  std::string message;
};

/// The values of an instant-typed node at every step.
struct step_values {
  value_type type = value_type::vector;
  std::vector<double> scalars; ///< one per step (scalar)
  std::vector<vector> vectors; ///< one per step (vector)
  std::string str;             ///< string
};

/// A range-typed node's series over all steps.
struct range_input {
  matrix series;        ///< stale markers removed, points sorted
  int64_t range_ms = 0; ///< window length
  const expr* node = nullptr;
  const expr* selector = nullptr; ///< the vector selector, or null
  /// The end of step i's window.
  std::vector<int64_t> window_end;
  /// Per series of `series` (empty, or one entry each): the summaries of
  /// times whose raw points are gone (matrix selectors only).
  std::vector<std::vector<summary>> summaries;
};

class evaluator {
 public:
  evaluator(storage& st, const eval_options& opts, int64_t q_start,
            int64_t q_end)
      : st_(st), opts_(opts), q_start_(q_start), q_end_(q_end) {
    // nop
  }

  /// Evaluates an instant-typed node over `r`.
  step_values eval(const expr& e, const eval_range_t& r);

  /// Evaluates a range-typed node (parens unwrapped) over `r`.
  range_input eval_range_arg(const expr& e, const eval_range_t& r);

  /// The number of steps of `r`.
  static size_t steps(const eval_range_t& r) {
    if (r.end < r.start)
      return 0;
    uint64_t span =
        static_cast<uint64_t>(r.end) - static_cast<uint64_t>(r.start);
    return static_cast<size_t>(span / static_cast<uint64_t>(r.step)) + 1;
  }

  /// Raises "too many samples" when `n` exceeds the limit.
  void count_samples(int64_t n, std::string_view where);

  void check_cancelled();

  int64_t q_start() const { return q_start_; }
  int64_t q_end() const { return q_end_; }

 private:
  step_values eval_selector(const expr& e, const eval_range_t& r);
  step_values eval_subquery_instant(const expr& e, const eval_range_t& r);
  step_values eval_unary(const expr& e, const eval_range_t& r);

  storage& st_;
  const eval_options& opts_;
  int64_t q_start_;
  int64_t q_end_;
};

/// Node kinds in their own files.
step_values eval_binary(evaluator& ev, const expr& e, const eval_range_t& r);
step_values eval_aggregate(evaluator& ev, const expr& e, const eval_range_t& r);
step_values eval_call(evaluator& ev, const expr& e, const eval_range_t& r);

/// Fails with "vector cannot contain metrics with the same labelset" when
/// two samples of one step share a label set.
void check_duplicates(const std::vector<vector>& steps);

/// Fails as check_duplicates when two series (keys) map to the same new
/// label set (values), whatever the steps they have points at.
void check_distinct(const std::map<labels, labels>& renamed);

/// Removes `__name__`.
labels drop_name(labels ls);

/// Strips enclosing parentheses.
const expr& unwrap_parens(const expr& e);

} // namespace timeless::promql

#include <algorithm>
#include <span>

namespace timeless::promql {

/// The points of `ps` (sorted) with lo <= t <= hi.
inline std::span<const point> slice(const std::vector<point>& ps, int64_t lo,
                                    int64_t hi) {
  auto b = std::lower_bound(ps.begin(), ps.end(), lo,
                            [](const point& p, int64_t t) { return p.t < t; });
  auto e = std::upper_bound(b, ps.end(), hi,
                            [](int64_t t, const point& p) { return t < p.t; });
  return {b, e};
}

} // namespace timeless::promql
