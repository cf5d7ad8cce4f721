#pragma once

// The ticks of a chart's axes and their labels.
//
// Values (Y): about `target` ticks whose step is 1, 2 or 5 times a power
// of ten, every multiple of the step inside [lo, hi]. Labels share one
// unit per axis, chosen by the largest tick's magnitude: none below 1000,
// then K (10^3), M (10^6), G (10^9), T (10^12); beyond 10^15, or for an
// axis whose ticks are all below 10^-4 in magnitude (but not all zero),
// scientific notation ("1.5e+20", "2e-300"). A label has as many decimals
// as the step needs (step 0.25 → "0.25", step 2 K → "4K"), at most 6 for
// plain numbers; zero is always "0".
//
// Times (X): about `target` ticks at multiples (from the epoch, UTC) of a
// step snapped up to 30 s, 1 m, 5 m, 10 m, 30 m, 1 h, 2 h, 6 h, 12 h, 1 d,
// else a whole number of days. Labels in UTC by the span shown: "HH:MM"
// up to a day ("HH:MM:SS" when the step is under a minute), "Dow HH:MM"
// up to a week, "M/D" up to a year, "YYYY-MM-DD" beyond.
//
// Every function takes any input without overflow: values anywhere in the
// finite double range (lo = -DBL_MAX, hi = DBL_MAX) and times anywhere in
// int64 milliseconds. At most `max_ticks` ticks are returned.

#include <cstdint>
#include <string>
#include <vector>

namespace timeless::chart {

/// Most ticks one axis gets.
inline constexpr size_t max_ticks = 32;

struct value_ticks {
  std::vector<double> values;
  /// The distance between ticks (0 without ticks).
  double step = 0;
};

/// Ticks inside [lo, hi]; none unless lo < hi, both finite; `target` is
/// clamped to 1..16.
value_ticks nice_value_ticks(double lo, double hi, int target = 5);

/// One label per tick of `t` (see above).
std::vector<std::string> value_labels(const value_ticks& t);

struct time_ticks {
  /// Unix milliseconds, ascending.
  std::vector<int64_t> ts;
  /// The distance between ticks in milliseconds (0 without ticks).
  int64_t step_ms = 0;
};

/// Ticks inside [t_min, t_max] (none unless t_min < t_max); `target` is
/// clamped to 1..16.
time_ticks nice_time_ticks(int64_t t_min, int64_t t_max, int target = 6);

/// The label of tick `ts` on an axis spanning `span_ms` with ticks every
/// `step_ms` (see above).
std::string time_label(int64_t ts, int64_t span_ms, int64_t step_ms);

} // namespace timeless::chart
