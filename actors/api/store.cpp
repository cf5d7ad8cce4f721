#include "timeless/store.hpp"
#include "timeless/error.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/common/db_error.hpp"
#include "actors/maintain/compactor.hpp"
#include "actors/maintain/retention.hpp"
#include "actors/maintain/rollup.hpp"
#include "actors/maintain/tiers.hpp"
#include "actors/read/query_router.hpp"
#include "actors/read/read_path.hpp"
#include "actors/read/reader.hpp"
#include "actors/write/builder.hpp"
#include "actors/write/recovery.hpp"
#include "actors/write/registry.hpp"
#include "actors/write/shard.hpp"
#include "actors/write/writer.hpp"
#include "db/dir_usage.hpp"
#include "db/meta_table.hpp"
#include "db/tier_table.hpp"

namespace timeless {

namespace {

using namespace detail;

/// Requests `msg` from every shard; `done` runs once all replied ok, or
/// with the first error.
template <class... Ts>
caf::result<caf::ok_atom> all_shards(store_ptr self, Ts... xs) {
  auto rp = self->make_response_promise<caf::ok_atom>();
  auto pending = std::make_shared<size_t>(self->state.shards.size());
  auto failed = std::make_shared<bool>(false);
  for (auto& sh : self->state.shards)
    self->request(sh, caf::infinite, xs...)
        .then(
            [rp, pending, failed](caf::ok_atom) mutable {
              if (--*pending == 0 && !*failed)
                rp.deliver(caf::ok_atom::value);
            },
            [rp, failed](caf::error& err) mutable {
              if (!*failed) {
                *failed = true;
                rp.deliver(std::move(err));
              }
            });
  return rp;
}

/// Stops every actor but the writer; the down handler stops the writer once
/// the others are gone, so its connection closes last and, as SQLite's last
/// connection, folds the SQLite WAL into the database file.
void stop_children(store_ptr self) {
  auto& s = self->state;
  auto down = [&](const auto& h) {
    self->send_exit(h, caf::exit_reason::user_shutdown);
  };
  down(s.registry);
  for (auto& h : s.shards)
    down(h);
  for (auto& h : s.builders)
    down(h);
  for (auto& h : s.readers)
    down(h);
  down(s.rollup);
  down(s.retention);
  down(s.compactor);
}

store_actor::behavior_type store_impl(store_ptr self,
                                      std::shared_ptr<store_state> init) {
  self->state = std::move(*init);
  auto& s = self->state;
  auto watch = [&](const auto& h) {
    self->monitor(h);
    ++s.alive;
  };
  watch(s.registry);
  for (auto& h : s.shards)
    watch(h);
  for (auto& h : s.builders)
    watch(h);
  for (auto& h : s.readers)
    watch(h);
  watch(s.writer);
  watch(s.rollup);
  watch(s.compactor);
  retention_actor_config rc;
  rc.interval = s.opts.retention_interval;
  rc.clock = s.opts.clock;
  s.retention =
      spawn_retention(self->system(), s.writer, s.rollup, s.registry,
                      caf::actor_cast<store_actor>(self), std::move(rc));
  watch(s.retention);
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& s = self->state;
    --s.alive;
    if (!s.closing) {
      std::fprintf(stderr, "timeless: an actor of the store stopped: %s\n",
                   caf::to_string(dm.reason).c_str());
      return;
    }
    if (s.alive == 1 && dm.source != s.writer.address()) {
      self->send_exit(s.writer, caf::exit_reason::user_shutdown);
      return;
    }
    if (s.alive == 0) {
      for (auto& rp : s.close_waiters)
        rp.deliver(caf::ok_atom::value);
      s.close_waiters.clear();
      s.lock.reset();
      self->quit();
    }
  });
  auto closed = [] {
    return make_error(errc::closed, "the store is closed or closing");
  };
  return {
      [self, closed](write_atom,
                     std::vector<sample>& batch) -> caf::result<uint64_t> {
        if (self->state.closing)
          return closed();
        return self->delegate(self->state.registry, write_atom::value,
                              std::move(batch));
      },
      [self, closed](write_atom,
                     resolved_batch& batch) -> caf::result<uint64_t> {
        if (self->state.closing)
          return closed();
        return self->delegate(self->state.registry, write_atom::value,
                              std::move(batch));
      },
      [self, closed](resolve_atom, std::vector<series_key>& keys)
          -> caf::result<std::vector<uint64_t>> {
        if (self->state.closing)
          return closed();
        return self->delegate(self->state.registry, resolve_atom::value,
                              std::move(keys));
      },
      [self](query_atom,
             raw_query& q) -> caf::result<std::vector<series_points>> {
        auto rp = self->make_response_promise<std::vector<series_points>>();
        read_series(self, std::move(q.sel), q.from, q.to, false, rp,
                    [rp](std::shared_ptr<read_ctx> ctx,
                         std::vector<series_run> disk) mutable {
                      std::vector<series_points> out;
                      for (size_t i = 0; i < ctx->infos.size(); ++i) {
                        series_points sp;
                        merge_run(disk[i], ctx->mem[i], sp.ts, sp.values);
                        if (sp.ts.empty())
                          continue;
                        sp.metric = std::move(ctx->infos[i].metric);
                        sp.labels = std::move(ctx->infos[i].labels);
                        out.push_back(std::move(sp));
                      }
                      rp.deliver(std::move(out));
                    });
        return rp;
      },
      [self](agg_atom,
             agg_query& q) -> caf::result<std::vector<series_buckets>> {
        if (q.step <= 0)
          return make_error(errc::invalid_argument,
                            "aggregate step must be positive, got " +
                                std::to_string(q.step));
        auto rp = self->make_response_promise<std::vector<series_buckets>>();
        answer_aggregate(self, std::move(q), rp);
        return rp;
      },
      [self](tier_atom,
             tier_query& q) -> caf::result<std::vector<series_tier>> {
        auto& s = self->state;
        auto it = std::ranges::find_if(
            s.tiers, [&](const tier_slot& t) { return t.opts.name == q.tier; });
        if (it == s.tiers.end())
          return make_error(errc::invalid_argument,
                            "no rollup tier named '" + q.tier + "'");
        auto rp = self->make_response_promise<std::vector<series_tier>>();
        auto tier_id = it->id;
        auto from = q.from;
        auto to = q.to;
        self->request(s.registry, caf::infinite, series_atom::value,
                      std::move(q.sel))
            .then(
                [self, rp, tier_id, from,
                 to](std::vector<series_info>& infos) mutable {
                  auto& s = self->state;
                  std::vector<uint64_t> ids;
                  for (auto& i : infos)
                    ids.push_back(i.id);
                  auto& reader = s.readers[s.next_reader++ % s.readers.size()];
                  self->request(reader, caf::infinite, tier_atom::value,
                                tier_id, std::move(ids), from, to)
                      .then(
                          [rp, infos = std::move(infos)](
                              std::vector<db::rollup_row>& rows) mutable {
                            std::vector<series_tier> out;
                            size_t k = 0;
                            for (auto& info : infos) {
                              series_tier st;
                              for (; k < rows.size() &&
                                     rows[k].series_id == info.id;
                                   ++k) {
                                auto& r = rows[k];
                                st.buckets.push_back(tier_bucket{
                                    r.bucket, r.count, r.sum, r.min, r.max,
                                    r.first_ts, r.first, r.last_ts, r.last});
                              }
                              if (st.buckets.empty())
                                continue;
                              st.metric = std::move(info.metric);
                              st.labels = std::move(info.labels);
                              out.push_back(std::move(st));
                            }
                            rp.deliver(std::move(out));
                          },
                          [rp](caf::error& err) mutable {
                            rp.deliver(std::move(err));
                          });
                },
                [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
        return rp;
      },
      [self, closed](rollup_atom,
                     std::string& tier) -> caf::result<rollup_report> {
        if (self->state.closing)
          return closed();
        return self->delegate(self->state.rollup, rollup_atom::value,
                              std::move(tier));
      },
      [self, closed](retention_atom) -> caf::result<retention_report> {
        if (self->state.closing)
          return closed();
        return self->delegate(self->state.retention, retention_atom::value);
      },
      [self, closed](compact_atom) -> caf::result<compaction_report> {
        if (self->state.closing)
          return closed();
        return self->delegate(self->state.compactor, compact_atom::value);
      },
      [self](latest_atom,
             selector& sel) -> caf::result<std::vector<series_points>> {
        auto rp = self->make_response_promise<std::vector<series_points>>();
        read_series(self, std::move(sel), INT64_MIN, INT64_MAX, true, rp,
                    [rp](std::shared_ptr<read_ctx> ctx,
                         std::vector<series_run> disk) mutable {
                      std::vector<series_points> out;
                      for (size_t i = 0; i < ctx->infos.size(); ++i) {
                        auto& mem = ctx->mem[i];
                        bool have = !disk[i].ts.empty();
                        int64_t best_ts = have ? disk[i].ts[0] : 0;
                        double best_v = have ? disk[i].values[0] : 0;
                        // Memory points arrived after stored ones: they win
                        // ties.
                        for (size_t k = 0; k < mem.ts.size(); ++k)
                          if (!have || mem.ts[k] >= best_ts) {
                            have = true;
                            best_ts = mem.ts[k];
                            best_v = mem.values[k];
                          }
                        if (!have)
                          continue;
                        series_points sp;
                        sp.metric = std::move(ctx->infos[i].metric);
                        sp.labels = std::move(ctx->infos[i].labels);
                        sp.ts.push_back(best_ts);
                        sp.values.push_back(best_v);
                        out.push_back(std::move(sp));
                      }
                      rp.deliver(std::move(out));
                    });
        return rp;
      },
      [self](metrics_atom) -> caf::delegated<std::vector<std::string>> {
        return self->delegate(self->state.registry, metrics_atom::value);
      },
      [self](lnames_atom,
             std::string& metric) -> caf::delegated<std::vector<std::string>> {
        return self->delegate(self->state.registry, lnames_atom::value,
                              std::move(metric));
      },
      [self](lvalues_atom, std::string& metric,
             std::string& name) -> caf::delegated<std::vector<std::string>> {
        return self->delegate(self->state.registry, lvalues_atom::value,
                              std::move(metric), std::move(name));
      },
      [self](series_atom,
             selector& sel) -> caf::delegated<std::vector<series_info>> {
        return self->delegate(self->state.registry, series_atom::value,
                              std::move(sel));
      },
      [self, closed](caf::flush_atom,
                     bool with_checkpoint) -> caf::result<caf::ok_atom> {
        if (self->state.closing)
          return closed();
        return all_shards(self, caf::flush_atom::value, with_checkpoint);
      },
      [self](info_atom) -> caf::result<store_info> {
        auto rp = self->make_response_promise<store_info>();
        auto info = std::make_shared<store_info>();
        auto& s = self->state;
        info->shards = static_cast<uint32_t>(s.shards.size());
        info->data_dir = s.opts.data_dir;
        info->refused_batches = s.bl->refused.load();
        info->raw_retention_ms = s.opts.raw_retention_ms;
        info->raw_horizon = s.bl->raw_horizon.load();
        auto pending = std::make_shared<size_t>(s.shards.size() + 3);
        auto failed = std::make_shared<bool>(false);
        auto finish = [self, rp, info, pending]() mutable {
          if (--*pending != 0)
            return;
          info->bytes_on_disk = db::directory_bytes(self->state.opts.data_dir);
          auto pts = info->stored_points + info->buffered_points;
          info->bytes_per_point =
              pts == 0 ? 0.0 : double(info->bytes_on_disk) / double(pts);
          rp.deliver(*info);
        };
        auto fail = [rp, failed](caf::error& err) mutable {
          if (!*failed) {
            *failed = true;
            rp.deliver(std::move(err));
          }
        };
        self->request(s.writer, caf::infinite, stats_atom::value)
            .then(
                [info, finish](db::store_stats& st) mutable {
                  info->segment_seq = st.max_seq;
                  info->stored_points = st.points;
                  info->segments = st.segments;
                  info->segment_bytes = st.segment_bytes;
                  finish();
                },
                fail);
        self->request(s.writer, caf::infinite, tier_atom::value)
            .then(
                [info, finish](std::vector<tier_info>& tiers) mutable {
                  info->tiers = std::move(tiers);
                  finish();
                },
                fail);
        self->request(s.registry, caf::infinite, info_atom::value)
            .then(
                [info, finish](uint64_t n) mutable {
                  info->series = n;
                  finish();
                },
                fail);
        for (auto& sh : s.shards)
          self->request(sh, caf::infinite, info_atom::value)
              .then(
                  [info, finish](uint64_t n) mutable {
                    info->buffered_points += n;
                    finish();
                  },
                  fail);
        return rp;
      },
      [self](close_atom) -> caf::result<caf::ok_atom> {
        auto& s = self->state;
        auto rp = self->make_response_promise<caf::ok_atom>();
        s.close_waiters.push_back(rp);
        if (s.closing)
          return rp;
        s.closing = true;
        auto pending = std::make_shared<size_t>(s.shards.size());
        for (auto& sh : s.shards)
          self->request(sh, caf::infinite, close_atom::value)
              .then(
                  [self, pending](caf::ok_atom) {
                    if (--*pending == 0)
                      stop_children(self);
                  },
                  [self, pending](caf::error& err) {
                    std::fprintf(stderr, "timeless: close: %s\n",
                                 describe(err).c_str());
                    if (--*pending == 0)
                      stop_children(self);
                  });
        return rp;
      },
  };
}

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
