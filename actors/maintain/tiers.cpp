#include "actors/maintain/tiers.hpp"

#include <set>
#include <string>

#include "timeless/aggregate.hpp"
#include "timeless/error.hpp"

namespace timeless::detail {

namespace {

constexpr int64_t day_ms = 86400 * 1000ll;

// Howard Hinnant's civil-date algorithms, on int64 days since 1970-01-01.
struct civil {
  int64_t year;
  int64_t month; // 1..12
  int64_t day;   // 1..31
};

civil civil_from_days(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return {m <= 2 ? y + 1 : y, m, d};
}

int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/// ms of a day count, saturating to the int64 range.
int64_t ms_of_days(int64_t days) {
  int64_t out = 0;
  if (__builtin_mul_overflow(days, day_ms, &out))
    return days < 0 ? INT64_MIN : INT64_MAX;
  return out;
}

} // namespace

int64_t tier_bucket_start(const tier_options& tier, int64_t ts) {
  if (!tier.calendar_months)
    return bucket_start(ts, tier.resolution_ms);
  auto days = bucket_start(ts, day_ms) / day_ms;
  auto c = civil_from_days(days);
  return ms_of_days(days_from_civil(c.year, c.month, 1));
}

int64_t tier_bucket_next(const tier_options& tier, int64_t start) {
  if (!tier.calendar_months) {
    int64_t out = 0;
    if (__builtin_add_overflow(start, tier.resolution_ms, &out))
      return INT64_MAX;
    return out;
  }
  auto days = bucket_start(start, day_ms) / day_ms;
  auto c = civil_from_days(days);
  auto next = c.month == 12 ? days_from_civil(c.year + 1, 1, 1)
                            : days_from_civil(c.year, c.month + 1, 1);
  return ms_of_days(next);
}

int64_t tier_max_width(const tier_options& tier) {
  return tier.calendar_months ? 31 * day_ms : tier.resolution_ms;
}

caf::error validate_tiers(const std::vector<tier_options>& tiers) {
  std::set<std::string> names;
  for (size_t i = 0; i < tiers.size(); ++i) {
    auto& t = tiers[i];
    auto bad = [&](const std::string& why) {
      return make_error(errc::invalid_argument,
                        "rollup tier '" + t.name + "': " + why);
    };
    if (t.name.empty() || t.name.size() > 32)
      return bad("a name has 1 to 32 characters");
    for (char c : t.name)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '_'))
        return bad("a name has only letters, digits and '_'");
    if (!names.insert(t.name).second)
      return bad("the name is used twice");
    if (!t.calendar_months && t.resolution_ms <= 0)
      return bad("the resolution must be positive");
    if (t.retention_ms <= 0)
      return bad("the retention must be positive");
    if (i == 0)
      continue;
    auto& prev = tiers[i - 1];
    if (prev.calendar_months)
      return bad("a calendar-month tier must be the last");
    if (t.calendar_months) {
      if (day_ms % prev.resolution_ms != 0)
        return bad("calendar months need the previous tier's resolution to "
                   "divide a day");
    } else if (t.resolution_ms <= prev.resolution_ms ||
               t.resolution_ms % prev.resolution_ms != 0) {
      return bad("the resolution must be a multiple of the previous tier's (" +
                 std::to_string(prev.resolution_ms) + " ms), and larger");
    }
  }
  return caf::none;
}

} // namespace timeless::detail
