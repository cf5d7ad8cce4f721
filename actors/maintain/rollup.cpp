#include "actors/maintain/rollup.hpp"

#include <algorithm>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/common/db_error.hpp"
#include "actors/maintain/maintenance_loop.hpp"
#include "actors/maintain/rollup_delta.hpp"
#include "codec/segment_codec.hpp"
#include "db/segment_table.hpp"
#include "timeless/error.hpp"

namespace timeless::detail {

namespace {

struct rollup_job {
  /// Which tiers (by index) to roll up.
  std::vector<bool> tiers;
};

struct rollup_state {
  std::unique_ptr<db::database> db;
  writer_actor writer;
  rollup_config cfg;
  codec::segment_decoder dec;
  std::vector<int64_t> ts;
  std::vector<double> values;
  maintenance_loop<rollup_report, rollup_job> loop;
  static inline const char* name = "timeless.rollup";
};

using rollup_ptr = rollup_actor::stateful_pointer<rollup_state>;

void finish(rollup_ptr self, const caf::error& err) {
  self->state.loop.finish(err);
}

/// One step of the front job: read, decode and summarise up to
/// `segments_per_step` segments, then have the writer merge them.
void step(rollup_ptr self) {
  auto& s = self->state;
  auto& job = s.loop.current().job;
  auto n = s.cfg.tiers.size();
  std::vector<tier_options> opts;
  std::vector<uint64_t> marks;
  std::vector<uint64_t> created;
  uint64_t lowest = UINT64_MAX;
  for (size_t i = 0; i < n; ++i) {
    opts.push_back(s.cfg.tiers[i].opts);
    created.push_back(s.cfg.tiers[i].created_seq);
    // A tier not asked for is skipped: it takes no segment.
    marks.push_back(job.tiers[i] ? s.cfg.watermarks[i] : UINT64_MAX);
    lowest = std::min(lowest, marks.back());
  }
  if (lowest == UINT64_MAX) {
    finish(self, caf::none);
    return;
  }
  rollup_delta delta{opts, marks, created};
  size_t segments = 0;
  uint64_t points = 0;
  uint64_t last_seq = lowest;
  caf::error failure;
  auto st = db::read_segments_after(
      *s.db, lowest, s.cfg.segments_per_step,
      [&](uint64_t series, int64_t, int64_t, uint32_t, uint64_t seq,
          uint64_t arrival, std::span<const uint8_t> blob) {
        ++segments;
        last_seq = seq;
        if (failure)
          return;
        s.ts.clear();
        s.values.clear();
        auto rc = s.dec.decode(blob, s.ts, s.values);
        if (rc != codec::errc::ok) {
          failure = make_error(
              errc::corruption,
              "rollup: segment of series " + std::to_string(series) + " (seq " +
                  std::to_string(seq) + "): " + codec::to_string(rc));
          return;
        }
        points += s.ts.size();
        delta.add_segment(series, seq, s.ts, s.values, arrival != seq);
      });
  if (!st.is_ok())
    failure = to_error(st);
  if (failure) {
    finish(self, failure);
    return;
  }
  if (segments == 0) {
    finish(self, caf::none);
    return;
  }
  rollup_batch batch;
  uint64_t rows = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!job.tiers[i] || s.cfg.watermarks[i] >= last_seq)
      continue;
    rollup_batch::tier_update u;
    u.tier_id = s.cfg.tiers[i].id;
    u.from_watermark = s.cfg.watermarks[i];
    u.to_watermark = last_seq;
    u.rows = delta.take_rows(i);
    rows += u.rows.size();
    batch.tiers.push_back(std::move(u));
  }
  auto full = segments == s.cfg.segments_per_step;
  auto updates = std::make_shared<std::vector<std::pair<size_t, uint64_t>>>();
  for (size_t i = 0; i < n; ++i)
    if (job.tiers[i] && s.cfg.watermarks[i] < last_seq)
      updates->emplace_back(i, last_seq);
  self->request(s.writer, caf::infinite, rollup_atom::value, std::move(batch))
      .then(
          [self, updates, full, segments, points, rows](caf::ok_atom) {
            auto& s = self->state;
            for (auto [i, w] : *updates)
              s.cfg.watermarks[i] = w;
            auto& r = s.loop.current().report;
            r.segments += segments;
            r.points += points;
            r.rows += rows;
            if (full)
              step(self);
            else
              finish(self, caf::none);
          },
          [self](caf::error& err) { finish(self, err); });
}

} // namespace

rollup_actor spawn_rollup(caf::actor_system& sys,
                          std::unique_ptr<db::database> db, writer_actor writer,
                          rollup_config cfg) {
  auto impl =
      [](rollup_ptr self, std::shared_ptr<std::unique_ptr<db::database>> dbp,
         writer_actor w,
         std::shared_ptr<rollup_config> cfgp) -> rollup_actor::behavior_type {
    auto& s = self->state;
    s.db = std::move(*dbp);
    s.writer = std::move(w);
    s.cfg = std::move(*cfgp);
    s.loop.init("rollup", [self] { step(self); });
    if (s.cfg.interval.count() > 0 && !s.cfg.tiers.empty())
      self->delayed_send(self, s.cfg.interval, caf::tick_atom::value);
    return {
        [self](rollup_atom, std::string& tier) -> caf::result<rollup_report> {
          auto& s = self->state;
          rollup_job job;
          job.tiers.assign(s.cfg.tiers.size(), tier.empty());
          if (!tier.empty()) {
            auto i = std::ranges::find_if(s.cfg.tiers, [&](const auto& t) {
              return t.opts.name == tier;
            });
            if (i == s.cfg.tiers.end())
              return make_error(errc::invalid_argument,
                                "no rollup tier named '" + tier + "'");
            job.tiers[static_cast<size_t>(i - s.cfg.tiers.begin())] = true;
          }
          return s.loop.ask(self, std::move(job));
        },
        [self](caf::tick_atom) {
          auto& s = self->state;
          rollup_job all;
          all.tiers.assign(s.cfg.tiers.size(), true);
          s.loop.tick(self, s.cfg.interval, std::move(all));
        },
    };
  };
  return sys.spawn(
      impl, std::make_shared<std::unique_ptr<db::database>>(std::move(db)),
      std::move(writer), std::make_shared<rollup_config>(std::move(cfg)));
}

} // namespace timeless::detail
