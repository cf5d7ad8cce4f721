#include "server/bridge/tier_layout.hpp"

namespace timeless::server {

std::optional<tier_layout> tier_layout_cache::get(int64_t min_t,
                                                  int64_t now_ms) const {
  std::lock_guard<std::mutex> guard{mtx_};
  if (!layout_)
    return std::nullopt;
  auto& l = *layout_;
  if (l.tiers.empty())
    return layout_;
  bool before_horizon = l.raw_horizon != INT64_MIN && min_t < l.raw_horizon;
  bool before_retention =
      l.raw_retention_ms > 0 && min_t < now_ms - l.raw_retention_ms;
  if (before_horizon || before_retention)
    return std::nullopt;
  return layout_;
}

void tier_layout_cache::put(tier_layout layout) {
  std::lock_guard<std::mutex> guard{mtx_};
  layout_ = std::move(layout);
}

const tier_info* tier_for_range(const tier_layout& l, int64_t range_ms) {
  const tier_info* finest = nullptr;
  const tier_info* dividing = nullptr;
  for (auto& t : l.tiers) {
    if (t.calendar_months || t.resolution_ms <= 0)
      continue;
    if (!finest || t.resolution_ms < finest->resolution_ms)
      finest = &t;
    if (range_ms > 0 && range_ms % t.resolution_ms == 0 &&
        (!dividing || t.resolution_ms > dividing->resolution_ms))
      dividing = &t;
  }
  return dividing ? dividing : finest;
}

int64_t tier_floor(const tier_info& tier, int64_t t) {
  auto w = tier.resolution_ms;
  // Floor division (times before 1970 are negative).
  auto b = t / w * w;
  return b > t ? b - w : b;
}

int64_t tier_seam(const tier_info& tier, int64_t horizon) {
  auto w = tier.resolution_ms;
  auto b = tier_floor(tier, horizon);
  if (b == horizon)
    return b;
  return b > INT64_MAX - w ? INT64_MAX : b + w;
}

} // namespace timeless::server
