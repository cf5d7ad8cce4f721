// The backup job (actors/maintain/backup_job.hpp): the store's checkpoint,
// then db::take_backup on a thread of its own.

#include "actors/maintain/backup_job.hpp"

#include <chrono>

#include <caf/actor_system.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/common/db_error.hpp"
#include "db/backup.hpp"

namespace timeless::detail {

namespace {

backup_job_actor::behavior_type backup_job(backup_job_actor::pointer self,
                                           store_actor store,
                                           std::string data_dir) {
  return {
      [self, store, data_dir](backup_atom,
                              std::string& dest) -> caf::result<backup_report> {
        auto start = std::chrono::steady_clock::now();
        if (auto st = db::check_empty_target(dest); !st.is_ok()) {
          self->quit();
          return to_error(st);
        }
        auto rp = self->make_response_promise<backup_report>();
        self->request(store, caf::infinite, caf::flush_atom::value, true)
            .then(
                [self, rp, dest, data_dir, start](caf::ok_atom) mutable {
                  auto now = std::chrono::system_clock::now();
                  auto now_ms =
                      std::chrono::duration_cast<std::chrono::milliseconds>(
                          now.time_since_epoch())
                          .count();
                  db::backup_stats bs;
                  auto st = db::take_backup(data_dir, dest, now_ms, bs);
                  if (!st.is_ok()) {
                    rp.deliver(to_error(st));
                  } else {
                    backup_report r;
                    r.path = dest;
                    r.files = bs.files;
                    r.bytes = bs.bytes;
                    r.duration_ms =
                        std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
                    rp.deliver(std::move(r));
                  }
                  self->quit();
                },
                [self, rp](caf::error& err) mutable {
                  rp.deliver(std::move(err));
                  self->quit();
                });
        return rp;
      },
  };
}

} // namespace

backup_job_actor spawn_backup_job(caf::actor_system& sys, store_actor store,
                                  std::string data_dir) {
  return sys.spawn<caf::detached>(backup_job, std::move(store),
                                  std::move(data_dir));
}

} // namespace timeless::detail
