#pragma once

// The alert rules with their series' states, for the routes that show them
// (routes/alerts.cpp, routes/dashboard.cpp).

#include <functional>
#include <vector>

#include <caf/expected.hpp>

#include "server/routes/exchange.hpp"
#include "timeless/catalog.hpp"

namespace timeless::server {

using rules_fn =
    std::function<void(caf::expected<std::vector<alert_rule_states>>)>;

/// Asks the alert evaluator for the rules (its list carries the latest
/// evaluation's values), or the store's catalog when alerts are not
/// running; `done` runs on the exchange's strand.
void ask_alert_rules(const exchange_ptr& x, rules_fn done);

} // namespace timeless::server
