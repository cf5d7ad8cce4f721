#include "actors/reader.hpp"

#include <algorithm>
#include <unordered_map>

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

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

caf::error db_error(const db::status& st) {
  return make_error(st.get_code() == db::status::code::corruption
                        ? errc::corruption
                        : errc::io_error,
                    st.to_string());
}

/// Reads and decodes the rows of `ids` (each up to its seq) into `out`
/// (one run per id, same order), keeping from <= ts <= to. A series' rows
/// are concatenated in seq order, which is arrival order, so a stable sort
/// by time afterwards keeps equal timestamps in the order they were written.
caf::error read_runs(reader_state& s, const std::vector<uint64_t>& ids,
                     const std::vector<uint64_t>& seqs, int64_t from,
                     int64_t to, std::vector<series_run>& out) {
  out.resize(ids.size());
  std::unordered_map<uint64_t, size_t> slot;
  slot.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    out[i].series = ids[i];
    slot.emplace(ids[i], i);
  }
  // Rows arrive ordered by (series, start_ts, seq); remember each row's
  // seq and point range to reorder by seq where needed.
  struct chunk {
    uint64_t seq;
    size_t begin;
    size_t end;
  };
  std::vector<std::vector<chunk>> chunks(ids.size());
  caf::error failure;
  auto visit = [&](uint64_t id, int64_t, int64_t, uint32_t, uint64_t seq,
                   std::span<const uint8_t> blob) {
    if (failure)
      return;
    auto it = slot.find(id);
    if (it == slot.end() || seq > seqs[it->second])
      return;
    s.ts.clear();
    s.values.clear();
    auto rc = s.dec.decode(blob, s.ts, s.values);
    if (rc != codec::errc::ok) {
      failure =
          make_error(errc::corruption,
                     "segment of series " + std::to_string(id) + " (seq " +
                         std::to_string(seq) + "): " + codec::to_string(rc));
      return;
    }
    auto& run = out[it->second];
    auto begin = run.ts.size();
    for (size_t k = 0; k < s.ts.size(); ++k) {
      if (s.ts[k] >= from && s.ts[k] <= to) {
        run.ts.push_back(s.ts[k]);
        run.values.push_back(s.values[k]);
      }
    }
    chunks[it->second].push_back(chunk{seq, begin, run.ts.size()});
  };
  auto max_seq = seqs.empty() ? 0 : *std::max_element(seqs.begin(), seqs.end());
  if (s.one_query) {
    auto st = db::read_segments(*s.db, ids, from, to, max_seq, visit);
    if (!st.is_ok())
      return db_error(st);
  } else {
    for (size_t i = 0; i < ids.size(); ++i) {
      auto st = db::read_segments(*s.db, std::span{&ids[i], 1}, from, to,
                                  seqs[i], visit);
      if (!st.is_ok())
        return db_error(st);
    }
  }
  if (failure)
    return failure;
  for (size_t i = 0; i < ids.size(); ++i) {
    auto& cs = chunks[i];
    auto by_seq = [](const chunk& a, const chunk& b) { return a.seq < b.seq; };
    if (std::is_sorted(cs.begin(), cs.end(), by_seq))
      continue;
    std::sort(cs.begin(), cs.end(), by_seq);
    series_run sorted;
    sorted.series = ids[i];
    for (auto& c : cs) {
      sorted.ts.insert(sorted.ts.end(), out[i].ts.begin() + c.begin,
                       out[i].ts.begin() + c.end);
      sorted.values.insert(sorted.values.end(), out[i].values.begin() + c.begin,
                           out[i].values.begin() + c.end);
    }
    out[i] = std::move(sorted);
  }
  return caf::none;
}

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
               std::vector<uint64_t>& seqs, int64_t from,
               int64_t to) -> caf::result<std::vector<series_run>> {
          std::vector<series_run> out;
          if (auto err = read_runs(self->state, ids, seqs, from, to, out))
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
              return db_error(st);
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
    };
  };
  return sys.spawn(
      impl, std::make_shared<std::unique_ptr<db::database>>(std::move(db)),
      one_query);
}

} // namespace timeless::detail
