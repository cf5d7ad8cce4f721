#pragma once

// The *_over_time functions a rollup tier can answer: where a series' raw
// points were deleted by retention, the server gives the evaluator the
// tier's buckets as `summary` values (storage.hpp), and
// avg|min|max|sum|count|last_over_time combine them with the raw points
// still kept. A summary belongs to the window [lo, hi] of a step when
// lo <= start < hi: exact when hi and the range are multiples of the
// tier's resolution (a range query whose step and range are, over a
// tier of 1 m, 5 m or 1 h), otherwise the buckets at the two edges count
// wholly or not at all. docs/promql.md has the rules.

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "promql/storage.hpp"
#include "promql/value.hpp"

namespace timeless::promql {

/// True for the functions that read summaries.
bool reads_summaries(std::string_view name);

/// The summaries of `ss` (sorted by start) with lo <= start < hi.
std::span<const summary> summaries_in(const std::vector<summary>& ss,
                                      int64_t lo, int64_t hi);

/// `name` (one of reads_summaries) over the summaries `ss` and the raw
/// points `ps` that follow them; nothing when both are empty.
std::optional<double> over_time(std::string_view name,
                                std::span<const summary> ss,
                                std::span<const point> ps);

} // namespace timeless::promql
