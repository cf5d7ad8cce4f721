#pragma once

#include <cstdint>
#include <vector>

#include "promql/ast.hpp"
#include "promql/matcher.hpp"

namespace timeless::promql {

/// The times of a query: an instant query has start == end and step 0.
struct query_params {
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  int64_t step_ms = 0;
  int64_t lookback_delta_ms = 5 * 60 * 1000;
  int64_t default_subquery_step_ms = 60 * 1000;
};

/// A selector of the query and the exact window [min_t, max_t] (ms,
/// inclusive) of points the evaluation will ask the storage for. `node` is
/// the selector (vector selector, or the matrix selector holding it).
struct selection {
  const expr* node = nullptr;
  std::vector<matcher> matchers;
  int64_t min_t = 0;
  int64_t max_t = 0;
};

/// Lists every selector of `e` with the window its evaluation reads: the
/// lookback delta for instant selectors, the range for range selectors,
/// offsets, `@` (start()/end() are the query's), and the inner ranges of
/// subqueries (aligned to their step as the evaluator aligns them). A
/// server prefetches each into a memory_storage, then evaluates on it;
/// the evaluator calls `storage::select` with exactly these windows.
std::vector<selection> selections(const expr& e, const query_params& q);

/// The time range a node is evaluated over: steps start, start+step, ...,
/// <= end (internal to the evaluator and to `selections`).
struct eval_range_t {
  int64_t start = 0;
  int64_t end = 0;
  int64_t step = 1;
};

/// The window a selector reads when evaluated over `r`; `q_start`/`q_end`
/// resolve `@ start()`/`@ end()`. `sel` is a vector or matrix selector.
void selector_window(const expr& sel, const eval_range_t& r, int64_t q_start,
                     int64_t q_end, int64_t lookback, int64_t& min_t,
                     int64_t& max_t);

/// The range a subquery's inner expression is evaluated over when the
/// subquery is evaluated over `r`.
eval_range_t subquery_range(const expr& sq, const eval_range_t& r,
                            int64_t q_start, int64_t q_end,
                            int64_t default_step);

/// a - b, saturated at the int64 limits (extreme `@` and offsets).
inline int64_t sat_sub(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r))
    return b < 0 ? INT64_MAX : INT64_MIN;
  return r;
}

/// a + b, saturated.
inline int64_t sat_add(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r))
    return b > 0 ? INT64_MAX : INT64_MIN;
  return r;
}

/// The time a selector or subquery with modifiers reads at for outer
/// evaluation time `t`: the `@` time if any, minus the offset.
int64_t modified_time(const expr& node, int64_t t, int64_t q_start,
                      int64_t q_end);

} // namespace timeless::promql
