// The `alert_rules` and `alert_states` tables of the catalog (format:
// db/catalog_db.cpp).

#include "db/catalog_db.hpp"

#include <bit>

#include <sqlite3.h>

namespace timeless::db {

namespace {

constexpr const char* insert_rule_sql =
    "INSERT INTO alert_rules(name, metric, labels, condition, threshold,"
    " duration, aggregate, webhook_url, enabled, created_at, crc)"
    " VALUES(?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
constexpr const char* update_rule_sql =
    "UPDATE alert_rules SET name = ?2, metric = ?3, labels = ?4,"
    " condition = ?5, threshold = ?6, duration = ?7, aggregate = ?8,"
    " webhook_url = ?9, enabled = ?10, created_at = ?11, crc = ?12"
    " WHERE id = ?1";
constexpr const char* rules_sql =
    "SELECT id, name, metric, labels, condition, threshold, duration,"
    " aggregate, webhook_url, enabled, created_at, crc FROM alert_rules"
    " ORDER BY id";
constexpr const char* states_sql =
    "SELECT rule_id, labels, status, triggered_at, resolved_at, last_value,"
    " delivery, crc FROM alert_states ORDER BY rule_id, labels";
constexpr const char* delete_states_sql =
    "DELETE FROM alert_states WHERE rule_id = ?1";
constexpr const char* delete_rule_sql = "DELETE FROM alert_rules WHERE id = ?1";
// A state of a rule deleted meanwhile is not written.
constexpr const char* put_state_sql =
    "INSERT OR REPLACE INTO alert_states(rule_id, labels, status,"
    " triggered_at, resolved_at, last_value, delivery, crc)"
    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8"
    " WHERE EXISTS (SELECT 1 FROM alert_rules WHERE id = ?1)";

std::span<const uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::string blob_string(statement& s, int col) {
  auto b = s.column_blob(col);
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

/// Binds the columns of `r` as ?1 .. ?12 (?1 only when `with_id`).
void bind_rule(statement& s, const rule_row& r, bool with_id) {
  if (with_id)
    s.bind_int64(1, r.id);
  s.bind_text(2, r.name);
  s.bind_text(3, r.metric);
  s.bind_blob(4, as_bytes(r.labels));
  s.bind_int64(5, r.condition);
  s.bind_int64(6, std::bit_cast<int64_t>(r.threshold));
  s.bind_int64(7, r.duration);
  s.bind_int64(8, r.aggregate);
  s.bind_text(9, r.webhook_url);
  s.bind_int64(10, r.enabled ? 1 : 0);
  s.bind_int64(11, r.created_at);
  s.bind_int64(12, row_crc(r));
}

/// Reads a small unsigned column; false if out of range.
bool small(statement& s, int col, uint8_t& out) {
  auto v = s.column_int64(col);
  if (v < 0 || v > 255)
    return false;
  out = static_cast<uint8_t>(v);
  return true;
}

status run_with_id(database& db, const char* sql, int64_t id) {
  status st;
  auto* stmt = db.prepare_cached(sql, st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  stmt->bind_int64(1, id);
  return stmt->run();
}

} // namespace

status catalog_db::put_rule(rule_row& row) {
  bool insert = row.id == 0;
  return with_transaction(*db_, [&]() -> status {
    status st;
    if (!insert) {
      auto* upd = db_->prepare_cached(update_rule_sql, st);
      if (upd == nullptr)
        return st;
      scoped_reset guard{upd};
      bind_rule(*upd, row, true);
      if (st = upd->run(); !st.is_ok())
        return st;
      if (sqlite3_changes(db_->handle()) == 0)
        return status::not_found("no alert rule with id " +
                                 std::to_string(row.id));
      return status::ok();
    }
    // The CRC covers the id, known only once inserted: insert, then update.
    auto* ins = db_->prepare_cached(insert_rule_sql, st);
    if (ins == nullptr)
      return st;
    {
      scoped_reset guard{ins};
      bind_rule(*ins, row, false);
      if (st = ins->run(); !st.is_ok())
        return st;
    }
    row.id = sqlite3_last_insert_rowid(db_->handle());
    auto* upd = db_->prepare_cached(update_rule_sql, st);
    if (upd == nullptr)
      return st;
    scoped_reset guard{upd};
    bind_rule(*upd, row, true);
    return upd->run();
  });
}

status catalog_db::rules(std::vector<rule_row>& out) {
  out.clear();
  status st;
  auto* stmt = db_->prepare_cached(rules_sql, st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  return for_each_row(*stmt, [&](statement& s) {
    rule_row r;
    r.id = s.column_int64(0);
    r.name = std::string{s.column_text(1)};
    r.metric = std::string{s.column_text(2)};
    r.labels = blob_string(s, 3);
    bool ok = small(s, 4, r.condition);
    r.threshold = std::bit_cast<double>(s.column_int64(5));
    r.duration = s.column_int64(6);
    ok = small(s, 7, r.aggregate) && ok;
    r.webhook_url = std::string{s.column_text(8)};
    auto enabled = s.column_int64(9);
    ok = ok && (enabled == 0 || enabled == 1);
    r.enabled = enabled == 1;
    r.created_at = s.column_int64(10);
    if (!ok || row_crc(r) != s.column_int64(11)) {
      note_damage("alert_rules", "id " + std::to_string(r.id));
      return;
    }
    out.push_back(std::move(r));
  });
}

status catalog_db::states(std::vector<state_row>& out) {
  out.clear();
  status st;
  auto* stmt = db_->prepare_cached(states_sql, st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  return for_each_row(*stmt, [&](statement& s) {
    state_row r;
    r.rule_id = s.column_int64(0);
    r.labels = blob_string(s, 1);
    bool ok = small(s, 2, r.status);
    r.triggered_at = s.column_int64(3);
    r.resolved_at = s.column_int64(4);
    r.last_value = std::bit_cast<double>(s.column_int64(5));
    r.delivery = std::string{s.column_text(6)};
    if (!ok || row_crc(r) != s.column_int64(7)) {
      note_damage("alert_states", "of rule " + std::to_string(r.rule_id) +
                                      " (" + std::to_string(r.labels.size()) +
                                      " label bytes)");
      return;
    }
    out.push_back(std::move(r));
  });
}

status catalog_db::delete_rule(int64_t id, bool& found) {
  found = false;
  bool gone = false;
  auto st = with_transaction(*db_, [&]() -> status {
    if (auto st = run_with_id(*db_, delete_states_sql, id); !st.is_ok())
      return st;
    if (auto st = run_with_id(*db_, delete_rule_sql, id); !st.is_ok())
      return st;
    gone = sqlite3_changes(db_->handle()) > 0;
    return status::ok();
  });
  if (st.is_ok())
    found = gone;
  return st;
}

status catalog_db::put_states(std::span<const state_row> rows) {
  return with_transaction(*db_, [&]() -> status {
    for (auto& r : rows) {
      status st;
      auto* stmt = db_->prepare_cached(put_state_sql, st);
      if (stmt == nullptr)
        return st;
      scoped_reset guard{stmt};
      stmt->bind_int64(1, r.rule_id);
      stmt->bind_blob(2, as_bytes(r.labels));
      stmt->bind_int64(3, r.status);
      stmt->bind_int64(4, r.triggered_at);
      stmt->bind_int64(5, r.resolved_at);
      stmt->bind_int64(6, std::bit_cast<int64_t>(r.last_value));
      stmt->bind_text(7, r.delivery);
      stmt->bind_int64(8, row_crc(r));
      if (st = stmt->run(); !st.is_ok())
        return st;
    }
    return status::ok();
  });
}

} // namespace timeless::db
