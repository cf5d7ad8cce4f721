// Prometheus durations (model.ParseDuration): `[0-9]+unit` groups with the
// units y (365d), w, d, h, m, s, ms, each at most once, largest first.

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "promql/lex.hpp"

namespace timeless::promql {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

} // namespace

bool parse_duration(std::string_view s, int64_t& ms) {
  if (s == "0") {
    ms = 0;
    return true;
  }
  struct unit {
    std::string_view name;
    int64_t ms;
  };
  static constexpr unit units[] = {
      {"y", 365LL * 24 * 3600 * 1000},
      {"w", 7LL * 24 * 3600 * 1000},
      {"d", 24LL * 3600 * 1000},
      {"h", 3600LL * 1000},
      {"m", 60LL * 1000},
      {"s", 1000},
      {"ms", 1},
  };
  size_t next_unit = 0;
  size_t i = 0;
  int64_t total = 0;
  if (s.empty())
    return false;
  while (i < s.size()) {
    if (!is_digit(s[i]))
      return false;
    int64_t n = 0;
    while (i < s.size() && is_digit(s[i])) {
      if (n > (std::numeric_limits<int64_t>::max() - 9) / 10)
        return false;
      n = n * 10 + (s[i] - '0');
      ++i;
    }
    size_t j = i;
    while (j < s.size() && is_alpha(s[j]))
      ++j;
    auto name = s.substr(i, j - i);
    i = j;
    bool found = false;
    for (; next_unit < std::size(units); ++next_unit) {
      if (units[next_unit].name == name) {
        if (n > std::numeric_limits<int64_t>::max() / units[next_unit].ms)
          return false;
        int64_t add = n * units[next_unit].ms;
        if (total > std::numeric_limits<int64_t>::max() - add)
          return false;
        total += add;
        ++next_unit;
        found = true;
        break;
      }
    }
    if (!found)
      return false;
  }
  ms = total;
  return true;
}

std::string format_duration(int64_t ms) {
  if (ms == 0)
    return "0s";
  std::string out;
  if (ms < 0) {
    out = "-";
    ms = -ms;
  }
  struct unit {
    const char* name;
    int64_t ms;
  };
  static constexpr unit units[] = {
      {"y", 365LL * 24 * 3600 * 1000},
      {"w", 7LL * 24 * 3600 * 1000},
      {"d", 24LL * 3600 * 1000},
      {"h", 3600LL * 1000},
      {"m", 60LL * 1000},
      {"s", 1000},
      {"ms", 1},
  };
  for (auto& u : units) {
    if (ms >= u.ms) {
      out += std::to_string(ms / u.ms);
      out += u.name;
      ms %= u.ms;
    }
  }
  return out;
}

} // namespace timeless::promql
