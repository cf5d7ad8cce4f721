#pragma once

// Asking the store which series the selectors of a read request select,
// for the export and metadata routes (export.cpp, labels.cpp):
//
// - `resolve_selectors` turns the request's selectors into store selectors
//   (series_params.hpp, expand_selectors), asking the store for its metric
//   names once when a selector names no metric exactly (`{job="x"}`,
//   `{__name__=~"cpu.*"}`);
// - `list_series` lists the series of store selectors: every series the
//   store knows (`series_atom`), or, for a ranged request, only those with
//   a point in [from, to] (`query_atom` over the range, as Prometheus
//   lists only series with samples in the range). The ranged form reads
//   the points of the range, so its cost grows with the range.
//
// Both run their store requests one after the other from callbacks on the
// connection's strand (common.hpp, in_sequence).

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/error.hpp>
#include <caf/expected.hpp>

#include "server/routes/exchange.hpp"
#include "server/routes/series_params.hpp"
#include "timeless/labels.hpp"
#include "timeless/selector.hpp"

namespace timeless::server {

using selectors_ptr = std::shared_ptr<const std::vector<selector>>;

/// Calls `done` with the store selectors of `sels`, or the store's error.
void resolve_selectors(const exchange_ptr& x, std::vector<series_selector> sels,
                       std::function<void(caf::expected<selectors_ptr>)> done);

/// Calls `each(metric, labels)` for every series of every selector (a
/// series two selectors select comes twice), then `done` with the first
/// store error or none. With `ranged`, only series with a point in
/// [from, to].
void list_series(const exchange_ptr& x, selectors_ptr sels, bool ranged,
                 int64_t from, int64_t to,
                 std::function<void(const std::string&, const label_set&)> each,
                 std::function<void(caf::error)> done);

/// One store selector per name in `metric_names`, without matchers: every
/// series.
selectors_ptr every_metric(const std::vector<std::string>& metric_names);

} // namespace timeless::server
