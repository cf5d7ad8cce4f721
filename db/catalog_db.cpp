// The store's catalog: `<data_dir>/catalog.db`, a SQLite file of its own
// beside timeless.db (see also docs/format.md, "The catalog").
//
// Connection: WAL journal, synchronous=FULL (an acknowledged operator write
// survives a power cut), busy_timeout=5000, the writer pragmas of
// db/database.cpp otherwise. One connection, owned by the catalog actor.
//
// Version: `PRAGMA user_version` = 1 (`catalog_version`). 0 is a new,
// empty file, which open() fills with the tables below; a file of a newer
// version is refused.
//
// Tables (every text is UTF-8, every integer a signed 64-bit INTEGER,
// timestamps milliseconds since the epoch, doubles stored as the INTEGER of
// their IEEE-754 bit pattern so NaN, -0.0 and infinities survive exactly):
//
// metadata(metric TEXT PRIMARY KEY, type TEXT NOT NULL, unit TEXT NOT NULL,
//          help TEXT NOT NULL, crc INTEGER NOT NULL) WITHOUT ROWID
//   One row per metric; empty unit or help: not known.
//
// annotations(id INTEGER PRIMARY KEY AUTOINCREMENT, ts INTEGER NOT NULL,
//             title TEXT NOT NULL, description TEXT NOT NULL,
//             tags BLOB NOT NULL, crc INTEGER NOT NULL)
// INDEX annotations_by_ts ON annotations(ts)
//   tags: varint(count), then per tag varint(length) and its bytes.
//   AUTOINCREMENT: a deleted id is never given again.
//
// alert_rules(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,
//             metric TEXT NOT NULL, labels BLOB NOT NULL,
//             condition INTEGER NOT NULL, threshold INTEGER NOT NULL,
//             duration INTEGER NOT NULL, aggregate INTEGER NOT NULL,
//             webhook_url TEXT NOT NULL, enabled INTEGER NOT NULL,
//             created_at INTEGER NOT NULL, crc INTEGER NOT NULL)
//   labels: the engine's canonical label encoding (actors/write/labels.cpp,
//   as in the series table of timeless.db). condition: 0 above, 1 below.
//   threshold: bit pattern. duration: ms. aggregate: 0 avg, 1 min, 2 max,
//   3 count, 4 sum, 5 first, 6 last, 7 rate, 8 increase. enabled: 0 or 1.
//
// alert_states(rule_id INTEGER NOT NULL, labels BLOB NOT NULL,
//              status INTEGER NOT NULL, triggered_at INTEGER NOT NULL,
//              resolved_at INTEGER NOT NULL, last_value INTEGER NOT NULL,
//              delivery TEXT NOT NULL, crc INTEGER NOT NULL,
//              PRIMARY KEY(rule_id, labels)) WITHOUT ROWID
//   status: 0 ok, 1 pending, 2 firing, 3 resolved. last_value: bit pattern.
//   A rule's states are deleted with it.
//
// Row checksums: `crc` is the CRC-32C (codec/crc32c.hpp) of the row's
// canonical encoding: a tag byte ('M' metadata, 'N' annotations, 'R' alert
// rules, 'S' alert states), then every column but crc in the order above,
// each as
//   INTEGER (and a double's bits)  8 bytes, little-endian two's complement
//   condition, aggregate, status,  1 byte
//   enabled
//   TEXT, BLOB                     varint(length) then the bytes
//   tags                           the column's own bytes, as a BLOB
// (varint: LEB128, shortest form). The tag byte keeps a row copied into
// another table from passing. A read that finds a mismatch (or a column of
// the wrong type, or malformed tags) skips the row, reports it once on
// stderr and counts it in `damaged_rows`. A write over a damaged metadata
// row or state replaces it.

#include "db/catalog_db.hpp"

#include <bit>
#include <cstdio>
#include <cstring>

#include <sqlite3.h>

#include "codec/varint.hpp"
#include "db/first_row.hpp"

namespace timeless::db {

namespace {

constexpr const char* schema_sql =
    "CREATE TABLE metadata(metric TEXT PRIMARY KEY, type TEXT NOT NULL,"
    " unit TEXT NOT NULL, help TEXT NOT NULL, crc INTEGER NOT NULL)"
    " WITHOUT ROWID;"
    "CREATE TABLE annotations(id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " ts INTEGER NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL,"
    " tags BLOB NOT NULL, crc INTEGER NOT NULL);"
    "CREATE INDEX annotations_by_ts ON annotations(ts);"
    "CREATE TABLE alert_rules(id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " name TEXT NOT NULL, metric TEXT NOT NULL, labels BLOB NOT NULL,"
    " condition INTEGER NOT NULL, threshold INTEGER NOT NULL,"
    " duration INTEGER NOT NULL, aggregate INTEGER NOT NULL,"
    " webhook_url TEXT NOT NULL, enabled INTEGER NOT NULL,"
    " created_at INTEGER NOT NULL, crc INTEGER NOT NULL);"
    "CREATE TABLE alert_states(rule_id INTEGER NOT NULL,"
    " labels BLOB NOT NULL, status INTEGER NOT NULL,"
    " triggered_at INTEGER NOT NULL, resolved_at INTEGER NOT NULL,"
    " last_value INTEGER NOT NULL, delivery TEXT NOT NULL,"
    " crc INTEGER NOT NULL, PRIMARY KEY(rule_id, labels)) WITHOUT ROWID;"
    "PRAGMA user_version=1;";

/// Appends the canonical forms of the column types.
struct encoder {
  std::string out;
  explicit encoder(char tag) { out += tag; }
  void i64(int64_t v) {
    auto u = static_cast<uint64_t>(v);
    for (int i = 0; i < 8; ++i)
      out += static_cast<char>((u >> (8 * i)) & 0xff);
  }
  void f64(double v) { i64(std::bit_cast<int64_t>(v)); }
  void u8(uint8_t v) { out += static_cast<char>(v); }
  void bytes(std::string_view s) {
    std::vector<uint8_t> len;
    codec::put_varint(len, s.size());
    out.append(len.begin(), len.end());
    out += s;
  }
};

status read_version(database& db, int64_t& version) {
  return with_first_row(
      db, "PRAGMA user_version", [&](statement& stmt, bool row) {
        if (!row)
          return status::internal(db.path() + ": no answer to user_version");
        version = stmt.column_int64(0);
        return status::ok();
      });
}

} // namespace

std::string canonical(const meta_row& x) {
  encoder e{'M'};
  e.bytes(x.metric);
  e.bytes(x.type);
  e.bytes(x.unit);
  e.bytes(x.help);
  return std::move(e.out);
}

std::string canonical(const note_row& x) {
  encoder e{'N'};
  e.i64(x.id);
  e.i64(x.ts);
  e.bytes(x.title);
  e.bytes(x.description);
  e.bytes(encode_tags(x.tags));
  return std::move(e.out);
}

std::string canonical(const rule_row& x) {
  encoder e{'R'};
  e.i64(x.id);
  e.bytes(x.name);
  e.bytes(x.metric);
  e.bytes(x.labels);
  e.u8(x.condition);
  e.f64(x.threshold);
  e.i64(x.duration);
  e.u8(x.aggregate);
  e.bytes(x.webhook_url);
  e.u8(x.enabled ? 1 : 0);
  e.i64(x.created_at);
  return std::move(e.out);
}

std::string canonical(const state_row& x) {
  encoder e{'S'};
  e.i64(x.rule_id);
  e.bytes(x.labels);
  e.u8(x.status);
  e.i64(x.triggered_at);
  e.i64(x.resolved_at);
  e.f64(x.last_value);
  e.bytes(x.delivery);
  return std::move(e.out);
}

std::string encode_tags(std::span<const std::string> tags) {
  encoder e{'\0'};
  e.out.clear();
  std::vector<uint8_t> n;
  codec::put_varint(n, tags.size());
  e.out.append(n.begin(), n.end());
  for (auto& t : tags)
    e.bytes(t);
  return std::move(e.out);
}

bool decode_tags(std::string_view bytes, std::vector<std::string>& out) {
  out.clear();
  auto p = reinterpret_cast<const uint8_t*>(bytes.data());
  auto end = p + bytes.size();
  uint64_t n = 0;
  if (codec::get_varint(p, end, n) != codec::varint_status::ok ||
      n > bytes.size())
    return false;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t len = 0;
    if (codec::get_varint(p, end, len) != codec::varint_status::ok ||
        len > static_cast<uint64_t>(end - p)) {
      out.clear();
      return false;
    }
    out.emplace_back(reinterpret_cast<const char*>(p), len);
    p += len;
  }
  if (p != end) {
    out.clear();
    return false;
  }
  return true;
}

catalog_db::catalog_db(std::unique_ptr<database> db) : db_(std::move(db)) {
  // nop
}

status catalog_db::open(const std::string& path,
                        std::unique_ptr<catalog_db>& out) {
  out.reset();
  open_options opts;
  opts.sync = open_options::sync_mode::full;
  opts.store_schema = false;
  std::unique_ptr<database> db;
  if (auto st = database::open(path, opts, db); !st.is_ok())
    return st;
  int64_t version = 0;
  if (auto st = read_version(*db, version); !st.is_ok())
    return st;
  if (version > catalog_version)
    return status::invalid_argument(
        path + ": catalog version " + std::to_string(version) +
        " is newer than this build's " + std::to_string(catalog_version) +
        "; open it with a newer Timeless");
  if (version < 0)
    return status::corruption(path + ": negative catalog version " +
                              std::to_string(version));
  if (version == 0) {
    auto st = with_transaction(*db, [&] { return db->exec(schema_sql); });
    if (!st.is_ok())
      return st;
  }
  out.reset(new catalog_db(std::move(db)));
  return status::ok();
}

void catalog_db::note_damage(const char* table, std::string key) {
  auto [it, added] = damaged_.emplace(table, std::move(key));
  if (added)
    std::fprintf(stderr,
                 "timeless: %s: %s row %s fails its checksum; skipped\n",
                 db_->path().c_str(), table, it->second.c_str());
}

} // namespace timeless::db
