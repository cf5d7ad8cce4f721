#include "actors/write/series_index.hpp"

#include <algorithm>
#include <set>

namespace timeless::detail {

namespace {

void append_len(std::string& out, size_t n) {
  while (n >= 0x80) {
    out.push_back(static_cast<char>(0x80 | (n & 0x7F)));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
}

} // namespace

void series_index::append_key(std::string& out, std::string_view metric,
                              const label_set& labels) {
  append_len(out, metric.size());
  out.append(metric);
  for (auto& l : labels) {
    append_len(out, l.name.size());
    out.append(l.name);
    append_len(out, l.value.size());
    out.append(l.value);
  }
}

uint64_t series_index::find(const std::string& key) const {
  auto it = by_key_.find(key);
  return it == by_key_.end() ? 0 : it->second;
}

uint64_t series_index::add(const std::string& key, std::string metric,
                           label_set labels) {
  auto id = next_id_;
  restore(id, std::move(metric), std::move(labels));
  (void)key;
  return id;
}

bool series_index::restore(uint64_t id, std::string metric, label_set labels) {
  scratch_.clear();
  append_key(scratch_, metric, labels);
  if (auto it = by_id_.find(id); it != by_id_.end())
    return by_key_.count(scratch_) > 0 && by_key_[scratch_] == id;
  by_key_.emplace(scratch_, id);
  auto& ids = by_metric_[metric];
  ids.insert(std::upper_bound(ids.begin(), ids.end(), id), id);
  by_id_.emplace(id, series_info{id, std::move(metric), std::move(labels)});
  next_id_ = std::max(next_id_, id + 1);
  return true;
}

void series_index::remove(std::span<const uint64_t> ids) {
  std::vector<uint64_t> gone;
  for (auto id : ids) {
    auto it = by_id_.find(id);
    if (it == by_id_.end())
      continue;
    scratch_.clear();
    append_key(scratch_, it->second.metric, it->second.labels);
    by_key_.erase(scratch_);
    gone.push_back(id);
  }
  std::sort(gone.begin(), gone.end());
  // One pass over each affected metric's id list.
  std::set<std::string> metrics;
  for (auto id : gone)
    metrics.insert(by_id_.at(id).metric);
  for (auto& m : metrics) {
    auto& list = by_metric_[m];
    std::erase_if(list, [&](uint64_t id) {
      return std::binary_search(gone.begin(), gone.end(), id);
    });
    if (list.empty())
      by_metric_.erase(m);
  }
  for (auto id : gone)
    by_id_.erase(id);
}

const series_info* series_index::get(uint64_t id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &it->second;
}

void series_index::match(const series_matcher& m,
                         std::vector<uint64_t>& out) const {
  auto it = by_metric_.find(m.metric());
  if (it == by_metric_.end())
    return;
  for (auto id : it->second)
    if (m.matches(by_id_.at(id).labels))
      out.push_back(id);
}

std::vector<std::string> series_index::metrics() const {
  std::vector<std::string> out;
  out.reserve(by_metric_.size());
  for (auto& [name, ids] : by_metric_)
    out.push_back(name);
  return out;
}

std::vector<std::string>
series_index::label_names(const std::string& metric) const {
  std::set<std::string> names;
  if (auto it = by_metric_.find(metric); it != by_metric_.end())
    for (auto id : it->second)
      for (auto& l : by_id_.at(id).labels)
        names.insert(l.name);
  return {names.begin(), names.end()};
}

std::vector<std::string>
series_index::label_values(const std::string& metric,
                           const std::string& name) const {
  std::set<std::string> values;
  if (auto it = by_metric_.find(metric); it != by_metric_.end())
    for (auto id : it->second)
      for (auto& l : by_id_.at(id).labels)
        if (l.name == name)
          values.insert(l.value);
  return {values.begin(), values.end()};
}

} // namespace timeless::detail
