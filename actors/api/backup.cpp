// `verify_backup` and `restore_backup` (timeless/store.hpp): the public face
// of db/restore.cpp. Taking a backup is the store's `backup_atom`
// (actors/maintain/backup_job.hpp).

#include <chrono>

#include "actors/common/db_error.hpp"
#include "db/backup.hpp"
#include "timeless/store.hpp"

namespace timeless {

caf::error verify_backup(const std::string& from) {
  db::backup_manifest m;
  if (auto st = db::verify_backup(from, m); !st.is_ok())
    return detail::to_error(st);
  return caf::error{};
}

caf::expected<backup_report> restore_backup(const std::string& from,
                                            const std::string& data_dir) {
  auto start = std::chrono::steady_clock::now();
  db::backup_stats bs;
  if (auto st = db::restore_backup(from, data_dir, bs); !st.is_ok())
    return detail::to_error(st);
  backup_report r;
  r.path = data_dir;
  r.files = bs.files;
  r.bytes = bs.bytes;
  r.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  return r;
}

} // namespace timeless
