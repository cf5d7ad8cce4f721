#include "actors/read/tier_read.hpp"

#include <cassert>
#include <cmath>

#include "actors/common/counter_growth.hpp"
#include "actors/maintain/rollup_delta.hpp"
#include "actors/maintain/tiers.hpp"

namespace timeless::detail {

tier_plan plan_tier_read(const std::vector<tier_slot>& tiers, int64_t step,
                         int64_t horizon) {
  assert(!tiers.empty() && step > 0);
  tier_plan plan;
  bool found = false;
  for (size_t i = 0; i < tiers.size(); ++i) {
    auto& t = tiers[i].opts;
    if (!t.calendar_months && step % t.resolution_ms == 0) {
      plan.tier = i;
      found = true;
    }
  }
  plan.rebucket = found;
  if (found) {
    // The first step bucket wholly at or after the horizon: step buckets are
    // unions of tier buckets, so tier rows before it are whole.
    auto b = bucket_start(horizon, step);
    plan.seam =
        b == horizon ? b : (b > INT64_MAX - step ? INT64_MAX : b + step);
    return plan;
  }
  auto& t = tiers[0].opts;
  auto b = tier_bucket_start(t, horizon);
  plan.seam = b == horizon ? b : tier_bucket_next(t, b);
  return plan;
}

namespace {

/// Growth over the points of a bucket, as aggregate_points computes it.
struct growth {
  bool any = false;
  double last = 0;
  double sum = 0;
  size_t points = 0;

  void add(double v) {
    ++points;
    if (any)
      sum += counter_growth(last, v);
    any = true;
    last = v;
  }
};

double finish(aggregate_fn fn, const db::rollup_row& r, const growth& g,
              int64_t first_ts, int64_t last_ts) {
  switch (fn) {
    case aggregate_fn::avg:
      return r.sum / static_cast<double>(r.count);
    case aggregate_fn::min:
      return r.min;
    case aggregate_fn::max:
      return r.max;
    case aggregate_fn::count:
      return static_cast<double>(r.count);
    case aggregate_fn::sum:
      return r.sum;
    case aggregate_fn::first:
      return r.first;
    case aggregate_fn::last:
      return r.last;
    case aggregate_fn::increase:
    case aggregate_fn::rate: {
      if (g.points < 2 || first_ts == last_ts)
        return 0.0;
      if (fn == aggregate_fn::increase)
        return g.sum;
      return g.sum / (static_cast<double>(last_ts - first_ts) / 1000.0);
    }
  }
  return 0.0;
}

} // namespace

void aggregate_rows(std::span<const db::rollup_row> rows, const tier_plan& plan,
                    int64_t step, aggregate_fn fn,
                    std::vector<bucket_value>& out) {
  size_t i = 0;
  while (i < rows.size()) {
    auto label =
        plan.rebucket ? bucket_start(rows[i].bucket, step) : rows[i].bucket;
    db::rollup_row acc;
    growth g;
    while (i < rows.size() &&
           (plan.rebucket ? bucket_start(rows[i].bucket, step)
                          : rows[i].bucket) == label) {
      auto& r = rows[i];
      merge_row(acc, r);
      g.add(r.first);
      if (r.count > 1 || r.last_ts != r.first_ts)
        g.add(r.last);
      ++i;
    }
    out.push_back(
        bucket_value{label, finish(fn, acc, g, acc.first_ts, acc.last_ts)});
  }
}

} // namespace timeless::detail
