#include "actors/write/recovery.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "actors/common/db_error.hpp"
#include "codec/segment_codec.hpp"
#include "db/meta_table.hpp"
#include "db/open_segment_table.hpp"
#include "db/segment_table.hpp"
#include "db/series_table.hpp"
#include "db/wal_files.hpp"
#include "db/wal_reader.hpp"
#include "timeless/error.hpp"

namespace timeless::detail {

caf::error recover(db::database& db, const std::string& wal_dir,
                   uint32_t shards, bool sharded, const buffer_policy& policy,
                   int64_t now, recovered_state& out) {
  out.index = std::make_unique<series_index>();
  out.buffers.clear();
  for (uint32_t i = 0; i < shards; ++i)
    out.buffers.push_back(std::make_unique<series_buffer>(policy));
  auto route = [&](uint64_t id) -> series_buffer& {
    return *out.buffers[sharded ? id % shards : 0];
  };
  // Series.
  std::vector<db::series_row> rows;
  if (auto st = db::load_series(db, rows); !st.is_ok())
    return to_error(st);
  for (auto& r : rows) {
    label_set labels;
    if (!decode_labels(r.labels, labels))
      return make_error(errc::corruption, "series " + std::to_string(r.id) +
                                              " has malformed labels");
    out.index->restore(r.id, std::move(r.metric), std::move(labels));
  }
  out.max_seq = db::max_segment_seq(db);
  // Open-segment snapshots of the last checkpoint.
  codec::segment_decoder dec;
  std::vector<int64_t> ts;
  std::vector<double> values;
  bool any = false;
  caf::error failure;
  auto st = db::load_open_segments(db, [&](const db::open_segment_row& r) {
    if (failure)
      return;
    ts.clear();
    values.clear();
    auto rc = dec.decode(r.data, ts, values);
    if (rc != codec::errc::ok) {
      failure = make_error(
          errc::corruption,
          "open segment of series " + std::to_string(r.series_id) + " (shard " +
              std::to_string(r.shard) + "): " + codec::to_string(rc));
      return;
    }
    any = true;
    auto& buf = route(r.series_id);
    for (size_t i = 0; i < ts.size(); ++i)
      buf.add(r.series_id, ts[i], values[i]);
  });
  if (!st.is_ok())
    return to_error(st);
  if (failure)
    return failure;
  // Write-ahead logs newer than their shard's checkpoint.
  std::vector<db::wal_file> files;
  if (st = db::list_wal_files(wal_dir, files); !st.is_ok())
    return to_error(st);
  std::vector<db::series_row> new_defs;
  uint64_t max_gen = 0;
  uint32_t max_shard = shards;
  for (auto& f : files) {
    max_gen = std::max(max_gen, f.gen);
    max_shard = std::max(max_shard, f.shard + 1);
    int64_t done = 0;
    auto key = "wal_gen." + std::to_string(f.shard);
    if (auto mst = db::get_meta(db, key, done);
        !mst.is_ok() && mst.get_code() != db::status::code::not_found)
      return to_error(mst);
    if (f.gen <= static_cast<uint64_t>(done))
      continue;
    std::unique_ptr<db::wal_reader> rd;
    if (st = db::wal_reader::open_file(f.path, rd); !st.is_ok()) {
      std::fprintf(stderr, "timeless: skipping damaged log: %s\n",
                   st.to_string().c_str());
      out.damaged_logs.push_back(f.path);
      continue;
    }
    db::wal_record rec;
    for (;;) {
      bool end = false;
      st = rd->next(rec, end);
      if (!st.is_ok()) {
        std::fprintf(stderr,
                     "timeless: log damaged, records after offset %llu "
                     "lost: %s\n",
                     static_cast<unsigned long long>(rd->offset()),
                     st.to_string().c_str());
        out.damaged_logs.push_back(f.path);
        break;
      }
      if (end) {
        if (rd->tail_truncated())
          ++out.torn_logs;
        break;
      }
      for (auto& d : rec.defs) {
        label_set labels;
        if (!decode_labels(d.labels, labels)) {
          std::fprintf(stderr,
                       "timeless: %s: series %llu has malformed "
                       "labels; its points are skipped\n",
                       f.path.c_str(), static_cast<unsigned long long>(d.id));
          continue;
        }
        if (out.index->get(d.id) == nullptr) {
          out.index->restore(d.id, d.metric, std::move(labels));
          new_defs.push_back(db::series_row{d.id, d.metric, d.labels});
        }
      }
      for (size_t i = 0; i < rec.series.size(); ++i) {
        if (out.index->get(rec.series[i]) == nullptr)
          continue; // definition lost with a damaged record: reported above
        route(rec.series[i]).add(rec.series[i], rec.ts[i], rec.values[i]);
        ++out.replayed_points;
      }
      any = true;
    }
  }
  out.next_gen = max_gen + 1;
  if (!any && files.empty())
    return caf::none;
  // Checkpoint everything recovered in one transaction: a crash inside it
  // leaves the previous state, which recovers the same way again.
  codec::segment_encoder enc;
  auto body = [&]() -> db::status {
    if (auto s = db::insert_series(db, new_defs); !s.is_ok())
      return s;
    uint64_t next_seq = out.max_seq + 1;
    for (uint32_t i = 0; i < shards; ++i) {
      std::vector<db::segment_row> closed;
      std::vector<db::open_segment_row> open;
      out.buffers[i]->seal_closed(now);
      out.buffers[i]->checkpoint(1, i, enc, closed, open);
      for (auto& r : closed)
        r.seq = next_seq++;
      if (auto s = db::insert_segments(db, closed); !s.is_ok())
        return s;
      if (auto s = db::replace_open_segments(db, i, open); !s.is_ok())
        return s;
    }
    if (auto s = db::delete_open_segments_from(db, shards); !s.is_ok())
      return s;
    for (uint32_t k = 0; k < max_shard; ++k)
      if (auto s = db::put_meta(db, "wal_gen." + std::to_string(k),
                                static_cast<int64_t>(max_gen));
          !s.is_ok())
        return s;
    out.max_seq = next_seq - 1;
    return db::status::ok();
  };
  if (st = db::with_transaction(db, body); !st.is_ok())
    return to_error(st);
  for (auto& b : out.buffers)
    b->committed(1);
  for (auto& f : files) {
    if (std::find(out.damaged_logs.begin(), out.damaged_logs.end(), f.path) !=
        out.damaged_logs.end()) {
      // Kept for inspection under a name the log listing ignores.
      std::error_code ec;
      std::filesystem::rename(f.path, f.path + ".damaged", ec);
      continue;
    }
    if (auto rm = db::remove_wal_file(f.path); !rm.is_ok())
      std::fprintf(stderr, "timeless: %s\n", rm.to_string().c_str());
  }
  return caf::none;
}

} // namespace timeless::detail
