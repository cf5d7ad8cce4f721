#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "promql/labels.hpp"
#include "promql/matcher.hpp"

namespace timeless::promql {

/// One series: its label set (sorted by name, `__name__` included) and its
/// points sorted by time. A stale marker (see `stale_nan`) is a point.
struct series {
  labels lbls;
  std::vector<int64_t> t_ms;
  std::vector<double> v;
};

/// The evaluator's only source of data: synchronous and in memory, so the
/// evaluator never does I/O. The server prefetches each `selection` (see
/// selections.hpp) asynchronously into a `memory_storage` and evaluates on
/// that.
class storage {
 public:
  virtual ~storage();

  /// All series matching every matcher, with their points in
  /// [min_t, max_t] (ms, inclusive) sorted by time. Series without points
  /// in the window may be returned or left out.
  virtual std::vector<series> select(const std::vector<matcher>& ms,
                                     int64_t min_t, int64_t max_t) = 0;
};

/// A storage over series held in memory (for tests and prefetched data).
class memory_storage : public storage {
 public:
  /// Adds a point; points of one series may arrive in any order and a
  /// later point at the same time replaces the earlier one. `ls` need not
  /// be sorted.
  void add(labels ls, int64_t t_ms, double v);

  /// Adds a whole series (merged with an existing one of the same labels).
  void add(const series& s);

  /// Removes everything.
  void clear();

  std::vector<series> select(const std::vector<matcher>& ms, int64_t min_t,
                             int64_t max_t) override;

 private:
  struct entry {
    labels lbls;
    std::vector<std::pair<int64_t, double>> points;
    bool sorted = true;
  };
  entry& find_or_add(labels ls);
  std::vector<entry> series_;
  std::map<labels, size_t> index_;
};

} // namespace timeless::promql
