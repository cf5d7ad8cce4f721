#include "actors/read/read_path.hpp"

#include <numeric>

namespace timeless::detail {

/// Merges stored and memory points of one series, sorted by time; stored
/// points first among equal timestamps (they arrived earlier).
void merge_run(series_run& disk, series_run& mem, std::vector<int64_t>& ts,
               std::vector<double>& values) {
  ts = std::move(disk.ts);
  values = std::move(disk.values);
  ts.insert(ts.end(), mem.ts.begin(), mem.ts.end());
  values.insert(values.end(), mem.values.begin(), mem.values.end());
  if (std::is_sorted(ts.begin(), ts.end()))
    return;
  std::vector<uint32_t> order(ts.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return ts[a] < ts[b]; });
  std::vector<int64_t> t2(ts.size());
  std::vector<double> v2(ts.size());
  for (size_t i = 0; i < order.size(); ++i) {
    t2[i] = ts[order[i]];
    v2[i] = values[order[i]];
  }
  ts = std::move(t2);
  values = std::move(v2);
}

} // namespace timeless::detail
