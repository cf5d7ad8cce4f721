// The store actor's behaviour: the public `store_actor` interface, handled
// by delegating to the registry, the maintenance actors and the read path
// (actors/read/read_path.hpp), plus info and close. spawn_store
// (actors/api/store_spawn.cpp) opens the store and wires the actors.

#include "actors/api/store_impl.hpp"
#include "timeless/error.hpp"

#include <algorithm>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/maintain/backup_job.hpp"
#include "actors/maintain/retention.hpp"
#include "actors/read/query_router.hpp"
#include "actors/read/read_path.hpp"
#include "db/dir_usage.hpp"

namespace timeless::detail {

namespace {

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
  down(s.catalog);
}

} // namespace

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
  watch(s.catalog);
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
        answer_points(self, std::move(q), rp);
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
        answer_tier(self, it->id, std::move(q), rp);
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
      [self, closed](backup_atom,
                     std::string& dest) -> caf::result<backup_report> {
        if (self->state.closing)
          return closed();
        auto job =
            spawn_backup_job(self->system(), caf::actor_cast<store_actor>(self),
                             self->state.opts.data_dir);
        return self->delegate(job, backup_atom::value, std::move(dest));
      },
      [self](latest_atom,
             selector& sel) -> caf::result<std::vector<series_points>> {
        auto rp = self->make_response_promise<std::vector<series_points>>();
        answer_latest(self, std::move(sel), rp);
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
        auto pending = std::make_shared<size_t>(s.shards.size() + 4);
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
        self->request(s.catalog, caf::infinite, info_atom::value)
            .then(
                [info, finish](uint64_t n) mutable {
                  info->catalog_damaged_rows = n;
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
      [self, closed](put_meta_atom, std::vector<metric_metadata>& batch)
          -> caf::result<caf::ok_atom> {
        if (self->state.closing)
          return closed();
        return self->delegate(self->state.catalog, put_meta_atom::value,
                              std::move(batch));
      },
      [self](get_meta_atom, std::string& metric)
          -> caf::delegated<std::vector<metric_metadata>> {
        return self->delegate(self->state.catalog, get_meta_atom::value,
                              std::move(metric));
      },
      [self, closed](add_note_atom, annotation& x) -> caf::result<int64_t> {
        if (self->state.closing)
          return closed();
        return self->delegate(self->state.catalog, add_note_atom::value,
                              std::move(x));
      },
      [self](get_notes_atom,
             annotation_query& q) -> caf::delegated<std::vector<annotation>> {
        return self->delegate(self->state.catalog, get_notes_atom::value,
                              std::move(q));
      },
      [self, closed](del_note_atom, int64_t id) -> caf::result<bool> {
        if (self->state.closing)
          return closed();
        return self->delegate(self->state.catalog, del_note_atom::value, id);
      },
      [self, closed](put_rule_atom, alert_rule& x) -> caf::result<int64_t> {
        if (self->state.closing)
          return closed();
        return self->delegate(self->state.catalog, put_rule_atom::value,
                              std::move(x));
      },
      [self](get_rules_atom) -> caf::delegated<std::vector<alert_rule_states>> {
        return self->delegate(self->state.catalog, get_rules_atom::value);
      },
      [self, closed](del_rule_atom, int64_t id) -> caf::result<bool> {
        if (self->state.closing)
          return closed();
        return self->delegate(self->state.catalog, del_rule_atom::value, id);
      },
      [self, closed](put_state_atom, std::vector<alert_state>& batch)
          -> caf::result<caf::ok_atom> {
        if (self->state.closing)
          return closed();
        return self->delegate(self->state.catalog, put_state_atom::value,
                              std::move(batch));
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

} // namespace timeless::detail
