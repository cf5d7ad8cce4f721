#pragma once

// The operator's objects of a store, kept beside the points: metric
// metadata, annotations, alert rules and the alert state of each series.
// They live in the store's catalog (a SQLite file of their own, see
// docs/format.md), are reached through the store's typed interface and the
// blocking facade, and are served over HTTP by `timeless serve`.
// Timestamps are milliseconds since the epoch, as everywhere in the API.

#include <cstdint>
#include <string>
#include <vector>

#include <caf/atom.hpp>
#include <caf/meta/type_name.hpp>

#include "timeless/aggregate.hpp"
#include "timeless/labels.hpp"

namespace timeless {

// -- atoms (at most 10 characters) --------------------------------------------

using put_meta_atom = caf::atom_constant<caf::atom("put_meta")>;
using get_meta_atom = caf::atom_constant<caf::atom("get_meta")>;
using add_note_atom = caf::atom_constant<caf::atom("add_note")>;
using get_notes_atom = caf::atom_constant<caf::atom("get_notes")>;
using del_note_atom = caf::atom_constant<caf::atom("del_note")>;
using put_rule_atom = caf::atom_constant<caf::atom("put_rule")>;
using get_rules_atom = caf::atom_constant<caf::atom("get_rules")>;
using del_rule_atom = caf::atom_constant<caf::atom("del_rule")>;
using put_state_atom = caf::atom_constant<caf::atom("put_state")>;

// -- metadata -----------------------------------------------------------------

/// What is known about one metric. `type` is one of Prometheus' metric
/// types: "counter", "gauge", "histogram", "gaugehistogram", "summary",
/// "info", "stateset" or "unknown". Empty `unit` or `help`: not known.
struct metric_metadata {
  std::string metric;
  std::string type = "unknown";
  std::string unit;
  std::string help;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, metric_metadata& x) {
  return f(caf::meta::type_name("timeless::metric_metadata"), x.metric, x.type,
           x.unit, x.help);
}

// -- annotations --------------------------------------------------------------

/// An event drawn on charts: a deploy, an outage, a note.
struct annotation {
  /// Assigned by the catalog (0 in a request to create one).
  int64_t id = 0;
  int64_t ts = 0;
  std::string title;
  std::string description;
  std::vector<std::string> tags;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, annotation& x) {
  return f(caf::meta::type_name("timeless::annotation"), x.id, x.ts, x.title,
           x.description, x.tags);
}

/// Annotations with `from <= ts <= to`, and (when `tags` is not empty) at
/// least one of the tags, ordered by time.
struct annotation_query {
  int64_t from = INT64_MIN;
  int64_t to = INT64_MAX;
  std::vector<std::string> tags;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, annotation_query& x) {
  return f(caf::meta::type_name("timeless::annotation_query"), x.from, x.to,
           x.tags);
}

// -- alerts -------------------------------------------------------------------

enum class alert_condition : uint8_t { above, below };

/// The states of one series under one rule (the original's): ok ->
/// pending (breaching, waiting for `duration`) -> firing -> resolved -> ok.
enum class alert_status : uint8_t { ok, pending, firing, resolved };

/// A threshold rule: the `aggregate` of each series of `metric` matching
/// `labels` (equality) over the window of `max(duration, window_min)`
/// ending now, compared with `threshold`.
struct alert_rule {
  /// Assigned by the catalog (0 in a request to create one).
  int64_t id = 0;
  std::string name;
  std::string metric;
  label_set labels;
  alert_condition condition = alert_condition::above;
  double threshold = 0;
  /// How long a series must breach before the rule fires, in ms.
  int64_t duration = 0;
  aggregate_fn aggregate = aggregate_fn::avg;
  /// Where firing and resolved transitions are posted (empty: nowhere).
  std::string webhook_url;
  bool enabled = true;
  int64_t created_at = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, alert_rule& x) {
  return f(caf::meta::type_name("timeless::alert_rule"), x.id, x.name, x.metric,
           x.labels, x.condition, x.threshold, x.duration, x.aggregate,
           x.webhook_url, x.enabled, x.created_at);
}

/// The state of one series under one rule.
struct alert_state {
  int64_t rule_id = 0;
  /// The series' labels (its metric name is the rule's).
  label_set labels;
  alert_status status = alert_status::ok;
  /// When the series started breaching (pending or firing); 0 otherwise.
  int64_t triggered_at = 0;
  /// When it last resolved; 0 if never.
  int64_t resolved_at = 0;
  double last_value = 0;
  /// The outcome of the last webhook delivery: empty (none yet), "ok", or
  /// the reason it failed after its retries.
  std::string delivery;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, alert_state& x) {
  return f(caf::meta::type_name("timeless::alert_state"), x.rule_id, x.labels,
           x.status, x.triggered_at, x.resolved_at, x.last_value, x.delivery);
}

/// A rule with the states of its series, as listed.
struct alert_rule_states {
  alert_rule rule;
  std::vector<alert_state> states;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, alert_rule_states& x) {
  return f(caf::meta::type_name("timeless::alert_rule_states"), x.rule,
           x.states);
}

} // namespace timeless
