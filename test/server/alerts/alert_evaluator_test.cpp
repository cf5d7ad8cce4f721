#include "server/alerts/alert_evaluator.hpp"

#include <atomic>
#include <memory>
#include <thread>

#include <caf/scoped_actor.hpp>
#include <gtest/gtest.h>

#include "server/alerts/alert_service.hpp"
#include "test/actors/test_dir.hpp"
#include "test/server/alerts/webhook_receiver.hpp"
#include "timeless/blocking_store.hpp"

using namespace std::chrono_literals;
using namespace timeless;
using namespace timeless::server;
using timeless::test::webhook_receiver;

namespace {

constexpr int64_t min = 60 * 1000;
constexpr int64_t t0 = 1'700'000'000'000;

class alert_evaluator_test : public ::testing::Test {
 protected:
  void SetUp() override { open(); }

  void TearDown() override { close(); }

  void open(webhook_options w = fast()) {
    store_options o;
    o.data_dir = dir_.path;
    o.shards = 1;
    auto st = blocking_store::open(o);
    ASSERT_TRUE(st);
    store_ = std::move(*st);
    alert_config cfg;
    cfg.interval = 0ms; // on demand only: the tests drive the clock
    cfg.external_url = "http://timeless.test:8428";
    cfg.clock = [now = now_] { return now->load(); };
    alerts_ = std::make_unique<alert_service>(store_->system(),
                                              store_->handle(), cfg, w);
  }

  void close() {
    alerts_.reset();
    store_.reset();
  }

  static webhook_options fast() {
    webhook_options w;
    w.attempts = 1;
    w.backoff = 1ms;
    w.attempt_timeout = 5000ms;
    return w;
  }

  int64_t add_rule(alert_rule r) {
    caf::scoped_actor self{store_->system()};
    int64_t id = 0;
    self->request(store_->handle(), caf::infinite, put_rule_atom::value, r)
        .receive([&](int64_t x) { id = x; },
                 [&](caf::error& err) { ADD_FAILURE() << to_string(err); });
    return id;
  }

  alert_rule rule(std::string url, int64_t duration = 0) {
    alert_rule r;
    r.name = "hot";
    r.metric = "cpu";
    r.threshold = 90;
    r.duration = duration;
    r.webhook_url = std::move(url);
    return r;
  }

  void write(const std::string& host, int64_t ts, double v) {
    auto n = store_->write({sample{"cpu", {{"host", host}}, ts, v}});
    ASSERT_TRUE(n);
  }

  alert_report evaluate() {
    caf::scoped_actor self{store_->system()};
    alert_report rep;
    self->request(alerts_->evaluator(), caf::infinite, alert_eval_atom::value)
        .receive([&](alert_report& r) { rep = r; },
                 [&](caf::error& err) { ADD_FAILURE() << to_string(err); });
    return rep;
  }

  std::vector<alert_rule_states> rules() {
    caf::scoped_actor self{store_->system()};
    std::vector<alert_rule_states> out;
    self->request(alerts_->evaluator(), caf::infinite, get_rules_atom::value)
        .receive([&](std::vector<alert_rule_states>& x) { out = std::move(x); },
                 [&](caf::error& err) { ADD_FAILURE() << to_string(err); });
    return out;
  }

  /// The only state of the only rule.
  alert_state only_state() {
    auto rs = rules();
    EXPECT_EQ(rs.size(), 1u);
    if (rs.empty() || rs[0].states.size() != 1) {
      ADD_FAILURE() << "expected one state";
      return {};
    }
    return rs[0].states[0];
  }

  /// Waits until the only state's delivery is set (a delivery outcome is
  /// written asynchronously).
  std::string wait_delivery() {
    for (int i = 0; i < 2000; ++i) {
      auto s = only_state();
      if (!s.delivery.empty())
        return s.delivery;
      std::this_thread::sleep_for(5ms);
    }
    return {};
  }

  void set_now(int64_t t) { now_->store(t); }

  test_dir dir_;
  std::shared_ptr<std::atomic<int64_t>> now_ =
      std::make_shared<std::atomic<int64_t>>(t0);
  std::unique_ptr<blocking_store> store_;
  std::unique_ptr<alert_service> alerts_;
};

} // namespace

TEST_F(alert_evaluator_test, one_firing_and_one_resolved_call_per_transition) {
  webhook_receiver hook;
  add_rule(rule(hook.url()));
  write("a", t0, 95);
  auto r1 = evaluate();
  EXPECT_EQ(r1.rules, 1u);
  EXPECT_EQ(r1.series, 1u);
  EXPECT_EQ(r1.transitions, 1u);
  EXPECT_EQ(r1.notifications, 1u);
  ASSERT_TRUE(hook.wait_calls(1));
  set_now(t0 + 1 * min);
  auto r2 = evaluate(); // still firing: nothing written, nothing sent
  EXPECT_EQ(r2.transitions, 0u);
  EXPECT_EQ(r2.notifications, 0u);
  write("a", t0 + 11 * min, 10);
  set_now(t0 + 11 * min); // the 95 left the window
  auto r3 = evaluate();
  EXPECT_EQ(r3.transitions, 1u);
  EXPECT_EQ(r3.notifications, 1u);
  ASSERT_TRUE(hook.wait_calls(2));
  set_now(t0 + 12 * min);
  evaluate(); // resolved -> ok: written, not sent
  set_now(t0 + 13 * min);
  evaluate();
  auto bodies = hook.bodies();
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_NE(bodies[0].find("\"state\":\"firing\""), std::string::npos);
  EXPECT_NE(bodies[0].find("\"value\":95"), std::string::npos);
  EXPECT_NE(bodies[0].find("\"url\":\"http://timeless.test:8428/chart?"
                           "metric=cpu&host=a&from=-1h&theme=auto\""),
            std::string::npos)
      << bodies[0];
  EXPECT_NE(bodies[1].find("\"state\":\"resolved\""), std::string::npos);
  EXPECT_NE(bodies[1].find("\"value\":10"), std::string::npos);
  EXPECT_EQ(alerts_->metrics().transitions(alert_status::firing), 1u);
  EXPECT_EQ(alerts_->metrics().transitions(alert_status::resolved), 1u);
  EXPECT_EQ(alerts_->metrics().transitions(alert_status::ok), 1u);
  EXPECT_EQ(alerts_->metrics().evaluations(), 5u);
}

TEST_F(alert_evaluator_test, restart_in_the_middle_of_pending_fires_once) {
  webhook_receiver hook;
  add_rule(rule(hook.url(), 5 * min));
  write("a", t0, 95);
  EXPECT_EQ(evaluate().transitions, 1u);
  EXPECT_EQ(only_state().status, alert_status::pending);
  EXPECT_EQ(only_state().triggered_at, t0);
  close();
  open();
  set_now(t0 + 4 * min);
  write("a", t0 + 4 * min, 96);
  EXPECT_EQ(evaluate().notifications, 0u);
  EXPECT_EQ(only_state().status, alert_status::pending);
  set_now(t0 + 5 * min);
  auto fired = evaluate();
  EXPECT_EQ(fired.notifications, 1u);
  ASSERT_TRUE(hook.wait_calls(1));
  set_now(t0 + 6 * min);
  EXPECT_EQ(evaluate().notifications, 0u);
  EXPECT_EQ(only_state().status, alert_status::firing);
  EXPECT_EQ(hook.calls(), 1u);
  EXPECT_NE(hook.bodies()[0].find("\"triggered_at\":\"2023-11-14T22:13:20"),
            std::string::npos)
      << hook.bodies()[0];
}

TEST_F(alert_evaluator_test, delivery_outcome_is_recorded_in_the_state) {
  webhook_receiver hook;
  add_rule(rule(hook.url()));
  write("a", t0, 95);
  evaluate();
  EXPECT_EQ(wait_delivery(), "ok");
  EXPECT_EQ(alerts_->metrics().delivered(), 1u);
}

TEST_F(alert_evaluator_test, failed_delivery_is_recorded_with_its_reason) {
  std::string url;
  {
    webhook_receiver gone; // a port nothing listens on once it stops
    url = gone.url();
  }
  add_rule(rule(url));
  write("a", t0, 95);
  evaluate();
  auto d = wait_delivery();
  EXPECT_EQ(d.rfind("failed after 1 attempt: ", 0), 0u) << d;
  EXPECT_EQ(alerts_->metrics().failed(), 1u);
  EXPECT_EQ(only_state().status, alert_status::firing);
}

TEST_F(alert_evaluator_test, silent_receiver_does_not_delay_another_rule) {
  webhook_receiver silent{[](size_t) { return 0u; }};
  webhook_receiver good;
  auto a = rule(silent.url());
  a.labels = {{"host", "a"}};
  auto b = rule(good.url());
  b.labels = {{"host", "b"}};
  add_rule(a);
  add_rule(b);
  write("a", t0, 95);
  write("b", t0, 95);
  auto r = evaluate(); // returns without waiting for deliveries
  EXPECT_EQ(r.notifications, 2u);
  EXPECT_TRUE(good.wait_calls(1));
  EXPECT_TRUE(silent.wait_calls(1));
  close(); // abandons the silent delivery
}

TEST_F(alert_evaluator_test, series_without_data_resolve_and_others_stay_ok) {
  webhook_receiver hook;
  add_rule(rule(hook.url()));
  write("a", t0, 95);
  write("b", t0, 10);
  auto r = evaluate();
  EXPECT_EQ(r.series, 2u);
  EXPECT_EQ(r.transitions, 1u); // b stays ok: nothing written for it
  EXPECT_EQ(rules()[0].states.size(), 1u);
  set_now(t0 + 20 * min); // no point in the window at all
  auto later = evaluate();
  EXPECT_EQ(later.transitions, 1u);
  EXPECT_EQ(only_state().status, alert_status::resolved);
  ASSERT_TRUE(hook.wait_calls(2));
}

TEST_F(alert_evaluator_test, disabled_rules_are_not_evaluated) {
  webhook_receiver hook;
  auto r = rule(hook.url());
  r.enabled = false;
  add_rule(r);
  write("a", t0, 95);
  auto rep = evaluate();
  EXPECT_EQ(rep.rules, 0u);
  EXPECT_EQ(rep.series, 0u);
  EXPECT_TRUE(rules()[0].states.empty());
}

TEST_F(alert_evaluator_test, rule_without_webhook_changes_state_silently) {
  add_rule(rule(""));
  write("a", t0, 95);
  auto rep = evaluate();
  EXPECT_EQ(rep.transitions, 1u);
  EXPECT_EQ(rep.notifications, 0u);
  EXPECT_EQ(only_state().status, alert_status::firing);
  EXPECT_EQ(only_state().last_value, 95);
}
