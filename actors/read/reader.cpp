#include "actors/read/reader.hpp"

#include <algorithm>
#include <cassert>
#include <unordered_map>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/common/db_error.hpp"
#include "codec/segment_codec.hpp"
#include "db/segment_latest.hpp"
#include "db/segment_table.hpp"
#include "timeless/error.hpp"

namespace timeless::detail {

namespace {

struct reader_state {
  std::unique_ptr<db::database> db;
  codec::segment_decoder dec;
  bool one_query = true;
  std::vector<int64_t> ts;
  std::vector<double> values;
  static inline const char* name = "timeless.reader";
};

using reader_ptr = reader_actor::stateful_pointer<reader_state>;

/// Reads the stored rows of `ids` (each up to its seq) that may hold points
/// in [from, to], in one SQL statement (one per series with the ablation
/// switch off). Rows come ordered by (series, start_ts, seq).
caf::error fetch_rows(reader_state& s, const std::vector<uint64_t>& ids,
                      const std::vector<uint64_t>& seqs, int64_t from,
                      int64_t to, raw_rows& out, uint64_t& points) {
  out.first_slot = 0;
  out.slots = ids.size();
  points = 0;
  std::unordered_map<uint64_t, size_t> slot;
  slot.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i)
    slot.emplace(ids[i], i);
  // A row is ordered and fenced by its arrival seq: a compacted row stands
  // where the newest row it replaced stood.
  auto visit = [&](uint64_t id, int64_t, int64_t, uint32_t count, uint64_t,
                   uint64_t arrival, std::span<const uint8_t> blob) {
    auto it = slot.find(id);
    if (it == slot.end() || arrival > seqs[it->second])
      return;
    points += count;
    out.rows.push_back(
        raw_rows::row{it->second, id, arrival, {blob.begin(), blob.end()}});
  };
  auto max_seq = seqs.empty() ? 0 : *std::max_element(seqs.begin(), seqs.end());
  if (s.one_query) {
    auto st = db::read_segments(*s.db, ids, from, to, max_seq, visit);
    if (!st.is_ok())
      return to_error(st);
  } else {
    for (size_t i = 0; i < ids.size(); ++i) {
      auto st = db::read_segments(*s.db, std::span{&ids[i], 1}, from, to,
                                  seqs[i], visit);
      if (!st.is_ok())
        return to_error(st);
    }
  }
  return caf::none;
}

/// Decodes `part` into one run per slot, keeping from <= ts <= to. A
/// series' rows are concatenated in seq order, which is arrival order, so a
/// stable sort by time afterwards keeps equal timestamps in the order they
/// were written.
caf::error decode_rows(reader_state& s, raw_rows& part, int64_t from,
                       int64_t to, std::vector<series_run>& out) {
  out.assign(part.slots, series_run{});
  // Rows of one series are adjacent; order each series' rows by seq.
  std::stable_sort(part.rows.begin(), part.rows.end(),
                   [](const raw_rows::row& a, const raw_rows::row& b) {
                     return a.slot != b.slot ? a.slot < b.slot : a.seq < b.seq;
                   });
  for (auto& row : part.rows) {
    assert(row.slot >= part.first_slot);
    auto& run = out[row.slot - part.first_slot];
    run.series = row.series;
    s.ts.clear();
    s.values.clear();
    auto rc = s.dec.decode(row.blob, s.ts, s.values);
    if (rc != codec::errc::ok)
      return make_error(errc::corruption,
                        "segment of series " + std::to_string(row.series) +
                            " (seq " + std::to_string(row.seq) +
                            "): " + codec::to_string(rc));
    for (size_t k = 0; k < s.ts.size(); ++k) {
      if (s.ts[k] >= from && s.ts[k] <= to) {
        run.ts.push_back(s.ts[k]);
        run.values.push_back(s.values[k]);
      }
    }
  }
  return caf::none;
}

/// Reads and decodes on this reader alone.
caf::error read_runs(reader_state& s, const std::vector<uint64_t>& ids,
                     const std::vector<uint64_t>& seqs, int64_t from,
                     int64_t to, std::vector<series_run>& out) {
  raw_rows rows;
  uint64_t points = 0;
  if (auto err = fetch_rows(s, ids, seqs, from, to, rows, points))
    return err;
  if (auto err = decode_rows(s, rows, from, to, out))
    return err;
  for (size_t i = 0; i < ids.size(); ++i)
    out[i].series = ids[i];
  return caf::none;
}

/// Splits rows into `n` parts of whole series with about equal points.
std::vector<raw_rows> split(raw_rows& all, uint64_t points, uint32_t n) {
  std::vector<raw_rows> parts;
  auto target = std::max<uint64_t>(1, (points + n - 1) / n);
  raw_rows cur;
  uint64_t in_cur = 0;
  size_t next_slot = 0;
  for (size_t i = 0; i < all.rows.size(); ++i) {
    auto& row = all.rows[i];
    bool series_starts = i == 0 || all.rows[i - 1].slot != row.slot;
    if (series_starts && in_cur >= target && parts.size() + 1 < n) {
      cur.first_slot = next_slot;
      cur.slots = row.slot - next_slot;
      next_slot = row.slot;
      parts.push_back(std::move(cur));
      cur = raw_rows{};
      in_cur = 0;
    }
    in_cur += row.blob.size(); // bytes track points closely enough
    cur.rows.push_back(std::move(row));
  }
  cur.first_slot = next_slot;
  cur.slots = all.slots - next_slot;
  parts.push_back(std::move(cur));
  return parts;
}

/// Reads at least this many stored points are decoded by several readers.
constexpr uint64_t parallel_decode_points = 65536;

} // namespace

reader_actor spawn_reader(caf::actor_system& sys,
                          std::unique_ptr<db::database> db, bool one_query) {
  auto impl = [](reader_ptr self,
                 std::shared_ptr<std::unique_ptr<db::database>> dbp,
                 bool one) -> reader_actor::behavior_type {
    self->state.db = std::move(*dbp);
    self->state.one_query = one;
    return {
        [self](read_atom, std::vector<uint64_t>& ids,
               std::vector<uint64_t>& seqs, int64_t from, int64_t to,
               uint32_t readers) -> caf::result<read_answer> {
          auto& s = self->state;
          read_answer ans;
          raw_rows rows;
          uint64_t points = 0;
          if (auto err = fetch_rows(s, ids, seqs, from, to, rows, points))
            return err;
          if (readers > 1 && points >= parallel_decode_points) {
            // Bytes stand in for points when splitting.
            uint64_t bytes = 0;
            for (auto& r : rows.rows)
              bytes += r.blob.size();
            ans.parts = split(rows, bytes, readers);
            return ans;
          }
          if (auto err = decode_rows(s, rows, from, to, ans.runs))
            return err;
          for (size_t i = 0; i < ids.size(); ++i)
            ans.runs[i].series = ids[i];
          return ans;
        },
        [self](decode_atom, raw_rows& part, int64_t from,
               int64_t to) -> caf::result<std::vector<series_run>> {
          std::vector<series_run> out;
          if (auto err = decode_rows(self->state, part, from, to, out))
            return err;
          return out;
        },
        [self](latest_atom, std::vector<uint64_t>& ids,
               std::vector<uint64_t>& seqs)
            -> caf::result<std::vector<series_run>> {
          auto& s = self->state;
          std::vector<series_run> out(ids.size());
          for (size_t i = 0; i < ids.size(); ++i) {
            out[i].series = ids[i];
            int64_t end = 0;
            bool found = false;
            auto st =
                db::latest_segment_end(*s.db, ids[i], seqs[i], end, found);
            if (!st.is_ok())
              return to_error(st);
            if (!found)
              continue;
            std::vector<series_run> runs;
            if (auto err =
                    read_runs(s, {ids[i]}, {seqs[i]}, end, INT64_MAX, runs))
              return err;
            auto& r = runs[0];
            if (r.ts.empty())
              continue;
            // Greatest timestamp; the last one stored among equals.
            size_t best = 0;
            for (size_t k = 1; k < r.ts.size(); ++k)
              if (r.ts[k] >= r.ts[best])
                best = k;
            out[i].ts.push_back(r.ts[best]);
            out[i].values.push_back(r.values[best]);
          }
          return out;
        },
        [self](tier_atom, int64_t tier_id, std::vector<uint64_t>& ids,
               int64_t from,
               int64_t to) -> caf::result<std::vector<db::rollup_row>> {
          std::vector<db::rollup_row> out;
          auto st = db::read_rollups(
              *self->state.db, tier_id, ids, from, to,
              [&](const db::rollup_row& r) { out.push_back(r); });
          if (!st.is_ok())
            return to_error(st);
          return out;
        },
    };
  };
  return sys.spawn(
      impl, std::make_shared<std::unique_ptr<db::database>>(std::move(db)),
      one_query);
}

} // namespace timeless::detail
