#pragma once

// Packs (schema version 4, see db/schema.cpp): the blobs of closed segments
// concatenated into SQLite rows of up to `pack_bytes`. One row per block
// wasted the unused end of a page per row (a 32 KiB leaf holds only whole
// rows); a pack fills its overflow pages completely, so the file is the
// blobs plus a small index row per segment (docs/benchmarks.md).

#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "db/database.hpp"
#include "db/status.hpp"

struct sqlite3_blob;

namespace timeless::db {

/// A pack is written once it would grow past this many bytes.
inline constexpr size_t pack_bytes = 1 << 20;

/// Reads byte ranges of packs through one SQLite incremental-blob handle,
/// moved from pack to pack. Closes it when destroyed: an open handle holds
/// its connection's read transaction, so use one per statement or
/// transaction, never keep one.
class pack_reader {
 public:
  explicit pack_reader(database& db) : db_(db) {}
  ~pack_reader();
  pack_reader(const pack_reader&) = delete;
  pack_reader& operator=(const pack_reader&) = delete;

  /// Copies `length` bytes at `offset` of pack `id` to `out`. corruption
  /// (naming the pack) if the pack is missing or too short. Reads of one
  /// pack in a row, in increasing offsets, are cheapest: moving to another
  /// pack costs 1-3 us (SQLite walks its overflow chain again).
  status read(int64_t id, int64_t offset, int64_t length, uint8_t* out);

  /// The same into `out`, resized to `length`.
  status read(int64_t id, int64_t offset, int64_t length,
              std::vector<uint8_t>& out);

 private:
  database& db_;
  sqlite3_blob* blob_ = nullptr;
  int64_t id_ = 0; ///< the pack `blob_` is on
};

/// Collects the blobs of one transaction into packs.
class pack_writer {
 public:
  explicit pack_writer(database& db) : db_(db) {}

  /// Appends `blob` to the pending pack, writing that pack first if it
  /// would pass `pack_bytes`; `id` and `offset` say where `blob` will be.
  status add(std::span<const uint8_t> blob, int64_t& id, int64_t& offset);

  /// Writes the pending pack (nothing if empty). Call before commit.
  status finish();

 private:
  status flush();

  database& db_;
  std::vector<uint8_t> pending_;
  int64_t id_ = 0; ///< of the pending pack; 0 before the first add
};

/// Bytes of segment blobs removed from each pack.
using pack_releases = std::map<int64_t, int64_t>;

/// Lowers each pack's live byte count by what `released` says and deletes
/// the packs no segment refers to any more. In the caller's transaction.
status release_packs(database& db, const pack_releases& released);

} // namespace timeless::db
