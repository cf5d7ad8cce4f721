#include "actors/write/series_buffer.hpp"

#include <algorithm>
#include <cassert>
#include <numeric>

#include "timeless/aggregate.hpp"

namespace timeless::detail {

namespace {

int64_t sat_add(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r))
    return b > 0 ? INT64_MAX : INT64_MIN;
  return r;
}

/// hi - lo for lo <= hi, without overflow.
uint64_t span_of(int64_t lo, int64_t hi) {
  return static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
}

/// Sorts `run` by timestamp, stably (equal timestamps keep arrival order).
void sort_run(point_run& run, point_run& scratch,
              std::vector<uint32_t>& order) {
  if (std::is_sorted(run.ts.begin(), run.ts.end()))
    return;
  order.resize(run.ts.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return run.ts[a] < run.ts[b];
  });
  scratch.ts.resize(order.size());
  scratch.values.resize(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    scratch.ts[i] = run.ts[order[i]];
    scratch.values[i] = run.values[order[i]];
  }
  std::swap(run.ts, scratch.ts);
  std::swap(run.values, scratch.values);
}

} // namespace

series_buffer::series_buffer(buffer_policy policy) : policy_(policy) {
  assert(policy_.segment_ms > 0);
  assert(policy_.block_points > 0);
}

int64_t series_buffer::bucket_of(int64_t ts) const {
  // Saturates at INT64_MIN for the lowest bucket, whose true start is below.
  return bucket_start(ts, policy_.segment_ms);
}

void series_buffer::add(uint64_t series, int64_t ts, double value) {
  auto& st = series_[series];
  auto bucket = bucket_of(ts);
  ++points_;
  bool raised = ts > st.max_ts;
  if (raised)
    st.max_ts = ts;
  // Nearly always the newest open segment.
  bool found = false;
  for (auto i = st.open.size(); i-- > 0;) {
    if (st.open[i].bucket == bucket) {
      st.open[i].run.ts.push_back(ts);
      st.open[i].run.values.push_back(value);
      found = true;
      break;
    }
  }
  if (!found)
    st.open.push_back(open_segment{bucket, {{ts}, {value}}});
  // The series moved on: seal older segments it has now left behind.
  if (raised && st.open.size() > 1) {
    for (size_t i = 0; i < st.open.size();) {
      auto end = sat_add(st.open[i].bucket, policy_.segment_ms);
      if (sat_add(end, policy_.grace_ms) <= st.max_ts)
        seal(st, i);
      else
        ++i;
    }
  }
}

void series_buffer::add(std::span<const uint64_t> series,
                        std::span<const int64_t> ts,
                        std::span<const double> values) {
  assert(series.size() == ts.size() && ts.size() == values.size());
  for (size_t i = 0; i < series.size(); ++i)
    add(series[i], ts[i], values[i]);
}

void series_buffer::seal(series_state& st, size_t open_index) {
  auto& seg = st.open[open_index];
  st.sealed.push_back(sealed_segment{std::move(seg.run), 0});
  st.open.erase(st.open.begin() + static_cast<ptrdiff_t>(open_index));
}

void series_buffer::seal_closed(int64_t now) {
  for (auto& [id, st] : series_) {
    for (size_t i = 0; i < st.open.size();) {
      auto end = sat_add(st.open[i].bucket, policy_.segment_ms);
      if (sat_add(end, policy_.grace_ms) <= st.max_ts ||
          sat_add(end, policy_.segment_ms) <= now)
        seal(st, i);
      else
        ++i;
    }
  }
}

void series_buffer::seal_all() {
  for (auto& [id, st] : series_)
    while (!st.open.empty())
      seal(st, st.open.size() - 1);
}

void series_buffer::checkpoint(uint64_t tag, uint32_t shard,
                               codec::segment_encoder& enc,
                               std::vector<db::segment_row>& closed,
                               std::vector<db::open_segment_row>& open) {
  assert(tag > 0);
  auto emit = [&](uint64_t id, point_run& run) {
    sort_run(run, scratch_, order_);
    db::segment_row row;
    row.series_id = id;
    row.start_ts = run.ts.front();
    row.end_ts = run.ts.back();
    row.point_count = static_cast<uint32_t>(run.ts.size());
    row.seq = 0;
    enc.encode(run.ts, run.values, row.data);
    closed.push_back(std::move(row));
  };
  for (auto& [id, st] : series_) {
    // Unsent sealed segments, oldest first, merged into blocks.
    point_run block;
    int64_t lo = INT64_MAX;
    int64_t hi = INT64_MIN;
    for (auto& seg : st.sealed) {
      if (seg.tag != 0)
        continue;
      seg.tag = tag;
      auto [first, last] = std::ranges::minmax(seg.run.ts);
      bool too_long = policy_.block_span_ms > 0 &&
                      span_of(std::min(lo, first), std::max(hi, last)) >
                          static_cast<uint64_t>(policy_.block_span_ms);
      if (!block.ts.empty() &&
          (block.ts.size() + seg.run.ts.size() > policy_.block_points ||
           too_long)) {
        emit(id, block);
        block = point_run{};
        lo = INT64_MAX;
        hi = INT64_MIN;
      }
      lo = std::min(lo, first);
      hi = std::max(hi, last);
      block.ts.insert(block.ts.end(), seg.run.ts.begin(), seg.run.ts.end());
      block.values.insert(block.values.end(), seg.run.values.begin(),
                          seg.run.values.end());
    }
    if (!block.ts.empty())
      emit(id, block);
    for (auto& seg : st.open) {
      sort_run(seg.run, scratch_, order_);
      db::open_segment_row row;
      row.shard = shard;
      row.series_id = id;
      row.start_ts = seg.bucket;
      enc.encode(seg.run.ts, seg.run.values, row.data);
      open.push_back(std::move(row));
    }
  }
}

void series_buffer::committed(uint64_t tag) {
  for (auto it = series_.begin(); it != series_.end();) {
    auto& st = it->second;
    auto keep = std::remove_if(st.sealed.begin(), st.sealed.end(),
                               [&](const sealed_segment& s) {
                                 if (s.tag == 0 || s.tag > tag)
                                   return false;
                                 points_ -= s.run.ts.size();
                                 return true;
                               });
    st.sealed.erase(keep, st.sealed.end());
    if (st.sealed.empty() && st.open.empty())
      it = series_.erase(it);
    else
      ++it;
  }
}

void series_buffer::uncommit(uint64_t tag) {
  for (auto& [id, st] : series_)
    for (auto& seg : st.sealed)
      if (seg.tag == tag)
        seg.tag = 0;
}

void series_buffer::collect(uint64_t series, int64_t from, int64_t to,
                            std::vector<int64_t>& ts,
                            std::vector<double>& values) const {
  auto it = series_.find(series);
  if (it == series_.end())
    return;
  auto take = [&](const point_run& run) {
    for (size_t i = 0; i < run.ts.size(); ++i) {
      if (run.ts[i] >= from && run.ts[i] <= to) {
        ts.push_back(run.ts[i]);
        values.push_back(run.values[i]);
      }
    }
  };
  for (auto& seg : it->second.sealed)
    take(seg.run);
  for (auto& seg : it->second.open)
    take(seg.run);
}

} // namespace timeless::detail
