#include "server/alerts/alert_evaluator.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <utility>

#include <caf/send.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "formats/error_text.hpp"
#include "server/alerts/alert_machine.hpp"
#include "server/alerts/alert_window.hpp"
#include "server/alerts/webhook_payload.hpp"

namespace timeless::server {

namespace {

using state_key = std::pair<int64_t, std::string>;

state_key key_of(int64_t rule_id, const label_set& labels) {
  return {rule_id, encode_labels(labels)};
}

/// A webhook call to make once the states are written.
struct note {
  alert_rule rule;
  webhook_event ev;
};

/// One evaluation under way.
struct eval_ctx {
  std::vector<alert_rule_states> rules;
  size_t next = 0;
  int64_t now = 0;
  std::vector<alert_state> writes;
  std::vector<note> notes;
  alert_report report;
  std::optional<caf::typed_response_promise<alert_report>> rp;
};

struct evaluator_state {
  /// Declared, so that CAF does not take the state for an aggregate
  /// constructible from the actor pointer.
  evaluator_state() = default;

  store_actor store;
  alert_config cfg;
  std::shared_ptr<webhook_sender> sender;
  std::shared_ptr<alert_metrics> metrics;
  /// The latest known state of each series (catalog plus the latest
  /// evaluation, last values included).
  std::map<state_key, alert_state> states;
  /// The rules of the latest evaluation, by id.
  std::map<int64_t, alert_rule> rules;
  static inline const char* name = "alert_evaluator";
};

using evaluator_ptr = alert_evaluator_actor::stateful_pointer<evaluator_state>;

int64_t now_of(const alert_config& cfg) {
  if (cfg.clock)
    return cfg.clock();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void fail(evaluator_ptr self, const std::shared_ptr<eval_ctx>& ctx,
          caf::error err) {
  self->state.metrics->evaluation(false);
  if (ctx->rp)
    ctx->rp->deliver(std::move(err));
  else
    std::fprintf(stderr, "timeless serve: alert evaluation failed: %s\n",
                 formats::error_text(err).c_str());
}

/// Runs the machine for every series of rule `rs` given the window's
/// points `pts`, collecting writes and notifications into `ctx`.
void evaluate_rule(evaluator_ptr self, eval_ctx& ctx,
                   const alert_rule_states& rs,
                   std::vector<series_points>& pts) {
  auto& s = self->state;
  auto& rule = rs.rule;
  auto w = window_of(rule, ctx.now);
  std::map<std::string, const alert_state*> prev;
  for (auto& st : rs.states)
    prev.emplace(encode_labels(st.labels), &st);
  auto run = [&](const label_set& labels, double value) {
    alert_state before;
    before.rule_id = rule.id;
    before.labels = labels;
    auto enc = encode_labels(labels);
    if (auto it = prev.find(enc); it != prev.end()) {
      before = *it->second;
      prev.erase(it);
    }
    auto step = next_state(before, value, ctx.now, rule);
    ++ctx.report.series;
    if (step.changed) {
      ++ctx.report.transitions;
      s.metrics->transition(step.state.status);
      ctx.writes.push_back(step.state);
    }
    if (step.notify != alert_notify::none && !rule.webhook_url.empty()) {
      webhook_event ev;
      ev.kind = step.notify;
      ev.labels = labels;
      ev.value = value;
      ev.triggered_at = step.episode_start;
      ev.at = ctx.now;
      ctx.notes.push_back({rule, std::move(ev)});
    }
    s.states[{rule.id, std::move(enc)}] = std::move(step.state);
  };
  constexpr auto nan = std::numeric_limits<double>::quiet_NaN();
  for (auto& sp : pts) {
    auto v = window_value(sp.ts, sp.values, w, rule.aggregate);
    run(sp.labels, v ? *v : nan);
  }
  // Series with a state but no point in the window: not breaching.
  std::vector<label_set> gone;
  for (auto& [enc, st] : prev)
    gone.push_back(st->labels);
  for (auto& labels : gone)
    run(labels, nan);
}

void notify(evaluator_ptr self, std::vector<note>& notes) {
  auto& s = self->state;
  auto hdl = caf::actor_cast<alert_evaluator_actor>(self);
  for (auto& n : notes) {
    auto body = webhook_payload(n.rule, n.ev, s.cfg.external_url);
    s.sender->send(
        n.rule.webhook_url, std::move(body),
        [hdl, id = n.rule.id, labels = n.ev.labels](webhook_outcome o) {
          caf::anon_send(hdl, alert_dlv_atom::value, id, labels, o.ok,
                         static_cast<uint64_t>(o.attempts),
                         std::move(o.reason));
        });
  }
}

void finish(evaluator_ptr self, std::shared_ptr<eval_ctx> ctx) {
  auto done = [self, ctx] {
    self->state.metrics->evaluation(true);
    ctx->report.notifications = ctx->notes.size();
    notify(self, ctx->notes);
    if (ctx->rp)
      ctx->rp->deliver(ctx->report);
  };
  if (ctx->writes.empty()) {
    done();
    return;
  }
  auto& s = self->state;
  self->request(s.store, s.cfg.store_timeout, put_state_atom::value,
                std::move(ctx->writes))
      .await([done](caf::ok_atom) { done(); },
             [self, ctx](caf::error& err) { fail(self, ctx, std::move(err)); });
}

void next_rule(evaluator_ptr self, std::shared_ptr<eval_ctx> ctx) {
  while (ctx->next < ctx->rules.size() && !ctx->rules[ctx->next].rule.enabled)
    ++ctx->next;
  if (ctx->next == ctx->rules.size()) {
    finish(self, std::move(ctx));
    return;
  }
  auto i = ctx->next++;
  ++ctx->report.rules;
  auto& rule = ctx->rules[i].rule;
  auto& s = self->state;
  self->request(s.store, s.cfg.store_timeout, query_atom::value,
                window_query(rule, window_of(rule, ctx->now)))
      .await(
          [self, ctx, i](std::vector<series_points>& pts) {
            evaluate_rule(self, *ctx, ctx->rules[i], pts);
            next_rule(self, ctx);
          },
          [self, ctx](caf::error& err) { fail(self, ctx, std::move(err)); });
}

void evaluate(evaluator_ptr self, std::shared_ptr<eval_ctx> ctx) {
  auto& s = self->state;
  ctx->now = now_of(s.cfg);
  self->request(s.store, s.cfg.store_timeout, get_rules_atom::value)
      .await(
          [self, ctx](std::vector<alert_rule_states>& rules) {
            auto& s = self->state;
            s.rules.clear();
            s.states.clear();
            for (auto& rs : rules) {
              s.rules.emplace(rs.rule.id, rs.rule);
              for (auto& st : rs.states)
                s.states[key_of(st.rule_id, st.labels)] = st;
            }
            ctx->rules = std::move(rules);
            next_rule(self, ctx);
          },
          [self, ctx](caf::error& err) { fail(self, ctx, std::move(err)); });
}

alert_evaluator_actor::behavior_type
evaluator(evaluator_ptr self, store_actor store, alert_config cfg,
          std::shared_ptr<webhook_sender> sender,
          std::shared_ptr<alert_metrics> metrics) {
  auto& s = self->state;
  s.store = std::move(store);
  s.cfg = std::move(cfg);
  s.sender = std::move(sender);
  s.metrics = std::move(metrics);
  if (s.cfg.interval.count() > 0)
    self->delayed_send(self, s.cfg.interval, alert_tick_atom::value);
  return {
      [self](alert_eval_atom) -> caf::result<alert_report> {
        auto ctx = std::make_shared<eval_ctx>();
        auto rp = self->make_response_promise<alert_report>();
        ctx->rp = rp;
        evaluate(self, ctx);
        return rp;
      },
      [self](get_rules_atom) -> caf::result<std::vector<alert_rule_states>> {
        auto rp = self->make_response_promise<std::vector<alert_rule_states>>();
        auto& s = self->state;
        self->request(s.store, s.cfg.store_timeout, get_rules_atom::value)
            .then(
                [self, rp](std::vector<alert_rule_states>& rules) mutable {
                  auto& states = self->state.states;
                  for (auto& rs : rules)
                    for (auto& st : rs.states)
                      if (auto it = states.find(key_of(st.rule_id, st.labels));
                          it != states.end())
                        st.last_value = it->second.last_value;
                  rp.deliver(std::move(rules));
                },
                [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
        return rp;
      },
      [self](alert_tick_atom) {
        evaluate(self, std::make_shared<eval_ctx>());
        self->delayed_send(self, self->state.cfg.interval,
                           alert_tick_atom::value);
      },
      [self](alert_dlv_atom, int64_t rule_id, label_set& labels, bool ok,
             uint64_t attempts, std::string& reason) {
        auto& s = self->state;
        webhook_outcome o{ok, static_cast<size_t>(attempts), std::move(reason)};
        s.metrics->delivery(ok, attempts);
        auto it = s.states.find(key_of(rule_id, labels));
        if (it == s.states.end() || s.rules.count(rule_id) == 0)
          return;
        it->second.delivery = delivery_text(o);
        std::vector<alert_state> one{it->second};
        self->request(s.store, s.cfg.store_timeout, put_state_atom::value,
                      std::move(one))
            .then([](caf::ok_atom) {},
                  [](caf::error& err) {
                    std::fprintf(stderr,
                                 "timeless serve: recording a webhook "
                                 "delivery failed: %s\n",
                                 formats::error_text(err).c_str());
                  });
      },
  };
}

} // namespace

std::string delivery_text(const webhook_outcome& o) {
  if (o.ok)
    return "ok";
  return "failed after " + std::to_string(o.attempts) +
         (o.attempts == 1 ? " attempt: " : " attempts: ") + o.reason;
}

alert_evaluator_actor
spawn_alert_evaluator(caf::actor_system& sys, store_actor store,
                      alert_config cfg, std::shared_ptr<webhook_sender> sender,
                      std::shared_ptr<alert_metrics> metrics) {
  return sys.spawn(evaluator, std::move(store), std::move(cfg),
                   std::move(sender), std::move(metrics));
}

} // namespace timeless::server
