#pragma once

// One PromQL query, from its text to the HTTP answer, off the I/O threads.
//
// `run_query_job` returns at once. It spawns a detached CAF actor (its own
// thread, so a long evaluation holds neither an Asio I/O thread nor one of
// the CAF workers the store's actors run on) that:
//
// 1. parses the query (promql::parse) and lists its selections
//    (promql::selections: each selector with the exact window the
//    evaluation reads);
// 2. prefetches every selection from the store, at most
//    `max_fetches_in_flight` requests at once: a selector with a
//    `__name__="m"` matcher is one raw query for metric m; any other (e.g.
//    `{job="x"}`, `{__name__=~"cpu.*"}`) first lists the metric names
//    (once per query), keeps those its `__name__` matchers accept and asks
//    for each of them. The other matchers go to the store as its own
//    matcher types (=, !=, =~, !~ map one to one; both are anchored RE2);
//    the evaluator applies the full selector again on the fetched data.
//    Identical (selector, window) fetches are made once;
// 3. puts the answers into a promql::memory_storage and evaluates
//    (eval_instant / eval_range) with the sample limit and the deadline
//    (eval_options::cancelled);
// 4. renders the answer (prom_json.hpp) and posts it onto the caller's
//    strand, where `done` runs.
//
// Answers: 200 success; 400 bad_data (parse error, a range query of a
// non-scalar, non-instant-vector expression); 422 execution (an evaluation
// error, more than `max_samples` points fetched); 503 timeout (the
// deadline passed while fetching or evaluating); a store failure as
// `store_failure` maps it.

#include <chrono>
#include <cstdint>
#include <functional>

#include "server/query/query_params.hpp"
#include "server/routes/exchange.hpp"

namespace timeless::server {

/// Store requests of one query in flight at once.
inline constexpr size_t max_fetches_in_flight = 8;

/// What a query job runs.
struct query_job_spec {
  query_request req;
  /// The most points the prefetch may bring in, and eval_options'
  /// max_samples.
  int64_t max_samples = 50'000'000;
  /// The most series the fetch may load (server_options).
  size_t max_series = 300'000;
  std::chrono::steady_clock::time_point deadline;
};

/// Runs `spec` as described above and calls `done` on `ex` with the
/// answer. Never blocks.
void run_query_job(const store_bridge& bridge, strand_type ex,
                   query_job_spec spec,
                   std::function<void(response_type)> done);

} // namespace timeless::server
