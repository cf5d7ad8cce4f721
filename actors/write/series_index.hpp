#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "timeless/labels.hpp"
#include "timeless/messages.hpp"
#include "timeless/selector.hpp"

namespace timeless::detail {

/// Every known series: id <-> (metric, canonical labels), plus a per-metric
/// list for selector matching. Ids are dense, assigned in order from 1 and
/// never reused; they are stored in SQLite and the logs, so they survive
/// restarts and shard-count changes. Not thread-safe: owned by the registry.
class series_index {
 public:
  /// Appends the lookup key of a canonical (validated, sorted) series to
  /// `out`: metric, then length-prefixed names and values. Unambiguous.
  static void append_key(std::string& out, std::string_view metric,
                         const label_set& labels);

  /// Returns the id for `key` or 0.
  uint64_t find(const std::string& key) const;

  /// Adds a series under a fresh id and returns it.
  uint64_t add(const std::string& key, std::string metric, label_set labels);

  /// Adds a series under a known id (recovery). False if the id is taken by
  /// another series.
  bool restore(uint64_t id, std::string metric, label_set labels);

  /// Removes the series with the given ids (retention found no data of
  /// them anywhere); unknown ids are ignored. Their ids are not reused.
  void remove(std::span<const uint64_t> ids);

  /// Makes every later `add` use an id of at least `next` (ids of removed
  /// series stay unused across restarts).
  void reserve_ids(uint64_t next) { next_id_ = std::max(next_id_, next); }

  /// The series with `id`, or nullptr.
  const series_info* get(uint64_t id) const;

  /// Ids of the series of `metric` whose labels satisfy `m`, ascending.
  void match(const series_matcher& m, std::vector<uint64_t>& out) const;

  std::vector<std::string> metrics() const;
  std::vector<std::string> label_names(const std::string& metric) const;
  std::vector<std::string> label_values(const std::string& metric,
                                        const std::string& name) const;

  size_t size() const { return by_id_.size(); }

  uint64_t next_id() const { return next_id_; }

 private:
  std::unordered_map<std::string, uint64_t> by_key_;
  std::unordered_map<uint64_t, series_info> by_id_;
  std::map<std::string, std::vector<uint64_t>> by_metric_;
  uint64_t next_id_ = 1;
  std::string scratch_;
};

} // namespace timeless::detail
