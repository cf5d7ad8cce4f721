#pragma once

// The read path of the store actor: resolve a selector in the registry, take
// the points still in memory from each shard (and its builder), read the
// stored rows of all matched series with one reader (or decode a large read
// on every reader), and merge both parts in time order.

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/catalog/catalog.hpp"
#include "actors/common/internal.hpp"
#include "db/dir_lock.hpp"
#include "timeless/store.hpp"

namespace timeless::detail {

/// State of the store actor.
struct store_state {
  store_options opts;
  registry_actor registry;
  std::vector<shard_actor> shards;
  std::vector<builder_actor> builders;
  std::vector<reader_actor> readers;
  writer_actor writer;
  rollup_actor rollup;
  retention_actor retention;
  compactor_actor compactor;
  /// Owns catalog.db: metadata, annotations, alert rules and states.
  catalog_actor catalog;
  /// The configured rollup tiers with their ids.
  std::vector<tier_slot> tiers;
  backlog_ptr bl;
  std::shared_ptr<db::dir_lock> lock;
  size_t next_reader = 0;
  bool closing = false;
  size_t alive = 0;
  std::vector<caf::response_promise> close_waiters;
  static inline const char* name = "timeless.store";
};

using store_ptr = store_actor::stateful_pointer<store_state>;

/// Per-query scratch shared by the callbacks of one read.
struct read_ctx {
  std::vector<series_info> infos;
  std::vector<series_run> mem;
  std::vector<uint64_t> seqs;
  size_t pending = 0;
  bool failed = false;
};

/// Merges stored and memory points of one series, sorted by time; stored
/// points first among equal timestamps (they arrived earlier).
void merge_run(series_run& disk, series_run& mem, std::vector<int64_t>& ts,
               std::vector<double>& values);

/// Has the readers decode the parts of a large read in parallel, then
/// calls `done` with one run per series of the read.
template <class Done, class Fail>
void decode_in_parallel(store_ptr self, std::vector<raw_rows> parts, size_t n,
                        int64_t from, int64_t to, Done done, Fail fail) {
  struct gather {
    std::vector<series_run> runs;
    size_t pending = 0;
    bool failed = false;
  };
  auto g = std::make_shared<gather>();
  g->runs.resize(n);
  g->pending = parts.size();
  auto& s = self->state;
  for (auto& part : parts) {
    auto first = part.first_slot;
    auto& reader = s.readers[s.next_reader++ % s.readers.size()];
    self->request(reader, caf::infinite, decode_atom::value, std::move(part),
                  from, to)
        .then(
            [g, first, done](std::vector<series_run>& runs) mutable {
              if (g->failed)
                return;
              for (size_t k = 0; k < runs.size(); ++k)
                g->runs[first + k] = std::move(runs[k]);
              if (--g->pending == 0)
                done(g->runs);
            },
            [g, fail](caf::error& err) mutable {
              if (!g->failed) {
                g->failed = true;
                fail(err);
              }
            });
  }
}

/// Reads the points of every series matching `sel` within [from, to]:
/// the registry resolves the selector, each shard (and its builder)
/// returns the points still in memory, then one reader reads the stored
/// rows of all of them. `done` gets the merged runs in series-id order.
template <class Done>
void read_series(store_ptr self, selector sel, int64_t from, int64_t to,
                 bool latest_only, caf::response_promise rp, Done done) {
  auto& s = self->state;
  self->request(s.registry, caf::infinite, series_atom::value, std::move(sel))
      .then(
          [self, from, to, latest_only, rp,
           done](std::vector<series_info>& infos) mutable {
            auto& s = self->state;
            auto ctx = std::make_shared<read_ctx>();
            ctx->infos = std::move(infos);
            auto n = ctx->infos.size();
            if (n == 0) {
              done(ctx, std::vector<series_run>{});
              return;
            }
            ctx->mem.resize(n);
            ctx->seqs.resize(n);
            auto shard_count = s.shards.size();
            std::vector<std::vector<uint64_t>> ids(shard_count);
            std::vector<std::vector<size_t>> pos(shard_count);
            for (size_t i = 0; i < n; ++i) {
              auto k = ctx->infos[i].id % shard_count;
              ids[k].push_back(ctx->infos[i].id);
              pos[k].push_back(i);
            }
            for (auto& v : ids)
              ctx->pending += v.empty() ? 0 : 1;
            auto fail = [ctx, rp](caf::error& err) mutable {
              if (!ctx->failed) {
                ctx->failed = true;
                rp.deliver(std::move(err));
              }
            };
            auto stage2 = [self, ctx, from, to, latest_only, done,
                           fail]() mutable {
              auto& s = self->state;
              auto& reader = s.readers[s.next_reader++ % s.readers.size()];
              std::vector<uint64_t> all;
              all.reserve(ctx->infos.size());
              for (auto& info : ctx->infos)
                all.push_back(info.id);
              auto on_disk = [ctx,
                              done](std::vector<series_run>& disk) mutable {
                done(ctx, std::move(disk));
              };
              if (latest_only) {
                self->request(reader, caf::infinite, latest_atom::value,
                              std::move(all), ctx->seqs)
                    .then(on_disk, fail);
                return;
              }
              auto n = all.size();
              auto readers = static_cast<uint32_t>(s.readers.size());
              self->request(reader, caf::infinite, read_atom::value,
                            std::move(all), ctx->seqs, from, to, readers)
                  .then(
                      [self, ctx, n, from, to, on_disk,
                       fail](read_answer& ans) mutable {
                        if (ans.parts.empty()) {
                          on_disk(ans.runs);
                          return;
                        }
                        decode_in_parallel(self, std::move(ans.parts), n, from,
                                           to, on_disk, fail);
                      },
                      fail);
            };
            for (size_t k = 0; k < shard_count; ++k) {
              if (ids[k].empty())
                continue;
              self->request(s.shards[k], caf::infinite, read_atom::value,
                            std::move(ids[k]), latest_only ? INT64_MIN : from,
                            latest_only ? INT64_MAX : to)
                  .then(
                      [ctx, p = std::move(pos[k]),
                       stage2](memory_answer& ans) mutable {
                        if (ctx->failed)
                          return;
                        for (size_t j = 0; j < p.size(); ++j) {
                          ctx->mem[p[j]] = std::move(ans.runs[j]);
                          ctx->seqs[p[j]] = ans.committed_seq;
                        }
                        if (--ctx->pending == 0)
                          stage2();
                      },
                      fail);
            }
          },
          [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
}

/// Answers a raw query through `rp`: memory and stored points of each
/// matching series, merged in time order; series without points left out.
void answer_points(store_ptr self, raw_query q,
                   caf::typed_response_promise<std::vector<series_points>> rp);

/// Answers a latest query through `rp`: the newest point of each matching
/// series (memory points win ties: they arrived later); series without
/// points left out.
void answer_latest(store_ptr self, selector sel,
                   caf::typed_response_promise<std::vector<series_points>> rp);

/// Answers a query of the rows of tier `tier_id` (`q.tier`, resolved by the
/// caller) through `rp`, series by series; series without rows left out.
void answer_tier(store_ptr self, int64_t tier_id, tier_query q,
                 caf::typed_response_promise<std::vector<series_tier>> rp);

} // namespace timeless::detail
