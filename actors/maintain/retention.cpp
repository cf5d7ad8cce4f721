#include "actors/maintain/retention.hpp"

#include <cstdio>
#include <deque>
#include <memory>

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/weak_intrusive_ptr.hpp>

#include "timeless/error.hpp"

namespace timeless::detail {

namespace {

struct retention_state {
  // Not an aggregate: CAF would construct it from the actor pointer.
  retention_state() = default;
  writer_actor writer;
  rollup_actor rollup;
  registry_actor registry;
  /// Weak: the store owns this actor.
  caf::weak_actor_ptr store;
  retention_actor_config cfg;
  /// Waiters of each queued run (empty for a tick).
  std::deque<std::vector<caf::response_promise>> runs;
  bool running = false;
  static inline const char* name = "timeless.retention";
};

using retention_ptr = retention_actor::stateful_pointer<retention_state>;

void start_next(retention_ptr self);

void finish(retention_ptr self, const caf::error& err,
            const retention_report& report) {
  auto& s = self->state;
  auto waiters = std::move(s.runs.front());
  s.runs.pop_front();
  s.running = false;
  if (err && waiters.empty())
    std::fprintf(stderr, "timeless: retention: %s\n", describe(err).c_str());
  for (auto& rp : waiters) {
    if (err)
      rp.deliver(err);
    else
      rp.deliver(report);
  }
  start_next(self);
}

/// Removes series with no data left (see spawn_retention).
void remove_orphans(retention_ptr self,
                    std::shared_ptr<retention_report> report) {
  auto& s = self->state;
  auto fail = [self, report](caf::error& err) { finish(self, err, *report); };
  self->request(s.registry, caf::infinite, fence_atom::value)
      .then(
          [self, report, fail](uint64_t fence) mutable {
            auto& s = self->state;
            auto strong = s.store.lock();
            if (!strong) {
              caf::error err = make_error(errc::closed, "the store stopped");
              fail(err);
              return;
            }
            auto store = caf::actor_cast<store_actor>(strong);
            self->request(store, caf::infinite, caf::flush_atom::value, true)
                .then(
                    [self, report, fence, fail](caf::ok_atom) {
                      auto& s = self->state;
                      self->request(s.writer, caf::infinite,
                                    orphans_atom::value)
                          .then(
                              [self, report, fence,
                               fail](std::vector<uint64_t>& ids) {
                                if (ids.empty()) {
                                  finish(self, caf::none, *report);
                                  return;
                                }
                                auto& s = self->state;
                                self->request(s.registry, caf::infinite,
                                              retire_atom::value,
                                              std::move(ids), fence)
                                    .then(
                                        [self, report,
                                         fail](std::vector<uint64_t>& gone) {
                                          auto& s = self->state;
                                          self->request(s.writer, caf::infinite,
                                                        retire_atom::value,
                                                        std::move(gone))
                                              .then(
                                                  [self,
                                                   report](uint64_t deleted) {
                                                    report->series = deleted;
                                                    finish(self, caf::none,
                                                           *report);
                                                  },
                                                  fail);
                                        },
                                        fail);
                              },
                              fail);
                    },
                    fail);
          },
          fail);
}

void run(retention_ptr self) {
  auto& s = self->state;
  auto report = std::make_shared<retention_report>();
  auto fail = [self, report](caf::error& err) { finish(self, err, *report); };
  self->request(s.rollup, caf::infinite, rollup_atom::value, std::string{})
      .then(
          [self, report, fail](rollup_report&) {
            auto& s = self->state;
            self->request(s.writer, caf::infinite, retention_atom::value,
                          s.cfg.clock())
                .then(
                    [self, report](retention_report& r) {
                      *report = r;
                      remove_orphans(self, report);
                    },
                    fail);
          },
          fail);
}

void start_next(retention_ptr self) {
  auto& s = self->state;
  if (s.running || s.runs.empty())
    return;
  s.running = true;
  run(self);
}

} // namespace

retention_actor spawn_retention(caf::actor_system& sys, writer_actor writer,
                                rollup_actor rollup, registry_actor registry,
                                store_actor store, retention_actor_config cfg) {
  auto impl = [](retention_ptr self, writer_actor w, rollup_actor r,
                 registry_actor reg, store_actor st,
                 std::shared_ptr<retention_actor_config> cfgp)
      -> retention_actor::behavior_type {
    auto& s = self->state;
    s.writer = std::move(w);
    s.rollup = std::move(r);
    s.registry = std::move(reg);
    s.store = caf::actor_cast<caf::weak_actor_ptr>(st);
    s.cfg = std::move(*cfgp);
    if (s.cfg.interval.count() > 0)
      self->delayed_send(self, s.cfg.interval, caf::tick_atom::value);
    return {
        [self](retention_atom) -> caf::result<retention_report> {
          auto rp = self->make_response_promise<retention_report>();
          self->state.runs.push_back({rp});
          start_next(self);
          return rp;
        },
        [self](caf::tick_atom) {
          auto& s = self->state;
          if (s.runs.empty()) {
            s.runs.emplace_back();
            start_next(self);
          }
          self->delayed_send(self, s.cfg.interval, caf::tick_atom::value);
        },
    };
  };
  return sys.spawn(impl, std::move(writer), std::move(rollup),
                   std::move(registry), std::move(store),
                   std::make_shared<retention_actor_config>(std::move(cfg)));
}

} // namespace timeless::detail
