#include "formats/time_parse.hpp"

#include <cstdio>
#include <limits>

#include "formats/duration.hpp"
#include "formats/error_text.hpp"
#include "timeless/error.hpp"

namespace timeless::formats {

namespace {

constexpr int64_t ms_per_day = 86'400'000;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view s) {
  for (auto c : s)
    if (!is_digit(c))
      return false;
  return !s.empty();
}

caf::error bad(std::string_view text, const std::string& what) {
  return make_error(errc::invalid_argument,
                    "invalid time '" + std::string{text} + "': " + what);
}

/// Reads exactly `n` digits at `pos` into `out`; false if there are fewer.
bool read_digits(std::string_view s, size_t pos, size_t n, unsigned& out) {
  if (pos + n > s.size())
    return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!is_digit(s[i]))
      return false;
    out = out * 10 + static_cast<unsigned>(s[i] - '0');
  }
  return true;
}

unsigned days_in_month(int64_t y, unsigned m) {
  static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30,
                                      31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : days[m - 1];
}

/// `now_ms` plus or minus the duration `d` (sign +1 or -1).
caf::expected<int64_t> relative(std::string_view text, int64_t now_ms,
                                std::string_view d, int sign) {
  auto ms = parse_duration_ms(d);
  if (!ms)
    return bad(text, error_text(ms.error()));
  constexpr auto max = std::numeric_limits<int64_t>::max();
  constexpr auto min = std::numeric_limits<int64_t>::min();
  if (sign < 0 ? now_ms < min + *ms : now_ms > max - *ms)
    return bad(text, "out of range");
  return sign < 0 ? now_ms - *ms : now_ms + *ms;
}

/// Unix seconds (up to 10 digits, optional fraction) or milliseconds (13).
caf::expected<int64_t> numeric(std::string_view text) {
  auto dot = text.find('.');
  auto whole = text.substr(0, dot);
  auto frac =
      dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (!all_digits(whole) ||
      (dot != std::string_view::npos && !all_digits(frac)))
    return bad(text, "expected digits");
  int64_t n = 0;
  for (auto c : whole)
    n = n * 10 + (c - '0'); // at most 13 digits: no overflow
  if (whole.size() == 13 && dot == std::string_view::npos)
    return n;
  if (whole.size() > 10)
    return bad(text, "use unix seconds (at most 10 digits) or unix "
                     "milliseconds (13 digits)");
  if (frac.size() > 9)
    return bad(text, "more than 9 fraction digits");
  int64_t ms = n * 1000;
  int64_t scale = 100;
  for (size_t i = 0; i < frac.size() && i < 3; ++i, scale /= 10)
    ms += (frac[i] - '0') * scale;
  return ms;
}

/// RFC 3339 date-time, or a bare date.
caf::expected<int64_t> rfc3339(std::string_view text) {
  unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!read_digits(text, 0, 4, y) || text.size() < 10 || text[4] != '-' ||
      !read_digits(text, 5, 2, mo) || text[7] != '-' ||
      !read_digits(text, 8, 2, d))
    return bad(text, "expected YYYY-MM-DD");
  if (mo < 1 || mo > 12)
    return bad(text, "month " + std::to_string(mo) + " is not 1-12");
  if (d < 1 || d > days_in_month(y, mo))
    return bad(text, "day " + std::to_string(d) + " is not in " +
                         std::string{text.substr(0, 7)});
  int64_t ms = days_from_civil(y, mo, d) * ms_per_day;
  if (text.size() == 10)
    return ms;
  auto sep = text[10];
  if (sep != 'T' && sep != 't' && sep != ' ')
    return bad(text, "expected 'T' after the date");
  if (!read_digits(text, 11, 2, h) || text.size() < 19 || text[13] != ':' ||
      !read_digits(text, 14, 2, mi) || text[16] != ':' ||
      !read_digits(text, 17, 2, s))
    return bad(text, "expected hh:mm:ss after the date");
  if (h > 23 || mi > 59 || s > 59)
    return bad(text, "time of day out of range");
  ms += ((h * 60 + mi) * 60 + s) * int64_t{1000};
  size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    auto start = pos;
    int64_t scale = 100;
    for (; pos < text.size() && is_digit(text[pos]); ++pos, scale /= 10)
      if (scale > 0)
        ms += (text[pos] - '0') * scale;
    if (pos == start)
      return bad(text, "expected digits after '.'");
  }
  if (pos == text.size())
    return bad(text, "missing time zone ('Z' or an offset such as +02:00)");
  auto zone = text[pos];
  if (zone == 'Z' || zone == 'z') {
    if (pos + 1 != text.size())
      return bad(text, "unexpected characters after 'Z'");
    return ms;
  }
  unsigned oh = 0, om = 0;
  if ((zone != '+' && zone != '-') || !read_digits(text, pos + 1, 2, oh) ||
      pos + 6 != text.size() || text[pos + 3] != ':' ||
      !read_digits(text, pos + 4, 2, om))
    return bad(text, "expected 'Z' or an offset such as +02:00 after the time");
  if (oh > 23 || om > 59)
    return bad(text, "offset out of range");
  int64_t offset = (oh * 60 + om) * int64_t{60'000};
  // Local time = UTC + offset.
  return zone == '+' ? ms - offset : ms + offset;
}

} // namespace

bool is_leap_year(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  // Howard Hinnant's algorithm: years start on March 1 so that the leap
  // day is the last day of a year.
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

caf::expected<int64_t> parse_time_ms(std::string_view text, int64_t now_ms) {
  if (text.empty())
    return bad(text, "empty");
  if (text == "now")
    return now_ms;
  if (text.starts_with("now-") || text.starts_with("now+"))
    return relative(text, now_ms, text.substr(4), text[3] == '-' ? -1 : 1);
  if (text[0] == '-')
    return relative(text, now_ms, text.substr(1), -1);
  if (text.size() >= 5 && text[4] == '-')
    return rfc3339(text);
  return numeric(text);
}

std::string format_time_ms(int64_t ms) {
  auto days = ms / ms_per_day;
  auto rem = ms % ms_per_day;
  if (rem < 0) {
    rem += ms_per_day;
    --days;
  }
  // Inverse of days_from_civil (Hinnant's civil_from_days).
  auto z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[64];
  std::snprintf(
      buf, sizeof(buf), "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ",
      static_cast<long long>(y), m, d, static_cast<int>(rem / 3'600'000),
      static_cast<int>(rem / 60'000 % 60), static_cast<int>(rem / 1000 % 60),
      static_cast<int>(rem % 1000));
  return buf;
}

} // namespace timeless::formats
