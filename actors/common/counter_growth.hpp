#pragma once

// The one rule for counter growth, shared by aggregates over raw points
// (actors/read/aggregate.cpp) and over rollup rows (actors/read/tier_read.cpp).

#include <cmath>
#include <limits>

namespace timeless::detail {

/// Growth of a counter from `prev` to `cur`: their difference, or `cur`
/// after a reset (a drop: the counter restarted from zero, as in
/// Prometheus); NaN if either is NaN, so a NaN taints a whole sum.
inline double counter_growth(double prev, double cur) {
  if (std::isnan(prev) || std::isnan(cur))
    return std::numeric_limits<double>::quiet_NaN();
  return cur >= prev ? cur - prev : cur;
}

} // namespace timeless::detail
