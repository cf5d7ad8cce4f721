#pragma once

// The JSON a rule's webhook receives on a firing or resolved transition:
//
//   {"alert":"<rule name>","rule_id":3,"metric":"cpu",
//    "labels":{"host":"a"},"value":93.5,"threshold":90,
//    "condition":"above","aggregate":"avg","state":"firing",
//    "triggered_at":"2026-12-03T18:00:00.000Z",
//    "at":"2026-12-03T18:05:00.000Z",
//    "url":"http://127.0.0.1:8428/chart?metric=cpu&host=a&from=-1h&theme=auto"}
//
// `labels` are the series' labels; `value` is the window's aggregate (a
// JSON number, null for NaN, "Infinity"/"-Infinity" as the export writes
// them); `triggered_at` is when the series started breaching (for
// resolved: when the episode that resolved started) and `at` the
// evaluation that made the transition, both RFC 3339 UTC. `url` is an
// absolute link to the series' chart: the server's external URL, then
// every parameter name and value percent-encoded (RFC 3986: all but
// A-Z a-z 0-9 - . _ ~). The original sent a relative link, unencoded, and
// the evaluation time as `triggered_at` (original.md §9.1).

#include <cstdint>
#include <string>
#include <string_view>

#include "server/alerts/alert_machine.hpp"
#include "server/http/params.hpp"
#include "timeless/catalog.hpp"

namespace timeless::server {

/// The absolute chart link of a series: `external_url` (a trailing '/'
/// dropped) + "/chart?metric=M&k=v...&from=-1h&theme=auto".
std::string chart_url(std::string_view external_url, std::string_view metric,
                      const label_set& labels);

/// What one webhook call reports.
struct webhook_event {
  alert_notify kind = alert_notify::firing;
  label_set labels;
  double value = 0;
  int64_t triggered_at = 0;
  int64_t at = 0;
};

/// The JSON body for `ev` under `rule` (format at the top of this file).
std::string webhook_payload(const alert_rule& rule, const webhook_event& ev,
                            std::string_view external_url);

} // namespace timeless::server
