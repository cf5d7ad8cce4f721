#pragma once

// One-row queries (pragmas, aggregates): prepare, step once, read, reset.

#include "db/database.hpp"

namespace timeless::db {

/// Runs `sql` (a cached statement without parameters) to its first row and
/// returns `f(stmt, row)`; `row` is false when the query has no row. A
/// prepare or step error is returned without calling `f`. The statement is
/// reset afterwards, ending its read transaction.
template <class F>
status with_first_row(database& db, const char* sql, F&& f) {
  status st;
  auto* stmt = db.prepare_cached(sql, st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  bool row = false;
  if (st = stmt->step(row); !st.is_ok())
    return st;
  return f(*stmt, row);
}

} // namespace timeless::db
