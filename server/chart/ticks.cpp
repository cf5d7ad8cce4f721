#include "server/chart/ticks.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace timeless::chart {

namespace {

constexpr int64_t second_ms = 1000;
constexpr int64_t minute_ms = 60 * second_ms;
constexpr int64_t hour_ms = 60 * minute_ms;
constexpr int64_t day_ms = 24 * hour_ms;

/// The time steps ticks snap to, before whole days.
constexpr std::array<int64_t, 10> time_steps = {
    30 * second_ms, minute_ms,   5 * minute_ms, 10 * minute_ms, 30 * minute_ms,
    hour_ms,        2 * hour_ms, 6 * hour_ms,   12 * hour_ms,   day_ms};

/// floor(a / b) for b > 0.
__int128 floor_div(__int128 a, __int128 b) {
  auto q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

struct civil {
  int64_t y;
  unsigned m;
  unsigned d;
};

/// The proleptic Gregorian date `z` days after 1970-01-01 (H. Hinnant's
/// civil_from_days).
civil civil_from_days(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<uint64_t>(z - era * 146097);
  auto yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  auto y = static_cast<int64_t>(yoe) + era * 400;
  auto doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  auto mp = (5 * doy + 2) / 153;
  auto d = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  auto m = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  return {y + (m <= 2 ? 1 : 0), m, d};
}

std::string plain_label(double v, double unit, const char* suffix,
                        int decimals) {
  auto x = static_cast<long double>(v) / unit;
  // No "-0": a value that rounds to zero is zero.
  if (std::fabs(x) < 0.5L * std::pow(10.0L, -decimals))
    return "0";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*Lf%s", decimals, x, suffix);
  return buf;
}

} // namespace

value_ticks nice_value_ticks(double lo, double hi, int target) {
  value_ticks out;
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi))
    return out;
  target = std::clamp(target, 1, 16);
  // long double: hi - lo may exceed the double range.
  long double range = static_cast<long double>(hi) - lo;
  long double raw = range / target;
  long double mag = std::pow(10.0L, std::floor(std::log10(raw)));
  long double r = raw / mag;
  long double step = r <= 1.5L   ? mag
                     : r <= 3.5L ? 2 * mag
                     : r <= 7.5L ? 5 * mag
                                 : 10 * mag;
  long double first = std::ceil(lo / step) * step;
  for (size_t i = 0; i < 4 * max_ticks && out.values.size() < max_ticks; ++i) {
    long double v = first + static_cast<long double>(i) * step;
    if (v > hi)
      break;
    if (v < lo)
      continue;
    auto d = std::fabs(v) < step * 1e-9L ? 0.0 : static_cast<double>(v);
    if (out.values.empty() || out.values.back() != d)
      out.values.push_back(d);
  }
  out.step = static_cast<double>(step);
  return out;
}

std::vector<std::string> value_labels(const value_ticks& t) {
  std::vector<std::string> out;
  double big = 0;
  for (auto v : t.values)
    big = std::max(big, std::fabs(v));
  if (big == 0 || !(t.step > 0)) {
    out.assign(t.values.size(), "0");
    return out;
  }
  struct unit_t {
    double size;
    const char* suffix;
  };
  constexpr std::array<unit_t, 5> units = {
      {{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "K"}, {1, ""}}};
  bool sci = big >= 1e15 || big < 1e-4;
  int decimals = 0;
  unit_t unit = units.back();
  if (!sci) {
    for (auto u : units)
      if (big >= u.size) {
        unit = u;
        break;
      }
    auto j = std::floor(std::log10(t.step / unit.size) + 1e-9);
    decimals = j < 0 ? static_cast<int>(-j) : 0;
    sci = decimals > 6;
  }
  if (sci) {
    auto digits = static_cast<int>(std::floor(std::log10(big)) -
                                   std::floor(std::log10(t.step)) + 1);
    digits = std::clamp(digits, 1, 17);
    for (auto v : t.values) {
      char buf[64];
      if (std::fabs(v) < t.step * 1e-9)
        v = 0;
      std::snprintf(buf, sizeof buf, "%.*g", digits, v);
      out.emplace_back(buf);
    }
    return out;
  }
  for (auto v : t.values)
    out.push_back(plain_label(v, unit.size, unit.suffix, decimals));
  return out;
}

time_ticks nice_time_ticks(int64_t t_min, int64_t t_max, int target) {
  time_ticks out;
  if (t_min >= t_max)
    return out;
  target = std::clamp(target, 1, 16);
  __int128 range = static_cast<__int128>(t_max) - t_min;
  __int128 raw = (range + target - 1) / target;
  __int128 step = 0;
  for (auto s : time_steps)
    if (raw <= s) {
      step = s;
      break;
    }
  if (step == 0)
    step = (raw + day_ms - 1) / day_ms * day_ms;
  __int128 first = floor_div(t_min, step) * step;
  if (first < t_min)
    first += step;
  for (auto v = first; v <= t_max && out.ts.size() < max_ticks; v += step)
    out.ts.push_back(static_cast<int64_t>(v));
  out.step_ms = static_cast<int64_t>(step);
  return out;
}

std::string time_label(int64_t ts, int64_t span_ms, int64_t step_ms) {
  auto days = static_cast<int64_t>(floor_div(ts, day_ms));
  auto of_day = ts % day_ms; // 0 .. day_ms - 1 (days * day_ms may overflow)
  if (of_day < 0)
    of_day += day_ms;
  auto h = static_cast<int>(of_day / hour_ms);
  auto m = static_cast<int>(of_day % hour_ms / minute_ms);
  auto s = static_cast<int>(of_day % minute_ms / second_ms);
  char buf[64];
  if (span_ms <= day_ms) {
    if (step_ms < minute_ms)
      std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", h, m, s);
    else
      std::snprintf(buf, sizeof buf, "%02d:%02d", h, m);
    return buf;
  }
  if (span_ms <= 7 * day_ms) {
    // 1970-01-01 was a Thursday.
    static constexpr std::array<const char*, 7> names = {
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    auto dow = ((days % 7) + 7 + 3) % 7;
    std::snprintf(buf, sizeof buf, "%s %02d:%02d",
                  names[static_cast<size_t>(dow)], h, m);
    return buf;
  }
  auto c = civil_from_days(days);
  if (span_ms <= 366 * day_ms)
    std::snprintf(buf, sizeof buf, "%u/%u", c.m, c.d);
  else
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u",
                  static_cast<long long>(c.y), c.m, c.d);
  return buf;
}

} // namespace timeless::chart
