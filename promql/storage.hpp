#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "promql/labels.hpp"
#include "promql/matcher.hpp"

namespace timeless::promql {

/// The summary of a series' points in [start, start + width): a rollup
/// tier's bucket, standing in for raw points that were deleted. Only
/// avg|min|max|sum|count|last_over_time read summaries (summaries.hpp);
/// every other function sees raw points only.
struct summary {
  int64_t start = 0; ///< ms
  int64_t width = 0; ///< ms, > 0
  uint64_t count = 0;
  double sum = 0;
  double min = 0; ///< over the non-NaN values; NaN if all were NaN
  double max = 0;
  double last = 0; ///< the value at the highest timestamp
};

/// One series: its label set (sorted by name, `__name__` included), its
/// points sorted by time (a stale marker, see `stale_nan`, is a point) and
/// the summaries of older times, sorted by start and all before the first
/// point.
struct series {
  labels lbls;
  std::vector<int64_t> t_ms;
  std::vector<double> v;
  std::vector<summary> summaries;
};

/// The evaluator's only source of data: synchronous and in memory, so the
/// evaluator never does I/O. The server prefetches each `selection` (see
/// selections.hpp) asynchronously into a `memory_storage` and evaluates on
/// that.
class storage {
 public:
  virtual ~storage();

  /// All series matching every matcher, with their points in
  /// [min_t, max_t] (ms, inclusive) sorted by time and the summaries that
  /// overlap that window. Series with neither in the window may be
  /// returned or left out.
  virtual std::vector<series> select(const std::vector<matcher>& ms,
                                     int64_t min_t, int64_t max_t) = 0;
};

/// A storage over series held in memory (for tests and prefetched data).
/// `select` sorts lazily, so one instance must not be used by two threads
/// at once.
class memory_storage : public storage {
 public:
  /// Adds a point; points of one series may arrive in any order and a
  /// later point at the same time replaces the earlier one. `ls` need not
  /// be sorted.
  void add(labels ls, int64_t t_ms, double v);

  /// Adds a whole series (merged with an existing one of the same labels),
  /// summaries included: a later summary with the same start replaces an
  /// earlier one; summaries of one series must be of one tier.
  void add(const series& s);

  /// Removes everything.
  void clear();

  std::vector<series> select(const std::vector<matcher>& ms, int64_t min_t,
                             int64_t max_t) override;

 private:
  struct entry {
    labels lbls;
    std::vector<std::pair<int64_t, double>> points;
    std::vector<summary> summaries;
    bool sorted = true;
  };
  entry& find_or_add(labels ls);
  std::vector<entry> series_;
  std::map<labels, size_t> index_;
  size_t last_ = 0; ///< the series added to last
};

} // namespace timeless::promql
