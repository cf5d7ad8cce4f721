#pragma once

// The JSON of the alert routes (docs/server.md):
//
// A rule as `POST /api/v1/alerts` takes it (the original's body):
//   {"name":"hot","metric":"cpu","condition":"above","threshold":90,
//    "labels":{"host":"a"},"duration":300,"aggregate":"avg",
//    "webhook_url":"http://127.0.0.1:9000/hook","enabled":true}
// name, metric, condition and threshold are required; duration is in
// seconds (a number >= 0, at most 365 days; default 0), aggregate one of
// avg min max count sum first last rate increase (default avg), labels
// equality filters (string values), webhook_url an http:// URL or empty,
// enabled (ours) default true. Unknown keys are ignored, as the original's
// JSON decoding did; anything else wrong is an error naming the field.
//
// `GET /api/v1/alerts` answers in Prometheus' shape, plus our "rules":
//   {"status":"success","data":{
//     "alerts":[{"labels":{"alertname":"hot","host":"a"},"annotations":{},
//                "state":"firing","activeAt":"2026-...Z","value":"93.5"}],
//     "rules":[{"id":1,"name":"hot","metric":"cpu","labels":{"host":"a"},
//               "condition":"above","threshold":90,"duration":300,
//               "aggregate":"avg","webhook_url":"...","enabled":true,
//               "created_at":1764785000,
//               "states":[{"series_labels":{"host":"a"},"state":"firing",
//                          "triggered_at":1764785100,"resolved_at":null,
//                          "last_value":93.5,"delivery":"ok"}]}]}}
// "alerts" lists the series pending or firing (Prometheus' alert objects:
// the series' labels plus alertname, the start of breaching as activeAt,
// the latest value as Prometheus writes a sample value); "rules" is the
// original's list (times in unix seconds, null when unset), each state
// with the outcome of its latest webhook delivery.

#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "timeless/catalog.hpp"

namespace timeless::server {

/// Reads a rule from a `POST /api/v1/alerts` body. Fails with
/// `errc::invalid_argument` naming what is wrong.
caf::expected<alert_rule> parse_rule_json(std::string_view body);

/// The body of `GET /api/v1/alerts` for `rules`.
std::string alerts_json(const std::vector<alert_rule_states>& rules);

/// The name of a status: "ok", "pending", "firing" or "resolved".
const char* status_name(alert_status x);

} // namespace timeless::server
