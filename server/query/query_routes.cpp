// GET|POST /api/v1/query and /api/v1/query_range (also under /prometheus):
// PromQL queries as Prometheus' HTTP API answers them. The handler reads
// the parameters (query_params.hpp) on the connection's strand and hands
// everything else to a query job (query_job.hpp): parsing, the prefetch
// from the store and the evaluation run off the I/O threads; the answer
// comes back on the strand.

#include <algorithm>
#include <string>

#include "formats/error_text.hpp"
#include "server/http/response.hpp"
#include "server/query/query_job.hpp"
#include "server/query/query_params.hpp"
#include "server/routes/routes.hpp"
#include "server/routes/series_params.hpp"

namespace timeless::server {

namespace {

void run_query(const exchange_ptr& x, bool range) {
  auto req = parse_query_request(x->params, range, system_now_ms());
  if (!req) {
    x->reply(prom_error_response(http::status::bad_request, "bad_data",
                                 formats::error_text(req.error())));
    return;
  }
  auto& opts = x->env.opts;
  if (req->query.size() > opts.max_query_length) {
    x->reply(prom_error_response(http::status::bad_request, "bad_data",
                                 "invalid parameter \"query\": the query is " +
                                     std::to_string(req->query.size()) +
                                     " bytes long, at most " +
                                     std::to_string(opts.max_query_length) +
                                     " are allowed (--max-query-length)"));
    return;
  }
  auto timeout = opts.query_timeout;
  if (req->timeout.count() > 0)
    timeout = std::min(timeout, req->timeout);
  query_job_spec spec;
  spec.req = std::move(*req);
  spec.max_samples = opts.query_max_samples;
  spec.max_series = opts.max_series_per_query;
  spec.deadline = std::chrono::steady_clock::now() + timeout;
  run_query_job(x->env.bridge, x->ex, std::move(spec),
                [x](response_type res) { x->reply(std::move(res)); });
}

} // namespace

void add_query_routes(router& r) {
  r.add_reader("/api/v1/query", {http::verb::get, http::verb::post},
               [](const exchange_ptr& x) { run_query(x, false); });
  r.add_reader("/api/v1/query_range", {http::verb::get, http::verb::post},
               [](const exchange_ptr& x) { run_query(x, true); });
}

} // namespace timeless::server
