#include "actors/write/shard.hpp"
#include "timeless/error.hpp"

#include <cstdio>
#include <unordered_map>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

namespace timeless::detail {

namespace {

struct shard_state {
  shard_config cfg;
  builder_actor builder;
  backlog_ptr bl;
  std::unique_ptr<db::wal_writer> wal;
  builder_input buf;
  /// Closed log files whose contents await a committed checkpoint.
  std::vector<std::pair<std::string, uint64_t>> obsolete;
  /// Generation of the current log (or of the last one, if it failed).
  uint64_t gen = 0;
  std::chrono::steady_clock::time_point last_checkpoint;
  bool checkpoint_running = false;
  /// The log failed: later writes are refused (registry checks `bl`).
  bool wal_failed = false;
  static inline const char* name = "timeless.shard";
};

using shard_ptr = shard_actor::stateful_pointer<shard_state>;

void report(const char* what, const db::status& st) {
  std::fprintf(stderr, "timeless: %s: %s\n", what, st.to_string().c_str());
}

/// Moves the buffer to the builder: one message, or one per series when
/// the single-pass flush is switched off (ablation).
void flush_to_builder(shard_ptr self) {
  auto& s = self->state;
  if (s.buf.series.empty() && s.buf.defs.empty())
    return;
  if (s.cfg.single_pass_flush) {
    s.bl->builder_inputs[s.cfg.index].fetch_add(1, std::memory_order_relaxed);
    s.buf.shard = s.cfg.index;
    self->send(s.builder, ingest_atom::value, std::move(s.buf));
  } else {
    std::unordered_map<uint64_t, builder_input> per_series;
    for (size_t i = 0; i < s.buf.series.size(); ++i) {
      auto& in = per_series[s.buf.series[i]];
      in.series.push_back(s.buf.series[i]);
      in.ts.push_back(s.buf.ts[i]);
      in.values.push_back(s.buf.values[i]);
    }
    if (!s.buf.defs.empty())
      per_series[s.buf.defs.front().id].defs = std::move(s.buf.defs);
    for (auto& [id, in] : per_series) {
      in.shard = s.cfg.index;
      s.bl->builder_inputs[s.cfg.index].fetch_add(1, std::memory_order_relaxed);
      self->send(s.builder, ingest_atom::value, std::move(in));
    }
  }
  s.buf = builder_input{};
  s.buf.series.reserve(s.cfg.flush_threshold);
  s.buf.ts.reserve(s.cfg.flush_threshold);
  s.buf.values.reserve(s.cfg.flush_threshold);
}

/// Publishes the log bytes not yet covered by a committed checkpoint: the
/// registry refuses writes past a limit, which bounds the memory held by the
/// builder when checkpoints fall behind.
void publish_unchecked(shard_state& s) {
  uint64_t total = s.wal ? s.wal->bytes() : 0;
  for (auto& [path, bytes] : s.obsolete)
    total += bytes;
  s.bl->unchecked_bytes[s.cfg.index].store(total, std::memory_order_relaxed);
}

bool log_full(const shard_state& s) {
  return s.wal && s.wal->bytes() >= s.cfg.wal_rotate_bytes;
}

template <class Done>
void checkpoint(shard_ptr self, bool last, Done done);

/// Appends a batch to the log and the buffer.
caf::error accept(shard_ptr self, shard_batch& b) {
  auto& s = self->state;
  if (s.wal) {
    auto st =
        s.wal->append(b.defs, b.points.series, b.points.ts, b.points.values);
    if (!st.is_ok()) {
      // The batch stays in memory (it reaches SQLite at the next
      // checkpoint) but the store refuses further writes: loudly.
      report("write-ahead log append failed", st);
      s.wal_failed = true;
      s.bl->io_failures.fetch_add(1, std::memory_order_relaxed);
    }
  }
  for (auto& d : b.defs)
    s.buf.defs.push_back(std::move(d));
  auto& p = b.points;
  s.buf.series.insert(s.buf.series.end(), p.series.begin(), p.series.end());
  s.buf.ts.insert(s.buf.ts.end(), p.ts.begin(), p.ts.end());
  s.buf.values.insert(s.buf.values.end(), p.values.begin(), p.values.end());
  if (s.buf.series.size() >= s.cfg.flush_threshold)
    flush_to_builder(self);
  if (!s.checkpoint_running && log_full(s))
    checkpoint(self, false, [](const caf::error&) {});
  publish_unchecked(s);
  return caf::none;
}

caf::error sync_wal(shard_ptr self) {
  auto& s = self->state;
  if (!s.wal)
    return caf::none;
  auto st = s.wal->sync();
  if (st.is_ok())
    return caf::none;
  report("write-ahead log sync failed", st);
  s.bl->io_failures.fetch_add(1, std::memory_order_relaxed);
  return make_error(errc::io_error, st.to_string());
}

/// Closes the current log generation (synced) and opens the next one
/// unless `last`. Returns the generation closed.
uint64_t rotate(shard_ptr self, bool last) {
  auto& s = self->state;
  auto gen = s.gen;
  if (!s.wal)
    return gen; // the log failed earlier: its last file is already closed
  sync_wal(self);
  s.obsolete.emplace_back(s.wal->path(), s.wal->bytes());
  s.wal.reset();
  if (!last) {
    s.gen = gen + 1;
    std::unique_ptr<db::wal_writer> next;
    auto st = db::wal_writer::create(s.cfg.wal_dir, s.cfg.index, gen + 1, next);
    if (!st.is_ok()) {
      report("cannot create write-ahead log", st);
      s.bl->io_failures.fetch_add(1, std::memory_order_relaxed);
    }
    s.wal = std::move(next);
  }
  return gen;
}

/// Rotates the log and has the builder checkpoint up to the closed
/// generation. `done` runs with the outcome.
template <class Done>
void checkpoint(shard_ptr self, bool last, Done done) {
  auto& s = self->state;
  flush_to_builder(self);
  auto gen = rotate(self, last);
  s.last_checkpoint = std::chrono::steady_clock::now();
  s.checkpoint_running = true;
  std::vector<std::string> files;
  for (auto& [path, bytes] : s.obsolete)
    files.push_back(path);
  self->request(s.builder, caf::infinite, ckpt_atom::value, s.cfg.index, gen,
                files, last)
      .then(
          [self, files, done](caf::ok_atom) mutable {
            auto& s = self->state;
            s.checkpoint_running = false;
            std::erase_if(s.obsolete, [&](const auto& f) {
              return std::find(files.begin(), files.end(), f.first) !=
                     files.end();
            });
            publish_unchecked(s);
            done(caf::error{});
          },
          [self, done](caf::error& err) mutable {
            self->state.checkpoint_running = false;
            std::fprintf(stderr, "timeless: checkpoint failed: %s\n",
                         describe(err).c_str());
            done(std::move(err));
          });
}

} // namespace

caf::expected<shard_actor> spawn_shard(caf::actor_system& sys, shard_config cfg,
                                       builder_actor builder, backlog_ptr bl) {
  std::unique_ptr<db::wal_writer> wal;
  auto st = db::wal_writer::create(cfg.wal_dir, cfg.index, cfg.first_gen, wal);
  if (!st.is_ok())
    return make_error(errc::io_error, st.to_string());
  auto impl = [](shard_ptr self, std::shared_ptr<shard_config> cfgp,
                 std::shared_ptr<std::unique_ptr<db::wal_writer>> walp,
                 builder_actor b,
                 backlog_ptr blp) -> shard_actor::behavior_type {
    auto& s = self->state;
    s.cfg = std::move(*cfgp);
    s.wal = std::move(*walp);
    s.gen = s.cfg.first_gen;
    s.builder = std::move(b);
    s.bl = std::move(blp);
    s.last_checkpoint = std::chrono::steady_clock::now();
    self->delayed_send(self, s.cfg.flush_interval, caf::tick_atom::value);
    return {
        [self](write_atom, shard_batch& b) {
          self->state.bl->shard_batches[self->state.cfg.index].fetch_sub(
              1, std::memory_order_relaxed);
          accept(self, b);
        },
        [self](write_atom, shard_batch& b,
               bool sync) -> caf::result<caf::ok_atom> {
          self->state.bl->shard_batches[self->state.cfg.index].fetch_sub(
              1, std::memory_order_relaxed);
          accept(self, b);
          if (sync)
            if (auto err = sync_wal(self))
              return err;
          return caf::ok_atom::value;
        },
        [self](caf::tick_atom) {
          auto& s = self->state;
          flush_to_builder(self);
          sync_wal(self);
          auto due = std::chrono::steady_clock::now() - s.last_checkpoint >=
                     s.cfg.checkpoint_interval;
          if (!s.checkpoint_running && (due || log_full(s)))
            checkpoint(self, false, [](const caf::error&) {});
          self->delayed_send(self, s.cfg.flush_interval, caf::tick_atom::value);
        },
        [self](caf::flush_atom,
               bool with_checkpoint) -> caf::result<caf::ok_atom> {
          if (!with_checkpoint) {
            flush_to_builder(self);
            if (auto err = sync_wal(self))
              return err;
            return caf::ok_atom::value;
          }
          auto rp = self->make_response_promise<caf::ok_atom>();
          checkpoint(self, false, [rp](const caf::error& err) mutable {
            if (err)
              rp.deliver(err);
            else
              rp.deliver(caf::ok_atom::value);
          });
          return rp;
        },
        [self](read_atom, std::vector<uint64_t>& ids, int64_t from,
               int64_t to) -> caf::delegated<memory_answer> {
          flush_to_builder(self);
          memory_answer ans;
          ans.runs.resize(ids.size());
          for (size_t i = 0; i < ids.size(); ++i)
            ans.runs[i].series = ids[i];
          return self->delegate(self->state.builder, read_atom::value,
                                std::move(ids), from, to, std::move(ans));
        },
        [self](info_atom) -> caf::delegated<uint64_t> {
          flush_to_builder(self);
          return self->delegate(self->state.builder, info_atom::value);
        },
        [self](close_atom) -> caf::result<caf::ok_atom> {
          auto rp = self->make_response_promise<caf::ok_atom>();
          checkpoint(self, true, [rp](const caf::error& err) mutable {
            if (err)
              rp.deliver(err);
            else
              rp.deliver(caf::ok_atom::value);
          });
          return rp;
        },
    };
  };
  return sys.spawn(
      impl, std::make_shared<shard_config>(std::move(cfg)),
      std::make_shared<std::unique_ptr<db::wal_writer>>(std::move(wal)),
      std::move(builder), std::move(bl));
}

} // namespace timeless::detail
