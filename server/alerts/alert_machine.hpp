#pragma once

// The alert state machine of one series under one rule: a pure function of
// (previous state, breaching?, value, now, rule), evaluated once per series
// and evaluation by the alert evaluator (server/alerts/alert_evaluator.hpp).
//
//   from      | breaching                            | not breaching
//   ----------+--------------------------------------+-------------------
//   ok        | firing (notify) if duration is 0,    | ok
//             | else pending; triggered_at = now     |
//   pending   | firing (notify) once now -           | ok; triggered_at
//             | triggered_at >= duration, else       | = 0
//             | pending                              |
//   firing    | firing                               | resolved (notify);
//             |                                      | resolved_at = now,
//             |                                      | triggered_at = 0
//   resolved  | as from ok                           | ok
//
// A series without a stored state is `ok`. Fixes against the original
// (lib/timeless/alert.ex, original.md §9.1): `triggered_at` is reset
// whenever a series leaves pending or firing, so a flapping series waits
// its whole duration again instead of firing at once on a stale start; a
// NaN value never breaches; the result says whether anything but
// `last_value` changed, so the caller writes a state only when it changes.

#include <cstdint>

#include "timeless/catalog.hpp"

namespace timeless::server {

/// The webhook call a transition asks for.
enum class alert_notify : uint8_t { none, firing, resolved };

/// The outcome of one evaluation of one series.
struct alert_step {
  alert_state state;
  alert_notify notify = alert_notify::none;
  /// When the episode notified about started breaching (for a resolved
  /// notification, the `triggered_at` the state had before it was reset).
  int64_t episode_start = 0;
  /// Whether status, triggered_at or resolved_at changed (last_value and
  /// delivery are not compared).
  bool changed = false;
};

/// Whether `value` breaches `threshold` under `cond`: strictly above or
/// strictly below. NaN never breaches.
bool is_breaching(alert_condition cond, double value, double threshold);

/// Whether `now - since >= duration`, without overflow for any int64
/// values; false when `since` is after `now` unless `duration <= 0`.
bool elapsed_at_least(int64_t now, int64_t since, int64_t duration);

/// Runs the machine for one series: `prev` is its stored state (status ok
/// and zero times if none), `value` the window's aggregate (NaN if the
/// window holds no point, which does not breach). The new state keeps
/// `prev`'s rule_id, labels and delivery and takes `value` as last_value.
alert_step next_state(const alert_state& prev, double value, int64_t now,
                      const alert_rule& rule);

} // namespace timeless::server
