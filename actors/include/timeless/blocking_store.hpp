#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include "timeless/store.hpp"

namespace timeless {

/// Settings of the blocking facade on top of `store_options`.
struct blocking_options {
  /// Worker threads of the facade's own actor system (0: the core count).
  size_t threads = 0;
  /// A write refused for backpressure is retried (with growing pauses) for
  /// up to this long before `write` returns `errc::backpressure`.
  std::chrono::milliseconds backpressure_timeout{10000};
};

/// A store for plain C++: owns an actor system and the store's actors, and
/// offers blocking calls. Thread-safe: several threads may write and query
/// at once. Destroying it closes the store (everything is checkpointed).
class blocking_store {
 public:
  /// Opens the store in `opts.data_dir`.
  static caf::expected<std::unique_ptr<blocking_store>>
  open(store_options opts, blocking_options bopts = {});

  ~blocking_store();

  blocking_store(const blocking_store&) = delete;
  blocking_store& operator=(const blocking_store&) = delete;

  /// Writes a batch; returns the number of points accepted (all) or the
  /// error that refused the whole batch. The caller keeps `batch`.
  caf::expected<uint64_t> write(const std::vector<sample>& batch);

  /// Writes points of resolved series.
  caf::expected<uint64_t> write(const resolved_batch& batch);

  /// Resolves (registering when new) series ids.
  caf::expected<std::vector<uint64_t>> resolve(std::vector<series_key> keys);

  caf::expected<std::vector<series_points>> query(raw_query q);
  caf::expected<std::vector<series_buckets>> aggregate(agg_query q);
  caf::expected<std::vector<series_points>> latest(selector sel);
  caf::expected<std::vector<std::string>> metrics();
  caf::expected<std::vector<std::string>> label_names(std::string metric);
  caf::expected<std::vector<std::string>> label_values(std::string metric,
                                                       std::string name);
  caf::expected<std::vector<series_info>> series(selector sel);
  caf::expected<store_info> info();

  /// Merges the segments committed since the last rollup into the tier
  /// named `tier` (every tier if empty). Rollups also run on
  /// `store_options::rollup_interval`.
  caf::expected<rollup_report> rollup(std::string tier = {});

  /// Rolls up, then deletes what is past retention and removes series with
  /// no data left. Also runs on `store_options::retention_interval`.
  caf::expected<retention_report> enforce_retention();

  /// Rolls up, then merges adjacent small segments of each series into
  /// blocks of up to `store_options::block_points` points. Also runs on
  /// `store_options::compaction_interval`.
  caf::expected<compaction_report> compact();

  /// Copies the store into `dest` (which must not exist or be empty) while
  /// other threads keep writing; the copy holds every point acknowledged
  /// before the call. See `store_actor`'s `backup_atom`.
  caf::expected<backup_report> backup(std::string dest);

  /// Rows of one rollup tier.
  caf::expected<std::vector<series_tier>> read_tier(tier_query q);

  // -- the catalog (see store_actor for each operation's contract) ----------

  /// Upserts metric metadata (one transaction; unchanged rows not written).
  caf::error put_metadata(std::vector<metric_metadata> batch);
  /// The metadata of `metric`, or of every metric (sorted) for "".
  caf::expected<std::vector<metric_metadata>> metadata(std::string metric = {});
  /// Adds an annotation; returns its id.
  caf::expected<int64_t> add_annotation(annotation x);
  caf::expected<std::vector<annotation>> annotations(annotation_query q);
  /// False if there is no annotation `id`.
  caf::expected<bool> delete_annotation(int64_t id);
  /// Adds (id 0) or replaces an alert rule; returns its id.
  caf::expected<int64_t> put_alert_rule(alert_rule x);
  caf::expected<std::vector<alert_rule_states>> alert_rules();
  /// Deletes a rule and its states; false if there is no rule `id`.
  caf::expected<bool> delete_alert_rule(int64_t id);
  caf::error put_alert_states(std::vector<alert_state> batch);

  /// Returns once every point acknowledged before the call is durable
  /// (logs synced); with `checkpoint`, once it is all in SQLite.
  caf::error flush(bool checkpoint = false);

  /// Checkpoints everything and stops the store. Idempotent.
  caf::error close();

  /// The typed handle, for mixing in asynchronous CAF code.
  store_actor handle() const;

  caf::actor_system& system();

 private:
  struct impl;
  explicit blocking_store(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

} // namespace timeless
