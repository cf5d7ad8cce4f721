#include "actors/read/query_router.hpp"

#include <algorithm>
#include <memory>
#include <span>
#include <vector>

#include "actors/maintain/tiers.hpp"
#include "actors/read/read_path.hpp"
#include "actors/read/reader.hpp"
#include "actors/read/tier_read.hpp"

namespace timeless::detail {

namespace {

/// Tier rows of one aggregate, one list per tier read, filled as the
/// readers answer.
struct tier_join {
  std::vector<std::vector<db::rollup_row>> rows;
  size_t pending = 0;
  bool failed = false;
};

/// Per series: buckets of the planned tier's rows, then, before the
/// earliest of those, of the next coarser tier's rows (each its own
/// bucket), and so on. `rows[j]` holds tier plan.tier + j's rows, grouped
/// by series in the order of `infos`.
std::vector<std::vector<bucket_value>>
stitch_tiers(const std::vector<tier_slot>& tiers, const tier_plan& plan,
             int64_t step, aggregate_fn fn,
             const std::vector<series_info>& infos,
             const std::vector<std::vector<db::rollup_row>>& rows) {
  std::vector<std::vector<bucket_value>> out(infos.size());
  std::vector<size_t> next(rows.size(), 0);
  for (size_t i = 0; i < infos.size(); ++i) {
    auto covered_from = plan.seam; // older than this: not yet answered
    for (size_t j = 0; j < rows.size(); ++j) {
      auto& list = rows[j];
      auto first = next[j];
      auto k = first;
      while (k < list.size() && list[k].series_id == infos[i].id)
        ++k;
      next[j] = k;
      auto& t = tiers[plan.tier + j].opts;
      auto end = first;
      // Rows wholly before what finer tiers answered.
      while (end < k && tier_bucket_next(t, list[end].bucket) <= covered_from)
        ++end;
      if (end == first)
        continue;
      auto tier_plan_j = plan;
      tier_plan_j.tier = plan.tier + j;
      tier_plan_j.rebucket = j == 0 && plan.rebucket;
      aggregate_rows(std::span{list}.subspan(first, end - first), tier_plan_j,
                     step, fn, out[i]);
      covered_from = std::min(covered_from, list[first].bucket);
    }
  }
  return out;
}

} // namespace

/// Answers an aggregate: raw points (memory and segments) from the seam on,
/// tier rows before it. Without tiers, or when the range starts at or
/// after the raw horizon (no raw point of it was deleted), all raw.
void answer_aggregate(store_ptr self, agg_query q, caf::response_promise rp) {
  auto& s = self->state;
  auto horizon = s.bl->raw_horizon.load(std::memory_order_relaxed);
  bool tiers = !s.tiers.empty() && horizon != INT64_MIN && q.from < horizon;
  tier_plan plan;
  if (tiers)
    plan = plan_tier_read(s.tiers, q.step, horizon);
  auto raw_from = tiers ? std::max(q.from, plan.seam) : q.from;
  auto from = q.from;
  auto to = q.to;
  auto step = q.step;
  auto fn = q.fn;
  read_series(
      self, std::move(q.sel), raw_from, to, false, rp,
      [self, rp, tiers, plan, from, raw_from, to, step, fn](
          std::shared_ptr<read_ctx> ctx, std::vector<series_run> disk) mutable {
        auto n = ctx->infos.size();
        auto raw = std::make_shared<std::vector<std::vector<bucket_value>>>(n);
        std::vector<int64_t> ts;
        std::vector<double> values;
        for (size_t i = 0; i < n; ++i) {
          merge_run(disk[i], ctx->mem[i], ts, values);
          aggregate_points(ts, values, raw_from, to, step, fn, (*raw)[i]);
        }
        auto deliver =
            [ctx, raw,
             rp](std::vector<std::vector<bucket_value>> older) mutable {
              std::vector<series_buckets> out;
              for (size_t i = 0; i < ctx->infos.size(); ++i) {
                series_buckets sb;
                if (!older.empty())
                  sb.buckets = std::move(older[i]);
                sb.buckets.insert(sb.buckets.end(), (*raw)[i].begin(),
                                  (*raw)[i].end());
                if (sb.buckets.empty())
                  continue;
                std::stable_sort(
                    sb.buckets.begin(), sb.buckets.end(),
                    [](const bucket_value& a, const bucket_value& b) {
                      return a.bucket < b.bucket;
                    });
                sb.metric = std::move(ctx->infos[i].metric);
                sb.labels = std::move(ctx->infos[i].labels);
                out.push_back(std::move(sb));
              }
              rp.deliver(std::move(out));
            };
        if (!tiers || n == 0 || plan.seam == INT64_MIN) {
          deliver({});
          return;
        }
        // The planned tier, and each coarser one for where the finer tiers'
        // rows were deleted by their retention (whole coarser buckets: see
        // apply_retention). Rows are read in parallel, joined at the end.
        auto& s = self->state;
        std::vector<uint64_t> ids;
        for (auto& info : ctx->infos)
          ids.push_back(info.id);
        auto count = s.tiers.size() - plan.tier;
        auto join = std::make_shared<tier_join>();
        join->rows.resize(count);
        join->pending = count;
        for (size_t j = 0; j < count; ++j) {
          auto& t = s.tiers[plan.tier + j];
          auto& reader = s.readers[s.next_reader++ % s.readers.size()];
          // Whole tier buckets: the one holding `from` is included.
          self->request(reader, caf::infinite, tier_atom::value, t.id, ids,
                        tier_bucket_start(t.opts, from),
                        std::min(to, plan.seam - 1))
              .then(
                  [self, ctx, plan, step, fn, join, j,
                   deliver](std::vector<db::rollup_row>& rows) mutable {
                    join->rows[j] = std::move(rows);
                    if (--join->pending > 0 || join->failed)
                      return;
                    deliver(stitch_tiers(self->state.tiers, plan, step, fn,
                                         ctx->infos, join->rows));
                  },
                  [rp, join](caf::error& err) mutable {
                    if (!join->failed)
                      rp.deliver(std::move(err));
                    join->failed = true;
                  });
        }
      });
}

} // namespace timeless::detail
