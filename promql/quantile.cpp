#include "promql/quantile.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace timeless::promql {

double quantile(double q, std::vector<double>& values) {
  if (values.empty() || std::isnan(q))
    return std::numeric_limits<double>::quiet_NaN();
  if (q < 0)
    return -std::numeric_limits<double>::infinity();
  if (q > 1)
    return std::numeric_limits<double>::infinity();
  // Go's sort.Float64s puts NaN first.
  std::sort(values.begin(), values.end(), [](double a, double b) {
    return a < b || (std::isnan(a) && !std::isnan(b));
  });
  double n = static_cast<double>(values.size());
  double rank = q * (n - 1);
  double lower = std::max(0.0, std::floor(rank));
  double upper = std::min(n - 1, lower + 1);
  double weight = rank - std::floor(rank);
  return values[static_cast<size_t>(lower)] * (1 - weight) +
         values[static_cast<size_t>(upper)] * weight;
}

double bucket_quantile(double q, std::vector<bucket> buckets) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  if (std::isnan(q))
    return nan;
  if (q < 0)
    return -std::numeric_limits<double>::infinity();
  if (q > 1)
    return std::numeric_limits<double>::infinity();
  std::sort(buckets.begin(), buckets.end(),
            [](const bucket& a, const bucket& b) {
              return a.upper_bound < b.upper_bound;
            });
  if (buckets.empty() || !std::isinf(buckets.back().upper_bound) ||
      buckets.back().upper_bound < 0)
    return nan;
  // Merge buckets with the same bound.
  std::vector<bucket> merged;
  for (auto& b : buckets) {
    if (!merged.empty() && merged.back().upper_bound == b.upper_bound)
      merged.back().count += b.count;
    else
      merged.push_back(b);
  }
  buckets = std::move(merged);
  double max = buckets[0].count;
  for (size_t i = 1; i < buckets.size(); ++i) {
    if (buckets[i].count < max)
      buckets[i].count = max;
    else
      max = buckets[i].count;
  }
  if (buckets.size() < 2)
    return nan;
  double observations = buckets.back().count;
  if (observations == 0)
    return nan;
  double rank = q * observations;
  size_t b = 0;
  while (b < buckets.size() - 1 && !(buckets[b].count >= rank))
    ++b;
  if (b == buckets.size() - 1)
    return buckets[buckets.size() - 2].upper_bound;
  if (b == 0 && buckets[0].upper_bound <= 0)
    return buckets[0].upper_bound;
  double start = 0;
  double end = buckets[b].upper_bound;
  double count = buckets[b].count;
  if (b > 0) {
    start = buckets[b - 1].upper_bound;
    count -= buckets[b - 1].count;
    rank -= buckets[b - 1].count;
  }
  return start + (end - start) * (rank / count);
}

} // namespace timeless::promql
