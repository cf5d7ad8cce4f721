#include "server/alerts/alert_machine.hpp"

#include <cmath>

namespace timeless::server {

bool is_breaching(alert_condition cond, double value, double threshold) {
  if (std::isnan(value))
    return false;
  return cond == alert_condition::above ? value > threshold : value < threshold;
}

bool elapsed_at_least(int64_t now, int64_t since, int64_t duration) {
  if (duration <= 0)
    return true;
  if (since > now)
    return false;
  // now >= since, so the difference fits in uint64.
  auto diff = static_cast<uint64_t>(now) - static_cast<uint64_t>(since);
  return diff >= static_cast<uint64_t>(duration);
}

namespace {

/// Starts a breaching episode from ok or resolved.
void start_episode(alert_step& out, int64_t now, const alert_rule& rule) {
  out.state.triggered_at = now;
  out.episode_start = now;
  if (rule.duration <= 0) {
    out.state.status = alert_status::firing;
    out.notify = alert_notify::firing;
  } else {
    out.state.status = alert_status::pending;
  }
}

} // namespace

alert_step next_state(const alert_state& prev, double value, int64_t now,
                      const alert_rule& rule) {
  alert_step out;
  out.state = prev;
  out.state.last_value = value;
  bool breaching = is_breaching(rule.condition, value, rule.threshold);
  switch (prev.status) {
    case alert_status::ok:
    case alert_status::resolved:
      if (breaching)
        start_episode(out, now, rule);
      else
        out.state.status = alert_status::ok;
      break;
    case alert_status::pending:
      if (!breaching) {
        out.state.status = alert_status::ok;
        out.state.triggered_at = 0;
      } else if (elapsed_at_least(now, prev.triggered_at, rule.duration)) {
        out.state.status = alert_status::firing;
        out.notify = alert_notify::firing;
        out.episode_start = prev.triggered_at;
      }
      break;
    case alert_status::firing:
      if (!breaching) {
        out.state.status = alert_status::resolved;
        out.state.resolved_at = now;
        out.state.triggered_at = 0;
        out.notify = alert_notify::resolved;
        out.episode_start = prev.triggered_at;
      }
      break;
  }
  out.changed = out.state.status != prev.status ||
                out.state.triggered_at != prev.triggered_at ||
                out.state.resolved_at != prev.resolved_at;
  return out;
}

} // namespace timeless::server
