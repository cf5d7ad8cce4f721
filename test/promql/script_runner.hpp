#pragma once

// A runner for Prometheus' PromQL test-script format (promql/testdata/*.test
// in Prometheus; our own scripts live in test/promql/testdata):
//
//   load <step>                     series follow, one a line:
//     metric{a="b"} 0+10x3 _ stale  values at 0, step, 2*step, ...: `a+bxn`
//                                   (a, a+b, ..., a+n*b), `a-bxn`, `axn`
//                                   (n+1 copies), `_` (no sample), `_xn`
//                                   (n gaps), `stale` (a stale marker)
//   clear                           drop all series
//   eval instant at <dur> <expr>    expected results follow:
//     {a="b"} 3                     one line per sample (any order), or
//     3                             a scalar, or "string" a string
//   eval_ordered instant at ...     as eval, in this order
//   eval_fail instant at ...        the query must fail (parse or eval)
//   eval range from <dur> to <dur> step <dur> <expr>   (our extension)
//     {a="b"} 1 _ 3                 expected points per step, `_` = none
//
// A block ends at a blank line. Every instant eval also runs as a range
// query over the single step and on data prefetched through selections(),
// and both must agree with the instant result.

#include <string>
#include <vector>

namespace timeless::promql::testing {

/// One failed expectation: the script line and what went wrong.
struct script_failure {
  int line;
  std::string message;
};

/// Runs a script; returns the failures (empty when all passed). `checks`
/// receives the number of eval commands run.
std::vector<script_failure> run_script(const std::string& text,
                                       int* checks = nullptr);

} // namespace timeless::promql::testing
