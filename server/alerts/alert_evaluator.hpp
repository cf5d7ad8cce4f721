#pragma once

// The alert evaluator: a CAF actor beside the store, in the server layer
// because its notifications leave through the webhook sender (Beast). It
// runs on a timer of its own (`alert_config::interval`, not after rollups
// as the original did) and on demand (`alert_eval_atom`: the embedded API,
// `POST /api/v1/alerts/evaluate`, tests).
//
// One evaluation, one at a time (each store request is awaited, so
// nothing else of the actor's runs in between and a delivery outcome never
// interleaves with it):
//   1. `get_rules_atom` to the store: every rule with its series' states;
//   2. per enabled rule, `query_atom` over its window (alert_window.hpp):
//      per series in the answer, and per series with a stored state but
//      no point in the window (NaN: not breaching, so it resolves), the
//      machine (alert_machine.hpp) gives its next state;
//   3. the states whose status or times changed, in one `put_state_atom`
//      (nothing is written for a series that stays as it was);
//   4. then the notifications go to the webhook sender (written first:
//      a server stopped between the two sends nothing twice), and
//   5. the caller gets an `alert_report`.
// State lives in the catalog only, so a server restarted in the middle of
// a pending duration fires once, when the duration has passed.
//
// Each delivery's outcome comes back as `alert_dlv_atom`: counted in the
// metrics and written into the series' state (`alert_state::delivery`:
// "ok", or "failed after N attempts: <reason>").
//
// `get_rules_atom` to the evaluator answers the store's list with each
// state's `last_value` from the latest evaluation (the catalog keeps the
// value of the latest write).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <caf/actor_system.hpp>
#include <caf/atom.hpp>
#include <caf/typed_actor.hpp>

#include "server/alerts/webhook_sender.hpp"
#include "server/metrics/alert_metrics.hpp"
#include "timeless/catalog.hpp"
#include "timeless/store.hpp"

namespace timeless::server {

using alert_eval_atom = caf::atom_constant<caf::atom("alert_eval")>;
using alert_tick_atom = caf::atom_constant<caf::atom("alert_tick")>;
using alert_dlv_atom = caf::atom_constant<caf::atom("alert_dlv")>;

/// What one evaluation did.
struct alert_report {
  /// Enabled rules evaluated.
  uint64_t rules = 0;
  /// Series evaluated over all rules.
  uint64_t series = 0;
  /// States written (their status or times changed).
  uint64_t transitions = 0;
  /// Webhook calls handed to the sender.
  uint64_t notifications = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, alert_report& x) {
  return f(caf::meta::type_name("timeless::server::alert_report"), x.rules,
           x.series, x.transitions, x.notifications);
}

using alert_evaluator_actor = caf::typed_actor<
    /// Evaluates every enabled rule now.
    caf::replies_to<alert_eval_atom>::with<alert_report>,
    /// Every rule with its states, last values from the latest evaluation.
    caf::replies_to<get_rules_atom>::with<std::vector<alert_rule_states>>,
    /// The timer.
    caf::reacts_to<alert_tick_atom>,
    /// A delivery ended: rule id, series labels, ok, attempts, reason.
    caf::reacts_to<alert_dlv_atom, int64_t, label_set, bool, uint64_t,
                   std::string>>;

struct alert_config {
  /// Evaluations on the timer at this interval (0: only on demand).
  std::chrono::milliseconds interval{60000};
  /// The server's address as webhook receivers reach it, for chart links,
  /// e.g. "http://127.0.0.1:8428".
  std::string external_url = "http://127.0.0.1:8428";
  /// Milliseconds since the epoch; the system clock if empty.
  std::function<int64_t()> clock;
  /// How long a store request may take.
  std::chrono::milliseconds store_timeout{60000};
};

/// Spawns an evaluator for `store`. Notifications go to `sender` (shared
/// with the caller, which stops it), counters to `metrics`.
alert_evaluator_actor
spawn_alert_evaluator(caf::actor_system& sys, store_actor store,
                      alert_config cfg, std::shared_ptr<webhook_sender> sender,
                      std::shared_ptr<alert_metrics> metrics);

/// The text of a delivery outcome as stored in `alert_state::delivery`.
std::string delivery_text(const webhook_outcome& o);

} // namespace timeless::server
