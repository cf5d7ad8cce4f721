#pragma once

#include <vector>

#include "promql/labels.hpp"

namespace timeless::promql {

/// The q-quantile of `values` (Prometheus quantile.go): NaN when empty,
/// -Inf for q < 0, +Inf for q > 1, else linear interpolation between the
/// closest ranks (rank = q * (n - 1)). Sorts `values`.
double quantile(double q, std::vector<double>& values);

/// A classic histogram bucket: upper bound (`le`) and cumulative count.
struct bucket {
  double upper_bound;
  double count;
};

/// The q-quantile of classic buckets (Prometheus quantile.go
/// bucketQuantile): NaN unless the highest bucket is +Inf and there are at
/// least two buckets and observations; buckets with equal bounds are
/// merged and counts made monotonic; linear interpolation inside the
/// bucket; the lowest bucket starts at 0 unless its bound is <= 0.
double bucket_quantile(double q, std::vector<bucket> buckets);

} // namespace timeless::promql
