#include "promql/storage.hpp"

#include <algorithm>

#include "promql/selections.hpp"

namespace timeless::promql {

namespace {

/// Sorts `xs` by time (stably) and keeps the last element of each time.
template <class T, class TimeOf>
void keep_last_per_time(std::vector<T>& xs, TimeOf time_of) {
  std::stable_sort(xs.begin(), xs.end(), [&](const T& a, const T& b) {
    return time_of(a) < time_of(b);
  });
  std::vector<T> out;
  for (auto& x : xs) {
    if (!out.empty() && time_of(out.back()) == time_of(x))
      out.back() = x;
    else
      out.push_back(x);
  }
  xs = std::move(out);
}

} // namespace

storage::~storage() {
  // nop
}

memory_storage::entry& memory_storage::find_or_add(labels ls) {
  bool clean = true;
  for (size_t i = 0; i < ls.size() && clean; ++i)
    clean = !ls[i].value.empty() && (i == 0 || ls[i - 1].name < ls[i].name);
  if (!clean)
    normalize(ls);
  // Points of one series usually arrive together.
  if (last_ < series_.size() && series_[last_].lbls == ls)
    return series_[last_];
  auto i = index_.find(ls);
  if (i != index_.end()) {
    last_ = i->second;
    return series_[i->second];
  }
  last_ = series_.size();
  index_.emplace(ls, series_.size());
  series_.push_back(entry{std::move(ls), {}, {}, true});
  return series_.back();
}

void memory_storage::add(labels ls, int64_t t_ms, double v) {
  auto& e = find_or_add(std::move(ls));
  if (!e.points.empty() && e.points.back().first >= t_ms)
    e.sorted = false;
  e.points.emplace_back(t_ms, v);
}

void memory_storage::add(const series& s) {
  auto& e = find_or_add(s.lbls);
  for (size_t i = 0; i < s.t_ms.size() && i < s.v.size(); ++i) {
    if (!e.points.empty() && e.points.back().first >= s.t_ms[i])
      e.sorted = false;
    e.points.emplace_back(s.t_ms[i], s.v[i]);
  }
  for (auto& sm : s.summaries) {
    if (!e.summaries.empty() && e.summaries.back().start >= sm.start)
      e.sorted = false;
    e.summaries.push_back(sm);
  }
}

void memory_storage::clear() {
  series_.clear();
  index_.clear();
}

std::vector<series> memory_storage::select(const std::vector<matcher>& ms,
                                           int64_t min_t, int64_t max_t) {
  std::vector<series> out;
  for (auto& e : series_) {
    bool match = std::all_of(ms.begin(), ms.end(), [&](const matcher& m) {
      return m.matches(get_label(e.lbls, m.name));
    });
    if (!match)
      continue;
    if (!e.sorted) {
      // A later point at the same time replaces the earlier one; the same
      // bucket fetched for two selectors is one bucket.
      keep_last_per_time(e.points, [](auto& p) { return p.first; });
      keep_last_per_time(e.summaries, [](auto& s) { return s.start; });
      e.sorted = true;
    }
    series s{e.lbls, {}, {}, {}};
    auto lo = std::lower_bound(e.points.begin(), e.points.end(), min_t,
                               [](const std::pair<int64_t, double>& p,
                                  int64_t t) { return p.first < t; });
    for (auto i = lo; i != e.points.end() && i->first <= max_t; ++i) {
      s.t_ms.push_back(i->first);
      s.v.push_back(i->second);
    }
    for (auto& sm : e.summaries)
      if (sm.start <= max_t && sat_add(sm.start, sm.width) > min_t)
        s.summaries.push_back(sm);
    if (!s.t_ms.empty() || !s.summaries.empty())
      out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(),
            [](const series& a, const series& b) { return a.lbls < b.lbls; });
  return out;
}

} // namespace timeless::promql
