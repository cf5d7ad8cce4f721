#pragma once

// The manifest of a backup directory: which files it holds, their sizes and
// CRC-32C, the versions of the store they came from, and a checksum of its
// own. The layout is documented at the top of db/backup_manifest.cpp and in
// docs/format.md.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/status.hpp"

namespace timeless::db {

/// The manifest's file name inside a backup directory.
inline constexpr std::string_view manifest_name = "MANIFEST";

/// The manifest format this build writes and reads.
inline constexpr uint32_t manifest_version = 1;

/// One copied file.
struct manifest_file {
  /// A plain file name (no '/', not "." or ".."), relative to the backup.
  std::string name;
  uint64_t bytes = 0;
  uint32_t crc = 0;
};

struct backup_manifest {
  /// The SQLite schema version of the store's file.
  int64_t schema_version = 0;
  /// The newest segment format version of the build that wrote the backup.
  uint32_t segment_version = 0;
  /// When the copy was taken (ms since the Unix epoch).
  int64_t created_ms = 0;
  std::vector<manifest_file> files;
};

/// True if `name` is a plain file name a manifest may list: 1 to 255
/// characters of [A-Za-z0-9._-], not "." or "..", not the manifest itself.
bool valid_backup_file_name(std::string_view name);

/// The manifest as text, its checksum line last.
std::string encode_manifest(const backup_manifest& m);

/// Parses and validates `text`: the checksum line, the version, every field
/// and every file name (no duplicates). Errors are `corruption` naming the
/// line and what was wrong, or `invalid_argument` for a newer version.
status decode_manifest(std::string_view text, backup_manifest& out);

} // namespace timeless::db
