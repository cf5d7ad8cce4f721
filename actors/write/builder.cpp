#include "actors/write/builder.hpp"
#include "timeless/error.hpp"

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

namespace timeless::detail {

namespace {

struct builder_state {
  builder_config cfg;
  std::unique_ptr<series_buffer> buf;
  writer_actor writer;
  backlog_ptr bl;
  codec::segment_encoder enc;
  /// Series definitions received since the last checkpoint.
  std::vector<db::wal_series_def> defs;
  uint64_t next_tag = 1;
  uint64_t committed_seq = 0;
  /// Checkpoints sent to the writer and not yet answered.
  uint32_t in_flight = 0;
  static inline const char* name = "timeless.builder";
};

using builder_ptr = builder_actor::stateful_pointer<builder_state>;

} // namespace

builder_actor spawn_builder(caf::actor_system& sys, builder_config cfg,
                            std::unique_ptr<series_buffer> preloaded,
                            writer_actor writer, backlog_ptr bl) {
  auto impl = [](builder_ptr self, std::shared_ptr<builder_config> cfgp,
                 std::shared_ptr<std::unique_ptr<series_buffer>> bufp,
                 writer_actor w,
                 backlog_ptr blp) -> builder_actor::behavior_type {
    auto& s = self->state;
    s.cfg = std::move(*cfgp);
    s.buf = std::move(*bufp);
    s.writer = std::move(w);
    s.bl = std::move(blp);
    s.committed_seq = s.cfg.committed_seq;
    return {
        [self](ingest_atom, builder_input& in) {
          auto& s = self->state;
          s.bl->builder_inputs[in.shard].fetch_sub(1,
                                                   std::memory_order_relaxed);
          for (auto& d : in.defs)
            s.defs.push_back(std::move(d));
          s.buf->add(in.series, in.ts, in.values);
        },
        [self](ckpt_atom, uint32_t wal_shard, uint64_t wal_gen,
               std::vector<std::string>& files,
               bool seal_everything) -> caf::result<caf::ok_atom> {
          auto& s = self->state;
          if (seal_everything)
            s.buf->seal_all();
          else
            s.buf->seal_closed(s.cfg.clock());
          checkpoint_request req;
          req.shard = s.cfg.shard;
          req.tag = s.next_tag++;
          req.wal_shard = wal_shard;
          req.wal_gen = wal_gen;
          req.defs = std::move(s.defs);
          s.defs.clear();
          req.obsolete_files = std::move(files);
          s.buf->checkpoint(req.tag, s.cfg.shard, s.enc, req.closed, req.open);
          auto tag = req.tag;
          // Definitions go back if the commit fails: the next one retries.
          auto defs_copy = req.defs;
          s.bl->writer_checkpoints.fetch_add(1, std::memory_order_relaxed);
          auto rp = self->make_response_promise<caf::ok_atom>();
          ++s.in_flight;
          self->request(s.writer, caf::infinite, commit_atom::value,
                        std::move(req))
              .then(
                  [self, rp, tag](uint64_t seq) mutable {
                    auto& s = self->state;
                    --s.in_flight;
                    s.buf->committed(tag);
                    s.committed_seq = std::max(s.committed_seq, seq);
                    rp.deliver(caf::ok_atom::value);
                  },
                  [self, rp, tag, defs_copy](caf::error& err) mutable {
                    auto& s = self->state;
                    --s.in_flight;
                    s.buf->uncommit(tag);
                    s.defs.insert(s.defs.end(), defs_copy.begin(),
                                  defs_copy.end());
                    rp.deliver(std::move(err));
                  });
          return rp;
        },
        [self](read_atom, std::vector<uint64_t>& ids, int64_t from, int64_t to,
               memory_answer& ans) -> memory_answer {
          auto& s = self->state;
          for (size_t i = 0; i < ids.size(); ++i)
            s.buf->collect(ids[i], from, to, ans.runs[i].ts,
                           ans.runs[i].values);
          ans.committed_seq = s.committed_seq;
          return std::move(ans);
        },
        [self](info_atom) -> uint64_t { return self->state.buf->points(); },
        [self](commit_atom) -> uint64_t {
          // Idle: every checkpoint it sent is answered, so it holds no row
          // of any commit so far.
          auto& s = self->state;
          return s.in_flight == 0 ? UINT64_MAX : s.committed_seq;
        },
    };
  };
  return sys.spawn(
      impl, std::make_shared<builder_config>(std::move(cfg)),
      std::make_shared<std::unique_ptr<series_buffer>>(std::move(preloaded)),
      std::move(writer), std::move(bl));
}

} // namespace timeless::detail
