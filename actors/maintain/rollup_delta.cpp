#include "actors/maintain/rollup_delta.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "actors/maintain/tiers.hpp"

namespace timeless::detail {

void add_point(db::rollup_row& r, int64_t ts, double v) {
  if (r.count == 0) {
    r.count = 1;
    r.sum = v;
    r.min = r.max = v; // NaN stays NaN: "no non-NaN value yet"
    r.first_ts = r.last_ts = ts;
    r.first = r.last = v;
    return;
  }
  ++r.count;
  r.sum += v;
  if (!std::isnan(v)) {
    if (std::isnan(r.min) || v < r.min)
      r.min = v;
    if (std::isnan(r.max) || v > r.max)
      r.max = v;
  }
  if (ts < r.first_ts) {
    r.first_ts = ts;
    r.first = v;
  }
  if (ts >= r.last_ts) {
    r.last_ts = ts;
    r.last = v;
  }
}

void merge_row(db::rollup_row& r, const db::rollup_row& x) {
  if (x.count == 0)
    return;
  if (r.count == 0) {
    auto id = r.series_id;
    auto bucket = r.bucket;
    r = x;
    r.series_id = id;
    r.bucket = bucket;
    return;
  }
  r.count += x.count;
  r.sum += x.sum;
  if (!std::isnan(x.min) && (std::isnan(r.min) || x.min < r.min))
    r.min = x.min;
  if (!std::isnan(x.max) && (std::isnan(r.max) || x.max > r.max))
    r.max = x.max;
  if (x.first_ts < r.first_ts) {
    r.first_ts = x.first_ts;
    r.first = x.first;
  }
  if (x.last_ts >= r.last_ts) {
    r.last_ts = x.last_ts;
    r.last = x.last;
  }
}

rollup_delta::rollup_delta(std::vector<tier_options> tiers,
                           std::vector<uint64_t> watermarks,
                           std::vector<uint64_t> created_seqs)
    : tiers_(std::move(tiers)), watermarks_(std::move(watermarks)),
      created_(std::move(created_seqs)), rows_(tiers_.size()) {
  assert(tiers_.size() == watermarks_.size());
  if (created_.empty())
    created_.assign(tiers_.size(), 0);
  assert(created_.size() == tiers_.size());
}

void rollup_delta::add_segment(uint64_t series, uint64_t seq,
                               std::span<const int64_t> ts,
                               std::span<const double> values, bool compacted) {
  assert(ts.size() == values.size());
  if (tiers_.empty() || ts.empty())
    return;
  // The finest tier: one row per run of points in the same bucket (points
  // of a segment are in time order, so a run is usually a whole bucket).
  level_.clear();
  for (size_t i = 0; i < ts.size(); ++i) {
    auto b = tier_bucket_start(tiers_[0], ts[i]);
    if (level_.empty() || level_.back().bucket != b) {
      level_.push_back(db::rollup_row{});
      level_.back().series_id = series;
      level_.back().bucket = b;
    }
    add_point(level_.back(), ts[i], values[i]);
  }
  for (size_t t = 0; t < tiers_.size(); ++t) {
    if (t > 0) {
      // Cascade: this tier's changes from the finer tier's.
      next_.clear();
      for (auto& r : level_) {
        auto b = tier_bucket_start(tiers_[t], r.bucket);
        if (next_.empty() || next_.back().bucket != b) {
          next_.push_back(db::rollup_row{});
          next_.back().series_id = series;
          next_.back().bucket = b;
        }
        merge_row(next_.back(), r);
      }
      level_.swap(next_);
    }
    if (seq <= watermarks_[t] || (compacted && seq > created_[t]))
      continue;
    auto& rows = rows_[t];
    for (auto& r : level_) {
      auto [it, added] = rows.try_emplace(key{series, r.bucket}, r);
      if (!added)
        merge_row(it->second, r);
    }
  }
}

std::vector<db::rollup_row> rollup_delta::take_rows(size_t i) {
  std::vector<db::rollup_row> out;
  out.reserve(rows_[i].size());
  for (auto& [k, r] : rows_[i])
    out.push_back(r);
  rows_[i].clear();
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.series_id != b.series_id ? a.series_id < b.series_id
                                      : a.bucket < b.bucket;
  });
  return out;
}

} // namespace timeless::detail
