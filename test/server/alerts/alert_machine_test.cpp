#include "server/alerts/alert_machine.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

using namespace timeless;
using namespace timeless::server;

namespace {

constexpr int64_t min = 60 * 1000;

alert_rule rule_with(int64_t duration,
                     alert_condition c = alert_condition::above) {
  alert_rule r;
  r.id = 7;
  r.metric = "cpu";
  r.condition = c;
  r.threshold = 90;
  r.duration = duration;
  return r;
}

alert_state state_of(alert_status s, int64_t triggered = 0,
                     int64_t resolved = 0) {
  alert_state x;
  x.rule_id = 7;
  x.labels = {{"host", "a"}};
  x.status = s;
  x.triggered_at = triggered;
  x.resolved_at = resolved;
  return x;
}

} // namespace

TEST(alert_machine, breaching_is_strict_and_nan_never_breaches) {
  EXPECT_TRUE(is_breaching(alert_condition::above, 90.5, 90));
  EXPECT_FALSE(is_breaching(alert_condition::above, 90, 90));
  EXPECT_TRUE(is_breaching(alert_condition::below, 89.5, 90));
  EXPECT_FALSE(is_breaching(alert_condition::below, 90, 90));
  auto nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(is_breaching(alert_condition::above, nan, 90));
  EXPECT_FALSE(is_breaching(alert_condition::below, nan, 90));
  auto inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(is_breaching(alert_condition::above, inf, 90));
  EXPECT_TRUE(is_breaching(alert_condition::below, -inf, 90));
}

TEST(alert_machine, ok_not_breaching_stays_ok_unchanged) {
  auto s = next_state(state_of(alert_status::ok), 10, 1000, rule_with(5 * min));
  EXPECT_EQ(s.state.status, alert_status::ok);
  EXPECT_EQ(s.notify, alert_notify::none);
  EXPECT_FALSE(s.changed);
  EXPECT_EQ(s.state.last_value, 10);
}

TEST(alert_machine, ok_breaching_with_duration_goes_pending) {
  auto s = next_state(state_of(alert_status::ok), 95, 1000, rule_with(5 * min));
  EXPECT_EQ(s.state.status, alert_status::pending);
  EXPECT_EQ(s.state.triggered_at, 1000);
  EXPECT_EQ(s.notify, alert_notify::none);
  EXPECT_TRUE(s.changed);
}

TEST(alert_machine, ok_breaching_without_duration_fires_at_once) {
  auto s = next_state(state_of(alert_status::ok), 95, 1000, rule_with(0));
  EXPECT_EQ(s.state.status, alert_status::firing);
  EXPECT_EQ(s.state.triggered_at, 1000);
  EXPECT_EQ(s.notify, alert_notify::firing);
  EXPECT_EQ(s.episode_start, 1000);
  EXPECT_TRUE(s.changed);
}

TEST(alert_machine, pending_fires_exactly_when_duration_elapsed) {
  auto r = rule_with(5 * min);
  auto p = state_of(alert_status::pending, 1000);
  auto before = next_state(p, 95, 1000 + 5 * min - 1, r);
  EXPECT_EQ(before.state.status, alert_status::pending);
  EXPECT_EQ(before.notify, alert_notify::none);
  EXPECT_FALSE(before.changed);
  auto at = next_state(p, 95, 1000 + 5 * min, r);
  EXPECT_EQ(at.state.status, alert_status::firing);
  EXPECT_EQ(at.notify, alert_notify::firing);
  EXPECT_EQ(at.state.triggered_at, 1000);
  EXPECT_EQ(at.episode_start, 1000);
  EXPECT_TRUE(at.changed);
}

TEST(alert_machine, pending_not_breaching_goes_ok_and_resets_triggered_at) {
  auto s = next_state(state_of(alert_status::pending, 1000), 50, 2000,
                      rule_with(5 * min));
  EXPECT_EQ(s.state.status, alert_status::ok);
  EXPECT_EQ(s.state.triggered_at, 0);
  EXPECT_EQ(s.notify, alert_notify::none);
  EXPECT_TRUE(s.changed);
}

TEST(alert_machine, firing_breaching_stays_firing_unchanged) {
  auto s = next_state(state_of(alert_status::firing, 1000), 99, 9 * min,
                      rule_with(5 * min));
  EXPECT_EQ(s.state.status, alert_status::firing);
  EXPECT_EQ(s.state.triggered_at, 1000);
  EXPECT_EQ(s.notify, alert_notify::none);
  EXPECT_FALSE(s.changed);
  EXPECT_EQ(s.state.last_value, 99);
}

TEST(alert_machine, firing_not_breaching_resolves_and_notifies) {
  auto s = next_state(state_of(alert_status::firing, 1000), 50, 9 * min,
                      rule_with(5 * min));
  EXPECT_EQ(s.state.status, alert_status::resolved);
  EXPECT_EQ(s.state.resolved_at, 9 * min);
  EXPECT_EQ(s.state.triggered_at, 0);
  EXPECT_EQ(s.notify, alert_notify::resolved);
  EXPECT_EQ(s.episode_start, 1000);
  EXPECT_TRUE(s.changed);
}

TEST(alert_machine, firing_with_no_data_resolves) {
  auto nan = std::numeric_limits<double>::quiet_NaN();
  auto s = next_state(state_of(alert_status::firing, 1000), nan, 9 * min,
                      rule_with(0));
  EXPECT_EQ(s.state.status, alert_status::resolved);
  EXPECT_EQ(s.notify, alert_notify::resolved);
  EXPECT_TRUE(std::isnan(s.state.last_value));
}

TEST(alert_machine, resolved_breaching_goes_pending_or_fires) {
  auto prev = state_of(alert_status::resolved, 0, 500);
  auto p = next_state(prev, 95, 2000, rule_with(5 * min));
  EXPECT_EQ(p.state.status, alert_status::pending);
  EXPECT_EQ(p.state.triggered_at, 2000);
  EXPECT_EQ(p.state.resolved_at, 500);
  EXPECT_EQ(p.notify, alert_notify::none);
  auto f = next_state(prev, 95, 2000, rule_with(0));
  EXPECT_EQ(f.state.status, alert_status::firing);
  EXPECT_EQ(f.notify, alert_notify::firing);
}

TEST(alert_machine, resolved_not_breaching_goes_ok_keeping_resolved_at) {
  auto s = next_state(state_of(alert_status::resolved, 0, 500), 50, 2000,
                      rule_with(5 * min));
  EXPECT_EQ(s.state.status, alert_status::ok);
  EXPECT_EQ(s.state.resolved_at, 500);
  EXPECT_EQ(s.notify, alert_notify::none);
  EXPECT_TRUE(s.changed);
}

TEST(alert_machine, below_condition_uses_its_direction) {
  auto r = rule_with(0, alert_condition::below);
  EXPECT_EQ(next_state(state_of(alert_status::ok), 95, 1, r).state.status,
            alert_status::ok);
  EXPECT_EQ(next_state(state_of(alert_status::ok), 5, 1, r).state.status,
            alert_status::firing);
}

// The original kept triggered_at through ok, so a series that breached
// long ago, recovered, and breached again for one evaluation fired at once.
TEST(alert_machine, flapping_series_waits_its_whole_duration_again) {
  auto r = rule_with(5 * min);
  auto s = state_of(alert_status::ok);
  s = next_state(s, 95, 0, r).state; // pending since 0
  ASSERT_EQ(s.status, alert_status::pending);
  s = next_state(s, 50, 1 * min, r).state; // ok, reset
  ASSERT_EQ(s.status, alert_status::ok);
  auto again = next_state(s, 95, 10 * min, r);
  EXPECT_EQ(again.state.status, alert_status::pending);
  EXPECT_EQ(again.notify, alert_notify::none);
  EXPECT_EQ(again.state.triggered_at, 10 * min);
  auto early = next_state(again.state, 95, 14 * min, r);
  EXPECT_EQ(early.notify, alert_notify::none);
  auto due = next_state(again.state, 95, 15 * min, r);
  EXPECT_EQ(due.notify, alert_notify::firing);
}

TEST(alert_machine, flapping_after_resolve_waits_again) {
  auto r = rule_with(5 * min);
  auto s = state_of(alert_status::firing, 0);
  s = next_state(s, 50, 6 * min, r).state; // resolved, reset
  ASSERT_EQ(s.status, alert_status::resolved);
  EXPECT_EQ(s.triggered_at, 0);
  auto again = next_state(s, 95, 7 * min, r);
  EXPECT_EQ(again.state.status, alert_status::pending);
  EXPECT_EQ(again.notify, alert_notify::none);
}

TEST(alert_machine, elapsed_has_no_overflow_at_the_extremes) {
  constexpr auto lo = std::numeric_limits<int64_t>::min();
  constexpr auto hi = std::numeric_limits<int64_t>::max();
  EXPECT_TRUE(elapsed_at_least(hi, lo, hi));
  EXPECT_FALSE(elapsed_at_least(lo, hi, 1));
  EXPECT_TRUE(elapsed_at_least(lo, hi, 0));
  EXPECT_FALSE(elapsed_at_least(100, 50, 51));
  EXPECT_TRUE(elapsed_at_least(100, 50, 50));
}

TEST(alert_machine, clock_going_back_keeps_pending) {
  auto s = next_state(state_of(alert_status::pending, 10 * min), 95, 1 * min,
                      rule_with(5 * min));
  EXPECT_EQ(s.state.status, alert_status::pending);
  EXPECT_EQ(s.notify, alert_notify::none);
}
