#include "promql/summaries.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "promql/kahan.hpp"

namespace timeless::promql {

namespace {

/// A compensated sum, as Prometheus' sum_over_time.
struct kahan {
  double sum = 0;
  double c = 0;
  void add(double x) { kahan_inc(x, sum, c); }
  double value() const { return std::isinf(sum) ? sum : sum + c; }
};

/// Prometheus' min/max_over_time rule: NaN only when every value is.
void keep_extreme(double x, bool max, double& v) {
  if ((max ? x > v : x < v) || std::isnan(v))
    v = x;
}

} // namespace

bool reads_summaries(std::string_view name) {
  return name == "avg_over_time" || name == "min_over_time" ||
         name == "max_over_time" || name == "sum_over_time" ||
         name == "count_over_time" || name == "last_over_time";
}

std::span<const summary> summaries_in(const std::vector<summary>& ss,
                                      int64_t lo, int64_t hi) {
  auto b =
      std::lower_bound(ss.begin(), ss.end(), lo,
                       [](const summary& s, int64_t t) { return s.start < t; });
  auto e = std::lower_bound(
      b, ss.end(), hi, [](const summary& s, int64_t t) { return s.start < t; });
  return {b, e};
}

std::optional<double> over_time(std::string_view name,
                                std::span<const summary> ss,
                                std::span<const point> ps) {
  uint64_t count = ps.size();
  for (auto& s : ss)
    count += s.count;
  if (count == 0)
    return std::nullopt;
  if (name == "count_over_time")
    return static_cast<double>(count);
  if (name == "last_over_time")
    return ps.empty() ? ss.back().last : ps.back().v;
  if (name == "min_over_time" || name == "max_over_time") {
    bool max = name == "max_over_time";
    double v = std::numeric_limits<double>::quiet_NaN();
    for (auto& s : ss)
      if (s.count > 0)
        keep_extreme(max ? s.max : s.min, max, v);
    for (auto& p : ps)
      keep_extreme(p.v, max, v);
    return v;
  }
  kahan sum;
  for (auto& s : ss)
    sum.add(s.sum);
  for (auto& p : ps)
    sum.add(p.v);
  if (name == "sum_over_time")
    return sum.value();
  // avg_over_time: the total over the count (Prometheus' running mean
  // gives the same up to rounding).
  return sum.value() / static_cast<double>(count);
}

} // namespace timeless::promql
