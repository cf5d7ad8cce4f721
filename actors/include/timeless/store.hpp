#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/expected.hpp>
#include <caf/typed_actor.hpp>

#include "timeless/catalog.hpp"
#include "timeless/error.hpp"
#include "timeless/messages.hpp"
#include "timeless/options.hpp"

namespace timeless {

/// The store: the single typed entry point of a Timeless instance. Every
/// request may fail with a `caf::error` of category "timeless" (`errc`).
using store_actor = caf::typed_actor<
    /// Writes points named by metric and labels. Replies with the number of
    /// points accepted (all of them), or refuses the whole batch: an invalid
    /// name or label (nothing of the batch is stored) or `backpressure`.
    caf::replies_to<write_atom, std::vector<sample>>::with<uint64_t>,
    /// Writes points of resolved series ids (see `resolve_atom`).
    caf::replies_to<write_atom, resolved_batch>::with<uint64_t>,
    /// Returns the id of each series, registering new ones.
    caf::replies_to<resolve_atom,
                    std::vector<series_key>>::with<std::vector<uint64_t>>,
    /// Raw points of all matching series, ordered by series id.
    caf::replies_to<query_atom, raw_query>::with<std::vector<series_points>>,
    /// Bucketed aggregates of all matching series.
    caf::replies_to<agg_atom, agg_query>::with<std::vector<series_buckets>>,
    /// The newest point (greatest timestamp) of each matching series.
    caf::replies_to<latest_atom, selector>::with<std::vector<series_points>>,
    /// Metric names, sorted.
    caf::replies_to<metrics_atom>::with<std::vector<std::string>>,
    /// Label names of a metric's series, sorted.
    caf::replies_to<lnames_atom, std::string>::with<std::vector<std::string>>,
    /// Values of one label (metric, label name), sorted.
    caf::replies_to<lvalues_atom, std::string,
                    std::string>::with<std::vector<std::string>>,
    /// The series matching a selector.
    caf::replies_to<series_atom, selector>::with<std::vector<series_info>>,
    /// Makes every point acknowledged before it durable (write-ahead logs
    /// synced). With `true`, also checkpoints everything into SQLite.
    caf::replies_to<caf::flush_atom, bool>::with<caf::ok_atom>,
    caf::replies_to<info_atom>::with<store_info>,
    /// Merges the segments committed since the last rollup into the tier
    /// named by the string (every tier if empty), then replies.
    caf::replies_to<rollup_atom, std::string>::with<rollup_report>,
    /// Rolls up every tier, then deletes raw segments and tier rows past
    /// their retention (raw ones only once rolled up), removes series with
    /// no data left anywhere, and returns the freed pages to the file system.
    caf::replies_to<retention_atom>::with<retention_report>,
    /// Rolls up every tier, then merges adjacent small segments of each
    /// series that every tier holds into blocks of up to
    /// `store_options::block_points` points (see
    /// actors/maintain/compaction.hpp).
    caf::replies_to<compact_atom>::with<compaction_report>,
    /// Copies the store into the directory named by the string (it must not
    /// exist or be empty) while ingest continues: checkpoints every shard,
    /// then copies each SQLite file of the data directory from one read
    /// snapshot with SQLite's online backup API and writes a manifest. The
    /// copy holds every point acknowledged before the request.
    caf::replies_to<backup_atom, std::string>::with<backup_report>,
    /// Rows of one tier.
    caf::replies_to<tier_atom, tier_query>::with<std::vector<series_tier>>,
    // -- the catalog (timeless/catalog.hpp, catalog.db) ----------------------
    /// Upserts metric metadata in one transaction. Empty unit or help, and
    /// the type "unknown", keep what is known; an entry that changes
    /// nothing is not rewritten. An invalid entry (metric name, type not
    /// one of `metric_metadata`'s) refuses the whole batch with
    /// `errc::invalid_argument` naming it.
    caf::replies_to<put_meta_atom,
                    std::vector<metric_metadata>>::with<caf::ok_atom>,
    /// The metadata of one metric (none if unknown), or of every metric,
    /// sorted, for "".
    caf::replies_to<get_meta_atom,
                    std::string>::with<std::vector<metric_metadata>>,
    /// Adds an annotation (its id is ignored; the title is required) and
    /// replies with its new id. Ids are never reused.
    caf::replies_to<add_note_atom, annotation>::with<int64_t>,
    /// The annotations in the query's inclusive range having any of its
    /// tags (any annotation if none), ordered by time.
    caf::replies_to<get_notes_atom,
                    annotation_query>::with<std::vector<annotation>>,
    /// Deletes an annotation; false if there is no such id.
    caf::replies_to<del_note_atom, int64_t>::with<bool>,
    /// Adds an alert rule (id 0; replies with the new id; `created_at` 0 is
    /// set to now) or replaces rule `id` (`invalid_argument` if none).
    /// Validates name and metric (non-empty, valid names), a finite
    /// threshold, duration >= 0 and a webhook_url empty or starting with
    /// http://; the error names the field.
    caf::replies_to<put_rule_atom, alert_rule>::with<int64_t>,
    /// Every alert rule by id, each with the states of its series.
    caf::replies_to<get_rules_atom>::with<std::vector<alert_rule_states>>,
    /// Deletes an alert rule and its states; false if there is no such id.
    caf::replies_to<del_rule_atom, int64_t>::with<bool>,
    /// Upserts alert states by (rule_id, labels) in one transaction; states
    /// of a rule that no longer exists are dropped.
    caf::replies_to<put_state_atom,
                    std::vector<alert_state>>::with<caf::ok_atom>,
    /// Checkpoints everything, then stops every actor of the store. Later
    /// requests fail with `errc::closed` (or reach a dead actor).
    caf::replies_to<close_atom>::with<caf::ok_atom>>;

/// Registers Timeless' message types and error category with a config.
/// Call before constructing the actor system.
void add_message_types(caf::actor_system_config& cfg);

/// Opens (recovering if needed) the store in `opts.data_dir` inside `sys`
/// and returns its handle. Blocks while it recovers. Fails with `locked`
/// when another process has the directory open, `io_error` or `corruption`.
caf::expected<store_actor> spawn_store(caf::actor_system& sys,
                                       store_options opts);

/// Checks the backup directory `from` (written by `backup_atom`): its
/// manifest and every file it lists (size and CRC-32C). Fails with
/// `corruption` naming the file and the mismatch, `invalid_argument` for a
/// newer manifest version.
caf::error verify_backup(const std::string& from);

/// Verifies `from`, then copies it into `data_dir`, which must not exist or
/// be empty (`invalid_argument` otherwise). Opening `data_dir` afterwards
/// gives the store as it was backed up. Blocks; needs no actor system.
caf::expected<backup_report> restore_backup(const std::string& from,
                                            const std::string& data_dir);

} // namespace timeless
