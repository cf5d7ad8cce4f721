// label_replace and label_join (Prometheus 2.42 functions.go), and the
// time functions (minute ... year) of a Unix time in UTC.

#include <re2/re2.h>

#include "promql/instant_functions.hpp"

namespace timeless::promql {

namespace {

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}

/// Go's regexp.Expand: `$name`, `${name}`, `$1`, `$$`; an unknown or
/// unmatched group expands to ""; a malformed `$` stays literal.
std::string expand(std::string_view tmpl, const RE2& re,
                   const std::vector<re2::StringPiece>& groups) {
  std::string out;
  auto& named = re.NamedCapturingGroups();
  for (size_t i = 0; i < tmpl.size(); ++i) {
    char c = tmpl[i];
    if (c != '$' || i + 1 >= tmpl.size()) {
      out += c;
      continue;
    }
    if (tmpl[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    std::string_view name;
    size_t next = i;
    if (tmpl[i + 1] == '{') {
      size_t close = tmpl.find('}', i + 2);
      if (close == std::string_view::npos) {
        out += c;
        continue;
      }
      name = tmpl.substr(i + 2, close - i - 2);
      bool ok = !name.empty();
      for (char x : name)
        ok = ok && name_char(x);
      if (!ok) {
        out += c;
        continue;
      }
      next = close;
    } else {
      size_t j = i + 1;
      while (j < tmpl.size() && name_char(tmpl[j]))
        ++j;
      if (j == i + 1) {
        out += c;
        continue;
      }
      name = tmpl.substr(i + 1, j - i - 1);
      next = j - 1;
    }
    i = next;
    int idx = -1;
    bool numeric = true;
    for (char x : name)
      numeric = numeric && x >= '0' && x <= '9';
    if (numeric) {
      if (name.size() < 9)
        idx = std::stoi(std::string{name});
    } else {
      auto it = named.find(std::string{name});
      if (it != named.end())
        idx = it->second;
    }
    if (idx >= 0 && static_cast<size_t>(idx) < groups.size() &&
        groups[static_cast<size_t>(idx)].data() != nullptr)
      out.append(groups[static_cast<size_t>(idx)].data(),
                 groups[static_cast<size_t>(idx)].size());
  }
  return out;
}

} // namespace

vector label_replace(vector in, const std::string& dst,
                     const std::string& replacement, const std::string& src,
                     const std::string& regex) {
  RE2::Options opts;
  opts.set_log_errors(false);
  RE2 re{"^(?:" + regex + ")$", opts};
  if (!re.ok())
    throw eval_failure{"invalid regular expression in label_replace(): " +
                       regex};
  if (!is_label_name(dst))
    throw eval_failure{"invalid destination label name in label_replace(): " +
                       dst};
  std::vector<re2::StringPiece> groups(
      static_cast<size_t>(re.NumberOfCapturingGroups()) + 1);
  for (auto& s : in) {
    std::string value{get_label(s.lbls, src)};
    if (!re.Match(value, 0, value.size(), RE2::ANCHOR_BOTH, groups.data(),
                  static_cast<int>(groups.size())))
      continue;
    auto res = expand(replacement, re, groups);
    set_label(s.lbls, dst, res);
  }
  return in;
}

vector label_join(vector in, const std::string& dst, const std::string& sep,
                  const std::vector<std::string>& src) {
  for (auto& s : src)
    if (!is_label_name(s))
      throw eval_failure{"invalid source label name in label_join(): " + s};
  if (!is_label_name(dst))
    throw eval_failure{"invalid destination label name in label_join(): " +
                       dst};
  for (auto& s : in) {
    std::string joined;
    for (size_t i = 0; i < src.size(); ++i) {
      if (i)
        joined += sep;
      joined += get_label(s.lbls, src[i]);
    }
    set_label(s.lbls, dst, joined);
  }
  return in;
}

bool is_time_function(std::string_view name) {
  return name == "minute" || name == "hour" || name == "day_of_week" ||
         name == "day_of_month" || name == "day_of_year" ||
         name == "days_in_month" || name == "month" || name == "year";
}

double time_function(std::string_view name, int64_t secs) {
  // Go's time.Unix(secs, 0).UTC() dates the unsigned "absolute" seconds
  // uint64(secs + 9223372028715321600) (counted from year -292277022399),
  // wrapping: the proleptic Gregorian calendar for every secs from
  // -9223372028715321600 on; earlier ones (INT64_MIN, which NaN and
  // infinities become) wrap to the end of its range, year 292277026596.
  constexpr uint64_t unix_to_absolute = 9223372028715321600u;
  constexpr int64_t epoch_absolute_days = 106751991073094; // / 86400
  uint64_t abs = static_cast<uint64_t>(secs) + unix_to_absolute;
  int64_t days = static_cast<int64_t>(abs / 86400) - epoch_absolute_days;
  int64_t rem = static_cast<int64_t>(abs % 86400);
  if (name == "minute")
    return static_cast<double>(rem / 60 % 60);
  if (name == "hour")
    return static_cast<double>(rem / 3600);
  if (name == "day_of_week")
    return static_cast<double>(((days % 7) + 11) % 7); // 1970-01-01: Thu
  // Civil date from days since the epoch (Howard Hinnant's algorithm).
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2)
    ++y;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (name == "day_of_month")
    return static_cast<double>(d);
  if (name == "month")
    return static_cast<double>(m);
  if (name == "year")
    return static_cast<double>(y);
  static constexpr int month_days[] = {31, 28, 31, 30, 31, 30,
                                       31, 31, 30, 31, 30, 31};
  if (name == "days_in_month")
    return month_days[m - 1] + (m == 2 && leap ? 1 : 0);
  // day_of_year
  int64_t yday = d;
  for (int64_t i = 1; i < m; ++i)
    yday += month_days[i - 1] + (i == 2 && leap ? 1 : 0);
  return static_cast<double>(yday);
}

} // namespace timeless::promql
