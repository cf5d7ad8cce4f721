#include "timeless/aggregate.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <limits>

#include "actors/common/counter_growth.hpp"

namespace timeless {

namespace {

constexpr auto min_ts = std::numeric_limits<int64_t>::min();
constexpr auto max_ts = std::numeric_limits<int64_t>::max();

constexpr std::array<std::string_view, 9> fn_names = {
    "avg", "min", "max", "count", "sum", "first", "last", "rate", "increase",
};

/// Returns ts mod width in [0, width).
int64_t floor_mod(int64_t ts, int64_t width) {
  auto rem = ts % width; // in (-width, width); no overflow as width > 0
  return rem < 0 ? rem + width : rem;
}

/// Returns the last timestamp of the bucket holding `ts`, saturating at
/// INT64_MAX for the highest bucket.
int64_t bucket_last(int64_t ts, int64_t width) {
  auto ahead = width - 1 - floor_mod(ts, width); // in [0, width)
  return ts > max_ts - ahead ? max_ts : ts + ahead;
}

/// Returns the counter growth of the points of one bucket (n >= 2, span > 0).
double increase_of(std::span<const double> v) {
  double sum = 0;
  for (size_t i = 1; i < v.size(); ++i)
    sum += detail::counter_growth(v[i - 1], v[i]);
  return sum;
}

/// Aggregates the points of one bucket (at least one).
double reduce(aggregate_fn fn, std::span<const int64_t> ts,
              std::span<const double> v) {
  assert(!v.empty() && ts.size() == v.size());
  constexpr auto nan = std::numeric_limits<double>::quiet_NaN();
  switch (fn) {
    case aggregate_fn::avg:
    case aggregate_fn::sum: {
      double sum = 0;
      for (auto x : v)
        sum += x;
      return fn == aggregate_fn::sum ? sum
                                     : sum / static_cast<double>(v.size());
    }
    case aggregate_fn::min: {
      auto result = nan;
      for (auto x : v)
        if (x < result || std::isnan(result))
          result = x;
      return result;
    }
    case aggregate_fn::max: {
      auto result = nan;
      for (auto x : v)
        if (x > result || std::isnan(result))
          result = x;
      return result;
    }
    case aggregate_fn::count:
      return static_cast<double>(v.size());
    case aggregate_fn::first:
      return v.front();
    case aggregate_fn::last:
      return v.back();
    case aggregate_fn::rate:
    case aggregate_fn::increase: {
      // Within one bucket, so the span is in [0, width): no overflow.
      auto span = ts.back() - ts.front();
      if (v.size() < 2 || span == 0)
        return 0.0;
      auto growth = increase_of(v);
      if (fn == aggregate_fn::increase)
        return growth;
      return growth / (static_cast<double>(span) / 1000.0);
    }
  }
  assert(false);
  return nan;
}

} // namespace

std::string to_string(aggregate_fn x) {
  auto i = static_cast<size_t>(x);
  return i < fn_names.size() ? std::string{fn_names[i]} : "?";
}

bool parse_aggregate_fn(std::string_view name, aggregate_fn& out) {
  auto it = std::find(fn_names.begin(), fn_names.end(), name);
  if (it == fn_names.end())
    return false;
  out = static_cast<aggregate_fn>(it - fn_names.begin());
  return true;
}

int64_t bucket_start(int64_t ts, int64_t width_ms) {
  assert(width_ms > 0);
  auto rem = floor_mod(ts, width_ms);
  return ts < min_ts + rem ? min_ts : ts - rem;
}

void aggregate_points(std::span<const int64_t> ts,
                      std::span<const double> values, int64_t from, int64_t to,
                      int64_t width_ms, aggregate_fn fn,
                      std::vector<bucket_value>& out) {
  assert(width_ms > 0);
  assert(ts.size() == values.size());
  assert(std::is_sorted(ts.begin(), ts.end()));
  if (from > to)
    return;
  auto first = static_cast<size_t>(
      std::lower_bound(ts.begin(), ts.end(), from) - ts.begin());
  auto end = static_cast<size_t>(std::upper_bound(ts.begin(), ts.end(), to) -
                                 ts.begin());
  while (first < end) {
    auto last_ts = bucket_last(ts[first], width_ms);
    auto next = first + 1;
    while (next < end && ts[next] <= last_ts)
      ++next;
    auto n = next - first;
    out.push_back({bucket_start(ts[first], width_ms),
                   reduce(fn, ts.subspan(first, n), values.subspan(first, n))});
    first = next;
  }
}

} // namespace timeless
