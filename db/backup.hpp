#pragma once

// Backup and restore of a data directory's SQLite files. A backup directory
// holds a copy of every `*.db` file of the data directory (timeless.db, and
// catalog.db when present), each taken with SQLite's online backup API from
// a read snapshot, plus `MANIFEST` (db/backup_manifest.cpp). The procedure
// around it (the checkpoint that makes every acknowledged point part of the
// snapshot) is the store's: actors/maintain/backup_job.cpp.

#include <cstdint>
#include <string>

#include "db/backup_manifest.hpp"
#include "db/status.hpp"

namespace timeless::db {

/// What a backup or a restore copied.
struct backup_stats {
  uint64_t files = 0;
  uint64_t bytes = 0;
};

/// OK if `dest` may receive a backup or a restore: it does not exist, or it
/// is an empty directory. `invalid_argument` naming `dest` otherwise.
status check_empty_target(const std::string& dest);

/// Copies the SQLite database `src` to the new file `dst` with the online
/// backup API, `pages_per_step` pages per step, from a connection of its
/// own that holds one read snapshot for the whole copy: writers to `src`
/// keep committing meanwhile, and the copy is `src` as of the snapshot.
/// The copy is left in rollback-journal mode with no side file, synced.
status copy_database_online(const std::string& src, const std::string& dst,
                            int pages_per_step = 1024);

/// Copies every `*.db` file of `data_dir` (timeless.db must be one) into
/// `dest` (created; `check_empty_target` must pass and it may not lie inside
/// `data_dir`) and writes the manifest last. On failure `dest` may hold a
/// partial copy without a manifest, which `verify_backup` refuses.
status take_backup(const std::string& data_dir, const std::string& dest,
                   int64_t now_ms, backup_stats& out);

/// Reads the manifest of `from` and checks every file it lists: present,
/// of the listed size and CRC-32C. Errors name the file and the mismatch.
status verify_backup(const std::string& from, backup_manifest& out);

/// Verifies `from`, then copies its files into `data_dir` (which
/// `check_empty_target` must accept; it is created), checking each copy's
/// checksum again, and syncs them.
status restore_backup(const std::string& from, const std::string& data_dir,
                      backup_stats& out);

/// The size and CRC-32C of the file at `path`, read in 1 MiB blocks.
status file_checksum(const std::string& path, uint64_t& bytes, uint32_t& crc);

/// fsync(2)s the file or directory at `path`.
status sync_path(const std::string& path);

} // namespace timeless::db
