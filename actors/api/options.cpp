#include "timeless/options.hpp"

namespace timeless {

std::vector<tier_options> default_tiers() {
  constexpr int64_t hour = 3600 * 1000ll;
  constexpr int64_t day = 24 * hour;
  return {
      {"hourly", hour, false, 30 * day},
      {"daily", day, false, 365 * day},
      {"monthly", 0, true, retention_forever},
  };
}

} // namespace timeless
