#pragma once

// The query router's arithmetic: which tier serves the part of an
// aggregate before the raw horizon, where tier rows end and raw points
// begin, and how tier rows become bucket values.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "actors/common/internal.hpp"
#include "timeless/aggregate.hpp"

namespace timeless::detail {

/// How an aggregate with step `step` reads tier rows.
struct tier_plan {
  /// Index of the tier in the configured list.
  size_t tier = 0;
  /// True: each row goes to the step bucket holding it (the tier's width
  /// divides the step, so the answer is exact). False: each row is its own
  /// bucket, labelled with its start (the finest tier is coarser than the
  /// step, or does not divide it; only where raw data is gone).
  bool rebucket = false;
  /// Rows with bucket < seam come from the tier, points at or after it
  /// from raw segments. seam >= the raw horizon, and no bucket of the
  /// answer has parts on both sides.
  int64_t seam = 0;
};

/// The plan for an aggregate of step `step` (> 0) over a store whose raw
/// points before `horizon` may be gone: the coarsest tier whose width
/// divides the step, else the finest tier. `tiers` is not empty.
tier_plan plan_tier_read(const std::vector<tier_slot>& tiers, int64_t step,
                         int64_t horizon);

/// Appends to `out` one value per bucket of the rows of one series (sorted
/// by bucket), per `plan`, in ascending bucket order. avg = sum of sums /
/// sum of counts; min, max, count, sum combine exactly; first and last are
/// the values at the lowest and highest timestamp; increase and rate treat
/// each row as its first and last point (growth inside a row between them
/// is counted; dips inside a row are not seen).
void aggregate_rows(std::span<const db::rollup_row> rows, const tier_plan& plan,
                    int64_t step, aggregate_fn fn,
                    std::vector<bucket_value>& out);

} // namespace timeless::detail
