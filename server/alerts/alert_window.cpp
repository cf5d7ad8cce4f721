#include "server/alerts/alert_window.hpp"

#include <algorithm>
#include <cassert>
#include <limits>
#include <vector>

namespace timeless::server {

alert_window window_of(const alert_rule& rule, int64_t now) {
  auto width =
      std::clamp(rule.duration, min_alert_window_ms, max_alert_duration_ms);
  constexpr auto min = std::numeric_limits<int64_t>::min();
  alert_window w;
  w.to = now;
  w.from = now < min + width ? min : now - width;
  return w;
}

raw_query window_query(const alert_rule& rule, const alert_window& w) {
  raw_query q;
  q.sel.metric = rule.metric;
  for (auto& l : rule.labels)
    q.sel.matchers.push_back({l.name, match_op::eq, l.value});
  q.from = w.from;
  q.to = w.to;
  return q;
}

std::optional<double> window_value(std::span<const int64_t> ts,
                                   std::span<const double> values,
                                   const alert_window& w, aggregate_fn fn) {
  assert(ts.size() == values.size());
  if (w.from > w.to)
    return std::nullopt;
  auto first = std::lower_bound(ts.begin(), ts.end(), w.from);
  auto last = std::upper_bound(first, ts.end(), w.to);
  if (first == last)
    return std::nullopt;
  auto lo = static_cast<size_t>(first - ts.begin());
  auto n = static_cast<size_t>(last - first);
  // Shifted timestamps lie in [0, to - from]; the span fits in uint64 and,
  // with the width capped by window_of, in int64.
  auto span = static_cast<uint64_t>(w.to) - static_cast<uint64_t>(w.from);
  constexpr auto max = static_cast<uint64_t>(INT64_MAX);
  auto width = static_cast<int64_t>(span >= max ? max : span + 1);
  std::vector<int64_t> shifted(n);
  for (size_t i = 0; i < n; ++i) {
    auto d = static_cast<uint64_t>(ts[lo + i]) - static_cast<uint64_t>(w.from);
    shifted[i] = static_cast<int64_t>(d > max ? max : d);
  }
  std::vector<bucket_value> out;
  aggregate_points(shifted, values.subspan(lo, n), 0, INT64_MAX, width, fn,
                   out);
  assert(out.size() == 1);
  if (out.empty())
    return std::nullopt;
  return out.front().value;
}

} // namespace timeless::server
