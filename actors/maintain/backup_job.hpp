#pragma once

#include <string>

#include <caf/fwd.hpp>
#include <caf/typed_actor.hpp>

#include "timeless/store.hpp"

namespace timeless::detail {

/// One backup, run by an actor of its own (detached: it blocks on file I/O
/// and SQLite, never the store or the writer).
using backup_job_actor = caf::typed_actor<
    caf::replies_to<backup_atom, std::string>::with<backup_report>>;

/// Spawns a job that answers one `backup_atom` and quits. The procedure:
///  1. refuse a destination that exists and is not an empty directory;
///  2. `flush_atom true` to `store`: every shard rotates its write-ahead
///     log and checkpoints; once all have replied, every point acknowledged
///     before the request is committed in SQLite;
///  3. copy every SQLite file of `data_dir` with the online backup API from
///     one read snapshot taken after that commit (db::take_backup), in
///     bounded steps, while the writer keeps committing, and write the
///     manifest last.
/// The write-ahead logs are not copied: what they hold beyond the snapshot
/// was acknowledged after the request started.
backup_job_actor spawn_backup_job(caf::actor_system& sys, store_actor store,
                                  std::string data_dir);

} // namespace timeless::detail
