#pragma once

#include <cstdint>

#include "db/database.hpp"
#include "db/status.hpp"

namespace timeless::db {

/// Returns the file's free pages to the file system (`PRAGMA
/// incremental_vacuum`; the store is created with auto_vacuum=INCREMENTAL)
/// and truncates SQLite's -wal file, so that deleting rows shrinks the
/// directory. `bytes` is what the vacuum freed. Outside a transaction; the
/// WAL truncation is best effort (a reader in a transaction stops it early,
/// the next call finishes it).
status reclaim_free_pages(database& db, uint64_t& bytes);

} // namespace timeless::db
