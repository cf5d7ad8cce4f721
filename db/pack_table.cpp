#include "db/pack_table.hpp"

#include <algorithm>
#include <cassert>
#include <limits>
#include <sqlite3.h>
#include <string>

#include "db/first_row.hpp"

namespace timeless::db {

pack_reader::~pack_reader() {
  if (blob_ != nullptr)
    sqlite3_blob_close(blob_);
}

status pack_reader::read(int64_t id, int64_t offset, int64_t length,
                         std::vector<uint8_t>& out) {
  out.resize(static_cast<size_t>(std::max<int64_t>(length, 0)));
  return read(id, offset, length, out.data());
}

status pack_reader::read(int64_t id, int64_t offset, int64_t length,
                         uint8_t* out) {
  if (length == 0) // nothing to read: an empty blob needs no pack
    return status::ok();
  auto where = [&] {
    return "pack " + std::to_string(id) + " (bytes " + std::to_string(offset) +
           " to " + std::to_string(offset + length) + ")";
  };
  int rc = SQLITE_OK;
  if (blob_ == nullptr)
    rc =
        sqlite3_blob_open(db_.handle(), "main", "packs", "data", id, 0, &blob_);
  else if (id != id_)
    rc = sqlite3_blob_reopen(blob_, id);
  if (rc != SQLITE_OK) {
    // After a failed move the handle is unusable: open anew next time.
    if (blob_ != nullptr) {
      sqlite3_blob_close(blob_);
      blob_ = nullptr;
    }
    if ((rc & 0xff) == SQLITE_ERROR) // no such row
      return status::corruption(db_.path() + ": " + where() +
                                ": the pack is missing");
    return db_.error(rc, "open " + where());
  }
  id_ = id;
  auto size = sqlite3_blob_bytes(blob_);
  if (offset < 0 || length < 0 || offset > size || length > size - offset)
    return status::corruption(db_.path() + ": " + where() + ": the pack has " +
                              std::to_string(size) + " bytes");
  rc = sqlite3_blob_read(blob_, out, static_cast<int>(length),
                         static_cast<int>(offset));
  if (rc != SQLITE_OK)
    return db_.error(rc, "read " + where());
  return status::ok();
}

status pack_writer::add(std::span<const uint8_t> blob, int64_t& id,
                        int64_t& offset) {
  if (id_ == 0) {
    auto st = with_first_row(db_, "SELECT coalesce(max(id), 0) + 1 FROM packs",
                             [&](statement& stmt, [[maybe_unused]] bool row) {
                               assert(row);
                               id_ = stmt.column_int64(0);
                               return status::ok();
                             });
    if (!st.is_ok())
      return st;
  } else if (!pending_.empty() && pending_.size() + blob.size() > pack_bytes) {
    if (auto st = flush(); !st.is_ok())
      return st;
  }
  id = id_;
  offset = static_cast<int64_t>(pending_.size());
  pending_.insert(pending_.end(), blob.begin(), blob.end());
  return status::ok();
}

status pack_writer::finish() {
  return pending_.empty() ? status::ok() : flush();
}

status pack_writer::flush() {
  status st;
  auto* stmt = db_.prepare_cached(
      "INSERT INTO packs(id, data, live) VALUES(?1, ?2, ?3)", st);
  if (stmt == nullptr)
    return st;
  {
    scoped_reset guard{stmt};
    stmt->bind_int64(1, id_);
    stmt->bind_blob(2, pending_);
    stmt->bind_int64(3, static_cast<int64_t>(pending_.size()));
    if (st = stmt->run(); !st.is_ok())
      return st;
  }
  pending_.clear();
  ++id_;
  return status::ok();
}

status release_packs(database& db, const pack_releases& released) {
  if (released.empty())
    return status::ok();
  status st;
  auto* lower =
      db.prepare_cached("UPDATE packs SET live = live - ?2 WHERE id = ?1", st);
  if (lower == nullptr)
    return st;
  auto* drop =
      db.prepare_cached("DELETE FROM packs WHERE id = ?1 AND live <= 0", st);
  if (drop == nullptr)
    return st;
  for (auto [id, bytes] : released) {
    {
      scoped_reset guard{lower};
      lower->bind_int64(1, id);
      lower->bind_int64(2, bytes);
      if (st = lower->run(); !st.is_ok())
        return st;
    }
    scoped_reset guard{drop};
    drop->bind_int64(1, id);
    if (st = drop->run(); !st.is_ok())
      return st;
  }
  return status::ok();
}

} // namespace timeless::db
