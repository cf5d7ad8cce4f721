#include "actors/maintain/compaction.hpp"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <string>

namespace timeless::detail {

namespace {

/// True if a row outside `group` arrived between two of its rows and
/// overlaps its time range.
bool crossed(std::span<const stored_segment> rows,
             std::span<const size_t> group) {
  uint64_t first = UINT64_MAX;
  uint64_t last = 0;
  int64_t lo = INT64_MAX;
  int64_t hi = INT64_MIN;
  for (auto i : group) {
    first = std::min(first, rows[i].arrival);
    last = std::max(last, rows[i].arrival);
    lo = std::min(lo, rows[i].start_ts);
    hi = std::max(hi, rows[i].end_ts);
  }
  for (size_t j = 0; j < rows.size(); ++j) {
    auto& r = rows[j];
    if (r.arrival > first && r.arrival < last && r.start_ts <= hi &&
        r.end_ts >= lo && std::ranges::find(group, j) == group.end())
      return true;
  }
  return false;
}

} // namespace

std::vector<std::vector<size_t>>
plan_compaction(std::span<const stored_segment> rows, uint64_t max_input_seq,
                uint32_t block_points, int64_t max_span_ms) {
  std::vector<std::vector<size_t>> groups;
  std::vector<size_t> cur;
  uint64_t cur_points = 0;
  int64_t lo = INT64_MAX;
  int64_t hi = INT64_MIN;
  auto close = [&] {
    if (cur.size() >= 2 && !crossed(rows, cur))
      groups.push_back(cur);
    cur.clear();
    cur_points = 0;
    lo = INT64_MAX;
    hi = INT64_MIN;
  };
  auto too_long = [&](const stored_segment& r) {
    if (max_span_ms <= 0 || cur.empty())
      return false;
    auto span = static_cast<uint64_t>(std::max(hi, r.end_ts)) -
                static_cast<uint64_t>(std::min(lo, r.start_ts));
    return span > static_cast<uint64_t>(max_span_ms);
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    auto& r = rows[i];
    if (r.seq > max_input_seq || r.point_count >= block_points) {
      close();
      continue;
    }
    if (cur_points + r.point_count > block_points || too_long(r))
      close();
    cur.push_back(i);
    cur_points += r.point_count;
    lo = std::min(lo, r.start_ts);
    hi = std::max(hi, r.end_ts);
  }
  close();
  return groups;
}

caf::error
merge_segments(uint64_t series_id, std::span<const stored_segment> rows,
               std::span<const size_t> group, codec::segment_decoder& dec,
               codec::segment_encoder& enc, db::compaction_group& out) {
  assert(group.size() >= 2);
  std::vector<size_t> order{group.begin(), group.end()};
  std::ranges::sort(order, {}, [&](size_t i) { return rows[i].arrival; });
  std::vector<int64_t> ts;
  std::vector<double> values;
  out = db::compaction_group{};
  for (auto i : order) {
    auto& r = rows[i];
    auto rc = dec.decode(r.blob, ts, values);
    if (rc != codec::errc::ok)
      return make_error(errc::corruption, "compaction: segment of series " +
                                              std::to_string(series_id) +
                                              " (seq " + std::to_string(r.seq) +
                                              "): " + codec::to_string(rc));
    out.inputs.push_back(r.seq);
  }
  if (ts.empty() || ts.size() > codec::max_segment_points)
    return make_error(errc::corruption,
                      "compaction: segments of series " +
                          std::to_string(series_id) + " hold " +
                          std::to_string(ts.size()) + " points");
  // Stable by time: equal timestamps keep their arrival order, as a read
  // of the separate rows returns them.
  std::vector<uint32_t> perm(ts.size());
  std::iota(perm.begin(), perm.end(), 0u);
  std::ranges::stable_sort(perm, {}, [&](uint32_t k) { return ts[k]; });
  std::vector<int64_t> sorted_ts(ts.size());
  std::vector<double> sorted_values(ts.size());
  for (size_t k = 0; k < perm.size(); ++k) {
    sorted_ts[k] = ts[perm[k]];
    sorted_values[k] = values[perm[k]];
  }
  auto& m = out.merged;
  m.series_id = series_id;
  m.start_ts = sorted_ts.front();
  m.end_ts = sorted_ts.back();
  m.point_count = static_cast<uint32_t>(sorted_ts.size());
  m.seq = 0;
  m.src_seq = rows[order.back()].arrival;
  enc.encode(sorted_ts, sorted_values, m.data);
  return caf::none;
}

} // namespace timeless::detail
