#include "db/database.hpp"

#include <cassert>
#include <sqlite3.h>

#include "db/first_row.hpp"
#include "db/schema.hpp"

namespace timeless::db {

namespace {

/// Writer and reader page caches (negative: KiB).
constexpr const char* writer_cache_pragma = "PRAGMA cache_size=-65536";
constexpr const char* reader_cache_pragma = "PRAGMA cache_size=-16384";

status::code code_of(int rc) {
  switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
      return status::code::ok;
    case SQLITE_NOTFOUND:
      return status::code::not_found;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
      return status::code::corruption;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
    case SQLITE_TOOBIG:
      return status::code::invalid_argument;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_PROTOCOL:
      return status::code::io_error;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return status::code::busy;
    default:
      return status::code::internal;
  }
}

status make(status::code c, std::string msg) {
  switch (c) {
    case status::code::ok:
      return status::ok();
    case status::code::not_found:
      return status::not_found(std::move(msg));
    case status::code::corruption:
      return status::corruption(std::move(msg));
    case status::code::invalid_argument:
      return status::invalid_argument(std::move(msg));
    case status::code::io_error:
      return status::io_error(std::move(msg));
    case status::code::busy:
      return status::busy(std::move(msg));
    case status::code::locked:
      return status::locked(std::move(msg));
    case status::code::internal:
      break;
  }
  return status::internal(std::move(msg));
}

/// Runs a pragma that answers with one text row and returns that text.
status query_text(database& db, const char* sql, std::string& out) {
  return with_first_row(db, sql, [&](statement& stmt, bool row) {
    if (!row)
      return status::internal(db.path() + ": no answer to \"" + sql + "\"");
    out = std::string{stmt.column_text(0)};
    return status::ok();
  });
}

const char* sync_pragma(open_options::sync_mode m) {
  switch (m) {
    case open_options::sync_mode::off:
      return "PRAGMA synchronous=OFF";
    case open_options::sync_mode::full:
      return "PRAGMA synchronous=FULL";
    case open_options::sync_mode::normal:
      break;
  }
  return "PRAGMA synchronous=NORMAL";
}

/// Pragmas of the writer connection, in order. page_size and auto_vacuum
/// only take effect on a new file, before journal_mode=WAL and before the
/// first table.
status configure_writer(database& db, const open_options& opts) {
  std::string pragmas = "PRAGMA page_size=" + std::to_string(store_page_size) +
                        ";PRAGMA auto_vacuum=INCREMENTAL;";
  if (auto st = db.exec(pragmas.c_str()); !st.is_ok())
    return st;
  std::string mode;
  if (auto st = query_text(db, "PRAGMA journal_mode=WAL", mode); !st.is_ok())
    return st;
  if (mode != "wal")
    return status::io_error(
        db.path() + ": cannot enter WAL mode (journal_mode " + mode + ")");
  if (auto st = db.exec(sync_pragma(opts.sync)); !st.is_ok())
    return st;
  // Truncate the -wal file back to 64 MiB after checkpoints.
  return db.exec("PRAGMA journal_size_limit=67108864;"
                 "PRAGMA temp_store=MEMORY;");
}

status configure_reader(database& db) {
  std::string mode;
  if (auto st = query_text(db, "PRAGMA journal_mode", mode); !st.is_ok())
    return st;
  if (mode != "wal")
    return status::invalid_argument(db.path() +
                                    ": not in WAL mode (journal_mode " + mode +
                                    "); open it read-write first");
  return db.exec("PRAGMA temp_store=MEMORY");
}

} // namespace

database::database(sqlite3* db, std::string path, bool read_only)
    : db_(db), path_(std::move(path)), read_only_(read_only) {
  // nop
}

database::~database() {
  cache_.clear();
  // Finalize anything prepared outside the cache, then close.
  for (auto* s = sqlite3_next_stmt(db_, nullptr); s != nullptr;
       s = sqlite3_next_stmt(db_, nullptr))
    sqlite3_finalize(s);
  [[maybe_unused]] int rc = sqlite3_close(db_);
  assert(rc == SQLITE_OK);
}

status database::open(const std::string& path, const open_options& opts,
                      std::unique_ptr<database>& out) {
  out.reset();
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= opts.read_only ? SQLITE_OPEN_READONLY
                          : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = path + ": cannot open";
    msg += opts.read_only ? " read-only: " : ": ";
    msg += raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    sqlite3_close(raw);
    return make(code_of(rc) == status::code::ok ? status::code::io_error
                                                : code_of(rc),
                std::move(msg));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);
  std::unique_ptr<database> db{new database(raw, path, opts.read_only)};
  status st =
      opts.read_only ? configure_reader(*db) : configure_writer(*db, opts);
  if (!st.is_ok())
    return st;
  st = db->exec(opts.read_only ? reader_cache_pragma : writer_cache_pragma);
  if (!st.is_ok())
    return st;
  if (!opts.store_schema)
    st = status::ok();
  else if (!opts.read_only && opts.migrate)
    st = migrate(*db);
  else
    st = check_schema_version(*db);
  if (!st.is_ok())
    return st;
  out = std::move(db);
  return status::ok();
}

status database::error(int rc, std::string_view what) {
  std::string msg = path_;
  msg += ": ";
  msg += what;
  msg += ": ";
  // The connection's message is about the last failure, which is rc's.
  msg +=
      (sqlite3_errcode(db_) == rc) ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  return make(code_of(rc), std::move(msg));
}

status database::exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc == SQLITE_OK)
    return status::ok();
  std::string msg = path_ + ": executing \"" + sql + "\": ";
  msg += err != nullptr ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  return make(code_of(rc), std::move(msg));
}

statement* database::prepare_cached(const char* sql, status& st) {
  assert(sql != nullptr);
  if (auto i = cache_.find(std::string_view{sql}); i != cache_.end()) {
    if (cache_enabled_) {
      i->second->reset();
      st = status::ok();
      return i->second.get();
    }
    // Ablation: prepare anew, as the original did for every statement.
    sqlite3_finalize(i->second->handle());
    cache_.erase(i);
  }
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc =
      sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, &tail);
  if (rc != SQLITE_OK) {
    st = error(rc, std::string{"preparing \""} + sql + "\"");
    return nullptr;
  }
  if (raw == nullptr) {
    st = status::invalid_argument(path_ + ": no SQL statement in \"" + sql +
                                  "\"");
    return nullptr;
  }
  for (; tail != nullptr && *tail != '\0'; ++tail) {
    if (*tail != ' ' && *tail != '\n' && *tail != '\t' && *tail != ';') {
      sqlite3_finalize(raw);
      st = status::invalid_argument(path_ + ": more than one statement in \"" +
                                    sql + "\"");
      return nullptr;
    }
  }
  auto [i, added] =
      cache_.emplace(std::string{sql}, std::make_unique<statement>(this, raw));
  assert(added);
  st = status::ok();
  return i->second.get();
}

namespace {

status run_cached(database& db, const char* sql) {
  status st;
  auto* stmt = db.prepare_cached(sql, st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  return stmt->run();
}

} // namespace

status database::begin_immediate() {
  return run_cached(*this, "BEGIN IMMEDIATE");
}

status database::begin_read() {
  return run_cached(*this, "BEGIN");
}

status database::commit() {
  return run_cached(*this, "COMMIT");
}

status database::rollback() {
  if (!in_transaction())
    return status::ok();
  return run_cached(*this, "ROLLBACK");
}

bool database::in_transaction() {
  return sqlite3_get_autocommit(db_) == 0;
}

status with_transaction(database& db, const std::function<status()>& body) {
  if (auto st = db.begin_immediate(); !st.is_ok())
    return st;
  auto st = body();
  if (st.is_ok())
    st = db.commit();
  if (!st.is_ok())
    db.rollback();
  return st;
}

} // namespace timeless::db
