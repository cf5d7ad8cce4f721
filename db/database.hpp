#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "db/statement.hpp"
#include "db/status.hpp"

struct sqlite3;

namespace timeless::db {

/// How to open a store's SQLite file.
struct open_options {
  /// Query workers: SQLITE_OPEN_READONLY, still in WAL mode, so they read
  /// concurrently with the one writer and see what it has committed.
  bool read_only = false;
  /// PRAGMA synchronous for the writer.
  enum class sync_mode { off, normal, full } sync = sync_mode::normal;
  /// Run the schema migrations (writer only). Without it the file must
  /// already be at `schema_version`.
  bool migrate = true;
  /// Migrate or check the store's schema (db/schema.hpp). False for the
  /// other SQLite files of a store (the catalog, db/catalog_db.hpp), whose
  /// owner keeps its own schema.
  bool store_schema = true;
};

/// The RAII owner of one sqlite3 connection plus its cache of prepared
/// statements. One thread at a time uses a `database` (SQLITE_OPEN_NOMUTEX);
/// give each worker its own.
class database {
 public:
  /// Opens (creating it for a writer) the SQLite file at `path`, applies the
  /// pragmas of docs/format.md and migrates or checks the schema. On success
  /// `out` owns the connection; on failure it is left empty and the status
  /// names the path.
  static status open(const std::string& path, const open_options& opts,
                     std::unique_ptr<database>& out);

  /// Finalizes the cached statements and closes the connection (which
  /// checkpoints the WAL if this is the last connection).
  ~database();

  database(const database&) = delete;
  database& operator=(const database&) = delete;

  /// Runs `sql` (one or more statements) that return no rows.
  status exec(const char* sql);

  /// Returns the statement for `sql`, prepared once with
  /// SQLITE_PREPARE_PERSISTENT and reset (bindings cleared) before every
  /// reuse. The cache is keyed by the SQL text. `sql` must hold exactly one
  /// statement. Returns nullptr and sets `st` on error.
  statement* prepare_cached(const char* sql, status& st);

  /// With `false`, every `prepare_cached` prepares its statement anew (the
  /// statement stays valid until the next call with the same SQL). For the
  /// ablation benchmark only.
  void set_statement_cache(bool enabled) { cache_enabled_ = enabled; }

  /// Number of statements in the cache.
  size_t cached_statements() const { return cache_.size(); }

  /// BEGIN IMMEDIATE: takes the write lock now (waits up to busy_timeout).
  status begin_immediate();
  /// BEGIN (deferred): on a reader, the first read fixes the snapshot that
  /// every later statement sees until commit().
  status begin_read();
  status commit();
  status rollback();

  /// True while a transaction is open on this connection.
  bool in_transaction();

  sqlite3* handle() { return db_; }
  const std::string& path() const { return path_; }
  bool read_only() const { return read_only_; }

  /// Turns the SQLite result code `rc` into a status whose message names the
  /// file, `what` was attempted and SQLite's explanation.
  status error(int rc, std::string_view what);

 private:
  database(sqlite3* db, std::string path, bool read_only);

  struct sql_hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const {
      return std::hash<std::string_view>{}(s);
    }
  };

  sqlite3* db_;
  std::string path_;
  bool read_only_;
  bool cache_enabled_ = true;
  std::unordered_map<std::string, std::unique_ptr<statement>, sql_hash,
                     std::equal_to<>>
      cache_;
};

/// Runs `body` inside BEGIN IMMEDIATE ... COMMIT, rolling back if it (or the
/// commit) fails.
status with_transaction(database& db, const std::function<status()>& body);

} // namespace timeless::db
