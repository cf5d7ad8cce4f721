// Opening a store: validates the options, takes the directory lock, opens
// SQLite, recovers the write-ahead logs and spawns and wires every actor of
// the store (docs/architecture.md, "Actor graph"); and the message types
// the store's messages need registered.

#include "timeless/error.hpp"
#include "timeless/store.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include "actors/api/store_impl.hpp"
#include "actors/catalog/catalog.hpp"
#include "actors/common/db_error.hpp"
#include "actors/maintain/compactor.hpp"
#include "actors/maintain/rollup.hpp"
#include "actors/maintain/tiers.hpp"
#include "actors/read/reader.hpp"
#include "actors/write/builder.hpp"
#include "actors/write/recovery.hpp"
#include "actors/write/registry.hpp"
#include "actors/write/shard.hpp"
#include "actors/write/writer.hpp"
#include "db/meta_table.hpp"
#include "db/tier_table.hpp"

namespace timeless {

using namespace detail;

namespace {

int64_t system_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

caf::error io(const std::string& what) {
  return make_error(errc::io_error, what);
}

} // namespace

void add_message_types(caf::actor_system_config& cfg) {
  cfg.add_message_type<label>("timeless::label");
  cfg.add_message_type<label_set>("timeless::label_set");
  cfg.add_message_type<sample>("timeless::sample");
  cfg.add_message_type<std::vector<sample>>("timeless::sample_batch");
  cfg.add_message_type<series_key>("timeless::series_key");
  cfg.add_message_type<std::vector<series_key>>("timeless::series_keys");
  cfg.add_message_type<resolved_batch>("timeless::resolved_batch");
  cfg.add_message_type<selector>("timeless::selector");
  cfg.add_message_type<raw_query>("timeless::raw_query");
  cfg.add_message_type<agg_query>("timeless::agg_query");
  cfg.add_message_type<series_points>("timeless::series_points");
  cfg.add_message_type<std::vector<series_points>>(
      "timeless::series_points_list");
  cfg.add_message_type<series_buckets>("timeless::series_buckets");
  cfg.add_message_type<std::vector<series_buckets>>(
      "timeless::series_buckets_list");
  cfg.add_message_type<series_info>("timeless::series_info");
  cfg.add_message_type<std::vector<series_info>>("timeless::series_infos");
  cfg.add_message_type<store_info>("timeless::store_info");
  cfg.add_message_type<tier_info>("timeless::tier_info");
  cfg.add_message_type<std::vector<tier_info>>("timeless::tier_infos");
  cfg.add_message_type<tier_query>("timeless::tier_query");
  cfg.add_message_type<tier_bucket>("timeless::tier_bucket");
  cfg.add_message_type<series_tier>("timeless::series_tier");
  cfg.add_message_type<std::vector<series_tier>>("timeless::series_tiers");
  cfg.add_message_type<rollup_report>("timeless::rollup_report");
  cfg.add_message_type<compaction_report>("timeless::compaction_report");
  cfg.add_message_type<retention_report>("timeless::retention_report");
  cfg.add_message_type<metric_metadata>("timeless::metric_metadata");
  cfg.add_message_type<std::vector<metric_metadata>>(
      "timeless::metric_metadata_list");
  cfg.add_message_type<annotation>("timeless::annotation");
  cfg.add_message_type<std::vector<annotation>>("timeless::annotations");
  cfg.add_message_type<annotation_query>("timeless::annotation_query");
  cfg.add_message_type<alert_rule>("timeless::alert_rule");
  cfg.add_message_type<alert_state>("timeless::alert_state");
  cfg.add_message_type<std::vector<alert_state>>("timeless::alert_states");
  cfg.add_message_type<alert_rule_states>("timeless::alert_rule_states");
  cfg.add_message_type<std::vector<alert_rule_states>>(
      "timeless::alert_rule_states_list");
  cfg.add_message_type<backup_report>("timeless::backup_report");
  cfg.add_error_category(caf::atom("timeless"),
                         [](uint8_t code, caf::atom_value,
                            const caf::message& ctx) -> std::string {
                           std::string out = "timeless::" +
                                             to_string(static_cast<errc>(code));
                           if (ctx.match_elements<std::string>())
                             out += ": " + ctx.get_as<std::string>(0);
                           return out;
                         });
}

caf::expected<store_actor> spawn_store(caf::actor_system& sys,
                                       store_options opts) {
  namespace fs = std::filesystem;
  if (opts.data_dir.empty())
    return make_error(errc::invalid_argument, "data_dir is empty");
  if (opts.segment_duration_ms <= 0)
    return make_error(errc::invalid_argument,
                      "segment duration must be positive");
  if (opts.block_points == 0 || opts.flush_threshold == 0)
    return make_error(errc::invalid_argument,
                      "block_points and flush_threshold must be positive");
  if (opts.raw_retention_ms <= 0)
    return make_error(errc::invalid_argument,
                      "raw retention must be positive, got " +
                          std::to_string(opts.raw_retention_ms) + " ms");
  if (auto err = validate_tiers(opts.tiers))
    return err;
  if (opts.shards == 0)
    opts.shards = std::max(1u, std::thread::hardware_concurrency());
  if (opts.readers == 0)
    opts.readers = opts.shards;
  if (!opts.clock)
    opts.clock = system_clock_ms;
  std::error_code ec;
  auto wal_dir = (fs::path{opts.data_dir} / "wal").string();
  fs::create_directories(wal_dir, ec);
  if (ec)
    return io("cannot create data directory " + wal_dir + ": " + ec.message());
  std::unique_ptr<db::dir_lock> lock;
  if (auto st = db::dir_lock::acquire(opts.data_dir, lock); !st.is_ok())
    return to_error(st);
  auto db_path = (fs::path{opts.data_dir} / "timeless.db").string();
  std::unique_ptr<db::database> wdb;
  db::open_options wo;
  wo.sync = opts.mode == durability::sync ? db::open_options::sync_mode::full
                                          : db::open_options::sync_mode::normal;
  if (auto st = db::database::open(db_path, wo, wdb); !st.is_ok())
    return to_error(st);
  wdb->set_statement_cache(opts.ablation.statement_cache);
  buffer_policy policy;
  policy.segment_ms = opts.segment_duration_ms;
  policy.grace_ms = opts.close_grace_ms;
  policy.block_points = opts.block_points;
  // Retention deletes whole rows: a row spans at most a quarter of raw
  // retention, so raw data outlives its retention by at most that much.
  policy.block_span_ms = opts.raw_retention_ms == retention_forever
                             ? 0
                             : std::max<int64_t>(1, opts.raw_retention_ms / 4);
  recovered_state rec;
  if (auto err =
          recover(*wdb, wal_dir, opts.shards, opts.ablation.sharded_builders,
                  policy, opts.clock(), rec))
    return err;
  std::unique_ptr<db::catalog_db> catalog;
  auto catalog_path = (fs::path{opts.data_dir} / "catalog.db").string();
  if (auto st = db::catalog_db::open(catalog_path, catalog); !st.is_ok())
    return to_error(st);
  std::vector<db::tier_row> wanted;
  for (auto& t : opts.tiers) {
    db::tier_row row;
    row.name = t.name;
    row.resolution_ms = t.resolution_ms;
    row.calendar_months = t.calendar_months;
    row.retention_ms = t.retention_ms;
    wanted.push_back(std::move(row));
  }
  std::vector<db::tier_row> stored_tiers;
  if (auto st = db::sync_tiers(*wdb, wanted, stored_tiers); !st.is_ok())
    return to_error(st);
  retention_config retention;
  retention.raw_retention_ms = opts.raw_retention_ms;
  rollup_config roll;
  roll.interval = opts.rollup_interval;
  for (size_t i = 0; i < opts.tiers.size(); ++i) {
    retention.tiers.push_back(tier_slot{stored_tiers[i].id, opts.tiers[i],
                                        stored_tiers[i].created_seq});
    roll.watermarks.push_back(stored_tiers[i].watermark);
  }
  roll.tiers = retention.tiers;
  int64_t horizon = INT64_MIN;
  if (auto st = read_raw_horizon(*wdb, horizon); !st.is_ok())
    return to_error(st);
  int64_t next_id = 0;
  if (auto st = db::get_meta(*wdb, db::meta_key::series_next_id, next_id);
      !st.is_ok() && !st.is_not_found())
    return to_error(st);
  if (next_id > 0)
    rec.index->reserve_ids(static_cast<uint64_t>(next_id));
  auto bl = std::make_shared<backlog>(opts.shards);
  bl->max_unchecked_bytes = 4 * opts.wal_rotate_bytes;
  bl->raw_horizon = horizon;
  auto init = std::make_shared<store_state>();
  auto& s = *init;
  s.opts = opts;
  s.bl = bl;
  s.lock = std::move(lock);
  s.tiers = retention.tiers;
  s.catalog = spawn_catalog(sys, std::move(catalog), opts.clock);
  s.writer = spawn_writer(sys, std::move(wdb), rec.max_seq + 1, bl,
                          std::move(retention));
  for (uint32_t i = 0; i < opts.shards; ++i) {
    builder_config bc;
    bc.shard = i;
    bc.policy = policy;
    bc.clock = opts.clock;
    bc.committed_seq = rec.max_seq;
    s.builders.push_back(
        spawn_builder(sys, bc, std::move(rec.buffers[i]), s.writer, bl));
  }
  auto cleanup = [&] {
    for (auto& h : s.builders)
      caf::anon_send_exit(h, caf::exit_reason::user_shutdown);
    for (auto& h : s.shards)
      caf::anon_send_exit(h, caf::exit_reason::user_shutdown);
    for (auto& h : s.readers)
      caf::anon_send_exit(h, caf::exit_reason::user_shutdown);
    if (s.rollup)
      caf::anon_send_exit(s.rollup, caf::exit_reason::user_shutdown);
    if (s.compactor)
      caf::anon_send_exit(s.compactor, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(s.catalog, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(s.writer, caf::exit_reason::user_shutdown);
  };
  for (uint32_t i = 0; i < opts.shards; ++i) {
    shard_config sc;
    sc.index = i;
    sc.wal_dir = wal_dir;
    sc.first_gen = rec.next_gen;
    sc.flush_threshold = opts.flush_threshold;
    sc.flush_interval = opts.flush_interval;
    sc.checkpoint_interval = opts.checkpoint_interval;
    sc.wal_rotate_bytes = opts.wal_rotate_bytes;
    sc.mode = opts.mode;
    sc.single_pass_flush = opts.ablation.single_pass_flush;
    auto& b = s.builders[opts.ablation.sharded_builders ? i : 0];
    auto sh = spawn_shard(sys, sc, b, bl);
    if (!sh) {
      cleanup();
      return std::move(sh.error());
    }
    s.shards.push_back(std::move(*sh));
  }
  // Readers, the rollup actor and the compactor each read on their own
  // read-only connection.
  auto open_reader = [&db_path](std::unique_ptr<db::database>& rdb) {
    db::open_options ro;
    ro.read_only = true;
    ro.migrate = false;
    return db::database::open(db_path, ro, rdb);
  };
  for (uint32_t i = 0; i < opts.readers; ++i) {
    std::unique_ptr<db::database> rdb;
    if (auto st = open_reader(rdb); !st.is_ok()) {
      cleanup();
      return to_error(st);
    }
    rdb->set_statement_cache(opts.ablation.statement_cache);
    s.readers.push_back(
        spawn_reader(sys, std::move(rdb), opts.ablation.one_query_multi_read));
  }
  {
    std::unique_ptr<db::database> rdb;
    if (auto st = open_reader(rdb); !st.is_ok()) {
      cleanup();
      return to_error(st);
    }
    s.rollup = spawn_rollup(sys, std::move(rdb), s.writer, std::move(roll));
  }
  {
    std::unique_ptr<db::database> rdb;
    if (auto st = open_reader(rdb); !st.is_ok()) {
      cleanup();
      return to_error(st);
    }
    compactor_config cc;
    cc.block_points = std::min(opts.block_points, codec::max_segment_points);
    cc.interval = opts.compaction_interval;
    cc.block_span_ms = policy.block_span_ms;
    s.compactor = spawn_compactor(sys, std::move(rdb), s.writer, s.rollup,
                                  s.builders, cc);
  }
  registry_config rc;
  rc.limits = opts.limits;
  rc.mode = opts.mode;
  rc.max_backlog = opts.max_backlog;
  rc.bulk_write = opts.ablation.bulk_write;
  rc.clock = opts.clock;
  s.registry = spawn_registry(sys, rc, std::move(rec.index), s.shards, bl);
  return sys.spawn(store_impl, init);
}

} // namespace timeless
