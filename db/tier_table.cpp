#include "db/tier_table.hpp"

#include <algorithm>
#include <sqlite3.h>

namespace timeless::db {

namespace {

std::string describe_resolution(const tier_row& t) {
  return t.calendar_months ? std::string{"calendar months"}
                           : std::to_string(t.resolution_ms) + " ms";
}

} // namespace

status load_tiers(database& db, std::vector<tier_row>& out) {
  status st;
  auto* stmt = db.prepare_cached(
      "SELECT id, name, resolution_ms, calendar_months, retention_ms,"
      " watermark, created_seq FROM tiers ORDER BY id",
      st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  return for_each_row(*stmt, [&](statement&) -> status {
    tier_row t;
    t.id = stmt->column_int64(0);
    t.name = std::string{stmt->column_text(1)};
    t.resolution_ms = stmt->column_int64(2);
    t.calendar_months = stmt->column_int64(3) != 0;
    t.retention_ms = stmt->column_int64(4);
    auto wm = stmt->column_int64(5);
    auto created = stmt->column_int64(6);
    if (wm < 0 || created < 0)
      return status::corruption(db.path() + ": tier '" + t.name +
                                "' has a negative watermark or created_seq");
    t.watermark = static_cast<uint64_t>(wm);
    t.created_seq = static_cast<uint64_t>(created);
    out.push_back(std::move(t));
    return status::ok();
  });
}

status sync_tiers(database& db, std::span<const tier_row> wanted,
                  std::vector<tier_row>& out) {
  return with_transaction(db, [&]() -> status {
    std::vector<tier_row> stored;
    if (auto st = load_tiers(db, stored); !st.is_ok())
      return st;
    for (auto& s : stored) {
      auto i = std::ranges::find(wanted, s.name, &tier_row::name);
      if (i == wanted.end())
        return status::invalid_argument(
            db.path() + ": the store has rollup tier '" + s.name +
            "', which the options lack; open it with that tier configured");
      if (i->calendar_months != s.calendar_months ||
          (!s.calendar_months && i->resolution_ms != s.resolution_ms))
        return status::invalid_argument(
            db.path() + ": rollup tier '" + s.name + "' is stored with " +
            describe_resolution(s) + " buckets, the options ask for " +
            describe_resolution(*i) + "; a tier's resolution cannot change");
    }
    status st;
    auto* insert = db.prepare_cached(
        "INSERT INTO tiers(name, resolution_ms, calendar_months,"
        " retention_ms, watermark, created_seq) VALUES(?1, ?2, ?3, ?4, 0,"
        " coalesce((SELECT value FROM meta WHERE key = 'segment_max_seq'), 0))"
        " ON CONFLICT(name) DO UPDATE SET retention_ms = excluded.retention_ms",
        st);
    if (insert == nullptr)
      return st;
    for (auto& w : wanted) {
      scoped_reset guard{insert};
      insert->bind_text(1, w.name);
      insert->bind_int64(2, w.calendar_months ? 0 : w.resolution_ms);
      insert->bind_int64(3, w.calendar_months ? 1 : 0);
      insert->bind_int64(4, w.retention_ms);
      if (st = insert->run(); !st.is_ok())
        return st;
    }
    stored.clear();
    if (st = load_tiers(db, stored); !st.is_ok())
      return st;
    out.clear();
    for (auto& w : wanted) {
      auto i = std::ranges::find(stored, w.name, &tier_row::name);
      if (i == stored.end())
        return status::corruption(db.path() + ": tier '" + w.name +
                                  "' vanished after insert");
      out.push_back(*i);
    }
    return status::ok();
  });
}

status advance_watermark(database& db, int64_t id, uint64_t expected,
                         uint64_t watermark) {
  status st;
  auto* stmt = db.prepare_cached(
      "UPDATE tiers SET watermark = ?3 WHERE id = ?1 AND watermark = ?2", st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  stmt->bind_int64(1, id);
  stmt->bind_int64(2, static_cast<int64_t>(expected));
  stmt->bind_int64(3, static_cast<int64_t>(watermark));
  if (st = stmt->run(); !st.is_ok())
    return st;
  if (sqlite3_changes(db.handle()) != 1)
    return status::invalid_argument(db.path() + ": tier " + std::to_string(id) +
                                    " does not have the expected watermark " +
                                    std::to_string(expected));
  return status::ok();
}

} // namespace timeless::db
