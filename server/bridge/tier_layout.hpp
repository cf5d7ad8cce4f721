#pragma once

// What a PromQL query needs to know of the store's rollup tiers to read
// them where raw points are gone: the raw horizon and the tiers. The store
// reports both in `store_info` (info_atom), an answer that asks every
// shard and sums the directory, so the server keeps the last one: the
// tiers and the raw retention never change while a store is open, and
// only a query whose windows reach before now minus the raw retention (or
// before the horizon last seen) can meet deleted points; such a query asks
// again, so it always sees the current horizon. Other queries never wait
// for it after the first.

#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include "timeless/messages.hpp"

namespace timeless::server {

/// The part of `store_info` the query jobs use.
struct tier_layout {
  int64_t raw_horizon = INT64_MIN;
  int64_t raw_retention_ms = 0;
  std::vector<tier_info> tiers;
};

/// One server's cached `tier_layout`; shared by its query jobs (any thread).
class tier_layout_cache {
 public:
  /// The cached layout when good for a query that reads back to `min_t`
  /// (ms) at wall time `now_ms`; nothing if it must be asked for.
  std::optional<tier_layout> get(int64_t min_t, int64_t now_ms) const;

  void put(tier_layout layout);

 private:
  mutable std::mutex mtx_;
  std::optional<tier_layout> layout_;
};

/// The tier to read summaries from for a window of `range_ms`: the
/// coarsest tier of fixed width that divides the range, else the finest
/// of fixed width; null if there is none.
const tier_info* tier_for_range(const tier_layout& l, int64_t range_ms);

/// The start of the bucket of `tier` holding `t`.
int64_t tier_floor(const tier_info& tier, int64_t t);

/// The first bucket start of `tier` at or after `horizon`: tier buckets
/// before it are whole, raw points are read from it on.
int64_t tier_seam(const tier_info& tier, int64_t horizon);

} // namespace timeless::server
