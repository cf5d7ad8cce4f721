#include "actors/maintain/compactor.hpp"

#include <algorithm>
#include <map>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/common/db_error.hpp"
#include "actors/maintain/compaction.hpp"
#include "actors/maintain/maintenance_loop.hpp"
#include "codec/segment_codec.hpp"
#include "db/segment_table.hpp"
#include "db/tier_table.hpp"
#include "timeless/error.hpp"

namespace timeless::detail {

namespace {

struct compactor_state {
  std::unique_ptr<db::database> db;
  writer_actor writer;
  rollup_actor rollup;
  std::vector<builder_actor> builders;
  compactor_config cfg;
  codec::segment_encoder enc;
  codec::segment_decoder dec;
  maintenance_loop<compaction_report> loop;
  static inline const char* name = "timeless.compactor";
};

using compactor_ptr = compactor_actor::stateful_pointer<compactor_state>;

void finish(compactor_ptr self, const caf::error& err) {
  self->state.loop.finish(err);
}

/// Reads the candidates of one step and plans their merges into `batch`.
caf::error plan_step(compactor_state& s, uint64_t limit,
                     compaction_batch& batch) {
  auto mark = db::compaction_mark(*s.db);
  std::vector<db::compaction_candidate> cands;
  uint64_t scanned_to = mark;
  if (auto st = db::read_compaction_candidates(
          *s.db, mark, limit, s.cfg.block_points, s.cfg.segments_per_step,
          cands, scanned_to);
      !st.is_ok())
    return to_error(st);
  batch.mark = scanned_to;
  // Each series once, from its earliest new small segment.
  std::map<uint64_t, int64_t> first;
  for (auto& c : cands) {
    auto [it, added] = first.emplace(c.series_id, c.start_ts);
    if (!added)
      it->second = std::min(it->second, c.start_ts);
  }
  std::vector<stored_segment> rows;
  for (auto [id, t0] : first) {
    // The segment before the new ones may be a block that is not full yet.
    int64_t from = t0;
    if (auto st = db::read_start_before(*s.db, id, t0, from);
        !st.is_ok() && !st.is_not_found())
      return to_error(st);
    rows.clear();
    auto st = db::read_segments(
        *s.db, std::span{&id, 1}, from, INT64_MAX, UINT64_MAX,
        [&](uint64_t, int64_t start, int64_t end, uint32_t count, uint64_t seq,
            uint64_t arrival, std::span<const uint8_t> blob) {
          rows.push_back(stored_segment{
              seq, arrival, start, end, count, {blob.begin(), blob.end()}});
        });
    if (!st.is_ok())
      return to_error(st);
    for (auto& g : plan_compaction(rows, limit, s.cfg.block_points,
                                   s.cfg.block_span_ms)) {
      db::compaction_group out;
      if (auto err = merge_segments(id, rows, g, s.dec, s.enc, out))
        return err;
      batch.groups.push_back(std::move(out));
    }
  }
  return caf::none;
}

/// One step: plan, then have the writer swap the segments in; repeats
/// until every segment with seq <= `limit` has been scanned.
void step(compactor_ptr self, uint64_t limit) {
  auto& s = self->state;
  compaction_batch batch;
  auto mark = db::compaction_mark(*s.db);
  if (mark >= limit) {
    finish(self, caf::none);
    return;
  }
  if (auto err = plan_step(s, limit, batch)) {
    finish(self, err);
    return;
  }
  auto more = batch.mark < limit;
  self->request(s.writer, caf::infinite, compact_atom::value, std::move(batch))
      .then(
          [self, limit, more](compaction_report& done) {
            auto& r = self->state.loop.current().report;
            r.segments_replaced += done.segments_replaced;
            r.segments_written += done.segments_written;
            r.points += done.points;
            if (more)
              step(self, limit);
            else
              finish(self, caf::none);
          },
          [self](caf::error& err) { finish(self, err); });
}

/// Rolls up, then finds the highest seq compaction may merge: the lowest
/// tier watermark and builder committed seq.
void run(compactor_ptr self) {
  auto& s = self->state;
  auto fail = [self](caf::error& err) { finish(self, err); };
  self->request(s.rollup, caf::infinite, rollup_atom::value, std::string{})
      .then(
          [self](rollup_report&) {
            auto& s = self->state;
            uint64_t limit = UINT64_MAX;
            std::vector<db::tier_row> tiers;
            if (auto st = db::load_tiers(*s.db, tiers); !st.is_ok()) {
              finish(self, to_error(st));
              return;
            }
            for (auto& t : tiers)
              limit = std::min(limit, t.watermark);
            // Read before asking the builders: an idle builder holds no
            // row committed up to here.
            auto committed = db::max_segment_seq(*s.db);
            if (s.builders.empty()) {
              step(self, std::min(limit, committed));
              return;
            }
            struct gather {
              size_t pending;
              uint64_t limit;
              bool failed = false;
            };
            auto g = std::make_shared<gather>(gather{s.builders.size(), limit});
            for (auto& b : s.builders)
              self->request(b, caf::infinite, commit_atom::value)
                  .then(
                      [self, g, committed](uint64_t held_above) {
                        g->limit =
                            std::min(g->limit, std::min(held_above, committed));
                        if (--g->pending == 0 && !g->failed)
                          step(self, g->limit);
                      },
                      [self, g](caf::error& err) {
                        if (!g->failed) {
                          g->failed = true;
                          finish(self, err);
                        }
                      });
          },
          fail);
}

} // namespace

compactor_actor spawn_compactor(caf::actor_system& sys,
                                std::unique_ptr<db::database> db,
                                writer_actor writer, rollup_actor rollup,
                                std::vector<builder_actor> builders,
                                compactor_config cfg) {
  auto impl = [](compactor_ptr self,
                 std::shared_ptr<std::unique_ptr<db::database>> dbp,
                 writer_actor w, rollup_actor r, std::vector<builder_actor> bs,
                 std::shared_ptr<compactor_config> cfgp)
      -> compactor_actor::behavior_type {
    auto& s = self->state;
    s.db = std::move(*dbp);
    s.writer = std::move(w);
    s.rollup = std::move(r);
    s.builders = std::move(bs);
    s.cfg = std::move(*cfgp);
    s.loop.init("compaction", [self] { run(self); });
    if (s.cfg.interval.count() > 0)
      self->delayed_send(self, s.cfg.interval, caf::tick_atom::value);
    return {
        [self](compact_atom) -> caf::result<compaction_report> {
          return self->state.loop.ask(self);
        },
        [self](caf::tick_atom) {
          self->state.loop.tick(self, self->state.cfg.interval);
        },
    };
  };
  return sys.spawn(
      impl, std::make_shared<std::unique_ptr<db::database>>(std::move(db)),
      std::move(writer), std::move(rollup), std::move(builders),
      std::make_shared<compactor_config>(std::move(cfg)));
}

} // namespace timeless::detail
