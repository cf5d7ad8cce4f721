#pragma once

// The query router of the store actor: an aggregate reads raw points (memory
// and segments) from the seam on and rollup tier rows before it, falling back
// to coarser tiers where finer rows have expired, and stitches the parts in
// bucket order (docs/architecture.md, "The query router").

#include <caf/response_promise.hpp>

#include "actors/read/read_path.hpp"
#include "timeless/messages.hpp"

namespace timeless::detail {

/// Answers `q` through `rp`: all raw without tiers, or when `q.from` is at
/// or after the raw horizon (no raw point of the range was deleted).
void answer_aggregate(store_ptr self, agg_query q, caf::response_promise rp);

} // namespace timeless::detail
