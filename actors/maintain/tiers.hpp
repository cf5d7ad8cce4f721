#pragma once

// Tier buckets: fixed epoch-aligned widths or UTC calendar months, and the
// checks a tier list must pass before a store opens with it.

#include <cstdint>
#include <vector>

#include <caf/error.hpp>

#include "timeless/options.hpp"

namespace timeless::detail {

/// Start (ms) of the bucket of `tier` holding `ts`. Calendar months use the
/// proleptic Gregorian calendar in UTC.
int64_t tier_bucket_start(const tier_options& tier, int64_t ts);

/// Start of the bucket after the one starting at `start`; INT64_MAX when it
/// would lie beyond the int64 range.
int64_t tier_bucket_next(const tier_options& tier, int64_t start);

/// The widest bucket of the tier in ms (31 days for calendar months).
int64_t tier_max_width(const tier_options& tier);

/// Checks a tier list: names of 1 to 32 letters, digits or '_', unique;
/// fixed resolutions positive; retentions positive; finest first, each
/// tier's buckets nested in the next one's (a fixed width divides the next
/// width; a calendar-month tier is last, after a width that divides a day).
/// Nesting lets a tier's changes be computed from the finer tier's.
caf::error validate_tiers(const std::vector<tier_options>& tiers);

} // namespace timeless::detail
