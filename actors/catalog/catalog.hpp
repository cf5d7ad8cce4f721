#pragma once

// The catalog actor: owns the connection to the store's catalog.db
// (db/catalog_db.hpp) and answers the store's metadata, annotation and
// alert messages, which the store actor delegates to it.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/fwd.hpp>
#include <caf/typed_actor.hpp>

#include "db/catalog_db.hpp"
#include "timeless/catalog.hpp"
#include "timeless/messages.hpp"

namespace timeless::detail {

using catalog_actor = caf::typed_actor<
    caf::replies_to<put_meta_atom,
                    std::vector<metric_metadata>>::with<caf::ok_atom>,
    caf::replies_to<get_meta_atom,
                    std::string>::with<std::vector<metric_metadata>>,
    caf::replies_to<add_note_atom, annotation>::with<int64_t>,
    caf::replies_to<get_notes_atom,
                    annotation_query>::with<std::vector<annotation>>,
    caf::replies_to<del_note_atom, int64_t>::with<bool>,
    caf::replies_to<put_rule_atom, alert_rule>::with<int64_t>,
    caf::replies_to<get_rules_atom>::with<std::vector<alert_rule_states>>,
    caf::replies_to<del_rule_atom, int64_t>::with<bool>,
    caf::replies_to<put_state_atom,
                    std::vector<alert_state>>::with<caf::ok_atom>,
    /// Rows skipped so far because their checksum did not match.
    caf::replies_to<info_atom>::with<uint64_t>>;

/// The Prometheus metric types `put_meta` accepts, in the order error
/// messages list them.
const std::vector<std::string>& metric_types();

/// Checks one metadata entry: a valid metric name, a known type, unit and
/// help valid UTF-8 of bounded size. The error (`errc::invalid_argument`,
/// or the metric name's own code) names the entry by `index` and metric.
caf::error validate_metadata(const metric_metadata& x, size_t index);

/// Checks an alert rule and brings its labels into canonical order: name
/// and metric non-empty (metric and labels valid as for a write), a finite
/// threshold, duration >= 0, webhook_url empty or starting with "http://".
/// The error names the field.
caf::error validate_rule(alert_rule& x);

/// Spawns the catalog actor over `db`; `clock` stamps `created_at` of new
/// rules that have none.
catalog_actor spawn_catalog(caf::actor_system& sys,
                            std::unique_ptr<db::catalog_db> db,
                            std::function<int64_t()> clock);

} // namespace timeless::detail
