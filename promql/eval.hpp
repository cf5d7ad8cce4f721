#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "promql/ast.hpp"
#include "promql/storage.hpp"
#include "promql/value.hpp"

namespace timeless::promql {

/// Knobs of an evaluation.
struct eval_options {
  /// How far back an instant vector selector looks for a sample.
  int64_t lookback_delta_ms = 5 * 60 * 1000;
  /// The step of a subquery written without one (`x[1h:]`); Prometheus
  /// uses the global evaluation interval, 1m by default.
  int64_t default_subquery_step_ms = 60 * 1000;
  /// The most samples one node of the evaluation may hold at once (summed
  /// over all steps of a range query); more fails with Prometheus' "query
  /// processing would load too many samples into memory in <where>".
  int64_t max_samples = 50'000'000;
  /// Polled during evaluation; returning true aborts it with "query timed
  /// out in expression evaluation". May be empty.
  std::function<bool()> cancelled;
};

/// The result of an evaluation: a value, or an error message.
struct eval_result {
  value val;
  std::string error;
  bool ok() const { return error.empty(); }
};

/// Evaluates `e` at the instant `t_ms` (Prometheus' /api/v1/query).
/// Never throws; errors (type errors the parser cannot see, duplicate
/// series in matching, too many samples, cancellation) come back in
/// `error`.
eval_result eval_instant(const expr& e, int64_t t_ms, storage& st,
                         const eval_options& opts = {});

/// Evaluates `e` at start, start+step, ..., up to end (Prometheus'
/// /api/v1/query_range): the result is a matrix sorted by labels. `e` must
/// be of type scalar or instant vector; step must be > 0 and end >= start.
eval_result eval_range(const expr& e, int64_t start_ms, int64_t end_ms,
                       int64_t step_ms, storage& st,
                       const eval_options& opts = {});

} // namespace timeless::promql
