#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include "db/status.hpp"

struct sqlite3_stmt;

namespace timeless::db {

class database;

/// A thin wrapper over one prepared `sqlite3_stmt` owned by a `database`'s
/// statement cache. It finalizes nothing: the owning `database` does that in
/// its destructor, so a `statement*` is valid as long as its `database`.
///
/// Bind errors are sticky: the `bind_*` functions return nothing and the
/// first failure is reported by the next `step()`. Blobs and texts are bound
/// with `SQLITE_STATIC`: the caller keeps the bytes alive until the statement
/// is reset. Parameter and column indexes follow SQLite: parameters from 1,
/// columns from 0.
class statement {
 public:
  statement(database* owner, sqlite3_stmt* stmt);

  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  void bind_int64(int index, int64_t value);
  void bind_double(int index, double value);
  void bind_null(int index);
  /// Binds `bytes` as a BLOB (an empty span binds a zero-length BLOB, not
  /// NULL), without copying.
  void bind_blob(int index, std::span<const uint8_t> bytes);
  /// Binds `text` as TEXT, without copying.
  void bind_text(int index, std::string_view text);

  /// Advances the statement. On success `row` tells whether a result row is
  /// available (false once the statement is done). Returns the first bind
  /// error, if any, or the SQLite error, naming the SQL.
  status step(bool& row);

  /// Steps a statement that returns no rows; it is an error if one does.
  status run();

  int64_t column_int64(int col);
  double column_double(int col);
  /// True if the column of the current row is NULL.
  bool column_is_null(int col);
  /// The bytes of a BLOB (or TEXT) column, valid until the next step or reset.
  std::span<const uint8_t> column_blob(int col);
  /// The bytes of a TEXT (or BLOB) column, valid until the next step or reset.
  std::string_view column_text(int col);

  /// Resets the statement for another execution and clears its bindings.
  /// Ends the statement's implicit read transaction, so do it as soon as a
  /// query is done (a WAL reader otherwise keeps an old snapshot).
  void reset();

  /// The SQL text the statement was prepared from.
  const char* sql() const;

  sqlite3_stmt* handle() { return stmt_; }

 private:
  void note_bind(int rc, int index);

  database* owner_;
  sqlite3_stmt* stmt_;
  int bind_rc_ = 0;
  int bind_index_ = 0;
};

/// Resets a statement when leaving a scope, whatever the outcome.
class scoped_reset {
 public:
  explicit scoped_reset(statement* stmt) : stmt_(stmt) {
    // nop
  }
  ~scoped_reset() {
    if (stmt_ != nullptr)
      stmt_->reset();
  }
  scoped_reset(const scoped_reset&) = delete;
  scoped_reset& operator=(const scoped_reset&) = delete;

 private:
  statement* stmt_;
};

/// Steps `stmt` through its result rows, calling `f(stmt)` on each. `f`
/// returns nothing, or a status: one that is not ok ends the loop. Returns
/// the first error of a step or of `f`, else ok once the rows are done.
/// Resets nothing (see scoped_reset).
template <class F>
status for_each_row(statement& stmt, F&& f) {
  for (;;) {
    bool row = false;
    if (auto st = stmt.step(row); !st.is_ok())
      return st;
    if (!row)
      return status::ok();
    if constexpr (std::is_void_v<std::invoke_result_t<F&, statement&>>) {
      f(stmt);
    } else {
      if (auto st = f(stmt); !st.is_ok())
        return st;
    }
  }
}

/// The ids as a JSON array ("[1,2,3]"), to bind for json_each(?): one
/// parameter for any number of ids.
std::string json_ids(std::span<const uint64_t> ids);

} // namespace timeless::db
