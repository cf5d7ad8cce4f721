#include "actors/write/registry.hpp"

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "timeless/error.hpp"

namespace timeless::detail {

namespace {

struct registry_state {
  registry_config cfg;
  std::unique_ptr<series_index> index;
  std::vector<shard_actor> shards;
  backlog_ptr bl;
  std::string key;
  /// Batches dispatched (and series resolved) so far.
  uint64_t batches = 0;
  /// Per series id: the number of the last batch that wrote or resolved it
  /// (0: none since open, when memory held nothing), or `retired`.
  std::vector<uint64_t> last_batch;
  static constexpr uint64_t retired = UINT64_MAX;
  static inline const char* name = "timeless.registry";
};

/// Records that batch `s.batches` touches series `id`: retention does not
/// remove it until a later fence.
void touch(registry_state& s, uint64_t id) {
  if (id >= s.last_batch.size())
    s.last_batch.resize(std::max<size_t>(id + 1, s.last_batch.size() * 2));
  s.last_batch[id] = s.batches;
}

using registry_ptr = registry_actor::stateful_pointer<registry_state>;

/// Refuses a batch while any mailbox on the write path is too deep or the
/// log has failed.
caf::error check_backlog(registry_state& s) {
  if (s.bl->io_failures.load(std::memory_order_relaxed) > 0)
    return make_error(errc::io_error,
                      "the write-ahead log failed; writes are refused "
                      "(see the store's error output)");
  auto limit = static_cast<int64_t>(s.cfg.max_backlog);
  auto refuse = [&](const char* what, size_t i) {
    s.bl->refused.fetch_add(1, std::memory_order_relaxed);
    return make_error(errc::backpressure,
                      std::string{what} + " " + std::to_string(i) + " has " +
                          std::to_string(limit) +
                          " unprocessed batches; retry later");
  };
  for (size_t i = 0; i < s.shards.size(); ++i) {
    if (s.bl->shard_batches[i].load(std::memory_order_relaxed) >= limit)
      return refuse("shard", i);
    if (s.bl->builder_inputs[i].load(std::memory_order_relaxed) >= limit)
      return refuse("builder", i);
    if (s.bl->max_unchecked_bytes > 0 &&
        s.bl->unchecked_bytes[i].load(std::memory_order_relaxed) >
            s.bl->max_unchecked_bytes) {
      s.bl->refused.fetch_add(1, std::memory_order_relaxed);
      return make_error(errc::backpressure,
                        "shard " + std::to_string(i) +
                            " waits for a checkpoint (write-ahead log past " +
                            std::to_string(s.bl->max_unchecked_bytes) +
                            " bytes); retry later");
    }
  }
  if (s.bl->writer_checkpoints.load(std::memory_order_relaxed) >= limit)
    return refuse("writer", 0);
  return caf::none;
}

/// Returns the id of a canonical series, registering it (and queueing its
/// definition for the shard's log) if new.
uint64_t resolve(registry_state& s, std::string& metric, label_set& labels,
                 std::vector<shard_batch>& out) {
  s.key.clear();
  series_index::append_key(s.key, metric, labels);
  if (auto id = s.index->find(s.key); id != 0) {
    touch(s, id);
    return id;
  }
  auto enc = encode_labels(labels);
  auto id = s.index->add(s.key, metric, labels);
  out[id % s.shards.size()].defs.push_back(
      db::wal_series_def{id, metric, std::move(enc)});
  touch(s, id);
  return id;
}

/// Sends the per-shard batches: one message per shard (or, with the bulk
/// switch off, one per point). Sync mode waits for every shard's synced
/// log before replying.
caf::result<uint64_t> dispatch(registry_ptr self,
                               std::vector<shard_batch>& per_shard,
                               uint64_t points, bool wait_for_sync = true) {
  auto& s = self->state;
  auto count = [&](size_t i) {
    s.bl->shard_batches[i].fetch_add(1, std::memory_order_relaxed);
  };
  if (s.cfg.mode == durability::async || !wait_for_sync) {
    for (size_t i = 0; i < per_shard.size(); ++i) {
      auto& b = per_shard[i];
      if (b.defs.empty() && b.points.series.empty())
        continue;
      if (s.cfg.bulk_write || b.points.series.size() <= 1) {
        count(i);
        caf::anon_send(s.shards[i], write_atom::value, std::move(b));
        continue;
      }
      for (size_t k = 0; k < b.points.series.size(); ++k) {
        shard_batch one;
        if (k == 0)
          one.defs = std::move(b.defs);
        one.points.series.push_back(b.points.series[k]);
        one.points.ts.push_back(b.points.ts[k]);
        one.points.values.push_back(b.points.values[k]);
        count(i);
        caf::anon_send(s.shards[i], write_atom::value, std::move(one));
      }
    }
    return points;
  }
  auto rp = self->make_response_promise<uint64_t>();
  auto pending = std::make_shared<size_t>(0);
  auto failed = std::make_shared<bool>(false);
  for (auto& b : per_shard)
    if (!b.defs.empty() || !b.points.series.empty())
      ++*pending;
  if (*pending == 0)
    return points;
  for (size_t i = 0; i < per_shard.size(); ++i) {
    auto& b = per_shard[i];
    if (b.defs.empty() && b.points.series.empty())
      continue;
    count(i);
    self->request(s.shards[i], caf::infinite, write_atom::value, std::move(b),
                  true)
        .then(
            [rp, pending, failed, points](caf::ok_atom) mutable {
              if (--*pending == 0 && !*failed)
                rp.deliver(points);
            },
            [rp, failed](caf::error& err) mutable {
              if (!*failed) {
                *failed = true;
                rp.deliver(std::move(err));
              }
            });
  }
  return rp;
}

caf::error with_prefix(const caf::error& err, const std::string& prefix) {
  auto& ctx = err.context();
  std::string text = ctx.match_elements<std::string>()
                         ? ctx.get_as<std::string>(0)
                         : describe(err);
  return make_error(code_of(err), prefix + text);
}

} // namespace

registry_actor spawn_registry(caf::actor_system& sys, registry_config cfg,
                              std::unique_ptr<series_index> index,
                              std::vector<shard_actor> shards, backlog_ptr bl) {
  auto impl = [](registry_ptr self, std::shared_ptr<registry_config> cfgp,
                 std::shared_ptr<std::unique_ptr<series_index>> idxp,
                 std::vector<shard_actor> sh,
                 backlog_ptr blp) -> registry_actor::behavior_type {
    auto& s = self->state;
    s.cfg = std::move(*cfgp);
    s.index = std::move(*idxp);
    s.shards = std::move(sh);
    s.bl = std::move(blp);
    return {
        [self](write_atom,
               std::vector<sample>& batch) -> caf::result<uint64_t> {
          auto& s = self->state;
          for (size_t i = 0; i < batch.size(); ++i)
            if (auto err = canonicalize(batch[i].metric, batch[i].labels,
                                        s.cfg.limits))
              return with_prefix(err, "sample " + std::to_string(i) + ": ");
          if (auto err = check_backlog(s))
            return err;
          ++s.batches;
          std::vector<shard_batch> per_shard(s.shards.size());
          auto expect = batch.size() / s.shards.size() + 16;
          for (auto& b : per_shard) {
            b.points.series.reserve(expect);
            b.points.ts.reserve(expect);
            b.points.values.reserve(expect);
          }
          int64_t now = 0;
          bool have_now = false;
          for (auto& smp : batch) {
            auto id = resolve(s, smp.metric, smp.labels, per_shard);
            auto ts = smp.ts;
            if (ts == now_timestamp) {
              if (!have_now) {
                now = s.cfg.clock();
                have_now = true;
              }
              ts = now;
            }
            auto& p = per_shard[id % s.shards.size()].points;
            p.series.push_back(id);
            p.ts.push_back(ts);
            p.values.push_back(smp.value);
          }
          return dispatch(self, per_shard, batch.size());
        },
        [self](write_atom, resolved_batch& batch) -> caf::result<uint64_t> {
          auto& s = self->state;
          auto n = batch.series.size();
          if (batch.ts.size() != n || batch.values.size() != n)
            return make_error(
                errc::invalid_argument,
                "resolved batch columns differ in length: " +
                    std::to_string(n) + " series, " +
                    std::to_string(batch.ts.size()) + " timestamps, " +
                    std::to_string(batch.values.size()) + " values");
          auto next = s.index->next_id();
          for (size_t i = 0; i < n; ++i) {
            auto id = batch.series[i];
            if (id == 0 || id >= next)
              return make_error(errc::invalid_argument,
                                "point " + std::to_string(i) +
                                    ": unknown series id " +
                                    std::to_string(id));
            if (id < s.last_batch.size() &&
                s.last_batch[id] == registry_state::retired)
              return make_error(errc::invalid_argument,
                                "point " + std::to_string(i) + ": series id " +
                                    std::to_string(id) +
                                    " was removed by retention (none of its "
                                    "data remained); resolve it again");
          }
          if (auto err = check_backlog(s))
            return err;
          ++s.batches;
          for (auto id : batch.series)
            touch(s, id);
          std::vector<shard_batch> per_shard(s.shards.size());
          if (s.shards.size() == 1) {
            per_shard[0].points = std::move(batch);
          } else {
            auto expect = n / s.shards.size() + 16;
            for (auto& b : per_shard) {
              b.points.series.reserve(expect);
              b.points.ts.reserve(expect);
              b.points.values.reserve(expect);
            }
            for (size_t i = 0; i < n; ++i) {
              auto& p = per_shard[batch.series[i] % s.shards.size()].points;
              p.series.push_back(batch.series[i]);
              p.ts.push_back(batch.ts[i]);
              p.values.push_back(batch.values[i]);
            }
          }
          int64_t now = 0;
          bool have_now = false;
          for (auto& b : per_shard)
            for (auto& t : b.points.ts)
              if (t == now_timestamp) {
                if (!have_now) {
                  now = s.cfg.clock();
                  have_now = true;
                }
                t = now;
              }
          return dispatch(self, per_shard, n);
        },
        [self](resolve_atom, std::vector<series_key>& keys)
            -> caf::result<std::vector<uint64_t>> {
          auto& s = self->state;
          for (size_t i = 0; i < keys.size(); ++i)
            if (auto err =
                    canonicalize(keys[i].metric, keys[i].labels, s.cfg.limits))
              return with_prefix(err, "series " + std::to_string(i) + ": ");
          ++s.batches;
          std::vector<shard_batch> per_shard(s.shards.size());
          std::vector<uint64_t> ids;
          ids.reserve(keys.size());
          for (auto& k : keys)
            ids.push_back(resolve(s, k.metric, k.labels, per_shard));
          // New definitions reach the shards' logs like any batch.
          dispatch(self, per_shard, 0, false);
          return ids;
        },
        [self](series_atom,
               selector& sel) -> caf::result<std::vector<series_info>> {
          auto m = series_matcher::make(sel);
          if (!m)
            return std::move(m.error());
          std::vector<uint64_t> ids;
          self->state.index->match(*m, ids);
          std::vector<series_info> out;
          out.reserve(ids.size());
          for (auto id : ids)
            out.push_back(*self->state.index->get(id));
          return out;
        },
        [self](metrics_atom) { return self->state.index->metrics(); },
        [self](lnames_atom, std::string& metric) {
          return self->state.index->label_names(metric);
        },
        [self](lvalues_atom, std::string& metric, std::string& name) {
          return self->state.index->label_values(metric, name);
        },
        [self](info_atom) -> uint64_t { return self->state.index->size(); },
        [self](fence_atom) -> uint64_t { return self->state.batches; },
        [self](retire_atom, std::vector<uint64_t>& ids,
               uint64_t fence) -> std::vector<uint64_t> {
          auto& s = self->state;
          std::vector<uint64_t> out;
          for (auto id : ids) {
            if (s.index->get(id) == nullptr)
              continue;
            if (id < s.last_batch.size() && s.last_batch[id] > fence)
              continue; // written or resolved since the fence
            out.push_back(id);
          }
          s.index->remove(out);
          for (auto id : out) {
            if (id >= s.last_batch.size())
              s.last_batch.resize(id + 1);
            s.last_batch[id] = registry_state::retired;
          }
          return out;
        },
    };
  };
  return sys.spawn(
      impl, std::make_shared<registry_config>(std::move(cfg)),
      std::make_shared<std::unique_ptr<series_index>>(std::move(index)),
      std::move(shards), std::move(bl));
}

} // namespace timeless::detail
