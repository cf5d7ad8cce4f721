#pragma once

// Helpers of the rollup and retention tests: a store on a manual clock.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "timeless/blocking_store.hpp"

namespace timeless::testing {

inline constexpr int64_t minute = 60 * 1000ll;
inline constexpr int64_t hour = 60 * minute;
inline constexpr int64_t day = 24 * hour;
/// 2024-01-01T00:00:00Z.
inline constexpr int64_t jan_2024 = 1'704'067'200'000;

/// A clock tests move by hand.
struct manual_clock {
  std::shared_ptr<std::atomic<int64_t>> now =
      std::make_shared<std::atomic<int64_t>>(jan_2024);
  std::function<int64_t()> fn() const {
    return [n = now] { return n->load(); };
  }
  void set(int64_t t) { now->store(t); }
};

/// Options with on-demand rollups, retention and compaction only
/// (deterministic).
inline store_options tier_options_for(const std::string& dir,
                                      const manual_clock& clock) {
  store_options o;
  o.data_dir = dir;
  o.shards = 2;
  o.clock = clock.fn();
  o.rollup_interval = std::chrono::milliseconds{0};
  o.retention_interval = std::chrono::milliseconds{0};
  o.compaction_interval = std::chrono::milliseconds{0};
  return o;
}

inline std::unique_ptr<blocking_store> open_tier_store(const store_options& o) {
  auto s = blocking_store::open(o);
  EXPECT_TRUE(s) << describe(s.error());
  return s ? std::move(*s) : nullptr;
}

inline selector sel(const std::string& text) {
  auto s = parse_selector(text);
  EXPECT_TRUE(s) << text;
  return s ? *s : selector{};
}

/// Points of one series every `step` from t0 (values: small integers, so
/// sums are exact in any order).
inline std::vector<sample> series_points_of(const std::string& metric,
                                            const std::string& host, int64_t t0,
                                            int64_t t1, int64_t step) {
  std::vector<sample> out;
  int i = 0;
  for (int64_t t = t0; t < t1; t += step, ++i)
    out.push_back(sample{metric, {{"host", host}}, t, double(i % 50)});
  return out;
}

inline std::vector<series_tier> tier_rows(blocking_store& s,
                                          const std::string& tier,
                                          const std::string& selector_text,
                                          int64_t from = INT64_MIN,
                                          int64_t to = INT64_MAX) {
  tier_query q;
  q.tier = tier;
  q.sel = sel(selector_text);
  q.from = from;
  q.to = to;
  auto res = s.read_tier(q);
  EXPECT_TRUE(res) << describe(res.error());
  return res ? *res : std::vector<series_tier>{};
}

inline std::vector<series_buckets> agg(blocking_store& s,
                                       const std::string& selector_text,
                                       int64_t from, int64_t to, int64_t step,
                                       aggregate_fn fn) {
  agg_query q;
  q.sel = sel(selector_text);
  q.from = from;
  q.to = to;
  q.step = step;
  q.fn = fn;
  auto res = s.aggregate(q);
  EXPECT_TRUE(res) << describe(res.error());
  return res ? *res : std::vector<series_buckets>{};
}

} // namespace timeless::testing
