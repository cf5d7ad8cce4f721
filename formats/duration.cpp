#include "formats/duration.hpp"

#include <array>
#include <limits>

#include "timeless/error.hpp"

namespace timeless::formats {

namespace {

struct unit {
  std::string_view name;
  int64_t ms;
};

/// Largest first: the order in which the terms of a duration must appear.
constexpr std::array<unit, 7> units = {{
    {"y", 365 * 86'400'000LL},
    {"w", 7 * 86'400'000LL},
    {"d", 86'400'000LL},
    {"h", 3'600'000LL},
    {"m", 60'000LL},
    {"s", 1'000LL},
    {"ms", 1LL},
}};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

caf::error bad(std::string_view text, std::string what) {
  return make_error(errc::invalid_argument,
                    "invalid duration '" + std::string{text} + "': " + what);
}

} // namespace

caf::expected<int64_t> parse_duration_ms(std::string_view text) {
  if (text.empty())
    return bad(text, "empty");
  constexpr auto max = std::numeric_limits<int64_t>::max();
  int64_t total = 0;
  size_t pos = 0;
  size_t next_unit = 0; // index into `units` the next term may use at most
  while (pos < text.size()) {
    if (!is_digit(text[pos]))
      return bad(text, "expected a number at position " + std::to_string(pos));
    int64_t n = 0;
    while (pos < text.size() && is_digit(text[pos])) {
      auto d = text[pos++] - '0';
      if (n > (max - d) / 10)
        return bad(text, "too large");
      n = n * 10 + d;
    }
    auto start = pos;
    while (pos < text.size() && !is_digit(text[pos]))
      ++pos;
    auto name = text.substr(start, pos - start);
    if (name.empty()) {
      // A bare number: seconds, and only on its own.
      if (start != text.size() || total != 0 || next_unit != 0)
        return bad(text, "a number without a unit must stand alone");
      if (n > max / 1000)
        return bad(text, "too large");
      return n * 1000;
    }
    size_t i = 0;
    while (i < units.size() && units[i].name != name)
      ++i;
    if (i == units.size())
      return bad(text, "unknown unit '" + std::string{name} +
                           "' (use ms, s, m, h, d, w or y)");
    if (i < next_unit)
      return bad(text, "units must appear once each, largest first");
    next_unit = i + 1;
    if (n > max / units[i].ms || total > max - n * units[i].ms)
      return bad(text, "too large");
    total += n * units[i].ms;
  }
  return total;
}

std::string format_duration(int64_t ms) {
  if (ms == 0)
    return "0s";
  std::string out;
  if (ms < 0) {
    out = "-";
    ms = ms == std::numeric_limits<int64_t>::min()
             ? std::numeric_limits<int64_t>::max()
             : -ms;
  }
  int terms = 0;
  for (auto& u : units) {
    // Days, never weeks: "30d" reads better than "4w 2d". Years only from
    // 365 days on: "1y 35d".
    if (u.name == "w")
      continue;
    if (ms < u.ms)
      continue;
    if (terms > 0)
      out += ' ';
    out += std::to_string(ms / u.ms);
    out += u.name;
    ms %= u.ms;
    if (++terms == 2 || ms == 0)
      break;
  }
  return out;
}

} // namespace timeless::formats
