#include "actors/write/writer.hpp"
#include "actors/common/db_error.hpp"
#include "timeless/error.hpp"

#include <cstdio>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/write/tier_writes.hpp"
#include "db/meta_table.hpp"
#include "db/reclaim.hpp"
#include "db/segment_table.hpp"
#include "db/series_table.hpp"
#include "db/wal_files.hpp"

namespace timeless::detail {

namespace {

struct writer_state {
  std::unique_ptr<db::database> db;
  uint64_t next_seq = 1;
  backlog_ptr bl;
  retention_config retention;
  static inline const char* name = "timeless.writer";
};

} // namespace

db::status commit_checkpoint(db::database& db, checkpoint_request& req,
                             uint64_t& next_seq) {
  auto st = db.begin_immediate();
  if (!st.is_ok())
    return st;
  auto fail = [&](db::status err) {
    db.rollback();
    return err;
  };
  if (!req.defs.empty()) {
    std::vector<db::series_row> rows;
    rows.reserve(req.defs.size());
    for (auto& d : req.defs)
      rows.push_back(
          db::series_row{d.id, std::move(d.metric), std::move(d.labels)});
    if (st = db::insert_series(db, rows); !st.is_ok())
      return fail(st);
  }
  auto first = next_seq;
  for (auto& row : req.closed)
    row.seq = next_seq++;
  if (st = db::insert_segments(db, req.closed); !st.is_ok()) {
    next_seq = first;
    return fail(st);
  }
  if (st = db::replace_open_segments(db, req.shard, req.open); !st.is_ok())
    return fail(st);
  auto key = "wal_gen." + std::to_string(req.wal_shard);
  if (st = db::put_meta(db, key, static_cast<int64_t>(req.wal_gen));
      !st.is_ok())
    return fail(st);
  if (st = db.commit(); !st.is_ok())
    return fail(st);
  for (auto& path : req.obsolete_files) {
    if (auto rm = db::remove_wal_file(path); !rm.is_ok())
      std::fprintf(stderr, "timeless: %s\n", rm.to_string().c_str());
  }
  return db::status::ok();
}

db::status retire_series(db::database& db, const std::vector<uint64_t>& ids,
                         uint64_t& deleted) {
  return db::with_transaction(db, [&]() -> db::status {
    if (auto st = db::delete_orphan_series(db, ids, deleted); !st.is_ok())
      return st;
    // Ids are never reused, even after a restart without the removed rows.
    int64_t next = 0;
    auto st = db::get_meta(db, db::meta_key::series_next_id, next);
    if (!st.is_ok() && !st.is_not_found())
      return st;
    for (auto id : ids)
      next = std::max(next, static_cast<int64_t>(id) + 1);
    return db::put_meta(db, db::meta_key::series_next_id, next);
  });
}

writer_actor spawn_writer(caf::actor_system& sys,
                          std::unique_ptr<db::database> db, uint64_t first_seq,
                          backlog_ptr bl, retention_config retention) {
  auto impl =
      [](writer_actor::stateful_pointer<writer_state> self,
         std::shared_ptr<std::unique_ptr<db::database>> dbp, uint64_t seq,
         backlog_ptr blp,
         std::shared_ptr<retention_config> rc) -> writer_actor::behavior_type {
    self->state.db = std::move(*dbp);
    self->state.next_seq = seq;
    self->state.bl = std::move(blp);
    self->state.retention = std::move(*rc);
    return {
        [self](commit_atom, checkpoint_request& req) -> caf::result<uint64_t> {
          auto& s = self->state;
          s.bl->writer_checkpoints.fetch_sub(1, std::memory_order_relaxed);
          auto st = commit_checkpoint(*s.db, req, s.next_seq);
          if (!st.is_ok())
            return to_error(st);
          return s.next_seq - 1;
        },
        [self](stats_atom) -> caf::result<db::store_stats> {
          db::store_stats out;
          auto st = db::read_stats(*self->state.db, out);
          if (!st.is_ok())
            return to_error(st);
          return out;
        },
        [self](rollup_atom, rollup_batch& batch) -> caf::result<caf::ok_atom> {
          if (auto st = commit_rollup(*self->state.db, batch); !st.is_ok())
            return to_error(st);
          return caf::ok_atom::value;
        },
        [self](compact_atom,
               compaction_batch& batch) -> caf::result<compaction_report> {
          auto& s = self->state;
          compaction_report r;
          if (auto st = db::replace_segments(*s.db, batch.groups, batch.mark,
                                             s.next_seq, r.segments_replaced,
                                             r.segments_written, r.points);
              !st.is_ok())
            return to_error(st);
          uint64_t freed = 0;
          if (r.segments_replaced > 0)
            if (auto st = db::reclaim_free_pages(*s.db, freed); !st.is_ok())
              return to_error(st);
          return r;
        },
        [self](retention_atom, int64_t now) -> caf::result<retention_report> {
          auto& s = self->state;
          retention_report report;
          int64_t horizon = INT64_MIN;
          if (auto st =
                  apply_retention(*s.db, now, s.retention, report, horizon);
              !st.is_ok())
            return to_error(st);
          s.bl->raw_horizon.store(horizon, std::memory_order_relaxed);
          return report;
        },
        [self](orphans_atom) -> caf::result<std::vector<uint64_t>> {
          std::vector<uint64_t> out;
          if (auto st = db::find_orphan_series(*self->state.db, out);
              !st.is_ok())
            return to_error(st);
          return out;
        },
        [self](retire_atom,
               std::vector<uint64_t>& ids) -> caf::result<uint64_t> {
          uint64_t deleted = 0;
          if (auto st = retire_series(*self->state.db, ids, deleted);
              !st.is_ok())
            return to_error(st);
          return deleted;
        },
        [self](tier_atom) -> caf::result<std::vector<tier_info>> {
          std::vector<tier_info> out;
          if (auto st = read_tier_infos(*self->state.db,
                                        self->state.retention.tiers, out);
              !st.is_ok())
            return to_error(st);
          return out;
        },
    };
  };
  auto dbp = std::make_shared<std::unique_ptr<db::database>>(std::move(db));
  return sys.spawn(impl, dbp, first_seq, std::move(bl),
                   std::make_shared<retention_config>(std::move(retention)));
}

} // namespace timeless::detail
