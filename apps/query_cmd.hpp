#pragma once

// `timeless query`: the raw points, or bucketed aggregates, of the series a
// selector matches, as a readable table, JSON or CSV.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <caf/error.hpp>

#include "timeless/messages.hpp"
#include "timeless/options.hpp"

namespace timeless::apps {

/// How `timeless query` prints its answer.
enum class output_format : uint8_t { table, json, csv };

/// What to query.
struct query_config {
  store_options store;
  std::string selector;
  int64_t from = INT64_MIN;
  int64_t to = INT64_MAX;
  /// With `agg`: the bucket width (ms); 0 picks `default_step_ms`.
  int64_t step = 0;
  /// Without: raw points.
  std::optional<aggregate_fn> agg;
  output_format format = output_format::table;
};

/// The step used when none is given: with both ends of the range given,
/// the smallest of 1s, 5s, 10s, 30s, 1m, 5m, 10m, 30m, 1h, 3h, 6h, 12h,
/// 1d, 7d, 30d, 365d that splits it into at most 100 buckets (365d for
/// wider ranges); otherwise 1h.
int64_t default_step_ms(int64_t from, int64_t to);

/// Opens the existing store (never creates one), runs the query and prints
/// the answer to `out`. Fails on a bad selector, a missing or locked store
/// or a failed query, before printing anything.
caf::error run_query(const query_config& cfg, std::ostream& out);

/// Raw points as a table: per series a header line, then time (RFC 3339
/// UTC) and value columns; "no series matched" when empty.
void print_points_table(const std::vector<series_points>& xs,
                        std::ostream& out);

/// Buckets as a table, like `print_points_table`, headed with the function
/// and step.
void print_buckets_table(const std::vector<series_buckets>& xs, aggregate_fn fn,
                         int64_t step, std::ostream& out);

/// One JSON array of {"metric":{...},"values":[...],"timestamps":[...]}
/// objects (timestamps of buckets are their starts).
void print_points_json(const std::vector<series_points>& xs, std::ostream& out);

/// CSV (RFC 4180) with the header `series,timestamp,value`; the series in
/// Prometheus form, timestamps in ms.
void print_points_csv(const std::vector<series_points>& xs, std::ostream& out);

/// Buckets as series_points: timestamps are the buckets' starts.
std::vector<series_points> to_points(std::vector<series_buckets> xs);

} // namespace timeless::apps
