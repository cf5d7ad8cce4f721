#include "actors/write/tier_writes.hpp"

#include <algorithm>

#include "actors/maintain/tiers.hpp"
#include "db/meta_table.hpp"
#include "db/reclaim.hpp"
#include "db/rollup_table.hpp"
#include "db/segment_table.hpp"
#include "db/tier_table.hpp"

namespace timeless::detail {

namespace {

/// now - span, or INT64_MIN when it would fall below the int64 range (and
/// for a retention of forever).
int64_t cutoff_of(int64_t now, int64_t span) {
  int64_t out = 0;
  if (span == retention_forever || __builtin_sub_overflow(now, span, &out))
    return INT64_MIN;
  return out;
}

} // namespace

db::status commit_rollup(db::database& db, const rollup_batch& batch) {
  return db::with_transaction(db, [&]() -> db::status {
    for (auto& t : batch.tiers) {
      if (auto st = db::merge_rollups(db, t.tier_id, t.rows); !st.is_ok())
        return st;
      if (auto st = db::advance_watermark(db, t.tier_id, t.from_watermark,
                                          t.to_watermark);
          !st.is_ok())
        return st;
    }
    return db::status::ok();
  });
}

db::status read_raw_horizon(db::database& db, int64_t& horizon) {
  auto st = db::get_meta(db, db::meta_key::raw_horizon, horizon);
  if (st.is_not_found()) {
    horizon = INT64_MIN;
    return db::status::ok();
  }
  return st;
}

db::status apply_retention(db::database& db, int64_t now,
                           const retention_config& cfg,
                           retention_report& report, int64_t& horizon) {
  report = retention_report{};
  report.raw_cutoff = cutoff_of(now, cfg.raw_retention_ms);
  // The horizon falls on a bucket boundary of the finest tier: aggregates
  // read whole tier buckets before it and raw points after it, so no bucket
  // coarser than asked stands in for raw data that still exists.
  if (report.raw_cutoff != INT64_MIN && !cfg.tiers.empty())
    report.raw_cutoff = tier_bucket_start(cfg.tiers[0].opts, report.raw_cutoff);
  auto st = db::with_transaction(db, [&]() -> db::status {
    if (auto st = read_raw_horizon(db, horizon); !st.is_ok())
      return st;
    if (report.raw_cutoff != INT64_MIN) {
      // Only what every tier has merged may go.
      uint64_t merged = UINT64_MAX;
      std::vector<db::tier_row> stored;
      if (auto st = db::load_tiers(db, stored); !st.is_ok())
        return st;
      for (auto& t : cfg.tiers) {
        auto i = std::ranges::find(stored, t.id, &db::tier_row::id);
        merged = std::min(merged, i == stored.end() ? 0 : i->watermark);
      }
      if (auto st = db::delete_segments_ending_before(db, report.raw_cutoff,
                                                      merged, report.segments);
          !st.is_ok())
        return st;
      if (report.segments > 0 && report.raw_cutoff > horizon) {
        horizon = report.raw_cutoff;
        if (auto st = db::put_meta(db, db::meta_key::raw_horizon, horizon);
            !st.is_ok())
          return st;
      }
    }
    for (size_t k = 0; k < cfg.tiers.size(); ++k) {
      auto& t = cfg.tiers[k];
      auto cutoff = cutoff_of(now, t.opts.retention_ms);
      if (cutoff == INT64_MIN)
        continue;
      // A bucket ended before the cutoff iff it starts before the bucket
      // holding the cutoff. Rows go by whole buckets of the next coarser
      // tier, so that where this tier's rows end, that tier's whole rows
      // take over (what the query router stitches).
      auto keep_from = tier_bucket_start(t.opts, cutoff);
      if (k + 1 < cfg.tiers.size())
        keep_from = tier_bucket_start(cfg.tiers[k + 1].opts, keep_from);
      uint64_t deleted = 0;
      if (auto st = db::delete_rollups_before(db, t.id, keep_from, deleted);
          !st.is_ok())
        return st;
      report.tier_rows += deleted;
    }
    return db::status::ok();
  });
  if (!st.is_ok())
    return st;
  return db::reclaim_free_pages(db, report.bytes_reclaimed);
}

db::status read_tier_infos(db::database& db,
                           const std::vector<tier_slot>& tiers,
                           std::vector<tier_info>& out) {
  std::vector<db::tier_row> stored;
  if (auto st = db::load_tiers(db, stored); !st.is_ok())
    return st;
  out.clear();
  for (auto& t : tiers) {
    tier_info info;
    info.name = t.opts.name;
    info.resolution_ms = t.opts.calendar_months ? 0 : t.opts.resolution_ms;
    info.calendar_months = t.opts.calendar_months;
    info.retention_ms = t.opts.retention_ms;
    auto i = std::ranges::find(stored, t.id, &db::tier_row::id);
    info.watermark = i == stored.end() ? 0 : i->watermark;
    if (auto st = db::count_rollups(db, t.id, info.rows); !st.is_ok())
      return st;
    out.push_back(std::move(info));
  }
  return db::status::ok();
}

} // namespace timeless::detail
