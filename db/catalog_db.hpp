#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codec/crc32c.hpp"
#include "db/database.hpp"
#include "db/status.hpp"

namespace timeless::db {

/// The schema version of catalog.db this build creates, reads and writes
/// (`PRAGMA user_version`; the format is at the top of db/catalog_db.cpp).
inline constexpr int64_t catalog_version = 1;

/// What is known about one metric (a row of `metadata`).
struct meta_row {
  std::string metric;
  std::string type;
  std::string unit;
  std::string help;
  friend bool operator==(const meta_row&, const meta_row&) = default;
};

/// An annotation (a row of `annotations`).
struct note_row {
  int64_t id = 0;
  int64_t ts = 0;
  std::string title;
  std::string description;
  std::vector<std::string> tags;
  friend bool operator==(const note_row&, const note_row&) = default;
};

/// An alert rule (a row of `alert_rules`). `labels` is the engine's
/// canonical label encoding, opaque here; the small enums are stored as
/// their numbers (see the format at the top of catalog_db.cpp).
struct rule_row {
  int64_t id = 0;
  std::string name;
  std::string metric;
  std::string labels;
  uint8_t condition = 0;
  double threshold = 0;
  int64_t duration = 0;
  uint8_t aggregate = 0;
  std::string webhook_url;
  bool enabled = true;
  int64_t created_at = 0;
};

/// The state of one series under one rule (a row of `alert_states`).
struct state_row {
  int64_t rule_id = 0;
  std::string labels;
  uint8_t status = 0;
  int64_t triggered_at = 0;
  int64_t resolved_at = 0;
  double last_value = 0;
  std::string delivery;
};

/// The canonical encodings the CRC of each row covers (catalog_db.cpp).
std::string canonical(const meta_row& x);
std::string canonical(const note_row& x);
std::string canonical(const rule_row& x);
std::string canonical(const state_row& x);

/// The CRC-32C of a row's canonical encoding, as stored in its `crc`.
template <class Row>
int64_t row_crc(const Row& x) {
  auto bytes = canonical(x);
  return codec::crc32c(bytes.data(), bytes.size());
}

/// Tags in the `tags` column's encoding, and back (false: malformed).
std::string encode_tags(std::span<const std::string> tags);
bool decode_tags(std::string_view bytes, std::vector<std::string>& out);

/// The store's catalog: its own SQLite file (`<data_dir>/catalog.db`) of
/// metric metadata, annotations, alert rules and alert states. Every row
/// carries a CRC-32C of its fields; a read skips a row whose CRC does not
/// match, reports it on stderr once and counts it (`damaged_rows`).
/// One thread at a time.
class catalog_db {
 public:
  /// Opens (creating) the catalog at `path`: WAL journal,
  /// synchronous=FULL. Refuses a file of a newer version than
  /// `catalog_version` with invalid_argument naming both versions.
  static status open(const std::string& path, std::unique_ptr<catalog_db>& out);

  // -- metadata ---------------------------------------------------------------

  /// Upserts `rows` in one transaction. An empty `unit` or `help`, or the
  /// type "unknown", keeps what is stored; a row that would not change is
  /// not written. `written` counts the rows inserted or changed.
  status put_metadata(std::span<const meta_row> rows, size_t& written);

  /// The row of `metric`, or every row sorted by metric for "".
  status metadata(std::string_view metric, std::vector<meta_row>& out);

  // -- annotations ------------------------------------------------------------

  /// Inserts `row` (its id is ignored) and sets `row.id` to the new id.
  status add_note(note_row& row);

  /// Annotations with from <= ts <= to having, if `tags` is not empty, at
  /// least one of them; ordered by (ts, id).
  status notes(int64_t from, int64_t to, std::span<const std::string> tags,
               std::vector<note_row>& out);

  /// Deletes annotation `id`; `found` tells whether it existed.
  status delete_note(int64_t id, bool& found);

  // -- alerts -----------------------------------------------------------------

  /// Inserts `row` (id 0; sets `row.id`) or replaces rule `row.id`
  /// (not_found if there is none).
  status put_rule(rule_row& row);

  /// Every rule, by id.
  status rules(std::vector<rule_row>& out);

  /// Every state, by (rule_id, labels).
  status states(std::vector<state_row>& out);

  /// Deletes rule `id` and its states in one transaction.
  status delete_rule(int64_t id, bool& found);

  /// Upserts states by (rule_id, labels) in one transaction.
  status put_states(std::span<const state_row> rows);

  // -- health -----------------------------------------------------------------

  /// Distinct rows skipped so far because their CRC did not match.
  uint64_t damaged_rows() const { return damaged_.size(); }

  database& db() { return *db_; }

 private:
  explicit catalog_db(std::unique_ptr<database> db);

  /// Records that row `key` of `table` failed its CRC (stderr, first time).
  void note_damage(const char* table, std::string key);

  std::unique_ptr<database> db_;
  std::set<std::pair<std::string, std::string>> damaged_;
};

} // namespace timeless::db
