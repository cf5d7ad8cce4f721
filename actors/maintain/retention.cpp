#include "actors/maintain/retention.hpp"

#include <memory>

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/weak_intrusive_ptr.hpp>

#include "actors/maintain/maintenance_loop.hpp"
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
  maintenance_loop<retention_report> loop;
  static inline const char* name = "timeless.retention";
};

using retention_ptr = retention_actor::stateful_pointer<retention_state>;

void finish(retention_ptr self, const caf::error& err) {
  self->state.loop.finish(err);
}

/// Removes series with no data left (see spawn_retention).
void remove_orphans(retention_ptr self) {
  auto& s = self->state;
  auto fail = [self](caf::error& err) { finish(self, err); };
  self->request(s.registry, caf::infinite, fence_atom::value)
      .then(
          [self, fail](uint64_t fence) mutable {
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
                    [self, fence, fail](caf::ok_atom) {
                      auto& s = self->state;
                      self->request(s.writer, caf::infinite,
                                    orphans_atom::value)
                          .then(
                              [self, fence, fail](std::vector<uint64_t>& ids) {
                                if (ids.empty()) {
                                  finish(self, caf::none);
                                  return;
                                }
                                auto& s = self->state;
                                self->request(s.registry, caf::infinite,
                                              retire_atom::value,
                                              std::move(ids), fence)
                                    .then(
                                        [self,
                                         fail](std::vector<uint64_t>& gone) {
                                          auto& s = self->state;
                                          self->request(s.writer, caf::infinite,
                                                        retire_atom::value,
                                                        std::move(gone))
                                              .then(
                                                  [self](uint64_t deleted) {
                                                    self->state.loop.current()
                                                        .report.series =
                                                        deleted;
                                                    finish(self, caf::none);
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
  auto fail = [self](caf::error& err) { finish(self, err); };
  self->request(s.rollup, caf::infinite, rollup_atom::value, std::string{})
      .then(
          [self, fail](rollup_report&) {
            auto& s = self->state;
            self->request(s.writer, caf::infinite, retention_atom::value,
                          s.cfg.clock())
                .then(
                    [self](retention_report& r) {
                      self->state.loop.current().report = r;
                      remove_orphans(self);
                    },
                    fail);
          },
          fail);
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
    s.loop.init("retention", [self] { run(self); });
    if (s.cfg.interval.count() > 0)
      self->delayed_send(self, s.cfg.interval, caf::tick_atom::value);
    return {
        [self](retention_atom) -> caf::result<retention_report> {
          return self->state.loop.ask(self);
        },
        [self](caf::tick_atom) {
          self->state.loop.tick(self, self->state.cfg.interval);
        },
    };
  };
  return sys.spawn(impl, std::move(writer), std::move(rollup),
                   std::move(registry), std::move(store),
                   std::make_shared<retention_actor_config>(std::move(cfg)));
}

} // namespace timeless::detail
