#pragma once

// Neumaier's compensated summation, as Prometheus 2.42's kahanSumInc: the
// sum of many values loses less to rounding. The result is `sum + c`
// (just `sum` when it is infinite).

#include <cmath>

namespace timeless::promql {

inline void kahan_inc(double inc, double& sum, double& c) {
  double t = sum + inc;
  if (std::fabs(sum) >= std::fabs(inc))
    c += (sum - t) + inc;
  else
    c += (inc - t) + sum;
  sum = t;
}

} // namespace timeless::promql
