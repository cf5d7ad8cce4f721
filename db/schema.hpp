#pragma once

#include <cstdint>
#include <span>

#include "db/database.hpp"
#include "db/status.hpp"

namespace timeless::db {

/// The schema version this build creates, reads and writes. The tables of
/// each version are described at the top of db/schema.cpp and in
/// docs/format.md.
inline constexpr int64_t schema_version = 4;

/// PRAGMA page_size of a new store file, chosen by measuring bytes on disk
/// (docs/format.md, "SQLite schema").
inline constexpr int store_page_size = 4096;

/// One migration moves a file from version i to i + 1; it runs inside a
/// transaction that also records the new version.
using migration = status (*)(database& db);

/// The migrations, in order: element i migrates version i to i + 1.
std::span<const migration> migrations();

/// Reads the file's schema version: 0 for an empty file, corruption if the
/// file holds tables but no version (not a Timeless store).
status read_schema_version(database& db, int64_t& version);

/// Brings the file up to `schema_version`, each migration in its own
/// transaction. Refuses (invalid_argument) a file of a newer version.
status migrate(database& db);

/// For connections that do not migrate: ok if the file is at exactly
/// `schema_version`, invalid_argument (naming both versions) otherwise.
status check_schema_version(database& db);

} // namespace timeless::db
