#include "db/segment_table.hpp"

#include <algorithm>
#include <cassert>
#include <limits>
#include <sqlite3.h>
#include <string>
#include <tuple>

#include "db/meta_table.hpp"
#include "db/pack_table.hpp"

namespace timeless::db {

namespace {

constexpr uint64_t max_integer = std::numeric_limits<int64_t>::max();

std::string key_of(const segment_row& row) {
  return "segment (series " + std::to_string(row.series_id) + ", start_ts " +
         std::to_string(row.start_ts) + ", seq " + std::to_string(row.seq) +
         ")";
}

/// Whether a segment with `seq` is stored.
status segment_exists(database& db, uint64_t seq, bool& found) {
  status st;
  auto* stmt = db.prepare_cached("SELECT 1 FROM segments WHERE seq = ?1", st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  stmt->bind_int64(1, static_cast<int64_t>(seq));
  return stmt->step(found);
}

/// Called for a row whose seq is already stored: ok if it is stored with
/// the same contents.
status check_existing(database& db, const segment_row& row) {
  status st;
  auto* stmt = db.prepare_cached(
      "SELECT series_id, start_ts, end_ts, point_count, coalesce(src_seq, 0),"
      " pack, pack_off, pack_len FROM segments WHERE seq = ?1",
      st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  stmt->bind_int64(1, static_cast<int64_t>(row.seq));
  bool found = false;
  if (st = stmt->step(found); !st.is_ok())
    return st;
  if (found && stmt->column_int64(0) == static_cast<int64_t>(row.series_id) &&
      stmt->column_int64(1) == row.start_ts &&
      stmt->column_int64(2) == row.end_ts &&
      stmt->column_int64(3) == row.point_count &&
      stmt->column_int64(4) == static_cast<int64_t>(row.src_seq)) {
    pack_reader packs{db};
    std::vector<uint8_t> stored;
    if (st = packs.read(stmt->column_int64(5), stmt->column_int64(6),
                        stmt->column_int64(7), stored);
        !st.is_ok())
      return st;
    if (stored == row.data)
      return status::ok();
  }
  return status::invalid_argument(db.path() + ": " + key_of(row) +
                                  " is already stored with other contents");
}

/// Visits the current row of a segment SELECT whose columns are series_id,
/// start_ts, end_ts, point_count, seq, arrival, pack, pack_off, pack_len.
status visit_row(statement* stmt, pack_reader& packs,
                 std::vector<uint8_t>& blob, const segment_visitor& visit) {
  if (auto st = packs.read(stmt->column_int64(6), stmt->column_int64(7),
                           stmt->column_int64(8), blob);
      !st.is_ok())
    return st;
  visit(static_cast<uint64_t>(stmt->column_int64(0)), stmt->column_int64(1),
        stmt->column_int64(2), static_cast<uint32_t>(stmt->column_int64(3)),
        static_cast<uint64_t>(stmt->column_int64(4)),
        static_cast<uint64_t>(stmt->column_int64(5)), blob);
  return status::ok();
}

/// Steps a DELETE ... RETURNING pack, pack_len and adds what each deleted
/// segment held to `released`; `deleted` counts the rows.
status step_deletes(statement* stmt, pack_releases& released,
                    uint64_t& deleted) {
  return for_each_row(*stmt, [&](statement&) {
    released[stmt->column_int64(0)] += stmt->column_int64(1);
    ++deleted;
  });
}

/// Sets the meta INTEGER at `key` to `value` unless it is already larger.
status raise_meta(database& db, std::string_view key, int64_t value) {
  int64_t stored = 0;
  auto st = get_meta(db, key, stored);
  if (st.is_ok() && stored >= value)
    return st;
  if (!st.is_ok() && !st.is_not_found())
    return st;
  return put_meta(db, key, value);
}

} // namespace

status insert_segments(database& db, std::span<const segment_row> rows) {
  if (rows.empty())
    return status::ok();
  status st;
  auto* stmt = db.prepare_cached(
      "INSERT INTO segments(series_id, start_ts, end_ts, seq, point_count,"
      " src_seq, pack, pack_off, pack_len)"
      " VALUES(?1, ?2, ?3, ?4, ?5, nullif(?6, 0), ?7, ?8, ?9)",
      st);
  if (stmt == nullptr)
    return st;
  pack_writer packs{db};
  int64_t max_span = 0;
  uint64_t max_seq = 0;
  for (const auto& row : rows) {
    if (row.start_ts > row.end_ts)
      return status::invalid_argument(db.path() + ": " + key_of(row) +
                                      " ends before it starts (end_ts " +
                                      std::to_string(row.end_ts) + ")");
    if (row.series_id > max_integer || row.seq > max_integer || row.seq == 0)
      return status::invalid_argument(
          db.path() + ": " + key_of(row) +
          ": id or seq does not fit an INTEGER, or seq is 0");
    if (row.src_seq >= row.seq)
      return status::invalid_argument(
          db.path() + ": " + key_of(row) + ": src_seq " +
          std::to_string(row.src_seq) + " is not below seq");
    // read_segments' lower bound needs the span as an INTEGER.
    int64_t span = 0;
    if (__builtin_sub_overflow(row.end_ts, row.start_ts, &span))
      return status::invalid_argument(db.path() + ": " + key_of(row) +
                                      " spans more than 2^63 - 1 ms");
    max_span = std::max(max_span, span);
    max_seq = std::max(max_seq, row.seq);
    bool stored = false;
    if (st = segment_exists(db, row.seq, stored); !st.is_ok())
      return st;
    if (stored) {
      if (st = check_existing(db, row); !st.is_ok())
        return st;
      continue;
    }
    int64_t pack = 0;
    int64_t offset = 0;
    if (st = packs.add(row.data, pack, offset); !st.is_ok())
      return st;
    scoped_reset guard{stmt};
    stmt->bind_int64(1, static_cast<int64_t>(row.series_id));
    stmt->bind_int64(2, row.start_ts);
    stmt->bind_int64(3, row.end_ts);
    stmt->bind_int64(4, static_cast<int64_t>(row.seq));
    stmt->bind_int64(5, row.point_count);
    stmt->bind_int64(6, static_cast<int64_t>(row.src_seq));
    stmt->bind_int64(7, pack);
    stmt->bind_int64(8, offset);
    stmt->bind_int64(9, static_cast<int64_t>(row.data.size()));
    if (st = stmt->run(); !st.is_ok())
      return st;
  }
  if (st = packs.finish(); !st.is_ok())
    return st;
  if (st = raise_meta(db, meta_key::segment_max_span, max_span); !st.is_ok())
    return st;
  return raise_meta(db, meta_key::segment_max_seq,
                    static_cast<int64_t>(max_seq));
}

namespace {

/// The body of read_segments, inside its snapshot.
status read_located(database& db, statement* stmt,
                    std::span<const uint64_t> series_ids, int64_t from,
                    int64_t to, uint64_t max_seq, const segment_visitor& visit);

} // namespace

status read_segments(database& db, std::span<const uint64_t> series_ids,
                     int64_t from, int64_t to, uint64_t max_seq,
                     const segment_visitor& visit) {
  if (series_ids.empty() || from > to)
    return status::ok();
  // The lower bound of start_ts comes from the meta table inside the same
  // statement, so it belongs to the same snapshot as the rows. ?2 - span may
  // overflow to a REAL, which still compares correctly.
  status st;
  auto* stmt = db.prepare_cached(
      "SELECT series_id, start_ts, end_ts, point_count, seq,"
      " coalesce(src_seq, seq), pack, pack_off, pack_len FROM segments"
      " WHERE series_id IN (SELECT value FROM json_each(?1))"
      " AND start_ts >= ?2 - coalesce((SELECT value FROM meta"
      "   WHERE key = 'segment_max_span'), 0)"
      " AND start_ts <= ?3 AND end_ts >= ?2 AND coalesce(src_seq, seq) <= ?4"
      " ORDER BY series_id, start_ts, seq",
      st);
  if (stmt == nullptr)
    return st;
  // The rows and the blobs are read in two passes: one snapshot for both,
  // or a compaction committed in between could delete a pack the rows
  // name. (Inside the caller's transaction, that one is the snapshot.)
  bool own = !db.in_transaction();
  if (own)
    if (st = db.begin_read(); !st.is_ok())
      return st;
  st = read_located(db, stmt, series_ids, from, to, max_seq, visit);
  if (own) {
    auto end = db.commit();
    if (st.is_ok())
      st = end;
  }
  return st;
}

namespace {

status read_located(database& db, statement* stmt,
                    std::span<const uint64_t> series_ids, int64_t from,
                    int64_t to, uint64_t max_seq,
                    const segment_visitor& visit) {
  status st;
  scoped_reset guard{stmt};
  auto ids = json_ids(series_ids);
  stmt->bind_text(1, ids);
  stmt->bind_int64(2, from);
  stmt->bind_int64(3, to);
  stmt->bind_int64(4, static_cast<int64_t>(std::min(max_seq, max_integer)));
  // The rows come by series; their blobs lie by commit. Read the blobs in
  // pack order, into one buffer, then visit in row order.
  struct located {
    uint64_t series_id;
    int64_t start_ts, end_ts;
    uint32_t point_count;
    uint64_t seq, arrival;
    int64_t pack, offset, length;
    size_t at; ///< in `buffer`
  };
  std::vector<located> rows;
  size_t total = 0;
  st = for_each_row(*stmt, [&](statement&) -> status {
    auto length = stmt->column_int64(8);
    if (length < 0)
      return status::corruption(db.path() + ": segment seq " +
                                std::to_string(stmt->column_int64(4)) +
                                " has a negative pack_len");
    rows.push_back(located{
        static_cast<uint64_t>(stmt->column_int64(0)), stmt->column_int64(1),
        stmt->column_int64(2), static_cast<uint32_t>(stmt->column_int64(3)),
        static_cast<uint64_t>(stmt->column_int64(4)),
        static_cast<uint64_t>(stmt->column_int64(5)), stmt->column_int64(6),
        stmt->column_int64(7), length, total});
    total += static_cast<size_t>(length);
    return status::ok();
  });
  if (!st.is_ok())
    return st;
  std::vector<size_t> order(rows.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::ranges::sort(order, [&](size_t a, size_t b) {
    return std::tie(rows[a].pack, rows[a].offset) <
           std::tie(rows[b].pack, rows[b].offset);
  });
  std::vector<uint8_t> buffer(total);
  {
    pack_reader packs{db};
    for (auto i : order) {
      auto& r = rows[i];
      if (st = packs.read(r.pack, r.offset, r.length, buffer.data() + r.at);
          !st.is_ok())
        return st;
    }
  }
  for (auto& r : rows)
    visit(r.series_id, r.start_ts, r.end_ts, r.point_count, r.seq, r.arrival,
          std::span{buffer.data() + r.at, static_cast<size_t>(r.length)});
  return status::ok();
}

} // namespace

status read_segments_after(database& db, uint64_t after_seq, size_t limit,
                           const segment_visitor& visit) {
  if (after_seq >= max_integer || limit == 0)
    return status::ok();
  status st;
  auto* stmt = db.prepare_cached(
      "SELECT series_id, start_ts, end_ts, point_count, seq,"
      " coalesce(src_seq, seq), pack, pack_off, pack_len FROM segments"
      " WHERE seq > ?1 ORDER BY seq LIMIT ?2",
      st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  pack_reader packs{db};
  std::vector<uint8_t> blob;
  stmt->bind_int64(1, static_cast<int64_t>(after_seq));
  stmt->bind_int64(
      2, static_cast<int64_t>(std::min<uint64_t>(limit, max_integer)));
  return for_each_row(*stmt, [&](statement&) -> status {
    return visit_row(stmt, packs, blob, visit);
  });
}

status delete_segments_ending_before(database& db, int64_t cutoff,
                                     uint64_t max_seq, uint64_t& deleted) {
  deleted = 0;
  // end_ts < cutoff implies start_ts < cutoff: a range of the series index
  // per series (the ids from a scan of the index alone) instead of a scan
  // of every row.
  status st;
  auto* stmt = db.prepare_cached(
      "DELETE FROM segments"
      " WHERE series_id IN (SELECT DISTINCT series_id FROM segments)"
      " AND start_ts < ?1 AND end_ts < ?1 AND seq <= ?2"
      " RETURNING pack, pack_len",
      st);
  if (stmt == nullptr)
    return st;
  pack_releases released;
  {
    scoped_reset guard{stmt};
    stmt->bind_int64(1, cutoff);
    stmt->bind_int64(2, static_cast<int64_t>(std::min(max_seq, max_integer)));
    if (st = step_deletes(stmt, released, deleted); !st.is_ok())
      return st;
  }
  return release_packs(db, released);
}

status read_compaction_candidates(database& db, uint64_t after_seq,
                                  uint64_t max_seq, uint32_t below_points,
                                  size_t limit,
                                  std::vector<compaction_candidate>& out,
                                  uint64_t& scanned_to) {
  scanned_to = after_seq;
  max_seq = std::min(max_seq, max_integer);
  if (after_seq >= max_seq || limit == 0)
    return status::ok();
  status st;
  auto* stmt = db.prepare_cached(
      "SELECT seq, series_id, start_ts, point_count FROM segments"
      " WHERE seq > ?1 AND seq <= ?2 ORDER BY seq LIMIT ?3",
      st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  stmt->bind_int64(1, static_cast<int64_t>(after_seq));
  stmt->bind_int64(2, static_cast<int64_t>(max_seq));
  stmt->bind_int64(
      3, static_cast<int64_t>(std::min<uint64_t>(limit, max_integer)));
  size_t rows = 0;
  st = for_each_row(*stmt, [&](statement&) {
    ++rows;
    scanned_to = static_cast<uint64_t>(stmt->column_int64(0));
    if (stmt->column_int64(3) < below_points)
      out.push_back(compaction_candidate{
          static_cast<uint64_t>(stmt->column_int64(1)), stmt->column_int64(2)});
  });
  if (!st.is_ok())
    return st;
  if (rows < limit)
    scanned_to = max_seq;
  return status::ok();
}

status read_start_before(database& db, uint64_t series_id, int64_t ts,
                         int64_t& start_ts) {
  status st;
  auto* stmt = db.prepare_cached(
      "SELECT start_ts FROM segments WHERE series_id = ?1 AND start_ts < ?2"
      " ORDER BY start_ts DESC LIMIT 1",
      st);
  if (stmt == nullptr)
    return st;
  scoped_reset guard{stmt};
  stmt->bind_int64(1, static_cast<int64_t>(series_id));
  stmt->bind_int64(2, ts);
  bool row = false;
  if (st = stmt->step(row); !st.is_ok())
    return st;
  if (!row)
    return status::not_found("no segment of series " +
                             std::to_string(series_id) + " before " +
                             std::to_string(ts));
  start_ts = stmt->column_int64(0);
  return status::ok();
}

status replace_segments(database& db, std::span<compaction_group> groups,
                        uint64_t mark, uint64_t& next_seq, uint64_t& replaced,
                        uint64_t& written, uint64_t& points) {
  replaced = 0;
  written = 0;
  points = 0;
  auto first_seq = next_seq;
  auto st = with_transaction(db, [&]() -> status {
    status st;
    auto* count = db.prepare_cached("SELECT count(*) FROM segments WHERE seq IN"
                                    " (SELECT value FROM json_each(?1))",
                                    st);
    if (count == nullptr)
      return st;
    auto* erase = db.prepare_cached(
        "DELETE FROM segments WHERE seq IN (SELECT value FROM json_each(?1))"
        " RETURNING pack, pack_len",
        st);
    if (erase == nullptr)
      return st;
    pack_releases released;
    std::vector<segment_row> merged;
    for (auto& g : groups) {
      assert(g.merged.src_seq != 0 && !g.inputs.empty());
      auto ids = json_ids(g.inputs);
      int64_t stored = 0;
      {
        scoped_reset guard{count};
        count->bind_text(1, ids);
        bool row = false;
        if (st = count->step(row); !st.is_ok())
          return st;
        stored = row ? count->column_int64(0) : 0;
      }
      if (stored != static_cast<int64_t>(g.inputs.size()))
        continue; // retention deleted some: keep what is left as it is
      {
        scoped_reset guard{erase};
        erase->bind_text(1, ids);
        uint64_t erased = 0;
        if (st = step_deletes(erase, released, erased); !st.is_ok())
          return st;
        assert(erased == g.inputs.size());
      }
      g.merged.seq = next_seq++;
      merged.push_back(std::move(g.merged));
      replaced += g.inputs.size();
      ++written;
      points += merged.back().point_count;
    }
    // All merged rows of the step in one call: they share packs.
    if (st = insert_segments(db, merged); !st.is_ok())
      return st;
    if (st = release_packs(db, released); !st.is_ok())
      return st;
    return raise_meta(db, meta_key::compact_mark,
                      static_cast<int64_t>(std::min(mark, max_integer)));
  });
  if (!st.is_ok()) {
    next_seq = first_seq;
    replaced = 0;
    written = 0;
    points = 0;
  }
  return st;
}

uint64_t compaction_mark(database& db) {
  int64_t mark = 0;
  if (!get_meta(db, meta_key::compact_mark, mark).is_ok() || mark < 0)
    return 0;
  return static_cast<uint64_t>(mark);
}

uint64_t max_segment_seq(database& db) {
  int64_t seq = 0;
  if (!get_meta(db, meta_key::segment_max_seq, seq).is_ok() || seq < 0)
    return 0;
  return static_cast<uint64_t>(seq);
}

} // namespace timeless::db
