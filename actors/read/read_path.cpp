#include "actors/read/read_path.hpp"

#include <numeric>

namespace timeless::detail {

/// Merges stored and memory points of one series, sorted by time; stored
/// points first among equal timestamps (they arrived earlier).
void merge_run(series_run& disk, series_run& mem, std::vector<int64_t>& ts,
               std::vector<double>& values) {
  ts = std::move(disk.ts);
  values = std::move(disk.values);
  ts.insert(ts.end(), mem.ts.begin(), mem.ts.end());
  values.insert(values.end(), mem.values.begin(), mem.values.end());
  if (std::is_sorted(ts.begin(), ts.end()))
    return;
  std::vector<uint32_t> order(ts.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return ts[a] < ts[b]; });
  std::vector<int64_t> t2(ts.size());
  std::vector<double> v2(ts.size());
  for (size_t i = 0; i < order.size(); ++i) {
    t2[i] = ts[order[i]];
    v2[i] = values[order[i]];
  }
  ts = std::move(t2);
  values = std::move(v2);
}

/// Answers a raw query through `rp`: memory and stored points of each
/// matching series, merged in time order; series without points left out.
void answer_points(store_ptr self, raw_query q,
                   caf::typed_response_promise<std::vector<series_points>> rp) {
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
}

/// Answers a latest query through `rp`: the newest point of each matching
/// series (memory wins ties); series without points left out.
void answer_latest(store_ptr self, selector sel,
                   caf::typed_response_promise<std::vector<series_points>> rp) {
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
}

/// Answers a query of the rows of tier `tier_id` through `rp`, series by
/// series; series without rows left out.
void answer_tier(store_ptr self, int64_t tier_id, tier_query q,
                 caf::typed_response_promise<std::vector<series_tier>> rp) {
  auto& s = self->state;
  auto from = q.from;
  auto to = q.to;
  self->request(s.registry, caf::infinite, series_atom::value, std::move(q.sel))
      .then(
          [self, rp, tier_id, from,
           to](std::vector<series_info>& infos) mutable {
            auto& s = self->state;
            std::vector<uint64_t> ids;
            for (auto& i : infos)
              ids.push_back(i.id);
            auto& reader = s.readers[s.next_reader++ % s.readers.size()];
            self->request(reader, caf::infinite, tier_atom::value, tier_id,
                          std::move(ids), from, to)
                .then(
                    [rp, infos = std::move(infos)](
                        std::vector<db::rollup_row>& rows) mutable {
                      std::vector<series_tier> out;
                      size_t k = 0;
                      for (auto& info : infos) {
                        series_tier st;
                        for (; k < rows.size() && rows[k].series_id == info.id;
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
}

} // namespace timeless::detail
