#pragma once

// The window a rule is evaluated over and its aggregate.
//
// The window is the whole span [now - max(duration, 10 min), now], both
// ends included, ending at the evaluation time. The original asked for
// epoch-aligned buckets as wide as the window and took the last one, which
// usually began at a bucket boundary a moment ago and so held only a
// sliver of the window (original.md §9.1). Here the aggregate is computed
// from the window's raw points (`query_atom`), as one bucket covering
// exactly the window: the points' timestamps are shifted by the window's
// start so a bucket of the window's width starting at 0 holds all of them
// and no epoch-aligned boundary can cut it. The store's aggregate path is
// not used on purpose: its buckets are epoch-aligned, and a window
// reaching back before the raw horizon would come back as several tier
// buckets. The aggregate functions are the store's (`aggregate_points`).

#include <cstdint>
#include <optional>
#include <span>

#include "timeless/catalog.hpp"
#include "timeless/messages.hpp"

namespace timeless::server {

/// The shortest window, in ms (the original's 600 s lookback).
inline constexpr int64_t min_alert_window_ms = 10 * 60 * 1000;

/// The longest rule duration accepted (and window used), in ms: 365 days.
inline constexpr int64_t max_alert_duration_ms = 365ll * 86400 * 1000;

/// A closed time range [from, to] in ms.
struct alert_window {
  int64_t from = 0;
  int64_t to = 0;
};

/// The window of `rule` at `now`: [now - max(duration, 10 min), now], the
/// width capped at `max_alert_duration_ms` and `from` saturating at
/// INT64_MIN.
alert_window window_of(const alert_rule& rule, int64_t now);

/// The raw query for the series of `rule` (its metric, each of its labels
/// as an equality matcher) over `w`.
raw_query window_query(const alert_rule& rule, const alert_window& w);

/// The aggregate `fn` of the points of one series with w.from <= ts <= w.to
/// (`ts` sorted ascending), as one bucket; nullopt if none is in the window.
std::optional<double> window_value(std::span<const int64_t> ts,
                                   std::span<const double> values,
                                   const alert_window& w, aggregate_fn fn);

} // namespace timeless::server
